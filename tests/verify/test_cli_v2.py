"""AWS CLI version 2: the CLI examples run unchanged with it, or say why not (issue 22, item 3).

The examples are written for awscli 1.x; ``verify --lang cli`` also runs each with AWS CLI
version 2 (Debian's ``awscli`` package: ``.ci/test`` installs it) as the ``cli-v2`` column. What
version 2 cannot run is refused with its reason from ``generator/naming/data/cli_v2.json``
(``tools/cli_v2.py``), on the docs page and in the verdict. The wire sample across protocols
runs in ``test_wire_sample_large.py``; here: the script's own handling of what version 2 does
otherwise (its pager, blob text), the refusals, and the table against the installed CLI.
"""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest
from support import require_aws_v2, require_tool

from generator.capabilities import cli_v2
from generator.generate.pipeline import example_value, render_operation, render_snippet
from generator.model.lower import load_service
from generator.naming import cli as names
from generator.targets.docs import render_docs
from generator.targets.registry import EXAMPLE_NAMES, NAMES, with_editions
from generator.values.tree import to_params
from generator.verify import clitool, scripts
from generator.verify.command import verify
from generator.verify.endpoint import Endpoint
from generator.verify.examples import NOT_EXPRESSIBLE, PARITY, Example, category
from tools import cli_model_drift
from tools import cli_v2 as cli_v2_tool

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "output" / "personalize" / "cli" / "list-campaigns.sh"


def test_lang_cli_brings_its_version_2_column_and_nothing_else_offers_it() -> None:
    assert with_editions(["cli", "python"]) == ("cli", "cli-v2", "python")
    assert with_editions(["python"]) == ("python",)
    assert "cli-v2" in NAMES and "cli-v2" not in EXAMPLE_NAMES  # verified, never written


def test_an_operation_version_2_lacks_is_refused_with_the_reason_on_the_page() -> None:
    service = load_service("personalize")
    operation = service.operations["ListDataDeletionJobs"]
    value = example_value(service, operation, None)
    snippets, reasons = render_operation(service, operation, value)
    cli = snippets["cli"]
    reason = dict(cli.not_for)["cli-v2"]
    assert reason == (
        "the model bundled with awscli 2.9.19 (botocore 2.0.0dev155) has no ListDataDeletionJobs operation"
    )
    page = render_docs(service, operation, snippets, reasons)
    v1, _ = cli_v2.versions()
    assert f"For AWS CLI version 1 \\(proven on the wire with awscli {v1}\\)\\. Not for version 2: {reason}\\." in page
    # an operation both have: the page names both versions
    other = service.operations["ListCampaigns"]
    snippets, reasons = render_operation(service, other, example_value(service, other, None))
    assert snippets["cli"].not_for == ()
    assert "Runs unchanged with AWS CLI version 1 and version 2 \\(proven on the wire with awscli" in (
        render_docs(service, other, snippets, reasons)
    )


def test_refusals_name_each_kind_of_difference() -> None:
    cases = {
        ("sqs", "ListQueues"): "speaks query (botocore's model: json) to sqs",
        ("personalize", "CreateDatasetImportJob"): "requires roleArn, botocore's does not",
        ("bedrock-agentcore", "ListEvents"): "has no bedrock-agentcore service",
    }
    for (service_name, operation_name), expected in cases.items():
        service = load_service(service_name)
        operation = service.operations[operation_name]
        snippet = render_snippet(service, operation, example_value(service, operation, None), "cli")
        assert expected in dict(snippet.not_for)["cli-v2"], (service_name, operation_name)


def test_personalize_runs_with_both_versions_or_is_refused_for_version_2() -> None:
    require_aws_v2()
    outcome = verify([("personalize", None)], ("cli", "cli-v2"), None, workers=2)
    by_lang: dict[str, dict[str, int]] = outcome.counts()
    assert by_lang["cli"][PARITY] == 71, by_lang
    assert by_lang["cli-v2"][PARITY] == 65 and by_lang["cli-v2"][NOT_EXPRESSIBLE] == 6, by_lang
    refused = [v for v in outcome.verdicts if v.lang == "cli-v2" and v.status == NOT_EXPRESSIBLE]
    assert all(v.detail.startswith("the model bundled with awscli 2.9.19") for v in refused), refused


def test_blob_text_reaches_the_wire_alike_from_both_versions(tmp_path: Path) -> None:
    """Blob text inside JSON: version 2 would decode it as base64; the script passes
    ``--cli-binary-format raw-in-base64-out`` to version 2 only, after ``aws --version``. Run
    whole by ``sh`` with each real ``aws`` (no batch-mode answer to ``--version``)."""
    require_aws_v2()
    service = load_service("kinesis")
    operation = service.operations["PutRecords"]
    value = example_value(service, operation, None)
    snippet = render_snippet(service, operation, value, "cli")
    assert "--cli-binary-format raw-in-base64-out" in snippet.text and snippet.not_for == ()
    with scripts.new_endpoint() as endpoint:
        for lang in ("cli", "cli-v2"):
            example = Example("kinesis", "PutRecords", lang, snippet.text, to_params(value))
            verdict = scripts.run_script(endpoint, example)
            assert verdict.status == PARITY, (lang, verdict.detail)
        assert '"Data": "blob1"' in snippet.text  # the bytes as the page shows them: text
        # without the switch, version 2 sends other bytes: the test above can fail
        bare = snippet.text.replace("set -- --cli-binary-format raw-in-base64-out \"$@\"", ":")
        verdict = scripts.run_script(endpoint, Example("kinesis", "PutRecords", "cli-v2", bare, to_params(value)))
        assert verdict.status != PARITY and "Invalid base64" in verdict.detail, verdict.detail


def _pager_calls(script: Path, aws_dir: Path, endpoint: Endpoint, tmp_path: Path) -> int:
    """Run ``script`` whole on a terminal (a pty) with AWS CLI version 2 first on ``PATH`` and
    ``PAGER`` a program that counts its calls; return how often the pager ran."""
    marker = tmp_path / "pager-calls"
    pager = tmp_path / "pager"
    pager.write_text(f'#!/bin/sh\necho x >> "{marker}"\ncat > /dev/null\n', encoding="utf-8")
    pager.chmod(0o755)
    env = scripts.base_env(endpoint.url("personalize"), tmp_path)
    env.pop("AWS_PAGER")  # as on a user's machine
    env.update(PAGER=str(pager), TERM="dumb", PATH=f"{aws_dir}{os.pathsep}{env['PATH']}")
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout is the terminal
        os.chdir(tmp_path)
        os.execve("/bin/sh", ["sh", str(script)], env)
    output = b""
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output.decode(errors="replace")
    return len(marker.read_text(encoding="utf-8").splitlines()) if marker.exists() else 0


def test_version_2_does_not_page_the_scripts_output_on_a_terminal(tmp_path: Path) -> None:
    aws = require_aws_v2()
    require_tool("sh")
    with scripts.new_endpoint() as endpoint:
        shim = scripts._shim(tmp_path, endpoint.url("personalize"), aws)
        assert _pager_calls(SCRIPT, shim, endpoint, tmp_path) == 0
        # the same script without its AWS_PAGER line is paged: the check above can fail
        paged = tmp_path / "paged.sh"
        paged.write_text(SCRIPT.read_text(encoding="utf-8").replace('export AWS_PAGER=""\n', ""))
        assert _pager_calls(paged, shim, endpoint, tmp_path) == 1


def test_example_knobs_work_with_version_2_too(tmp_path: Path) -> None:
    """``"$@"`` goes to version 2's ``aws`` as to version 1's: --region and --output text."""
    aws = require_aws_v2()
    with scripts.new_endpoint() as endpoint:
        env = scripts.base_env(endpoint.url("personalize"), tmp_path)
        env["PATH"] = f"{scripts._shim(tmp_path, endpoint.url('personalize'), aws)}{os.pathsep}{env['PATH']}"
        before = len(endpoint.captured("personalize"))
        proc = subprocess.run(
            ["sh", str(SCRIPT), "--region", "eu-west-1", "--output", "text"], cwd=tmp_path, env=env,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        sent = endpoint.captured("personalize")[before:]
        auth = next(v for k, v in sent[0].headers.items() if k.lower() == "authorization")
        assert "/eu-west-1/personalize/" in auth
        assert not proc.stdout.lstrip().startswith("{")  # text output, not JSON


def test_cli_v2_table_versions_and_model_drift_are_the_installed_cli_v2s() -> None:
    require_aws_v2()
    table = names.data_table("v2")
    v2 = clitool.v2()
    assert table["awscli"] == v2.version, "run: python -m tools.cli_v2 --emit-data"
    package = cli_v2_tool.v2_package(v2.python)
    _, site = cli_model_drift.awscli_root()
    fresh = cli_model_drift.compare(package / "botocore" / "data", site / "botocore" / "data")
    assert {k: table[k] for k in fresh} == fresh, "run: python -m tools.cli_v2 --emit-data"


@pytest.mark.slow
def test_cli_v2_table_is_what_the_installed_cli_v2_has() -> None:
    require_aws_v2()
    fresh = cli_v2_tool.build()
    assert fresh == names.data_table("v2"), "run: python -m tools.cli_v2 --emit-data"


def test_without_version_2_its_column_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(clitool.V2_ENV, str(tmp_path / "no-aws"))
    clitool.v2.cache_clear()
    try:
        outcome = verify([("personalize", ["ListCampaigns"])], ("cli-v2",), None, workers=1)
    finally:
        monkeypatch.undo()
        clitool.v2.cache_clear()
    (verdict,) = outcome.verdicts
    assert verdict.status == NOT_EXPRESSIBLE and "AWS CLI version 2 not available here" in verdict.detail
    assert category(verdict.status, verdict.detail) == "sdk module not available"
