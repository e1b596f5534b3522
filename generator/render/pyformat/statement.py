"""Format stage: one simple statement of generated Python in black's layout, without black.

Input: the statement's text on one line (an assignment, possibly to several targets, a call,
``return``, ``raise``, ``def name(params):``, ``if``/``for`` headers) made of names, attribute
lookups, string and number literals, calls, subscripts, empty ``[]``/``{}`` and comparisons.
Output: its physical lines exactly as black prints them: the line itself when it fits in 88
columns, else the tokens (:class:`~generator.render.pyformat.lines.Leaf`) with the invisible
parentheses black's ``normalize_invisible_parens`` adds (after ``=``, ``return``, ``if``,
``for``/``in``; around a tuple of targets) split by the port of black's ``linegen``
(:mod:`generator.render.pyformat.split`). Text outside that subset raises ``ValueError``.
"""

from __future__ import annotations

import re

from generator.render.pyformat.lines import LINE_LENGTH, Leaf, Line
from generator.render.pyformat.split import transform

_TOKEN = re.compile(
    r"\s*(?:(?P<STRING>[fbr]?\"(?:[^\"\\]|\\.)*\"|[fbr]?'(?:[^'\\]|\\.)*')"
    r"|(?P<NAME>[A-Za-z_][A-Za-z_0-9]*|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\{\})"
    r"|(?P<OP>==|!=|\.|[()\[\],:=]))"
)
_KEYWORDS = frozenset({"def", "return", "raise", "if", "for", "in", "not", "is", "and", "or", "else"})
_COMPARISON = frozenset({"==", "!=", "in", "is"})  # the NAME tokens "in" and "is" too


def _next(tokens: list[tuple[str, str]], index: int) -> str:
    return tokens[index + 1][1] if index + 1 < len(tokens) else ""


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ValueError(f"cannot lay out {text[position:position + 20]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        position = match.end()
    return out


def _leaves(tokens: list[tuple[str, str]], start: int, end: int, in_def: bool) -> list[Leaf]:
    """Leaves of ``tokens[start:end]``, an expression (or a ``def``'s parameters)."""
    leaves: list[Leaf] = []
    stack: list[str] = []
    previous = ""
    index = start
    while index < end:
        kind, value = tokens[index]
        if kind == "OP" and value == ".":
            if previous == "NAME":
                leaves[-1].value += "." + tokens[index + 1][1]
            else:  # a lookup on a call result, kept with it (black's DOT_PRIORITY is not ported)
                leaves.append(Leaf("NAME", "." + tokens[index + 1][1], ""))
                previous = "NAME"
            index += 2
            continue
        ws = " " if leaves else ""
        if kind == "OP" and value in "([":
            after_name = previous in ("NAME", "STRING", ")", "]")
            parent = "trailer" if after_name else "atom"
            if in_def and not stack and value == "(":
                parent = "parameters"
            ws = "" if after_name or previous in ("(", "[", "kwarg") else ws
            stack.append(parent)
            leaves.append(Leaf(value, value, ws, parent))
        elif kind == "OP" and value in ")]":
            parent = stack.pop()
            leaves.append(Leaf(value, value, "", parent))
        elif kind == "OP" and value == ",":
            parent = {"parameters": "typedargslist", "trailer": "arglist"}.get(stack[-1] if stack else "", "")
            leaves.append(Leaf(",", ",", "", parent))
        elif kind == "OP" and value == ":":
            leaves.append(Leaf(":", ":", ""))
        elif kind == "OP" and value == "=":
            leaves.append(Leaf("=", "=", " " if not stack else ""))
            previous = "=" if not stack else "kwarg"
            index += 1
            continue
        elif kind == "NAME" and value in ("and", "or"):
            leaves.append(Leaf("LOGIC", value, " "))
        elif value in _COMPARISON or kind == "NAME" and value == "not" and _next(tokens, index) == "in":
            if value == "not" or value == "is" and _next(tokens, index) == "not":
                index += 1
                value = f"{value} {tokens[index][1]}"
            leaves.append(Leaf("CMP", value, " "))
        else:
            if previous in ("(", "[", "kwarg"):
                ws = ""
            leaves.append(Leaf("NAME" if kind != "STRING" else "STRING", value, ws))
        if kind == "OP":
            previous = value
        elif kind == "STRING":
            previous = "STRING"
        else:  # a keyword or operator word is followed by a space, a name by its trailers
            previous = "keyword" if value in _KEYWORDS else "NAME"
        index += 1
    return leaves


def _invisible(inner: list[Leaf], ws: str = " ") -> list[Leaf]:
    if inner:
        inner[0].ws = ""
    return [Leaf("(", "", ws, "atom"), *inner, Leaf(")", "", "", "atom")]


def _top_level(tokens: list[tuple[str, str]], value: str) -> int | None:
    depth = 0
    for index, (kind, text) in enumerate(tokens):
        if kind == "OP" and text in "([":
            depth += 1
        elif kind == "OP" and text in ")]":
            depth -= 1
        elif depth == 0 and kind == "OP" and text == value:
            return index
    return None


def statement_leaves(text: str) -> list[Leaf]:
    """The statement's tokens with black's invisible parentheses."""
    tokens = _tokens(text)
    head = tokens[0][1]
    colon = len(tokens) - 1 if tokens[-1] == ("OP", ":") else len(tokens)
    end = [Leaf(":", ":", "")] if colon < len(tokens) else []
    if head in ("def", "raise") and len(tokens) > 1:
        rest = _leaves(tokens, 1, colon, head == "def")
        rest[0].ws = " "
        return [Leaf("NAME", head), *rest, *end]
    if head == "return" and len(tokens) > 1:
        return [Leaf("NAME", head), *_invisible(_leaves(tokens, 1, len(tokens), False))]
    if head == "if":
        return [Leaf("NAME", "if"), *_invisible(_leaves(tokens, 1, colon, False)), *end]
    if head == "for":
        split = next(i for i, t in enumerate(tokens) if t == ("NAME", "in"))
        target = _invisible(_leaves(tokens, 1, split, False))
        iterable = _invisible(_leaves(tokens, split + 1, colon, False))
        return [Leaf("NAME", "for"), *target, Leaf("NAME", "in", " "), *iterable, *end]
    equals = _top_level(tokens, "=")
    if equals is None:
        return _leaves(tokens, 0, len(tokens), False)
    target = _leaves(tokens, 0, equals, False)
    if _top_level(tokens[:equals], ",") is not None:
        target = _invisible(target, "")
    return [*target, Leaf("=", "=", " "), *_invisible(_leaves(tokens, equals + 1, len(tokens), False))]


def statement_lines(indent: int, text: str) -> list[str]:
    """``text`` (one statement, no leading spaces) at ``indent`` as black lays it out."""
    flat = " " * indent + text
    if len(flat) <= LINE_LENGTH:
        return [flat]
    line = Line(indent // 4)
    for leaf in statement_leaves(text):
        line.append(leaf)
    return [str(part) for part in transform(line)]
