"""Target ``go``, scenarios: the Go expressions of a program - values and output paths.

Stage: targets (a part of :mod:`generator.targets.go_scenario`). :class:`Values` writes an
operation's input as the single examples do (:class:`generator.targets.go_values.Writer`), an
earlier step's value as its variable (``aws.String(tableName)``); :func:`aliased` renames a
service's ``types``/``document`` packages for a program that imports two services'.
:class:`Paths` reads outputs. Input: a service's ``sdkId``,
an operation and a model member path (``("TableDescription", "TableName")``, ``("Roles", "[]",
"RoleName")``). Output: Go source text, using the field names and types of the pinned module's
``<Op>Output`` and ``types`` structs (:mod:`generator.naming.go`): the pointers on the way that
need a ``nil`` test, the string the path ends in (``aws.ToString`` of a ``*string``, an enum
converted with ``string(...)``), and the loops that search a list for a value. A path through a
member the module has no field for, or ending in something other than a string, raises
:class:`UnsupportedError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.errors import UnsupportedError
from generator.model.ir import Service
from generator.naming import go as names
from generator.targets.go_values import Writer
from generator.values.tree import REF, Value

T = "\t"
AWS = '"github.com/aws/aws-sdk-go-v2/aws"'


class Values(Writer):
    """The single examples' Go values, with an earlier step's value as its variable."""

    def __init__(self, service: Service, variables: Mapping[object, str]) -> None:
        super().__init__(service)
        self.variables = variables

    def value(self, value: Value, go_type: str, indent: int) -> str:
        if value.kind != REF:
            return super().value(value, go_type, indent)
        variable = self.variables[value.scalar]
        if go_type == "*string":
            self.imports.add(AWS)
            return f"aws.String({variable})"
        if go_type == "string":
            return variable
        if go_type.startswith("types.") and names.is_enum_type(self.sid, go_type[len("types."):]):
            return f"{go_type}({variable})"
        raise UnsupportedError(f"an earlier step's value passed on as {go_type} (only strings are)")


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`')


def aliased(text: str, alias: str) -> str:
    """``text`` with the ``types.`` and ``document.`` packages of a service renamed
    ``<alias>types.``/``<alias>document.`` outside string literals."""
    out, last = [], 0
    for match in _STRING.finditer(text):
        out.append(re.sub(r"(?<![\w.])(types|document)\.", rf"{alias}\1.", text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(re.sub(r"(?<![\w.])(types|document)\.", rf"{alias}\1.", text[last:]))
    return "".join(out)


def _bare(go_type: str) -> str:
    return go_type.replace("types.", "")


class Paths:
    def __init__(self, service_id: str, imports: set[str]) -> None:
        self.sid = service_id
        self.imports = imports

    def fields(self, operation: str, struct: str | None) -> dict[str, str]:
        """The fields of ``<Op>Output`` (``struct`` None) or of a ``types`` struct."""
        found = (names.output_fields(self.sid, operation) if struct is None
                 else names.struct_fields(self.sid, struct, is_input=False))  # fmt: skip
        if found is None:
            raise UnsupportedError(f"the AWS SDK for Go v2 {names.package(self.sid)} has no type "
                                   f"{struct or operation + 'Output'}")  # fmt: skip
        return {k: _bare(v) for k, v in found.items()}

    def field(self, fields: dict[str, str], member: str, where: str) -> tuple[str, str]:
        name = names.field_name(fields, member)
        if name is None:
            raise UnsupportedError(f"the AWS SDK for Go v2 {names.package(self.sid)} has no field for {where}.{member}")
        return name, fields[name]

    def text(self, expr: str, go_type: str) -> str:
        """The Go string of a value of ``go_type``."""
        if go_type == "*string":
            self.imports.add(AWS)
            return f"aws.ToString({expr})"
        if go_type == "string":
            return expr
        if names.is_enum_type(self.sid, go_type):
            return f"string({expr})"
        raise UnsupportedError(f"a scenario passes on strings only; this value is a Go {go_type}")

    def read(self, operation: str, base: str, path: tuple[str, ...]) -> tuple[list[tuple[str, str]], str]:
        """The ``nil`` tests (expression, member) the path needs and the string it reads."""
        guards: list[tuple[str, str]] = []
        expr, struct, go_type = base, None, ""
        for number, part in enumerate(path):
            if part == "[]":
                raise UnsupportedError("a value read from a list is not passed on")
            field, go_type = self.field(self.fields(operation, struct), part, struct or operation + "Output")
            expr = f"{expr}.{field}"
            if number < len(path) - 1:
                if go_type.startswith("*"):
                    guards.append((expr, part))
                struct = go_type.lstrip("*")
        return guards, self.text(expr, go_type)

    def search(self, operation: str, base: str, path: tuple[str, ...], wanted: str, indent: int) -> list[str]:
        """Lines that return ``true, nil`` when ``wanted`` is among the values at ``path``."""
        return self._search(operation, None, base, "", path, wanted, indent, 0)

    def _search(self, operation: str, struct: str | None, base: str, go_type: str,
                path: tuple[str, ...], wanted: str, indent: int, depth: int) -> list[str]:  # fmt: skip
        pad = T * indent
        if not path:
            return [f"{pad}if {self.text(base, go_type)} == {wanted} {{", f"{pad}{T}return true, nil", f"{pad}}}"]
        part, rest = path[0], path[1:]
        if part == "[]":
            if not go_type.startswith("[]"):
                raise UnsupportedError(f"the list step's path goes through a Go {go_type}, not a slice")
            item = "item" if depth == 0 else f"item{depth + 1}"
            element = go_type[2:]
            inner = self._search(operation, element.lstrip("*"), item, element, rest, wanted, indent + 1, depth + 1)
            if element.startswith("*") and rest:
                inner = [f"{pad}{T}if {item} == nil {{", f"{pad}{T}{T}continue", f"{pad}{T}}}", *inner]
            return [f"{pad}for _, {item} := range {base} {{", *inner, f"{pad}}}"]
        if go_type.startswith("[]") or go_type.startswith("map["):
            raise UnsupportedError(f"the list step's path reads {part} of a Go {go_type}")
        field, field_type = self.field(self.fields(operation, struct), part, struct or operation + "Output")
        expr = f"{base}.{field}"
        if field_type.startswith("*") and rest and rest[0] != "[]":
            inner = self._search(operation, field_type.lstrip("*"), expr, field_type, rest, wanted, indent + 1, depth)
            return [f"{pad}if {expr} != nil {{", *inner, f"{pad}}}"]
        return self._search(operation, field_type.lstrip("*"), expr, field_type, rest, wanted, indent, depth)
