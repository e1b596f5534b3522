"""Verify, running: every example of a run, unmodified, against loopback endpoints, concurrently.

Stage: verify. Input: :class:`~generator.verify.examples.Example` s. Output: one
:class:`~generator.verify.examples.Verdict` per example (handed to a callback as soon as it is
decided, for the progress display) and the time spent per language.

CLI, Python and typed-client examples run as subprocesses in worker threads, each thread with
its own :class:`~generator.verify.endpoint.Endpoint` (so captures never mix) through
:func:`generator.verify.harness.run_example` and its environment (credentials, region, the ``aws``
shim that adds ``--endpoint-url`` for sqs and emr, no host prefixes, paginators stopped after
one page). The Java examples run as one batch in one more thread with its own endpoint
(:mod:`generator.verify.java`). Every endpoint listens on 127.0.0.1 only and is closed at the
end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.verify import harness
from generator.verify import responses as verify_responses
from generator.verify.endpoint import Endpoint
from generator.verify.endpoint.reference import REFERENCE_HEADER
from generator.verify.examples import (
    MISMATCH,
    Example,
    Verdict,
    expected_request,
    failure_text,
    judge,
    masked,
)

Done = Callable[[Verdict], None]
TIMEOUT = 120.0


def _client_process(endpoint: Endpoint, example: Example) -> tuple[int, str]:
    """Run a typed-client script with its package importable; (exit code, stderr)."""
    with tempfile.TemporaryDirectory(prefix="sdk-parity-client-") as tmp:
        workdir = Path(tmp)
        env = harness.base_env(endpoint.url(example.service), workdir)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (example.pythonpath, env.get("PYTHONPATH", "")) if p)
        script = workdir / "example.py"
        script.write_text(example.text, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, str(script)], cwd=workdir, env=env, capture_output=True,
            text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
    return proc.returncode, proc.stderr


def run_script(endpoint: Endpoint, example: Example) -> Verdict:
    """Run one CLI, Python or typed-client example and judge what it sent."""
    started = time.monotonic()
    expected, problem = expected_request(endpoint, example)
    if problem:
        return judge(example, ok=False, error=problem, sent=None, expected={}, seconds=0.0)
    seen = len(endpoint.captured(example.service))
    try:
        if example.lang == "client":
            returncode, stderr = _client_process(endpoint, example)
        else:
            result = harness.run_example(
                endpoint, example.service, example.operation, example.lang, example.text,
                example.params, timeout=TIMEOUT,
            )  # fmt: skip
            returncode, stderr = result.returncode, result.stderr
    except subprocess.TimeoutExpired:
        returncode, stderr = -1, f"timed out after {TIMEOUT:.0f}s"
    seconds = time.monotonic() - started
    captured = [
        c for c in endpoint.captured(example.service)[seen:]
        if c.operation == example.operation
        and REFERENCE_HEADER not in {h.lower() for h in c.headers}
    ]  # fmt: skip
    sent = masked(endpoint, example, captured[0].params) if captured else None
    return judge(
        example, ok=returncode == 0, error=failure_text(returncode, stderr), sent=sent,
        expected=expected, seconds=seconds,
    )  # fmt: skip


def execute(
    examples: Sequence[Example], workers: int = 3, done: Done | None = None
) -> tuple[list[Verdict], dict[str, float]]:
    """Run everything; returns the verdicts and seconds per language (summed over examples)
    plus ``java compile``/``java run``/``java resolve`` and ``wall``."""
    from generator.verify.java import run_java

    verdicts: list[Verdict] = []
    timings: dict[str, float] = {}
    lock = threading.Lock()
    endpoints: list[Endpoint] = []
    local = threading.local()
    started = time.monotonic()

    def record(verdict: Verdict) -> None:
        with lock:
            verdicts.append(verdict)
            timings[verdict.lang] = timings.get(verdict.lang, 0.0) + verdict.seconds
        if done is not None:
            done(verdict)

    def new_endpoint(java: bool = False) -> Endpoint:
        endpoint = verify_responses.new_endpoint() if java else harness.new_endpoint()
        with lock:
            endpoints.append(endpoint)
        return endpoint

    def one(example: Example) -> None:
        if not hasattr(local, "endpoint"):
            local.endpoint = new_endpoint()
        try:
            record(run_script(local.endpoint, example))
        except Exception as exc:  # noqa: BLE001 - a harness failure is that example's verdict
            record(_harness_failure(example, exc))

    java = [ex for ex in examples if ex.lang == "java"]
    scripts = [ex for ex in examples if ex.lang != "java"]
    java_timings: dict[str, float] = {}

    def java_batch() -> None:
        decided: set[tuple[str, str, str, str]] = set()

        def java_done(verdict: Verdict) -> None:
            decided.add((verdict.service, verdict.operation, verdict.lang, verdict.label))
            record(verdict)

        try:
            run_java(java, new_endpoint(java=True), java_done, java_timings)
        except Exception as exc:  # noqa: BLE001 - e.g. no JDK: every undecided example says so
            for ex in java:
                if ex.key not in decided:
                    record(_harness_failure(ex, exc))

    thread = threading.Thread(target=java_batch, name="sdk-parity-verify-java", daemon=True)
    try:
        if java:
            thread.start()
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            list(pool.map(one, scripts))
        if java:
            thread.join()
    finally:
        for endpoint in endpoints:
            endpoint.close()
    timings.update(java_timings)
    timings["wall"] = time.monotonic() - started
    return verdicts, timings


def _harness_failure(example: Example, exc: Exception) -> Verdict:
    detail = f"harness error: {type(exc).__name__}: {str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ''}"
    return Verdict(example.service, example.operation, example.lang, MISMATCH, detail, example.label)
