"""Verify, scenarios against moto: every step succeeds end to end and nothing is left behind.

Stage: verify. Input: services and languages. Output: one :class:`MotoResult` per scenario and
language: ``ok`` (the program exited 0 after printing every step's line, and the resources it
created are gone), ``moto lacks`` (moto implements not every operation of the scenario: they
are named; the program still runs, and where it stopped is in the detail), ``moto error``
(moto raised an exception while answering a step: its own bug, named), ``needs setup`` (the
scenario refers to a resource it does not make - ``Lifecycle.needs`` - and failed),
``failed`` (the step that failed and its error) or ``left behind`` (what the harness still
found after the cleanup).

One moto server on 127.0.0.1 (:class:`generator.verify.moto.MotoServer`) serves every service;
its state is reset before each program, which runs unmodified as on the loopback endpoint
(:mod:`generator.verify.scenario_run`; the Go programs are built once for the run,
:func:`generator.verify.scenario_go.build`, and each binary runs as a user runs it). Which step failed is read from the program's own
output: each step prints its line (the step's ``message``) when it succeeded, so the first
main step without its line is the one that failed; the lines also give the values the program
worked with (its ``subject``: the name, ID or ARN the service returned). With those the harness
asks moto, with its own boto3 client, whether each created resource is gone: the list step's
operation no longer lists it, or the read (or wait-until-gone) operation fails; a resource in a
deletion state (``PendingDeletion``, ``DELETED``) counts as gone, as a scheduled KMS key
deletion is the service's way of deleting.

Whether moto implements an operation is read from moto itself: a method of the operation's
snake-case name on the service's backend or response classes (``moto.<service>.models`` /
``responses``); moto's own ``NotImplementedError`` during a run names the operation too.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

from generator.lifecycle.ir import LIST, READ, Lifecycle, Step
from generator.targets.registry import SCENARIO_NAMES
from generator.values.tree import Ref, Value, resolve, to_params
from generator.verify import inproc, scenario_go
from generator.verify.moto import MotoServer
from generator.verify.scenario_js import unpinned
from generator.verify.scenario_judge import Program
from generator.verify.scenario_run import run_cli_batched, run_program
from generator.verify.scenarios import collect

OK, MOTO_LACKS, MOTO_ERROR = "ok", "moto lacks", "moto error"
NEEDS, FAILED, LEFT_BEHIND = "needs setup", "failed", "left behind"
NOT_EXPRESSIBLE = "not expressible"  # the language cannot write the scenario (the reason)
STATUSES = (OK, MOTO_LACKS, MOTO_ERROR, NEEDS, FAILED, LEFT_BEHIND, NOT_EXPRESSIBLE)
_GONE_STATE = re.compile(r"(?i)pending.?deletion|^deleted$|^deleting$|^inactive$|^disabled$")


@dataclass(frozen=True)
class MotoResult:
    service: str
    resource: str
    lang: str
    status: str
    step: int = 0  # the failing step (1-based), 0 when none
    operation: str = ""
    detail: str = ""
    lacks: tuple[str, ...] = ()
    seconds: float = 0.0
    passed: tuple[tuple[str, str], ...] = ()  # (service, operation) of the steps that succeeded

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"service": self.service, "resource": self.resource,
                               "lang": self.lang, "status": self.status}  # fmt: skip
        if self.step:
            row["step"] = self.step
            row["operation"] = self.operation
        if self.lacks:
            row["moto_lacks"] = list(self.lacks)
        if self.detail:
            row["detail"] = self.detail
        return row


@cache
def _moto_methods(service: str) -> frozenset[str]:
    """Every method name of moto's backend and response classes for a botocore service."""
    from moto.backends import ALT_SERVICE_NAMES  # deferred: moto loads when a moto run starts

    module = ALT_SERVICE_NAMES.get(service, service.replace("-", ""))
    names: set[str] = set()
    for part in ("models", "responses"):
        try:
            found = importlib.import_module(f"moto.{module}.{part}")
        except ImportError:
            continue
        for _, cls in inspect.getmembers(found, inspect.isclass):
            if cls.__module__.startswith(f"moto.{module}"):
                names |= {n for n in dir(cls) if not n.startswith("__")}
    return frozenset(names)


def moto_lacks(lifecycle: Lifecycle) -> tuple[str, ...]:
    """The operations of the scenario moto has no method for (``service:Operation``)."""
    lacking = []
    for service, operation in lifecycle.operations():
        if xform_name(operation) not in _moto_methods(service):
            lacking.append(f"{service}:{operation}")
    return tuple(lacking)


def _pattern(message: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in message.split("{}")]
    return re.compile("^" + "(.+)".join(parts) + "$")


def printed(lifecycle: Lifecycle, stdout: str) -> tuple[list[int], dict[Ref, str]]:
    """The steps whose line the program printed, in order, and the subject values in them."""
    lines = [line.rstrip("\r") for line in stdout.splitlines()]
    done: list[int] = []
    values: dict[Ref, str] = {}
    position = 0
    for index, step in enumerate(lifecycle.steps):
        pattern = _pattern(step.message)
        for number in range(position, len(lines)):
            match = pattern.match(lines[number])
            if match is None:
                continue
            done.append(index)
            position = number + 1
            if step.subject is not None and match.groups():
                values.setdefault(step.subject, match.group(1))
            if step.finds is not None and match.groups():
                values.setdefault(step.finds.ref, match.group(1))
            break
    return done, values


class Checker:
    """The harness's own boto3 clients on moto, to see what a scenario left behind."""

    def __init__(self, url: str) -> None:
        self.session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                     region_name="us-east-1")  # fmt: skip
        self.url = url
        self.clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self.clients:
            config = Config(retries={"total_max_attempts": 1}, inject_host_prefix=False)
            self.clients[service] = self.session.client(service, endpoint_url=self.url, config=config)
        return self.clients[service]

    def params(self, lifecycle: Lifecycle, step: Step, values: dict[Ref, str]) -> dict[str, Any] | None:
        missing: list[Ref] = []

        def lookup(ref: Ref, node: Value) -> Value:
            if ref in values:
                return Value(node.shape, "string", values[ref])
            variable = next((v for v in lifecycle.variables if v.ref == ref and v.value is not None), None)
            if variable is not None and variable.value is not None:
                return variable.value
            missing.append(ref)
            return Value(node.shape, "string", "")

        params: dict[str, Any] = to_params(resolve(step.value, lookup))
        return None if missing else params

    def remains(self, lifecycle: Lifecycle, create: int, values: dict[Ref, str]) -> str:
        """What is left of the resource created at step ``create`` (``""``: it is gone;
        ``?``: nothing could tell)."""
        steps = [(i, s) for i, s in enumerate(lifecycle.steps) if s.resource == lifecycle.steps[create].resource]
        listing = next((s for _, s in steps if s.role == LIST), None)
        listed = ""
        if listing is not None and listing.finds is not None and listing.finds.ref in values:
            params = self.params(lifecycle, listing, values)
            if params is not None:
                listed = self._listed(listing, params, values[listing.finds.ref])
                if not listed:
                    return ""
        for _, step in steps:
            if step.role == READ or (step.waits and step.cleanup):
                params = self.params(lifecycle, step, values)
                if params is None:
                    continue
                try:
                    response = getattr(self.client(step.service), xform_name(step.operation))(**params)
                except ClientError:
                    return ""
                return "" if _deleting(response) else f"{step.operation} still finds it"
        return listed or "?"

    def _listed(self, step: Step, params: dict[str, Any], wanted: str) -> str:
        client = self.client(step.service)
        method = xform_name(step.operation)
        try:
            pages = list(client.get_paginator(method).paginate(**params)) if step.paginate else [
                getattr(client, method)(**params)
            ]
        except ClientError:
            return ""  # the list of a parent that is gone too (ListAliases of a deleted function)
        for page in pages:
            if wanted in _values_at(page, list(step.finds.path if step.finds else ())):
                return f"{step.operation} still lists {wanted}"
        return ""


def _values_at(value: Any, path: list[str]) -> list[Any]:
    if not path:
        return [value]
    head, rest = path[0], path[1:]
    if head == "[]":
        return [v for item in (value if isinstance(value, list) else []) for v in _values_at(item, rest)]
    return _values_at(value.get(head), rest) if isinstance(value, dict) else []


def _deleting(response: Any) -> bool:
    stack = [response]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, item in node.items():
                if isinstance(item, str) and re.search(r"(State|Status)$", str(key)) and _GONE_STATE.search(item):
                    return True
                stack.append(item)
        elif isinstance(node, list):
            stack += node
    return False


def judge_run(lifecycle: Lifecycle, code: int, stdout: str, stderr: str, errors: list[str],
              checker: Checker, lacks: tuple[str, ...]) -> tuple[str, int, str, str]:  # fmt: skip
    """(status, failing step, its operation, detail) of one program run on moto."""
    done, values = printed(lifecycle, stdout)
    main = [i for i, s in enumerate(lifecycle.steps) if not s.cleanup]
    failing = next((i for i in main if i not in done), None)
    if code != 0 and failing is None:
        failing = next((i for i, s in enumerate(lifecycle.steps) if i not in done), None)
    if code != 0 or failing is not None:
        index = failing if failing is not None else 0
        step = lifecycle.steps[index]
        error = (stderr.strip().splitlines() or ["exit " + str(code)])[-1][:300]
        missing = next((e for e in errors if "NotImplemented" in e or "UnsupportedService" in e), "")
        if missing or f"{step.service}:{step.operation}" in lacks or "was not found on the server" in error:
            return MOTO_LACKS, index + 1, step.operation, (missing or error)[:300]
        if errors:
            return MOTO_ERROR, index + 1, step.operation, errors[-1][:300]
        if lifecycle.needs:
            return NEEDS, index + 1, step.operation, f"needs {', '.join(lifecycle.needs)}: {error}"[:300]
        return FAILED, index + 1, step.operation, error
    left = []
    for index, step in enumerate(lifecycle.steps):
        if step.role.endswith("create"):
            found = checker.remains(lifecycle, index, values)
            if found and found != "?":
                left.append(f"{step.resource}: {found}")
    if left:
        return LEFT_BEHIND, 0, "", "; ".join(left)
    return (MOTO_LACKS if lacks else OK), 0, "", ""


def run_on_moto(
    services: Sequence[str], langs: Sequence[str] = SCENARIO_NAMES,
    done: Callable[[MotoResult], None] | None = None, timeout: float = 120.0,
) -> list[MotoResult]:  # fmt: skip
    """Every scenario of the services in every language, end to end on one moto server."""
    programs, refused = collect(services, langs)
    results = [MotoResult(v.service, v.resource, v.lang, NOT_EXPRESSIBLE, detail=v.detail)
               for v in refused]  # fmt: skip
    server = MotoServer()
    workers: dict[str, inproc.Worker] = {}
    checker = Checker(server.url)
    stack = contextlib.ExitStack()  # the Go programs' workspace, built once for them all
    go_programs = [p for p in programs if p.lang == "go"]
    try:
        built = stack.enter_context(scenario_go.build(go_programs)) if go_programs else None
        for program in programs:
            number = go_programs.index(program) if program.lang == "go" else -1
            if built is not None and number in built.broken:
                verdict = built.broken[number]
                results.append(MotoResult(verdict.service, verdict.resource, "go", NOT_EXPRESSIBLE
                                          if verdict.status == NOT_EXPRESSIBLE else FAILED, detail=verdict.detail))  # fmt: skip
                continue
            unavailable = unpinned(program) if program.lang == "js" else ""
            if unavailable:
                lifecycle = program.lifecycle
                results.append(MotoResult(lifecycle.service, lifecycle.resource, "js", NOT_EXPRESSIBLE,
                                          detail=unavailable))  # fmt: skip
                continue
            result = run_one(program, server, workers, checker, timeout, built.binary.get(number) if built else None,
                             built.folder if built else None)  # fmt: skip
            results.append(result)
            if done is not None:
                done(result)
    finally:
        stack.close()
        server.close()
        for worker in workers.values():
            inproc.give_back(worker)
    return sorted(results, key=lambda r: (r.service, r.resource, SCENARIO_NAMES.index(r.lang)))


def run_one(program: Program, server: MotoServer, workers: dict[str, inproc.Worker], checker: Checker,
            timeout: float, binary: tuple[Path, str] | None = None, folder: Path | None = None,
            ) -> MotoResult:  # fmt: skip
    lifecycle = program.lifecycle
    started = time.monotonic()
    server.reset()
    server.log.take("")
    urls = {s: server.url for s in lifecycle.services()}
    if program.lang == "go":
        assert binary is not None and folder is not None  # built by run_on_moto
        code, stdout, stderr = scenario_go.run_binary(*binary, urls, lifecycle.service, folder, timeout)
    elif program.lang == "cli":
        aws = workers.setdefault("aws", inproc.borrow("aws"))
        code, stdout, stderr = run_cli_batched(program.text, urls, lifecycle.service, aws, timeout)
    else:
        python = workers.setdefault("python", inproc.borrow("python")) if program.lang in ("python", "client") else None
        code, stdout, stderr = run_program(program.lang, program.text, urls, lifecycle.service, python, timeout)
    errors = server.log.take("")
    missing = re.search(r"(?:does not provide an export named|Named export) '(\w+)'", stderr) if program.lang == "js" else None
    if missing:  # the pinned client is older than the model (tsc says the same on the loopback)
        return MotoResult(lifecycle.service, lifecycle.resource, "js", NOT_EXPRESSIBLE,
                          detail=f"the pinned JS SDK has no {missing.group(1)}")  # fmt: skip
    lacks = moto_lacks(lifecycle)
    status, step, operation, detail = judge_run(lifecycle, code, stdout, stderr, errors, checker, lacks)
    done, _ = printed(lifecycle, stdout)
    passed = tuple(dict.fromkeys((lifecycle.steps[i].service, lifecycle.steps[i].operation) for i in done))
    return MotoResult(lifecycle.service, lifecycle.resource, program.lang, status, step, operation,
                      detail, lacks, round(time.monotonic() - started, 2), passed)  # fmt: skip


def proven(results: Sequence[MotoResult]) -> frozenset[tuple[str, str]]:
    """(service, operation) of every step that succeeded on moto in a scenario that ran to its
    end with nothing left behind (``ok``)."""
    return frozenset(pair for r in results if r.status == OK for pair in r.passed)
