"""Verify, JavaScript: every JS example of a run type-checked in one tsc call and run in one node.

Stage: verify (the JavaScript half of the wire proof). Input: ``js``
:class:`~generator.verify.examples.Example` s (the source exactly as rendered) and an
:class:`~generator.verify.endpoint.Endpoint` made with ``path_tags=PATH_TAGS``. Output: one
:class:`~generator.verify.examples.Verdict` per example, from the request its ``main()`` sent,
decoded with the model, compared with botocore's own request for the same values.

Harness-side only, the examples run as published:

* a service whose client package is not pinned in ``generator/verify/toolchains/js/package.json`` is
  "not expressible: SDK module not available here";
* one ``tsc --noEmit`` (checkJs) over all examples; a file with errors is not run: "not
  expressible" when the pinned SDK lacks a member or export the model has (TS2353, TS2305,
  TS2724), a mismatch otherwise;
* every example is imported and its ``main()`` awaited in one node process (without
  arguments, as ``node <file>`` runs it: Region and credentials from the environment), each
  after setting ``AWS_ENDPOINT_URL`` to ``<service endpoint>/ex-<n>``: the endpoint strips that
  path prefix and records it as the capture's tag, so every request is matched to its example;
* the endpoint answers the first request of a paginated operation with a next token
  (:mod:`generator.verify.paging`), so an example that iterates ``paginate<Op>`` sends a
  second request, which must be botocore's request for the same values plus that token.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from generator.model.lower import load_service
from generator.naming import js as names
from generator.verify import jstool
from generator.verify.endpoint import Captured, Endpoint
from generator.verify.examples import (
    MISMATCH,
    Done,
    Example,
    Verdict,
    expected_request,
    judge,
    not_expressible,
    requests_of,
)
from generator.verify.paging import later_pages
from generator.verify.responses import consistent_factory
from generator.verify.scripts import base_env

PATH_TAGS = r"/ex-\d+"
# unknown member, missing export, misspelled export, unknown member (did you mean), and a value
# of another type than the SDK declares (route53 MaxItems: a string in botocore, a number here)
MISSING_IN_SDK = ("TS2353", "TS2305", "TS2724", "TS2561", "TS2322", "TS2694")


def new_endpoint() -> Endpoint:
    """A loopback endpoint that tags requests by path prefix, answers SQS with digests that
    match the request and a paginated operation's first request with a second page (examples
    must run one at a time, as they do here)."""
    ref: list[Endpoint] = []
    endpoint = Endpoint(response_factory=consistent_factory(ref, pages=True), path_tags=PATH_TAGS)
    ref.append(endpoint)
    return endpoint


def check_endpoint(endpoint: Endpoint) -> None:
    if endpoint.split_tag("/ex-1/")[1] != "ex-1":
        raise ValueError(f"the endpoint must be made with path_tags={PATH_TAGS!r}")


def available(ex: Example) -> str:
    """Why the example's SDK module cannot be used here, or ``""``."""
    sid = load_service(ex.service).service_id
    if names.pinned_version(sid) is None:
        return f"SDK module not available here: {names.package(sid)} is not pinned in generator/verify/toolchains/js"
    return ""


def _broken(ex: Example, errors: list[str]) -> Verdict:
    if all(e.split(":", 1)[0] in MISSING_IN_SDK for e in errors):
        sid = load_service(ex.service).service_id
        version = names.pinned_version(sid)
        command = names.command_class(ex.operation)
        if any(f"'{command}'" in e for e in errors):  # the operation is newer than the client
            return not_expressible(ex, f"JS SDK {names.package(sid)} {version} has no {command}")
        return not_expressible(
            ex,
            f"JS SDK {names.package(sid)} {version} differs from the model (tsc): {errors[0][:200]}",
        )
    return Verdict(ex.service, ex.operation, ex.lang, MISMATCH, f"tsc: {errors[0][:200]}", ex.label)


def run_js(
    examples: Sequence[Example],
    endpoint: Endpoint,
    done: Done,
    timings: dict[str, float],
    cache_dir: Path | None = None,
    keep: bool = False,
) -> None:
    """Verify the JS examples; ``done`` receives each verdict as it is decided."""
    check_endpoint(endpoint)
    runnable: list[Example] = []
    for ex in examples:
        reason = available(ex)
        if reason:
            done(not_expressible(ex, reason))
        else:
            runnable.append(ex)
    if not runnable:
        return
    started = time.monotonic()
    cache = jstool.install(cache_dir)
    timings["js install"] = timings.get("js install", 0.0) + time.monotonic() - started
    folder = jstool.work_dir(cache)
    try:
        files: dict[str, tuple[int, Example]] = {}
        for number, ex in enumerate(runnable):
            source = folder / f"ex-{number}" / names.file_name(ex.operation)
            source.parent.mkdir(parents=True)
            source.write_text(ex.text, encoding="utf-8")
            files[str(source.resolve())] = (number, ex)
        started = time.monotonic()
        errors = jstool.typecheck([Path(p) for p in files], folder, cache)
        timings["js tsc"] = timings.get("js tsc", 0.0) + time.monotonic() - started
        jobs: list[tuple[Path, str, bool]] = []
        for key, (number, ex) in files.items():
            if key in errors:
                done(_broken(ex, errors[key]))
            else:
                url = f"{endpoint.url(ex.service)}/ex-{number}"
                package = names.package(load_service(ex.service).service_id)
                jobs.append((Path(key), url, jstool.uses_http2(package, cache)))
        if not jobs:
            return
        services = {files[str(p)][1].service for p, _, _ in jobs}
        seen = {s: len(endpoint.captured(s)) for s in services}
        env = base_env("http://127.0.0.1:9", folder)
        started = time.monotonic()
        results = jstool.run_batch(jobs, env, folder)
        timings["js run"] = timings.get("js run", 0.0) + time.monotonic() - started
        by_tag: dict[tuple[str, str], list[Captured]] = {}
        for service in services:
            for cap in endpoint.captured(service)[seen[service] :]:
                by_tag.setdefault((service, cap.tag), []).append(cap)
        for path_obj, _url, _h2 in jobs:
            number, ex = files[str(path_obj)]
            result = results.get(str(path_obj))
            expected, problem = expected_request(endpoint, ex)
            pages = requests_of(endpoint, ex, by_tag.get((ex.service, f"ex-{number}"), []))
            sent = pages[0] if pages else None
            paginates = f"{names.paginator_function(ex.operation)}(" in ex.text
            later, page_problem = later_pages(endpoint, ex, pages, paginates)
            problem = problem or page_problem
            if result is None:
                ok, error, seconds = False, "node did not run it", 0.0
            else:
                ok, error, seconds = (
                    result.ok,
                    ("" if result.ok else f"node: {result.error[:200]}"),
                    result.millis / 1000,
                )
            done(judge(ex, ok=ok and not problem, error=problem or error, sent=sent,
                       expected=expected, seconds=seconds, later_pages=later))  # fmt: skip
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def run_batch(
    examples: Sequence[Example], done: Done, timings: dict[str, float], workers: int = 3
) -> None:
    """The JavaScript runner: one tsc and one node process against an own endpoint, closed at
    the end (``workers`` is not used: node runs the examples one after another)."""
    endpoint = new_endpoint()
    try:
        run_js(examples, endpoint, done, timings)
    finally:
        endpoint.close()
