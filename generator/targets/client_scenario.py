"""Target ``client``, scenarios: a "Basics" program written against the typed Python client.

Input: a :class:`~generator.lifecycle.ir.Lifecycle` and the IR of the services it calls.
Output: the program (:func:`render_client_scenario`): the Python scenario's shape, steps and
printed lines (:mod:`generator.targets.python_scenario`, whose writer this one extends), but
each call goes through the package ``sdk-parity client`` makes for its service: one
``<Service>Client`` per service built from a ``boto3.Session`` (``--region``/``--profile``),
keyword arguments in snake case with the package's dataclasses as values (so every value is
checked against the model before it is sent), results read as typed attributes
(``response.table_description.table_name``), waits with the client's ``wait_until_*``
methods, lists with its ``paginate_*`` iterators, and errors caught as the package's classes
(``error.code``). Names (methods, classes, fields) come from the plan of the whole service's
package, as the single typed-client examples' do (:mod:`generator.targets.client.example`).
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
from generator.targets.client import layout
from generator.targets.client.api import MethodNames
from generator.targets.client.example import ValueWriter, service_method_names, service_plan
from generator.targets.client.plan import Plan, unsupported_reason
from generator.targets.python_scenario import Writer, call_lines
from generator.targets.scenario import Routine, program, summary
from generator.values.tree import REF, Ref, Value


class _Values(ValueWriter):
    """The package's value layout, with an earlier step's value written as its variable."""

    def __init__(self, plan: Plan, variables: Mapping[Ref, str]) -> None:
        super().__init__(plan)
        self.variables = variables

    def node(self, value: Value) -> pyfmt.Node:
        if value.kind == REF:
            return pyfmt.Node(self.variables[value.scalar])
        return super().node(value)


class _ClientWriter(Writer):
    """The Python scenario's writer, speaking the typed client's names and values."""

    def __init__(self, plan: object, services: Mapping[str, Service]) -> None:
        super().__init__(plan, services)  # type: ignore[arg-type]
        self.plans: dict[str, Plan] = {}
        self.methods: dict[str, MethodNames] = {}
        self.values: dict[str, _Values] = {}
        for name in self.lifecycle.services():
            self.plans[name] = service_plan(services[name])
            self.methods[name] = service_method_names(services[name])
            self.values[name] = _Values(self.plans[name], self.variables)
        for step in self.lifecycle.steps:
            operation = services[step.service].operations[step.operation]
            reason = unsupported_reason(services[step.service], operation)
            if reason:
                raise UnsupportedError(reason, path=f"{step.service}:{step.operation}")
        self.current = self.lifecycle.service

    # the hooks of python_scenario.Writer

    def routine(self, routine: Routine) -> dict[str, object]:
        self.current = routine.step.service
        return super().routine(routine)

    def input_node(self, variable: Variable) -> pyfmt.Node:
        self.current = self.lifecycle.steps[variable.ref.step].service
        assert variable.value is not None
        return self.node(variable.value)

    def method(self, step: Step) -> str:
        return self.methods[step.service].operations[step.operation]

    def node(self, value: Value) -> pyfmt.Node:
        return self.values[self.current].node(value)

    def arguments(self, value: Value, indent: int) -> list[str]:
        return pyfmt.call_arguments(self.values[self.current].arguments(value), indent)

    def shape_after(self, service: str, shape: str, path: tuple[str, ...]) -> tuple[str, list[str]]:
        """The shape at ``path`` below ``shape`` and the field name of each member on the way."""
        plan = self.plans[service]
        fields: list[str] = []
        for part in path:
            current = plan.shape(shape)
            if part == "[]":
                assert current.item is not None
                shape = current.item.target
                fields.append("[]")
                continue
            member = current.member(part)
            if member is None:  # a path the typed results cannot read
                raise UnsupportedError(f"{shape} has no member {part!r} to read", path=service)
            fields.append(plan.field(shape, part))
            shape = member.target
        return shape, fields

    def output_shape(self, step: Step) -> str:
        output = self.services[step.service].operations[step.operation].output
        assert output is not None
        return output

    def output_expr(self, step: Step, base: str, path: tuple[str, ...]) -> str:
        _, fields = self.shape_after(step.service, self.output_shape(step), path)
        return base + "".join(f".{f}" for f in fields)

    def wait_lines(self, step: Step, client: str) -> list[str]:
        method = self.methods[step.service].waiters[step.waiter]
        return self.invocation(4, f"{client}.{method}", step.value)

    def error_lines(self, step: Step, code: str) -> list[str]:
        base = self.plans[step.service].base_error
        return [f"        except {base} as error:", *statement_lines(12, f"if error.code == {pyfmt.string(code)}:"),
                "                return", "            raise"]  # fmt: skip

    def status_lines(self, step: Step, path: tuple[str, ...]) -> list[str]:
        """``status = response.a.b if response.a else None``: ``None`` where the service
        leaves a member out."""
        _, fields = self.shape_after(step.service, self.output_shape(step), path)
        chain = ["response" + "".join(f".{f}" for f in fields[:i]) for i in range(1, len(fields))]
        value = "response" + "".join(f".{f}" for f in fields)
        expression = f"{value} if {' and '.join(chain)} else None" if chain else value
        one = f"        status = {expression}"
        if len(one) <= pyfmt.LINE:
            return [one]
        if not chain or len(f"            {expression}") <= pyfmt.LINE:
            return ["        status = (", f"            {expression}", "        )"]
        return ["        status = (", f"            {value}", f"            if {' and '.join(chain)}",
                "            else None", "        )"]

    def list_body(self, routine: Routine, client: str, method: str) -> list[str]:
        step = routine.step
        assert step.finds is not None and routine.finds is not None
        wanted = self.var(routine.finds)
        service = self.services[step.service]
        operation = service.operations[step.operation]
        shape = self.output_shape(step)
        path = step.finds.path
        methods = self.methods[step.service]
        paginator = operation.paginator
        lines: list[str] = []
        items = methods.paginators.get(step.operation, "")
        if (step.paginate and items and paginator is not None and paginator.result_keys == (path[0],)
                and len(path) > 1 and path[1] == "[]"):  # fmt: skip
            item_shape, _ = self.shape_after(step.service, shape, path[:2])
            lines += self.invocation(4, f"for item in {client}.{items}", step.value, ":")
            lines += self.find_lines("item", step.service, item_shape, path[2:], wanted, 8)
        elif step.paginate and methods.pages.get(step.operation):
            pages = methods.pages[step.operation]
            lines += self.invocation(4, f"for page in {client}.{pages}", step.value, ":")
            lines += self.find_lines("page", step.service, shape, path, wanted, 8)
        else:
            lines += self.invocation(4, f"response = {client}.{method}", step.value)
            lines += self.find_lines("response", step.service, shape, path, wanted, 4)
        lines.append("    return False")
        return lines

    def find_lines(self, base: str, service: str, shape: str, path: tuple[str, ...], wanted: str,
               indent: int) -> list[str]:  # fmt: skip
        """Lines that return True when ``wanted`` is among the values at ``path`` of ``base``."""
        pad = " " * indent
        found = [f"{pad}    return True"]
        if not path:
            return [*statement_lines(indent, f"if {base} == {wanted}:"), *found]
        head, rest = path[0], path[1:]
        target, (field,) = self.shape_after(service, shape, (head,))
        if rest and rest[0] == "[]":
            element, _ = self.shape_after(service, target, ("[]",))
            if rest == ("[]",):  # the parentheses: ``in`` binds tighter than ``or``
                return [*statement_lines(indent, f"if {wanted} in ({base}.{field} or []):"), *found]
            item = "item" if indent <= 8 else f"item{indent // 4}"
            return [*statement_lines(indent, f"for {item} in {base}.{field} or []:"),
                    *self.find_lines(item, service, element, rest[1:], wanted, indent + 4)]  # fmt: skip
        if not rest:
            return [*statement_lines(indent, f"if {base}.{field} == {wanted}:"), *found]
        return [*statement_lines(indent, f"if {base}.{field} is not None:"),
                *self.find_lines(f"{base}.{field}", service, target, rest, wanted, indent + 4)]  # fmt: skip


def _except_lines(errors: list[str]) -> list[str]:
    """``except (A, B) as error:`` as black lays it out (a tuple it splits, it explodes)."""
    one = f"    except ({', '.join(errors)}) as error:"
    if len(one) <= pyfmt.LINE:
        return [one]
    return ["    except (", *(f"        {e}," for e in errors), "    ) as error:"]


def render_client_scenario(lifecycle: Lifecycle, services: Mapping[str, Service]) -> Snippet:
    """The scenario program of ``lifecycle`` for the typed client (raises ``UnsupportedError``
    when a package leaves out one of its operations)."""
    service = services[lifecycle.service]
    plan = program(lifecycle)
    writer = _ClientWriter(plan, services)
    routines = [writer.routine(r) for r in plan.routines]
    scenario = writer.scenario()
    clients = [writer.clients[s] for s in lifecycle.services()]
    client_lines: list[str] = []
    imports = ["import argparse", "import sys", *(["import time"] if any(s.poll for s in lifecycle.steps) else [])]
    if any(v.needs_datetime for v in writer.values.values()):
        imports.append("from datetime import datetime")
    imports += ["", "import boto3"]
    errors = []
    waiting = [s for s in lifecycle.services() if any(t.waiter and t.service == s for t in lifecycle.steps)]
    for name in lifecycle.services():
        package = names.package_name(name)
        service_plan_ = writer.plans[name]
        imported = [service_plan_.client_class, service_plan_.base_error]
        errors.append(service_plan_.base_error)
        if name in waiting:  # each package has its own WaiterError
            prefix = service_plan_.client_class.removesuffix("Client")
            alias = "WaiterError" if name == waiting[0] else f"{prefix}WaiterError"
            imported.append("WaiterError" if alias == "WaiterError" else f"WaiterError as {alias}")
            errors.append(alias)
        imports += layout.import_lines(package, imported)
        models = writer.values[name].models
        if models:
            imports += layout.import_lines(f"{package}.models", sorted(models))
        client_lines += call_lines(4, f"{writer.clients[name]} = {service_plan_.client_class}",
                                   ["session=session"])  # fmt: skip
    text = render(
        "python_client/scenario.py.j2",
        title=lifecycle.title,
        summary=summary(lifecycle),
        service_name=service.name,
        api_version=service.api_version,
        distributions=", ".join(names.distribution_name(s) for s in lifecycle.services()),
        imports=imports,
        tag="Scenario_" + "".join(w.title() for w in lifecycle.resource.split("-")) + "Basics",
        routines=routines,
        clients=", ".join(clients),
        scenario_doc=f"Create a {lifecycle.resource.replace('-', ' ')}, use it and delete it.",
        scenario=scenario,
        client_lines=client_lines,
        caught=_except_lines([*errors, "RuntimeError"]),
    )
    path = f"{service.name}/scenarios/client/{names.scenario_file(lifecycle.resource)}"
    return Snippet("client", path, text, text)
