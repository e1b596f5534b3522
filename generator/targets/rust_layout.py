"""Target ``rust``, layout: Rust code laid out the way rustfmt lays it out.

Stage: targets (used by :mod:`generator.targets.rust` and :mod:`generator.targets.rust_values`).
Input: code as a small tree (:class:`Atom`, :class:`Call`, :class:`Seq`, :class:`Chain`) or
``use`` paths. Output: text, rustfmt-clean (``tests/naming/test_naming_rust.py`` runs
``rustfmt --check`` over the examples).

Rules (rustfmt's defaults): a call's arguments, an array's items and a chain stay on one line
while they are at most 60 columns wide and the line at most 100 (a single argument with nothing
to break stays whatever its width); otherwise a chain puts each ``.method()`` on its own line, a
call or array one item per line with a trailing comma (none in a macro call), and a call or array
whose only item is an array, a call or (outside a chain, without ``?``) a chain lets that item run
over several lines after the opening delimiter. ``use`` lines sort by segment, modules before
types, a ``{...}`` list last; a list past 100 columns wraps inside its braces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 100
SMALL = 60  # rustfmt's fn_call_width, chain_width and array_width
STEP = 4


# --- code with a layout --------------------------------------------------------------------------


@dataclass(frozen=True)
class Atom:
    text: str


@dataclass(frozen=True)
class Call:
    """``func(args)``; ``suffix`` follows the closing parenthesis (``?``)."""

    func: str
    args: tuple[Code, ...]
    suffix: str = ""
    macro: bool = False  # a macro call: no trailing comma when its arguments go one a line


@dataclass(frozen=True)
class Seq:
    """``open items close``: ``vec![...]``, ``[...]``, a tuple ``(...)``."""

    open: str
    items: tuple[Code, ...]
    close: str


@dataclass(frozen=True)
class Chain:
    """``root.link(args).link(args)...``; a link with ``args`` None is a field or ``.await``."""

    root: Code
    links: tuple[tuple[str, tuple[Code, ...] | None, str], ...] = field(default=())


Code = Atom | Call | Seq | Chain


def flat(code: Code) -> str:
    if isinstance(code, Atom):
        return code.text
    if isinstance(code, Call):
        return f"{code.func}({', '.join(flat(a) for a in code.args)}){code.suffix}"
    if isinstance(code, Seq):
        return f"{code.open}{', '.join(flat(i) for i in code.items)}{code.close}"
    text = flat(code.root)
    for name, args, suffix in code.links:
        text += f".{name}" + ("" if args is None else f"({', '.join(flat(a) for a in args)})")
        text += suffix
    return text


def _fits(text: str, col: int, limit: int = SMALL) -> bool:
    return "\n" not in text and len(text) <= limit and col + len(text) <= WIDTH


def lay(code: Code, indent: int, col: int, force: bool = False, in_chain: bool = False) -> str:
    """``code`` starting at column ``col`` of a line indented ``indent`` spaces; ``force`` breaks
    it over several lines even when it would fit on one (an overflowing last argument)."""
    if isinstance(code, Atom):
        return code.text
    if isinstance(code, Call):
        return _items(
            f"{code.func}(", code.args, f"){code.suffix}", indent, col, force, in_chain, code.macro
        )
    if isinstance(code, Seq):
        return _items(code.open, code.items, code.close, indent, col, force)
    return _chain(code, indent, col, force)


def _overflows(code: Code, in_chain: bool) -> bool:
    """Whether a call's only argument may run over several lines after its ``(``."""
    if isinstance(code, (Seq, Call)):
        return True
    return isinstance(code, Chain) and not in_chain and not code.links[-1][2]


def _items(
    open_: str, items: tuple[Code, ...], close: str, indent: int, col: int,
    force: bool = False, in_chain: bool = False, macro: bool = False,
) -> str:  # fmt: skip
    """A call's arguments or an array's items: on one line while they are at most 60 columns
    and the line 100; else the only item overflowing; else one item a line."""
    inner = ", ".join(flat(i) for i in items)
    fits = col + len(open_) + len(inner) + len(close) <= WIDTH
    single = len(items) == 1 and isinstance(items[0], Atom)  # nothing in it to break
    if not force and (len(inner) <= SMALL or single) and fits:
        return f"{open_}{inner}{close}"
    if len(items) == 1 and _overflows(items[0], in_chain):
        return f"{open_}{lay(items[0], indent, col + len(open_), force=True)}{close}"
    if not items:
        return f"{open_}{close}"
    pad = " " * (indent + STEP)
    lines = [f"{pad}{lay(i, indent + STEP, indent + STEP)},\n" for i in items]
    if macro:
        lines[-1] = lines[-1][:-2] + "\n"
    return f"{open_}\n{''.join(lines)}{' ' * indent}{close}"


def _chain(code: Chain, indent: int, col: int, force: bool = False) -> str:
    text = flat(code)
    # a chain ending in ``?`` gets one column less (rustfmt 1.95: ``a.b("..").c()?`` of 60
    # columns breaks, the same chain without ``?`` of 60 stays)
    limit = SMALL - 1 if text.endswith("?") else SMALL
    if not force and _fits(text, col, limit):
        return text
    root = lay(code.root, indent, col)
    pad = indent + STEP
    out = [root]
    for name, args, suffix in code.links:
        if args is None:
            out.append(f"\n{' ' * pad}.{name}{suffix}")
        else:
            out.append(
                f"\n{' ' * pad}" + _items(f".{name}(", args, f"){suffix}", pad, pad, in_chain=True)
            )
    return "".join(out)


def braced(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "{" + ", ".join(items) + "}"


def segment_key(segment: str) -> tuple[int, str]:
    """rustfmt's order of path segments: modules (lower case) before types."""
    return (0 if segment[:1].islower() else 1, segment)


def use_order(path: str) -> list[tuple[int, str]]:
    """The sort key of a ``use`` path: by segment, modules before types, a ``{...}`` list last."""
    return [(2, part) if part.startswith("{") else segment_key(part) for part in path.split("::")]


def use_line(path: str) -> str:
    """``use path;``, a brace list wrapped at 100 columns as rustfmt wraps it."""
    line = f"use {path};"
    if len(line) <= WIDTH or "{" not in path:
        return line
    head, _, rest = path.partition("{")
    items = rest.rstrip("}").split(", ")
    rows, row = [], ""
    for item in items:
        piece = f"{item},"
        if row and len(" " * STEP + row + " " + piece) > WIDTH - 1:
            rows.append(row)
            row = piece
        else:
            row = f"{row} {piece}" if row else piece
    rows.append(row)
    body = "".join(f"{' ' * STEP}{r}\n" for r in rows)
    return f"use {head}{{\n{body}}};"
