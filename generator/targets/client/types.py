"""Target ``client``, types: the Python type of every shape, as a small expression tree.

Input: a :class:`~generator.targets.client.plan.Plan` and a shape name, with the direction the
value travels. Output: a :class:`TypeExpr` (``list[Tag] | None``) that knows the names it uses
(so imports are computed, never written by hand) and lays itself out as black would
(:mod:`client_layout`).

Two forms of every type. What a field *reads* as (:func:`member_type`): the class of a
structure, ``list`` and ``dict``, an enum coming back as ``Enum | str`` because a service may
add values, and every member of a structure a response can carry ``| None``. What a
parameter or constructor *takes* (:func:`input_type`, :func:`member_input_type`): a structure's
class or its ``TypedDict`` dict form, ``Sequence`` and ``Mapping`` (so a response's ``list``
of results goes back in as it is), an enum as ``Enum | Literal[...]`` (only known values),
and the model's required members required wherever a request can carry the structure.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.targets.client.plan import Plan

SCALARS = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "float": "float",
    "double": "float",
    "boolean": "bool",
    "blob": "bytes",
    "timestamp": "datetime",
    "document": "JsonValue",
}


@dataclass(frozen=True)
class TypeExpr:
    """A name, a subscripted generic (``head[args]``) or, with ``options``, a union."""

    head: str = ""
    args: tuple[TypeExpr, ...] = ()
    options: tuple[TypeExpr, ...] = ()

    def flat(self) -> str:
        if self.options:
            return " | ".join(option.flat() for option in self.options)
        if self.args:
            return f"{self.head}[{', '.join(arg.flat() for arg in self.args)}]"
        return self.head

    def names(self) -> set[str]:
        found = {self.head} if self.head else set()
        for child in (*self.args, *self.options):
            found |= child.names()
        return found

    def optional(self) -> TypeExpr:
        """``self | None`` (flattened when ``self`` is already a union)."""
        parts = self.options if self.options else (self,)
        return TypeExpr(options=(*parts, TypeExpr("None")))


def name(text: str) -> TypeExpr:
    return TypeExpr(text)


def union(*parts: TypeExpr) -> TypeExpr:
    flat: list[TypeExpr] = []
    for part in parts:
        flat.extend(part.options or (part,))
    return flat[0] if len(flat) == 1 else TypeExpr(options=tuple(flat))


def shape_type(plan: Plan, shape_name: str, outbound: bool) -> TypeExpr:
    """The annotation for a value of ``shape_name``; ``outbound`` when a response carries it."""
    shape = plan.shape(shape_name)
    kind = shape.kind
    if shape.event_stream:
        return TypeExpr("EventStream", (name(plan.classes[shape_name]),))
    if kind in ("structure", "union"):
        return name(plan.classes[shape_name])
    if kind == "enum":
        known = name(plan.classes[shape_name])
        return union(known, name("str") if outbound else name(plan.literals[shape_name]))
    if kind == "list":
        assert shape.item is not None
        return TypeExpr("list", (shape_type(plan, shape.item.target, outbound),))
    if kind == "map":
        assert shape.value is not None
        value = shape_type(plan, shape.value.target, outbound)
        return TypeExpr("dict", (name("str"), value))
    if kind == "blob" and shape.streaming:
        return name("ByteStream") if outbound else union(name("bytes"), name("ByteStream"))
    return name(SCALARS[kind])


def member_type(plan: Plan, owner: str, member_name: str, request: bool = False) -> TypeExpr:
    """The annotation of a structure or union field (``| None`` unless required).

    The rule for responses: every member of a structure a response can carry is ``| None``,
    whatever the model says, because services leave out members the model calls required.
    ``request`` asks for the annotation of a request parameter, where required means it.
    """
    shape = plan.shape(owner)
    member = shape.member(member_name)
    assert member is not None
    outbound = owner in plan.outbound
    target = plan.shape(member.target)
    if plan.json_text(member):
        expr = name("JsonValue")
    elif target.kind == "blob" and (target.streaming or shape.payload == member.name):
        # botocore streams every blob payload (``OperationModel.has_streaming_output``)
        expr = name("ByteStream") if outbound else union(name("bytes"), name("ByteStream"))
    else:
        expr = shape_type(plan, member.target, outbound)
    if shape.kind == "union" or shape.event_stream:
        return expr  # a variant holds its value
    required = member.required and (request or owner not in plan.outbound)
    return expr if required else expr.optional()


def input_type(plan: Plan, shape_name: str) -> TypeExpr:
    """What a parameter, constructor or dict form takes for a value of ``shape_name``."""
    shape = plan.shape(shape_name)
    kind = shape.kind
    if shape.event_stream:
        return shape_type(plan, shape_name, True)
    if kind in ("structure", "union"):
        cls = name(plan.classes[shape_name])
        form = plan.dicts.get(shape_name)
        return union(cls, name(form)) if form else cls
    if kind == "enum":
        return union(name(plan.classes[shape_name]), name(plan.literals[shape_name]))
    if kind == "list":
        assert shape.item is not None
        return TypeExpr("Sequence", (input_type(plan, shape.item.target),))
    if kind == "map":
        assert shape.value is not None
        return TypeExpr("Mapping", (name("str"), input_type(plan, shape.value.target)))
    if kind == "blob" and shape.streaming:
        return union(name("bytes"), name("ByteStream"))
    return name(SCALARS[kind])


def member_input_type(plan: Plan, owner: str, member_name: str) -> tuple[TypeExpr, bool]:
    """What a constructor (or method) takes for a member, and whether it must be given:
    the model's required members are required wherever a request can carry ``owner``."""
    shape = plan.shape(owner)
    member = shape.member(member_name)
    assert member is not None
    target = plan.shape(member.target)
    if plan.json_text(member):
        expr = name("JsonValue")
    elif target.kind == "blob" and (target.streaming or shape.payload == member.name):
        expr = union(name("bytes"), name("ByteStream"))
    else:
        expr = input_type(plan, member.target)
    if shape.kind == "union" and not shape.event_stream:
        return expr, True  # a union member's class holds its one value
    return expr, member.required and plan.requested(owner)
