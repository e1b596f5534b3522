"""Verify, scenarios in JavaScript: every program of a run type-checked in one tsc call and run
in one node process, each run tagged so that the loopback endpoint keeps them apart.

Stage: verify. Input: ``js`` scenario programs (:class:`~generator.verify.scenarios.Program`,
the text exactly as published). Output: one :class:`~generator.verify.scenarios.ScenarioVerdict`
per program, with the same verdicts as Python's and the CLI's
(:func:`~generator.verify.scenarios.judge_steps`, :func:`~generator.verify.scenarios.cleanup_problem`).

As the single JavaScript examples (:mod:`generator.verify.js`), programs are written under the
pinned toolchain's folder, checked with one ``tsc --noEmit`` (checkJs; a program with errors
is not run: "not expressible" when the pinned SDK lacks a member or export the model has, a
mismatch otherwise), then imported and their ``main()`` awaited one after another in one node
process. Each run - the program as it is, and once per step with that step's request answered
by an error (the cleanup proof) - gets a path tag ``ex-<n>``: ``AWS_ENDPOINT_URL`` and
``AWS_ENDPOINT_URL_<SERVICE>`` of every service it calls end in ``/ex-<n>``, the endpoint strips
the tag, and :class:`~generator.verify.scenario_wire.ScenarioResponder` answers each tag's
requests for its own :class:`~generator.verify.scenario_wire.Run`. ``main()`` throwing is the
program's non-zero exit (started directly, the file prints the error and exits 1).

No failure is injected at a step the SDK's waiter sends: a JavaScript waiter retries an error
its acceptors do not name until ``maxWaitTime`` (botocore's fails at once), so the injected
error would only make the run wait minutes; the cleanup after a failure is proven at every
other step, the same ``try``/``finally`` path.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from generator.lifecycle.ir import CREATES
from generator.model.lower import load_service
from generator.naming import js as names
from generator.verify import jstool
from generator.verify.endpoint import Endpoint
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE
from generator.verify.js import MISSING_IN_SDK, PATH_TAGS
from generator.verify.scenario_judge import Program, ScenarioVerdict, batch_verdict
from generator.verify.scenario_run import endpoint_variable
from generator.verify.scenario_wire import Run, ScenarioResponder
from generator.verify.scripts import base_env, response_factory


def unpinned(program: Program) -> str:
    """Why a service the program calls has no client package here, or ``""``."""
    for service in program.lifecycle.services():
        sid = load_service(service).service_id
        if names.pinned_version(sid) is None:
            return f"SDK module not available here: {names.package(sid)} is not pinned in generator/verify/toolchains/js"
    return ""


def _broken(program: Program, errors: list[str]) -> ScenarioVerdict:
    lifecycle = program.lifecycle
    status = NOT_EXPRESSIBLE if all(e.split(":", 1)[0] in MISSING_IN_SDK for e in errors) else MISMATCH
    detail = f"JS SDK differs from the model (tsc): {errors[0][:200]}" if status == NOT_EXPRESSIBLE \
        else f"tsc: {errors[0][:200]}"  # fmt: skip
    return ScenarioVerdict(lifecycle.service, lifecycle.resource, "js", status, detail)


def verify_js_scenarios(programs: Sequence[Program], inject: bool = True,
                        cache_dir: Path | None = None) -> list[ScenarioVerdict]:  # fmt: skip
    """Verify the JavaScript scenario programs (see the module doc)."""
    verdicts: list[ScenarioVerdict] = []
    runnable: list[Program] = []
    for program in programs:
        reason = unpinned(program)
        if reason:
            lifecycle = program.lifecycle
            verdicts.append(ScenarioVerdict(lifecycle.service, lifecycle.resource, "js", NOT_EXPRESSIBLE, reason))
        else:
            runnable.append(program)
    if not runnable:
        return verdicts
    cache = jstool.install(cache_dir)
    folder = jstool.work_dir(cache)
    endpoint = Endpoint(response_factory=response_factory(), path_tags=PATH_TAGS)
    responder = ScenarioResponder(endpoint.response_factory)
    endpoint.responder = responder
    try:
        files: dict[str, Program] = {}
        for number, program in enumerate(runnable):
            source = folder / f"scenario-{number}" / names.scenario_file(program.lifecycle.resource)
            source.parent.mkdir(parents=True)
            source.write_text(program.text, encoding="utf-8")
            files[str(source.resolve())] = program
        errors = jstool.typecheck([Path(p) for p in files], folder, cache)
        jobs: list[tuple[Path, str, bool]] = []
        job_env: list[tuple[dict[str, str], list[str]]] = []
        runs: list[tuple[str, int | None, Run]] = []  # (file, injected step, run) per job
        for path, program in files.items():
            if path in errors:
                verdicts.append(_broken(program, errors[path]))
                continue
            lifecycle = program.lifecycle
            models = {s: load_service(s) for s in lifecycle.services()}
            creates = {i for i, s in enumerate(lifecycle.steps) if s.role in CREATES}
            injected: list[int | None] = [None]
            if inject:
                injected += [i for i, step in enumerate(lifecycle.steps)
                             if not (i in creates and i == 0) and not step.waiter]  # fmt: skip
            for failure in injected:
                tag = f"ex-{len(jobs)}"
                run = responder.start(tag, Run(lifecycle, models, failure))
                env: dict[str, str] = {}
                relay: list[str] = []
                for service in lifecycle.services():
                    variable = endpoint_variable(service)
                    env[variable] = f"{endpoint.url(service)}/{tag}"
                    if jstool.uses_http2(names.package(models[service].service_id), cache):
                        relay.append(variable)
                main = lifecycle.service
                http2 = jstool.uses_http2(names.package(models[main].service_id), cache)
                jobs.append((Path(path), f"{endpoint.url(main)}/{tag}", http2))
                job_env.append((env, relay))
                runs.append((path, failure, run))
        if not jobs:
            return verdicts
        started = time.monotonic()
        results = jstool.run_batch(jobs, base_env("http://127.0.0.1:9", folder), folder, job_env=job_env)
        elapsed = time.monotonic() - started
        by_program: dict[str, list[tuple[int | None, Run, int, str, float]]] = {}
        for number, (path, failure, run) in enumerate(runs):
            result = results.get(f"{path}#{number}")
            code = 0 if result is not None and result.ok else 1
            error = "node did not run it" if result is None else result.error
            seconds = result.millis / 1000 if result is not None else 0.0
            by_program.setdefault(path, []).append((failure, run, code, error, seconds))
        for path, outcomes in by_program.items():
            verdicts.append(batch_verdict(endpoint, files[path], outcomes, "node"))
        del elapsed
    finally:
        endpoint.close()
        shutil.rmtree(folder, ignore_errors=True)
    return verdicts
