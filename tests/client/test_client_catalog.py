"""Target ``client``, whole catalog (``pytest -m slow``): every service's package imports and
reads responses newer than its model without failing, and its stubs and runtime agree
(``client_usage.stub_agreement``: every name, field, constructor, dict form, enum and method
the stubs declare is what the runtime builds).

For each of botocore's services the package is generated, written and imported; then every
operation's result class reads an empty response (every member the model calls required is
missing: each becomes ``None``), and every union reads botocore's marker for a member it does
not know (``{"SDK_UNKNOWN_MEMBER": {"name": ...}}``) as the union's ``Unknown...`` value, and
every event stream reads an event newer than the model as its ``Unknown...`` event.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from client_usage.harness import generate, import_package
from client_usage.stub_agreement import disagreements

from generator.model.load import service_names
from generator.model.lower import load_service
from generator.naming.python import package_name
from generator.targets.client import docstrings as docs


@pytest.mark.slow
@pytest.mark.parametrize("service", service_names())
def test_every_package_imports_and_reads_newer_responses(service: str, tmp_path: Path) -> None:
    pkg = import_package(service, generate(service, tmp_path))
    try:
        assert disagreements(pkg) == []
        rt, schema = pkg._runtime, pkg._schema
        shapes = schema.SHAPES
        for operation in schema.OPERATIONS.values():
            if operation.output is None:
                continue
            spec = shapes[operation.output]
            assert issubclass(spec.cls, rt.Result), operation.output
            result = spec.cls.from_boto3({})
            assert all(getattr(result, f.attr) is None for f in spec.fields), operation
            assert result.response_metadata.request_id is None
        for name, spec in shapes.items():
            if isinstance(spec, rt.OneOf) and spec.stream:
                read = rt.codec_for(shapes).event_reader(name)
                newer = [{}, {"AddedLater": {"x": 1}}]  # botocore reads unknown events as {}
                assert list(rt.EventStream(newer, read)) == [
                    spec.unknown(name="", value={}),
                    spec.unknown(name="AddedLater", value={"x": 1}),
                ], name
            elif isinstance(spec, rt.OneOf):
                marker = {rt.UNKNOWN_MEMBER: {"name": "AddedLater"}}
                value, problems = rt.from_wire(shapes, name, marker)
                assert isinstance(value, spec.unknown) and problems == [], name
                assert (value.name, value.value) == ("AddedLater", None)
    finally:
        prefix = package_name(service)
        for module in [m for m in sys.modules if m == prefix or m.startswith(prefix + ".")]:
            del sys.modules[module]


@pytest.mark.slow
def test_docstring_summaries_are_whole_sentences_without_markdown_escapes() -> None:
    """Every member summary of every service (the ``Args:`` and ``Attributes:`` entries):
    none ends on a colon while the documentation goes on, none keeps a Markdown escape (a
    backslash the documentation itself holds stays)."""
    cut: list[str] = []
    escaped: list[str] = []
    for service_name in service_names():
        service = load_service(service_name)
        for shape in service.shapes.values():
            for member in shape.members:
                text = docs.summary(member.documentation)
                where = f"{service_name}:{shape.name}.{member.name}"
                rest = docs.markdown(member.documentation).split("\n\n")
                if text.endswith(":") and len([p for p in rest if p.strip()]) > 1:
                    cut.append(where)
                if "\\" not in member.documentation and re.search(r"\\[\\`*_\[\]<>|]", text):
                    escaped.append(where)
    assert cut == [], cut[:20]
    assert escaped == [], escaped[:20]
