"""Target ``go``, values: a value tree written as the Go expression the pinned module types it.

Stage: targets (a part of :mod:`generator.targets.go`). Input: the service IR and a value tree
with the Go type of its field (:mod:`generator.naming.go`, from ``data/go/``). Output: Go source
text, gofmt's layout, and the imports it needs: ``aws.String``/``aws.Int32``/... only where the
field is a pointer, ``types.X{}`` for structures, typed enum constants (a conversion when the
module has no constant for the value), ``&types.<Union>Member<Member>{Value: ...}`` for unions,
``document.NewLazyDocument`` for documents. Raises :class:`UnsupportedError` for what the Go
client would send otherwise than botocore: a member without a field, a field its validator
requires that the value lacks, a zero non-pointer scalar (Go leaves it out), a field Go always
sends that the value lacks.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from generator.errors import UnsupportedError
from generator.model.ir import Service
from generator.naming import go as names
from generator.render.literals import quoted
from generator.values.tree import Value

INDENT = "\t"
_NUMBERS = frozenset({"int32", "int64", "float32", "float64"})
_PLAIN_SCALARS = _NUMBERS | {"bool"}  # a non-pointer field: its zero value is left out
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


class Writer:
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
        always_sent = names.always_sent(self.sid, struct_name)
        for always in always_sent:
            if always not in set_fields:
                raise UnsupportedError(
                    f"the AWS SDK for Go v2 always sends {struct_name}.{always} (a {fields[always]} "
                    "it requires, 0/false when not set); botocore sends nothing for it",
                    path=always,
                )
        for needed in names.required_fields(self.sid, struct_name):
            if needed not in set_fields:
                raise UnsupportedError(
                    f"the AWS SDK for Go v2 {self.package} {names.module_version(self.sid)} "
                    f"requires {struct_name}.{needed} (its validator refuses the request "
                    "without it); botocore's model does not",
                    path=needed,
                )
        for name, child in value.fields:
            field = names.field_name(fields, name)
            zero = child.kind in ("boolean", "integer", "long", "float", "double") and not child.scalar
            if field and fields[field] in _PLAIN_SCALARS and zero and field not in always_sent:
                raise UnsupportedError(
                    f"the AWS SDK for Go v2 sends {struct_name}.{field} (a {fields[field]}, not a "
                    f"pointer) only when it is not {child.scalar!r}; botocore sends it",
                    path=name,
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
