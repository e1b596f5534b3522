"""Targets, scenarios: the shape of a "Basics" program, shared by every language's renderer.

Input: a :class:`~generator.lifecycle.ir.Lifecycle`. Output: a :class:`Program` - what every
language writes the same way, so that only syntax differs between them:

- :attr:`Program.routines`: one function (method) per distinct call - read and read again of
  the same operation with the same values share one; each knows the variables it takes
  (``params``) and, for a create, the ones it returns (``returns``);
- :attr:`Program.inputs`: variables set before any call (the name a user gives a bucket);
- :attr:`Program.calls`: the main steps in order, each naming its routine;
- :attr:`Program.groups`: per created resource, in reverse order of creation, its cleanup
  calls and what tells the program the create succeeded (its first returned variable, or a
  flag the program sets after the create when the create returns nothing the later steps
  use). A renderer nests the groups so that each runs even when the one before failed.

Every language's renderer (``<lang>_scenario.py`` beside its example renderer) turns a
:class:`Program` into text with its naming module; ``docs/scenarios.md`` describes the
interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from generator.lifecycle.ir import CREATES, LIST, WAITS, Lifecycle, Step, Variable
from generator.values.tree import refs

LINE = 88

CREATE_KIND, WAIT_KIND, LIST_KIND, CALL_KIND = "create", "wait", "list", "call"
POLL_KIND = "poll"  # a wait without a botocore waiter: Step.poll says what to poll for


@dataclass(frozen=True)
class Routine:
    """One function of the program: the step it was made for (the first of those it serves),
    its ``kind`` (``create``: returns ``returns``; ``wait``: runs the step's waiter; ``poll``:
    calls the operation until ``Step.poll`` is met; ``list``: pages through the list and says
    whether it found ``finds``; ``call``: any other call),
    its ``index`` among routines of the same operation (0, 1, ... for distinct values) and the
    variables it takes, in the order its values use them."""

    step: Step
    kind: str
    index: int
    params: tuple[Variable, ...]
    returns: tuple[Variable, ...] = ()
    finds: Variable | None = None


@dataclass(frozen=True)
class Call:
    """A step as the program runs it: its index in the lifecycle and its routine."""

    index: int
    step: Step
    routine: Routine
    subject: Variable | None


@dataclass(frozen=True)
class Group:
    """The cleanup of one created resource: the create's step index, the variable whose value
    says it was created (``None``: the program keeps a flag, named after ``resource``) and its
    cleanup calls in order."""

    create: int
    resource: str
    guard: Variable | None
    calls: tuple[Call, ...]


@dataclass(frozen=True)
class Program:
    lifecycle: Lifecycle
    routines: tuple[Routine, ...]
    inputs: tuple[Variable, ...]
    calls: tuple[Call, ...]
    groups: tuple[Group, ...]

    def flagged(self) -> tuple[Group, ...]:
        """The groups whose create the program marks with a flag."""
        return tuple(g for g in self.groups if g.guard is None)

    def group_of(self, create: int) -> Group | None:
        return next((g for g in self.groups if g.create == create), None)


def _kind(step: Step) -> str:
    if step.role in CREATES:
        return CREATE_KIND
    if step.role in WAITS and step.poll is not None:
        return POLL_KIND
    if step.role in WAITS:
        return WAIT_KIND
    if step.role == LIST:
        return LIST_KIND
    return CALL_KIND


def program(lifecycle: Lifecycle) -> Program:
    """The program of a scenario (see the module doc)."""
    variables = {v.ref: v for v in lifecycle.variables}
    routines: list[Routine] = []
    by_step: dict[int, Routine] = {}
    for index, step in enumerate(lifecycle.steps):
        kind = _kind(step)
        params = tuple(dict.fromkeys(variables[r] for _, r in refs(step.value)))
        finds = variables[step.finds.ref] if step.finds else None
        if finds is not None and finds not in params:
            params = (*params, finds)
        returns = tuple(v for v in lifecycle.captured(index) if v.ref.side == "output")
        same = [r for r in routines if (r.step.service, r.step.operation, r.kind) ==
                (step.service, step.operation, kind)]  # fmt: skip
        twin = next((r for r in same if r.step.value == step.value and r.step.waiter == step.waiter
                     and r.step.finds == step.finds and r.step.poll == step.poll), None)  # fmt: skip
        if twin is not None and kind != CREATE_KIND:
            by_step[index] = twin
            continue
        routine = Routine(step, kind, len(same), params, returns, finds)
        routines.append(routine)
        by_step[index] = routine

    def call(index: int) -> Call:
        step = lifecycle.steps[index]
        return Call(index, step, by_step[index], variables.get(step.subject) if step.subject else None)

    calls = tuple(call(i) for i, _ in lifecycle.main_steps())
    groups: list[Group] = []
    for index, step in lifecycle.cleanup_steps():
        assert step.undoes is not None
        returned = [v for v in lifecycle.captured(step.undoes) if v.ref.side == "output"]
        if groups and groups[-1].create == step.undoes:
            last = groups[-1]
            groups[-1] = Group(last.create, last.resource, last.guard, (*last.calls, call(index)))
        else:
            guard = returned[0] if returned else None
            groups.append(Group(step.undoes, step.resource, guard, (call(index),)))
    inputs = tuple(v for v in lifecycle.variables if v.ref.side == "input")
    return Program(lifecycle, tuple(routines), inputs, calls, tuple(groups))


def summary(lifecycle: Lifecycle) -> list[str]:
    """The docstring's description of what the program does, wrapped at 88 columns."""
    words = lifecycle.resource.replace("-", " ")
    parts = []
    for prerequisite in lifecycle.prerequisites:
        parts.append(f"Creates the {prerequisite.resource.replace('-', ' ')} the {words} needs.")
    roles = [s.role for s in lifecycle.steps]
    doing = [f"Creates a {words}"]
    if "wait" in roles:
        doing.append("waits until it is ready")
    if "read" in roles:
        doing.append("reads it")
    if "list" in roles:
        doing.append("finds it in the list")
    if "update" in roles:
        doing.append("updates it")
    if "read-again" in roles:
        doing.append("reads it again")
    parts.append(", ".join(doing) + ", then deletes it" +
                 (" and waits until it is gone." if "wait-deleted" in roles else "."))  # fmt: skip
    parts.append("The cleanup runs even when a step fails, so a failed run leaves nothing behind.")
    text = " ".join(parts)
    lines: list[str] = []
    line = ""
    for word in text.split():
        if len(line) + len(word) + 1 > LINE - 4 and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name2``, ``name3``... : the first not in ``taken`` (which it joins)."""
    candidate, counter = name, 2
    while candidate in taken:
        candidate = f"{name}{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


class _Names(Protocol):
    def scenario_variable(self, words: str, /) -> str: ...

    def scenario_routine(self, kind: str, operation: str, state: str, resource: str, /) -> str: ...


def program_names(plan: Program, names: _Names, taken: set[str]) -> tuple[dict[object, str], dict[int, str]]:
    """A program's variable names (by reference) and routine names (by number) in one
    language (``names``: its naming module), each unique among ``taken`` (which they join)."""
    variables: dict[object, str] = {
        variable.ref: unique_name(names.scenario_variable(variable.words), taken)
        for variable in plan.lifecycle.variables
    }
    routines: dict[int, str] = {}
    for number, routine in enumerate(plan.routines):
        step = routine.step
        state = poll_state(step) if routine.kind == POLL_KIND else step.waiter
        base = names.scenario_routine(routine.kind, step.operation, state, step.resource)
        routines[number] = unique_name(base, taken)
    return variables, routines


def poll_state(step: Step) -> str:
    """The state a poll waits for, as a word: ``ACTIVE``, or ``deleted`` after a delete."""
    assert step.poll is not None
    return "deleted" if step.poll.error else step.poll.ready[0]
