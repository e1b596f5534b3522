"""Target ``client``: ``pyright --verifytypes`` scores the public surface of a package 100%.

Each package (personalize, dynamodb, s3) is generated into a temporary folder and put on
pyright's import path; ``--ignoreexternal`` leaves out what comes from other packages
(botocore). The score counts every exported symbol whose type is known; the test also
wants no symbol without a docstring, so IDE hovers have something to show everywhere.
pyright comes from this environment's ``pyright`` package; there is no skip when it is
missing - the test fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from client_usage.harness import generate

from generator.naming.python import package_name


def _verifytypes(service: str, out: Path) -> dict[str, object]:
    src = generate(service, out)
    command = [
        sys.executable,
        "-m",
        "pyright",
        "--pythonpath",
        sys.executable,
        "--verifytypes",
        package_name(service),
        "--ignoreexternal",
        "--outputjson",
    ]
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        command, cwd=out, env=env, capture_output=True, text=True, check=False
    )
    try:
        report: dict[str, object] = json.loads(done.stdout)
    except ValueError:
        pytest.fail(f"pyright gave no JSON report: {done.stdout[:2000]}{done.stderr[:2000]}")
    return report


@pytest.mark.parametrize("service", ["personalize", "dynamodb", "s3"])
def test_verifytypes_scores_the_package_100_percent(
    service: str, tmp_path: Path
) -> None:
    report = _verifytypes(service, tmp_path)
    completeness = report["typeCompleteness"]
    assert isinstance(completeness, dict)
    assert completeness["packageName"] == package_name(service)
    problems = [
        f"{symbol['name']}: {diagnostic['message'].splitlines()[0]}"
        for symbol in completeness["symbols"]
        for diagnostic in symbol.get("diagnostics", [])
    ]
    assert problems == []
    assert completeness["exportedSymbolCounts"]["withKnownType"] > 100
    assert completeness["exportedSymbolCounts"]["withAmbiguousType"] == 0
    assert completeness["exportedSymbolCounts"]["withUnknownType"] == 0
    assert completeness["missingFunctionDocStringCount"] == 0
    assert completeness["missingClassDocStringCount"] == 0
    assert completeness["completenessScore"] == 1.0
