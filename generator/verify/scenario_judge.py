"""Verify, scenarios: what a run of a scenario program is judged by, for every language.

Stage: verify. Input: a rendered program (:class:`Program`), the
:class:`~generator.verify.scenario_wire.Run` the endpoint recorded for it and the program's
exit code. Output: one :class:`~generator.verify.examples.Verdict` per step
(:func:`judge_steps`, by the one judge) and why a run with an injected failure did not clean up
(:func:`cleanup_problem`), gathered in a :class:`ScenarioVerdict`. The runners
(:mod:`generator.verify.scenarios` for Python and the CLI, :mod:`generator.verify.scenario_js`
for JavaScript, :mod:`generator.verify.scenario_go` for Go) share these; the batched runners
turn a program's runs into its verdict with :func:`batch_verdict`, so every language gets the same verdicts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from generator.lifecycle.ir import Lifecycle
from generator.verify.endpoint import Endpoint
from generator.verify.examples import (
    MISMATCH,
    PARITY,
    Example,
    Verdict,
    expected_request,
    failure_text,
    judge,
    request_of,
)
from generator.verify.scenario_wire import Run
from generator.verify.scripts import as_sent


@dataclass(frozen=True)
class Program:
    """A rendered scenario program, exactly as published."""

    lifecycle: Lifecycle
    lang: str
    text: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.lifecycle.service, self.lifecycle.resource, self.lang)


@dataclass(frozen=True)
class ScenarioVerdict:
    """A scenario in one language: its status, the detail, its steps' verdicts and the result
    of the cleanup proof (``injected``: how many failures were injected, ``cleanup``: the first
    case whose cleanup did not run, or ``""``)."""

    service: str
    resource: str
    lang: str
    status: str
    detail: str = ""
    steps: tuple[Verdict, ...] = ()
    injected: int = 0
    cleanup: str = ""
    seconds: float = 0.0

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"service": self.service, "resource": self.resource,
                               "lang": self.lang, "status": self.status}  # fmt: skip
        if self.detail:
            row["detail"] = self.detail
        if self.steps:
            row["steps"] = [{"step": v.label.rsplit("#", 1)[-1], "operation": v.operation,
                             "status": v.status, **({"detail": v.detail} if v.detail else {})}
                            for v in self.steps]  # fmt: skip
        if self.injected:
            row["failures_injected"] = self.injected
            row["cleanup"] = self.cleanup or "ran every time"
        return row


def judge_steps(endpoint: Endpoint, program: Program, run: Run, code: int, stderr: str,
                seconds: float) -> list[Verdict]:  # fmt: skip
    """One verdict per step of a run without injected failure (the one judge decides)."""
    lifecycle = program.lifecycle
    verdicts = []
    for index, step in enumerate(lifecycle.steps):
        label = f"scenario:{lifecycle.resource}#{index + 1}"
        try:
            params = run.params(index)
        except Exception as exc:  # noqa: BLE001 - a reference the run never produced
            verdicts.append(Verdict(step.service, step.operation, program.lang, MISMATCH,
                                    f"step {index + 1}: no value for it: {exc}", label))  # fmt: skip
            continue
        example = as_sent(Example(step.service, step.operation, program.lang, program.text, params, label))
        sent = [c for i, c in run.records if i == index]
        if not sent:
            problem = failure_text(code, stderr) if code else "the program did not send it"
            verdicts.append(Verdict(step.service, step.operation, program.lang, MISMATCH,
                                    f"step {index + 1} ({step.operation}) not sent: {problem}", label))  # fmt: skip
            continue
        expected, problem = expected_request(endpoint, example)
        verdict = judge(example, ok=not problem, error=problem, sent=request_of(endpoint, example, sent[:1]),
                        expected=expected, seconds=seconds / max(1, len(lifecycle.steps)))  # fmt: skip
        verdicts.append(verdict)
    return verdicts


def cleanup_problem(lifecycle: Lifecycle, inject: int, run: Run, code: int) -> str:
    """Why a run with a failure injected at step ``inject`` did not clean up, or ``""``."""
    steps = lifecycle.steps
    sent = {i for i, _ in run.records}
    where = f"failure at step {inject + 1} ({steps[inject].operation})"
    if code == 0:
        return f"{where}: the program exited 0"
    for index, step in enumerate(steps):
        if index in sent or step.undoes is None:
            continue
        created = step.undoes < inject and step.undoes in sent
        if created and (steps[inject].cleanup is False or index != inject):
            if step.waits and any(s.undoes == step.undoes and not s.waits and i == inject
                                  for i, s in enumerate(steps)):  # fmt: skip
                continue  # the delete itself failed: nothing to wait for
            return f"{where}: step {index + 1} ({step.operation}) of the cleanup was not sent"
    later = [i for i in sent if i > inject and not steps[i].cleanup]
    if later:
        return f"{where}: step {later[0] + 1} ({steps[later[0]].operation}) ran after it"
    return ""


Outcome = tuple[int | None, Run, int, str, float]  # (injected step, run, exit code, error, seconds)


def batch_verdict(endpoint: Endpoint, program: Program, outcomes: list[Outcome], tool: str) -> ScenarioVerdict:
    """A scenario's verdict from a batched runner's outcomes: its plain run first, then its
    runs with a failure injected (``tool`` names the runner in a failure's detail)."""
    lifecycle = program.lifecycle
    _, run, code, error, seconds = outcomes[0]
    steps = judge_steps(endpoint, program, run, code, error, seconds)
    base = ScenarioVerdict(lifecycle.service, lifecycle.resource, program.lang, PARITY, "", tuple(steps),
                           seconds=seconds)  # fmt: skip
    wrong = [v for v in steps if v.status != PARITY]
    problems = run.unexpected + run.problems
    if code != 0 or wrong or problems:
        detail = (wrong[0].detail if wrong and wrong[0].detail.startswith("step")
                  else f"step {wrong[0].label.rsplit('#', 1)[-1]} ({wrong[0].operation}): {wrong[0].detail}"
                  if wrong else "; ".join(problems) or f"{tool}: {error[:300]}")  # fmt: skip
        return dataclasses.replace(base, status=MISMATCH, detail=detail)
    cleanup = ""
    injected = 0
    for failure, failed, failed_code, _, _ in outcomes[1:]:
        assert failure is not None
        injected += 1
        cleanup = cleanup_problem(lifecycle, failure, failed, failed_code)
        if cleanup:
            break
    status = MISMATCH if cleanup else PARITY
    return dataclasses.replace(base, status=status, detail=cleanup, injected=injected, cleanup=cleanup)
