"""``site --verify-report``: each example says what a verify report proved about exactly it.

A real ``verify`` run (the wire, and moto) writes the reports; the site's pages then carry a
line per example the reports judged, with the SDK and its version and the date, and none where
nothing was verified - an example of other values than the report's (the seed's values), a
language the run left out, or no report at all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from support import require_tool

from generator import cli
from generator.errors import SdkParityError
from generator.generate.pipeline import DEFAULT_VALUES, generate
from generator.model.lower import load_service
from generator.site.batch import docs_pages, service_docs
from generator.site.pages import unescape
from generator.site.proven import Proofs, load_reports
from generator.targets import example_digest
from generator.versions import example_sdks

TAB = re.compile(r'^=== "(.*)"$')


def _pages(plan: list[tuple[str, list[str] | None]], proofs: Proofs | None) -> dict[str, str]:
    outcome = generate(plan, DEFAULT_VALUES)
    texts = {a.path: a.content for a in outcome.artifacts}
    digests: dict[tuple[str, str], dict[str, str]] = {}
    for service, operation, lang, path in outcome.examples:
        digests.setdefault((service, operation), {})[lang] = example_digest(texts[path])
    docs: dict[str, str] = {}
    for name, pages in docs_pages(outcome.artifacts).items():
        docs.update(service_docs(load_service(name), pages, proofs, digests))
    return docs


def _lines(page: str) -> dict[str, str]:
    """Tab label -> the proven line in it ("" for none)."""
    found: dict[str, str] = {}
    label = ""
    lines = page.splitlines()
    for i, line in enumerate(lines):
        tab = TAB.match(line)
        if tab:
            label = tab.group(1)
            found[label] = ""
        elif label and line.strip() == "{ .sdk-parity-proven }":
            found[label] = lines[i - 1].strip()
    return found


def _verify(*argv: str) -> None:
    assert cli.main(["verify", *argv]) in (0, 1)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require_tool("sh")
    folder = tmp_path_factory.mktemp("reports")
    wire, moto = folder / "wire.json", folder / "moto.json"
    _verify("personalize", "ListDatasets", "CreateMetricAttribution", "--lang", "cli,python,client",
            "--report", str(folder / "personalize.json"))  # fmt: skip
    _verify("sqs", "ListQueues", "--lang", "cli,python", "--report", str(wire))
    _verify("--against", "moto", "sqs", "ListQueues", "--report", str(moto))
    return folder / "personalize.json", moto


def test_each_verified_example_says_what_was_proven(reports: tuple[Path, Path]) -> None:
    personalize, moto = reports
    wire = personalize.with_name("wire.json")
    proofs = load_reports([personalize, wire, moto])
    date = json.loads(personalize.read_text(encoding="utf-8"))["date"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
    docs = _pages([("personalize", ["ListDatasets", "CreateMetricAttribution"]), ("sqs", ["ListQueues"])], proofs)
    sdks = example_sdks(load_service("personalize").service_id)
    lines = {label: unescape(line) for label, line in _lines(docs["personalize/ListDatasets.md"]).items()}
    assert lines["AWS CLI"] == f"Verified {date}: {sdks['cli']} sends botocore's request."
    assert lines["SDK for Python (Boto3)"] == f"Verified {date}: {sdks['python']} sends botocore's request."
    assert lines["Typed Python client"] == f"Verified {date}: {sdks['client']} sends botocore's request."
    for label in ("SDK for Java 2.x", "SDK for JavaScript (v3)", "SDK for Go V2"):  # not in the run
        assert lines[label] == "", label
    # the seed page shows the seed's values; the report ran synthesized ones: no claim
    assert set(_lines(docs["personalize/CreateMetricAttribution.md"]).values()) == {""}
    # sqs: moto ran the Python example; the CLI example sends the same request (both parity)
    queues = {label: unescape(line) for label, line in _lines(docs["sqs/ListQueues.md"]).items()}
    moto_version = json.loads(moto.read_text(encoding="utf-8"))["moto"]
    for label in ("AWS CLI", "SDK for Python (Boto3)"):
        assert queues[label].endswith(f"sends botocore's request; moto {moto_version} accepts it."), label
    assert queues["SDK for Java 2.x"] == ""


def test_without_a_report_no_example_claims_anything() -> None:
    docs = _pages([("personalize", ["ListDatasets"])], None)
    assert set(_lines(docs["personalize/ListDatasets.md"]).values()) == {""}
    assert "sdk-parity-proven" not in docs["personalize/ListDatasets.md"]


def _report(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _row(lang: str, status: str, example: str, **extra: str) -> dict[str, str]:
    return {"service": "sqs", "operation": "ListQueues", "lang": lang, "status": status,
            "example": example, **extra}  # fmt: skip


def test_the_line_says_only_what_the_reports_say(tmp_path: Path) -> None:
    sdks = {"sqs": {"python": "AWS SDK for Python (Boto3) 9", "java": "AWS SDK for Java 2.x 8"}}
    wire = _report(tmp_path, "wire.json", {"date": "2026-01-02", "sdks": sdks, "results": [
        _row("python", "parity", "p1"), _row("java", "mismatch", "j1"),
        _row("go", "parity", "g1", label="hostile-1"),  # a hostile round: not the page's example
    ]})
    moto = _report(tmp_path, "moto.json", {"date": "2026-01-03", "moto": "5.1", "examples": [
        {"service": "sqs", "operation": "ListQueues", "status": "needs-setup",
         "code": "QueueDoesNotExist", "example": "p1"},
    ]})
    proofs = load_reports([wire, moto])
    digests = {"python": "p1", "java": "j1", "go": "g1"}
    assert proofs.line("sqs", "ListQueues", "python", digests) == (
        "Verified: AWS SDK for Python (Boto3) 9 sends botocore's request (2026-01-02); "
        "moto 5.1 needs its resources set up first (QueueDoesNotExist) (2026-01-03).")
    # Java does not send botocore's request: said so, and nothing about moto
    assert proofs.line("sqs", "ListQueues", "java", digests) == (
        "Verified 2026-01-02: AWS SDK for Java 2.x 8 does not send botocore's request.")
    assert proofs.line("sqs", "ListQueues", "go", digests) == ""
    # another example than the one judged (other values): nothing
    assert proofs.line("sqs", "ListQueues", "python", {**digests, "python": "other"}) == ""
    # moto alone speaks of the Python example only
    alone = load_reports([moto])
    assert alone.line("sqs", "ListQueues", "python", digests) == (
        "Verified 2026-01-03: moto 5.1 needs this example's resources set up first (QueueDoesNotExist).")
    assert alone.line("sqs", "ListQueues", "java", digests) == ""


@pytest.mark.parametrize("text", ["not json", "[]", '{"results": []}', '{"date": "x", "results": [{}]}'])
def test_a_file_that_is_not_a_verify_report_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "report.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SdkParityError) as caught:
        load_reports([path])
    assert caught.value.path == str(path)


def test_a_bad_report_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.json"
    path.write_text("{}", encoding="utf-8")
    out = tmp_path / "site"
    assert cli.main(["site", "sso", "--verify-report", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not a report of sdk-parity verify" in err
    assert not out.exists()
