"""The script runner: CLI, Python and typed-client examples run unmodified, in batch mode.

Stage: verify (a runner named by :mod:`generator.targets.registry`). Input: examples whose
target has an ``interpreter``. Output: one verdict per example, judged by
:func:`generator.verify.examples.judge` - the same judge as every other runner - from the
request the example sent, decoded with the model, and botocore's own request for the same
values (one reference call per example).

Environment quirks are handled here, never in the published examples:

* credentials and region come from the environment (``testing`` keys, ``us-east-1``) and the
  user's own config files are hidden;
* ``AWS_DISABLE_HOST_PREFIX_INJECTION=true``, because a host prefix such as deadline's
  ``management.`` cannot resolve in front of 127.0.0.1 (it carries no parameters);
* a target with ``endpoint_flag`` runs with a wrapper named ``aws`` first on ``PATH`` that adds
  ``--endpoint-url``, because awscli v1 ignores ``AWS_ENDPOINT_URL`` for some services (sqs, emr);
* synthesized responses carry no pagination token, so paginating CLIs stop after one page;
* a host name an endpoint rule set builds from a member (s3control's ``<AccountId>.`` in front
  of the endpoint) resolves to the loopback address (:mod:`generator.verify.loopback_dns`, in
  the workers, in this process and, through a ``sitecustomize``, in a script run whole).

CLI, Python and typed-client examples run in worker threads, each thread with its own
:class:`~generator.verify.endpoint.Endpoint` (so captures never mix) and its own long-lived
worker process (:mod:`generator.verify.inproc`): a Python file is executed there as
``__main__``, a CLI script is read by ``sh`` into the argv of its ``aws`` line, which awscli's
own driver runs there with ``--endpoint-url`` (what the ``aws`` wrapper adds). Every
:data:`WHOLE_EVERY`-th CLI script is also run whole, by ``sh`` and the real ``aws`` as a user
would, and must reach the same verdict. botocore's reference request is made once per operation
and shared by the languages.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import botocore.session

from generator.capabilities.cli import sent_by_cli
from generator.targets.registry import target
from generator.verify import inproc
from generator.verify.endpoint import Endpoint, synthesize_output
from generator.verify.examples import (
    MISMATCH,
    Done,
    Example,
    Verdict,
    expected_request,
    failure_text,
    harness_failure,
    judge,
    sent_request,
)

_BIN = Path(sys.executable).parent
_REPO = Path(__file__).resolve().parents[2]
_PYDNS = Path(__file__).resolve().parent / "toolchains" / "pydns"
AWS = shutil.which("aws", path=str(_BIN)) or shutil.which("aws") or "aws"
TIMEOUT = 120.0
# every 50th shell script of a language also runs whole (``sh`` and the real ``aws``); a whole
# run costs as much as 20 batch runs, so this is 2.5 % more work for the proof of the wrapper
WHOLE_EVERY = 50


def _paginator_tokens(
    session: botocore.session.Session,
) -> Callable[[str, str], tuple[set[tuple[str, ...]], str]]:
    """The member paths of an operation's output tokens (``EngineDefaults.Marker`` is
    ``("EngineDefaults", "Marker")``) and its ``more_results`` expression."""
    cache: dict[str, Any] = {}

    def tokens(service: str, operation: str) -> tuple[set[tuple[str, ...]], str]:
        if service not in cache:
            try:
                cache[service] = session.get_paginator_model(service)
            except Exception:  # noqa: BLE001 - a service without paginators
                cache[service] = None
        model = cache[service]
        if model is None:
            return set(), ""
        try:
            config = model.get_paginator(operation)
        except ValueError:
            return set(), ""
        raw = config.get("output_token", [])
        paths: set[tuple[str, ...]] = set()
        for expression in raw if isinstance(raw, list) else [raw]:
            for alternative in str(expression).split("||"):
                paths.add(tuple(part.split("[")[0] for part in alternative.strip().split(".")))
        return paths, str(config.get("more_results", "") or "")

    return tokens


def _strip_tokens(out: dict[str, Any], paths: set[tuple[str, ...]], more: str) -> dict[str, Any]:
    """A response made the last page: no output token, ``more_results`` false."""
    for path in paths:  # only the token: a structure around it stays (EngineDefaults.Marker)
        holder: Any = out
        for part in path[:-1]:
            holder = holder.get(part) if isinstance(holder, dict) else None
        if isinstance(holder, dict):
            holder.pop(path[-1], None)
    if more:
        _set_flag(out, more, False)
    return out


def _set_flag(out: dict[str, Any], path: str, flag: bool) -> None:
    """Set a ``more_results`` member, nested ones included (CloudFront's
    ``DistributionList.IsTruncated``), where the response has its enclosing structure."""
    parts = path.split(".")
    holder: Any = out
    for part in parts[:-1]:
        holder = holder.get(part) if isinstance(holder, dict) else None
    if isinstance(holder, dict):
        holder[parts[-1]] = flag


def response_factory(session: botocore.session.Session | None = None) -> Callable[[Any], dict[str, Any]]:
    """Synthesized responses without pagination tokens (a paginating CLI stops at page one;
    :mod:`generator.verify.paging` makes first pages where a runner asks for them)."""
    tokens = _paginator_tokens(session or botocore.session.get_session())

    def factory(operation_model: Any) -> dict[str, Any]:
        out = synthesize_output(operation_model)
        paths, more = tokens(operation_model.service_model.service_name, operation_model.name)
        return _strip_tokens(out, paths, more)

    return factory


def new_endpoint() -> Endpoint:
    return Endpoint(response_factory=response_factory())


def base_env(endpoint_url: str, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_REGION="us-east-1",
        AWS_ENDPOINT_URL=endpoint_url,
        AWS_DISABLE_HOST_PREFIX_INJECTION="true",
        AWS_CONFIG_FILE=str(workdir / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(workdir / "no-credentials"),
        AWS_MAX_ATTEMPTS="1",
        AWS_RETRY_MODE="standard",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
        HOME=str(workdir),
    )
    return env


def _shim(workdir: Path, endpoint_url: str) -> Path:
    """A folder holding an ``aws`` that passes ``--endpoint-url`` to the real one."""
    shim_dir = workdir / "shim"
    shim_dir.mkdir(exist_ok=True)
    shim = shim_dir / "aws"
    shim.write_text(
        f'#!/bin/sh\nexec "{AWS}" --endpoint-url "{endpoint_url}" "$@"\n', encoding="utf-8"
    )
    shim.chmod(0o755)
    return shim_dir


def run_process(
    example: Example, endpoint_url: str, timeout: float = TIMEOUT,
    extra_env: Mapping[str, str] | None = None,
) -> tuple[int, str, str]:  # fmt: skip
    """Run one example file as its target's interpreter would; (exit code, stdout, stderr).
    ``extra_env``: what the endpoint adds for the service (:meth:`Endpoint.client_env`)."""
    spec = target(example.lang)
    with tempfile.TemporaryDirectory(prefix="sdk-parity-") as tmp:
        workdir = Path(tmp)
        env = {**base_env(endpoint_url, workdir), **(extra_env or {})}
        # the harness's name resolution (``loopback_dns``) for a Python the script starts
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_PYDNS), str(_REPO), example.pythonpath, env.get("PYTHONPATH", "")) if p
        )
        if spec.endpoint_flag:
            env["PATH"] = f"{_shim(workdir, endpoint_url)}{os.pathsep}{env.get('PATH', '')}"
        script = workdir / f"example{spec.suffix}"
        script.write_text(example.text, encoding="utf-8")
        command = [sys.executable if part == "{python}" else part for part in spec.interpreter]
        try:
            proc = subprocess.run(
                [*command, str(script)], cwd=workdir, env=env, capture_output=True, text=True,
                timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return -1, "", f"timed out after {timeout:.0f}s"
    return proc.returncode, proc.stdout, proc.stderr


def as_sent(example: Example) -> Example:
    """The example with the members its SDK adds by itself (the CLI's ``page-size``
    customizations, :func:`generator.capabilities.cli.sent_by_cli`): botocore's request for
    these params is what the example must send."""
    if example.lang != "cli":
        return example
    added = sent_by_cli(example.service, example.operation, example.params)
    return dataclasses.replace(example, params={**example.params, **added}) if added else example


def run_script(endpoint: Endpoint, example: Example) -> Verdict:
    """Run one example file whole, in a new process, against ``endpoint``; judge what it sent."""
    started = time.monotonic()
    expected, problem = expected_as_sent(endpoint, example)
    if problem:
        return judge(example, ok=False, error=problem, sent=None, expected={}, seconds=0.0)
    seen = len(endpoint.captured(example.service))
    returncode, _, stderr = run_process(
        example, endpoint.url(example.service), extra_env=endpoint.client_env(example.service)
    )
    seconds = time.monotonic() - started
    return judge(
        example, ok=returncode == 0, error=failure_text(returncode, stderr),
        sent=sent_request(endpoint, example, seen), expected=expected, seconds=seconds,
    )  # fmt: skip


Expected = Callable[[Endpoint, Example], tuple[dict[str, Any], str]]


def expected_as_sent(endpoint: Endpoint, example: Example) -> tuple[dict[str, Any], str]:
    """botocore's request for what the example's SDK sends (:func:`as_sent`)."""
    return expected_request(endpoint, as_sent(example))


Workers = Callable[[str], inproc.Worker]  # the worker for a kind of job (python, aws)


def run_in_worker(
    endpoint: Endpoint, workers: Workers, example: Example,
    expected: Expected = expected_as_sent, timeout: float = TIMEOUT,
) -> Verdict:  # fmt: skip
    """Run one example in ``worker`` (batch mode, see :mod:`generator.verify.inproc`): a Python
    file executed as ``__main__``, a CLI script's ``aws`` argv (read by ``sh``) through awscli's
    driver; a script ``sh`` cannot reduce to one argv runs whole. Judged like :func:`run_script`."""
    spec = target(example.lang)
    started = time.monotonic()
    want, problem = expected(endpoint, example)
    if problem:
        return judge(example, ok=False, error=problem, sent=None, expected={}, seconds=0.0)
    url = endpoint.url(example.service)
    seen = len(endpoint.captured(example.service))
    with tempfile.TemporaryDirectory(prefix="sdk-parity-") as tmp:
        workdir = Path(tmp)
        extra = endpoint.client_env(example.service)
        env = {**base_env(url, workdir), **extra}
        script = workdir / f"example{spec.suffix}"
        script.write_text(example.text, encoding="utf-8")
        job: dict[str, Any] | None
        if spec.interpreter == ("{python}",):
            job = {"kind": "python", "path": str(script), "text": example.text,
                   "pythonpath": example.pythonpath}  # fmt: skip
        else:
            argv = inproc.cli_argv(script, env, timeout)
            flag = ["--endpoint-url", url] if spec.endpoint_flag else []
            job = None if argv is None else {"kind": "aws", "argv": [*flag, *argv]}
        if job is None:
            returncode, _, stderr = run_process(example, url, timeout, extra)
        else:
            job.update(env=env, cwd=str(workdir), service=example.service)
            try:
                reply = workers(str(job["kind"])).run(job, timeout)
                returncode, stderr = int(reply["code"]), str(reply["stderr"])
            except inproc.WorkerError as exc:
                returncode, stderr = -1, str(exc)
    seconds = time.monotonic() - started
    return judge(
        example, ok=returncode == 0, error=failure_text(returncode, stderr),
        sent=sent_request(endpoint, example, seen), expected=want, seconds=seconds,
    )  # fmt: skip


def _shared_expected() -> Expected:
    """botocore's request per (service, operation, label): the same for every language."""
    cache: dict[tuple[str, ...], tuple[dict[str, Any], str]] = {}
    lock = threading.Lock()

    def expected(endpoint: Endpoint, example: Example) -> tuple[dict[str, Any], str]:
        reference = as_sent(example)
        key: tuple[str, ...] = (example.service, example.operation, example.label)
        if reference is not example:
            key = (*key, repr(sorted(reference.params.items())))
        with lock:
            hit = cache.get(key)
        if hit is None:
            hit = expected_request(endpoint, reference)
            with lock:
                cache[key] = hit
        return hit

    return expected


def _agree(batch: Verdict, whole: Verdict) -> Verdict:
    """The batch verdict, unless the same example run whole decided otherwise."""
    if (batch.status, batch.detail) == (whole.status, whole.detail):
        return batch
    detail = (
        f"batch mode and a whole run differ: batch {batch.status}"
        f"{': ' + batch.detail if batch.detail else ''}; whole {whole.status}"
        f"{': ' + whole.detail if whole.detail else ''}"
    )
    return Verdict(batch.service, batch.operation, batch.lang, MISMATCH, detail[:600], batch.label,
                   batch.seconds, batch.sent, batch.expected)  # fmt: skip


def run_batch(
    examples: Sequence[Example],
    done: Done,
    timings: dict[str, float],
    workers: int = 3,
    whole_every: int | None = None,
) -> None:
    """Run every example in ``workers`` threads, each thread with its own endpoint and its own
    worker process. Every ``whole_every``-th shell script of a language (default
    :data:`WHOLE_EVERY`; 1: all, 0: none) is also run whole by ``sh`` with the real ``aws`` and
    must come to the same verdict: that proves the wrapper (a Python file is executed in the
    worker as its interpreter would; ``tests/verify/test_batch.py`` proves that)."""
    every = WHOLE_EVERY if whole_every is None else whole_every
    local = threading.local()
    endpoints: list[Endpoint] = []
    borrowed: list[inproc.Worker] = []
    lock = threading.Lock()
    expected = _shared_expected()
    position: dict[str, int] = {}
    order: list[tuple[Example, bool]] = []
    for example in examples:
        index = position[example.lang] = position.get(example.lang, -1) + 1
        shell = target(example.lang).interpreter != ("{python}",)
        order.append((example, shell and every > 0 and index % every == 0))

    def one(item: tuple[Example, bool]) -> None:
        example, whole = item
        if not hasattr(local, "endpoint"):
            local.endpoint = new_endpoint()
            local.workers = {}
            with lock:
                endpoints.append(local.endpoint)

        def worker(kind: str) -> inproc.Worker:
            if kind not in local.workers:
                local.workers[kind] = inproc.borrow(kind)
                with lock:
                    borrowed.append(local.workers[kind])
            found: inproc.Worker = local.workers[kind]
            return found

        try:
            verdict = run_in_worker(local.endpoint, worker, example, expected)
            if whole:
                verdict = _agree(verdict, run_script(local.endpoint, example))
        except Exception as exc:  # noqa: BLE001 - a harness failure is that example's verdict
            verdict = harness_failure(example, exc)
        with lock:
            timings[example.lang] = timings.get(example.lang, 0.0) + verdict.seconds
        done(verdict)

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            list(pool.map(one, order))
    finally:
        for endpoint in endpoints:
            endpoint.close()
        for worker in borrowed:
            inproc.give_back(worker)
