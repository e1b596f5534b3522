"""AWS SDK for Rust identifiers: crate, module, client method, setter, type and variant names.

Stage: naming/rust. Input: plain names from a botocore model (``metadata.serviceId``, operation,
shape and member names). Output: the identifiers smithy-rs generates, by its own rules
(``codegen-core`` ``Strings.kt`` ``toSnakeCase``/``toPascalCase``, ``RustReservedWords.kt``),
and what a pinned crate really has, read from ``data/rust.json`` (written by
``python -m tools.refresh_rust_sdk`` from the sources of the crates
``generator/verify/toolchains/rust/Cargo.lock`` pins): each fluent builder's setters and the type
each takes, which structure builders return a ``Result``, enum value -> variant, union variants,
paginators and error variants. None of these last can be read from botocore (Smithy enum member
names, ``@default`` and ``@clientOptional`` are not in it).

Rules: the crate is ``aws-sdk-`` + the sdkId lower-cased without spaces and hyphens, with a
trailing ``service`` or ``api`` dropped (``Resource Groups Tagging API`` ->
``aws-sdk-resourcegroupstagging``); methods and setters are snake case on smithy-rs' word
boundaries (``DescribeDBInstances`` -> ``describe_db_instances``, ``performHPO`` ->
``perform_hpo``); a Rust keyword is a raw identifier (``r#type``), and a structure member named
like a builder method gets ``_value`` (``build_value``); types are Pascal case after Smithy's
snake case (``DBInstance`` -> ``DbInstance``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, cast

from generator.caches import per_service

_DATA_FILE = Path(__file__).with_name("data") / "rust.json"
CRATE_PREFIX = "aws-sdk-"

_KEYWORDS = frozenset(
    "as break const continue crate else enum extern false fn for if impl in let loop match mod "
    "move mut pub ref return self Self static struct super trait true type unsafe use where while "
    "async await dyn abstract become box do final macro override priv typeof unsized virtual "
    "yield try".split()
)
_NOT_RAW = {"crate": "crate_", "super": "super_", "self": "self_", "Self": "SelfValue"}
# structure members named like a builder's or input's own methods (RustReservedWordSymbolProvider)
_STRUCT_RENAMES = {
    name: f"{name}_value"
    for name in ("build", "builder", "default", "send", "make_operation", "presigned",
                 "customize", "meta")
}  # fmt: skip
_COMPLETE_WORDS = ("ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl")


@cache
def _data() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(_DATA_FILE.read_text(encoding="utf-8")))


def crate_suffix(service_id: str) -> str:
    """``Personalize Runtime`` -> ``personalizeruntime``; ``ApiGatewayManagementApi`` ->
    ``apigatewaymanagement``."""
    name = re.sub(r"[\s\-]+", "", service_id).lower()
    for suffix in ("service", "api"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name


def crate(service_id: str) -> str:
    return CRATE_PREFIX + crate_suffix(service_id)


def module(service_id: str) -> str:
    """The crate as a Rust path: ``aws_sdk_personalize``."""
    return crate(service_id).replace("-", "_")


def crate_data(service_id: str) -> dict[str, Any] | None:
    return cast(dict[str, Any] | None, _data()["crates"].get(crate_suffix(service_id)))


def crate_version(service_id: str) -> str | None:
    """The pinned version of the service's crate, or None when it is not pinned here."""
    data = crate_data(service_id)
    return None if data is None else cast(str, data["version"])


def config_version() -> str:
    """The pinned ``aws-config`` version."""
    return cast(str, _data()["aws-config"])


# --- smithy-rs case rules ------------------------------------------------------------------------


def _end_of_acronym(current: str, char: str, peek: str | None, double: str | None) -> bool:
    if not current[-1].isupper() or not char.isupper():
        return False
    if peek is None or not peek.islower():
        return False
    if peek == "s" and (double is None or not double.islower()):
        return False  # ARNs, ACLs
    return not (peek == "v" and double is not None and double.isdigit())  # DynamoDBv2


def split_words(name: str) -> list[str]:
    """smithy-rs' ``splitOnWordBoundaries``: the words of a model name, lower-cased."""
    out: list[str] = []
    current = ""
    all_lower = name.lower() == name
    for index, char in enumerate(name):
        peek = name[index + 1] if index + 1 < len(name) else None
        double = name[index + 2] if index + 2 < len(name) else None
        in_progress = (
            any((current + name[index:]).lower().startswith(word) for word in _COMPLETE_WORDS)
            and current.lower() not in _COMPLETE_WORDS
        )
        boundary = False
        if not char.isalnum():
            if current:
                out.append(current.lower())
            current = ""
            continue
        if not current:
            current = char
            continue
        if not in_progress and char.isupper() and (current[-1].islower() or current[-1].isdigit()):
            boundary = True
        elif not in_progress and all_lower and current[-1].isdigit() and char.islower():
            boundary = True
        elif _end_of_acronym(current, char, peek, double):
            boundary = True
        if boundary:
            out.append(current.lower())
            current = char
        else:
            current += char
    if current:
        out.append(current.lower())
    return out


@per_service(maxsize=4096)
def snake(name: str) -> str:
    """``DescribeDBInstances`` -> ``describe_db_instances``; ``performHPO`` -> ``perform_hpo``
    (cached: a service's member names repeat across its operations)."""
    return "_".join(split_words(name))


def pascal(name: str) -> str:
    """smithy-rs' ``toPascalCase`` (Smithy's ``CaseUtils``): ``DBInstance`` -> ``DbInstance``."""
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    text = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", text)
    text = re.sub(r"[\s\-]", "_", text).lower()
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", text) if part)


def identifier(base: str) -> str:
    """A snake-case name as Rust code writes it: keywords as raw identifiers (``r#type``)."""
    if base in _NOT_RAW:
        return _NOT_RAW[base]
    return f"r#{base}" if base in _KEYWORDS else base


def member_base(member: str, in_structure: bool = True) -> str:
    """The setter's name without ``set_`` or ``r#``: ``build`` -> ``build_value`` in a structure."""
    base = snake(member)
    if in_structure and base in _STRUCT_RENAMES:
        return _STRUCT_RENAMES[base]
    return _NOT_RAW.get(base, base)


def method(operation: str) -> str:
    """The client method (and operation module) of an operation."""
    return snake(operation)


def type_name(shape_name: str) -> str:
    """The ``types`` name of a structure, union or enum shape."""
    return pascal(shape_name)


def variant(member: str) -> str:
    """A union member's variant (``NULL`` -> ``Null``; ``Unknown`` -> ``UnknownValue``)."""
    name = pascal(member)
    return {"Unknown": "UnknownValue", "UnknownValue": "UnknownValue_"}.get(name, name)


# --- what the pinned crate has -------------------------------------------------------------------


def operation(service_id: str, name: str) -> dict[str, Any] | None:
    """The pinned crate's operation table (``setters``, ``paginator``, ``errors``), or None."""
    data = crate_data(service_id)
    return (
        None if data is None else cast(dict[str, Any] | None, data["operations"].get(method(name)))
    )


def structure(service_id: str, shape_name: str) -> dict[str, Any] | None:
    """The pinned crate's builder table of a structure (``setters``, ``fallible``), or None."""
    data = crate_data(service_id)
    return (
        None
        if data is None
        else cast(dict[str, Any] | None, data["structs"].get(type_name(shape_name)))
    )


def enum_variant(service_id: str, shape_name: str, value: str) -> str | None:
    """The variant of an enum value in the pinned crate (``Domain::VideoOnDemand``'s
    ``VideoOnDemand``), or None when the crate is not pinned or has no such variant."""
    data = crate_data(service_id)
    if data is None:
        return None
    return cast(str | None, data["enums"].get(type_name(shape_name), {}).get(value))


def union_variants(service_id: str, shape_name: str) -> dict[str, str] | None:
    """Variant -> the type it holds (``""`` for a unit variant) of a union in the pinned crate."""
    data = crate_data(service_id)
    if data is None:
        return None
    return cast(dict[str, str] | None, data["unions"].get(type_name(shape_name)))


def error_variant(service_id: str, operation_name: str, error_shape: str) -> str | None:
    """The variant of the operation's error enum for a modeled error, or None."""
    table = operation(service_id, operation_name)
    name = type_name(error_shape)
    if table is None or name not in table["errors"]:
        return None
    return name


def snippet_tag(service_name: str, operation_name: str) -> str:
    return f"rust.{service_name}.{operation_name}"
