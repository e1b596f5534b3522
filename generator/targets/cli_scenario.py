"""Target ``cli``, scenarios: a "Basics" POSIX shell script of AWS CLI commands.

Input: a :class:`~generator.lifecycle.ir.Lifecycle` and the IR of the services it calls.
Output: the script (:func:`render_cli_scenario`). Each call is the command the single example
of its operation would run (:func:`generator.targets.cli.invocation`: the same options,
quoting and files), with the values of earlier steps as shell variables: a create's output is
taken with ``--query ... --output text`` into a variable; a value inside a quoted word is
spliced in as ``'"$var"'``. Waits are ``aws SERVICE wait WAITER``; the list step lets the CLI
page through every page and looks for the value in ``--query`` output; other commands' output
goes to ``/dev/null``, and every step prints one line. The cleanup is a function run by
``trap ... EXIT``: it runs when the script ends, whether a step failed (``set -e``) or not, and
removes each resource whose create succeeded, going on after a failed removal. Every ``aws``
command gets the script's arguments (``"$@"``: ``--region``, ``--profile``); the endpoint comes
from ``AWS_ENDPOINT_URL``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping

from generator.errors import UnsupportedError
from generator.lifecycle.ir import Lifecycle
from generator.model.ir import Service
from generator.naming import cli as names
from generator.render.env import render
from generator.targets import Snippet
from generator.targets.cli import invocation
from generator.targets.scenario import (
    CREATE_KIND,
    LIST_KIND,
    POLL_KIND,
    WAIT_KIND,
    Call,
    Program,
    program,
    summary,
)
from generator.values.tree import Ref, Value, resolve

_PLACEHOLDER = "SDKPARITYREF{}X"
_FOUND = re.compile(r"SDKPARITYREF(\d+)X")


def _text(text: str) -> str:
    """Text inside a double-quoted shell word."""
    return re.sub(r'([\\"$`])', r"\\\1", text)


class _Writer:
    def __init__(self, plan: Program, services: Mapping[str, Service]) -> None:
        self.plan = plan
        self.lifecycle = plan.lifecycle
        self.services = services
        taken: set[str] = {"workdir", "status", "response", "found", "state", "out", "attempts"}
        self.variables: dict[Ref, str] = {}
        for variable in self.lifecycle.variables:
            name = names.scenario_variable(variable.words)
            while name in taken:
                name += "_"
            taken.add(name)
            self.variables[variable.ref] = name
        self.order = [v.ref for v in self.lifecycle.variables]
        self.flags = {g.create: names.scenario_variable(g.resource) + "_created" for g in plan.flagged()}
        self.files: list[dict[str, str]] = []

    def command(self, index: int, value: Value) -> tuple[str, list[str]]:
        """The step's ``aws`` command and its option lines, variables spliced in."""
        step = self.lifecycle.steps[index]
        service = self.services[step.service]

        def placeholder(ref: Ref, node: Value) -> Value:
            kind = service.shape(node.shape).kind if node.shape in service.shapes else "string"
            return Value(node.shape, kind, _PLACEHOLDER.format(self.order.index(ref)))

        concrete = resolve(value, placeholder)
        try:
            call = invocation(service, service.operation(step.operation), concrete)
        except UnsupportedError as exc:
            raise UnsupportedError(f"{step.operation}: {exc.message}", path=exc.path) from None
        renamed = {}
        for file in call.files:
            name = file["name"] if all(f["name"] != file["name"] for f in self.files) else f"step{index}-{file['name']}"
            renamed[file["name"]] = name
            self.files.append({"name": name, "printf": file["printf"]})
        lines = []
        for line in call.lines:
            for old, new in renamed.items():
                line = line.replace(f"$workdir/{old}", f"$workdir/{new}")
            lines.append(self.splice(line))
        return call.command, lines

    def splice(self, line: str) -> str:
        """Replace each placeholder by its variable: ``"$var"`` in a bare word, ``'"$var"'``
        inside a single-quoted one."""
        out = []
        quoted = False
        position = 0
        for match in _FOUND.finditer(line):
            chunk = line[position:match.start()]
            quoted ^= chunk.count("'") % 2 == 1
            out.append(chunk)
            name = self.variables[self.order[int(match.group(1))]]
            out.append(f"'\"${{{name}}}\"'" if quoted else f'"${{{name}}}"')
            position = match.end()
        out.append(line[position:])
        return "".join(out)

    def aws(self, index: int, indent: int, head: str = "", tail: list[str] | None = None,
            words: list[str] | None = None, inner: str = "") -> list[str]:  # fmt: skip
        """An ``aws`` command as lines: ``head`` before it (``var=$(``), its options, ``tail``
        words after them (``--query``), then ``"$@"``, ``inner`` (redirections inside the
        command substitution ``head`` opens) and ``words`` after that."""
        step = self.lifecycle.steps[index]
        pad = " " * indent
        if step.waiter:
            service = self.services[step.service]
            command = f"aws {names.service_word(service.name)} wait {names.waiter_command(step.waiter)}"
            _, lines = self.command(index, step.value)
        else:
            command, lines = self.command(index, step.value)
        options = [*lines, *([" ".join(tail)] if tail else [])]
        last = '"$@"' + (f" {inner}" if inner else "") + (")" if head.endswith("$(") else "")
        last += " " + " ".join(words) if words else ""
        if not options:
            return [f"{pad}{head}{command} {last}"]
        body = [f"{pad}{head}{command} \\"]
        body += [f"{pad}    {line} \\" for line in options]
        body.append(f"{pad}    {last}")
        return body

    def echo(self, call: Call, indent: int) -> str:
        parts = call.step.message.split("{}")
        if call.subject is None:
            text = _text(call.step.message)
        else:
            text = ("${" + self.variables[call.subject.ref] + "}").join(_text(p) for p in parts)
        return " " * indent + f'echo "{text}"'

    def main_call(self, call: Call) -> list[str]:
        routine = call.routine
        step = call.step
        if routine.kind == CREATE_KIND and routine.returns:
            query = [self.query(v.ref.path) for v in routine.returns]
            if len(query) == 1:
                name = self.variables[routine.returns[0].ref]
                return self.aws(call.index, 0, f"{name}=$(", ["--query", shlex.quote(query[0]), "--output text"])
            lines = self.aws(call.index, 0, "response=$(",
                             ["--query", shlex.quote("[" + ", ".join(query) + "]"), "--output text"])  # fmt: skip
            for number, variable in enumerate(routine.returns, start=1):
                lines.append(f"{self.variables[variable.ref]}=$(printf '%s\\n' \"$response\" | cut -f{number})")
            return lines
        if routine.kind == CREATE_KIND:
            lines = self.aws(call.index, 0, words=["> /dev/null"])
            return [*lines, f"{self.flags[call.index]}=yes"]
        if routine.kind == LIST_KIND:
            assert step.finds is not None and call.subject is not None
            wanted = self.variables[step.finds.ref]
            query = ["--query", shlex.quote(self.query(step.finds.path)), "--output text"]
            lines = self.aws(call.index, 0, "found=$(", query)
            noun = step.resource.replace("-", " ")
            message = _text(f"{step.operation} did not list the {noun} ") + "${" + wanted + "}."
            return lines + [
                f"if ! printf '%s\\n' \"$found\" | tr '\\t' '\\n' | grep -Fqx -- \"${wanted}\"; then",
                f'    echo "{message}" >&2',
                "    exit 1",
                "fi",
            ]
        if routine.kind == WAIT_KIND:
            return self.aws(call.index, 0)
        if routine.kind == POLL_KIND:
            return self.poll(call, 0)
        return self.aws(call.index, 0, words=["> /dev/null"])

    def poll(self, call: Call, indent: int) -> list[str]:
        """A loop that calls the step's operation every ``delay`` seconds until its poll is met
        (at most ``attempts`` times): the status ``--query`` gives is ready, or - after a
        delete - the call fails with the not-found error."""
        step = call.step
        poll = step.poll
        assert poll is not None
        pad = " " * indent
        noun = step.resource.replace("-", " ")
        fail = "status=1; break" if step.cleanup else "exit 1"
        lines = [f"{pad}attempts=0", f"{pad}while :; do"]
        if poll.error:
            query = ["--query", shlex.quote(self.query(poll.path)), "--output text"] if poll.path else None
            command = self.aws(call.index, indent + 4, "if out=$(", query, None,
                               "2>&1" if poll.path else "2>&1 > /dev/null")  # fmt: skip
            command[-1] += "; then"
            lines += command
            if poll.path:
                deleting = " | ".join(shlex.quote(r) for r in poll.ready)
                lines.append(f'{pad}        case "$out" in {deleting}) break ;; esac')
            lines += [
                f"{pad}        attempts=$((attempts + 1))",
                f'{pad}        if [ "$attempts" -ge {poll.attempts} ]; then',
                f'{pad}            echo "{_text(f"The {noun} is still there after {poll.attempts * poll.delay} seconds.")}" >&2',
                f"{pad}            {fail}",
                f"{pad}        fi",
                f"{pad}        sleep {poll.delay}",
                f"{pad}        continue",
                f"{pad}    fi",
                f'{pad}    case "$out" in',
                f"{pad}        *{poll.error}*) break ;;",
                f'{pad}        *) echo "$out" >&2; {fail} ;;',
                f"{pad}    esac",
                f"{pad}done",
            ]
            return lines
        query = ["--query", shlex.quote(self.query(poll.path)), "--output text"]
        lines += self.aws(call.index, indent + 4, "state=$(", query)
        pending = " | ".join(shlex.quote(s) for s in poll.pending)
        lines.append(f'{pad}    case "$state" in')
        if poll.failed:
            failed = " | ".join(shlex.quote(f) for f in poll.failed)
            lines.append(f'{pad}        {failed}) echo "{_text(f"The {noun} is ")}$state." >&2; {fail} ;;')
        lines += [f"{pad}        {pending}) ;;", f"{pad}        *) break ;;"]
        lines += [
            f"{pad}    esac",
            f"{pad}    attempts=$((attempts + 1))",
            f'{pad}    if [ "$attempts" -ge {poll.attempts} ]; then',
            f'{pad}        echo "{_text(f"The {noun} is not {poll.ready[0]} after {poll.attempts * poll.delay} seconds.")}" >&2',
            f"{pad}        {fail}",
            f"{pad}    fi",
            f"{pad}    sleep {poll.delay}",
            f"{pad}done",
        ]
        return lines

    def query(self, path: tuple[str, ...]) -> str:
        return names.query_path(path)

    def cleanup(self) -> list[str]:
        lines: list[str] = []
        for group in self.plan.groups:
            guard = self.variables[group.guard.ref] if group.guard else self.flags[group.create]
            lines.append(f'    if [ -n "${guard}" ]; then')
            for call in group.calls:
                if call.step.poll is not None:  # breaks out of its loop with status=1 on failure
                    lines += self.poll(call, 8)
                    lines.append(self.echo(call, 8))
                    continue
                words = [] if call.step.waiter else ["> /dev/null"]
                command = self.aws(call.index, 8, "if ", None, words)
                command[-1] += "; then"
                lines += command
                lines.append(self.echo(call, 12))
                lines.append("        else")
                lines.append("            status=1")
                lines.append("        fi")
            lines.append("    fi")
        return lines

    def state(self) -> list[str]:
        lines: list[str] = []
        for variable in self.plan.inputs:
            assert variable.value is not None
            lines.append(f"{self.variables[variable.ref]}={shlex.quote(str(variable.value.scalar))}")
        for group in reversed(self.plan.groups):
            for variable in self.lifecycle.captured(group.create):
                if variable.ref.side == "output":
                    lines.append(f'{self.variables[variable.ref]}=""')
            if group.guard is None:
                lines.append(f'{self.flags[group.create]}=""')
        return lines


def render_cli_scenario(lifecycle: Lifecycle, services: Mapping[str, Service]) -> Snippet:
    service = services[lifecycle.service]
    plan = program(lifecycle)
    writer = _Writer(plan, services)
    for variable in plan.inputs:
        if variable.value is None or variable.value.kind not in ("string", "enum"):
            raise UnsupportedError(f"{variable.words}: only a string can be kept in a shell variable")
    steps = [writer.main_call(call) + [writer.echo(call, 0)] for call in plan.calls]
    cleanup = writer.cleanup()
    text = render(
        "cli/scenario.sh.j2",
        title=lifecycle.title,
        summary=summary(lifecycle),
        service_name=service.name,
        api_version=service.api_version,
        tag="Scenario_" + "".join(w.title() for w in lifecycle.resource.split("-")) + "Basics",
        workdir=bool(writer.files) or "$workdir" in "".join(cleanup + [line for block in steps for line in block]),
        files=writer.files,
        state=writer.state(),
        cleanup=cleanup,
        steps=steps,
    )
    path = f"{service.name}/scenarios/cli/{names.scenario_file(lifecycle.resource)}"
    return Snippet("cli", path, text, text)
