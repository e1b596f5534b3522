"""The command-line edge: every bad input gives exit code 2 and one clear line, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _values(tmp: Path, name: str, doc: object | str) -> str:
    path = tmp / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


SEED = json.loads((REPO / "generator/data/values/personalize/CreateMetricAttribution.json").read_text())


def _cases(tmp: Path) -> list[tuple[list[str], str]]:
    bad_path = json.loads(json.dumps(SEED))
    bad_path["metricsOutputConfig"]["s3DataDestination"]["path"] = "no-scheme/metrics"
    bad_enum = {"jobName": "j", "datasetArn": "arn:aws:personalize:us-east-1:1:dataset/d",
                "dataSource": {"dataLocation": "s3://b/k"}, "importMode": "SOMETIMES"}
    snippet = ["snippet", "personalize", "CreateMetricAttribution", "--lang", "python", "--values"]
    return [
        (["snippet", "personalise", "CreateMetricAttribution", "--lang", "cli"],
         "unknown service 'personalise' (did you mean personalize"),
        (["snippet", "personalize", "CreateMetricAtribution", "--lang", "cli"],
         "unknown operation 'CreateMetricAtribution' of service 'personalize' (did you mean "
         "CreateMetricAttribution"),
        (["list", "dynamo"], "unknown service 'dynamo' (did you mean dynamodb"),
        (["snippet", "personalize", "CreateMetricAttribution", "--lang", "ruby"],
         "argument --lang: invalid choice: 'ruby'"),
        ([*snippet, str(tmp / "missing.json")], "cannot read values file: No such file or directory"),
        ([*snippet, _values(tmp, "broken.json", '{"name": ')], "malformed JSON at line 1"),
        ([*snippet, _values(tmp, "path.json", bad_path)],
         "metricsOutputConfig.s3DataDestination.path: 'no-scheme/metrics' does not match the "
         "pattern (s3|http|https)://.+"),
        ([*snippet, _values(tmp, "typo.json", {**SEED, "datasetGroupArm": "x"})],
         "datasetGroupArm: unknown member (did you mean datasetGroupArn?)"),
        ([*snippet, _values(tmp, "type.json", {**SEED, "metrics": {"a": 1}})],
         "metrics: expected an array, got an object"),
        ([*snippet, _values(tmp, "missing-req.json", {k: v for k, v in SEED.items() if k != "name"})],
         "name: missing required member"),
        (["snippet", "personalize", "CreateDatasetImportJob", "--lang", "cli", "--values",
          _values(tmp, "enum.json", bad_enum)],
         "importMode: 'SOMETIMES' is not one of: FULL, INCREMENTAL"),
        ([*snippet, _values(tmp, "len.json", {**SEED, "name": "n" * 64})],
         "name: has 64 characters, more than the maximum 63"),
        (["snippet", "kinesis", "SubscribeToShard", "--lang", "cli"], "cannot express"),
    ]


def test_bad_input_table(tmp_path: Path) -> None:
    failures = []
    for args, expected in _cases(tmp_path):
        result = run(*args)
        lines = result.stderr.strip().splitlines()
        ok = (
            result.returncode == 2
            and len(lines) == 1
            and expected in lines[0]
            and "Traceback" not in result.stderr
            and result.stdout == ""
        )
        if not ok:
            failures.append(f"{args}: rc={result.returncode} stderr={result.stderr!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere; covered by the file case")
def test_unwritable_output_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    result = run("generate", "personalize", "ListSchemas", "--out", str(locked / "out"))
    assert result.returncode == 2
    assert "cannot write output directory" in result.stderr


def test_output_path_that_is_a_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("generate", "personalize", "ListSchemas", "--out", str(blocker / "sub"))
    assert result.returncode == 2
    assert result.stderr.startswith("sdk-parity: error: ")
    assert "cannot write output directory" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_bad_values_in_a_values_dir_write_nothing(tmp_path: Path) -> None:
    values = tmp_path / "values" / "personalize"
    values.mkdir(parents=True)
    (values / "CreateSchema.json").write_text('{"name": "s"}', encoding="utf-8")
    out = tmp_path / "out"
    result = run("generate", "personalize", "ListSchemas", "CreateSchema",
                 "--values-dir", str(tmp_path / "values"), "--out", str(out))
    assert result.returncode == 2
    assert "schema: missing required member" in result.stderr
    assert not out.exists()


def test_list_prints_operations() -> None:
    result = run("list", "personalize")
    assert result.returncode == 0
    names = result.stdout.split()
    assert len(names) == 71 and "CreateMetricAttribution" in names
