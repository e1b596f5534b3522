"""``sdk-parity verify``: every example proven on the wire in every language, and the verifier
itself tested - a corrupted example must be reported as a mismatch naming the member.

The end-to-end test runs the command as a subprocess on all 71 Personalize operations (every
language; the seed's values, as the committed pages show them) and checks its JSON report -
down to each example's digest, which the site's proven lines rest on; the cross-service sample is run
here for Java and the typed client (``test_wire.py`` runs it for the CLI and Python).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support import require_aws_v2, require_tool
from wire_sample import SAMPLE

from generator import cli
from generator.generate.pipeline import DEFAULT_VALUES, default_outcome, default_plan, generate
from generator.model.lower import load_service
from generator.site.proven import load_reports
from generator.targets import example_digest
from generator.targets.registry import TARGETS
from generator.verify import command as verify_mod
from generator.verify.examples import LANGS, MISMATCH, NOT_EXPRESSIBLE, PARITY, Example, report_date
from generator.versions import example_sdks

REPO = Path(__file__).resolve().parents[2]


def _java_toolchain() -> None:
    """The toolchains of verify's default languages (Java; JavaScript, Go and Rust too)."""
    require_tool("javac", "the Java examples are compiled")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")
    require_tool("node", "the JavaScript examples are type-checked and run")
    require_tool("go", "the Go examples are built and run")
    require_tool("cargo", "the Rust examples are built and run")
    require_aws_v2()  # the cli examples also run with AWS CLI version 2 (cli-v2)


def test_verify_personalize_end_to_end(tmp_path: Path) -> None:
    _java_toolchain()
    report = tmp_path / "report.json"
    started = time.monotonic()
    proc = subprocess.run(  # the default plan: every Personalize operation, the seed's values
        [sys.executable, "-m", "generator", "verify", "--report", str(report)],
        cwd=REPO, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    print(f"\nsdk-parity verify personalize: {elapsed:.1f}s\n{proc.stderr.strip()[-600:]}")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    operations = sorted(load_service("personalize").operations)
    assert data["langs"] == list(LANGS)
    for lang in ("cli", "python", "java", "js", "go", "rust"):
        assert data["summary"][lang] == {PARITY: 71, MISMATCH: 0, NOT_EXPRESSIBLE: 0}, lang
    # AWS CLI 2.9.19's model lacks five of them and requires roleArn of CreateDatasetImportJob
    assert data["summary"]["cli-v2"] == {PARITY: 65, MISMATCH: 0, NOT_EXPRESSIBLE: 6}
    assert data["summary"]["total"][MISMATCH] == 0
    rows = data["results"]
    assert len(rows) == len(operations) * len(LANGS)
    order = [(r["operation"], LANGS.index(r["lang"])) for r in rows]
    assert order == sorted(order), "the report is sorted"
    assert sorted({r["operation"] for r in rows}) == operations
    table = proc.stdout.splitlines()
    assert all(any(line.split()[:1] == [op] for line in table) for op in operations)
    assert f"71 operations x {len(LANGS)} languages" in proc.stdout
    # the report says what ran: the day, each language's SDK and version, each example's digest
    assert data["date"] == report_date()
    assert data["sdks"] == {"personalize": example_sdks(load_service("personalize").service_id)}
    assert set(data["sdks"]["personalize"]) == set(LANGS)
    published = {a.path: a.content for a in default_outcome().artifacts}
    shown = {(op, lang): example_digest(published[path])
             for _, op, lang, path in generate(default_plan(), DEFAULT_VALUES).examples}  # fmt: skip
    editions = {t.name: t.edition_of for t in TARGETS if t.edition_of}  # cli-v2 runs the cli script
    assert all(r["example"] == shown[(r["operation"], editions[r["lang"]])]
               for r in rows if r["lang"] in editions and r["status"] == PARITY)  # fmt: skip
    assert {(r["operation"], r["lang"]): r["example"] for r in rows if r["lang"] not in editions} == shown
    # so the site's every example (the committed pages' examples) says what was proven
    proofs = load_reports([report])
    for (op, lang), _ in shown.items():
        digests = {code_lang: d for (o, code_lang), d in shown.items() if o == op}
        line = proofs.line("personalize", op, lang, digests)
        assert line.startswith(f"Verified {data['date']}: ") and data["sdks"]["personalize"][lang] in line, line


def _corrupt(examples: list[Example]) -> list[Example]:
    """Change one value (a nested list item's member) in every rendered example."""
    out = []
    for ex in examples:
        assert "MinutesWatchedTracker" in ex.text, ex.lang
        out.append(replace(ex, text=ex.text.replace("MinutesWatchedTracker", "MinutesWatchedTrackers")))
    return out


def test_a_corrupted_example_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _java_toolchain()
    real_collect = verify_mod.collect

    def corrupted(*args: Any) -> tuple[list[Example], list[Any]]:
        examples, verdicts = real_collect(*args)
        return _corrupt(examples), verdicts

    monkeypatch.setattr(verify_mod, "collect", corrupted)
    report = tmp_path / "report.json"
    args = cli.build_parser().parse_args(
        ["verify", "personalize", "CreateMetricAttribution", "--values-dir", str(DEFAULT_VALUES),
         "--report", str(report)]
    )  # fmt: skip
    assert cli.COMMANDS["verify"](args) == 1
    out = capsys.readouterr().out
    rows = json.loads(report.read_text(encoding="utf-8"))["results"]
    assert [r["lang"] for r in rows] == list(LANGS)
    for row in rows:
        assert row["status"] == MISMATCH, row
        assert "metrics[1].metricName" in row["detail"], row
        assert "'MinutesWatchedTrackers'" in row["detail"] and "want 'MinutesWatchedTracker'" in row["detail"]
    assert "MISMATCH" in out and "metrics[1].metricName: sent 'MinutesWatchedTrackers'" in out


# Mismatches found in other stages, with their cause. A new mismatch fails the test, and so does
# a listed one that no longer occurs (remove it here then).
KNOWN_SAMPLE_MISMATCHES: dict[tuple[str, str, str], str] = {
    # none today; fixed earlier: ec2 RunInstances in Java (UserData, which botocore base64-encodes
    # itself), bedrock-runtime Converse in the typed client (a required list past the endpoint's
    # depth limit), cloudwatch PutMetricData (a map synthesized below its minimum size)
}


def test_cross_service_sample_java_and_client() -> None:
    _java_toolchain()
    outcome = verify_mod.verify([(s, [op]) for s, op, _ in SAMPLE], ("java", "client"))
    verify_mod.print_table(outcome)
    print(verify_mod.timing_line(outcome))
    assert len(outcome.verdicts) == 2 * len(SAMPLE)
    assert all(v.detail for v in outcome.verdicts if v.status == NOT_EXPRESSIBLE)
    found = {(v.lang, v.service, v.operation): v.detail for v in outcome.verdicts
             if v.status == MISMATCH}  # fmt: skip
    new = [f"{lang} {svc}:{op}: {detail}" for (lang, svc, op), detail in found.items()
           if (lang, svc, op) not in KNOWN_SAMPLE_MISMATCHES]  # fmt: skip
    for key in sorted(set(found) & set(KNOWN_SAMPLE_MISMATCHES)):
        print(f"known mismatch {' '.join(key)}: {KNOWN_SAMPLE_MISMATCHES[key]}")
    assert not new, "\n".join(new)
    gone = sorted(set(KNOWN_SAMPLE_MISMATCHES) - set(found))
    assert not gone, f"fixed, remove from KNOWN_SAMPLE_MISMATCHES: {gone}"


def test_java_files_javac_rejects_are_left_out_and_the_rest_runs() -> None:
    _java_toolchain()

    def break_two(examples: list[Example]) -> list[Example]:
        out = []
        for ex in examples:
            if ex.operation == "CreateMetricAttribution":  # a builder method the jar lacks
                ex = replace(ex, text=ex.text.replace(".metricName(", ".metricNameV2("))
            elif ex.operation == "DescribeSchema":  # not SDK drift: a broken example
                ex = replace(ex, text=ex.text.replace("return response;", "return response"))
            out.append(ex)
        return out

    plan = [("personalize", ["CreateMetricAttribution", "DescribeSchema", "ListSchemas"])]
    outcome = verify_mod.verify(plan, ("java",), DEFAULT_VALUES, transform=break_two)
    by_op = {v.operation: v for v in outcome.verdicts}
    drift = by_op["CreateMetricAttribution"]
    assert drift.status == NOT_EXPRESSIBLE, drift
    assert drift.detail.startswith("Java SDK 2.") and "lacks method metricNameV2(String)" in drift.detail
    assert by_op["DescribeSchema"].status == MISMATCH
    assert by_op["DescribeSchema"].detail.startswith("javac: ';' expected"), by_op["DescribeSchema"]
    assert by_op["ListSchemas"].status == PARITY, by_op["ListSchemas"]


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.build_parser().parse_args(["verify", "personalize", "--lang", "cli,ruby"])
    assert exit_info.value.code == 2
    assert "unknown language ruby" in capsys.readouterr().err


def test_diff_names_each_differing_member() -> None:
    from generator.verify.examples import diff_lines

    sent = {"a": {"b": [1, 2]}, "c": "x", "extra": 1}
    want = {"a": {"b": [1, 3]}, "c": "x", "d": True}
    assert diff_lines(sent, want) == [
        "a.b[1]: sent 2, want 3",
        "d: not sent (want True)",
        "extra: sent 1, botocore sends nothing",
    ]
