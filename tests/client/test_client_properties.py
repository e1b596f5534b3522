"""Target ``client``: properties of the generated runtime, checked with hypothesis.

For Personalize and DynamoDB: any valid request instance passes the client's validation and
serialises to parameters botocore's own ``ParamValidator`` accepts; any response dict built
from an output shape parses into dataclasses and serialises back unchanged (read at once or
as the view a call returns); an instance made
invalid in one place is rejected with exactly that field's path. Strategies are derived from
the package's own model tables (``_schema.SHAPES``); strings with patterns come from
``hypothesis.from_regex`` or, for patterns only the ``regex`` engine reads, from the
generator's pattern synthesis. Examples are bounded and derandomized.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import string
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from botocore.session import get_session
from botocore.validate import ParamValidator
from client_usage.harness import generate, import_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import patterns
from generator.model.ir import Service
from generator.model.lower import load_service
from generator.values.synthesize import synthesize_shape
from generator.values.tree import to_params

SERVICES = ["personalize", "dynamodb"]
SETTINGS = settings(
    max_examples=120,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
MAX_DEPTH = 3
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=2)
    | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=4,
)


@pytest.fixture(scope="module", params=SERVICES)
def package(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Service, ModuleType]:
    name: str = request.param
    src: Path = generate(name, tmp_path_factory.mktemp(name))
    return load_service(name), import_package(name, src)


@pytest.fixture(scope="module")
def strategies(package: tuple[Service, ModuleType]) -> Strategies:
    return Strategies(*package)


class Strategies:
    """Values for the shapes of one generated package, valid or in wire form."""

    def __init__(self, service: Service, package: ModuleType) -> None:
        self.service = service
        self.rt = package._runtime
        self.shapes: dict[str, Any] = package._schema.SHAPES
        self._valid: dict[tuple[str, int], st.SearchStrategy[Any]] = {}
        self._wire: dict[tuple[str, int], st.SearchStrategy[Any]] = {}

    # ---------------------------------------------------------------- valid instances

    def valid(self, name: str, depth: int = 0) -> st.SearchStrategy[Any]:
        key = (name, min(depth, MAX_DEPTH))
        if key not in self._valid:
            built: list[st.SearchStrategy[Any]] = []
            self._valid[key] = st.deferred(
                lambda: built[0]
            )  # while a cycle is being built
            built.append(self._make_valid(name, key[1]))
            self._valid[key] = built[0]
        return self._valid[key]

    def _make_valid(self, name: str, depth: int) -> st.SearchStrategy[Any]:
        spec = self.shapes[name]
        rt = self.rt
        if isinstance(spec, rt.Struct):
            fields: dict[str, st.SearchStrategy[Any]] = {}
            for field in spec.fields:
                if field.required:
                    fields[field.attr] = self.valid(field.shape, depth + 1)
                elif depth < MAX_DEPTH:
                    fields[field.attr] = st.none() | self.valid(field.shape, depth + 1)
            return st.builds(spec.cls, **fields)
        if isinstance(spec, rt.OneOf):
            return st.one_of(
                [
                    st.builds(v.cls, **{v.attr: self.valid(v.shape, depth + 1)})
                    for v in spec.variants
                ]
            )
        if isinstance(spec, rt.ListOf):
            low, high = self._sizes(spec.min, spec.max, depth)
            if high == 0:
                return st.just([])
            return st.lists(
                self.valid(spec.item, depth + 1), min_size=low, max_size=high
            )
        if isinstance(spec, rt.MapOf):
            low, high = self._sizes(spec.min, spec.max, depth)
            if high == 0:
                return st.just({})
            return st.dictionaries(
                self.valid(spec.key, depth + 1),
                self.valid(spec.value, depth + 1),
                min_size=low,
                max_size=high,
            )
        return self._scalar(name, spec)

    @staticmethod
    def _sizes(low: float | None, high: float | None, depth: int) -> tuple[int, int]:
        lo = int(low or 0)
        hi = lo if depth >= MAX_DEPTH else lo + 2
        return lo, int(min(hi, high)) if high is not None else hi

    def _scalar(self, name: str, spec: Any) -> st.SearchStrategy[Any]:
        kind = spec.kind
        low = None if spec.min is None else spec.min
        high = None if spec.max is None else spec.max
        if kind == "enum" and spec.enum is not None:
            members = list(spec.enum)
            return st.sampled_from(members) | st.sampled_from(
                [m.value for m in members]
            )
        if kind in ("integer", "long"):
            bound = 2**31 - 1 if kind == "integer" else 2**63 - 1
            lo = int(low) if low is not None else -bound - 1
            return st.integers(lo, int(high) if high is not None else bound)
        if kind in ("float", "double"):
            return st.floats(low, high, allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "blob":
            lo = int(low or 0)
            return st.binary(
                min_size=lo,
                max_size=min(int(high), lo + 8) if high is not None else lo + 8,
            )
        if kind == "timestamp":
            return st.datetimes(timezones=st.just(dt.UTC))
        if kind == "document":
            return JSON
        return self._string(name, spec)

    def _string(self, name: str, spec: Any) -> st.SearchStrategy[str]:
        lo = int(spec.min or 0)
        hi = int(spec.max) if spec.max is not None else lo + 12
        hi = min(hi, lo + 40)
        if spec.pattern is None:
            return st.text(min_size=lo, max_size=hi)
        source = self.service.shape(name).constraints.pattern
        assert source is not None
        fallback = patterns.generate(
            source, lo, int(spec.max) if spec.max is not None else None
        )
        assert fallback is not None, name

        def fits(text: str) -> bool:
            return lo <= len(text) <= (spec.max or 10**9) and self.rt._matches(
                spec, text
            )

        if spec.engine != "re":
            alphabet = string.ascii_letters + string.digits
            return st.just(fallback) | st.text(
                alphabet, min_size=lo, max_size=hi
            ).filter(fits)
        regex = st.from_regex(spec.pattern, fullmatch=True).filter(fits)
        return st.just(fallback) | regex

    # ---------------------------------------------------------------- wire values

    def wire(self, name: str, depth: int = 0) -> st.SearchStrategy[Any]:
        """A value as botocore returns it in a response (constraints do not matter)."""
        key = (name, min(depth, MAX_DEPTH))
        if key not in self._wire:
            built: list[st.SearchStrategy[Any]] = []
            self._wire[key] = st.deferred(
                lambda: built[0]
            )  # while a cycle is being built
            built.append(self._make_wire(name, key[1]))
            self._wire[key] = built[0]
        return self._wire[key]

    def _make_wire(self, name: str, depth: int) -> st.SearchStrategy[Any]:
        spec = self.shapes[name]
        rt = self.rt
        if isinstance(spec, rt.Struct):
            required = {
                f.wire: self.wire(f.shape, depth + 1) for f in spec.fields if f.required
            }
            optional = {
                f.wire: self.wire(f.shape, depth + 1)
                for f in spec.fields
                if not f.required and depth < MAX_DEPTH
            }
            return st.fixed_dictionaries(required, optional=optional)
        if isinstance(spec, rt.OneOf):
            return st.one_of(
                [
                    st.fixed_dictionaries({v.wire: self.wire(v.shape, depth + 1)})
                    for v in spec.variants
                ]
            )
        if isinstance(spec, rt.ListOf):
            if depth >= MAX_DEPTH:
                return st.just([])
            return st.lists(self.wire(spec.item, depth + 1), max_size=2)
        if isinstance(spec, rt.MapOf):
            if depth >= MAX_DEPTH:
                return st.just({})
            return st.dictionaries(
                st.text(max_size=4), self.wire(spec.value, depth + 1), max_size=2
            )
        if spec.kind == "enum" and spec.enum is not None:
            return st.sampled_from([m.value for m in spec.enum]) | st.text(
                string.ascii_uppercase, min_size=1, max_size=6
            )
        if spec.kind in ("string", "enum"):
            return st.text(max_size=8)
        if spec.kind in ("integer", "long"):
            return st.integers(-(2**40), 2**40)
        if spec.kind in ("float", "double"):
            return st.floats(allow_nan=False, allow_infinity=False)
        if spec.kind == "boolean":
            return st.booleans()
        if spec.kind == "blob":
            return st.binary(max_size=8)
        if spec.kind == "timestamp":
            return st.datetimes(timezones=st.just(dt.UTC))
        return JSON

    # ---------------------------------------------------------------- invalid instances

    def mutations(self, name: str, value: Any, path: str) -> list[tuple[str, Any]]:
        """Ways to break ``value`` in exactly one place: (path of the problem, new value)."""
        spec = self.shapes[name]
        rt = self.rt
        found: list[tuple[str, Any]] = []
        if isinstance(spec, rt.Struct):
            for field in spec.fields:
                where = f"{path}.{field.attr}" if path else field.attr
                child = getattr(value, field.attr)
                if child is None:
                    continue
                if field.required:
                    found.append(
                        (where, dataclasses.replace(value, **{field.attr: None}))
                    )
                for at, changed in self.mutations(field.shape, child, where):
                    found.append(
                        (at, dataclasses.replace(value, **{field.attr: changed}))
                    )
            return found
        if isinstance(spec, rt.OneOf):
            variant = next(v for v in spec.variants if isinstance(value, v.cls))
            where = f"{path}.{variant.attr}" if path else variant.attr
            inner = getattr(value, variant.attr)
            return [
                (at, variant.cls(**{variant.attr: c}))
                for at, c in self.mutations(variant.shape, inner, where)
            ]
        if isinstance(spec, rt.ListOf):
            if spec.min:
                found.append((path, []))
            if spec.max is not None and value:
                found.append((path, value * (int(spec.max) + 1)))
            for index, item in enumerate(value):
                for at, changed in self.mutations(spec.item, item, f"{path}[{index}]"):
                    found.append((at, [*value[:index], changed, *value[index + 1 :]]))
            return found
        if isinstance(spec, rt.MapOf):
            for key, item in value.items():
                for at, changed in self.mutations(spec.value, item, f"{path}[{key!r}]"):
                    found.append((at, {**value, key: changed}))
            return found
        return [(path, bad) for bad in self._bad_scalars(spec)]

    def _bad_scalars(self, spec: Any) -> list[Any]:
        kind = spec.kind
        bad: list[Any] = [object()] if kind != "document" else []
        if kind in ("string", "enum"):
            if spec.min:
                bad.append("")
            if spec.max is not None:
                bad.append("a" * (int(spec.max) + 1))
            if kind == "enum":
                bad.append("NOT_A_KNOWN_VALUE")
            if spec.pattern is not None:
                bad += [
                    t
                    for t in ("", " ", "\n", "!", "\u00a7")
                    if not self.rt._matches(spec, t)
                ][:1]
        elif kind in ("integer", "long", "float", "double"):
            if spec.min is not None:
                bad.append(int(spec.min) - 1)
            if spec.max is not None:
                bad.append(int(spec.max) + 1)
        elif kind == "blob" and spec.max is not None:
            bad.append(b"x" * (int(spec.max) + 1))
        return bad


@functools.cache
def _operation_model(service: str, operation: str) -> Any:
    return get_session().get_service_model(service).operation_model(operation)


def _inputs(service: Service) -> list[tuple[str, str]]:
    return [(op.name, op.input) for op in service.operations.values() if op.input]


def _outputs(service: Service, package: ModuleType) -> list[str]:
    return sorted({o.output for o in package._schema.OPERATIONS.values() if o.output})


@SETTINGS
@given(data=st.data())
def test_valid_instances_serialise_to_parameters_botocore_accepts(
    package: tuple[Service, ModuleType], strategies: Strategies, data: st.DataObject
) -> None:
    service, pkg = package
    operation, shape = data.draw(st.sampled_from(_inputs(service)))
    instance = data.draw(strategies.valid(shape))
    assert pkg._runtime.validate(strategies.shapes, shape, instance) == []
    # the compiled fast path agrees: a valid call never takes the reporting path
    assert pkg._runtime.codec_for(strategies.shapes).checker(shape)(instance)
    params = pkg._runtime.to_wire(strategies.shapes, shape, instance)
    assert params == pkg._runtime._to_wire(strategies.shapes, shape, instance)
    report = ParamValidator().validate(
        params, _operation_model(service.name, operation).input_shape
    )
    assert not report.has_errors(), report.generate_report()


@SETTINGS
@given(data=st.data())
def test_responses_parse_into_dataclasses_and_back_without_loss(
    package: tuple[Service, ModuleType], strategies: Strategies, data: st.DataObject
) -> None:
    service, pkg = package
    shape = data.draw(st.sampled_from(_outputs(service, pkg)))
    raw = data.draw(strategies.wire(shape))
    value, problems = pkg._runtime.from_wire(strategies.shapes, shape, raw)
    assert problems == []
    # the compiled reader alone gives the same value (it raises on anything it rejects)
    assert pkg._runtime.codec_for(strategies.shapes).reader(shape)(raw) == value
    assert type(value).__name__ == pkg._schema.SHAPES[shape].cls.__name__
    assert pkg._runtime.to_wire(strategies.shapes, shape, value) == raw
    # the view a call returns (members converted on first read) is the same value
    view = pkg._runtime.view_wire(strategies.shapes, shape, raw)
    assert type(view) is type(value)
    assert pkg._runtime.to_wire(strategies.shapes, shape, view) == raw
    assert view == value and repr(view) == repr(value)


@SETTINGS
@given(data=st.data())
def test_invalid_instances_are_rejected_with_the_field_path(
    package: tuple[Service, ModuleType], strategies: Strategies, data: st.DataObject
) -> None:
    service, pkg = package
    _, shape = data.draw(st.sampled_from(_inputs(service)))
    instance = data.draw(strategies.valid(shape))
    broken = strategies.mutations(shape, instance, "")
    if not broken:
        return
    path, invalid = data.draw(st.sampled_from(broken))
    assert not pkg._runtime.codec_for(strategies.shapes).checker(shape)(invalid), path
    problems = pkg._runtime.validate(strategies.shapes, shape, invalid)
    assert problems, path
    assert {p.path for p in problems} == {path}, problems


def test_synthesized_output_values_round_trip(
    package: tuple[Service, ModuleType],
) -> None:
    service, pkg = package
    shapes = pkg._schema.SHAPES
    for shape in _outputs(service, pkg):
        raw = to_params(synthesize_shape(service, shape))
        value, problems = pkg._runtime.from_wire(shapes, shape, raw)
        assert problems == [], (shape, problems)
        assert pkg._runtime.to_wire(shapes, shape, value) == raw, shape
        assert pkg._runtime.view_wire(shapes, shape, raw) == value, shape


def test_unknown_enum_values_in_responses_stay_strings(
    package: tuple[Service, ModuleType],
) -> None:
    _, pkg = package
    rt = pkg._runtime
    enum_shapes = [
        n for n, s in pkg._schema.SHAPES.items() if isinstance(s, rt.Scalar) and s.enum
    ]
    for name in enum_shapes:
        known = next(iter(pkg._schema.SHAPES[name].enum))
        assert rt.from_wire(pkg._schema.SHAPES, name, known.value)[0] is known
        value, problems = rt.from_wire(pkg._schema.SHAPES, name, "ADDED_LATER")
        assert (value, type(value), problems) == ("ADDED_LATER", str, [])


def test_union_members_hold_exactly_one_value(tmp_path: Path) -> None:
    """A union becomes a dataclass per member; responses must set exactly one of them."""
    service = load_service("bedrock-runtime")
    name = "sdk_parity_bedrock_runtime"
    operations = ["GetAsyncInvoke", "StartAsyncInvoke"]
    pkg = import_package(
        "bedrock-runtime", generate("bedrock-runtime", tmp_path, operations)
    )
    shapes = pkg._schema.SHAPES
    rt = pkg._runtime
    unions = [n for n, s in shapes.items() if isinstance(s, rt.OneOf)]
    assert unions, name
    for union in unions:
        spec = shapes[union]
        first = spec.variants[0]
        raw = to_params(synthesize_shape(service, union))
        value, problems = rt.from_wire(shapes, union, raw)
        assert problems == [] and any(isinstance(value, v.cls) for v in spec.variants)
        assert rt.to_wire(shapes, union, value) == raw
        _, none_set = rt.from_wire(shapes, union, {})
        assert [p.message for p in none_set] == ["expected exactly one member, got 0"]
        if len(spec.variants) > 1:
            second = spec.variants[1]
            both = {first.wire: raw.get(first.wire, "x"), second.wire: "y"}
            _, two_set = rt.from_wire(shapes, union, both)
            assert [p.message for p in two_set] == [
                "expected exactly one member, got 2"
            ]
        problems_for_none = rt.validate(shapes, union, first.cls(**{first.attr: None}))
        assert [p.path for p in problems_for_none] == [first.attr]
