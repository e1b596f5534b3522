"""Format stage for Python: emit literals already in black's layout.

black costs about 25 ms per file, which would take the whole time budget of the default
generation, so targets lay out Python literals themselves in the shape black produces for them:
a collection stays on one line when it fits in 88 columns, otherwise it is exploded one element
per line with a magic trailing comma, which black keeps as it is. Strings use black's quote
preference. The test suite asserts that black leaves every generated file unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

LINE = 88


def _escape(chars: list[str], quote: str) -> str:
    out = []
    for char in chars:
        if char == "\\":
            out.append("\\\\")
        elif char == quote:
            out.append("\\" + quote)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])
    return "".join(out)


def string(text: str) -> str:
    """A str literal as black writes it (double quotes unless single needs fewer escapes)."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    return quote + _escape(list(text), quote) + quote


def bytes_literal(data: bytes) -> str:
    quote = "'" if data.count(b'"') > data.count(b"'") else '"'
    chars = []
    for byte in data:
        char = chr(byte)
        if char in ("\\", quote) or 0x20 <= byte < 0x7F:
            chars.append(char)
        else:
            chars.append(repr(bytes([byte]))[2:-1])
    body = "".join(
        c if len(c) > 1 else _escape([c], quote) for c in chars
    )
    return "b" + quote + body + quote


def datetime_literal(moment: dt.datetime) -> str:
    parts = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
    if moment.microsecond:
        parts.append(moment.microsecond)
    return f"datetime({', '.join(map(str, parts))}, tzinfo=timezone.utc)"


def scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, bytes):
        return bytes_literal(value)
    if isinstance(value, dt.datetime):
        return datetime_literal(value)
    return repr(value)


class Node:
    """A literal to lay out: a scalar's text, or brackets around child nodes (after ``head``,
    for a call such as ``MetricAttribute(...)``)."""

    def __init__(
        self,
        text: str = "",
        children: list[tuple[str, Node]] | None = None,
        brackets: str = "",
        head: str = "",
    ) -> None:
        self.text = text
        self.children = children or []
        self.brackets = brackets
        self.head = head

    def flat(self) -> str:
        if not self.brackets:
            return self.text
        inner = ", ".join(prefix + child.flat() for prefix, child in self.children)
        return self.head + self.brackets[0] + inner + self.brackets[1]

    def lines(self, indent: int, prefix: str, suffix: str) -> list[str]:
        pad = " " * indent
        one = pad + prefix + self.flat() + suffix
        if not self.brackets or not self.children or len(one) <= LINE:
            return [one]
        out = [pad + prefix + self.head + self.brackets[0]]
        for child_prefix, child in self.children:
            out += child.lines(indent + 4, child_prefix, ",")
        out.append(pad + self.brackets[1] + suffix)
        return out


def document(value: Any) -> Node:
    """A node for a plain JSON-like Python value (documents, params)."""
    if isinstance(value, dict):
        return Node(children=[(scalar(k) + ": ", document(v)) for k, v in value.items()], brackets="{}")
    if isinstance(value, list):
        return Node(children=[("", document(v)) for v in value], brackets="[]")
    return Node(scalar(value))


def call_arguments(args: list[tuple[str, Node]], indent: int) -> list[str]:
    """Keyword arguments, one per line with trailing commas (black keeps them so)."""
    out: list[str] = []
    for prefix, node in args:
        out += node.lines(indent, prefix, ",")
    return out


NodeFactory = Callable[[Any], Node]
