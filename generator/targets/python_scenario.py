"""Target ``python``, scenarios: a "Basics" program with the AWS SDK for Python (Boto3).

Input: a :class:`~generator.lifecycle.ir.Lifecycle` and the IR of the services it calls.
Output: the program (:func:`render_python_scenario`), laid out in black's style like the
single examples (a statement too long for one line through
:mod:`generator.render.pyformat.statement`; the tests check black leaves every program
unchanged): one function per call
(:mod:`generator.targets.scenario`), ``run_scenario`` that calls them in order and prints one
line per step, with the cleanup in ``finally`` blocks nested so that each resource's removal
runs even when the one before failed, and ``main`` with ``--region``/``--profile``. The
endpoint comes from boto3's own ``AWS_ENDPOINT_URL``. A wait uses the SDK's waiter
(``client.get_waiter(...)``), the list step the SDK's paginator.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.errors import UnsupportedError
from generator.lifecycle.ir import Lifecycle, Step, Variable
from generator.model.ir import Service
from generator.naming import python as names
from generator.render.env import render
from generator.render.pyformat import literals as pyfmt
from generator.render.pyformat.statement import statement_lines
from generator.targets import Snippet
from generator.targets.python import node
from generator.targets.scenario import (
    CREATE_KIND,
    LIST_KIND,
    POLL_KIND,
    WAIT_KIND,
    Call,
    Group,
    Program,
    Routine,
    poll_state,
    program,
    summary,
)
from generator.values.tree import REF, Value

LINE = pyfmt.LINE


def call_lines(indent: int, head: str, args: list[str], tail: str = "") -> list[str]:
    """``head(args)tail`` as black lays it out (:mod:`~generator.render.pyformat.statement`)."""
    return statement_lines(indent, f"{head}({', '.join(args)}){tail}")


def membership(indent: int, head: str, texts: tuple[str, ...]) -> list[str]:
    """``if status in ("A", "B"):`` as black lays it out: on one line when it fits, else one
    item a line with a trailing comma (black explodes a tuple literal it splits, never keeping
    its items together on one indented line)."""
    pad = " " * indent
    items = [pyfmt.string(text) for text in texts]
    inner = items[0] + "," if len(items) == 1 else ", ".join(items)
    one = f"{pad}{head} ({inner}):"
    if len(one) <= LINE:
        return [one]
    return [f"{pad}{head} (", *(f"{pad}    {item}," for item in items), f"{pad}):"]


class Writer:
    """Names and lines of one program (the typed client's renderer subclasses it: the hooks
    ``method``, ``arguments``, ``node``, ``output_expr``, ``wait_lines``, ``error_lines``,
    ``status_lines`` and ``list_body`` are where the two differ)."""

    def __init__(self, plan: Program, services: Mapping[str, Service]) -> None:
        self.plan = plan
        self.services = services
        self.lifecycle = plan.lifecycle
        taken: set[str] = set()
        self.clients = {}
        for service in self.lifecycle.services():
            self.clients[service] = names.unique(names.client_variable(service), taken)
            taken.add(self.clients[service])
        self.variables = {}
        for variable in self.lifecycle.variables:
            self.variables[variable.ref] = names.unique(names.scenario_variable(variable.words), taken)
            taken.add(self.variables[variable.ref])
        self.routine_names: dict[int, str] = {}
        for number, routine in enumerate(plan.routines):
            step = routine.step
            state = poll_state(step) if routine.kind == POLL_KIND else step.waiter
            base = names.scenario_routine(routine.kind, step.operation, state, step.resource)
            if routine.kind == LIST_KIND and step.resource != self.lifecycle.resource:
                base = f"{base}_{names.scenario_variable(self.lifecycle.resource)}"
            name = names.unique(base, taken)
            taken.add(name)
            self.routine_names[number] = name
        self.flags = {g.create: names.unique(names.scenario_flag(g.resource), taken) for g in plan.flagged()}

    def var(self, variable: Variable) -> str:
        return self.variables[variable.ref]

    def name(self, routine: Routine) -> str:
        return self.routine_names[self.plan.routines.index(routine)]

    def node(self, value: Value) -> pyfmt.Node:
        """The layout node of a value whose ``ref`` nodes are variables."""
        if value.kind == REF:
            return pyfmt.Node(self.variables[value.scalar])
        if not (value.fields or value.items or value.entries):
            return node(value)
        if value.kind in ("structure", "union"):
            children = [(pyfmt.string(n) + ": ", self.node(c)) for n, c in value.fields]
            return pyfmt.Node(children=children, brackets="{}")
        if value.kind == "list":
            return pyfmt.Node(children=[("", self.node(i)) for i in value.items], brackets="[]")
        pairs = [(pyfmt.scalar(k.scalar) + ": ", self.node(v)) for k, v in value.entries]
        return pyfmt.Node(children=pairs, brackets="{}")

    def arguments(self, value: Value, indent: int) -> list[str]:
        args = []
        for name, child in value.fields:
            if names.is_identifier_keyword(name):
                raise UnsupportedError(f"member {name!r} is not a Python keyword argument")
            args.append((f"{name}=", self.node(child)))
        return pyfmt.call_arguments(args, indent)

    def invocation(self, indent: int, head: str, value: Value, tail: str = "") -> list[str]:
        pad = " " * indent
        args = self.arguments(value, indent + 4)
        if not args:
            return statement_lines(indent, f"{head}(){tail}")
        return [f"{pad}{head}(", *args, f"{pad}){tail}"]

    # ----------------------------------------------------------------- routines

    def routine(self, routine: Routine) -> dict[str, object]:
        step = routine.step
        client = self.clients[step.service]
        method = self.method(step)
        params = [client, *(self.var(v) for v in routine.params)]
        noun = step.resource.replace("-", " ")
        body: list[str] = []
        if routine.kind == CREATE_KIND:
            returned = [self.output_expr(step, "response", v.ref.path) for v in routine.returns]
            if returned:
                body += self.invocation(4, f"response = {client}.{method}", step.value)
                body += self.return_lines(returned)
                what = " and ".join(v.words.replace("-", " ") for v in routine.returns)
                doc = f"Create the {noun} with {step.operation}; return its {what}."
            else:
                body += self.invocation(4, f"{client}.{method}", step.value)
                doc = f"Create the {noun} with {step.operation}."
        elif routine.kind == WAIT_KIND:
            body += self.wait_lines(step, client)
            doc = f"Wait with the {step.waiter} waiter, which polls {step.operation}."
        elif routine.kind == POLL_KIND:
            body += self.poll_body(routine, client, method)
            assert step.poll is not None
            what = "is gone" if step.poll.error else f"is {step.poll.ready[0]}"
            doc = f"Poll {step.operation} until the {noun} {what}."
        elif routine.kind == LIST_KIND:
            body += self.list_body(routine, client, method)
            doc = f"Page through {step.operation}; return whether it lists the {noun}."
        else:
            if step.cleanup:
                body += self.invocation(4, f"{client}.{method}", step.value)
                doc = f"Delete the {noun} with {step.operation}."
            else:
                body += self.invocation(4, f"return {client}.{method}", step.value)
                doc = f"Call {step.operation} for the {noun}; return the response."
        signature = call_lines(0, f"def {self.name(routine)}", params, ":")
        return {"name": self.name(routine), "signature": signature, "doc": doc, "body": body}

    def input_node(self, variable: Variable) -> pyfmt.Node:
        """The value a variable set before any call holds."""
        assert variable.value is not None
        return self.node(variable.value)

    def input_lines(self, variable: Variable) -> list[str]:
        """``name = value`` for a variable set before any call."""
        value = self.input_node(variable)
        if value.brackets:
            return value.lines(4, f"{self.var(variable)} = ", "")
        return statement_lines(4, f"{self.var(variable)} = {value.flat()}")

    def method(self, step: Step) -> str:
        """The client's method that calls the step's operation."""
        return names.boto3_method(step.operation)

    def output_expr(self, step: Step, base: str, path: tuple[str, ...]) -> str:
        """The expression of the member at ``path`` of the step's response ``base``."""
        return base + "".join(f"[{pyfmt.string(part)}]" for part in path)

    def wait_lines(self, step: Step, client: str) -> list[str]:
        """The lines that run the step's waiter."""
        lines = call_lines(4, f"waiter = {client}.get_waiter", [pyfmt.string(names.boto3_method(step.waiter))])
        return lines + self.invocation(4, "waiter.wait", step.value)

    def error_lines(self, step: Step, code: str) -> list[str]:
        """``except``: return when the call failed with ``code``, raise otherwise."""
        test = f'if error.response["Error"]["Code"] == {pyfmt.string(code)}:'
        return ["        except ClientError as error:", *statement_lines(12, test), "                return",
                "            raise"]  # fmt: skip

    def return_lines(self, values: list[str]) -> list[str]:
        return statement_lines(4, f"return {', '.join(values)}")

    def poll_body(self, routine: Routine, client: str, method: str) -> list[str]:
        """Call the operation every ``delay`` seconds until the poll is met, at most
        ``attempts`` times."""
        step = routine.step
        poll = step.poll
        assert poll is not None
        noun = step.resource.replace("-", " ")
        lines = [f"    for _attempt in range({poll.attempts}):"]
        if poll.error:
            lines.append("        try:")
            head = "response = " if poll.path else ""
            lines += self.invocation(12, f"{head}{client}.{method}", step.value)
            lines += self.error_lines(step, poll.error)
            if poll.path:  # a deletion under way is how the service deletes it
                lines += self.status_lines(step, poll.path)
                lines += [*membership(8, "if status in", poll.ready), "            return"]
            done = f"The {noun} is still there after {poll.attempts * poll.delay} seconds."
        else:
            lines += self.invocation(8, f"response = {client}.{method}", step.value)
            lines += self.status_lines(step, poll.path)
            if poll.failed:
                lines += membership(8, "if status in", poll.failed)
                lines += call_lines(12, "raise RuntimeError", ['f"The ' + noun + ' is {status}."'])
            lines += membership(8, "if status not in", poll.pending)
            lines.append("            return")
            done = f"The {noun} is not {poll.ready[0]} after {poll.attempts * poll.delay} seconds."
        lines.append(f"        time.sleep({poll.delay})")
        lines += call_lines(4, "raise RuntimeError", [pyfmt.string(done)])
        return lines

    def status_lines(self, step: Step, path: tuple[str, ...]) -> list[str]:
        """``status = response.get(...)``: ``None`` where the service leaves the member out."""
        expression = "response" + "".join(f".get({pyfmt.string(p)}, {{}})" for p in path[:-1])
        return call_lines(8, f"status = {expression}.get", [pyfmt.string(path[-1])])

    def list_body(self, routine: Routine, client: str, method: str) -> list[str]:
        step = routine.step
        assert step.finds is not None and routine.finds is not None
        wanted = self.var(routine.finds)
        lines: list[str] = []
        if step.paginate:
            lines += call_lines(4, f"paginator = {client}.get_paginator", [pyfmt.string(method)])
            lines += self.invocation(4, "for page in paginator.paginate", step.value, ":")
            lines += self.search("page", step.finds.path, wanted, 8)
        else:
            lines += self.invocation(4, f"response = {client}.{method}", step.value)
            lines += self.search("response", step.finds.path, wanted, 4)
        lines.append("    return False")
        return lines

    def search(self, base: str, path: tuple[str, ...], wanted: str, indent: int) -> list[str]:
        """Lines that return True when ``wanted`` is among the values at ``path`` of ``base``."""
        pad = " " * indent
        parts = list(path)
        head, rest = parts[0], parts[1:]
        key = pyfmt.string(head)
        if rest == ["[]"]:
            return [*call_lines(indent, f"if {wanted} in {base}.get", [key, "[]"], ":"),
                    f"{pad}    return True"]  # fmt: skip
        if rest and rest[0] == "[]":
            item = "item" if indent <= 8 else f"item{indent // 4}"
            return [*call_lines(indent, f"for {item} in {base}.get", [key, "[]"], ":"),
                    *self.search(item, tuple(rest[1:]), wanted, indent + 4)]  # fmt: skip
        if not rest:
            return [*call_lines(indent, f"if {base}.get", [key], f" == {wanted}:"), f"{pad}    return True"]
        return self.search(f"{base}.get({key}, {{}})", tuple(rest), wanted, indent)

    # ----------------------------------------------------------------- run_scenario

    def message(self, call: Call, indent: int) -> list[str]:
        text = call.step.message
        if call.subject is not None:
            parts = text.split("{}")
            literal = "{" + self.var(call.subject) + "}"
            text = literal.join(p.replace("{", "{{").replace("}", "}}") for p in parts)
            return call_lines(indent, "print", ["f" + pyfmt.string(text)])
        return call_lines(indent, "print", [pyfmt.string(text)])

    def invoke(self, call: Call, indent: int) -> list[str]:
        routine = call.routine
        pad = " " * indent
        args = [self.clients[call.step.service], *(self.var(v) for v in routine.params)]
        name = self.name(routine)
        if routine.kind == CREATE_KIND:
            returned = [self.var(v) for v in routine.returns]
            lines = call_lines(indent, f"{', '.join(returned)} = {name}" if returned else name, args)
            group = self.plan.group_of(call.index)
            if group is not None and group.guard is None:
                lines.append(f"{pad}{self.flags[group.create]} = True")
            return lines
        if routine.kind == LIST_KIND:
            assert call.subject is not None
            lines = call_lines(indent, f"if not {name}", args, ":")
            noun = call.step.resource.replace("-", " ")
            text = f"{call.step.operation} did not list the {noun} {{{self.var(call.subject)}}}."
            return lines + call_lines(indent + 4, "raise RuntimeError", ["f" + pyfmt.string(text)])
        return call_lines(indent, name, args)

    def cleanup(self, groups: tuple[Group, ...], indent: int) -> list[str]:
        pad = " " * indent
        group, rest = groups[0], groups[1:]
        guard = (f"{self.var(group.guard)} is not None" if group.guard is not None
                 else self.flags[group.create])  # fmt: skip
        inner = statement_lines(indent if rest == () else indent + 4, f"if {guard}:")
        body_indent = indent + (4 if not rest else 8)
        for call in group.calls:
            inner += self.invoke(call, body_indent) + self.message(call, body_indent)
        if not rest:
            return inner
        return [f"{pad}try:", *inner, f"{pad}finally:", *self.cleanup(rest, indent + 4)]

    def scenario(self) -> list[str]:
        lines: list[str] = []
        for variable in self.plan.inputs:
            lines += self.input_lines(variable)
        for group in reversed(self.plan.groups):
            for variable in self.lifecycle.captured(group.create):
                if variable.ref.side == "output":
                    lines.append(f"    {self.var(variable)} = None")
            if group.guard is None:
                lines.append(f"    {self.flags[group.create]} = False")
        lines.append("    try:")
        for call in self.plan.calls:
            lines += self.invoke(call, 8) + self.message(call, 8)
        lines.append("    finally:")
        lines += self.cleanup(self.plan.groups, 8)
        return lines


def render_python_scenario(lifecycle: Lifecycle, services: Mapping[str, Service]) -> Snippet:
    service = services[lifecycle.service]
    plan = program(lifecycle)
    writer = Writer(plan, services)
    routines = [writer.routine(r) for r in plan.routines]
    clients = [writer.clients[s] for s in lifecycle.services()]
    client_lines: list[str] = []
    for name in lifecycle.services():
        client_lines += call_lines(4, f"{writer.clients[name]} = session.client", [pyfmt.string(name)])
    text = render(
        "python/scenario.py.j2",
        title=lifecycle.title,
        summary=summary(lifecycle),
        service_name=service.name,
        api_version=service.api_version,
        imports=["import argparse", "import sys",
                 *(["import time"] if any(s.poll for s in lifecycle.steps) else []), "", "import boto3",
                 "from botocore.exceptions import ClientError, WaiterError"],  # fmt: skip
        tag="Scenario_" + "".join(w.title() for w in lifecycle.resource.split("-")) + "Basics",
        routines=routines,
        clients=", ".join(clients),
        scenario_doc=f"Create a {lifecycle.resource.replace('-', ' ')}, use it and delete it.",
        scenario=writer.scenario(),
        client_lines=client_lines,
    )
    path = f"{service.name}/scenarios/python/{names.scenario_file(lifecycle.resource)}"
    return Snippet("python", path, text, text)
