"""The Java compile cache: a run whose examples did not change starts no javac, a changed
source is compiled again, and a source javac rejected keeps its verdict without a new javac."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from support import require_tool

from generator.generate.pipeline import example_value, render_snippet
from generator.model.lower import load_service
from generator.values.tree import to_params
from generator.verify import javacache, javatool
from generator.verify import responses as verify_responses
from generator.verify.examples import NOT_EXPRESSIBLE, PARITY, Example, Verdict
from generator.verify.java import run_java

OPERATIONS = ("ListDatasets", "CreateSchema")


def _examples() -> list[Example]:
    service = load_service("personalize")
    out = []
    for name in OPERATIONS:
        op = service.operation(name)
        value = example_value(service, op, None)
        text = render_snippet(service, op, value, "java").text
        out.append(Example("personalize", name, "java", text, to_params(value)))
    return out


def _verify(examples: list[Example]) -> list[Verdict]:
    verdicts: list[Verdict] = []
    endpoint = verify_responses.new_endpoint()
    try:
        run_java(examples, endpoint, verdicts.append, {})
    finally:
        endpoint.close()
    return sorted(verdicts, key=lambda v: v.operation)


def test_unchanged_examples_start_no_javac(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_tool("javac", "a JDK is needed to compile the Java examples")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")
    monkeypatch.setenv(javacache.FOLDER_VARIABLE, str(tmp_path / "compiled"))
    calls: list[int] = []
    real = javatool.compile_java

    def counting(sources: list[Path], classpath: str, out_dir: Path) -> None:
        calls.append(len(sources))
        real(sources, classpath, out_dir)

    monkeypatch.setattr(javatool, "compile_java", counting)
    examples = _examples()
    first = _verify(examples)
    assert [v.status for v in first] == [PARITY, PARITY] and calls == [2]
    assert len(list((tmp_path / "compiled").rglob("*.jar"))) == 2
    again = _verify(examples)
    assert [v.status for v in again] == [PARITY, PARITY] and calls == [2]  # no javac
    # one source changed (a new member the jar lacks): only it is compiled, and rejected
    changed = examples[1].text.replace(".name(", ".noSuchMember(", 1)
    assert changed != examples[1].text
    mixed = [examples[0], dataclasses.replace(examples[1], text=changed)]
    third = _verify(mixed)
    assert calls == [2, 1]
    assert third[0].status == NOT_EXPRESSIBLE and "noSuchMember" in third[0].detail
    fourth = _verify(mixed)
    assert calls == [2, 1]  # the rejection is kept too
    assert (fourth[0].status, fourth[0].detail) == (third[0].status, third[0].detail)
