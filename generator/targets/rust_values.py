"""Target ``rust``, values: a value tree as the Rust expressions the AWS SDK for Rust takes.

Stage: targets (used by :mod:`generator.targets.rust` only). Input: the service IR, a value tree
and the pinned crate's tables (:mod:`generator.naming.rust`). Output: the fluent call
(``client.<op>()`` + one setter call per member, per list item, per map entry) as a code tree
that :mod:`generator.targets.rust_layout` lays out as rustfmt does, and the ``use`` lines and
extra dependencies it needs.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from typing import Any

from generator.errors import UnsupportedError
from generator.model.ir import Member, Operation, Service, Shape
from generator.naming import rust as names
from generator.targets.rust_layout import Atom, Call, Chain, Code, Seq, braced, segment_key
from generator.values.tree import Value, iso8601

# names an example already uses: a crate type named like one is written ``types::X``
_TAKEN = frozenset(
    "Blob BehaviorVersion Box ByteStream Client DateTime DateTimeFormat DisplayErrorContext "
    "Document Err Error HashMap None Number Ok Opt Option Parser Region RegionProviderChain "
    "Result Some String Vec".split()
)
_INTEGERS = frozenset({"i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"})
_FLOATS = frozenset({"f32", "f64"})


# --- literals -----------------------------------------------------------------------------------

_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def string_literal(text: str) -> str:
    """A Rust string literal, ASCII only (``\\u{...}`` escapes)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in _SHORT:
            out.append(_SHORT[char])
        elif 0xD800 <= code <= 0xDFFF:
            raise UnsupportedError("a lone surrogate cannot be written in a Rust string")
        elif code < 0x20 or code >= 0x7F:
            out.append(f"\\u{{{code:x}}}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def byte_string_literal(raw: bytes) -> str:
    """A Rust byte string literal (``b"..."``), ``\\x`` escapes beyond printable ASCII."""
    out = ['b"']
    for byte in raw:
        char = chr(byte)
        if char in _SHORT:
            out.append(_SHORT[char])
        elif byte < 0x20 or byte >= 0x7F:
            out.append(f"\\x{byte:02x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def float_literal(number: float, rust_type: str) -> str:
    if math.isnan(number):
        return f"{rust_type}::NAN"
    if math.isinf(number):
        return f"{rust_type}::{'INFINITY' if number > 0 else 'NEG_INFINITY'}"
    text = repr(number)
    return text if any(c in text for c in ".eEn") else text + ".0"


def split_generic(text: str) -> list[str]:
    """``String, Vec<X>`` -> ``["String", "Vec<X>"]``: the top-level parts of generic arguments."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += char == "<"
        depth -= char == ">"
        current += char
    parts.append(current.strip())
    return parts


# --- the writer ---------------------------------------------------------------------------------


class RustWriter:
    """Turns one operation's value tree into its fluent call, collecting what it imports."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.sid = service.service_id
        self.module = names.module(self.sid)
        self.pinned = names.crate_data(self.sid) is not None
        self._types: set[str] = set()
        self._primitives: set[str] = set()
        self._std: set[str] = set()
        self._smithy: set[str] = set()
        self._whole_types = False
        # top-level members botocore base64-encodes itself (ec2 UserData): written encoded
        self.encode_base64: frozenset[str] = frozenset()

    # what the example imports
    def uses(self) -> list[str]:
        out = [f"std::collections::{name}" for name in sorted(self._std)]
        if self._types:
            out.append(f"{self.module}::types::{braced(sorted(self._types, key=segment_key))}")
        if self._whole_types:
            out.append(f"{self.module}::types")
        if self._primitives:
            out.append(f"{self.module}::primitives::{braced(sorted(self._primitives))}")
        if self._smithy:
            out.append(f"aws_smithy_types::{braced(sorted(self._smithy))}")
        return out

    def dependencies(self) -> list[str]:
        if not self._smithy:
            return []
        return ['aws-smithy-types = "1"']

    # --- the call ---------------------------------------------------------------------------

    def call(self, operation: Operation, value: Value, table: dict[str, Any] | None) -> Chain:
        """``client.<op>()`` and one setter call per member of the input."""
        links: list[tuple[str, tuple[Code, ...] | None, str]] = [
            (names.method(operation.name), (), "")
        ]
        if operation.input is not None:
            shape = self.service.shape(operation.input)
            setters = None if table is None else table["setters"]
            links += self.setters(shape, value, setters, operation.name, top=True)
        return Chain(Atom("client"), tuple(links))

    def setters(
        self,
        shape: Shape,
        value: Value,
        setters: dict[str, str] | None,
        owner: str,
        top: bool = False,
    ) -> list[tuple[str, tuple[Code, ...] | None, str]]:
        links: list[tuple[str, tuple[Code, ...] | None, str]] = []
        for name, child in value.fields:
            member = shape.member(name)
            if member is None:
                raise UnsupportedError(f"{shape.name} has no member {name}", path=name)
            base = names.member_base(name)
            if setters is not None and base not in setters:
                raise UnsupportedError(
                    f"the AWS SDK for Rust {names.crate(self.sid)} {names.crate_version(self.sid)} "
                    f"has no {owner}.{name}",
                    path=name,
                )
            kind = setters[base] if setters is not None else self.model_type(member.target)
            method = names.identifier(base)
            if kind.startswith("Vec<") and child.kind == "list":
                item = kind[4:-1]
                if not child.items:
                    links.append((f"set_{base}", (Call("Some", (Atom("vec![]"),)),), ""))
                for entry in child.items:
                    links.append((method, (self.argument(entry, item),), ""))
            elif kind.startswith("HashMap<") and child.kind == "map":
                key_type, item = split_generic(kind[8:-1])
                if not child.entries:
                    self._std.add("HashMap")
                    links.append((f"set_{base}", (Call("Some", (Atom("HashMap::new()"),)),), ""))
                for key, entry in child.entries:
                    pair = (self.argument(key, key_type), self.argument(entry, item))
                    links.append((method, pair, ""))
            elif top and name in self.encode_base64 and child.kind == "string":
                encoded = base64.b64encode(str(child.scalar).encode("utf-8")).decode("ascii")
                links.append((method, (Atom(string_literal(encoded)),), ""))
            else:
                links.append((method, (self.argument(child, kind),), ""))
        return links

    def argument(self, value: Value, kind: str) -> Code:
        """A setter's argument: text for ``impl Into<String>``, else the exact type."""
        if kind == "String" and value.kind in ("string", "enum"):
            return Atom(string_literal(str(value.scalar)))
        return self.expr(value, kind)

    # --- typed expressions ------------------------------------------------------------------

    def model_type(self, target: str) -> str:
        """The Rust type smithy-rs gives a shape (for a crate not pinned here)."""
        shape = self.service.shape(target)
        kind = shape.kind
        simple = {
            "string": "String", "integer": "i32", "long": "i64", "float": "f32",
            "double": "f64", "boolean": "bool", "timestamp": "DateTime", "document": "Document",
        }  # fmt: skip
        if kind in simple:
            return simple[kind]
        if kind == "blob":
            return "ByteStream" if shape.streaming else "Blob"
        if kind == "list":
            assert shape.item is not None
            return f"Vec<{self.model_type(shape.item.target)}>"
        if kind == "map":
            assert shape.key is not None and shape.value is not None
            return f"HashMap<{self.model_type(shape.key.target)}, {self.model_type(shape.value.target)}>"
        return names.type_name(shape.name)

    def expr(self, value: Value, kind: str) -> Code:
        if kind.startswith("Box<"):
            return Call("Box::new", (self.expr(value, kind[4:-1]),))
        if kind.startswith("Vec<"):
            return Seq("vec![", tuple(self.expr(i, kind[4:-1]) for i in value.items), "]")
        if kind.startswith("HashMap<"):
            self._std.add("HashMap")
            key_type, item = split_generic(kind[8:-1])
            pairs = tuple(
                Seq("(", (self.expr(k, key_type), self.expr(v, item)), ")")
                for k, v in value.entries
            )
            if not pairs:
                return Atom("HashMap::new()")
            return Call("HashMap::from", (Seq("[", pairs, "]"),))
        if value.kind == "document":
            self._smithy.add("Document")
            return self.document(value.document)
        if (
            kind in ("String", "bool", "Blob", "ByteStream", "DateTime")
            or kind in _INTEGERS | _FLOATS
        ):
            return self.scalar(value, kind)
        return self.named(value, kind)

    def scalar(self, value: Value, kind: str) -> Code:
        data = value.scalar
        if kind == "String":
            return Atom(f"{string_literal(str(data))}.to_string()")
        if kind == "bool":
            return Atom("true" if data else "false")
        if kind in _INTEGERS:
            if value.kind in ("string", "enum"):
                if not re.fullmatch(r"-?\d+", str(data)):
                    raise UnsupportedError(
                        f"the AWS SDK for Rust types {value.shape} as {kind}; {data!r} is no {kind}"
                    )
            return Atom(str(int(data)))
        if kind in _FLOATS:
            return Atom(float_literal(float(data), kind))
        if kind == "Blob":
            self._primitives.add("Blob")
            return Call("Blob::new", (self.bytes_arg(data),))
        if kind == "ByteStream":
            self._primitives.add("ByteStream")
            return Call("ByteStream::from_static", (Atom(byte_string_literal(data or b"")),))
        if kind == "DateTime":
            self._primitives.update({"DateTime", "DateTimeFormat"})
            moment: dt.datetime = data
            text = string_literal(iso8601(moment))
            return Call("DateTime::from_str", (Atom(text), Atom("DateTimeFormat::DateTime")), "?")
        raise UnsupportedError(f"no Rust form for {value.kind} as {kind}")

    @staticmethod
    def bytes_arg(raw: bytes) -> Code:
        try:
            return Atom(string_literal(raw.decode("utf-8")))
        except (UnicodeDecodeError, UnsupportedError):
            return Seq("vec![", tuple(Atom(f"0x{b:02x}") for b in raw), "]")

    def type_ref(self, name: str) -> str:
        if name in _TAKEN:
            self._whole_types = True
            return f"types::{name}"
        self._types.add(name)
        return name

    def named(self, value: Value, kind: str) -> Code:
        shape = self.service.shape(value.shape)
        variants = names.union_variants(self.sid, shape.name)
        if value.kind == "union" or variants is not None:
            return self.union(value, shape, kind, variants)
        if value.kind == "enum" or (value.kind == "string" and shape.constraints.enum):
            ref = self.type_ref(kind)
            variant = names.enum_variant(self.sid, shape.name, str(value.scalar))
            if variant is not None:
                return Atom(f"{ref}::{variant}")
            return Call(f"{ref}::from", (Atom(string_literal(str(value.scalar))),))
        if value.kind == "structure":
            return self.builder(value, shape, kind)
        raise UnsupportedError(f"no Rust form for {value.kind} as {kind}")

    def builder(self, value: Value, shape: Shape, kind: str) -> Code:
        table = names.structure(self.sid, shape.name)
        if self.pinned and table is None:
            raise UnsupportedError(
                f"the AWS SDK for Rust {names.crate(self.sid)} has no type {kind}", path=shape.name
            )
        setters = None if table is None else table["setters"]
        links = self.setters(shape, value, setters, kind)
        fallible = (
            table["fallible"] if table is not None else any(m.required for m in shape.members)
        )
        ref = self.type_ref(kind)
        links.append(("build", (), "?" if fallible else ""))
        return Chain(Atom(f"{ref}::builder()"), tuple(links))

    def union(self, value: Value, shape: Shape, kind: str, variants: dict[str, str] | None) -> Code:
        if len(value.fields) != 1:
            raise UnsupportedError("a union value needs exactly one member", path=shape.name)
        name, child = value.fields[0]
        member = shape.member(name)
        assert member is not None
        variant = names.variant(name)
        if variants is not None and variant not in variants:
            raise UnsupportedError(
                f"the AWS SDK for Rust {names.crate(self.sid)} has no variant {kind}::{variant}",
                path=name,
            )
        inner = variants[variant] if variants is not None else self.member_type(member)
        ref = self.type_ref(kind)
        if inner == "":
            return Atom(f"{ref}::{variant}")
        return Call(f"{ref}::{variant}", (self.expr(child, inner),))

    def member_type(self, member: Member) -> str:
        return self.model_type(member.target)

    def document(self, doc: object) -> Code:
        if isinstance(doc, dict):
            self._std.add("HashMap")
            pairs = tuple(
                Seq("(", (Atom(f"{string_literal(str(k))}.to_string()"), self.document(v)), ")")
                for k, v in doc.items()
            )
            inner: Code = (
                Call("HashMap::from", (Seq("[", pairs, "]"),)) if pairs else Atom("HashMap::new()")
            )
            return Call("Document::Object", (inner,))
        if isinstance(doc, list):
            return Call(
                "Document::Array", (Seq("vec![", tuple(self.document(v) for v in doc), "]"),)
            )
        if isinstance(doc, bool):
            return Call("Document::Bool", (Atom("true" if doc else "false"),))
        if doc is None:
            return Atom("Document::Null")
        if isinstance(doc, int):
            self._smithy.add("Number")
            number = f"Number::PosInt({doc})" if doc >= 0 else f"Number::NegInt({doc})"
            return Call("Document::Number", (Atom(number),))
        if isinstance(doc, float):
            if not math.isfinite(doc):
                raise UnsupportedError("a non-finite number in a document has no JSON form")
            self._smithy.add("Number")
            return Call("Document::Number", (Atom(f"Number::Float({float_literal(doc, 'f64')})"),))
        return Call("Document::String", (Atom(f"{string_literal(str(doc))}.to_string()"),))
