"""Target ``go``: a ``main`` package for the AWS SDK for Go v2, in the style of AWS's gov2 examples.

Input: the service IR, one operation and its value tree. Output: one ``main.go`` that loads the
default configuration, calls ``client.<Op>(ctx, &<pkg>.<Op>Input{...})``, matches the
operation's modeled errors with ``errors.As`` and logs with ``log.Printf``/``log.Fatalf``.

Every field is written with the Go type the pinned module declares (:mod:`generator.naming.go`
reads it from ``data/go.json``): ``aws.String``/``aws.Int32``/... only where the field is a
pointer, ``types.X{}`` for structures, typed enum constants (a conversion when the module has no
constant for the value), ``&types.<Union>Member<Member>{Value: ...}`` for unions. A member the
module does not have, a module that is not available here, or a value Go cannot send as botocore
does raises :class:`UnsupportedError`.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from generator.capabilities.botocore import with_implicit_members
from generator.errors import UnsupportedError
from generator.model.ir import Operation, Service
from generator.naming import go as names
from generator.naming import java as jnames
from generator.render.env import render
from generator.render.literals import quoted
from generator.targets import Snippet
from generator.values.tree import Value

INDENT = "\t"
_NUMBERS = frozenset({"int32", "int64", "float32", "float64"})
_SCALAR_POINTERS = {
    "string": "aws.String",
    "bool": "aws.Bool",
    "int32": "aws.Int32",
    "int64": "aws.Int64",
    "float32": "aws.Float32",
    "float64": "aws.Float64",
    "time.Time": "aws.Time",
}


def _go_wide(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        raise UnsupportedError("a lone surrogate cannot be written in a Go string")
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def string_literal(text: str) -> str:
    """A Go interpreted string literal (ASCII only: ``\\u``/``\\U`` escapes)."""
    return quoted(text, lambda code: f"\\x{code:02x}", _go_wide)


def _aligned(pairs: list[tuple[str, str]], pad: str) -> str:
    """``key: value,`` lines as gofmt writes them: the values of a run of single-line entries
    start in one column; an entry spanning several lines stands alone and ends the run."""
    out: list[str] = []
    index = 0
    while index < len(pairs):
        key, text = pairs[index]
        if "\n" in text:
            out.append(f"{pad}{key}: {text},\n")
            index += 1
            continue
        end = index
        while end < len(pairs) and "\n" not in pairs[end][1]:
            end += 1
        width = max(len(k) for k, _ in pairs[index:end])
        for key, text in pairs[index:end]:
            out.append(f"{pad}{key}:{' ' * (width - len(key) + 1)}{text},\n")
        index = end
    return "".join(out)


class _Writer:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.sid = service.service_id
        self.package = names.package(self.sid)
        self.imports: set[str] = set()
        self.encode_base64: frozenset[str] = frozenset()

    # --- types --------------------------------------------------------------------------------

    def qualify(self, go_type: str) -> str:
        """A Go type as the root package sees it (``*AutoMLConfig`` -> ``*types.AutoMLConfig``)."""

        def one(match: re.Match[str]) -> str:
            name = match.group(0)
            if name in _SCALAR_POINTERS or name in (
                "byte",
                "interface",
                "any",
                "map",
                "time",
                "io",
                "document",
                "types",
            ):
                return name
            if (
                names.is_struct_type(self.sid, name)
                or names.is_enum_type(self.sid, name)
                or name[0].isupper()
            ):
                return f"types.{name}"
            return name

        return re.sub(r"(?<![.\w])[A-Za-z_]\w*(?![\w.])", one, go_type)

    # --- values -------------------------------------------------------------------------------

    def struct(
        self, value: Value, fields: dict[str, str], type_expr: str, indent: int, top: bool = False
    ) -> str:
        shape = self.service.shape(value.shape)
        struct_name = type_expr.lstrip("&").split(".")[-1]
        set_fields = {names.field_name(fields, name) for name, _child in value.fields}
        for always in names.always_sent(self.sid, struct_name):
            if always not in set_fields:
                raise UnsupportedError(
                    f"the AWS SDK for Go v2 always sends {struct_name}.{always} (a {fields[always]} "
                    "it requires, 0/false when not set); botocore sends nothing for it",
                    path=always,
                )
        lines: list[tuple[str, str]] = []
        pad = INDENT * (indent + 1)
        for name, child in value.fields:
            field = names.field_name(fields, name)
            if field is None:
                raise UnsupportedError(
                    f"the AWS SDK for Go v2 {self.package} {names.module_version(self.sid)} has no "
                    f"field for {shape.name}.{name}",
                    path=name,
                )
            go_type = self.qualify(fields[field])
            text = self.value(child, go_type, indent + 1)
            if top and name in self.encode_base64 and child.kind == "string":
                self.imports.add('"encoding/base64"')
                raw = child.scalar
                text = f"aws.String(base64.StdEncoding.EncodeToString([]byte({string_literal(str(raw))})))"
            lines.append((field, text))
        if not lines:
            return f"{type_expr}{{}}"
        return f"{type_expr}{{\n" + _aligned(lines, pad) + f"{INDENT * indent}}}"

    def value(self, value: Value, go_type: str, indent: int) -> str:
        kind = value.kind
        if go_type.startswith("*") and go_type[1:] in _SCALAR_POINTERS:
            self.imports.add('"github.com/aws/aws-sdk-go-v2/aws"')
            return f"{_SCALAR_POINTERS[go_type[1:]]}({self.scalar(value, go_type[1:])})"
        if go_type.startswith("[]") and go_type != "[]byte":
            element = go_type[2:]
            items = [
                self.elide(self.value(item, element, indent + 1), element) for item in value.items
            ]
            return self.composite(go_type, items, indent)
        if go_type.startswith("map["):
            element = go_type[go_type.index("]") + 1 :]
            key_type = go_type[4 : go_type.index("]")]
            pairs = [
                (
                    self.value(k, key_type, indent + 1),
                    self.elide(self.value(v, element, indent + 1), element),
                )
                for k, v in value.entries
            ]
            return self.composite(go_type, pairs, indent)
        if kind == "document":
            return self.document(value.document)
        if go_type.startswith("types.") or go_type.startswith("*types."):
            return self.named(value, go_type, indent)
        if go_type == "io.Reader":
            self.imports.add('"bytes"')
            return f"bytes.NewReader({self.bytes_expr(value.scalar)})"
        return self.scalar(value, go_type)

    @staticmethod
    def elide(text: str, element: str) -> str:
        """Inside a slice or map literal the element type is implied (as ``gofmt -s`` writes)."""
        for prefix in (element + "{", "&" + element.lstrip("*") + "{"):
            if element.lstrip("*").startswith("types.") and text.startswith(prefix):
                return "{" + text[len(prefix) :]
        return text

    def composite(self, go_type: str, items: list[str] | list[tuple[str, str]], indent: int) -> str:
        """A slice (items) or map (key, value pairs) literal: on one line when it fits, else
        one element per line with the map values aligned as gofmt aligns them."""
        typed = self.with_types(go_type)
        if not items:
            return f"{typed}{{}}"
        texts = [i if isinstance(i, str) else f"{i[0]}: {i[1]}" for i in items]
        flat = f"{typed}{{{', '.join(texts)}}}"
        if len(flat) + indent * 4 <= 100 and "\n" not in flat:
            return flat
        pad = INDENT * (indent + 1)
        pairs = [i for i in items if not isinstance(i, str)]
        if pairs:
            return f"{typed}{{\n" + _aligned(pairs, pad) + f"{INDENT * indent}}}"
        return f"{typed}{{\n" + "".join(f"{pad}{t},\n" for t in texts) + f"{INDENT * indent}}}"

    def with_types(self, go_type: str) -> str:
        if "types." in go_type:
            self.imports.add(f'"{names.module(self.sid)}/types"')
        return go_type

    def named(self, value: Value, go_type: str, indent: int) -> str:
        pointer = go_type.startswith("*")
        name = go_type.lstrip("*")[len("types.") :]
        self.imports.add(f'"{names.module(self.sid)}/types"')
        union = value.kind == "union" or (
            value.kind == "structure"
            and not names.is_struct_type(self.sid, name)
            and len(value.fields) == 1
            and names.is_struct_type(self.sid, names.union_member(name, value.fields[0][0]))
        )  # botocore models some Smithy unions (dynamodb AttributeValue) as structures
        if union:
            if len(value.fields) != 1:
                raise UnsupportedError("a union value needs exactly one member")
            member, child = value.fields[0]
            struct = names.union_member(name, member)
            fields = names.struct_fields(self.sid, struct, is_input=False)
            if fields is None or "Value" not in fields:
                raise UnsupportedError(
                    f"the AWS SDK for Go v2 {self.package} has no union member {struct}",
                    path=member,
                )
            inner = self.value(child, self.qualify(fields["Value"]), indent)
            return f"&types.{struct}{{Value: {inner}}}"
        if value.kind == "structure":
            fields = names.struct_fields(self.sid, name, is_input=False)
            if fields is None:
                raise UnsupportedError(f"the AWS SDK for Go v2 {self.package} has no type {name}")
            return self.struct(value, fields, ("&" if pointer else "") + f"types.{name}", indent)
        if value.kind == "enum" or names.is_enum_type(self.sid, name):
            constant = names.enum_constant(self.sid, name, str(value.scalar))
            text = (
                f"types.{constant}"
                if constant
                else f"types.{name}({string_literal(str(value.scalar))})"
            )
            if pointer:
                raise UnsupportedError(
                    f"a pointer to the enum {name} is not written by the SDK's shapes"
                )
            return text
        raise UnsupportedError(f"no Go form for {value.kind} as {go_type}")

    def bytes_expr(self, raw: bytes) -> str:
        try:
            return f"[]byte({string_literal(raw.decode('utf-8'))})"
        except (UnicodeDecodeError, UnsupportedError):
            return "[]byte{" + ", ".join(f"0x{b:02x}" for b in raw) + "}"

    def scalar(self, value: Value, go_type: str) -> str:
        kind, data = value.kind, value.scalar
        if go_type == "[]byte" and kind == "blob":
            return self.bytes_expr(data)
        if kind in ("string", "enum") and go_type in _NUMBERS:
            # botocore models it as a string, the Go SDK as a number (route53 MaxItems)
            text = str(data)
            if re.fullmatch(r"-?\d+", text) and "int" in go_type:
                return str(int(text))
            raise UnsupportedError(
                f"the AWS SDK for Go v2 types {value.shape} as {go_type}; {text!r} is no {go_type}"
            )
        if kind in ("string", "enum"):
            return string_literal(str(data))
        if kind == "boolean":
            return "true" if data else "false"
        if kind in ("integer", "long"):
            return str(int(data))
        if kind in ("float", "double"):
            number = float(data)
            if not math.isfinite(number):
                self.imports.add('"math"')
                if math.isnan(number):
                    return f"{go_type}(math.NaN())" if go_type else "math.NaN()"
                return f"{go_type}(math.Inf({1 if number > 0 else -1}))"
            return repr(number)
        if kind == "timestamp":
            moment: dt.datetime = data.astimezone(dt.UTC)
            self.imports.add('"time"')
            return (
                f"time.Date({moment.year}, {moment.month}, {moment.day}, {moment.hour}, "
                f"{moment.minute}, {moment.second}, {moment.microsecond * 1000}, time.UTC)"
            )
        raise UnsupportedError(f"no Go form for {kind} as {go_type or 'a value'}")

    def document(self, doc: object) -> str:
        self.imports.add(f'"{names.module(self.sid)}/document"')
        return f"document.NewLazyDocument({self.document_literal(doc)})"

    def document_literal(self, doc: object) -> str:
        """A Go value that marshals to the JSON value ``doc`` (maps, slices of ``any``)."""
        if isinstance(doc, dict):
            pairs = [
                f"{string_literal(str(k))}: {self.document_literal(v)}" for k, v in doc.items()
            ]
            return "map[string]any{" + ", ".join(pairs) + "}"
        if isinstance(doc, list):
            return "[]any{" + ", ".join(self.document_literal(v) for v in doc) + "}"
        if isinstance(doc, bool):
            return "true" if doc else "false"
        if doc is None:
            return "nil"
        if isinstance(doc, int):
            return f"int64({doc})"
        if isinstance(doc, float):
            if not math.isfinite(doc):
                raise UnsupportedError("a non-finite number in a document has no JSON form")
            return f"float64({doc!r})"
        return string_literal(str(doc))


def _event_streams(service: Service, operation: Operation) -> tuple[bool, bool]:
    """Whether the input and the output have an event-stream member."""
    found = []
    for ref in (operation.input, operation.output):
        found.append(
            ref is not None
            and any(service.shape(m.target).event_stream for m in service.shape(ref).members)
        )
    return found[0], found[1]


def _streaming_output(service: Service, shape: str | None) -> str:
    member = service.payload_blob(shape)
    return member.name if member is not None and service.is_streaming(member) else ""


def _shown_errors(errors: tuple[str, ...]) -> list[str]:
    """The (at most two) modeled errors an example matches: not-found first, then in the
    model's order (errors added later come last, so an older SDK has the ones shown)."""
    return sorted(errors, key=lambda e: "NotFound" not in e)[:2]


def _canonical_header(name: str) -> str:
    """Go's ``textproto.CanonicalMIMEHeaderKey`` for a name of token characters."""
    if not re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", name):
        return name
    return "-".join(part[:1].upper() + part[1:].lower() for part in name.split("-"))


def _check_wire_forms(service: Service, operation: Operation, value: Value) -> None:
    """Refuse values the Go SDK would send differently from botocore."""
    if operation.input is None:
        return
    shape = service.shape(operation.input)
    for name, child in value.fields:
        member = shape.member(name)
        if member is None or member.location != "headers" or child.kind != "map":
            continue
        prefix = member.location_name
        for entry_key, _item in child.entries:
            text = str(entry_key.scalar)
            if _canonical_header(prefix + text)[len(prefix) :] != text:
                raise UnsupportedError(
                    f"Go's net/http sends header names in canonical form: {name} key {text!r} "
                    f"would arrive as {_canonical_header(prefix + text)[len(prefix) :]!r}",
                    path=name,
                )
    for sse in ("SSECustomerKey", "CopySourceSSECustomerKey"):
        if (
            service.name == "s3"
            and value.field(sse) is not None
            and value.field(sse + "MD5") is None
        ):
            raise UnsupportedError(
                f"botocore base64-encodes {sse} and computes {sse}MD5 itself; the AWS SDK for "
                "Go v2 sends both as given (set both)",
                path=sse,
            )


def _error_var(struct: str) -> str:
    base = re.sub(r"(Exception|Fault|Error)$", "", struct) or struct
    return base[0].lower() + base[1:] + "Err"


def example_path(service: str, operation: str) -> str:
    """Where ``generate`` writes the Go example of an operation (its ``main`` package)."""
    return f"{service}/go/{names.example_dir(operation)}/main.go"


def render_go(service: Service, operation: Operation, value: Value, title: str) -> Snippet:
    sid = service.service_id
    value = with_implicit_members(service, operation, value)
    where = f"{service.name}:{operation.name}"
    version = names.module_version(sid)
    if version is None:
        raise UnsupportedError(
            f"SDK module not available here: the Go module proxy serves no version of {names.module(sid)}",
            path=where,
        )
    if not names.has_operation(sid, operation.name):
        raise UnsupportedError(
            f"the AWS SDK for Go v2 {names.package(sid)} {version} has no {operation.name}",
            path=where,
        )
    events_in, events_out = _event_streams(service, operation)
    if events_in:
        raise UnsupportedError(
            "input event streams (sent through the stream's Send) are not rendered for Go yet",
            path=where,
        )
    _check_wire_forms(service, operation, value)
    writer = _Writer(service)
    writer.encode_base64 = jnames.botocore_base64_members(service.name, operation.name)
    package = names.package(sid)
    input_struct = names.input_struct(operation.name)
    fields = names.struct_fields(sid, input_struct, is_input=True) or {}
    input_expr = (
        writer.struct(value, fields, f"&{package}.{input_struct}", 1, top=True)
        if operation.input
        else f"&{package}.{input_struct}{{}}"
    )
    errors = []
    for error in _shown_errors(operation.errors):
        struct = names.error_struct(sid, error)
        if struct is not None:
            errors.append({"struct": struct, "var": _error_var(struct)})
    if errors:
        writer.imports.update({'"errors"', f'"{names.module(sid)}/types"'})
    stream_out = _streaming_output(service, operation.output)
    if events_out:
        output_var = "output, err :="
        output_lines = [
            "stream := output.GetStream()",
            "defer stream.Close()",
            "for event := range stream.Events() {",
            f'{INDENT}log.Printf("Received %T\\n", event)',
            "}",
            "if err := stream.Err(); err != nil {",
            f"{INDENT}log.Fatalf(\"Couldn't read the event stream. Here's why: %v\\n\", err)",
            "}",
        ]
    elif stream_out:
        writer.imports.add('"io"')
        field = names.capitalize(stream_out)
        output_var = "output, err :="
        output_lines = [
            f"defer output.{field}.Close()",
            f"body, err := io.ReadAll(output.{field})",
            "if err != nil {",
            f"{INDENT}log.Fatalf(\"Couldn't read the {stream_out}. Here's why: %v\\n\", err)",
            "}",
            f'log.Printf("{operation.name} returned %d bytes\\n", len(body))',
        ]
    else:
        output_var = "_, err ="
        output_lines = [f'log.Println("{operation.name} succeeded")']
    std = {'"context"', '"log"', *(i for i in writer.imports if "/" not in i)}
    third = {'"github.com/aws/aws-sdk-go-v2/config"', f'"{names.module(sid)}"',
             *(i for i in writer.imports if "/" in i)}  # fmt: skip
    imports = sorted(std) + [""] + sorted(third)
    text = render(
        "go/main.go.j2",
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        module=names.module(sid),
        version=version,
        package=package,
        imports=imports,
        input=input_expr,
        errors=errors,
        output_var=output_var,
        output_lines=output_lines,
        snippet_tag=names.snippet_tag(service.name, operation.name),
    )
    text = text.replace("\t\n", "\n")
    start = text.index("// snippet-start:")
    start = text.index("\n", start) + 1
    end = text.index("// snippet-end:")
    return Snippet("go", example_path(service.name, operation.name), text, text[start:end])
