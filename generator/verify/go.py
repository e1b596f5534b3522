"""Verify, Go: one binary per service, built in one ``go build``, each example run from it.

Stage: verify (the Go half of the wire proof). Input: ``go``
:class:`~generator.verify.examples.Example` s (the source exactly as rendered) and an
:class:`~generator.verify.endpoint.Endpoint` made with ``path_tags=PATH_TAGS`` (best
:func:`new_endpoint`). Output: one :class:`~generator.verify.examples.Verdict` per example, from
the requests its run sent, decoded with the model, compared with botocore's own requests for the
same values.

Harness-side only, the examples run as published:

* the renderer already refuses services whose module the Go module proxy refused (see
  ``generator/naming/data/go/modules.json``);
* the examples of a service become packages ``ex<n>`` of one binary whose ``main`` runs the one
  its argument names (:func:`generator.verify.gotool.build_services`: only the package clause and
  the name of ``main`` change); one ``go build`` for all services, in a workspace kept between
  runs with the build cache; a package that does not compile is reported with the compiler's
  first error and the rest built again;
* each example runs without flags (its ``-region``/``-profile`` fall back to the default chain)
  with ``AWS_ENDPOINT_URL=<service endpoint>/ex-<n>``: the endpoint strips that path prefix and
  records it as the capture's tag;
* a first page carries a next token (``consistent_factory(..., pages=True)``, as for
  JavaScript), so an example that iterates its paginator sends a second request, judged
  against botocore's request for that page (:mod:`generator.verify.paging`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
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
    requests_of,
)
from generator.verify.js import PATH_TAGS, check_endpoint
from generator.verify.loopback_proxy import LoopbackProxy
from generator.verify.paging import later_pages
from generator.verify.responses import consistent_factory
from generator.verify.scripts import base_env

__all__ = ["PATH_TAGS", "fitted", "new_endpoint", "run_batch", "run_go"]


_NUMBER = re.compile(r"^\*?(?:u?int(?:8|16|32|64)?|float(?:32|64))$")


class _GoShapes:
    """What the Go SDK's deserializers expect of a synthesized response, from go.json."""

    def __init__(self, service_id: str, operation: str) -> None:
        self.sid = service_id
        self.unions = gonames.union_shapes(service_id)
        # the <Op>Output struct: route53's MaxItems is a string in botocore, an int32 here
        self.top = gonames.output_fields(service_id, operation) or {}

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
    number in string-modeled members Go types as numbers (route53 ``MaxItems``); a first page
    carries a next token (:mod:`generator.verify.paging`), so a paginator asks for a second."""
    ref: list[Endpoint] = []
    endpoint = Endpoint(response_factory=fitted(consistent_factory(ref, pages=True)), path_tags=PATH_TAGS)
    ref.append(endpoint)
    return endpoint


def fitted(base: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """``base``'s responses made readable by the Go SDK (:func:`new_endpoint`; the scenario
    runner wraps its own factory with it)."""

    def factory(operation_model: Any) -> dict[str, Any]:
        out = base(operation_model)
        shape = operation_model.output_shape
        if shape is None:
            return out
        sid = load_service(operation_model.service_model.service_name).service_id
        return dict(_fit(shape, out, _GoShapes(sid, operation_model.name), top=True))

    return factory


def service_dir(service: str) -> str:
    """The folder (and binary name) of a service's examples: the botocore name."""
    return service


# Under heavy load the Go HTTP transport now and then loses the loopback connection while
# reading a complete response ("use of closed network connection"); that binary is run once
# more (the example is unchanged; the verdict judges the run that finished).
TRANSPORT_FLAKE = "use of closed network connection"


def _cause(line: str) -> str:
    """A Go error line shortened from the front: its cause is at the end."""
    return line if len(line) <= 300 else "..." + line[-297:]


def _paginates(ex: Example) -> bool:
    """Whether the example iterates its Go paginator (so a second page is judged too)."""
    return f".{gonames.paginator_constructor(ex.operation)}(client, " in ex.text


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
    named: dict[str, dict[str, tuple[int, Example]]] = {}
    for ex in examples:  # numbered per service: a service's names stay when another's change
        group = named.setdefault(service_dir(ex.service), {})
        group[f"ex{len(group)}"] = (len(group), ex)
    with gotool.workspace(cache) as folder:
        started = time.monotonic()
        sources = {s: {n: ex.text for n, (_, ex) in group.items()} for s, group in named.items()}
        binaries, broken = gotool.build_services(sources, folder, cache)
        timings["go build"] = timings.get("go build", 0.0) + time.monotonic() - started
        env = base_env("http://127.0.0.1:9", folder)
        started = time.monotonic()
        # Go resolves host names itself and has no hook for ``<prefix>.127.0.0.1``; its default
        # transport honours HTTP_PROXY, as the Rust SDK's does (generator.verify.loopback_proxy)
        with LoopbackProxy() as proxy:
            env.update(proxy.env())
            for service, group in named.items():
                for name, (number, ex) in group.items():
                    if (service, name) in broken:
                        detail = f"go build: {broken[(service, name)][0][:200]}"
                        done(Verdict(ex.service, ex.operation, ex.lang, MISMATCH, detail, ex.label))
                        continue
                    done(_run_one(endpoint, ex, binaries[service], name, f"ex-{number}", env))
        timings["go run"] = timings.get("go run", 0.0) + time.monotonic() - started


def _run_one(
    endpoint: Endpoint, ex: Example, binary: Path, name: str, tag: str, env: dict[str, str]
) -> Verdict:
    """Run one example from its service's binary and judge what it sent."""
    env["AWS_ENDPOINT_URL"] = f"{endpoint.url(ex.service)}/{tag}"
    for _attempt in range(2):
        seen = len(endpoint.captured(ex.service))
        result = gotool.run(binary, env, (name,))
        if result.ok or TRANSPORT_FLAKE not in result.stderr:
            break
    captures = [c for c in endpoint.captured(ex.service)[seen:] if c.tag == tag]
    expected, problem = expected_request(endpoint, ex)
    pages = requests_of(endpoint, ex, captures)
    sent = pages[0] if pages else None
    later, page_problem = later_pages(endpoint, ex, pages, _paginates(ex))
    problem = problem or page_problem
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    error = "" if result.ok else f"exit {result.returncode}: {_cause(lines[-1] if lines else 'no output')}"
    return judge(ex, ok=result.ok and not problem, error=problem or error, sent=sent,
                 expected=expected, seconds=result.millis / 1000, later_pages=later)  # fmt: skip


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
