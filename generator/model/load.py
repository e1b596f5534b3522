"""Stage ``load``: find a service in the standalone botocore's data and read its raw model.

Input: a service name (the botocore data directory name) or a path to a ``service-2.json``.
Output: the decoded model dict plus its paginators, read through botocore's own ``Loader``.
Only the requested service is decoded; listing services reads directory names, never models.
This process must never import ``awscli`` (its import hook swaps in an older botocore).
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from botocore.exceptions import DataNotFoundError
from botocore.loaders import Loader, create_loader

from generator.caches import per_service
from generator.errors import SdkParityError

PROTOCOL_PRIORITY = ("json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2")


@dataclass(frozen=True)
class RawModel:
    """The JSON documents botocore ships for one service."""

    name: str
    service: dict[str, Any]
    paginators: dict[str, Any]


@per_service(maxsize=1)  # its instance cache holds every decoded model
def loader() -> Loader:
    """botocore's loader with the search paths boto3 uses: ``AWS_DATA_PATH`` (models added
    or replaced by the user), ``~/.aws/models`` and the data botocore ships."""
    return create_loader(os.environ.get("AWS_DATA_PATH"))


@lru_cache(maxsize=1)
def service_names() -> tuple[str, ...]:
    """All services that have a ``service-2`` model, sorted."""
    return tuple(sorted(loader().list_available_services("service-2")))


def suggest(name: str, candidates: tuple[str, ...] | list[str]) -> str:
    """`` (did you mean X?)`` for the closest candidates, or an empty string."""
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def resolve_service_name(name: str) -> str:
    names = service_names()
    if name in names:
        return name
    raise SdkParityError(f"unknown service '{name}'{suggest(name, names)}", path=name)


@per_service(maxsize=64)
def load_raw(name: str) -> RawModel:
    """Load one service's model (by botocore name or by a path to a service-2.json file)."""
    path = Path(name)
    if name.endswith(".json") and path.is_file():
        try:
            service = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            raise SdkParityError(f"cannot read model file: {type(exc).__name__}", path=name) from None
        if not isinstance(service, dict) or "operations" not in service:
            raise SdkParityError("not a botocore service-2 model", path=name)
        pag_path = path.with_name("paginators-1.json")
        paginators: dict[str, Any] = {}
        if pag_path.is_file():
            paginators = json.loads(pag_path.read_text(encoding="utf-8")).get("pagination", {})
        return RawModel(path.parent.parent.name or path.stem, service, paginators)
    return read_raw(loader(), resolve_service_name(name))


def read_raw(data_loader: Loader, service_name: str) -> RawModel:
    """One service's model and paginators through ``data_loader`` (any botocore data folder:
    ``sdk-parity diff`` reads another release's with a loader of its own)."""
    try:
        service = data_loader.load_service_model(service_name, "service-2")
        api_version = service["metadata"]["apiVersion"] if isinstance(service, dict) else None
        try:
            pag = data_loader.load_service_model(service_name, "paginators-1", api_version)
            paginators = pag.get("pagination", {})
        except DataNotFoundError:
            paginators = {}
    except (ValueError, RecursionError, KeyError, TypeError, AttributeError, OSError) as exc:
        # a corrupted model on the search path (truncated JSON, nesting too deep, wrong types)
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise SdkParityError(f"cannot read the model: {reason}", path=service_name) from None
    if not isinstance(paginators, dict):
        paginators = {}
    return RawModel(service_name, service, paginators)


def read_optional(
    data_loader: Loader, service_name: str, type_name: str, api_version: str | None = None
) -> dict[str, Any]:
    """A service's optional document (``waiters-2``, ``examples-1``) through ``data_loader``;
    an empty dict when the service has none or it is not a JSON object."""
    try:
        data = data_loader.load_service_model(service_name, type_name, api_version or None)
    except (DataNotFoundError, ValueError, RecursionError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def resolve_protocol(metadata: dict[str, Any]) -> str:
    """The protocol botocore uses: the first of its priority list the model offers."""
    offered = metadata.get("protocols") or []
    for protocol in PROTOCOL_PRIORITY:
        if protocol in offered:
            return protocol
    return str(metadata.get("protocol", "json"))
