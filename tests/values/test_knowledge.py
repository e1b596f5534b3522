"""The service knowledge tables hold only values the model accepts, each with its source, and
synthesis uses them."""

from __future__ import annotations

import json

import pytest

from generator.capabilities.members import member_filter
from generator.model.lower import load_service
from generator.values import knowledge
from generator.values.synthesize import synthesize
from generator.values.tree import to_params
from tools.check_knowledge import main, tables


def test_every_table_passes_its_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert tables(), "no knowledge tables"
    assert main([]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("name", tables())
def test_every_entry_is_used_somewhere(name: str) -> None:
    """An entry that applies to no operation is dead data (a renamed member, a wrong 'in')."""
    service = load_service(name)
    for entry in knowledge.entries(name):
        operations = entry.operations or tuple(service.operations)
        assert any(
            knowledge.value_for(service, service.operations[op], structure, entry.member, target)
            is not None
            for op in operations
            for structure, target in knowledge._places(service, entry)  # noqa: SLF001
        ), entry


def test_synthesis_takes_the_tables_values() -> None:
    service = load_service("personalize")
    op = service.operation("CreateSchema")
    params = to_params(synthesize(service, op, member_filter(service, op)))
    assert json.loads(params["schema"])["name"] == "Interactions"


def test_a_bad_entry_is_reported_with_its_member(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    table = {"service": "personalize", "values": [
        {"member": "datasetType", "value": "x" * 300, "source": "https://docs.aws.amazon.com/x"},
        {"member": "nosuchmember", "value": "a", "source": "https://docs.aws.amazon.com/x"},
        {"member": "datasetType", "value": "Items", "source": "a blog"},
    ]}
    (tmp_path / "personalize.json").write_text(json.dumps(table))
    monkeypatch.setattr(knowledge, "DATA", tmp_path)
    knowledge.entries.cache_clear()
    try:
        problems = knowledge.problems(load_service("personalize"))
    finally:
        knowledge.entries.cache_clear()
    assert any("datasetType" in p and "256" in p for p in problems), problems
    assert any("nosuchmember: no structure has this member" in p for p in problems), problems
    assert any("source must be" in p for p in problems), problems
