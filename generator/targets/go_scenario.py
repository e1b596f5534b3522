"""Target ``go``, scenarios: a "Basics" program with the AWS SDK for Go v2.

Input: a :class:`~generator.lifecycle.ir.Lifecycle` and the IR of the services it calls.
Output: one ``main`` package (:func:`render_go_scenario`) in the style of AWS's gov2 examples:
one function per call (:mod:`generator.targets.scenario`) taking a ``context.Context`` and the
service's ``*<pkg>.Client`` and returning an ``error``, ``runScenario`` that calls them in
order and prints one line per step, and ``main`` with ``-region``/``-profile`` (the default
chain without them) that exits 1 when the scenario returned an error. Each created resource's
cleanup is a ``defer`` registered as soon as its create succeeded, so it runs (in reverse order
of creation) even when a later step failed; a failed cleanup call is joined into the returned
error and ends that resource's cleanup only. A wait uses the package's ``New<Waiter>Waiter``
(its time limit botocore's delay times attempts), a poll the same loop as the Python program,
the list step the package's ``New<Op>Paginator`` where Go has one (else one call). Values are
the single examples' (:class:`generator.targets.go_values.Writer`), an earlier step's value its
variable (``aws.String(tableName)``); identifiers come from the create's output with
``aws.ToString``. Names come from :mod:`generator.naming.go`; the Go types of the outputs it
reads from the pinned modules' tables. gofmt leaves the text unchanged (a test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.capabilities.botocore import with_implicit_members
from generator.errors import UnsupportedError
from generator.lifecycle.ir import Lifecycle, Step, Variable
from generator.lifecycle.waits import error_code
from generator.model.ir import Service
from generator.model.waiters import waiter as botocore_waiter
from generator.naming import go as names
from generator.naming import java as jnames
from generator.render.env import render
from generator.targets import Snippet
from generator.targets.go import check_wire_forms
from generator.targets.go_scenario_exprs import Paths, Values, aliased
from generator.targets.go_values import Writer, string_literal
from generator.targets.scenario import (
    CREATE_KIND,
    LIST_KIND,
    POLL_KIND,
    WAIT_KIND,
    Call,
    Program,
    Routine,
    program,
    program_names,
    summary,
    unique_name,
)

T = "\t"
SMITHY = '"github.com/aws/smithy-go"'


class _Writer:
    """Names and lines of one program."""

    def __init__(self, plan: Program, services: Mapping[str, Service]) -> None:
        self.plan = plan
        self.services = services
        self.lifecycle = plan.lifecycle
        self.imports: set[str] = {'"context"', '"flag"', '"fmt"', '"log"',
                                  '"github.com/aws/aws-sdk-go-v2/config"'}  # fmt: skip
        taken: set[str] = set(names.SCENARIO_RESERVED)
        self.clients: dict[str, str] = {}
        for service in self.lifecycle.services():
            sid = services[service].service_id
            taken.add(names.package(sid))
            self.imports.add(f'"{names.module(sid)}"')
        for service in self.lifecycle.services():
            self.clients[service] = unique_name(names.scenario_client(service), taken)
        self.variables, self.routine_names = program_names(plan, names, taken)

    def var(self, variable: Variable) -> str:
        return self.variables[variable.ref]

    def name(self, routine: Routine) -> str:
        return self.routine_names[self.plan.routines.index(routine)]

    def package(self, service: str) -> str:
        return names.package(self.services[service].service_id)

    def paths(self, service: str) -> Paths:
        return Paths(self.services[service].service_id, self.imports)

    def localize(self, service: str, text: str, writer: Writer | None = None) -> str:
        """``text`` of a service's values, its packages imported (aliased for another service)."""
        sid = self.services[service].service_id
        main = service == self.lifecycle.service
        alias = "" if main else names.package(sid)
        for line in (writer.imports if writer is not None else set()):
            if main or not line.startswith(f'"{names.module(sid)}/'):
                self.imports.add(line)
            else:
                self.imports.add(f"{alias}{line.strip(chr(34)).rsplit('/', 1)[-1]} {line}")
        return text if main else aliased(text, alias)

    def input(self, step: Step, indent: int) -> str:
        service = self.services[step.service]
        operation = service.operations[step.operation]
        value = with_implicit_members(service, operation, step.value)
        check_wire_forms(service, operation, value)
        package = names.package(service.service_id)
        struct = names.input_struct(step.operation)
        if not operation.input:
            return f"&{package}.{struct}{{}}"
        writer = Values(service, self.variables)
        writer.encode_base64 = jnames.botocore_base64_members(service.name, operation.name)
        fields = names.struct_fields(service.service_id, struct, is_input=True) or {}
        text = writer.struct(value, fields, f"&{package}.{struct}", indent, top=True)
        return self.localize(step.service, text, writer)

    def call(self, step: Step, client: str, indent: int) -> str:
        return f"{client}.{step.operation}(ctx, {self.input(step, indent)})"

    # ----------------------------------------------------------------- routines

    def routine(self, routine: Routine) -> list[str]:
        step = routine.step
        client = self.clients[step.service]
        params = [f"{client} *{self.package(step.service)}.Client", *(f"{self.var(v)} string" for v in routine.params)]
        noun = step.resource.replace("-", " ")
        result = "error"
        body: list[str] = []
        name = self.name(routine)
        if routine.kind == CREATE_KIND:
            returned = [v for v in routine.returns]
            if returned:
                zeros = ", ".join('""' for _ in returned)
                result = f"({', '.join('string' for _ in returned)}, error)"
                body.append(f"{T}output, err := {self.call(step, client, 1)}")
                body += [f"{T}if err != nil {{", f"{T}{T}return {zeros}, err", f"{T}}}"]
                exprs = []
                tested: set[str] = set()
                for variable in returned:
                    guards, expr = self.paths(step.service).read(step.operation, "output", variable.ref.path)
                    for guard, field in guards:
                        if guard in tested:
                            continue
                        tested.add(guard)
                        self.imports.add('"errors"')
                        body += [f"{T}if {guard} == nil {{",
                                 f"{T}{T}return {zeros}, errors.New({string_literal(f'{step.operation} returned no {field}')})",
                                 f"{T}}}"]  # fmt: skip
                    exprs.append(expr)
                body.append(f"{T}return {', '.join(exprs)}, nil")
                what = " and ".join(v.words.replace("-", " ") for v in returned)
                doc = f"{name} creates the {noun} with {step.operation} and returns its {what}."
            else:
                body += [f"{T}_, err := {self.call(step, client, 1)}", f"{T}return err"]
                doc = f"{name} creates the {noun} with {step.operation}."
        elif routine.kind == WAIT_KIND:
            found = botocore_waiter(step.service, step.waiter)
            limit = found.delay * found.max_attempts if found is not None else 600
            self.imports.add('"time"')
            constructor = names.waiter_constructor(step.waiter)
            body.append(f"{T}waiter := {self.package(step.service)}.{constructor}({client})")
            body.append(f"{T}return waiter.Wait(ctx, {self.input(step, 1)}, {limit}*time.Second)")
            doc = f"{name} waits with the {step.waiter} waiter, which polls {step.operation}."
        elif routine.kind == POLL_KIND:
            body += self.poll_body(step, client)
            assert step.poll is not None
            what = "is gone" if step.poll.error else f"is {step.poll.ready[0]}"
            doc = f"{name} polls {step.operation} until the {noun} {what}."
        elif routine.kind == LIST_KIND:
            result = "(bool, error)"
            body += self.list_body(routine, client)
            doc = f"{name} pages through {step.operation} and reports whether it lists the {noun}."
        elif step.cleanup:
            body += [f"{T}_, err := {self.call(step, client, 1)}", f"{T}return err"]
            doc = f"{name} deletes the {noun} with {step.operation}."
        else:
            body += [f"{T}_, err := {self.call(step, client, 1)}", f"{T}return err"]
            doc = f"{name} calls {step.operation} for the {noun}."
        head = f"func {name}({', '.join(['ctx context.Context', *params])}) {result} {{"
        return [f"// {doc}", head, *body, "}", ""]

    def poll_body(self, step: Step, client: str) -> list[str]:
        poll = step.poll
        assert poll is not None
        noun = step.resource.replace("-", " ")
        self.imports.update({'"time"', '"errors"'})
        lines = [f"{T}for attempt := 0; attempt < {poll.attempts}; attempt++ {{"]
        head = "output, err" if poll.path else "_, err"
        lines.append(f"{T}{T}{head} := {self.call(step, client, 2)}")
        if poll.error:
            lines += [f"{T}{T}if err != nil {{", *self.not_found(step, poll.error), f"{T}{T}{T}return err", f"{T}{T}}}"]
            if poll.path:
                lines += self.status_lines(step, poll.path)
                lines += [f"{T}{T}if {self.among('status', poll.ready)} {{", f"{T}{T}{T}return nil", f"{T}{T}}}"]
            done = f"the {noun} is still there after {poll.attempts * poll.delay} seconds"
        else:
            lines += [f"{T}{T}if err != nil {{", f"{T}{T}{T}return err", f"{T}{T}}}"]
            lines += self.status_lines(step, poll.path)
            if poll.failed:
                lines += [f"{T}{T}if {self.among('status', poll.failed)} {{",
                          f"{T}{T}{T}return fmt.Errorf({string_literal(f'the {noun} is %s')}, status)", f"{T}{T}}}"]  # fmt: skip
            lines += [f"{T}{T}if !({self.among('status', poll.pending)}) {{", f"{T}{T}{T}return nil", f"{T}{T}}}"]
            done = f"the {noun} is not {poll.ready[0]} after {poll.attempts * poll.delay} seconds"
        lines += [f"{T}{T}time.Sleep({poll.delay} * time.Second)", f"{T}}}",
                  f"{T}return errors.New({string_literal(done)})"]  # fmt: skip
        return lines

    def among(self, variable: str, texts: tuple[str, ...]) -> str:
        return " || ".join(f"{variable} == {string_literal(t)}" for t in texts)

    def not_found(self, step: Step, code: str) -> list[str]:
        """Inside ``if err != nil``: return nil when the call failed with the error ``code``."""
        service = self.services[step.service]
        operation = service.operations[step.operation]
        shape = next((e for e in operation.errors if error_code(step.service, e) == code), "")
        struct = names.error_struct(service.service_id, shape) if shape else None
        pad = T * 3
        if struct is not None:
            self.imports.add('"errors"')
            text = self.localize(step.service, f"var notFound *types.{struct}")
            self.imports.add(f'"{names.module(service.service_id)}/types"' if step.service == self.lifecycle.service
                             else f'{names.package(service.service_id)}types "{names.module(service.service_id)}/types"')  # fmt: skip
            return [f"{pad}{text}", f"{pad}if errors.As(err, &notFound) {{", f"{pad}{T}return nil", f"{pad}}}"]
        self.imports.update({'"errors"', SMITHY})
        return [f"{pad}var apiErr smithy.APIError",
                f"{pad}if errors.As(err, &apiErr) && apiErr.ErrorCode() == {string_literal(code)} {{",
                f"{pad}{T}return nil", f"{pad}}}"]  # fmt: skip

    def status_lines(self, step: Step, path: tuple[str, ...]) -> list[str]:
        """``status := ...``: ``""`` where the service leaves a member on the way out."""
        guards, expr = self.paths(step.service).read(step.operation, "output", path)
        if not guards:
            return [f"{T}{T}status := {expr}"]
        test = " && ".join(f"{g} != nil" for g, _ in guards)
        return [f"{T}{T}status := \"\"", f"{T}{T}if {test} {{", f"{T}{T}{T}status = {expr}", f"{T}{T}}}"]

    def list_body(self, routine: Routine, client: str) -> list[str]:
        step = routine.step
        assert step.finds is not None and routine.finds is not None
        wanted = self.var(routine.finds)
        service = self.services[step.service]
        sid = service.service_id
        paths = self.paths(step.service)
        if step.paginate and names.paginator(sid, step.operation) is not None:
            constructor = names.paginator_constructor(step.operation)
            lines = [f"{T}paginator := {names.package(sid)}.{constructor}({client}, {self.input(step, 1)})",
                     f"{T}for paginator.HasMorePages() {{", f"{T}{T}page, err := paginator.NextPage(ctx)",
                     f"{T}{T}if err != nil {{", f"{T}{T}{T}return false, err", f"{T}{T}}}"]  # fmt: skip
            lines += paths.search(step.operation, "page", step.finds.path, wanted, 2)
            return [*lines, f"{T}}}", f"{T}return false, nil"]
        lines = [f"{T}page, err := {self.call(step, client, 1)}",
                 f"{T}if err != nil {{", f"{T}{T}return false, err", f"{T}}}"]  # fmt: skip
        return [*lines, *paths.search(step.operation, "page", step.finds.path, wanted, 1), f"{T}return false, nil"]

    # ----------------------------------------------------------------- runScenario

    def message(self, call: Call, pad: str) -> str:
        text = call.step.message
        if call.subject is None:
            return f"{pad}fmt.Println({string_literal(text)})"
        literal = string_literal("%s".join(p.replace("%", "%%") for p in text.split("{}")) + "\n")
        return f"{pad}fmt.Printf({literal}, {', '.join(self.var(call.subject) for _ in text.split('{}')[1:])})"

    def invoke(self, call: Call, pad: str) -> list[str]:
        routine = call.routine
        args = ", ".join(["ctx", self.clients[call.step.service], *(self.var(v) for v in routine.params)])
        name = self.name(routine)
        if routine.kind == CREATE_KIND and routine.returns:
            returned = ", ".join(self.var(v) for v in routine.returns)
            return [f"{pad}{returned}, err := {name}({args})", f"{pad}if err != nil {{", f"{pad}{T}return err", f"{pad}}}"]
        if routine.kind == LIST_KIND:
            assert call.subject is not None
            noun = call.step.resource.replace("-", " ")
            text = string_literal(f"{call.step.operation} did not list the {noun} %s")
            return [f"{pad}if found, err := {name}({args}); err != nil {{", f"{pad}{T}return err",
                    f"{pad}}} else if !found {{", f"{pad}{T}return fmt.Errorf({text}, {self.var(call.subject)})",
                    f"{pad}}}"]  # fmt: skip
        return [f"{pad}if err := {name}({args}); err != nil {{", f"{pad}{T}return err", f"{pad}}}"]

    def cleanup(self, call: Call, pad: str) -> list[str]:
        """A cleanup call inside its ``defer``: a failure joins the returned error and ends
        this resource's cleanup."""
        routine = call.routine
        args = ", ".join(["ctx", self.clients[call.step.service], *(self.var(v) for v in routine.params)])
        return [f"{pad}if cleanupErr := {self.name(routine)}({args}); cleanupErr != nil {{",
                f"{pad}{T}err = errors.Join(err, cleanupErr)", f"{pad}{T}return", f"{pad}}}"]  # fmt: skip

    def scenario(self) -> list[str]:
        lines: list[str] = []
        for variable in self.plan.inputs:
            assert variable.value is not None
            if variable.value.kind not in ("string", "enum"):
                raise UnsupportedError(f"the value of {variable.words} is not a string")
            lines.append(f"{T}{self.var(variable)} := {string_literal(str(variable.value.scalar))}")
        for call in self.plan.calls:
            lines += self.invoke(call, T)
            lines.append(self.message(call, T))
            group = self.plan.group_of(call.index)
            if group is None:
                continue
            self.imports.add('"errors"')
            lines.append(f"{T}defer func() {{")
            for cleanup in group.calls:
                lines += self.cleanup(cleanup, T * 2)
                lines.append(self.message(cleanup, T * 2))
            lines.append(f"{T}}}()")
        lines.append(f"{T}return nil")
        return lines


def _check_sdk(lifecycle: Lifecycle, services: Mapping[str, Service]) -> None:
    """Refuse a scenario whose services or operations the pinned Go modules lack."""
    for name in lifecycle.services():
        sid = services[name].service_id
        if names.module_version(sid) is None:
            raise UnsupportedError(f"SDK module not available here: {names.refusal(sid)}", path=name)
    for service, operation in lifecycle.operations():
        sid = services[service].service_id
        if not names.has_operation(sid, operation):
            version = names.module_version(sid)
            raise UnsupportedError(
                f"the AWS SDK for Go v2 {names.package(sid)} {version} has no {operation} "
                f"(the Go module proxy serves {version}: {names.how_chosen(sid)})",
                path=f"{service}:{operation}",
            )


def scenario_path(service: str, resource: str) -> str:
    """Where ``generate`` writes a scenario's Go program (its ``main`` package)."""
    return f"{service}/scenarios/go/{names.scenario_dir(resource)}/main.go"


def render_go_scenario(lifecycle: Lifecycle, services: Mapping[str, Service]) -> Snippet:
    _check_sdk(lifecycle, services)
    service = services[lifecycle.service]
    plan = program(lifecycle)
    writer = _Writer(plan, services)
    routines = [line for r in plan.routines for line in writer.routine(r)]
    scenario = writer.scenario()
    std = sorted(i for i in writer.imports if "/" not in i.split(" ")[-1])
    third = sorted((i for i in writer.imports if "/" in i.split(" ")[-1]), key=lambda i: i.split(" ")[-1])
    clients = [(writer.clients[s], names.package(services[s].service_id)) for s in lifecycle.services()]
    modules = ", ".join(f"{names.module(services[s].service_id)} {names.module_version(services[s].service_id)}"
                        for s in lifecycle.services())  # fmt: skip
    text = render(
        "go/scenario.go.j2",
        title=lifecycle.title,
        modules=modules,
        summary=summary(lifecycle),
        service_name=service.name,
        api_version=service.api_version,
        tag=names.scenario_tag(service.name, lifecycle.resource),
        imports=[*std, "", *third],
        routines=routines,
        params=", ".join(f"{c} *{p}.Client" for c, p in clients),
        clients=clients,
        client_args=", ".join(f"{p}.NewFromConfig(cfg)" for _, p in clients),
        scenario_doc=f"runScenario creates a {lifecycle.resource.replace('-', ' ')}, uses it and deletes it.",
        scenario=scenario,
    )
    path = scenario_path(service.name, lifecycle.resource)
    return Snippet("go", path, text, text)
