"""Item 5: ``check --out DIR`` checks exactly what ``generate`` wrote to DIR."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run


@pytest.fixture(scope="module")
def catalog_tree(tmp_path_factory: pytest.TempPathFactory, sdk: Run) -> Path:
    out = tmp_path_factory.mktemp("tree") / "out"
    result = sdk("generate", "--services", "personalize,s3", "--out", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    return out


def test_check_right_after_generate_services_exits_0(sdk: Run, catalog_tree: Path) -> None:
    result = sdk("check", "--out", str(catalog_tree))
    assert result.returncode == 0, result.stdout[:3000] + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"{catalog_tree}: up to date (")


def test_a_stale_tree_gets_a_summary_and_the_diff_only_on_request(
    sdk: Run, catalog_tree: Path, tmp_path: Path
) -> None:
    page = catalog_tree / "personalize" / "CreateMetricAttribution.md"
    gone = catalog_tree / "s3" / "PutObject.md"
    extra = catalog_tree / "personalize" / "Obsolete.md"
    original, removed = page.read_text(encoding="utf-8"), gone.read_text(encoding="utf-8")
    try:
        page.write_text(original + "edited\n", encoding="utf-8")
        gone.unlink()
        extra.write_text("old\n", encoding="utf-8")
        result = sdk("check", "--out", str(catalog_tree))
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            f"{catalog_tree}: 1 stale, 1 missing, 1 extra "
            f"(of {result.stdout.split('(of ')[1].split()[0]} files the recorded runs generate)",
            "  stale   personalize/CreateMetricAttribution.md",
            "  missing s3/PutObject.md",
            "  extra   personalize/Obsolete.md",
        ]
        assert "is stale" in result.stderr and "---" not in result.stdout
        full = sdk("check", "--out", str(catalog_tree), "--diff")
        assert full.returncode == 1
        assert "+++ b/s3/PutObject.md" in full.stdout
        assert "-edited" in full.stdout
    finally:
        page.write_text(original, encoding="utf-8")
        gone.write_text(removed, encoding="utf-8")
        extra.unlink()
    assert sdk("check", "--out", str(catalog_tree)).returncode == 0


def test_the_summary_names_at_most_ten_paths(sdk: Run, tmp_path: Path) -> None:
    assert sdk("generate", "personalize", "--out", str(tmp_path)).returncode == 0
    for index in range(12):
        (tmp_path / f"stray{index:02}.txt").write_text("x", encoding="utf-8")
    result = sdk("check", "--out", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 12 and lines[-1] == "  ... 2 more (--diff shows every change)"


def test_a_folder_with_nothing_generated_is_exit_2_with_one_line(sdk: Run, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    for folder in (tmp_path, tmp_path / "missing"):
        result = sdk("check", "--out", str(folder))
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert "nothing generated here to check" in result.stderr


def test_runs_into_one_folder_accumulate(sdk: Run, tmp_path: Path) -> None:
    assert sdk("generate", "personalize", "CreateMetricAttribution", "--out", str(tmp_path)).returncode == 0
    assert sdk("client", "personalize", "--out", str(tmp_path)).returncode == 0
    assert sdk("generate", "personalize", "list-recipes", "--out", str(tmp_path),
               "--values-profile", "full").returncode == 0
    result = sdk("check", "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout[:3000] + result.stderr


def test_a_malformed_run_record_is_exit_2_with_one_line(sdk: Run, tmp_path: Path) -> None:
    (tmp_path / ".sdk-parity-run.json").write_text('{"format": 1, "runs": [{"plan": 5}]}', "utf-8")
    result = sdk("check", "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"sdk-parity: error: {tmp_path}/.sdk-parity-run.json: malformed run record\n"
