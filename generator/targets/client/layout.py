"""Target ``client``, format stage: generated lines in black's layout, without black.

Input: pieces of generated code - a dataclass field, a type alias, an enum member, a ``def``
with exploded parameters, an import, a string. Output: their physical lines exactly as black
prints them (importing black alone would cost a quarter of the time budget). Short lines are
returned as they are; long ones are tokenised (:mod:`client_lines`) and split by the port of
black's algorithm (:mod:`client_black`). The tests hold every generated file to
``black.format_str(text) == text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from generator.render.pyformat.lines import LINE_LENGTH, Leaf, Line
from generator.render.pyformat.split import transform
from generator.targets.client.types import TypeExpr


def type_leaves(expr: TypeExpr) -> list[Leaf]:
    """Tokens of a type expression; the first one carries no leading space."""
    if expr.options:
        leaves: list[Leaf] = []
        for index, option in enumerate(expr.options):
            part = type_leaves(option)
            if index:
                leaves.append(Leaf("|", "|", " "))
                part[0].ws = " "
            leaves.extend(part)
        return leaves
    kind = "STRING" if expr.head[:1] in "\"'" else "NAME"
    leaves = [Leaf(kind, expr.head)]
    if expr.args:
        leaves.append(Leaf("[", "[", "", "trailer"))
        for index, arg in enumerate(expr.args):
            part = type_leaves(arg)
            if index:
                leaves.append(Leaf(",", ",", "", "subscriptlist"))
                part[0].ws = " "
            leaves.extend(part)
        leaves.append(Leaf("]", "]", "", "trailer"))
    return leaves


def _invisible(inner: list[Leaf], ws: str = " ") -> list[Leaf]:
    return [Leaf("(", "", ws, "atom"), *inner, Leaf(")", "", "", "atom")]


def _render(leaves: list[Leaf], depth: int) -> list[str]:
    line = Line(depth)
    for leaf in leaves:
        line.append(leaf)
    return [str(part) for part in transform(line)]


def field_lines(depth: int, name: str, annotation: TypeExpr, default: str | None) -> list[str]:
    """``name: annotation`` or ``name: annotation = default`` (a dataclass field)."""
    flat = f"{'    ' * depth}{name}: {annotation.flat()}"
    flat += f" = {default}" if default is not None else ""
    if len(flat) <= LINE_LENGTH:
        return [flat]
    leaves = [Leaf("NAME", name), Leaf(":", ":"), *_invisible(type_leaves(annotation))]
    if default is not None:
        leaves += [Leaf("=", "=", " "), *_invisible([Leaf("NAME", default)])]
    return _render(leaves, depth)


def alias_lines(name: str, value: TypeExpr) -> list[str]:
    """``name: TypeAlias = value`` at module level."""
    flat = f"{name}: TypeAlias = {value.flat()}"
    if len(flat) <= LINE_LENGTH:
        return [flat]
    leaves = [Leaf("NAME", name), Leaf(":", ":"), *_invisible([Leaf("NAME", "TypeAlias")])]
    leaves += [Leaf("=", "=", " "), *_invisible(type_leaves(value))]
    return _render(leaves, 0)


Param = tuple[str, "TypeExpr | None", "str | None"]


@dataclass
class Item:
    """One top-level definition: a class (header, docstring, body) or an alias (lines)."""

    kind: str
    header: list[str] = field(default_factory=list)
    doc: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)



def def_lines(
    depth: int, name: str, params: list[Param], returns: TypeExpr, keyword: str = "def"
) -> list[str]:
    """A ``def`` (or ``async def``) whose parameters are exploded one per line (a magic
    trailing comma)."""
    pad = "    " * depth
    simple = [f"{pad}{keyword} {name}("]
    for param, annotation, default in params:
        text = param if annotation is None else f"{param}: {annotation.flat()}"
        if default is not None:
            text += f" = {default}" if annotation is not None else f"={default}"
        simple.append(f"{pad}    {text},")
    simple.append(f"{pad}) -> {returns.flat()}:")
    if all(len(line) <= LINE_LENGTH for line in simple):
        return simple  # what black prints when every line fits; the port handles the rest
    words = keyword.split()
    leaves = [Leaf("NAME", word, " " if index else "") for index, word in enumerate(words)]
    leaves += [Leaf("NAME", name, " "), Leaf("(", "(", "", "parameters")]
    for index, (param, annotation, default) in enumerate(params):
        leaves.append(Leaf("*" if param == "*" else "NAME", param, " " if index else ""))
        if annotation is not None:
            leaves.append(Leaf(":", ":"))
            inner = type_leaves(annotation)
            if annotation.options:
                inner = _invisible(inner)
            inner[0].ws = " "
            leaves += inner
        if default is not None:
            space = " " if annotation is not None else ""
            leaves += [Leaf("=", "=", space), Leaf("NAME", default, space)]
        leaves.append(Leaf(",", ",", "", "typedargslist"))
    leaves.append(Leaf(")", ")", "", "parameters"))
    leaves += [Leaf("->", "->", " "), *_invisible(type_leaves(returns)), Leaf(":", ":")]
    return _render(leaves, depth)


def assign_lines(depth: int, name: str, value: str) -> list[str]:
    """``name = value`` for an atom ``value`` (an enum member)."""
    flat = f"{'    ' * depth}{name} = {value}"
    if len(flat) <= LINE_LENGTH:
        return [flat]
    kind = "STRING" if value[:1] in "\"'" else "NAME"
    return _render(
        [Leaf("NAME", name), Leaf("=", "=", " "), *_invisible([Leaf(kind, value)])], depth
    )


def import_lines(module: str, imported: list[str], depth: int = 0) -> list[str]:
    """``from module import a, b``, exploded one name per line when it does not fit."""
    imported = sorted(imported, key=member_key)
    pad = "    " * depth
    flat = f"{pad}from {module} import {', '.join(imported)}"
    if len(flat) <= LINE_LENGTH:
        return [flat]
    return [f"{pad}from {module} import (", *(f"{pad}    {n}," for n in imported), f"{pad})"]


def member_key(name: str, case_sensitive: bool = False) -> tuple[int, list[str | int]]:
    """isort's (and ruff's) order of imported names: constants, classes, then the rest, each
    in natural order - case-insensitive for imports, case-sensitive for ``__all__`` (RUF022)."""
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    parts: list[str | int] = []
    for index, chunk in enumerate(re.split(r"(\d+)", name if case_sensitive else name.lower())):
        parts.append(int(chunk) if index % 2 else chunk)
    return group, parts


def all_key(name: str) -> tuple[int, list[str | int]]:
    return member_key(name, case_sensitive=True)


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@lru_cache(maxsize=65536)
def string(text: str) -> str:
    """A str literal as black writes it: double quotes unless single ones need fewer escapes.

    Built character by character (``repr`` only for unprintable ones), so a backslash before a
    quote survives - which ``pyfmt.string`` gets wrong for patterns like ``\\'``.
    """
    quote = "'" if text.count('"') > text.count("'") else '"'
    out: list[str] = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch == quote:
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(repr(ch)[1:-1])
    return quote + "".join(out) + quote
