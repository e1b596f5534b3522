"""Target ``client``: the generated packages pass ``mypy --strict`` and strict pyright.

Correct usage (sync and async; dataclasses, and boto3's dict forms as a types-boto3 user
writes them: dict literals, string literals for enums, ``TypedDict`` annotations, ``**kwargs``
unpacked, results passed back as inputs) type-checks cleanly; wrong usage (misspelled
keyword or dict key, missing argument or required member, wrong enum literal, wrong nested
type, an optional response member read as present or sent as required, an async call not
awaited, an async paginator in a plain ``for``) is reported by both checkers on exactly the
lines marked ``# wrong`` (or listed below), with the errors kept in
``tests/client/client_usage/*_wrong.expected.txt``. When a checker upgrade changes its
wording, review the diff and run::

    SDK_PARITY_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/client/test_client_typecheck.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from client_usage.harness import (
    UPDATE_ENV,
    USAGE,
    generate,
    mypy_diagnostics,
    pyright_diagnostics,
    run_mypy,
    run_pyright,
)

WRONG_FILES = ("personalize_wrong.py", "personalize_dicts_wrong.py")
OK_FILES = ("personalize_ok.py", "personalize_dicts_ok.py")
EXPECTED_LINES = {  # one per mistake
    "personalize_wrong.py": {18, 21, 24, 27, 31, 34, 39, 45},
    "personalize_dicts_wrong.py": set(),  # the lines marked ``# wrong``
}


def _expected(name: str) -> set[int]:
    lines = (USAGE / name).read_text(encoding="utf-8").splitlines()
    marked = {n for n, line in enumerate(lines, 1) if line.endswith("# wrong")}
    return EXPECTED_LINES[name] | marked


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Personalize's package and the usage files, checked once by each checker."""
    src = generate("personalize", tmp_path_factory.mktemp("personalize"))
    for usage in (*OK_FILES, *WRONG_FILES):
        shutil.copy(USAGE / usage, src / usage)
    targets = ["sdk_parity_personalize", *OK_FILES, *WRONG_FILES]
    return src, run_mypy(src, targets), run_pyright(src, targets)


def _about(lines: list[str], prefix: str) -> list[str]:
    return [line for line in lines if line.startswith(prefix)]


def test_package_and_correct_usage_pass_mypy_strict(
    checked: tuple[Path, str, str],
) -> None:
    _, mypy, _ = checked
    problems = [line for line in mypy_diagnostics(mypy) if not line.startswith(WRONG_FILES)]
    assert problems == [], mypy


def test_package_and_correct_usage_pass_pyright_strict(
    checked: tuple[Path, str, str],
) -> None:
    src, _, pyright = checked
    problems = [d for d in pyright_diagnostics(pyright, src) if not d.startswith(WRONG_FILES)]
    assert problems == [], pyright


@pytest.mark.parametrize("wrong", WRONG_FILES)
def test_every_mistake_in_wrong_usage_is_reported_by_both_checkers(
    checked: tuple[Path, str, str], wrong: str
) -> None:
    src, mypy, pyright = checked
    mypy_lines = {int(d.split(":")[1]) for d in _about(mypy_diagnostics(mypy), wrong)}
    pyright_lines = {
        int(d.split(":")[1]) for d in _about(pyright_diagnostics(pyright, src), wrong)
    }
    assert mypy_lines == _expected(wrong)
    assert pyright_lines == _expected(wrong)


@pytest.mark.parametrize("wrong", WRONG_FILES)
def test_wrong_usage_checker_output_matches_the_snapshot(
    checked: tuple[Path, str, str], wrong: str
) -> None:
    src, mypy, pyright = checked
    text = "## mypy --strict\n"
    text += "".join(line + "\n" for line in _about(mypy_diagnostics(mypy), wrong))
    text += "\n## pyright (strict)\n"
    text += "".join(
        line + "\n" for line in _about(pyright_diagnostics(pyright, src), wrong)
    )
    snapshot = USAGE / wrong.replace(".py", ".expected.txt")
    if os.environ.get(UPDATE_ENV):
        snapshot.write_text(text, encoding="utf-8")
    expected = snapshot.read_text(encoding="utf-8") if snapshot.exists() else ""
    assert (
        text == expected
    ), f"checker output changed; review it and run {UPDATE_ENV}=1 .venv/bin/pytest {__file__}"


def test_dynamodb_package_and_usage_type_check(tmp_path: Path) -> None:
    src = generate("dynamodb", tmp_path)
    shutil.copy(USAGE / "dynamodb_ok.py", src / "dynamodb_ok.py")
    targets = ["sdk_parity_dynamodb", "dynamodb_ok.py"]
    mypy = run_mypy(src, targets)
    assert mypy_diagnostics(mypy) == [], mypy
    pyright = run_pyright(src, targets)
    assert pyright_diagnostics(pyright, src) == [], pyright


def test_s3_stubs_and_presigned_urls_type_check_exactly_where_they_should(
    tmp_path: Path,
) -> None:
    src = generate("s3", tmp_path)
    files = ["s3_ok.py", "s3_wrong.py"]
    for usage in files:
        shutil.copy(USAGE / usage, src / usage)
    mypy = mypy_diagnostics(run_mypy(src, files))
    pyright = pyright_diagnostics(run_pyright(src, files), src)
    lines = (USAGE / "s3_wrong.py").read_text(encoding="utf-8").splitlines()
    wanted = {n for n, line in enumerate(lines, 1) if line.endswith("# wrong")}
    assert _about(mypy, "s3_ok.py") == [] and _about(pyright, "s3_ok.py") == []
    assert {int(d.split(":")[1]) for d in _about(mypy, "s3_wrong.py")} == wanted, mypy
    assert {int(d.split(":")[1]) for d in _about(pyright, "s3_wrong.py")} == wanted, pyright


def test_union_members_narrow_by_match(tmp_path: Path) -> None:
    operations = [
        "StartConfigurationPolicyAssociation",
        "GetConfigurationPolicyAssociation",
    ]
    src = generate("securityhub", tmp_path, operations)
    shutil.copy(USAGE / "securityhub_ok.py", src / "securityhub_ok.py")
    targets = ["sdk_parity_securityhub", "securityhub_ok.py"]
    mypy = run_mypy(src, targets)
    assert mypy_diagnostics(mypy) == [], mypy
    pyright = run_pyright(src, targets)
    assert pyright_diagnostics(pyright, src) == [], pyright
