"""Target ``java``: a complete, compilable AWS SDK for Java 2.x program.

Input: the service IR, one operation and its value tree. Output: the source of one class with
explicit single-class imports, the client in try-with-resources, the request built with
builder chains, ``<Service>Exception`` handled, and ``main``, which takes an optional Region
argument in the style of AWS's examples (a usage text; without it the SDK's default Region
provider chain decides). The method between the
``snippet-start``/``snippet-end`` markers is the excerpt the docs page shows, in the style of
AWS's own Java examples. Identifiers come from :mod:`generator.naming.java` only.

Strings are written with Java escapes only (octal for control characters and ``\\uXXXX`` for
everything outside ASCII), so any value survives javac whatever the source encoding.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import re

from generator.capabilities import java as java_caps
from generator.capabilities.botocore import (
    glacier_checksum_left_to_botocore,
    with_implicit_members,
)
from generator.errors import LimitError, UnsupportedError
from generator.model.ir import Operation, Service, Shape
from generator.naming import java as names
from generator.render.env import render
from generator.render.literals import quoted
from generator.targets import Snippet, uses_paginator
from generator.values.limits import java_method_problem
from generator.values.tree import Value, iso8601

SDK_GROUP = "software.amazon.awssdk"  # the Maven group of every SDK module
SDK_VERSION = "2.59.1"  # the BOM the examples are written and compiled against
STEP = 8  # continuation indent of builder chains, as in AWS's examples
_JAVA_UTIL = {
    "List": "java.util.List",
    "Map": "java.util.Map",
    "Base64": "java.util.Base64",
    "StandardCharsets": "java.nio.charset.StandardCharsets",
}
_SDK_TYPES = {
    "SdkBytes": "software.amazon.awssdk.core.SdkBytes",
    "Instant": "java.time.Instant",
    "Document": "software.amazon.awssdk.core.document.Document",
    "RequestBody": "software.amazon.awssdk.core.sync.RequestBody",
    "ResponseBytes": "software.amazon.awssdk.core.ResponseBytes",
    "BigDecimal": "java.math.BigDecimal",
}
# What java.math.BigDecimal(String) accepts (sign, digits, optional fraction and exponent).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def java_decimal_text(text: str) -> str | None:
    """What the Java SDK sends for ``new BigDecimal(text)``: ``BigDecimal.toString()``, the
    General Decimal Arithmetic scientific string (``0.0000001`` -> ``1E-7``, ``+5`` -> ``5``,
    ``1e3`` -> ``1E+3``; scale kept: ``100.50``), which Python's ``Decimal`` also follows; no
    negative zero. None when ``BigDecimal(String)`` refuses the text."""
    if not _DECIMAL.fullmatch(text):
        return None
    number = decimal.Decimal(text)
    return str(number.copy_abs() if number.is_zero() else number)


def no_module_reason(service_name: str, module: str | None) -> str:
    """Why no Java example is written for a service whose module BOM :data:`SDK_VERSION` does
    not list: the SDK never had a client, or only a newer BOM lists one (with what Maven
    Central answered for it here, and when), or no BOM does."""
    if module is None:
        return f"the AWS SDK for Java 2.x has no client for {service_name}"
    newer = names.newer_bom_module(module)
    if newer is not None:
        bom, answer, checked = newer
        return (
            f"the AWS SDK for Java 2.x client module {SDK_GROUP}:{module} is listed only by BOM "
            f"{bom}, newer than {SDK_VERSION}, and Maven Central here has none: {answer} "
            f"(asked {checked})"
        )
    return f"the AWS SDK for Java 2.x {SDK_VERSION} has no client module for {service_name}"


def _java_wide(char: str) -> str:
    if ord(char) <= 0xFFFF:
        return f"\\u{ord(char):04x}"
    return "".join(f"\\u{unit}" for unit in char.encode("utf-16-be").hex(" ", 2).split())


def string_literal(text: str) -> str:
    """A Java string literal (ASCII only: ``\\u`` per UTF-16 unit, octal control escapes)."""
    return quoted(text, lambda code: f"\\{code:03o}", _java_wide)


CONSTANT_LIMIT = 60_000  # javac refuses a string constant over 65,535 bytes (modified UTF-8)


def _constant_bytes(char: str) -> int:
    code = ord(char)
    return 1 if 0 < code < 0x80 else 2 if code < 0x800 else 6 if code > 0xFFFF else 3


def text_expression(text: str) -> str:
    """A Java expression for ``text``: one literal, or ``String.join`` of literals each under
    javac's constant limit (``+`` of literals would be folded back into one constant)."""
    if sum(_constant_bytes(c) for c in text) <= CONSTANT_LIMIT:
        return string_literal(text)
    chunks: list[str] = []
    start, size = 0, 0
    for index, char in enumerate(text):
        size += _constant_bytes(char)
        if size > CONSTANT_LIMIT:
            chunks.append(text[start:index])
            start, size = index, _constant_bytes(char)
    chunks.append(text[start:])
    return 'String.join("", ' + ", ".join(string_literal(c) for c in chunks) + ")"


class _Writer:
    """Builds Java expressions for values and collects the imports they need."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.sid = service.service_id
        self.model_package = names.model_package(self.sid)
        self.imports: set[str] = set()
        self.used: dict[str, str] = {}  # simple name -> qualified name
        self.encode_base64: frozenset[str] = frozenset()  # top-level members, see builder()

    def cls(self, simple: str, qualified: str) -> str:
        owner = self.used.setdefault(simple, qualified)
        if owner != qualified or names.needs_qualified_name(simple):
            return qualified
        self.imports.add(qualified)
        return simple

    def util(self, simple: str) -> str:
        return self.cls(simple, _JAVA_UTIL.get(simple) or _SDK_TYPES[simple])

    def model(self, simple: str) -> str:
        return self.cls(simple, f"{self.model_package}.{simple}")

    def contains_enum(self, shape: Shape) -> bool:
        if shape.kind == "enum":
            return True
        refs = [r for r in (shape.item, shape.key, shape.value) if r is not None]
        return shape.kind in ("list", "map") and any(
            self.contains_enum(self.service.shape(r.target)) for r in refs
        )

    def expr(self, value: Value, indent: int) -> str:
        kind = value.kind
        if kind in ("structure", "union"):
            return self.builder(self.model(names.shape_class(self.sid, value.shape)), value, indent)
        if kind == "list":
            items = [self.expr(item, indent + STEP) for item in value.items]
            return self.call(self.util("List") + ".of", items, indent)
        if kind == "map":
            flat: list[str] = []
            for key, item in value.entries:
                flat += [self.expr(key, indent + STEP), self.expr(item, indent + STEP)]
            if len(value.entries) <= 10:
                return self.call(self.util("Map") + ".of", flat, indent)
            pairs = [f"{self.util('Map')}.entry({k}, {v})" for k, v in zip(flat[::2], flat[1::2], strict=True)]
            return self.call(self.util("Map") + ".ofEntries", pairs, indent)
        if kind == "document":
            return self.document(value.document, indent)
        return self.scalar(value)

    def scalar(self, value: Value) -> str:
        kind, data = value.kind, value.scalar
        if kind in ("string", "enum"):
            return text_expression(str(data))
        if kind == "boolean":
            return "true" if data else "false"
        if kind == "integer":
            return str(data)
        if kind == "long":
            return f"{data}L"
        if kind == "float":
            return f"{data!r}f"
        if kind == "double":
            return repr(float(data))
        if kind == "timestamp":
            moment: dt.datetime = data
            return f"{self.util('Instant')}.parse({string_literal(iso8601(moment))})"
        if kind == "blob":
            raw: bytes = data
            sdk_bytes = self.util("SdkBytes")
            try:
                return f"{sdk_bytes}.fromUtf8String({text_expression(raw.decode('utf-8'))})"
            except UnicodeDecodeError:
                if len(raw) > 256:  # an array initializer of this size would exceed the method limit
                    encoded = text_expression(base64.b64encode(raw).decode("ascii"))
                    return f"{sdk_bytes}.fromByteArray({self.util('Base64')}.getDecoder().decode({encoded}))"
                numbers = ", ".join(str(b - 256 if b > 127 else b) for b in raw)
                return f"{sdk_bytes}.fromByteArray(new byte[] {{{numbers}}})"
        raise UnsupportedError(f"no Java form for {kind}")

    def retyped(self, value: Value, java_type: str) -> tuple[str | None, str]:
        """``value`` written as ``java_type``, the type the SDK's setter takes instead of the
        one the model implies (see capabilities.java.sdk_member_type); or ``None`` when no
        literal of that type expresses the value, with why when it can tell (else ``""``)."""
        kind, data = value.kind, value.scalar
        if java_type == "java.math.BigDecimal" and kind == "string":
            # The SDK keeps the model's string on the wire and sends BigDecimal.toString():
            # only a text spelled as Java spells it reaches the wire as botocore sends it.
            sent = java_decimal_text(str(data))
            if sent != data:
                return None, f"a BigDecimal is sent as {sent!r}" if sent else "not a BigDecimal"
            return f"new {self.util('BigDecimal')}({string_literal(data)})", ""
        return None, ""  # no other difference the sweep found is in a request shape

    def document(self, doc: object, indent: int) -> str:
        document = self.util("Document")
        if isinstance(doc, dict):
            entries: list[str] = []
            for key, item in doc.items():
                entries += [string_literal(str(key)), self.document(item, indent + STEP)]
            if len(doc) > 10:
                raise UnsupportedError("documents with more than 10 keys per object")
            return f"{document}.fromMap({self.call(self.util('Map') + '.of', entries, indent)})"
        if isinstance(doc, list):
            items = [self.document(item, indent + STEP) for item in doc]
            return f"{document}.fromList({self.call(self.util('List') + '.of', items, indent)})"
        if isinstance(doc, bool):
            return f"{document}.fromBoolean({'true' if doc else 'false'})"
        if isinstance(doc, (int, float)):
            return f"{document}.fromNumber({json.dumps(doc)})"
        if doc is None:
            return f"{document}.fromNull()"
        return f"{document}.fromString({text_expression(str(doc))})"

    def call(self, head: str, args: list[str], indent: int) -> str:
        flat = f"{head}({', '.join(args)})"
        if len(flat) + indent <= 100 and "\n" not in flat:
            return flat
        pad = " " * (indent + STEP)
        return f"{head}(\n" + ",\n".join(pad + a for a in args) + ")"

    def builder(self, cls: str, value: Value, indent: int, shape_name: str = "") -> str:
        shape = self.service.shape(shape_name or value.shape)
        pad = " " * (indent + STEP)
        lines = [f"{cls}.builder()"]
        for name, child in value.fields:
            member = shape.member(name)
            assert member is not None
            target = self.service.shape(member.target)
            if service_streaming(self.service, shape.name, name):
                continue  # passed as a RequestBody, not a builder member
            if not java_caps.sdk_has_member(self.service.name, shape.name, name):
                raise UnsupportedError(
                    f"the AWS SDK for Java 2.x {java_caps.sdk_version(self.service.name)} has no "
                    f"{shape.name}.{name}",
                    path=name,
                )
            if not names.is_member_generated(self.sid, shape.name, name):
                raise UnsupportedError(
                    f"the AWS SDK for Java 2.x has no builder method for {shape.name}.{name}",
                    path=name,
                )
            if target.kind in ("list", "map") and self.contains_enum(target):
                method = names.enum_setter_for_list(self.sid, shape.name, name)
            else:
                method = names.member_method(self.sid, shape.name, name)
            java_type = java_caps.sdk_member_type(self.service.name, shape.name, name)
            if java_type is None:
                argument = self.expr(child, indent + STEP)
            else:
                written = [self.retyped(child, t) for t in java_type.split("|")]
                found = next((literal for literal, _ in written if literal is not None), None)
                why = next((reason for _, reason in written if reason), "")
                if found is None:
                    shown = f" {str(child.scalar)[:40]!r}" if child.scalar is not None else ""
                    raise UnsupportedError(
                        f"the AWS SDK for Java 2.x takes {shape.name}.{name} as "
                        f"{java_type.replace('|', ' or ')}, not as the model's {target.kind}: "
                        f"no Java value of that type sends the {child.kind}{shown}"
                        + (f" ({why})" if why else ""),
                        path=name,
                    )
                argument = found
            if shape_name and name in self.encode_base64 and child.kind == "string":
                # botocore encodes this member itself; the Java SDK sends it as given
                encoder, charsets = self.util("Base64"), self.util("StandardCharsets")
                argument = f"{encoder}.getEncoder().encodeToString({argument}.getBytes({charsets}.UTF_8))"
            lines.append(f"{pad}.{method}({argument})")
        lines.append(f"{pad}.build()")
        return "\n".join(lines)


def service_streaming(service: Service, shape_name: str, member_name: str) -> bool:
    member = service.shape(shape_name).member(member_name)
    return member is not None and service.is_streaming(member)


def _streaming_member(service: Service, shape_name: str | None) -> str:
    member = service.payload_blob(shape_name)
    return member.name if member is not None and service.is_streaming(member) else ""


def _dependency_note(service_name: str, module: str) -> str:
    """What the docs page says a user adds to the build besides the service's module (empty
    when nothing): the modules the service's way of authenticating needs at run time."""
    needs = [
        f"`{SDK_GROUP}:{extra}` on the class path: {names.runtime_module_reason(extra)}"
        for extra in names.runtime_modules(service_name)
    ]
    if not needs:
        return ""
    return f"Besides `{SDK_GROUP}:{module}`, this example needs " + "; and ".join(needs) + "\\."


def render_java(service: Service, operation: Operation, value: Value, title: str) -> Snippet:
    for ref in (operation.input, operation.output):
        if ref is not None and any(
            service.shape(m.target).event_stream for m in service.shape(ref).members
        ):
            raise UnsupportedError(
                "event streams are only in the asynchronous Java client",
                path=f"{service.name}:{operation.name}",
            )
    value = with_implicit_members(service, operation, value)
    if glacier_checksum_left_to_botocore(service, operation, value):
        raise UnsupportedError(
            "the AWS SDK for Java 2.x sends Glacier's tree-hash checksum only for a body it is "
            "given; botocore sends the checksum of the empty body",
            path="body",
        )
    sid = service.service_id
    writer = _Writer(service)
    client = writer.cls(names.client_class(sid), f"{names.package(sid)}.{names.client_class(sid)}")
    if not names.is_operation_generated(sid, operation.name):
        raise UnsupportedError(
            "the AWS SDK for Java 2.x does not generate this operation",
            path=f"{service.name}:{operation.name}",
        )
    module = names.maven_module(service.name, sid)
    if module is None or module not in (names.bom_modules(SDK_VERSION) or frozenset()):
        raise UnsupportedError(no_module_reason(service.name, module), path=f"{service.name}:{operation.name}")
    too_large = java_method_problem(value)
    if too_large:
        raise LimitError(too_large, path=f"{service.name}:{operation.name}")
    base_exception = names.base_exception(sid)
    exception = writer.cls(base_exception, f"{names.model_package(sid)}.{base_exception}")
    request_cls = writer.model(names.request_class(operation.name, sid))
    response_cls = writer.model(names.response_class(operation.name, sid))
    writer.encode_base64 = names.botocore_base64_members(service.name, operation.name)
    request = (
        writer.builder(request_cls, value, 12, operation.input)
        if operation.input
        else f"{request_cls}.builder()\n{' ' * 20}.build()"
    )
    method = names.method_name(operation.name)
    client_var = names.un_capitalize(names.client_class(sid))
    stream_in = _streaming_member(service, operation.input)
    stream_out = _streaming_member(service, operation.output)
    body_arg = ""
    if stream_in:
        data = value.field(stream_in)
        payload = data.scalar if data is not None else b""
        body_arg = f", {writer.util('RequestBody')}.fromBytes({writer.scalar(Value('', 'blob', scalar=payload))}.asByteArray())"
    response_bytes = writer.util("ResponseBytes") if stream_out else ""
    # named last, so a model class of the same simple name (ec2's Region) keeps its short name
    builder_cls = f"{names.client_class(sid)}Builder"
    builder = writer.cls(builder_cls, f"{names.package(sid)}.{builder_cls}")
    region = writer.cls("Region", "software.amazon.awssdk.regions.Region")
    class_name = names.pascal_case(operation.name) + "Example"
    text = render(
        "java/Example.java.j2",
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        package=f"com.example.{names.package(sid).rsplit('.', 1)[-1]}",
        imports=sorted(writer.imports),
        class_name=class_name,
        client=client,
        client_var=client_var,
        builder=builder,
        region=region,
        exception=exception,
        request_cls=request_cls,
        response_cls=response_cls,
        request=request,
        method=method,
        body_arg=body_arg,
        response_bytes=response_bytes,
        paginate=uses_paginator(operation, value) and not (stream_in or stream_out),
        snippet_tag=f"{service.name}.java2.{operation.name}",
    )
    start = text.index("    // snippet-start:")
    start = text.index("\n", start) + 1
    end = text.index("    // snippet-end:")
    excerpt = "\n".join(line[4:] for line in text[start:end].split("\n")[:-1]) + "\n"
    path = f"{service.name}/java/{class_name}.java"
    return Snippet("java", path, text, excerpt, _dependency_note(service.name, module))
