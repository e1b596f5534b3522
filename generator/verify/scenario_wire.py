"""Verify, scenarios on the wire: responses that carry a scenario's identifiers forward, and the
judging of each step against botocore.

Stage: verify. Input: a :class:`~generator.lifecycle.ir.Lifecycle` and the requests its program
sent to the loopback endpoint. Output: one :class:`~generator.verify.examples.Verdict` per step
(judged by :func:`generator.verify.examples.judge`, the one judge) and whether the cleanup ran.

:class:`ScenarioResponder` is the endpoint's :data:`~generator.verify.endpoint.Responder` while
scenarios run. Each program run is a :class:`Run` (keyed by its path tag, so that several
programs can share one endpoint); every request of the run is matched to the next step that
calls its operation (each step sends exactly one request: the waits' answers satisfy them at
once, lists have one page) and answered so that the program can go on:

- a create's output holds every member later steps take (synthesized where the factory left
  it out);
- a wait's answer satisfies the waiter's success acceptor: the member path set to the expected
  value (every element of a ``[]`` projection for ``pathAll``/``pathAny``), a 200, or the error
  it waits for (``ResourceNotFoundException``, a 404) after a delete;
- a list's first page holds the value it looks for;
- ``inject``: the step whose request gets a ``ValidationException`` instead (the cleanup test).

The reference request of step N is botocore's request for the step's values with each
reference resolved from the responses the endpoint actually sent (or the create input's
literal), so identifiers are checked to flow from the response into the next request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import jmespath  # type: ignore[import-untyped]
from botocore.model import OperationModel, Shape, StructureShape

from generator.lifecycle.ir import LIST, Lifecycle, Step
from generator.model import patterns
from generator.model.ir import Service
from generator.model.waiters import Waiter, waiter
from generator.values.tree import REF, Ref, Value, resolve, to_params
from generator.verify.endpoint import Captured, ErrorAnswer, synthesize_output
from generator.verify.endpoint.respond import synthesize_value

INJECTED = "ValidationException"


def _dig(value: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            index = int(part[1:-1])
            value = value[index] if isinstance(value, list) and len(value) > index else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _member_shape(shape: Shape | None, name: str) -> Shape | None:
    if isinstance(shape, StructureShape):
        return shape.members.get(name)
    return None


def put(value: dict[str, Any], parts: list[str], leaf: Any, shape: Shape | None, every: bool = True) -> None:
    """Set ``leaf`` at ``parts`` (member names, ``[]`` for every item of a list) of ``value``,
    making the structures and lists on the way (one synthesized item for an empty list)."""
    name, rest = parts[0], parts[1:]
    member = _member_shape(shape, name)
    if not rest:
        value[name] = leaf
        return
    if rest[0] == "[]":
        items = value.get(name)
        item_shape = getattr(member, "member", None)
        if not isinstance(items, list) or not items:
            made = synthesize_value(item_shape) if item_shape is not None else {}
            items = [made if isinstance(made, dict) else {}]
            value[name] = items
        if len(rest) == 1:
            value[name] = [leaf]
            return
        for item in items if every else items[:1]:
            if isinstance(item, dict):
                put(item, rest[1:], leaf, item_shape, every)
        return
    child = value.get(name)
    if not isinstance(child, dict):
        child = {}
        value[name] = child
    put(child, rest, leaf, member, every)


def _argument(text: str) -> list[str]:
    parts: list[str] = []
    for piece in text.split("."):
        if piece.endswith("[]"):
            parts += [piece[:-2], "[]"]
        else:
            parts.append(piece)
    return parts


def satisfy(found: Waiter, operation: OperationModel, value: dict[str, Any]) -> dict[str, Any] | ErrorAnswer:
    """An answer that the waiter's first success acceptor accepts (see the module doc)."""
    for acceptor in found.success():
        if acceptor.matcher == "status":
            status = int(acceptor.expected)
            return value if status < 300 else ErrorAnswer(status, "NotFound" if status == 404 else str(status))
        if acceptor.matcher == "error":
            if acceptor.expected is False:
                return value
            if acceptor.expected is True:
                return ErrorAnswer(400, INJECTED)
            return ErrorAnswer(404 if "NotFound" in str(acceptor.expected) else 400, str(acceptor.expected))
        if acceptor.matcher in ("path", "pathAll", "pathAny"):
            put(value, _argument(acceptor.argument), acceptor.expected, operation.output_shape)
            if accepted(found, value) == "success":
                return value
    raise ValueError(f"the loopback endpoint cannot satisfy waiter {found.name}")


def accepted(found: Waiter, value: dict[str, Any]) -> str:
    """The state botocore's waiter enters for a successful response ``value`` (first acceptor
    that matches), or ``""``."""
    for acceptor in found.acceptors:
        if acceptor.matcher not in ("path", "pathAll", "pathAny"):
            if acceptor.matcher == "status" and int(acceptor.expected) == 200:
                return acceptor.state
            if acceptor.matcher == "error" and acceptor.expected is False:
                return acceptor.state
            continue
        result = jmespath.search(acceptor.argument, value)
        if acceptor.matcher == "path" and result == acceptor.expected:
            return acceptor.state
        if acceptor.matcher == "pathAll" and isinstance(result, list) and result and all(
            r == acceptor.expected for r in result
        ):
            return acceptor.state
        if acceptor.matcher == "pathAny" and isinstance(result, list) and acceptor.expected in result:
            return acceptor.state
    return ""


@dataclass
class Run:
    """One program run of a scenario: which step each request was, what was answered."""

    lifecycle: Lifecycle
    services: dict[str, Service]
    inject: int | None = None
    cursor: int = -1
    records: list[tuple[int, Captured]] = field(default_factory=list)
    responses: dict[int, Any] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def step_for(self, service: str, operation: str) -> int | None:
        """The next step of this operation; a cleanup step only when its create succeeded (a
        prerequisite of the resource's own type - the deployment a stage needs - is removed
        with the same operation as the resource, after a failure before the resource existed)."""
        sent = {i for i, _ in self.records}
        for index in range(self.cursor + 1, len(self.lifecycle.steps)):
            step = self.lifecycle.steps[index]
            if step.undoes is not None and (step.undoes not in sent or step.undoes == self.inject):
                continue
            if (step.service, step.operation) == (service, operation):
                return index
        return None

    def value_of(self, ref: Ref) -> Any:
        """What ``ref`` stood for in this run: the output the endpoint sent, or the literal."""
        if ref.side == "output":
            return _dig(self.responses.get(ref.step), ref.path)
        for variable in self.lifecycle.variables:
            if variable.ref == ref and variable.value is not None:
                return to_params(variable.value)
        step = self.lifecycle.steps[ref.step]
        found = step.value.field(ref.path[0])
        return to_params(found) if found is not None and found.kind != REF else None

    def params(self, index: int) -> dict[str, Any]:
        """Step ``index``'s boto3 params with every reference resolved for this run."""
        step = self.lifecycle.steps[index]
        service = self.services[step.service]

        def lookup(ref: Ref, node: Value) -> Value:
            kind = service.shape(node.shape).kind if node.shape in service.shapes else "string"
            return Value(node.shape, kind, self.value_of(ref))

        params: dict[str, Any] = to_params(resolve(step.value, lookup))
        return params

    def answer(self, operation: OperationModel, captured: Captured, factory: Any) -> Any:
        service = operation.service_model.service_name
        index = self.step_for(service, operation.name)
        if index is None:
            self.unexpected.append(f"{service}:{operation.name}")
            return None
        self.cursor = index
        self.records.append((index, captured))
        step = self.lifecycle.steps[index]
        if index == self.inject:
            return ErrorAnswer(400, INJECTED, f"sdk-parity injected a failure at step {index + 1}")
        value: dict[str, Any] = factory(operation)
        try:
            answer = self._overlay(index, step, operation, value)
        except ValueError as exc:
            self.problems.append(str(exc))
            return None
        if not isinstance(answer, ErrorAnswer):
            self.responses.setdefault(index, answer)
        return answer

    def _overlay(self, index: int, step: Step, operation: OperationModel, value: dict[str, Any]) -> Any:
        for variable in self.lifecycle.captured(index):
            if variable.ref.side == "output" and _dig(value, variable.ref.path) is None:
                shape: Shape | None = operation.output_shape
                for part in variable.ref.path:
                    shape = _member_shape(shape, part)
                made = synthesize_value(shape) if shape is not None else "value"
                put(value, list(variable.ref.path), made, operation.output_shape)
        self._fit(index, value, operation)
        if step.poll is not None:  # a wait without a botocore waiter: met at the first call
            if step.poll.error:
                return ErrorAnswer(404, step.poll.error, "not found")
            put(value, list(step.poll.path), step.poll.ready[0], operation.output_shape)
            return value
        if step.waiter:
            found = waiter(step.service, step.waiter)
            if found is None:
                raise ValueError(f"no waiter {step.waiter}")
            return satisfy(found, operation, value)
        if step.role == LIST and step.finds is not None:
            wanted = self.value_of(step.finds.ref)
            put(value, list(step.finds.path), wanted, operation.output_shape, every=False)
        return value


    def _fit(self, index: int, value: dict[str, Any], operation: OperationModel) -> None:
        """Make each value the create passes on fit the pattern of every member that takes it
        later, as the service's own answer would (a role ARN that Lambda's ``Role`` accepts):
        a client that validates its parameters (the typed client) would refuse it otherwise."""
        for variable in self.lifecycle.captured(index):
            if variable.ref.side != "output":
                continue
            current = _dig(value, variable.ref.path)
            if not isinstance(current, str):
                continue
            fitted = current
            for later in self.lifecycle.steps[index + 1:]:
                service = self.services[later.service]
                for node in _ref_nodes(later.value, variable.ref):
                    shape = service.shapes.get(node.shape)
                    pattern = shape.constraints.pattern if shape is not None else None
                    if shape is None or not pattern or patterns.matches(pattern, fitted) is not False:
                        continue
                    low = int(shape.constraints.min or 0)
                    high = None if shape.constraints.max is None else int(shape.constraints.max)
                    fitted = patterns.generate(pattern, low, high) or fitted
            if fitted != current:
                put(value, list(variable.ref.path), fitted, operation.output_shape)


def _ref_nodes(value: Value, ref: Ref) -> list[Value]:
    """The nodes of ``value`` that stand for ``ref``."""
    if value.kind == REF:
        return [value] if value.scalar == ref else []
    found: list[Value] = []
    for child in [*(c for _, c in value.fields), *value.items, *(v for _, v in value.entries)]:
        found += _ref_nodes(child, ref)
    return found


class ScenarioResponder:
    """The endpoint's responder while scenarios run: one :class:`Run` per path tag."""

    def __init__(self, factory: Any = synthesize_output) -> None:
        self.factory = factory
        self.runs: dict[str, Run] = {}
        self.lock = threading.Lock()

    def start(self, tag: str, run: Run) -> Run:
        with self.lock:
            self.runs[tag] = run
        return run

    def stop(self, tag: str) -> None:
        with self.lock:
            self.runs.pop(tag, None)

    def __call__(self, operation: OperationModel, captured: Captured) -> Any:
        with self.lock:
            run = self.runs.get(captured.tag)
            if run is None:
                return None
            return run.answer(operation, captured, self.factory)
