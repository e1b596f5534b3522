"""Double-quoted string literals of the C family (Go, Java), ASCII only.

Stage ``render`` (shared by the targets). Input: text; output: the literal. The languages agree
on the short escapes (``\\"``, ``\\\\``, ``\\n``, ``\\t``, ``\\r``) and differ in two places,
which the caller gives: how another control character is written, and how a non-ASCII
character is (Go: ``\\u``/``\\U`` by code point; Java: ``\\u`` per UTF-16 unit).
"""

from __future__ import annotations

from collections.abc import Callable

_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quoted(text: str, control: Callable[[int], str], wide: Callable[[str], str]) -> str:
    """``text`` as a double-quoted literal: ``control(code)`` for a control character without a
    short escape (and DEL), ``wide(char)`` for a character beyond ASCII."""
    out = ['"']
    for char in text:
        code = ord(char)
        short = _SHORT.get(char)
        if short is not None:
            out.append(short)
        elif code < 0x20 or code == 0x7F:
            out.append(control(code))
        elif code < 0x80:
            out.append(char)
        else:
            out.append(wide(char))
    out.append('"')
    return "".join(out)
