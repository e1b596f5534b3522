"""Target ``client``, docstrings: model documentation and constraints as black-stable text.

Input: HTML documentation from the model (turned into Markdown by :mod:`generator.render.htmldoc`)
and shape constraints. Output: the physical lines of a docstring, already indented, that black
leaves unchanged: backslashes and triple quotes escaped, exotic whitespace normalised (black
strips it and ``splitlines`` breaks on it), paragraphs wrapped to the line length, code blocks
kept as they are, and closing quotes on their own line whenever the text spans lines.
"""

from __future__ import annotations

import re

from generator.model.ir import Constraints, Service, Shape
from generator.render.htmldoc import first_sentence, to_markdown
from generator.render.pyformat import literals as pyfmt

_ODD_SPACE = re.compile(r"[^\S\n ]|[\x00-\x08\x0e-\x1f\x7f\u2028\u2029]")
_BULLET = re.compile(r"^(\s*)([-*] |\d+\. )")


def clean(text: str) -> str:
    """Plain spaces, no control characters, no trailing spaces, no blank runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD_SPACE.sub(" ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    out = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", out)


def wrap(text: str, width: int) -> list[str]:
    """Wrap paragraphs and list items to ``width``; fenced code blocks stay as written."""
    out: list[str] = []
    fenced = False
    for line in clean(text).split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append(line)
            continue
        if fenced or len(line) <= width:
            out.append(line)
            continue
        bullet = _BULLET.match(line)
        hang = " " * len(bullet.group(0)) if bullet else line[: len(line) - len(line.lstrip())]
        out.extend(fill(line, width, hang))
    return out


def fill(line: str, width: int, hang: str) -> list[str]:
    """Greedy word wrap that keeps the line's own indentation and never breaks a word."""
    words = line.split()
    if not words:
        return [""]
    current = line[: len(line) - len(line.lstrip())] + words[0]
    lines: list[str] = []
    for word in words[1:]:
        if len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = hang + word
    lines.append(current)
    return lines


def docstring(text: str, depth: int) -> list[str]:
    """The lines of a docstring at ``depth`` indentation levels (empty text -> no lines)."""
    indent = "    " * depth
    body = wrap(text, pyfmt.LINE - len(indent))
    body = [line.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') for line in body]
    while body and not body[-1].strip():
        body.pop()
    if not body:
        return []
    first = body[0].lstrip()
    rest = body[1:]
    # black removes the indentation every line after the first shares; keep none to remove.
    shared = min((len(x) - len(x.lstrip()) for x in rest if x.strip()), default=0)
    rest = [x[shared:] for x in rest]
    if first.startswith('"'):
        first = " " + first
    if not rest:
        # black keeps a one-line docstring on one line, whatever its length
        return [f'{indent}"""{first}{" " if first.endswith(chr(34)) else ""}"""']
    lines = [f'{indent}"""{first}']
    lines += [indent + x if x.strip() else "" for x in rest]
    lines.append(f'{indent}"""')
    return lines


_EMPTY_BULLET = re.compile(r"(?m)^(\s*(?:[-*]|\d+\.))[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=\S)")


_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|])")


def markdown(html: str) -> str:
    """Markdown for model HTML, with list items joined to their paragraph (``<li><p>``).

    Docstrings are read as plain text as often as rendered (hovers, ``help()``), so the
    escapes that keep ``_`` or ``*`` literal in a Markdown page are taken out again.
    """
    if not html:
        return ""
    return _ESCAPED.sub(r"\1", _EMPTY_BULLET.sub(r"\1 ", to_markdown(html)))


def summary(html: str) -> str:
    """The first paragraph of some documentation, on one line; a paragraph that ends with a
    colon ("For example:") takes the next one with it, so no sentence is cut."""
    paragraphs = [p for p in markdown(html).split("\n\n") if p.strip()]
    taken: list[str] = []
    for paragraph in paragraphs:
        taken.append(first_sentence(paragraph.replace("```", "")))
        if not taken[-1].endswith(":"):
            break
    return " ".join(p for p in taken if p)


def _bounds(c: Constraints, unit: str) -> str:
    low = None if c.min is None else f"{c.min:g}"
    high = None if c.max is None else f"{c.max:g}"
    if low is not None and high is not None:
        return f"{unit} {low}..{high}" if low != high else f"{unit} {low}"
    if low is not None:
        return f"{unit} at least {low}"
    if high is not None:
        return f"{unit} at most {high}"
    return ""


def constraint_text(service: Service, shape: Shape) -> str:
    """``length 1..63, pattern `^[a-z]+$```: what the client checks before sending."""
    c = shape.constraints
    parts: list[str] = []
    if shape.kind in ("string", "blob"):
        parts.append(_bounds(c, "length"))
    elif shape.kind in ("list", "map"):
        parts.append(_bounds(c, "items" if shape.kind == "list" else "entries"))
    elif shape.kind in ("integer", "long", "float", "double"):
        parts.append(_bounds(c, "range"))
    if c.pattern:
        parts.append(f"pattern `{c.pattern}`")
    if shape.kind == "list" and shape.item is not None:
        inner = constraint_text(service, service.shape(shape.item.target))
        if inner:
            parts.append(f"each item {inner}")
    return ", ".join(p for p in parts if p)


def member_line(service: Service, owner: Shape, member_name: str, field: str) -> str:
    """One ``Attributes:`` entry: summary, then ``Required.`` and the constraints."""
    member = owner.member(member_name)
    assert member is not None
    target = service.shape(member.target)
    text = summary(member.documentation) or summary(target.documentation)
    notes: list[str] = []
    if member.required and owner.kind == "structure" and not owner.error:
        notes.append("Required.")
    constraints = constraint_text(service, target)
    if constraints:
        notes.append(constraints[0].upper() + constraints[1:] + ".")
    if member.deprecated or target.deprecated:
        notes.append("Deprecated.")
    text = text or f"The ``{member_name}`` member."
    return f"{field}: {' '.join(p for p in (text, *notes) if p)}"


def attributes(entries: list[str], width: int) -> str:
    """A Google-style ``Attributes:`` section, entries hanging-indented."""
    return section("Attributes:", entries, width)


def section(title: str, entries: list[str], width: int) -> str:
    """A Google-style section (``Attributes:``, ``Raises:``), entries hanging-indented."""
    if not entries:
        return ""
    lines = [title]
    for entry in entries:
        lines += ["    " + line for line in fill(clean(entry), width - 4, "    ")]
    return "\n".join(lines)
