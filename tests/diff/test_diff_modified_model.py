"""The diff stage on a release made by editing one real model: every kind of change, exactly.

The installed botocore's Personalize model is copied to a data folder of its own and edited as
an upgrade would (an operation deprecated, a member added as required, enum values added and
removed, a length tightened, a pattern changed, documentation rewritten, a waiter added); the
diff between the installed release and that folder must name each change, and the bundled seed
values file must break with exactly the lines ``sdk-parity generate`` prints when botocore
loads the edited model (through ``AWS_DATA_PATH``). Kinds the two PyPI releases of
``test_diff_releases.py`` do not show (a deprecated operation) are checked here.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import botocore
import pytest

from generator.diff.compare import (
    DEPRECATED,
    ENUM_ADDED,
    ENUM_REMOVED,
    LENGTH,
    MEMBER_ADDED,
    PATTERN,
)
from generator.diff.impact import BREAKS
from generator.diff.releases import Release, installed_release
from generator.diff.report import as_json, as_markdown, generate_lines
from generator.diff.run import DiffReport, diff_releases
from generator.model.lower import load_service

REPO = Path(__file__).resolve().parents[2]
API = "2018-05-22"
SEED = REPO / "generator" / "data" / "values"


def _edited(model: dict[str, Any]) -> dict[str, Any]:
    ops, shapes = model["operations"], model["shapes"]
    ops["DeleteMetricAttribution"]["deprecated"] = True
    ops["CreateMetricAttribution"]["documentation"] += "<p>Now with units.</p>"
    shapes["MetricAttribute"]["members"]["unit"] = {"shape": "Name", "documentation": "<p>Unit.</p>"}
    shapes["MetricAttribute"]["required"].append("unit")
    shapes["Domain"]["enum"] = ["ECOMMERCE", "RETAIL"]
    shapes["Name"]["max"] = 40
    shapes["S3Location"]["pattern"] = "s3://.+"
    return model


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Release:
    installed = installed_release().data / "personalize" / API
    folder = tmp_path_factory.mktemp("release") / "data" / "personalize" / API
    folder.mkdir(parents=True)
    model = json.loads(gzip.decompress((installed / "service-2.json.gz").read_bytes()))
    (folder / "service-2.json").write_text(json.dumps(_edited(model)), encoding="utf-8")
    for name in ("paginators-1.json", "examples-1.json"):
        (folder / name).write_bytes((installed / name).read_bytes())
    waiter = {"delay": 30, "maxAttempts": 20, "operation": "DescribeMetricAttribution",
              "acceptors": [{"expected": "ACTIVE", "matcher": "path", "state": "success",
                             "argument": "metricAttribution.status"}]}  # fmt: skip
    (folder / "waiters-2.json").write_text(
        json.dumps({"version": 2, "waiters": {"MetricAttributionActive": waiter}}), encoding="utf-8")
    return Release("0.0.0-edited", folder.parents[1])


@pytest.fixture(scope="module")
def report(edited: Release, tmp_path_factory: pytest.TempPathFactory) -> DiffReport:
    cache = tmp_path_factory.mktemp("cache")
    return diff_releases(installed_release(), edited, ["personalize"], SEED, cache, workers=1)


def _where(report: DiffReport, kind: str) -> dict[str, str]:
    return {f.where: f.detail for f in report.services[0].model.findings if f.kind == kind}


def test_only_the_edited_service_is_compared(report: DiffReport) -> None:
    assert [s.name for s in report.services] == ["personalize"] and report.unchanged == 0
    assert report.services[0].problem == ""


def test_each_edit_is_named(report: DiffReport) -> None:
    model = report.services[0].model
    assert model.operations_deprecated == ["DeleteMetricAttribution"]
    assert model.operations_text_changed == ["CreateMetricAttribution"]
    assert _where(report, MEMBER_ADDED) == {"MetricAttribute.unit": "required"}
    assert _where(report, ENUM_ADDED) == {"Domain": "RETAIL"}
    assert _where(report, ENUM_REMOVED) == {"Domain": "VIDEO_ON_DEMAND"}
    assert _where(report, LENGTH) == {"Name": "max length 63 -> 40"}
    assert _where(report, PATTERN) == {"S3Location": "(s3|http|https)://.+ -> s3://.+"}
    assert _where(report, DEPRECATED) == {}
    assert model.waiters_added == ["MetricAttributionActive"]
    added = next(f for f in model.findings if f.where == "MetricAttribute.unit")
    assert added.inputs == ("CreateMetricAttribution", "UpdateMetricAttribution")
    assert added.outputs == ("ListMetricAttributionMetrics",)


def test_generated_files_changed_are_exactly_those_the_edits_reach(report: DiffReport) -> None:
    service = load_service("personalize")  # the installed model, before the edits
    edited = {"MetricAttribute", "Name", "Domain", "S3Location"}
    reach = {
        op.name for op in service.operations.values()
        if edited & service.reachable(r for r in (op.input, op.output, *op.errors) if r)
    }  # fmt: skip
    files = report.services[0].files
    assert set(files.changed) == reach | {"CreateMetricAttribution", "DeleteMetricAttribution"}
    assert len(files.changed) < len(service.operations)
    assert files.changed["DeleteMetricAttribution"] == ["operation"]
    assert files.rerendered == {} and files.package == "changed"


def test_the_seed_breaks_with_the_lines_generate_prints(
    report: DiffReport, edited: Release, tmp_path: Path
) -> None:
    (check,) = [c for s in report.services for c in s.values]
    assert check.status == BREAKS and check.operation == "CreateMetricAttribution"
    assert len(check.details) == 1  # two metrics miss the member: one line each
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "personalize", "CreateMetricAttribution",
         "--values-dir", str(SEED), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, cwd=REPO,
        env={**os.environ, "AWS_DATA_PATH": str(edited.data)},
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == generate_lines(check)
    assert "\n".join(f"    {line}" for line in generate_lines(check)) in as_markdown(report)


def test_json_names_versions_and_paths_but_no_machine_path(report: DiffReport) -> None:
    text = as_json(report)
    doc = json.loads(text)
    assert doc["from"] == {"botocore": botocore.__version__, "installed": True}
    assert doc["to"] == {"botocore": "0.0.0-edited", "installed": False}
    assert str(installed_release().data) not in text
    page = next(e for e in doc["services"][0]["files"]["changed"] if e["operation"] == "DeleteMetricAttribution")
    assert page["page"] == "personalize/DeleteMetricAttribution.md"
    assert page["examples"]["java"] == "personalize/java/DeleteMetricAttributionExample.java"
