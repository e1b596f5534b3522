"""AWS SDK for JavaScript v3 identifiers: package, client class, command and type names.

Stage: naming/js. Input: plain names from a botocore model (``metadata.serviceId``, operation,
shape and member names). Output: the identifiers the SDK's code generator (smithy-typescript's
``SymbolVisitor`` plus aws-sdk-js-v3's ``AwsServiceIdIntegration``) emits for them. The pinned
client versions live in one place, ``generator/verify/toolchains/js/package.json``.

Rules (see /work/shared/SDK_JS_GO_NOTES.md): the package is ``@aws-sdk/client-`` + the sdkId
lower-cased with spaces as hyphens; the client class is the sdkId's words, each with its first
letter upper-cased, joined, + ``Client``; commands are ``<Op>Command`` typed by
``<Op>CommandInput``; members keep the model's names (only ``__proto__`` is escaped); shape
names that clash with reserved words get a leading ``_`` (``_Object``, ``_Error``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, cast

PACKAGE_JSON = Path(__file__).resolve().parent.parent / "verify" / "toolchains" / "js" / "package.json"
_SDK_DATA = Path(__file__).resolve().parent / "data" / "js.json"
PACKAGE_PREFIX = "@aws-sdk/client-"
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
# Shape names smithy-typescript prefixes with "_" (reserved words and built-in globals that
# generated model code could shadow); the ones an example can name are error classes.
RESERVED_SHAPE_NAMES = frozenset({
    "Array", "ArrayBuffer", "Boolean", "Date", "Error", "Function", "Map", "Math", "Number",
    "Object", "Promise", "Proxy", "Record", "RegExp", "Set", "String", "Symbol", "WeakMap",
    "WeakSet", "JSON", "Buffer", "Uint8Array", "Blob", "ReadableStream", "Exclude", "Partial",
    "Pick", "Readonly", "Required", "Omit",
})  # fmt: skip


@cache
def _pins() -> dict[str, str]:
    data = cast(dict[str, Any], json.loads(PACKAGE_JSON.read_text(encoding="utf-8")))
    return cast(dict[str, str], data.get("dependencies", {}))


@cache
def _sdk() -> dict[str, Any]:
    data = cast(dict[str, Any], json.loads(_SDK_DATA.read_text(encoding="utf-8")))
    return cast(dict[str, Any], data["packages"])


def package(service_id: str) -> str:
    """``DynamoDB`` -> ``@aws-sdk/client-dynamodb``; ``Elastic Load Balancing v2`` ->
    ``@aws-sdk/client-elastic-load-balancing-v2``."""
    return PACKAGE_PREFIX + re.sub(r"\s+", "-", service_id.strip()).lower()


def pinned_version(service_id: str) -> str | None:
    """The client version pinned in the toolchain's package.json, or None (not installed here)."""
    return _pins().get(package(service_id))


def pinned_packages() -> dict[str, str]:
    return dict(_pins())


def paginator(service_id: str, operation: str) -> tuple[str, str, str | None] | None:
    """The pinned client's paginator for the operation, as (input token, output token, page
    size token or None), from ``data/js.json`` (``tools/refresh_js_sdk.py``); None when the
    client exports none or is not pinned here (its paginators cannot be read)."""
    entry = _sdk().get(package(service_id))
    if entry is None or entry["version"] != pinned_version(service_id):
        return None
    found = entry["paginators"].get(operation)
    return None if found is None else (str(found[0]), str(found[1]), found[2])


def paginator_function(operation: str) -> str:
    """``ListDatasets`` -> ``paginateListDatasets``."""
    return f"paginate{operation}"


def client_class(service_id: str) -> str:
    """``SSO OIDC`` -> ``SSOOIDCClient``; ``Route 53`` -> ``Route53Client``."""
    words = [w for w in re.split(r"[\s\-_]+", service_id.strip()) if w]
    return "".join(w[0].upper() + w[1:] for w in words) + "Client"


def command_class(operation: str) -> str:
    return f"{operation}Command"


def input_type(operation: str) -> str:
    return f"{operation}CommandInput"


def shape_class(shape_name: str) -> str:
    """The exported class or interface of a model shape (errors included)."""
    name = shape_name[0].upper() + shape_name[1:]
    return f"_{name}" if name in RESERVED_SHAPE_NAMES else name


def member_key(member: str) -> str:
    """An object-literal key for a model member (quoted when it is not an identifier)."""
    if member == "__proto__":
        return '["__proto__"]'
    return member if _IDENTIFIER.match(member) else json.dumps(member)


def map_key(key: str) -> str:
    """An object-literal key for a map entry: always quoted (keys are data, not identifiers)."""
    return '["__proto__"]' if key == "__proto__" else json.dumps(key, ensure_ascii=True)


def snippet_tag(service_name: str, operation: str) -> str:
    return f"javascript.v3.{service_name}.{operation}"


def file_name(operation: str) -> str:
    """``CreateMetricAttribution`` -> ``create-metric-attribution.js`` (AWS's file naming)."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", operation)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", words)
    return words.lower() + ".js"


# --------------------------------------------------------------------------- scenarios

RESERVED_WORDS = frozenset({
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
    "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import",
    "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
    "typeof", "var", "void", "while", "with", "yield", "let", "static", "implements", "interface",
    "package", "private", "protected", "public", "await", "async", "arguments", "eval",
    "undefined", "main", "runScenario", "input", "response", "caught", "attempt", "status",
})  # fmt: skip


def _camel(words: list[str]) -> str:
    if not words:
        return "value"
    text = words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
    return "value" + text[:1].upper() + text[1:] if text[0].isdigit() else text


def scenario_variable(words: str) -> str:
    """``tableName`` for a scenario variable whose words are ``table-name``."""
    text = _camel([w for w in re.split(r"[^0-9A-Za-z]+", words) if w])
    return text + "_" if text in RESERVED_WORDS else text


def client_variable(service_name: str) -> str:
    """``dynamodb``, ``secretsmanager``, ``resourceGroups``: the client a scenario keeps."""
    return scenario_variable(service_name) + ("Client" if service_name in RESERVED_WORDS else "")


def scenario_file(resource: str) -> str:
    """``dataset-group-basics.js``: a scenario program's file name (AWS's file naming)."""
    return re.sub(r"[^0-9a-z-]+", "-", resource.lower()) + "-basics.js"


def waiter_function(waiter: str) -> str:
    """``waitUntilTableExists``: the client package's function for botocore's waiter."""
    return f"waitUntil{waiter}"


def scenario_routine(kind: str, operation: str, waiter: str, resource: str) -> str:
    """A scenario's function for a call: ``createTable``, ``waitUntilTableExists`` for a
    waiter (named like the SDK's own, which it calls, so ``wait`` in front), ``waitUntil
    DatasetGroupActive`` for a poll, ``findTable`` for the list search."""
    noun = _camel([w for w in re.split(r"[^0-9A-Za-z]+", resource) if w])
    if kind == "wait":
        return "waitFor" + waiter
    if kind == "list":
        return "find" + noun[:1].upper() + noun[1:]
    if kind == "poll":
        state = _camel([w for w in re.split(r"[^0-9A-Za-z]+", waiter) if w])
        return f"waitUntil{noun[:1].upper()}{noun[1:]}{state[:1].upper()}{state[1:]}"
    return operation[:1].lower() + operation[1:]


def scenario_flag(resource: str) -> str:
    """``bucketCreated``: the flag set once a create that returns nothing used later succeeded."""
    return scenario_variable(resource) + "Created"


def scenario_tag(service_name: str, resource: str) -> str:
    """``javascript.v3.dynamodb.Scenario_TableBasics``: the scenario's snippet tag."""
    return f"javascript.v3.{service_name}.Scenario_" + "".join(
        w.title() for w in resource.split("-")) + "Basics"
