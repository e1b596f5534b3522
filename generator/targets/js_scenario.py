"""Target ``js``, scenarios: a "Basics" program with the AWS SDK for JavaScript v3.

Input: a :class:`~generator.lifecycle.ir.Lifecycle` and the IR of the services it calls.
Output: one ES module (:func:`render_js_scenario`) in the style of AWS's JavaScript examples:
one ``async`` function per call (:mod:`generator.targets.scenario`) sending the operation's
``<Op>Command`` through the service's ``@aws-sdk/client-*`` client, ``runScenario`` that calls
them in order and prints one line per step, with the cleanup in ``finally`` blocks nested so
that each resource's removal runs even when the one before failed, an exported ``main`` that
builds one client per service (``region``/``profile``), and a command line (``--region``,
``--profile``) when the file is started directly, which exits 1 with the error on stderr. The
endpoint comes from the SDK's own ``AWS_ENDPOINT_URL`` (and ``AWS_ENDPOINT_URL_<SERVICE>``). A
wait uses the package's ``waitUntil<Waiter>`` (its time limit botocore's delay times attempts),
a poll the same loop as the Python program, a list the package's ``paginate<Op>`` where the
pinned client exports one with botocore's tokens (else one call). Values are the single
examples' (:class:`generator.targets.js.ValueWriter`), an earlier step's value its variable;
names come from :mod:`generator.naming.js`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from generator.capabilities.botocore import with_implicit_members
from generator.lifecycle.ir import Lifecycle, Step, Variable
from generator.lifecycle.waits import error_code
from generator.model.ir import Service
from generator.model.waiters import waiter as botocore_waiter
from generator.naming import java as jnames
from generator.naming import js as names
from generator.render.env import render
from generator.targets import Snippet
from generator.targets.js import ValueWriter, sdk_paginator, string_literal
from generator.targets.scenario import (
    CREATE_KIND,
    LIST_KIND,
    POLL_KIND,
    WAIT_KIND,
    Call,
    Group,
    Program,
    Routine,
    program,
    program_names,
    summary,
    unique_name,
)
from generator.values.tree import REF, Value


class _Values(ValueWriter):
    """The single examples' object literals, with an earlier step's value as its variable."""

    def __init__(self, service: Service, variables: Mapping[object, str]) -> None:
        super().__init__(service)
        self.variables = variables

    def expr(self, value: Value, indent: int, top: bool = False) -> str:
        if value.kind == REF:
            return self.variables[value.scalar]
        return super().expr(value, indent, top)


def template_text(text: str) -> str:
    """``text`` inside a JavaScript template literal."""
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")


class _Writer:
    """Names and lines of one program."""

    def __init__(self, plan: Program, services: Mapping[str, Service]) -> None:
        self.plan = plan
        self.services = services
        self.lifecycle = plan.lifecycle
        self.imports: dict[str, set[str]] = {s: {names.client_class(services[s].service_id)}
                                             for s in self.lifecycle.services()}  # fmt: skip
        taken: set[str] = set()
        self.clients: dict[str, str] = {}
        for service in self.lifecycle.services():
            self.clients[service] = unique_name(names.client_variable(service), taken)
        self.variables, self.routine_names = program_names(plan, names, taken)
        self.flags = {g.create: unique_name(names.scenario_flag(g.resource), taken) for g in plan.flagged()}

    def var(self, variable: Variable) -> str:
        return self.variables[variable.ref]

    def name(self, routine: Routine) -> str:
        return self.routine_names[self.plan.routines.index(routine)]

    def command(self, step: Step) -> str:
        name = names.command_class(step.operation)
        self.imports[step.service].add(name)
        return name

    def input(self, step: Step, indent: int) -> str:
        service = self.services[step.service]
        operation = service.operations[step.operation]
        value = with_implicit_members(service, operation, step.value)
        writer = _Values(service, self.variables)
        writer.encode_base64 = jnames.botocore_base64_members(service.name, operation.name)
        return writer.expr(value, indent, top=True) if operation.input else "{}"

    def send(self, step: Step, client: str, indent: int) -> str:
        return f"await {client}.send(new {self.command(step)}({self.input(step, indent)}))"

    # ----------------------------------------------------------------- routines

    def routine(self, routine: Routine) -> list[str]:
        step = routine.step
        client = self.clients[step.service]
        params = ", ".join([client, *(self.var(v) for v in routine.params)])
        noun = step.resource.replace("-", " ")
        body: list[str] = []
        if routine.kind == CREATE_KIND:
            returned = [self.output_expr(v.ref.path) for v in routine.returns]
            if returned:
                body.append(f"  const response = {self.send(step, client, 2)};")
                body.append(f"  return {returned[0]};" if len(returned) == 1
                            else f"  return [{', '.join(returned)}];")  # fmt: skip
                what = " and ".join(v.words.replace("-", " ") for v in routine.returns)
                doc = f"Create the {noun} with {step.operation}; return its {what}."
            else:
                body.append(f"  {self.send(step, client, 2)};")
                doc = f"Create the {noun} with {step.operation}."
        elif routine.kind == WAIT_KIND:
            function = names.waiter_function(step.waiter)
            self.imports[step.service].add(function)
            found = botocore_waiter(step.service, step.waiter)
            limit = found.delay * found.max_attempts if found is not None else 600
            body.append(f"  await {function}({{ client: {client}, maxWaitTime: {limit} }}, "
                        f"{self.input(step, 2)});")  # fmt: skip
            doc = f"Wait with the {step.waiter} waiter, which polls {step.operation}."
        elif routine.kind == POLL_KIND:
            body += self.poll_body(step, client)
            assert step.poll is not None
            what = "is gone" if step.poll.error else f"is {step.poll.ready[0]}"
            doc = f"Poll {step.operation} until the {noun} {what}."
        elif routine.kind == LIST_KIND:
            body += self.list_body(routine, client)
            doc = f"Page through {step.operation}; return whether it lists the {noun}."
        elif step.cleanup:
            body.append(f"  {self.send(step, client, 2)};")
            doc = f"Delete the {noun} with {step.operation}."
        else:
            body.append(f"  return {self.send(step, client, 2)};")
            doc = f"Call {step.operation} for the {noun}; return the response."
        return [f"/** {doc} */", f"const {self.name(routine)} = async ({params}) => {{", *body, "};", ""]

    def output_expr(self, path: tuple[str, ...], base: str = "response") -> str:
        text = base
        for number, part in enumerate(path):
            key = names.member_key(part)
            dot = "." if number == 0 else "?."
            text += f"{dot}{key}" if key == part else f"{'?.' if dot == '?.' else ''}[{key}]"
        return text

    def poll_body(self, step: Step, client: str) -> list[str]:
        poll = step.poll
        assert poll is not None
        noun = step.resource.replace("-", " ")
        lines = [f"  for (let attempt = 0; attempt < {poll.attempts}; attempt += 1) {{"]
        if poll.error:
            operation = self.services[step.service].operations[step.operation]
            shape = next((e for e in operation.errors if error_code(step.service, e) == poll.error), "")
            if shape:
                error = names.shape_class(shape)
                self.imports[step.service].add(error)
                test = f"caught instanceof {error}"
            else:
                test = f"caught?.name === {string_literal(poll.error)}"
            lines += ["    let response;", "    try {", f"      response = {self.send(step, client, 6)};",
                      "    } catch (caught) {", f"      if ({test}) {{", "        return;", "      }",
                      "      throw caught;", "    }"]  # fmt: skip
            if poll.path:
                lines.append(f"    const status = {self.output_expr(poll.path)};")
                lines.append(f"    if ({json.dumps(list(poll.ready))}.includes(status)) {{")
                lines += ["      return;", "    }"]
            done = f"The {noun} is still there after {poll.attempts * poll.delay} seconds."
        else:
            lines.append(f"    const response = {self.send(step, client, 4)};")
            lines.append(f"    const status = {self.output_expr(poll.path)};")
            if poll.failed:
                lines.append(f"    if ({json.dumps(list(poll.failed))}.includes(status)) {{")
                lines += [f"      throw new Error(`The {template_text(noun)} is ${{status}}.`);", "    }"]
            lines.append(f"    if (!{json.dumps(list(poll.pending))}.includes(status)) {{")
            lines += ["      return;", "    }"]
            done = f"The {noun} is not {poll.ready[0]} after {poll.attempts * poll.delay} seconds."
        lines.append(f"    await new Promise((resolve) => setTimeout(resolve, {poll.delay * 1000}));")
        lines += ["  }", f"  throw new Error({string_literal(done)});"]
        return lines

    def test(self, base: str, path: tuple[str, ...], wanted: str, depth: int = 0) -> str:
        """A JavaScript expression that is true when ``wanted`` is among the values at
        ``path`` of ``base``."""
        if not path:
            return f"{base} === {wanted}"
        if path[0] == "[]":
            rest = path[1:]
            if not rest:
                return f"({base} ?? []).includes({wanted})"
            item = "item" if depth == 0 else f"item{depth + 1}"
            return f"({base} ?? []).some(({item}) => {self.test(item, rest, wanted, depth + 1)})"
        return self.test(self.output_expr((path[0],), base), path[1:], wanted, depth)

    def list_body(self, routine: Routine, client: str) -> list[str]:
        step = routine.step
        assert step.finds is not None and routine.finds is not None
        wanted = self.var(routine.finds)
        service = self.services[step.service]
        operation = service.operations[step.operation]
        paginator = sdk_paginator(service, operation, step.value)
        if paginator:
            self.imports[step.service].add(paginator)
            return [f"  for await (const page of {paginator}({{ client: {client} }}, {self.input(step, 2)})) {{",
                    f"    if ({self.test('page', step.finds.path, wanted)}) {{", "      return true;", "    }",
                    "  }", "  return false;"]  # fmt: skip
        return [f"  const response = {self.send(step, client, 2)};",
                f"  return {self.test('response', step.finds.path, wanted)};"]  # fmt: skip

    # ----------------------------------------------------------------- runScenario

    def message(self, call: Call, pad: str) -> str:
        parts = call.step.message.split("{}")
        if call.subject is not None:
            text = ("${" + self.var(call.subject) + "}").join(template_text(p) for p in parts)
        else:
            text = template_text(call.step.message)
        return f"{pad}console.log(`{text}`);"

    def invoke(self, call: Call, pad: str) -> list[str]:
        routine = call.routine
        args = ", ".join([self.clients[call.step.service], *(self.var(v) for v in routine.params)])
        name = self.name(routine)
        if routine.kind == CREATE_KIND:
            returned = [self.var(v) for v in routine.returns]
            head = "" if not returned else (f"{returned[0]} = " if len(returned) == 1
                                            else f"[{', '.join(returned)}] = ")  # fmt: skip
            lines = [f"{pad}{head}await {name}({args});"]
            group = self.plan.group_of(call.index)
            if group is not None and group.guard is None:
                lines.append(f"{pad}{self.flags[group.create]} = true;")
            return lines
        if routine.kind == LIST_KIND:
            assert call.subject is not None
            noun = call.step.resource.replace("-", " ")
            text = f"{template_text(call.step.operation)} did not list the {template_text(noun)} "
            return [f"{pad}if (!(await {name}({args}))) {{",
                    f"{pad}  throw new Error(`{text}${{{self.var(call.subject)}}}.`);", f"{pad}}}"]  # fmt: skip
        return [f"{pad}await {name}({args});"]

    def cleanup(self, groups: tuple[Group, ...], indent: int) -> list[str]:
        pad = " " * indent
        group, rest = groups[0], groups[1:]
        guard = (f"{self.var(group.guard)} !== undefined" if group.guard is not None
                 else self.flags[group.create])  # fmt: skip
        inner_pad = pad if not rest else pad + "  "
        inner = [f"{inner_pad}if ({guard}) {{"]
        for call in group.calls:
            inner += self.invoke(call, inner_pad + "  ") + [self.message(call, inner_pad + "  ")]
        inner.append(f"{inner_pad}}}")
        if not rest:
            return inner
        return [f"{pad}try {{", *inner, f"{pad}}} finally {{", *self.cleanup(rest, indent + 2), f"{pad}}}"]

    def scenario(self) -> list[str]:
        lines: list[str] = []
        for variable in self.plan.inputs:
            assert variable.value is not None
            service = self.services[self.lifecycle.steps[variable.ref.step].service]
            lines.append(f"  const {self.var(variable)} = {_Values(service, self.variables).expr(variable.value, 2)};")
        for group in reversed(self.plan.groups):
            for variable in self.lifecycle.captured(group.create):
                if variable.ref.side == "output":
                    lines.append(f"  let {self.var(variable)};")
            if group.guard is None:
                lines.append(f"  let {self.flags[group.create]} = false;")
        lines.append("  try {")
        for call in self.plan.calls:
            lines += self.invoke(call, "    ") + [self.message(call, "    ")]
        lines.append("  } finally {")
        lines += self.cleanup(self.plan.groups, 4)
        lines.append("  }")
        return lines


def render_js_scenario(lifecycle: Lifecycle, services: Mapping[str, Service]) -> Snippet:
    service = services[lifecycle.service]
    plan = program(lifecycle)
    writer = _Writer(plan, services)
    routines = [line for r in plan.routines for line in writer.routine(r)]
    scenario = writer.scenario()
    imports = []
    for name in lifecycle.services():
        package = names.package(services[name].service_id)
        imports.append((package, sorted(writer.imports[name])))
    clients = [(writer.clients[s], names.client_class(services[s].service_id)) for s in lifecycle.services()]
    text = render(
        "js/scenario.js.j2",
        title=lifecycle.title,
        summary=summary(lifecycle),
        service_name=service.name,
        api_version=service.api_version,
        packages=", ".join(f"{p} {names.pinned_version(services[s].service_id) or 'latest'}"
                           for s, (p, _) in zip(lifecycle.services(), imports, strict=True)),  # fmt: skip
        imports=imports,
        tag=names.scenario_tag(service.name, lifecycle.resource),
        routines=routines,
        clients=clients,
        client_names=", ".join(c for c, _ in clients),
        scenario_doc=f"Create a {lifecycle.resource.replace('-', ' ')}, use it and delete it.",
        scenario=scenario,
        file_name=names.scenario_file(lifecycle.resource),
    )
    path = f"{service.name}/scenarios/js/{names.scenario_file(lifecycle.resource)}"
    return Snippet("js", path, text, text)
