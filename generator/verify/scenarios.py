"""Verify, scenarios against the loopback endpoint: every step at parity, and the cleanup proven.

Stage: verify. Input: services and languages. Output: one :class:`ScenarioVerdict` per scenario
and language - ``parity`` when the program ran to its end, every step sent exactly botocore's
request for the step's values (references resolved from the responses the endpoint sent:
:mod:`generator.verify.scenario_wire`) and the cleanup ran after a failure at every step;
``mismatch`` naming the first step that differed (its operation and the member paths) or what
went wrong; ``not expressible`` with the language's reason.

The cleanup proof copies aws-doc-sdk-examples' technique: the program runs again once per
step with that step's request answered by an error (``inject``), and must then exit non-zero,
send no later main step, and still send the cleanup of every resource created before the
failure (and of the others when the failing step is itself a cleanup step).

Programs run in ``workers`` threads, each with its own endpoint and worker process, like the
single examples (:mod:`generator.verify.scripts`).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from generator.errors import SdkParityError, UnsupportedError
from generator.lifecycle.ir import CREATES
from generator.lifecycle.plan import lifecycles
from generator.model.lower import load_service
from generator.targets.registry import SCENARIO_NAMES, render_scenario
from generator.verify import inproc
from generator.verify.endpoint import Endpoint
from generator.verify.examples import (
    MISMATCH,
    NOT_EXPRESSIBLE,
    PARITY,
    failure_text,
)
from generator.verify.scenario_go import verify_go_scenarios
from generator.verify.scenario_js import verify_js_scenarios
from generator.verify.scenario_judge import Program, ScenarioVerdict, cleanup_problem, judge_steps
from generator.verify.scenario_run import run_cli_batched, run_program
from generator.verify.scenario_wire import Run, ScenarioResponder
from generator.verify.scripts import response_factory


def collect(services: Sequence[str], langs: Sequence[str]) -> tuple[list[Program], list[ScenarioVerdict]]:
    """Every scenario program of the services; what a language cannot express, at once."""
    programs: list[Program] = []
    verdicts: list[ScenarioVerdict] = []
    for name in services:
        for lifecycle in lifecycles(name):
            models = {s: load_service(s) for s in lifecycle.services()}
            for lang in langs:
                try:
                    snippet = render_scenario(lifecycle, lang, models)
                except UnsupportedError as exc:
                    verdicts.append(ScenarioVerdict(name, lifecycle.resource, lang, NOT_EXPRESSIBLE, exc.message))
                    continue
                programs.append(Program(lifecycle, lang, snippet.text))
    return programs, verdicts


class Harness:
    """One runner thread's endpoint (with the scenario responder) and worker process."""

    def __init__(self) -> None:
        self.endpoint = Endpoint(response_factory=response_factory())
        self.responder = ScenarioResponder(self.endpoint.response_factory)
        self.endpoint.responder = self.responder
        self.workers: dict[str, inproc.Worker] = {}
        # batch mode (as verify runs them): Python programs in a long-lived worker, CLI scripts
        # with each ``aws`` call answered by awscli's driver in one (scenario_run.run_cli_batched);
        # off: a new interpreter per program, the real ``aws`` per call, as a user runs them
        self.batched = True

    def worker(self, kind: str) -> inproc.Worker:
        if kind not in self.workers:
            self.workers[kind] = inproc.borrow(kind)
        return self.workers[kind]

    def run(self, program: Program, inject: int | None = None) -> tuple[Run, tuple[int, str, str]]:
        lifecycle = program.lifecycle
        models = {s: load_service(s) for s in lifecycle.services()}
        urls = {s: self.endpoint.url(s) for s in lifecycle.services()}
        extra: dict[str, str] = {}
        for service in lifecycle.services():
            extra.update(self.endpoint.client_env(service))
        run = self.responder.start("", Run(lifecycle, models, inject))
        try:
            if program.lang == "cli" and self.batched:
                result = run_cli_batched(program.text, urls, lifecycle.service, self.worker("aws"), extra=extra)
            else:
                worker = self.worker("python") if program.lang in ("python", "client") and self.batched else None
                result = run_program(program.lang, program.text, urls, lifecycle.service, worker, extra=extra)
        finally:
            self.responder.stop("")
        return run, result

    def close(self) -> None:
        self.endpoint.close()
        for worker in self.workers.values():
            inproc.give_back(worker)


def verify_program(harness: Harness, program: Program, inject: bool = True) -> ScenarioVerdict:
    lifecycle = program.lifecycle
    started = time.monotonic()
    run, (code, _stdout, stderr) = harness.run(program)
    seconds = time.monotonic() - started
    steps = judge_steps(harness.endpoint, program, run, code, stderr, seconds)
    base = ScenarioVerdict(lifecycle.service, lifecycle.resource, program.lang, PARITY, "", tuple(steps))
    wrong = [v for v in steps if v.status != PARITY]
    problems = run.unexpected + run.problems
    if code != 0 or wrong or problems:
        detail = (wrong[0].detail if wrong and wrong[0].detail.startswith("step")
                  else f"step {wrong[0].label.rsplit('#', 1)[-1]} ({wrong[0].operation}): {wrong[0].detail}"
                  if wrong else "; ".join(problems) or failure_text(code, stderr))  # fmt: skip
        return dataclasses.replace(base, status=MISMATCH, detail=detail, seconds=seconds)
    cleanup = ""
    injected = 0
    if inject:
        creates = {i for i, s in enumerate(lifecycle.steps) if s.role in CREATES}
        for index in range(len(lifecycle.steps)):
            if index in creates and index == 0:
                continue  # nothing exists yet: nothing to clean up
            failed, (failed_code, _, _) = harness.run(program, inject=index)
            injected += 1
            cleanup = cleanup_problem(lifecycle, index, failed, failed_code)
            if cleanup:
                break
    status = MISMATCH if cleanup else PARITY
    return dataclasses.replace(base, status=status, detail=cleanup, injected=injected, cleanup=cleanup,
                               seconds=time.monotonic() - started)  # fmt: skip


def verify_scenarios(
    services: Sequence[str], langs: Sequence[str] = SCENARIO_NAMES, workers: int = 3,
    inject: bool = True, done: Callable[[ScenarioVerdict], None] | None = None,
) -> list[ScenarioVerdict]:  # fmt: skip
    """Every scenario of the services in every language, on the loopback endpoint."""
    unknown = [lang for lang in langs if lang not in SCENARIO_NAMES]
    if unknown:
        raise SdkParityError(f"no scenario renderer for {', '.join(unknown)}: choose from {', '.join(SCENARIO_NAMES)}")
    programs, verdicts = collect(services, langs)
    # one tsc and one node for the JavaScript programs, one go build for the Go ones
    for lang, runner in (("js", verify_js_scenarios), ("go", verify_go_scenarios)):
        batched = [p for p in programs if p.lang == lang]
        programs = [p for p in programs if p.lang != lang]
        for verdict in runner(batched, inject) if batched else []:
            verdicts.append(verdict)
            if done is not None:
                done(verdict)
    local = threading.local()
    harnesses: list[Harness] = []
    lock = threading.Lock()

    def one(program: Program) -> ScenarioVerdict:
        if not hasattr(local, "harness"):
            local.harness = Harness()
            with lock:
                harnesses.append(local.harness)
        try:
            verdict = verify_program(local.harness, program, inject)
        except Exception as exc:  # noqa: BLE001 - a harness failure is that scenario's verdict
            verdict = ScenarioVerdict(*program.key, MISMATCH, f"harness error: {type(exc).__name__}: {exc}")
        if done is not None:
            done(verdict)
        return verdict

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            verdicts += list(pool.map(one, programs))
    finally:
        for harness in harnesses:
            harness.close()
    return sorted(verdicts, key=lambda v: (v.service, v.resource, SCENARIO_NAMES.index(v.lang)))


