"""What the AWS SDK for Java 2.x jars served here lack: operations, shapes and members that the
botocore models have and the SDK module (at the version this machine's Maven mirror serves) does
not, the modules no BOM serves at all, and the members whose builder setter takes another Java
type than the model's type implies (budgets ``Spend.Amount``: ``java.math.BigDecimal``).

Stage ``capabilities``. Input: botocore service, operation, shape and member names. Output:
whether the Java SDK can express them; the Java target refuses (with this reason) what it
cannot, and value synthesis leaves such optional members out. Data: ``naming/data/
java_gaps.json``, made by reflection over the real jars by ``tools/java_sdk_gaps.py``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, cast

GAPS_FILE = Path(__file__).resolve().parents[1] / "naming" / "data" / "java_gaps.json"
DEFAULT_SDK_VERSION = "2.59.1"


@cache
def _gaps() -> dict[str, Any]:
    try:
        return cast(dict[str, Any], json.loads(GAPS_FILE.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}


def _gap_list(table: str, service_name: str) -> frozenset[str]:
    return frozenset(cast(list[str], _gaps().get(table, {}).get(service_name, [])))


def sdk_has_operation(service_name: str, operation: str) -> bool:
    """False when the jar of the service's module (at :func:`sdk_version`) has no synchronous
    client method for the operation: newer than the jar, dropped by the SDK's customization, or
    an event-stream operation (async client only). Keyed by botocore service name (``lambda``,
    ``sso-oidc``) and operation name; True for services without a record."""
    return operation not in _gap_list("operations", service_name)


def sdk_has_shape(service_name: str, shape: str) -> bool:
    """False when no class exists for a structure/union shape (an operation's input or output
    counts as its ``...Request``/``...Response`` class). Botocore names; True when unrecorded."""
    return shape not in _gap_list("shapes", service_name)


def sdk_has_member(service_name: str, shape: str, member: str) -> bool:
    """False when the shape's builder has no method for the member, or the shape has no class
    at all (:func:`sdk_has_shape`). Botocore names; True when unrecorded."""
    members = cast(Mapping[str, list[str]], _gaps().get("members", {}).get(service_name, {}))
    return sdk_has_shape(service_name, shape) and member not in members.get(shape, [])


def sdk_version(service_name: str) -> str:
    """The SDK BOM version the service's module was resolved and probed at (``2.57.8``, or
    ``2.40.2`` for modules served here only at that version); ``2.57.8`` when unrecorded."""
    return str(_gaps().get("sdk_versions", {}).get(service_name, DEFAULT_SDK_VERSION))


def sdk_module_served(service_name: str) -> bool:
    """False when no BOM version tried serves the service's Maven module here (no jar to
    compile an example against); True for served and for unrecorded services."""
    return service_name not in _gaps().get("unavailable", [])


def sdk_member_type(service_name: str, shape: str, member: str) -> str | None:
    """The Java type the member's builder setter takes when it is not the one the Java renderer
    writes for the model's type (budgets ``Spend.Amount``: a string in the model,
    ``java.math.BigDecimal`` in the SDK), as a generic type name without spaces
    (``java.util.Collection<java.lang.Long>``; overloads ``|``-separated); None when the
    setter takes the model's type or nothing is recorded."""
    types = cast(Mapping[str, str], _gaps().get("types", {}).get(service_name, {}))
    return types.get(f"{shape}.{member}")
