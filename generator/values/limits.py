"""What each target can actually run: the limits of ``generator/data/limits.json`` and the
checks of a value tree against them.

Stage: values. Input: the example's :class:`~generator.values.tree.Value` tree (or one string of
a header member). Output: the figures the targets check their rendering against (the CLI's
argument and command-line sizes, javac's method size), the number of values a tree holds, and
why a header value cannot be sent. Every walk is linear in the size of the tree and its
strings, so a 2-million-character string is answered at once.

How a limit is applied: a value the user gave (a values file) that a target cannot run is an
error, exit 2 with one line naming the member and the limit, before anything is written
(:func:`generator.generate.pipeline.render_operation`); a value sdk-parity chose itself never
comes near one, and would be refused for that target with the reason.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.values.tree import Value

LIMITS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "limits.json").read_text(encoding="utf-8")
)
VALUES_FILE_BYTES: int = LIMITS["values_file"]["bytes"]
VALUES_NESTING: int = LIMITS["values_file"]["nesting"]
PATTERN_SECONDS: float = LIMITS["values_file"]["pattern_seconds"]
CLI_ARGUMENT_BYTES: int = LIMITS["cli"]["argument_bytes"]
CLI_COMMAND_LINE_BYTES: int = LIMITS["cli"]["command_line_bytes"]
CLI_POINTER_BYTES: int = LIMITS["cli"]["pointer_bytes"]
CLI_WORKDIR_BYTES: int = LIMITS["cli"]["workdir_bytes"]
JAVA_METHOD_BYTES: int = LIMITS["java"]["method_bytes"]
JAVA_BASE_BYTES: int = LIMITS["java"]["base_bytes"]
JAVA_BYTES_PER_VALUE: int = LIMITS["java"]["bytes_per_value"]
JAVA_MAX_VALUES = (JAVA_METHOD_BYTES - JAVA_BASE_BYTES) // JAVA_BYTES_PER_VALUE

_HEADER_VALUE = re.compile(r"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*")  # RFC 9110 field-value, ASCII
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 token (a field name)


def header_value_problem(text: str) -> str:
    """Why ``text`` cannot be sent as an HTTP header value by every SDK alike, or ''."""
    if text == "" or _HEADER_VALUE.fullmatch(text):
        return ""
    bad = next((c for c in text if not (" " <= c <= "~" or c == "\t")), None)
    if bad is not None:
        what = "a line break" if bad in "\r\n" else "a control character" if bad < " " or bad == "\x7f" else "a non-ASCII character"
        return f"{what} ({ascii(bad)}) cannot be sent in an HTTP header (ASCII, one line)"
    return "leading or trailing whitespace is stripped from an HTTP header value"


def header_name_problem(text: str) -> str:
    if _TOKEN.fullmatch(text):
        return ""
    return f"{ascii(text)[:60]} cannot be part of an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)"


def value_count(value: Value) -> int:
    """How many values the tree holds: every leaf, structure, list, map and map key (a
    document's every node), counted without recursion."""
    count = 0
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, Value):
            if node.kind == "document":
                stack.append(node.document)
                continue
            stack += [v for _, v in node.fields]
            stack += node.items
            stack += [part for pair in node.entries for part in pair]
        elif isinstance(node, dict):
            stack += [*node.keys(), *node.values()]
        elif isinstance(node, list):
            stack += node
    return count


def java_method_problem(value: Value) -> str:
    """Why javac would refuse the method that builds this value ('code too large'), or ''."""
    count = value_count(value)
    if count <= JAVA_MAX_VALUES:
        return ""
    return (f"{count} values are more than javac can build in one method (at most {JAVA_MAX_VALUES}: "
            f"the JVM's {JAVA_METHOD_BYTES}-byte method limit at {JAVA_BYTES_PER_VALUE} bytes a value)")
