"""Bad values and arguments of every kind: exit 2 and one line (the path once, control
characters escaped), never a traceback, a hang or silently synthesized values."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hostile_support import assert_one_line_error, data_path, invoke, minimal_model, run

SNIPPET = ("snippet", "hostiletest", "DoThing", "--lang", "python", "--values")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return data_path(tmp_path / "models", minimal_model())


def _doc(**members: Any) -> dict[str, Any]:
    return {"Name": "n", **members}


def _nested(depth: int) -> Any:
    doc: Any = 1
    for _ in range(depth):
        doc = {"a": doc}
    return doc


TEXT_CASES: dict[str, tuple[str, str]] = {
    "non-UTF-8 bytes": ('{"Name": "caf\udce9"}', "not UTF-8"),
    "JSON nested 10,000 levels": ("[" * 10000 + "]" * 10000, "nested deeper"),
    "duplicate key": ('{"Name": "a", "Name": "b"}', "duplicate key"),
    "5,000-digit integer": ('{"Name": "n", "Count": ' + "9" * 5000 + "}", "invalid JSON"),
    "NaN for a double": ('{"Name": "n", "Ratio": NaN}', "Ratio"),
    "Infinity for a double": ('{"Name": "n", "Ratio": Infinity}', "Ratio"),
    "-Infinity for a double": ('{"Name": "n", "Ratio": -Infinity}', "Ratio"),
    "1e400 for a double": ('{"Name": "n", "Ratio": 1e400}', "Ratio"),
    "lone surrogate": ('{"Name": "\\ud800"}', "lone surrogate"),
    "NaN timestamp": ('{"Name": "n", "When": NaN}', "When"),
}
DOC_CASES: dict[str, tuple[Any, str]] = {
    "integer over int32": (_doc(Count=2**31), "range of a integer"),
    "integer under int32": (_doc(Count=-(2**31) - 1), "range of a integer"),
    "long over int64": (_doc(Size=2**63), "range of a long"),
    "1e20 timestamp": (_doc(When=1e20), "When"),
    "epoch milliseconds": (_doc(When=1700000000000), "When"),
    "negative epoch": (_doc(When=-5), "When"),
    "year 1 with an offset": (_doc(When="0001-01-01T00:00:00+05:00"), "When"),
    "year 9999 with an offset": (_doc(When="9999-12-31T23:59:59-05:00"), "When"),
    "document nested 500 levels": (_doc(Doc=_nested(500)), "nested deeper"),
    "control characters in an unknown member": (_doc(**{"X\x1b[31m\n": 1}), "unknown member"),
}


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_bad_values_text_gives_one_line(case: str, env: dict[str, str], tmp_path: Path) -> None:
    text, needle = TEXT_CASES[case]
    path = tmp_path / "v.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert_one_line_error(invoke(*SNIPPET, str(path), env=env), needle, str(path))


@pytest.mark.parametrize("case", sorted(DOC_CASES))
def test_bad_values_document_gives_one_line(case: str, env: dict[str, str], tmp_path: Path) -> None:
    doc, needle = DOC_CASES[case]
    path = tmp_path / "v.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    line = assert_one_line_error(invoke(*SNIPPET, str(path), env=env), needle)
    assert line.count(str(path)) == 1


def test_member_path_is_printed_once(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text(json.dumps(_doc(Count="x")), encoding="utf-8")
    line = assert_one_line_error(invoke(*SNIPPET, str(path), env=env), "Count")
    assert line == f"sdk-parity: error: {path}: Count: expected an integer, got a string"


def test_valid_edges_still_pass(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    doc = _doc(Count=2**31 - 1, Size=-(2**63), Ratio=1.5e308, When="9998-12-31T23:59:59Z")
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = invoke(*SNIPPET, str(path), env=env)
    assert result.returncode == 0, result.stderr
    assert "2147483647" in result.stdout and "-9223372036854775808" in result.stdout


def test_values_path_that_is_not_a_regular_file(env: dict[str, str], tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    for path in (fifo, Path("/dev/zero"), folder):
        assert_one_line_error(invoke(*SNIPPET, str(path), env=env), "not a regular file")
    assert_one_line_error(invoke(*SNIPPET, str(loop), env=env), "symbolic links")


def test_oversized_values_file(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    assert_one_line_error(invoke(*SNIPPET, str(path), env=env), "larger than")


def test_values_dir_must_be_a_folder(env: dict[str, str], tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("{}")
    for where in (tmp_path / "missing", file):
        for args in (["generate", "hostiletest"], ["generate", "--services", "hostiletest"]):
            result = invoke(*args, "--values-dir", str(where), "--out", str(tmp_path / "o"), env=env)
            assert_one_line_error(result, "values folder not found", str(where))


def test_bad_values_file_in_a_catalog_run_is_an_error(env: dict[str, str], tmp_path: Path) -> None:
    values = tmp_path / "values" / "hostiletest"
    values.mkdir(parents=True)
    (values / "DoThing.json").write_text('{"Name": 5}', encoding="utf-8")
    result = invoke("generate", "--services", "hostiletest", "--values-dir", str(tmp_path / "values"),
                    "--out", str(tmp_path / "o"), env=env)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("sdk-parity: error: ")
    assert "Name: expected a string" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("services", ["", ",,,", " , "])
def test_services_naming_nothing_is_refused(services: str, tmp_path: Path) -> None:
    result = invoke("generate", "--services", services, "--out", str(tmp_path / "o"))
    assert_one_line_error(result, "names no service")


def test_negative_workers_are_refused(tmp_path: Path) -> None:
    result = invoke("generate", "--services", "eks-auth", "--workers", "-3", "--out", str(tmp_path))
    assert_one_line_error(result, "--workers")
    assert_one_line_error(invoke("verify", "eks-auth", "--workers", "-3"), "--workers")


def test_verify_report_naming_a_folder(tmp_path: Path) -> None:
    assert_one_line_error(invoke("verify", "eks-auth", "--report", str(tmp_path)), "--report")


def test_stdout_on_dev_full_gives_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = run("list", "personalize", stdout=full)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["sdk-parity: error: cannot write to standard output: No space left on device"]


def test_error_line_escapes_control_characters_and_ansi(env: dict[str, str]) -> None:
    line = assert_one_line_error(invoke("list", "evil\x1b[31m\nsecond line", env=env), "unknown service")
    assert "\\x1b" in line and "\\n" in line
