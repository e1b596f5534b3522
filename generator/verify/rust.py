"""Verify, Rust: every Rust example of a run built in one ``cargo build`` and each one run.

Stage: verify (the Rust half of the wire proof). Input: ``rust``
:class:`~generator.verify.examples.Example` s (the source exactly as rendered) and an
:class:`~generator.verify.endpoint.Endpoint` made with ``path_tags=PATH_TAGS``. Output: one
:class:`~generator.verify.examples.Verdict` per example, from the request it sent, decoded with
the model, compared with botocore's own request for the same values.

Harness-side only, the examples are built and run as published:

* a service whose crate is not pinned in ``generator/verify/toolchains/rust/Cargo.lock`` is
  "not expressible: SDK module not available here";
* the examples of one service are modules of one binary (``rusttool.build``: each ``include!``s
  the example file unchanged), all services built by one ``cargo build``; an example that does
  not compile is a mismatch with rustc's first error;
* each example runs with ``AWS_ENDPOINT_URL=<service endpoint>/ex-<n>``: the endpoint strips
  that path prefix and records it as the capture's tag; a host-prefixed request
  (``management.127.0.0.1``) goes through :class:`~generator.verify.loopback_proxy.LoopbackProxy`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from generator.model import load
from generator.model.lower import load_service
from generator.naming import rust as names
from generator.verify import rusttool
from generator.verify.endpoint import Endpoint
from generator.verify.examples import (
    MISMATCH,
    UNAVAILABLE,
    Done,
    Example,
    Verdict,
    expected_request,
    judge,
    not_expressible,
    request_of,
)
from generator.verify.js import PATH_TAGS, check_endpoint
from generator.verify.loopback_proxy import LoopbackProxy
from generator.verify.responses import consistent_factory
from generator.verify.scripts import base_env

__all__ = ["PATH_TAGS", "new_endpoint", "run_batch", "run_rust"]


_NUMBERS = frozenset({"i8", "i16", "i32", "i64", "f32", "f64"})


class _RustShapes:
    """What the Rust SDK's deserializers expect of a synthesized response, from rust.json."""

    def __init__(self, service_id: str, operation: str) -> None:
        self.sid = service_id
        table = names.operation(service_id, operation) or {}
        # the output struct is not in the table: an output member that echoes an input member
        # (route53's MaxItems) has the input setter's type
        self.top: dict[str, str] = table.get("setters", {})

    def is_union(self, shape_name: str) -> bool:
        return names.union_variants(self.sid, shape_name) is not None

    def number_members(self, shape_name: str, top: bool) -> set[str]:
        table = names.structure(self.sid, shape_name)
        setters = self.top if top else (table or {}).get("setters", {})
        return {base for base, kind in setters.items() if kind in _NUMBERS}


def _fit(shape: Any, value: Any, rust: _RustShapes, top: bool = False) -> Any:
    """One member of each union the Rust SDK deserializes (it rejects a union with several);
    a number where the crate types a string-modeled member as one."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        if (shape.is_tagged_union or rust.is_union(shape.name)) and len(value) > 1:
            first = next(iter(value))
            value = {first: value[first]}
        numbers = rust.number_members(shape.name, top)
        out: dict[str, Any] = {}
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                out[key] = item
            elif member.type_name == "string" and names.member_base(key) in numbers:
                out[key] = "1"
            else:
                out[key] = _fit(member, item, rust)
        return out
    if kind == "list" and isinstance(value, list):
        return [_fit(shape.member, v, rust) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _fit(shape.value, v, rust) for k, v in value.items()}
    return value


def new_endpoint() -> Endpoint:
    """:func:`generator.verify.js.new_endpoint` whose responses the Rust SDK can read: one member
    of each union, and a number in string-modeled members the crate types as numbers."""
    ref: list[Endpoint] = []
    base = consistent_factory(ref)

    def factory(operation_model: Any) -> dict[str, Any]:
        out = base(operation_model)
        shape = operation_model.output_shape
        if shape is None:
            return out
        sid = load_service(operation_model.service_model.service_name).service_id
        return dict(_fit(shape, out, _RustShapes(sid, operation_model.name), top=True))

    def xml_root(operation_model: Any) -> str | None:
        sid = load_service(operation_model.service_model.service_name).service_id
        table = names.operation(sid, operation_model.name) or {}
        return table.get("xml_root")

    endpoint = Endpoint(response_factory=factory, path_tags=PATH_TAGS, xml_root=xml_root)
    ref.append(endpoint)
    return endpoint


@cache
def _normalized_path(service_name: str) -> bool:
    """Whether the service's endpoint rules build URLs from ``url#normalizedPath`` (S3): the
    Rust SDK then joins the endpoint's path and the bucket without a ``/`` unless the endpoint
    URL ends with one, so the run's tagged URL gets a trailing ``/``."""
    rules = load.loader().load_service_model(service_name, "endpoint-rule-set-1")
    return "normalizedPath" in json.dumps(rules)


def available(ex: Example) -> str:
    """Why the example's crate cannot be used here, or ``""``."""
    sid = load_service(ex.service).service_id
    if names.crate_version(sid) is None:
        return (
            f"SDK module {UNAVAILABLE}: {names.crate(sid)} is not pinned in "
            "generator/verify/toolchains/rust"
        )
    return ""


def crate_name(service_name: str) -> str:
    """The harness's crate (one binary) of a service's examples: ``ex-personalize``."""
    return "ex-" + "".join(c if c.isalnum() else "-" for c in service_name.lower())


def _cause(lines: list[str]) -> str:
    """The line of a failed run that says why: the last one, shortened from the front."""
    line = lines[-1] if lines else "no output"
    return line if len(line) <= 300 else "..." + line[-297:]


def run_rust(
    examples: Sequence[Example],
    endpoint: Endpoint,
    done: Done,
    timings: dict[str, float],
    cache_dir: Path | None = None,
) -> None:
    """Verify the Rust examples; ``done`` receives each verdict as it is decided."""
    check_endpoint(endpoint)
    runnable: list[tuple[int, Example]] = []
    for ex in examples:
        reason = available(ex)
        if reason:
            done(not_expressible(ex, reason))
        else:
            runnable.append((len(runnable), ex))
    if not runnable:
        return
    started = time.monotonic()
    cache = rusttool.install(cache_dir)
    timings["rust install"] = timings.get("rust install", 0.0) + time.monotonic() - started
    (cache / "work").mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=cache / "work"))
    try:
        crates: dict[str, tuple[str, dict[str, str]]] = {}
        where: dict[int, tuple[str, str]] = {}
        for number, ex in runnable:
            name = crate_name(ex.service)
            sid = load_service(ex.service).service_id
            crates.setdefault(name, (names.crate(sid), {}))[1][f"ex_{number}"] = ex.text
            where[number] = (name, f"ex_{number}")
        binaries = folder / "bin"
        built = rusttool.build(crates, binaries, cache)
        timings["rust build"] = timings.get("rust build", 0.0) + built.seconds
        env = base_env("http://127.0.0.1:9", folder)
        started = time.monotonic()
        with LoopbackProxy() as proxy:
            env.update(proxy.env())
            for number, ex in runnable:
                crate, module = where[number]
                errors = built.broken.get(f"{crate}/{module}")
                if errors is None and crate not in built.binaries:
                    errors = ["no binary was built"]
                if errors is not None:
                    detail = f"cargo build: {errors[0][:200]}"
                    done(Verdict(ex.service, ex.operation, ex.lang, MISMATCH, detail, ex.label))
                    continue
                run_env = {**env, **endpoint.client_env(ex.service)}
                if "AWS_CA_BUNDLE" in run_env:
                    run_env["SSL_CERT_FILE"] = run_env["AWS_CA_BUNDLE"]
                slash = "/" if _normalized_path(ex.service) else ""
                run_env["AWS_ENDPOINT_URL"] = f"{endpoint.url(ex.service)}/ex-{number}{slash}"
                seen = len(endpoint.captured(ex.service))
                result = rusttool.run(binaries / crate, module, run_env)
                captures = [
                    c for c in endpoint.captured(ex.service)[seen:] if c.tag == f"ex-{number}"
                ]
                expected, problem = expected_request(endpoint, ex)
                sent = request_of(endpoint, ex, captures)
                lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
                error = "" if result.ok else f"exit {result.returncode}: {_cause(lines)}"
                done(judge(ex, ok=result.ok and not problem, error=problem or error, sent=sent,
                           expected=expected, seconds=result.millis / 1000))  # fmt: skip
        timings["rust run"] = timings.get("rust run", 0.0) + time.monotonic() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_batch(
    examples: Sequence[Example], done: Done, timings: dict[str, float], workers: int = 3
) -> None:
    """The Rust runner: one ``cargo build`` and the examples run one at a time against an own
    endpoint, closed at the end (``workers`` is not used: each example's requests are matched by
    its path tag, and SQS digests need one request at a time)."""
    endpoint = new_endpoint()
    try:
        run_rust(examples, endpoint, done, timings)
    finally:
        endpoint.close()
