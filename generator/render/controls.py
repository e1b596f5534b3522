"""Control characters that a terminal, an editor or a Markdown renderer would act on.

Stage: render (a text helper shared by the docs page, the CLI target and ``check --diff``).
Input: text. Output: the same text with each such character written as a visible escape
(``\\x1b``, ``\\u202e``), or the test for one. Tab and line feed are ordinary text; carriage
return, form feed, escape and the other C0/C1 controls, DEL, the Unicode line and paragraph
separators (which ``str.splitlines`` and JavaScript treat as line breaks) and the bidirectional
overrides (which reorder what an editor shows: "Trojan Source") are not.
"""

from __future__ import annotations

import re

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


CONTROL_RUNS = re.compile(f"(?:{CONTROLS.pattern})+")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every character of :data:`CONTROLS` as a visible backslash escape."""
    return CONTROLS.sub(_escape, text)


def has_controls(text: str) -> bool:
    return CONTROLS.search(text) is not None
