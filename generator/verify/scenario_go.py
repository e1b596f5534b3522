"""Verify, scenarios in Go: every program of a run built in one ``go build`` (one binary per
service), each run tagged so that the loopback endpoint keeps them apart.

Stage: verify. Input: ``go`` scenario programs (:class:`~generator.verify.scenarios.Program`,
the text exactly as published). Output: one :class:`~generator.verify.scenarios.ScenarioVerdict`
per program, with the same verdicts as the other languages'
(:func:`~generator.verify.scenario_judge.batch_verdict`).

As the single Go examples (:mod:`generator.verify.go`), the programs of a service are one
binary (:data:`generator.verify.gotool.SCENARIOS`: each program its own package ``s<n>``, since
a scenario declares functions of its own, with only the package clause and the name of ``main``
changed; a generated ``main`` runs the one its first argument names), all services in one
``go build`` in a workspace kept between runs with the build cache; a program that does not
compile is reported with the compiler's first error ("not expressible" when the pinned module
lacks a name the program uses, such as a waiter the module does not generate; a mismatch
otherwise). Each run - the program as it is, and once per step with that step's request
answered by an error (the cleanup proof: Go's waiters fail at once on an error their acceptors
do not name, so every step but the first create gets one) - has its path tag ``ex-<n>`` on
``AWS_ENDPOINT_URL`` and on ``AWS_ENDPOINT_URL_<SERVICE>`` of every service it calls, and
:class:`~generator.verify.scenario_wire.ScenarioResponder` answers each tag for its own
:class:`~generator.verify.scenario_wire.Run`, with responses the Go SDK can read
(:func:`generator.verify.go.fitted`). The program's exit code is its verdict's exit code (a run
that Go's transport lost a loopback connection in, ``use of closed network connection`` under
heavy load, is run again from the start with a new :class:`Run`, as the single examples are); host
prefixes (``bucket.127.0.0.1``) reach the endpoint through the loopback proxy, as for the single
examples.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.lifecycle.ir import CREATES
from generator.model.lower import load_service
from generator.verify import gotool
from generator.verify.endpoint import Endpoint
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE
from generator.verify.go import TRANSPORT_FLAKE, fitted
from generator.verify.js import PATH_TAGS
from generator.verify.loopback_proxy import LoopbackProxy
from generator.verify.scenario_judge import Outcome, Program, ScenarioVerdict, batch_verdict
from generator.verify.scenario_run import endpoint_variable, program_env
from generator.verify.scenario_wire import Run, ScenarioResponder
from generator.verify.scripts import base_env, response_factory

# compiler errors that say the pinned module lacks a name the model has
_MISSING = re.compile(r"undefined: \w+\.\w+|has no field or method \w+")
TIMEOUT = 120.0  # seconds a run may take (every wait is met at its first call)


def _broken(program: Program, errors: list[str]) -> ScenarioVerdict:
    lifecycle = program.lifecycle
    if _MISSING.search(errors[0]):
        detail = f"the pinned Go module differs from the model (go build): {errors[0][:200]}"
        return ScenarioVerdict(lifecycle.service, lifecycle.resource, "go", NOT_EXPRESSIBLE, detail)
    return ScenarioVerdict(lifecycle.service, lifecycle.resource, "go", MISMATCH, f"go build: {errors[0][:200]}")


@dataclass
class Built:
    """The binaries of a run's Go programs, by the program's place in the list built:
    ``binary[n]`` runs it as ``(binary, name)``; ``broken[n]`` is the verdict of one that did
    not compile."""

    folder: Path
    binary: dict[int, tuple[Path, str]] = field(default_factory=dict)
    broken: dict[int, ScenarioVerdict] = field(default_factory=dict)


@contextlib.contextmanager
def build(programs: Sequence[Program], cache_dir: Path | None = None) -> Iterator[Built]:
    """One ``go build`` of every program (one binary per service) in a workspace held while
    the block runs."""
    cache = gotool.install(cache_dir)
    named: dict[str, dict[str, tuple[int, Program]]] = {}
    for number, program in enumerate(programs):  # named per service: a service's names stay
        group = named.setdefault(program.lifecycle.service, {})  # when another's change
        group[f"s{len(group)}"] = (number, program)
    with gotool.workspace(cache) as folder:
        sources = {s: {n: p.text for n, (_, p) in group.items()} for s, group in named.items()}
        binaries, broken = gotool.build_services(sources, folder, cache, layout=gotool.SCENARIOS)
        built = Built(folder)
        for service, group in named.items():
            for name, (number, program) in group.items():
                if (service, name) in broken:
                    built.broken[number] = _broken(program, broken[(service, name)])
                else:
                    built.binary[number] = (binaries[service], name)
        yield built


def verify_go_scenarios(programs: Sequence[Program], inject: bool = True,
                        cache_dir: Path | None = None) -> list[ScenarioVerdict]:  # fmt: skip
    """Verify the Go scenario programs (see the module doc)."""
    if not programs:
        return []
    verdicts: list[ScenarioVerdict] = []
    endpoint = Endpoint(response_factory=fitted(response_factory()), path_tags=PATH_TAGS)
    responder = ScenarioResponder(endpoint.response_factory)
    endpoint.responder = responder
    try:
        with build(programs, cache_dir) as built, LoopbackProxy() as proxy:
            env = base_env("http://127.0.0.1:9", built.folder)
            env.update(proxy.env())
            jobs = 0
            for number, program in enumerate(programs):
                if number in built.broken:
                    verdicts.append(built.broken[number])
                    continue
                binary, name = built.binary[number]
                outcomes: list[Outcome] = []
                for failure in _failures(program, inject):
                    tag = f"ex-{jobs}"
                    jobs += 1
                    outcomes.append(_run(endpoint, responder, program, failure, binary, name, tag, env))
                verdicts.append(batch_verdict(endpoint, program, outcomes, "go"))
    finally:
        endpoint.close()
    return verdicts


def _failures(program: Program, inject: bool) -> list[int | None]:
    """The plain run, then one run per step with a failure injected (not at a first create:
    nothing exists yet)."""
    steps = program.lifecycle.steps
    if not inject:
        return [None]
    return [None, *(i for i, step in enumerate(steps) if not (i == 0 and step.role in CREATES))]


def _run(endpoint: Endpoint, responder: ScenarioResponder, program: Program, failure: int | None,
         binary: Path, name: str, tag: str, env: dict[str, str]) -> Outcome:  # fmt: skip
    lifecycle = program.lifecycle
    models = {s: load_service(s) for s in lifecycle.services()}
    job = dict(env)
    job["AWS_ENDPOINT_URL"] = f"{endpoint.url(lifecycle.service)}/{tag}"
    for service in lifecycle.services():
        job[endpoint_variable(service)] = f"{endpoint.url(service)}/{tag}"
    for _attempt in range(5):  # a run the transport flake hit is run again, from the start
        run = responder.start(tag, Run(lifecycle, models, failure))
        try:
            result = gotool.run(binary, job, (name,), timeout=TIMEOUT)
        finally:
            responder.stop(tag)
        if TRANSPORT_FLAKE not in result.stderr:
            break
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    error = "" if result.ok else f"exit {result.returncode}: {lines[-1] if lines else 'no output'}"
    return (failure, run, result.returncode, error, result.millis / 1000)


def run_binary(binary: Path, name: str, urls: Mapping[str, str], main: str, workdir: Path,
               timeout: float) -> tuple[int, str, str]:  # fmt: skip
    """Run one built program as a user runs it, against ``urls`` (moto): the environment of
    every scenario run (:func:`generator.verify.scenario_run.program_env`)."""
    result = gotool.run(binary, program_env(urls, main, workdir), (name,), timeout=timeout)
    return result.returncode, result.stdout, result.stderr
