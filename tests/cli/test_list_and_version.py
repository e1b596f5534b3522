"""Items 2 and 3: ``list`` lists services or operations; ``--version`` names every version."""

from __future__ import annotations

import json
import re
from importlib import metadata

import botocore
import botocore.session
from conftest import REPO, Run


def test_list_without_a_service_lists_every_service_with_full_name_and_count(sdk: Run) -> None:
    result = sdk("list")
    assert result.returncode == 0, result.stderr
    rows = [line.split(None, 2) for line in result.stdout.splitlines()]
    session = botocore.session.get_session()
    names = session.get_available_services()
    assert [row[0] for row in rows] == sorted(names)
    by_name = {row[0]: row for row in rows}
    model = session.get_service_model("personalize")
    assert by_name["personalize"][1] == str(len(model.operation_names))
    assert by_name["personalize"][2] == "Amazon Personalize"


def test_list_with_a_service_lists_its_operations(sdk: Run) -> None:
    result = sdk("list", "personalize")
    assert result.returncode == 0, result.stderr
    model = botocore.session.get_session().get_service_model("personalize")
    assert sorted(result.stdout.split()) == sorted(model.operation_names)


def test_version_prints_every_version_it_targets(sdk: Run) -> None:
    result = sdk("--version")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"sdk-parity {metadata.version('sdk-parity')}"
    assert f"botocore {botocore.__version__}" in lines
    assert f"awscli {metadata.version('awscli')}" in lines
    java = (REPO / "generator" / "targets" / "java.py").read_text(encoding="utf-8")
    bom = re.search(r'SDK_VERSION = "([^"]+)"', java)
    assert bom and f"AWS SDK for Java 2.x BOM {bom.group(1)}" in lines
    pins = json.loads((REPO / "generator/verify/toolchains/js/package.json").read_text("utf-8"))
    clients = [v for k, v in pins["dependencies"].items() if k.startswith("@aws-sdk/client-")]
    ordered = sorted(clients, key=lambda v: tuple(int(p) for p in v.split(".")))
    assert (
        f"AWS SDK for JavaScript v3 clients {ordered[0]} to {ordered[-1]} ({len(clients)} clients)"
        in lines
    )
    gomod = (REPO / "generator/verify/toolchains/go/go.mod").read_text(encoding="utf-8")
    core = re.search(r"github\.com/aws/aws-sdk-go-v2 (v\S+)", gomod)
    assert core and any(line.startswith(f"AWS SDK for Go v2 {core.group(1)}") for line in lines)
    lock = (REPO / "generator/verify/toolchains/rust/Cargo.lock").read_text(encoding="utf-8")
    config = re.search(r'name = "aws-config"\nversion = "([^"]+)"', lock)
    crates = len(re.findall(r'^name = "aws-sdk-', lock, re.MULTILINE))
    assert config and f"AWS SDK for Rust aws-config {config.group(1)} (+ {crates} service crates)" in lines
