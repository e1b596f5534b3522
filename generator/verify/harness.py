"""Wire proof: run rendered examples unmodified against the loopback endpoint and compare.

Input: rendered snippets and the value tree they were rendered from. Output: for each example,
whether it exited 0 and whether the request it sent, decoded with the model, equals the
request botocore itself sends for the same values (:func:`generator.verify.endpoint.reference_params`).
Idempotency tokens and other members the SDKs fill in themselves are masked on both sides.

Environment quirks are handled here, never in the published examples:

* credentials and region come from the environment (``testing`` keys, ``us-east-1``) and the
  user's own config files are hidden;
* ``AWS_DISABLE_HOST_PREFIX_INJECTION=true``, because a host prefix such as deadline's
  ``management.`` cannot resolve in front of 127.0.0.1 (it carries no parameters);
* the CLI runs through a shim named ``aws`` first on ``PATH`` that adds ``--endpoint-url``,
  because awscli v1 ignores ``AWS_ENDPOINT_URL`` for some services (sqs, emr);
* synthesized responses carry no pagination token, so paginating CLIs stop after one page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore.session

from generator.verify.endpoint import (
    Endpoint,
    reference_params,
    synthesize_output,
    without_auto_filled,
)
from generator.verify.endpoint.reference import REFERENCE_HEADER

_BIN = Path(sys.executable).parent
AWS = shutil.which("aws", path=str(_BIN)) or shutil.which("aws") or "aws"


@dataclass(frozen=True)
class RunResult:
    lang: str
    returncode: int
    stdout: str
    stderr: str
    sent: dict[str, Any] | None
    expected: dict[str, Any]
    operation: str

    @property
    def parity(self) -> bool:
        return self.returncode == 0 and self.sent == self.expected


def _paginator_tokens(session: botocore.session.Session) -> Callable[[str, str], tuple[set[str], str]]:
    cache: dict[str, Any] = {}

    def tokens(service: str, operation: str) -> tuple[set[str], str]:
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
        names: set[str] = set()
        for expression in raw if isinstance(raw, list) else [raw]:
            for alternative in str(expression).split("||"):
                names.add(alternative.strip().split(".")[0].split("[")[0])
        return names, str(config.get("more_results", "") or "")

    return tokens


def response_factory(session: botocore.session.Session | None = None) -> Callable[[Any], dict[str, Any]]:
    """Synthesized responses without pagination tokens (a paginating CLI stops at page one)."""
    tokens = _paginator_tokens(session or botocore.session.get_session())

    def factory(operation_model: Any) -> dict[str, Any]:
        out = synthesize_output(operation_model)
        names, more = tokens(operation_model.service_model.service_name, operation_model.name)
        for name in names:
            out.pop(name, None)
        if more:
            out[more.split(".")[0]] = False
        return out

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


def _cli_shim(workdir: Path, endpoint_url: str) -> Path:
    shim_dir = workdir / "shim"
    shim_dir.mkdir(exist_ok=True)
    shim = shim_dir / "aws"
    shim.write_text(
        f'#!/bin/sh\nexec "{AWS}" --endpoint-url "{endpoint_url}" "$@"\n', encoding="utf-8"
    )
    shim.chmod(0o755)
    return shim_dir


def run_example(
    endpoint: Endpoint,
    service: str,
    operation: str,
    lang: str,
    text: str,
    params: dict[str, Any],
    timeout: float = 120,
) -> RunResult:
    """Run one CLI or Python example and decode what it sent."""
    url = endpoint.url(service)
    expected = reference_params(endpoint, service, operation, params)
    op_model = endpoint.service_model(service).operation_model(operation)
    expected = without_auto_filled(op_model, expected, params)
    seen = len(endpoint.captured(service))
    with tempfile.TemporaryDirectory(prefix="sdk-parity-") as tmp:
        workdir = Path(tmp)
        env = base_env(url, workdir)
        if lang == "python":
            script = workdir / "example.py"
            script.write_text(text, encoding="utf-8")
            command = [sys.executable, str(script)]
        elif lang == "cli":
            script = workdir / "example.sh"
            script.write_text(text, encoding="utf-8")
            env["PATH"] = f"{_cli_shim(workdir, url)}{os.pathsep}{env.get('PATH', '')}"
            command = ["sh", str(script)]
        else:
            raise ValueError(f"run_example does not run {lang}")
        proc = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout
        )
    captured = [
        c
        for c in endpoint.captured(service)[seen:]
        if c.operation == operation and REFERENCE_HEADER not in {h.lower() for h in c.headers}
    ]
    sent = without_auto_filled(op_model, captured[0].params, params) if captured else None
    return RunResult(lang, proc.returncode, proc.stdout, proc.stderr, sent, expected, operation)
