"""Target ``client``: a result is a view, its structures built by compiled functions.

A call's result keeps the boto3 response and builds its members, with compiled per-structure
functions, the first time one of them is read (``view_wire``). These tests check that what
a user gets is the dataclass itself: equal to (and hashing as) one built by hand, printable,
copyable, picklable, frozen, matched by ``match``; that reading a result never fails
whatever the response holds (the same value ``from_wire`` reads, with every leaf of every
Personalize output replaced in turn by a value of the wrong type); and that a result
already read keeps its values when the boto3 response is changed afterwards.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from client_usage.harness import generate, import_package

WHEN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def pz(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package("personalize", generate("personalize", tmp_path_factory.mktemp("pz")))


def _summary(i: int) -> dict[str, Any]:
    return {"name": f"schema-{i}", "schemaArn": f"arn:aws:personalize:us-east-1:1:schema/s-{i}",
            "creationDateTime": WHEN, "lastUpdatedDateTime": WHEN, "domain": "ECOMMERCE"}


@pytest.fixture
def listed(pz: ModuleType) -> Iterator[Any]:
    """A ListSchemas result of three schemas, answered by botocore's Stubber."""
    boto = boto3.client("personalize", region_name="us-east-1", aws_access_key_id="x",
                        aws_secret_access_key="x")
    with Stubber(boto) as stub:
        stub.add_response("list_schemas", {"schemas": [_summary(i) for i in range(3)]})
        yield pz.PersonalizeClient(boto).list_schemas()


def test_listed_structures_equal_the_dataclasses_built_by_hand(
    pz: ModuleType, listed: Any
) -> None:
    models = pz.models
    built = [
        models.DatasetSchemaSummary(
            name=f"schema-{i}", schema_arn=f"arn:aws:personalize:us-east-1:1:schema/s-{i}",
            creation_date_time=WHEN, last_updated_date_time=WHEN,
            domain=models.Domain.ECOMMERCE,
        )
        for i in range(3)
    ]
    assert type(listed) is models.ListSchemasResponse
    assert [type(s) for s in listed.schemas] == [models.DatasetSchemaSummary] * 3
    assert [hash(s) for s in listed.schemas] == [hash(b) for b in built]
    assert listed.schemas == built
    assert [repr(s) for s in listed.schemas] == [repr(b) for b in built]
    assert listed.next_token is None
    assert listed.schemas[1].domain is models.Domain.ECOMMERCE
    match listed.schemas[2]:
        case models.DatasetSchemaSummary(name=name, domain=models.Domain.ECOMMERCE):
            assert name == "schema-2"
        case _:
            pytest.fail("a view is matched by its dataclass pattern")


def test_a_view_copies_pickles_converts_and_stays_frozen(pz: ModuleType, listed: Any) -> None:
    first, second, third = listed.schemas
    assert copy.copy(first) == first
    assert copy.deepcopy(second) == second
    assert pickle.loads(pickle.dumps(third)) == third
    renamed = dataclasses.replace(listed.schemas[0], name="renamed")
    assert (renamed.name, renamed.schema_arn) == ("renamed", first.schema_arn)
    fresh = listed.schemas  # the list was converted once: the same views
    assert fresh[0] is first
    assert dataclasses.asdict(first)["name"] == "schema-0"
    assert first.to_boto3() == _summary(0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.name = "changed"
    with pytest.raises(AttributeError, match="'DatasetSchemaSummary' object has no attribute"):
        _ = first.no_such_member
    assert not hasattr(second, "no_such_member")


def test_structures_built_from_boto3_get_their_defaults(pz: ModuleType) -> None:
    built = pz.models.ListSchemasResponse.from_boto3({"schemas": [_summary(0)], "nextToken": "t"})
    assert built.boto3_response == {} and built.next_token == "t"
    assert built == pz.models.ListSchemasResponse(
        schemas=[pz.models.DatasetSchemaSummary.from_boto3(_summary(0))], next_token="t"
    )


def test_a_read_structure_keeps_its_values_when_the_response_changes(listed: Any) -> None:
    first = listed.schemas[0]
    assert first.name == "schema-0"
    listed.boto3_response["schemas"][0]["name"] = "changed later"
    assert first.name == "schema-0"


def _full(rt: ModuleType, shapes: dict[str, Any], name: str, depth: int = 0) -> Any:
    """A boto3 value of shape ``name`` with every member set (recursion cut at depth 3)."""
    spec = shapes[name]
    if isinstance(spec, rt.Struct):
        if depth > 3:
            return {}
        return {f.wire: _full(rt, shapes, f.shape, depth + 1) for f in spec.fields}
    if isinstance(spec, rt.OneOf):
        first = spec.variants[0]
        return {first.wire: _full(rt, shapes, first.shape, depth + 1)}
    if isinstance(spec, rt.ListOf):
        return [] if depth > 3 else [_full(rt, shapes, spec.item, depth + 1)] * 2
    if isinstance(spec, rt.MapOf):
        return {} if depth > 3 else {"key": _full(rt, shapes, spec.value, depth + 1)}
    samples = {"string": "text", "integer": 7, "long": 7, "float": 1.5, "double": 1.5,
               "boolean": True, "blob": b"bytes", "timestamp": WHEN, "document": {"a": [1]}}
    if spec.kind == "enum":
        return next(iter(spec.enum)).value if spec.enum else "text"
    return samples[spec.kind]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every value below the top of a boto3 dict."""
    children: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    for key, child in children:
        yield (*path, key)
        yield from _leaves(child, (*path, key))


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    copied = copy.deepcopy(value)
    holder = copied
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = new
    return copied


def test_views_read_what_from_wire_reads_whatever_the_response_holds(
    pz: ModuleType,
) -> None:
    rt, shapes = pz._runtime, pz._schema.SHAPES
    outputs = sorted({o.output for o in pz._schema.OPERATIONS.values() if o.output})
    checked = 0
    for shape in outputs:
        raw = _full(rt, shapes, shape)
        assert rt.view_wire(shapes, shape, raw) == rt.from_wire(shapes, shape, raw)[0]
        for path in _leaves(raw):
            old = _replaced(raw, path, None)
            holder = raw
            for key in path:
                holder = holder[key]
            wrong = ["wrong"] if isinstance(holder, dict) else {"wrong": 1}
            if isinstance(holder, list):
                wrong = 12345
            broken = _replaced(raw, path, wrong)
            expected, problems = rt.from_wire(shapes, shape, broken)
            assert rt.view_wire(shapes, shape, broken) == expected, (shape, path)
            assert rt.view_wire(shapes, shape, old) == rt.from_wire(shapes, shape, old)[0]
            checked += bool(problems)  # a document member holds any JSON value
    assert checked > 200


def test_views_of_other_packages_are_views_too(tmp_path: Path) -> None:
    """DynamoDB's recursive ``AttributeValue`` union, several levels deep, through a view."""
    ddb = import_package("dynamodb", generate("dynamodb", tmp_path, ["GetItem"]))
    rt, shapes = ddb._runtime, ddb._schema.SHAPES
    raw = {"Item": {"k": {"M": {"inner": {"L": [{"S": "x"}, {"N": "1"}]}}}}}
    view = rt.view_wire(shapes, "GetItemOutput", raw)
    value, problems = rt.from_wire(shapes, "GetItemOutput", raw)
    assert problems == []
    assert view == value
    assert rt.to_wire(shapes, "GetItemOutput", view) == raw
