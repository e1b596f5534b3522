"""Read a Smithy JSON AST into the committed tables, checked against botocore's model.

Input: the parsed JSON AST of one AWS service (``{"smithy": "2.0", "shapes": {...}}``) and
botocore's ``ServiceModel`` of the same service. Output: a :class:`Tables` record:

- ``examples``: ``{operation: [{"title", "documentation", "input", "output", "error"}]}`` from
  each operation's ``smithy.api#examples`` trait, as the model states them;
- ``smoke_tests``: ``{operation: [{"id", "params", "vendorParams", "expect"}]}`` from
  ``smithy.test#smokeTests``; ``expect`` is ``"success"`` or ``{"failure": {"errorId": ...}}``;
- ``resources``: ``{resource: {...}}`` for every ``resource`` shape the service binds
  (identifiers with the input member of each operation that carries them, properties,
  lifecycle operations, other and collection operations, child resources, the ``aws.api#arn``
  template and flags, the ``aws.iam#iamResource`` name);
- ``arn_references``: ``{string shape: {"type", "service", "resource"}}`` from
  ``aws.api#arnReference``;
- ``drift``: one line per disagreement with botocore (an operation or an input member one
  side lacks, an example member that is not one).

Shape ids inside the service's own namespace are written by their name (``TableName``);
others keep their namespace (``smithy.api#String``). Operation names are botocore's: the
shape's name, or the name the service's ``rename`` map gives it. Nothing is repaired: an
example that botocore's model would reject is kept and reported, and the value stage drops it
with its reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.model import ServiceModel, Shape, StructureShape

LIFECYCLE = ("create", "put", "read", "update", "delete", "list")
UNIT = "smithy.api#Unit"


@dataclass
class Tables:
    """What one service's Smithy model adds to botocore's."""

    service: str
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    smoke_tests: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    arn_references: dict[str, dict[str, str]] = field(default_factory=dict)
    drift: list[str] = field(default_factory=list)


class NotThisService(Exception):
    """The AST holds no service shape with the wanted ``sdkId``."""


def service_shape(shapes: Mapping[str, Any], sdk_id: str) -> str:
    """The id of the service shape whose ``aws.api#service`` sdkId is ``sdk_id``."""
    found = [
        sid
        for sid, shape in shapes.items()
        if shape.get("type") == "service"
        and shape.get("traits", {}).get("aws.api#service", {}).get("sdkId") == sdk_id
    ]
    if len(found) != 1:
        raise NotThisService(f"{len(found)} service shapes with sdkId {sdk_id!r}")
    return found[0]


class _Ast:
    """Shape look-ups within one service's closure."""

    def __init__(self, shapes: Mapping[str, Any], service_id: str) -> None:
        self.shapes = shapes
        self.service_id = service_id
        self.namespace = service_id.split("#")[0]
        self.rename: dict[str, str] = dict(shapes[service_id].get("rename") or {})

    def name(self, shape_id: str) -> str:
        """How a shape id is written in the tables."""
        if shape_id in self.rename:
            return self.rename[shape_id]
        namespace, _, local = shape_id.partition("#")
        return local if namespace == self.namespace else shape_id

    def targets(self, shape: Mapping[str, Any], key: str) -> list[str]:
        value = shape.get(key)
        if value is None:
            return []
        if isinstance(value, dict):
            return [str(value["target"])]
        return [str(ref["target"]) for ref in value]

    def resources(self) -> Iterator[str]:
        """Every resource id bound to the service, parents before children, each once."""
        seen: set[str] = set()
        pending = list(reversed(self.targets(self.shapes[self.service_id], "resources")))
        while pending:
            rid = pending.pop()
            if rid in seen or rid not in self.shapes:
                continue
            seen.add(rid)
            yield rid
            pending.extend(reversed(self.targets(self.shapes[rid], "resources")))

    def operations(self) -> list[str]:
        """Every operation id of the service's closure (service and resources), sorted."""
        found = set(self.targets(self.shapes[self.service_id], "operations"))
        for rid in self.resources():
            resource = self.shapes[rid]
            for key in (*LIFECYCLE, "operations", "collectionOperations"):
                found.update(self.targets(resource, key))
        return sorted(found, key=self.name)

    def input_members(self, operation_id: str) -> dict[str, Any]:
        target = self.shapes[operation_id].get("input", {}).get("target", UNIT)
        shape = self.shapes.get(target, {})
        members: dict[str, Any] = shape.get("members", {})
        return members


def _example(ast: _Ast, entry: Mapping[str, Any]) -> dict[str, Any]:
    example: dict[str, Any] = {"title": str(entry.get("title", ""))}
    for key in ("documentation", "input", "output", "allowConstraintErrors"):
        if key in entry:
            example[key] = entry[key]
    if "error" in entry:
        error = dict(entry["error"])
        if "shapeId" in error:
            error["shapeId"] = ast.name(str(error["shapeId"]))
        example["error"] = error
    return example


def _smoke_test(ast: _Ast, entry: Mapping[str, Any]) -> dict[str, Any]:
    expect = entry.get("expect", {})
    outcome: Any = "success"
    if "failure" in expect:
        failure = dict(expect["failure"] or {})
        if "errorId" in failure:
            failure["errorId"] = ast.name(str(failure["errorId"]))
        outcome = {"failure": failure}
    test: dict[str, Any] = {"id": str(entry["id"]), "params": entry.get("params", {})}
    if entry.get("vendorParams"):
        test["vendorParams"] = entry["vendorParams"]
    test["expect"] = outcome
    return test


def _bindings(ast: _Ast, resource: Mapping[str, Any], operations: list[str]) -> dict[str, Any]:
    """{identifier: {"target", "members": {operation: input member}}} of one resource.

    A member carries an identifier when its ``smithy.api#resourceIdentifier`` names it, or
    when it has the identifier's name and targets the same shape (Smithy's implicit binding)."""
    identifiers: dict[str, Any] = {}
    for name, ref in sorted((resource.get("identifiers") or {}).items()):
        target = str(ref["target"])
        members: dict[str, str] = {}
        for op in operations:
            inputs = ast.input_members(op)
            explicit = [
                member
                for member, spec in inputs.items()
                if spec.get("traits", {}).get("smithy.api#resourceIdentifier") == name
            ]
            if explicit:
                members[ast.name(op)] = explicit[0]
            elif name in inputs and inputs[name].get("target") == target:
                members[ast.name(op)] = name
        identifiers[name] = {"target": ast.name(target), "members": dict(sorted(members.items()))}
    return identifiers


def _resource(ast: _Ast, rid: str) -> dict[str, Any]:
    shape = ast.shapes[rid]
    traits = shape.get("traits", {})
    entry: dict[str, Any] = {}
    for key in LIFECYCLE:
        for target in ast.targets(shape, key):
            entry[key] = ast.name(target)
    for key in ("operations", "collectionOperations", "resources"):
        names = sorted(ast.name(t) for t in ast.targets(shape, key))
        if names:
            entry[key] = names
    bound = [t for key in (*LIFECYCLE, "operations", "collectionOperations")
             for t in ast.targets(shape, key)]  # fmt: skip
    entry["identifiers"] = _bindings(ast, shape, sorted(set(bound), key=ast.name))
    properties = shape.get("properties") or {}
    if properties:
        entry["properties"] = {k: ast.name(str(v["target"])) for k, v in sorted(properties.items())}
    if "aws.api#arn" in traits:
        arn = dict(traits["aws.api#arn"])
        entry["arn"] = {
            "template": str(arn.pop("template")),
            "absolute": bool(arn.pop("absolute", False)),
            "noRegion": bool(arn.pop("noRegion", False)),
            "noAccount": bool(arn.pop("noAccount", False)),
            **arn,  # resourceDelimiter, reusable: as the model states them
        }
    iam = traits.get("aws.iam#iamResource", {})
    if iam.get("name"):
        entry["iamResource"] = str(iam["name"])
    return entry


def _unknown_members(value: Any, shape: Shape | None, path: str) -> Iterator[str]:
    """Paths in an example document that name no member of botocore's shape."""
    if shape is None:
        return
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        if shape.metadata.get("document"):
            return
        for key, item in value.items():
            if key not in shape.members:
                yield f"{path}.{key}"
            else:
                yield from _unknown_members(item, shape.members[key], f"{path}.{key}")
    elif shape.type_name == "list" and isinstance(value, list):
        for n, item in enumerate(value):
            yield from _unknown_members(item, getattr(shape, "member", None), f"{path}[{n}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            yield from _unknown_members(item, getattr(shape, "value", None), f"{path}.{key}")


def derive(shapes: Mapping[str, Any], sdk_id: str, model: ServiceModel) -> Tables:
    """The tables of the service with ``sdk_id`` in ``shapes``, checked against ``model``."""
    ast = _Ast(shapes, service_shape(shapes, sdk_id))
    tables = Tables(model.service_name)
    botocore_ops = set(model.operation_names)
    for op in ast.operations():
        name = ast.name(op)
        shape = shapes[op]
        traits = shape.get("traits", {})
        if name not in botocore_ops:
            tables.drift.append(f"{name}: operation not in botocore")
            continue
        operation = model.operation_model(name)
        botocore_members = set(operation.input_shape.members) if operation.input_shape else set()
        smithy_members = set(ast.input_members(op))
        for member in sorted(smithy_members - botocore_members):
            tables.drift.append(f"{name}: input member {member} not in botocore")
        for member in sorted(botocore_members - smithy_members):
            tables.drift.append(f"{name}: botocore input member {member} not in Smithy")
        examples = [_example(ast, e) for e in traits.get("smithy.api#examples", [])]
        for example in examples:
            for path in _unknown_members(example.get("input", {}), operation.input_shape, "input"):
                tables.drift.append(f"{name}: example {example['title']!r}: {path} is no member")
        if examples:
            tables.examples[name] = examples
        smoke = [_smoke_test(ast, e) for e in traits.get("smithy.test#smokeTests", [])]
        if smoke:
            tables.smoke_tests[name] = sorted(smoke, key=lambda t: str(t["id"]))
    smithy_ops = {ast.name(op) for op in ast.operations()}
    for name in sorted(botocore_ops - smithy_ops):
        tables.drift.append(f"{name}: botocore operation not in Smithy")
    for rid in ast.resources():
        name = ast.name(rid)
        if name in tables.resources:
            tables.drift.append(f"resource {rid}: a second resource named {name}, left out")
            continue
        tables.resources[name] = _resource(ast, rid)
    for sid, shape in shapes.items():
        reference = shape.get("traits", {}).get("aws.api#arnReference")
        if reference is not None and sid.split("#")[0] == ast.namespace:
            tables.arn_references[ast.name(sid)] = {
                key: ast.name(str(value)) if key != "type" else str(value)
                for key, value in sorted(reference.items())
            }
    return tables
