"""``verify --against moto``: classification rules, and real runs of SQS examples on moto."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main as cli_main
from generator.verify import moto as moto_check
from generator.verify.moto import Call, Observation, classify


def status_of(obs: Observation) -> str:
    return classify(obs)[0]


@pytest.mark.parametrize(
    "code",
    [
        "ResourceNotFoundException", "NoSuchBucket", "NoSuchKey", "NoSuchEntity", "NotFound",
        "ParameterNotFound", "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
        "InvalidInstanceID.NotFound", "StateMachineDoesNotExist", "EntityNotFoundException",
        "UnknownResourceException",
    ],
)
def test_missing_resource_codes_need_setup(code: str) -> None:
    obs = Observation(calls=[Call(400, code, "it does not exist")])
    assert classify(obs) == ("needs-setup", code, "it does not exist", 400)


def test_does_not_exist_message_needs_setup_unless_the_code_calls_the_value_malformed() -> None:
    missing = Call(400, "InvalidDocument", "The specified document does not exist.")
    assert status_of(Observation(calls=[missing])) == "needs-setup"
    bad_arn = Call(400, "InvalidArn", "Execution Does Not Exist: 'arn:aws:states:...'")
    assert status_of(Observation(calls=[bad_arn])) == "rejected"


@pytest.mark.parametrize(
    "code",
    ["ValidationException", "InvalidParameterValue", "MalformedPolicyDocument",
     "SerializationException", "AccessDenied", "InvalidAttributeValue", "LimitExceeded"],
)
def test_other_error_codes_are_rejected(code: str) -> None:
    assert status_of(Observation(calls=[Call(400, code, "bad value")])) == "rejected"


def test_success_and_dry_run_are_ok() -> None:
    assert status_of(Observation(calls=[Call(200)])) == "ok"
    assert status_of(Observation(calls=[Call(412, "DryRunOperation", "would succeed")])) == "ok"


def test_first_failing_call_decides() -> None:
    obs = Observation(calls=[Call(200), Call(400, "ValidationException", "no"), Call(200)])
    assert status_of(obs) == "rejected"


def test_bodiless_404_needs_setup_but_html_404_is_a_missing_route() -> None:
    assert status_of(Observation(calls=[Call(404, "404", "Not Found")])) == "needs-setup"
    assert classify(Observation(calls=[Call(404, "404", "", html=True)]))[:2] == (
        "not-implemented", "NoRoute")


def test_moto_exceptions() -> None:
    not_impl = Observation(
        calls=[Call(500, html=True)],
        server_errors=["NotImplementedError: The foo action has not been implemented"],
    )
    assert classify(not_impl)[:3] == (
        "not-implemented", "NotImplementedError", "The foo action has not been implemented")
    crash = Observation(calls=[Call(500, html=True)], server_errors=["KeyError: 'example-id'"])
    assert classify(crash)[:3] == ("moto-crash", "MotoException", "KeyError: 'example-id'")
    unsupported = Observation(calls=[Call(500, html=True)],
                              output=f"{moto_check.UNSUPPORTED} for braket.us-east-1")
    assert status_of(unsupported) == "not-implemented"


def test_local_failures_are_errors() -> None:
    obs = Observation(local_error="ParamValidationError: Parameter validation failed")
    assert classify(obs)[:2] == ("error", "NoRequest")
    assert status_of(Observation(calls=[Call(200)], local_error="TypeError: x")) == "error"
    assert status_of(Observation(calls=[Call(200)], timed_out=True)) == "error"


def test_rejected_share_counts_errors_and_ignores_unjudged() -> None:
    js = [
        moto_check.Judgement("s", "A", "ok"), moto_check.Judgement("s", "B", "rejected"),
        moto_check.Judgement("s", "C", "error"), moto_check.Judgement("s", "D", "needs-setup"),
        moto_check.Judgement("s", "E", "not-implemented"),
        moto_check.Judgement("s", "F", "moto-crash"),
    ]
    total = moto_check.counts(js)["total"]
    assert (total["judged"], total["rejected_share"]) == (4, 0.5)


@pytest.fixture(autouse=True)
def _synthesized_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the runner and its classification: they use synthesized values,
    not the AWS-authored examples (whose CreateQueue refers to a dead-letter queue)."""
    from generator.values import sources

    monkeypatch.setattr(sources, "aws_examples", lambda service, operation: [])


def _patched_render(monkeypatch: pytest.MonkeyPatch, edits: dict[str, tuple[str, str]]) -> None:
    """Make moto_check render each named operation's example with one text replacement."""
    real = moto_check.render_snippet  # type: ignore[attr-defined]

    def render(service: Any, operation: Any, value: Any, lang: str) -> Any:
        snippet = real(service, operation, value, lang)
        if operation.name not in edits:
            return snippet
        old, new = edits[operation.name]
        assert re.search(old, snippet.text), old
        return type(snippet)(snippet.lang, snippet.path, re.sub(old, new, snippet.text, count=1),
                             snippet.excerpt)

    monkeypatch.setattr(moto_check, "render_snippet", render)


def test_sqs_examples_on_moto() -> None:
    results = {j.operation: j for j in moto_check.run(
        [("sqs", ["CreateQueue", "DeleteQueue", "GetQueueUrl", "PurgeQueue"])])}
    assert results["CreateQueue"].status == "ok"
    assert results["CreateQueue"].http_status == 200
    for name in ("DeleteQueue", "GetQueueUrl", "PurgeQueue"):
        assert results[name].status == "needs-setup", results[name]
        assert "NonExistentQueue" in results[name].code


def test_state_is_reset_between_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    # GetQueueUrl names the queue CreateQueue made: it would find it if it survived; the
    # reset after CreateQueue's 2xx removes it.
    results = moto_check.run([("sqs", ["CreateQueue", "GetQueueUrl"])])
    assert [j.status for j in results] == ["ok", "needs-setup"]


def test_value_moto_refuses_is_rejected_and_local_crash_is_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _patched_render(monkeypatch, {
        "CreateQueue": (r'QueueName="[^"]*"', 'QueueName="not a valid queue name!"'),
        "ListQueues": (r"paginator\.paginate\(", "paginator.paginate(MaxResults='many', "),
    })
    create, listing = moto_check.run([("sqs", ["CreateQueue", "ListQueues"])])
    assert create.status == "rejected"
    assert create.code == "InvalidParameterValue"
    assert create.http_status == 400
    assert listing.status == "error"
    assert "ParamValidationError" in listing.message


def test_cli_writes_report_and_exits_1_on_rejection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "moto.json"
    code = cli_main(["verify", "--against", "moto", "sqs", "SendMessage", "CreateQueue",
                     "--report", str(report)])
    out = capsys.readouterr().out
    data = json.loads(report.read_text())
    statuses = {e["operation"]: e["status"] for e in data["examples"]}
    assert code == (1 if "rejected" in statuses.values() else 0)
    assert statuses["CreateQueue"] == "ok"
    assert "sqs" in out and "total" in out
    assert data["counts"]["sqs"]["judged"] == 2
