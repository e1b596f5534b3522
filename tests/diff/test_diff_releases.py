"""``sdk-parity diff`` between two real botocore releases from PyPI: 1.44.0 and 1.44.8.

Runs the installed console script once (the 1.44.0 wheel is fetched with pip into
``.cache/botocore/`` the first time, about 5 s, and reused afterwards) on a handful of services
whose changes between the two releases were found by diffing the models by hand, and checks
those findings one by one - an operation added, members removed or made required, a range
tightened, enum values removed, a pattern added, a waiter added, a protocol added - rather than a
snapshot of the whole report. Values files that validate under 1.44.0 and not under 1.44.8 are
reported with exactly the lines ``sdk-parity generate`` prints for them (exit 1); bad input exits
2 with one line and writes nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import botocore
import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".venv" / "bin" / "sdk-parity"
OLD, NEW = "1.44.0", "1.44.8"
SERVICES = ("network-firewall", "glue", "braket", "polly", "acm-pca",
            "partnercentral-revenue-measurement", "personalize", "kinesis")  # fmt: skip
CREATE_FIREWALL = {
    "FirewallName": "my-firewall",
    "FirewallPolicyArn": "arn:aws:network-firewall:us-west-2:123456789012:firewall-policy/my-policy",
    "VpcId": "vpc-0123456789abcdef0",
    "SubnetMappings": [{"SubnetId": "subnet-0123456789abcdef0"}],
    "NatGatewayMappings": [{"NatGatewayId": "nat-0123456789abcdef0"}],
}
VALUES: dict[str, Any] = {
    "glue/ListAssetTypes.json": {"MaxResults": 500},  # max 1000 -> 100
    "glue/ListFormTypes.json": {"MaxResults": 50},  # valid under both
    "network-firewall/CreateFirewall.json": CREATE_FIREWALL,  # NatGatewayMappings removed
    "network-firewall/CreateProxy.json": {  # the operation is removed
        "ProxyName": "my-proxy", "NatGatewayId": "nat-0123456789abcdef0",
        "TlsInterceptProperties": {"TlsInterceptMode": "DISABLED"},
    },  # fmt: skip
    "network-firewall/ListContextStores.json": {},  # new in 1.44.8
    "network-firewall/DescribeNothing.json": {},  # no such operation in either
    "partnercentral-revenue-measurement/CreateMarketplaceRevenueShareAllocation.json": {
        "Catalog": "AWS", "ProductId": "prod-abcdefghij123", "EffectiveFrom": "2026-01-01",
        "RevenueSharePercent": "20",
    },  # EffectiveUntil became required  # fmt: skip
}


def sdk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=900, cwd=REPO,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
    )  # fmt: skip


@pytest.fixture(scope="module")
def values_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("values")
    for name, doc in VALUES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    seed = REPO / "generator/data/values/personalize/CreateMetricAttribution.json"
    (root / "personalize").mkdir()
    shutil.copy(seed, root / "personalize" / seed.name)  # a service the releases share unchanged
    return root


@pytest.fixture(scope="module")
def run(values_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("report")
    done = sdk("diff", "--from", OLD, "--to", NEW, *SERVICES, "--values-dir", str(values_dir),
               "--report", str(out / "changes.md"), "--json", str(out / "changes.json"))  # fmt: skip
    assert done.returncode == 1, done.stderr  # values files break
    return {
        "stderr": done.stderr,
        "stdout": done.stdout,
        "markdown": (out / "changes.md").read_text(encoding="utf-8"),
        "json": json.loads((out / "changes.json").read_text(encoding="utf-8")),
        "raw": (out / "changes.json").read_bytes(),
        "services": {s["name"]: s for s in json.loads((out / "changes.json").read_text())["services"]},
    }


def _finding(service: dict[str, Any], kind: str, where: str) -> dict[str, Any]:
    found = [f for f in service["findings"] if f["kind"] == kind and f["where"] == where]
    assert len(found) == 1, [f for f in service["findings"] if f["where"] == where]
    return found[0]


def test_the_run_says_what_it_compared(run: dict[str, Any]) -> None:
    doc = run["json"]
    assert doc["from"] == {"botocore": OLD, "installed": botocore.__version__ == OLD}
    assert doc["to"]["botocore"] == NEW
    assert doc["services_in_scope"] == len(SERVICES)
    assert doc["services_unchanged"] == 1  # personalize: identical model files, not decoded
    assert "personalize" not in run["services"]
    assert doc["values_files_unchanged"] == 1
    assert run["stdout"] == ""  # the Markdown went to --report
    assert f"botocore {OLD} to {NEW}: 7 of 8 services changed, 4 values files stop validating" in run["stderr"]


def test_known_added_and_removed_operations(run: dict[str, Any]) -> None:
    firewall = run["services"]["network-firewall"]
    assert firewall["operations"]["added"] == ["ListContextStores", "ListResourcesInContextStore"]
    removed = firewall["operations"]["removed"]
    assert len(removed) == 20 and "CreateProxy" in removed and "UpdateProxyRule" in removed
    assert firewall["paginators"]["added"] == ["ListContextStores", "ListResourcesInContextStore"]
    assert firewall["paginators"]["removed"] == ["ListProxies", "ListProxyConfigurations", "ListProxyRuleGroups"]
    assert firewall["service_changes"] == ["protocols: json -> smithy-rpc-v2-cbor, json"]
    assert run["services"]["glue"]["operations"]["removed"] == ["DeleteAssetType", "PutAssetType"]
    assert run["services"]["polly"]["waiters"]["added"] == ["VoiceActive"]


def test_known_member_changes_name_the_operations_they_reach(run: dict[str, Any]) -> None:
    firewall, glue = run["services"]["network-firewall"], run["services"]["glue"]
    gone = _finding(firewall, "member removed", "CreateFirewallRequest.NatGatewayMappings")
    assert gone["inputs"] == ["CreateFirewall"]
    added = _finding(firewall, "member added", "CreateFirewallRequest.NatGatewayCreateMappings")
    assert added["detail"] == "optional"
    assert _finding(firewall, "enum values added", "AttachmentStatus")["detail"] == "STANDBY"
    assert _finding(glue, "range changed", "ListAssetTypesRequest.MaxResults")["detail"] == "max 1000 -> 100"
    retyped = _finding(glue, "type changed", "ListAssetTypesRequest.MaxResults")
    assert retyped["detail"] == "PageSize (integer) -> AssetTypeMaxResults (integer)"
    assert _finding(glue, "pattern changed", "GlossaryId")["detail"] == "none -> ^[a-z0-9]+$"
    assert "SearchAssets" in glue["text_changed"]["operations"]
    enum = _finding(run["services"]["braket"], "enum values removed", "InstanceType")
    assert "ml.p3.2xlarge" in enum["detail"].split(", ") and enum["inputs"] == ["CreateJob"]
    required = _finding(run["services"]["partnercentral-revenue-measurement"], "now required",
                        "CreateMarketplaceRevenueShareAllocationInput.EffectiveUntil")  # fmt: skip
    assert required["inputs"] == ["CreateMarketplaceRevenueShareAllocation"]


def test_generated_files_follow_the_catalog_keys(run: dict[str, Any]) -> None:
    files = run["services"]["network-firewall"]["files"]
    changed = {e["operation"]: e for e in files["changed"]}
    create = changed["CreateFirewall"]
    assert create["page"] == "network-firewall/CreateFirewall.md"
    assert create["examples"]["cli"] == "network-firewall/cli/create-firewall.sh"
    assert create["examples"]["go"] == "network-firewall/go/createfirewall/main.go"
    assert any(r.startswith("shapes: ") and "CreateFirewallRequest" in r for r in create["reasons"])
    assert "ListContextStores" in [e["operation"] for e in files["added"]]
    assert "CreateProxy" in [e["operation"] for e in files["removed"]]
    assert files["package"] == {"status": "changed", "path": "python/sdk-parity-network-firewall"}
    # acm-pca only gained a protocol: every page is rendered again, none for a change of its own
    pca = run["services"]["acm-pca"]["files"]
    assert pca["changed"] == [] and len(pca["rerendered"]) > 20
    assert all(e["reasons"] == ["service metadata"] for e in pca["rerendered"])


def test_values_files_that_break_are_reported_with_their_error(run: dict[str, Any]) -> None:
    breaking = {v["file"].split("/values")[-1].split("/", 1)[-1]: v for v in run["json"]["values_breaking"]}
    assert sorted(breaking) == sorted([
        "glue/ListAssetTypes.json", "network-firewall/CreateFirewall.json",
        "network-firewall/CreateProxy.json",
        "partnercentral-revenue-measurement/CreateMarketplaceRevenueShareAllocation.json",
    ])  # fmt: skip
    assert breaking["glue/ListAssetTypes.json"]["error"].endswith(
        "glue/ListAssetTypes.json: MaxResults: 500 is above the maximum 100")
    assert breaking["network-firewall/CreateFirewall.json"]["error"].endswith(
        ": NatGatewayMappings: unknown member (did you mean NatGatewayCreateMappings?)")
    checks = {v["operation"]: v["status"] for s in run["services"].values() for v in s["values"]}
    assert checks["ListFormTypes"] == "valid"
    assert checks["ListContextStores"] == "fixed"  # unknown operation under 1.44.0
    assert checks["DescribeNothing"] == "no such operation"
    assert "## Values files that stop validating" in run["markdown"]


def test_each_error_is_what_generate_prints(run: dict[str, Any], values_dir: Path, tmp_path: Path) -> None:
    """``generate`` runs on the installed botocore: the pinned release the report goes to."""
    assert botocore.__version__ == NEW, f"the botocore pin moved to {botocore.__version__}: update NEW"
    for entry in run["json"]["values_breaking"]:
        done = sdk("generate", entry["service"], entry["operation"], "--values-dir", str(values_dir),
                   "--out", str(tmp_path / "out"))  # fmt: skip
        assert done.returncode == 2
        lines = [f"sdk-parity: error: {entry['error']}", *(f"  {d}" for d in entry["details"])]
        assert done.stderr.splitlines() == lines
        assert "\n".join(f"    {line}" for line in lines) in run["markdown"]
    assert not (tmp_path / "out").exists()


def test_markdown_reads_as_a_release_note(run: dict[str, Any]) -> None:
    md = run["markdown"]
    assert md.startswith(f"# What changed for the docs: botocore {OLD} to {NEW}\n")
    assert "## AWS Network Firewall (`network-firewall`)" in md
    assert "- **Operations added (2):** `ListContextStores`, `ListResourcesInContextStore`" in md
    row = "| member removed | `CreateFirewallRequest.NatGatewayMappings` |  | CreateFirewall |"
    assert row in md
    assert "| pattern changed | `GlossaryId` | `none -> ^[a-z0-9]+$` |" in md
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert any("\\|" in row for row in rows)  # kinesis ResourceARN's (stream|channel), escaped
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows)
    assert "- typed client package `python/sdk-parity-network-firewall/`: changed" in md


def test_output_is_deterministic_across_workers_and_hash_seeds(
    run: dict[str, Any], values_dir: Path, tmp_path: Path
) -> None:
    done = sdk("diff", "--from", OLD, "--to", NEW, *SERVICES, "--values-dir", str(values_dir),
               "--json", str(tmp_path / "again.json"), "--workers", "1",
               env={"PYTHONHASHSEED": "12345"})  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert (tmp_path / "again.json").read_bytes() == run["raw"]
    assert done.stdout == run["markdown"]  # without --report the Markdown goes to stdout


def test_a_cached_release_is_not_fetched_again(run: dict[str, Any], tmp_path: Path) -> None:
    # pip would fail without an index; the cached 1.44.0 needs none
    done = sdk("diff", "--from", OLD, "glue", "--json", str(tmp_path / "d.json"),
               env={"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(tmp_path)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "d.json").read_text())["services"][0]["name"] == "glue"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "9.9.9"), "sdk-parity: error: botocore 9.9.9 is not on PyPI\n"),
        (("--from", "latest"), "sdk-parity: error: not a botocore version: 'latest' (for example 1.44.0)\n"),
        (("--from", "1.44.0", "--to", "--index-url=http://x"), None),
        (("--from", OLD, "no-such-service"),
         "sdk-parity: error: no-such-service: unknown service 'no-such-service' in botocore 1.44.0 and "),
        (("--from", OLD, "--values-dir", "README.md"),
         "sdk-parity: error: README.md: values folder not found (or not a folder)\n"),
        (("--from", OLD, "--report", "docs"), "sdk-parity: error: docs: --report names a folder, not a file\n"),
        (("--to", OLD), None),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str | None, tmp_path: Path) -> None:
    done = sdk("diff", *args, "--json", str(tmp_path / "never.json"))
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    if message is not None:
        assert done.stderr.startswith(message), done.stderr
    assert not (tmp_path / "never.json").exists() and done.stdout == ""
