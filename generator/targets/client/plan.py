"""Target ``client``, planning: which shapes a typed client needs and what they are called.

Input: the service IR and the operations to cover. Output: a :class:`Plan` - the operations,
every shape reachable from their inputs, outputs and errors, which of those shapes a response
can carry (``outbound``: their fields read as optional and their enum fields accept values
the model does not know) and which a request can (``inbound``: their constructors keep the
model's required members required), and the package's naming table - classes, enums and
their ``Literal`` aliases, union members, the ``TypedDict`` dict form of each structure and
union, and the ``TypedDict`` of each operation's keyword arguments. Names come from :mod:`generator.naming.python`; this module only
resolves collisions inside one package, in a fixed order so the output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import SdkParityError, UnsupportedError
from generator.model.ir import Member, Operation, Service, Shape
from generator.model.load import suggest
from generator.naming import python as names

# Names every generated module may import or define; model classes never take them.
FIXED_NAMES = (
    "Any",
    "Iterator",
    "Literal",
    "Mapping",
    "StrEnum",
    "TypeAlias",
    "dataclass",
    "datetime",
    "JsonValue",
    "ByteStream",
    "ParamValidationError",
    "Problem",
    "ResponseParseError",
    "WaiterConfig",
    "WaiterError",
    "ERRORS",
    "Engine",
    "SERVICE_NAME",
    "ClientErrorBase",
    "Boto3Client",
    "Boto3Session",
    "BotocoreConfig",
    "Paging",
    "PageIterator",
    "ItemIterator",
    "ResponseMetadata",
    "EventStream",
)

# Attributes every structure has (conversion) and every result has (the raw response).
STRUCTURE_ATTRS = frozenset({"to_boto3", "from_boto3"})
RESULT_ATTRS = frozenset({"boto3_response", "response_metadata"})


@dataclass(frozen=True)
class Plan:
    """What one generated package contains and what everything in it is called."""

    service: Service
    operations: tuple[Operation, ...]
    shapes: frozenset[str]
    outbound: frozenset[str]
    inbound: frozenset[str]
    structures: tuple[str, ...]
    enums: tuple[str, ...]
    unions: tuple[str, ...]
    errors: tuple[str, ...]
    waiters: tuple[tuple[str, str], ...]
    classes: dict[str, str] = field(repr=False)
    literals: dict[str, str] = field(repr=False)
    variants: dict[tuple[str, str], str] = field(repr=False)
    unknowns: dict[str, str] = field(repr=False)
    results: frozenset[str] = field(repr=False)
    error_classes: dict[str, str] = field(repr=False)
    fields: dict[str, dict[str, str]] = field(repr=False)
    dicts: dict[str, str] = field(repr=False)
    kwargs: dict[str, str] = field(repr=False)
    client_class: str = ""
    base_error: str = ""

    def shape(self, name: str) -> Shape:
        return self.service.shapes[name]

    def json_text(self, ref: Member) -> bool:
        """True if the member holds JSON as text (``jsonvalue`` on a string), typed ``JsonValue``.
        botocore honours ``jsonvalue`` on strings only: on a blob (sagemaker-gateway-runtime's
        ``Body`` payload) the bytes are sent and returned as they are, so the member stays bytes."""
        return ref.jsonvalue and self.shape(ref.target).kind == "string"

    def field(self, shape_name: str, member_name: str) -> str:
        return self.fields[shape_name][member_name]

    def requested(self, shape_name: str) -> bool:
        """Whether a request can carry the shape: its constructor and its dict form keep
        the model's required members required (a shape only responses carry reads and
        builds as optional throughout, since services leave "required" members out)."""
        return shape_name in self.inbound


def unsupported_reason(service: Service, operation: Operation) -> str:
    """Why the typed client leaves an operation out (input event streams), or ``""``.

    Output event streams are read as typed events; sending events is not supported.
    """
    for name in service.reachable([operation.input] if operation.input else []):
        if service.shape(name).event_stream:
            return (
                f"{operation.name} sends an event stream ({name}), which the typed client "
                "does not support"
            )
    return ""


def event_members(service: Service, stream: str) -> list[str]:
    """The events of an event stream; its error members are raised by botocore instead."""
    shape = service.shape(stream)
    return [m.name for m in shape.members if not service.shape(m.target).error]


def select_operations(service: Service, wanted: list[str] | None) -> tuple[Operation, ...]:
    """The operations to cover: the ones asked for (each must be supported), or all supported."""
    if wanted is None:
        return tuple(
            op for op in service.operations.values() if not unsupported_reason(service, op)
        )
    chosen: list[Operation] = []
    for name in wanted:
        if name not in service.operations:
            raise SdkParityError(
                f"unknown operation '{name}'{suggest(name, list(service.operations))}",
                path=f"{service.name}:{name}",
            )
        operation = service.operations[name]
        reason = unsupported_reason(service, operation)
        if reason:
            raise UnsupportedError(reason, path=f"{service.name}:{name}")
        chosen.append(operation)
    return tuple(sorted(chosen, key=lambda op: op.name))


def _field_names(shape: Shape, reserved: frozenset[str]) -> dict[str, str]:
    taken: set[str] = set()
    result: dict[str, str] = {}
    for member in shape.members:
        name = names.field_name(member.name)
        if name in reserved:
            name += "_"
        name = names.unique(name, taken)
        taken.add(name)
        result[member.name] = name
    return result


# Keyword arguments every modeled error class takes besides its own fields.
ERROR_KEYWORDS = frozenset(
    {"error_code", "error_message", "operation_name", "response", "args", "code", "message"}
)


def make_plan(
    service: Service, operations: list[str] | None, waiters: dict[str, str] | None = None
) -> Plan:
    """Select operations and shapes and name everything the package defines."""
    ops = select_operations(service, operations)
    inputs = [op.input for op in ops if op.input]
    outputs = [op.output for op in ops if op.output]
    error_shapes = sorted({e for op in ops for e in op.errors if e in service.shapes})
    shapes = service.reachable([*inputs, *outputs, *error_shapes])
    outbound = service.reachable([*outputs, *error_shapes])
    inbound = service.reachable(inputs)
    streams = {n for n in shapes if service.shape(n).event_stream}
    member_targets = {
        c for n in shapes - streams for c in service.shape(n).targets()
    }
    for stream in streams:
        events = set(event_members(service, stream))
        member_targets |= {m.target for m in service.shape(stream).members if m.name in events}
    member_targets |= set(inputs) | set(outputs)
    kinds = {n: "union" if n in streams else service.shape(n).kind for n in shapes}
    structures = tuple(sorted(n for n in shapes if kinds[n] == "structure" and n in member_targets))
    enums = tuple(sorted(n for n in shapes if kinds[n] == "enum"))
    unions = tuple(sorted(n for n in shapes if kinds[n] == "union"))

    taken: set[str] = set(FIXED_NAMES)
    client = names.unique(names.client_class(service.service_id), taken)
    taken.add(client)
    base_error = names.unique(names.error_base_class(service.service_id), taken)
    taken.add(base_error)

    def claim(wanted: str) -> str:
        name = names.unique(wanted, taken)
        taken.add(name)
        return name

    classes: dict[str, str] = {}
    literals: dict[str, str] = {}
    for name in enums:
        classes[name] = claim(names.class_name(name))
        literals[name] = claim(classes[name] + "Literal")
    for name in structures:
        classes[name] = claim(names.class_name(name))
    variants: dict[tuple[str, str], str] = {}
    unknowns: dict[str, str] = {}
    for name in unions:
        classes[name] = claim(names.class_name(name))
        members = event_members(service, name) if name in streams else [
            m.name for m in service.shape(name).members
        ]
        for member_name in members:
            variants[(name, member_name)] = claim(names.variant_class(classes[name], member_name))
        unknowns[name] = claim("Unknown" + classes[name])
    error_classes = {name: claim(names.class_name(name)) for name in error_shapes}
    dicts = {
        name: claim(classes[name] + "Dict")
        for name in (*structures, *(u for u in unions if u not in streams))
    }
    kwargs = {op.name: claim(names.class_name(op.name) + "Kwargs") for op in ops if op.input}

    results = frozenset(outputs) & frozenset(structures)
    fields = {
        name: _field_names(
            service.shape(name), STRUCTURE_ATTRS | (RESULT_ATTRS if name in results else set())
        )
        for name in (*structures, *unions)
    }
    for name in error_shapes:
        fields[name] = _field_names(service.shape(name), ERROR_KEYWORDS)
    for name in sorted(shapes - fields.keys()):
        if kinds[name] == "structure":  # errors only an event stream names: botocore raises them
            error = service.shape(name).error
            fields[name] = _field_names(service.shape(name), ERROR_KEYWORDS if error else frozenset())
    waiter_list = tuple(
        sorted((w, op) for w, op in (waiters or {}).items() if op in {o.name for o in ops})
    )
    return Plan(
        service=service,
        operations=ops,
        shapes=shapes,
        outbound=outbound,
        inbound=inbound,
        structures=structures,
        enums=enums,
        unions=unions,
        errors=tuple(error_shapes),
        waiters=waiter_list,
        classes=classes,
        literals=literals,
        variants=variants,
        unknowns=unknowns,
        results=results,
        error_classes=error_classes,
        fields=fields,
        dicts=dicts,
        kwargs=kwargs,
        client_class=client,
        base_error=base_error,
    )
