"""On the wire: every Python and CLI example runs unmodified and sends botocore's own request.

The examples run as subprocesses (Python with boto3, the CLI with the real ``aws`` from awscli)
against the loopback endpoint of :mod:`generator.verify.endpoint`; the request each one sends, decoded
with the model, must equal the request botocore sends for the same values, and the example must
exit 0. Personalize runs the committed files in output/; the cross-service sample renders in
memory. Each worker thread has its own endpoint, so captures never mix.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from support import require_tool
from wire_sample import SAMPLE

from generator.errors import UnsupportedError
from generator.generate.pipeline import (
    DEFAULT_VALUES,
    example_value,
    render_snippet,
    values_file_for,
)
from generator.model.lower import load_service
from generator.values.tree import to_params
from generator.verify import scripts
from generator.verify.examples import PARITY, Example, Verdict

REPO = Path(__file__).resolve().parents[2]
WORKERS = 3
_local = threading.local()


def _endpoint() -> Any:
    if not hasattr(_local, "endpoint"):
        _local.endpoint = scripts.new_endpoint().__enter__()
        _ENDPOINTS.append(_local.endpoint)
    return _local.endpoint


_ENDPOINTS: list[Any] = []


@pytest.fixture(scope="module", autouse=True)
def _close_endpoints() -> Iterable[None]:
    yield
    for endpoint in _ENDPOINTS:
        endpoint.close()


def _describe(verdict: Verdict) -> str:
    if verdict.sent is None:
        return verdict.detail
    return "sent " + json.dumps(verdict.sent, default=str)[:800] + "\nwant " + json.dumps(
        verdict.expected, default=str
    )[:800]


def _run_all(jobs: list[tuple[str, Callable[[], Verdict | str]]]) -> list[str]:
    def one(job: tuple[str, Callable[[], Verdict | str]]) -> str:
        label, work = job
        try:
            outcome = work()
        except Exception as exc:  # noqa: BLE001 - reported with the others
            return f"{label}: {type(exc).__name__}: {str(exc)[:600]}"
        if isinstance(outcome, str):
            return ""
        return "" if outcome.status == PARITY else f"{label}: {_describe(outcome)}"

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return [failure for failure in pool.map(one, jobs) if failure]


def _personalize_job(lang: str, operation: str) -> Callable[[], Verdict]:
    service = load_service("personalize")
    op = service.operation(operation)
    value = example_value(service, op, values_file_for(DEFAULT_VALUES, "personalize", operation))
    snippet = render_snippet(service, op, value, lang)
    text = (REPO / "output" / snippet.path).read_text(encoding="utf-8")

    def work() -> Verdict:
        example = Example("personalize", operation, lang, text, to_params(value))
        return scripts.run_script(_endpoint(), example)

    return work


@pytest.mark.parametrize("lang", ["python", "cli"])
def test_every_personalize_example_sends_botocores_request(lang: str) -> None:
    if lang == "cli":
        require_tool("sh")
    operations = list(load_service("personalize").operations)
    jobs = [(f"{lang} {op}", _personalize_job(lang, op)) for op in operations]
    failures = _run_all(jobs)
    assert not failures, "\n\n".join(failures)


def test_seed_example_sends_exactly_the_seed_values() -> None:
    seed = json.loads((DEFAULT_VALUES / "personalize/CreateMetricAttribution.json").read_text())
    with scripts.new_endpoint() as endpoint:
        for lang in ("cli", "python"):
            path = {
                "cli": "personalize/cli/create-metric-attribution.sh",
                "python": "personalize/python/create_metric_attribution.py",
            }[lang]
            text = (REPO / "output" / path).read_text(encoding="utf-8")
            example = Example("personalize", "CreateMetricAttribution", lang, text, seed)
            verdict = scripts.run_script(endpoint, example)
            assert verdict.status == PARITY, verdict.detail
            assert verdict.sent == seed, (lang, verdict.sent)


def _sample_job(lang: str, service_name: str, operation: str) -> Callable[[], Verdict | str]:
    def work() -> Verdict | str:
        service = load_service(service_name)
        op = service.operation(operation)
        value = example_value(service, op, None)
        try:
            snippet = render_snippet(service, op, value, lang)
        except UnsupportedError as exc:
            assert exc.message, "an unsupported target must say why"
            return exc.message
        example = Example(service_name, operation, lang, snippet.text, to_params(value))
        return scripts.run_script(_endpoint(), example)

    return work


@pytest.mark.parametrize("lang", ["python", "cli"])
def test_cross_service_sample_sends_botocores_request(lang: str) -> None:
    jobs = [
        (f"{lang} {svc}:{op} ({why})", _sample_job(lang, svc, op)) for svc, op, why in SAMPLE
    ]
    failures = _run_all(jobs)
    assert not failures, "\n\n".join(failures)


def test_sample_covers_all_six_protocols() -> None:
    protocols = {load_service(service).protocol for service, _, _ in SAMPLE}
    assert protocols == {"json", "rest-json", "rest-xml", "query", "ec2", "smithy-rpc-v2-cbor"}
    assert len(SAMPLE) >= 30


def test_removed_cli_commands_say_so() -> None:
    service = load_service("kinesis")
    op = service.operation("SubscribeToShard")
    with pytest.raises(UnsupportedError, match="removed"):
        render_snippet(service, op, example_value(service, op, None), "cli")
