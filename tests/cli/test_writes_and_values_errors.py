"""Items 6 and 7: commands say where they wrote; values errors list every problem once."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run


def test_client_says_where_it_wrote(sdk: Run, tmp_path: Path) -> None:
    result = sdk("client", "personalize", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "python" / "sdk-parity-personalize"
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    assert result.stderr == f"wrote {count} files to {folder} ({count} changed)\n"


def test_generate_says_where_it_wrote(sdk: Run, tmp_path: Path) -> None:
    result = sdk("generate", "personalize", "CreateMetricAttribution", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"wrote 8 files to {tmp_path} (8 changed, 0 removed, ")
    again = sdk("generate", "personalize", "CreateMetricAttribution", "--out", str(tmp_path))
    assert again.stderr.startswith(f"wrote 8 files to {tmp_path} (0 changed, 0 removed, ")


def test_generate_services_says_where_it_wrote(sdk: Run, tmp_path: Path) -> None:
    result = sdk("generate", "--services", "sts", "--out", str(tmp_path), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "\nwrote " in result.stderr and f" files to {tmp_path} (0 removed" in result.stderr


def test_values_errors_show_every_problem_once_each_on_its_own_line(
    sdk: Run, tmp_path: Path
) -> None:
    values = tmp_path / "bad.json"
    values.write_text(json.dumps({
        "name": 5, "roleArn": 7, "metricsOutputConfig": {"roleArn": 3, "bogus": 1},
    }), encoding="utf-8")
    result = sdk("snippet", "personalize", "create-metric-attribution", "--lang", "cli",
                 "--values", str(values))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"sdk-parity: error: {values}: roleArn: unknown member"
    assert lines[1:] == [
        "  name: expected a string, got a number",
        "  datasetGroupArn: missing required member",
        "  metrics: missing required member",
        "  metricsOutputConfig.bogus: unknown member",
        "  metricsOutputConfig.roleArn: expected a string, got a number",
    ]
    assert "more problem" not in result.stderr
