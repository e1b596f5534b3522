"""Stage ``lower``: raw botocore model dict -> :class:`generator.model.ir.Service`.

Reads the same JSON that botocore's ``ServiceModel`` wraps (through :mod:`generator.model.load`)
but builds the frozen IR in one pass, which is much faster than resolving every shape through
botocore's model classes. Recursion is computed once as the set of shapes on a cycle.
"""

from __future__ import annotations

from typing import Any

from generator.caches import per_service
from generator.errors import SdkParityError
from generator.model.ir import Constraints, Kind, Member, Operation, Paginator, Service, Shape
from generator.model.load import RawModel, load_raw, resolve_protocol, suggest
from generator.model.sanity import check_model

_SIMPLE_KINDS: dict[str, Kind] = {
    "string": "string",
    "integer": "integer",
    "long": "long",
    "float": "float",
    "double": "double",
    "boolean": "boolean",
    "blob": "blob",
    "timestamp": "timestamp",
    "bigdecimal": "double",
    "biginteger": "long",
    "byte": "integer",
    "short": "integer",
}


def _member(name: str, ref: dict[str, Any], required: bool) -> Member:
    return Member(
        name=name,
        target=ref["shape"],
        required=required,
        documentation=ref.get("documentation", ""),
        location=ref.get("location", ""),
        location_name=ref.get("locationName", ""),
        idempotency_token=bool(ref.get("idempotencyToken")),
        host_label=bool(ref.get("hostLabel")),
        deprecated=bool(ref.get("deprecated")),
        jsonvalue=bool(ref.get("jsonvalue")),
        event_payload=bool(ref.get("eventpayload")),
        context_param=bool(ref.get("contextParam")),
        streaming=bool(ref.get("streaming")),
    )


def _constraints(raw: dict[str, Any]) -> Constraints:
    return Constraints(
        min=raw.get("min"),
        max=raw.get("max"),
        pattern=raw.get("pattern"),
        enum=tuple(raw.get("enum", ())),
    )


def lower_shape(name: str, raw: dict[str, Any]) -> Shape:
    type_name = raw["type"]
    common: dict[str, Any] = {
        "name": name,
        "documentation": raw.get("documentation", ""),
        "constraints": _constraints(raw),
        "sensitive": bool(raw.get("sensitive")),
        "deprecated": bool(raw.get("deprecated")),
    }
    if type_name == "structure":
        required = set(raw.get("required", ()))
        members = tuple(
            _member(m, ref, m in required) for m, ref in raw.get("members", {}).items()
        )
        if raw.get("document"):
            return Shape(kind="document", **common)
        kind: Kind = "union" if raw.get("union") else "structure"
        return Shape(
            kind=kind,
            members=members,
            event_stream=bool(raw.get("eventstream")),
            error=bool(raw.get("exception") or raw.get("error")),
            payload=raw.get("payload", ""),
            **common,
        )
    if type_name == "list":
        return Shape(kind="list", item=_member("member", raw["member"], True), **common)
    if type_name == "map":
        return Shape(
            kind="map",
            key=_member("key", raw["key"], True),
            value=_member("value", raw["value"], True),
            **common,
        )
    if type_name == "string" and raw.get("enum"):
        return Shape(kind="enum", **common)
    kind_simple = _SIMPLE_KINDS.get(type_name)
    if kind_simple is None:
        raise SdkParityError(f"unsupported shape type '{type_name}'", path=name)
    return Shape(
        kind=kind_simple,
        streaming=bool(raw.get("streaming")),
        timestamp_format=raw.get("timestampFormat", ""),
        **common,
    )


def find_recursive(shapes: dict[str, Shape]) -> frozenset[str]:
    """Shapes that lie on a reference cycle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: set[str] = set()
    counter = 0
    for root in sorted(shapes):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_i = work.pop()
            if child_i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = [c for c in shapes[node].targets() if c in shapes]
            if child_i < len(children):
                work.append((node, child_i + 1))
                child = children[child_i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1 or node in shapes[node].targets():
                    result.update(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return frozenset(result)


def _paginator(raw: dict[str, Any] | None) -> Paginator | None:
    if not raw:
        return None

    def tup(value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        return tuple(value) if isinstance(value, list) else (str(value),)

    return Paginator(
        input_token=tup(raw.get("input_token")),
        output_token=tup(raw.get("output_token")),
        limit_key=raw.get("limit_key", "") or "",
        result_keys=tup(raw.get("result_key")),
    )


def lower_model(raw: RawModel) -> Service:
    check_model(raw.name, raw.service)
    model = raw.service
    meta = model.get("metadata", {})
    shapes = {name: lower_shape(name, body) for name, body in model.get("shapes", {}).items()}
    operations: dict[str, Operation] = {}
    for op_name, body in model.get("operations", {}).items():
        http = body.get("http", {})
        operations[op_name] = Operation(
            name=op_name,
            input=body.get("input", {}).get("shape"),
            output=body.get("output", {}).get("shape"),
            errors=tuple(e["shape"] for e in body.get("errors", ())),
            documentation=body.get("documentation", ""),
            http_method=http.get("method", "POST"),
            request_uri=http.get("requestUri", "/"),
            host_prefix=body.get("endpoint", {}).get("hostPrefix", ""),
            deprecated=bool(body.get("deprecated")),
            paginator=_paginator(raw.paginators.get(op_name)),
            auth_type=body.get("authtype", ""),
        )
    return Service(
        name=raw.name,
        service_id=meta.get("serviceId", raw.name),
        full_name=meta.get("serviceFullName", meta.get("serviceId", raw.name)),
        api_version=meta.get("apiVersion", ""),
        protocol=resolve_protocol(meta),
        protocols=tuple(meta.get("protocols") or [meta.get("protocol", "json")]),
        endpoint_prefix=meta.get("endpointPrefix", raw.name),
        signing_name=meta.get("signingName", meta.get("endpointPrefix", raw.name)),
        target_prefix=meta.get("targetPrefix", ""),
        documentation=model.get("documentation", ""),
        shapes=shapes,
        operations=dict(sorted(operations.items())),
        recursive=find_recursive(shapes),
    )


@per_service(maxsize=32)
def load_service(name: str) -> Service:
    """Load and lower one service (cached per process)."""
    return lower_model(load_raw(name))


def get_operation(service: Service, name: str) -> Operation:
    if name in service.operations:
        return service.operations[name]
    ops = list(service.operations)
    raise SdkParityError(
        f"unknown operation '{name}' of service '{service.name}'{suggest(name, ops)}",
        path=f"{service.name}:{name}",
    )
