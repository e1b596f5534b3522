"""Verify, Go: every Go example of a run built in one ``go build`` and each binary run.

Stage: verify (the Go half of the wire proof). Input: ``go``
:class:`~generator.verify.examples.Example` s (the source exactly as rendered) and an
:class:`~generator.verify.endpoint.Endpoint` made with ``path_tags=PATH_TAGS``. Output: one
:class:`~generator.verify.examples.Verdict` per example, from the request its binary sent, decoded
with the model, compared with botocore's own request for the same values.

Harness-side only, the examples are built and run as published:

* the renderer already refuses services whose module the Go proxy does not serve here (not
  pinned in ``generator/verify/toolchains/go/go.mod``);
* all examples are ``main`` packages of one module (the pinned go.mod/go.sum) built by one
  ``go build -o bin/ ./examples/...``; a package that does not compile is reported with the
  compiler's first error and the rest built again;
* each binary runs with ``AWS_ENDPOINT_URL=<service endpoint>/ex-<n>``: the endpoint strips
  that path prefix and records it as the capture's tag.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.model.lower import load_service
from generator.naming import go as gonames
from generator.verify import gotool
from generator.verify.endpoint import Endpoint
from generator.verify.examples import (
    MISMATCH,
    Done,
    Example,
    Verdict,
    expected_request,
    judge,
    request_of,
)
from generator.verify.js import PATH_TAGS, check_endpoint
from generator.verify.responses import consistent_factory
from generator.verify.scripts import base_env

__all__ = ["PATH_TAGS", "new_endpoint", "run_batch", "run_go"]


_NUMBER = re.compile(r"^\*?(?:u?int(?:8|16|32|64)?|float(?:32|64))$")


class _GoShapes:
    """What the Go SDK's deserializers expect of a synthesized response, from go.json."""

    def __init__(self, service_id: str, operation: str) -> None:
        self.sid = service_id
        self.unions = gonames.union_shapes(service_id)
        # Top-level output structs are not in the table; an output member that echoes an input
        # member (route53's MaxItems) has the input field's type.
        self.top = gonames.struct_fields(service_id, gonames.input_struct(operation), True) or {}

    def number_fields(self, struct: str, top: bool) -> set[str]:
        fields = self.top if top else gonames.struct_fields(self.sid, gonames.type_name(struct), False)
        return {name for name, kind in (fields or {}).items() if _NUMBER.match(kind)}


def _fit(shape: Any, value: Any, go: _GoShapes, top: bool = False) -> Any:
    """One member of each Go union; a number where Go types a string-modeled member as one."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        if shape.name in go.unions and len(value) > 1:
            first = next(iter(value))
            value = {first: value[first]}
        numbers = go.number_fields(shape.name, top)
        out: dict[str, Any] = {}
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                out[key] = item
            elif member.type_name == "string" and gonames.capitalize(key) in numbers:
                out[key] = "1"
            else:
                out[key] = _fit(member, item, go)
        return out
    if kind == "list" and isinstance(value, list):
        return [_fit(shape.member, v, go) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _fit(shape.value, v, go) for k, v in value.items()}
    return value


def new_endpoint() -> Endpoint:
    """:func:`generator.verify.js.new_endpoint` whose responses the Go SDK can read: one member
    of each shape it deserializes as a union (it rejects a union with several members), and a
    number in string-modeled members Go types as numbers (route53 ``MaxItems``)."""
    ref: list[Endpoint] = []
    base = consistent_factory(ref)

    def factory(operation_model: Any) -> dict[str, Any]:
        out = base(operation_model)
        shape = operation_model.output_shape
        if shape is None:
            return out
        sid = load_service(operation_model.service_model.service_name).service_id
        return dict(_fit(shape, out, _GoShapes(sid, operation_model.name), top=True))

    endpoint = Endpoint(response_factory=factory, path_tags=PATH_TAGS)
    ref.append(endpoint)
    return endpoint


def package_name(number: int, ex: Example) -> str:
    return f"ex{number}-" + re.sub(r"[^a-z0-9]+", "", f"{ex.service}{ex.operation}".lower())


# Under heavy load the Go HTTP transport now and then loses the loopback connection while
# reading a complete response ("use of closed network connection"); that binary is run once
# more (the example is unchanged; the verdict judges the run that finished).
_TRANSPORT_FLAKE = "use of closed network connection"


def _cause(line: str) -> str:
    """A Go error line shortened from the front: its cause is at the end."""
    return line if len(line) <= 300 else "..." + line[-297:]


def run_go(
    examples: Sequence[Example],
    endpoint: Endpoint,
    done: Done,
    timings: dict[str, float],
    cache_dir: Path | None = None,
) -> None:
    """Verify the Go examples; ``done`` receives each verdict as it is decided."""
    check_endpoint(endpoint)
    if not examples:
        return
    started = time.monotonic()
    cache = gotool.install(cache_dir)
    timings["go install"] = timings.get("go install", 0.0) + time.monotonic() - started
    (cache / "work").mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=cache / "work"))
    try:
        named = {package_name(n, ex): (n, ex) for n, ex in enumerate(examples)}
        started = time.monotonic()
        bin_dir, broken = gotool.build({k: ex.text for k, (_, ex) in named.items()}, folder, cache)
        timings["go build"] = timings.get("go build", 0.0) + time.monotonic() - started
        env = base_env("http://127.0.0.1:9", folder)
        started = time.monotonic()
        for name, (number, ex) in named.items():
            if name in broken:
                detail = f"go build: {broken[name][0][:200]}"
                done(Verdict(ex.service, ex.operation, ex.lang, MISMATCH, detail, ex.label))
                continue
            env["AWS_ENDPOINT_URL"] = f"{endpoint.url(ex.service)}/ex-{number}"
            for _attempt in range(2):
                seen = len(endpoint.captured(ex.service))
                result = gotool.run(bin_dir / name, env)
                if result.ok or _TRANSPORT_FLAKE not in result.stderr:
                    break
            captures = [c for c in endpoint.captured(ex.service)[seen:] if c.tag == f"ex-{number}"]
            expected, problem = expected_request(endpoint, ex)
            sent = request_of(endpoint, ex, captures)
            lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
            error = (
                ""
                if result.ok
                else f"exit {result.returncode}: {_cause(lines[-1] if lines else 'no output')}"
            )
            done(judge(ex, ok=result.ok and not problem, error=problem or error, sent=sent,
                       expected=expected, seconds=result.millis / 1000))  # fmt: skip
        timings["go run"] = timings.get("go run", 0.0) + time.monotonic() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_batch(
    examples: Sequence[Example], done: Done, timings: dict[str, float], workers: int = 3
) -> None:
    """The Go runner: one ``go build`` and the binaries run one at a time against an own
    endpoint, closed at the end (``workers`` is not used: each binary's requests are matched by
    its path tag, and SQS digests need one request at a time)."""
    endpoint = new_endpoint()
    try:
        run_go(examples, endpoint, done, timings)
    finally:
        endpoint.close()
