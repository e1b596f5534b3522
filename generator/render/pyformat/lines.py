"""Target ``client``, format stage: black's logical lines, brackets and delimiters.

Input: tokens (:class:`Leaf`) of one logical line of generated Python. Output: a :class:`Line`
that tracks bracket depth, the delimiters it may be split at and magic trailing commas, as
black's ``Line`` and ``BracketTracker`` do, plus black's ``bracket_split_build_line``: the
head, body and tail lines a bracket split produces. :mod:`client_black` splits lines with
these; :mod:`client_layout` builds them from generated code.
"""

from __future__ import annotations

from collections.abc import Iterator

LINE_LENGTH = 88
COMMA_PRIORITY = 18
BAR_PRIORITY = 9
COMPARATOR_PRIORITY = 10
LOGIC_PRIORITY = 14
OPENING = frozenset({"(", "["})
CLOSING = frozenset({")", "]"})


class CannotSplit(Exception):
    """A split does not apply (black's ``CannotSplit``/``CannotTransform``)."""


class Leaf:
    """A token. ``ws`` is the space black puts before it when it is not first on a line."""

    __slots__ = ("depth", "kind", "opening", "parent", "prefix", "value", "ws")

    def __init__(self, kind: str, value: str, ws: str = "", parent: str = "") -> None:
        self.kind = kind  # NAME STRING ( ) [ ] , | : = -> *
        self.value = value
        self.ws = ws
        self.prefix = ""
        self.parent = parent  # the grammar node black would see: atom, trailer, ...
        self.opening: Leaf | None = None
        self.depth = 0


class Line:
    """A logical line: black's ``Line`` with its ``BracketTracker`` folded in."""

    def __init__(self, depth: int, inside: bool = False) -> None:
        self.depth = depth
        self.inside = inside
        self.leaves: list[Leaf] = []
        self.should_split_rhs = False
        self.magic_comma: Leaf | None = None
        self.delimiters: dict[int, int] = {}
        self.invisible: list[Leaf] = []
        self._depth = 0
        self._match: dict[tuple[int, str], Leaf] = {}
        self._previous: Leaf | None = None

    def append(self, leaf: Leaf, preformatted: bool = False, track: bool = False) -> None:
        if self.leaves and not preformatted:
            leaf.prefix += leaf.ws
        if self.inside or not preformatted or track:
            self._mark(leaf)
            if self._magic(leaf):
                self.magic_comma = leaf
        self.leaves.append(leaf)

    def _mark(self, leaf: Leaf) -> None:
        if self._depth == 0 and leaf.kind in CLOSING and (0, leaf.kind) not in self._match:
            return
        if leaf.kind in CLOSING:
            self._depth -= 1
            leaf.opening = self._match.pop((self._depth, leaf.kind))
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.depth = self._depth
        if self._depth == 0:
            if leaf.kind == "|" and self._previous is not None:
                self.delimiters[id(self._previous)] = BAR_PRIORITY
            elif leaf.kind == "CMP" and self._previous is not None:
                self.delimiters[id(self._previous)] = COMPARATOR_PRIORITY
            elif leaf.kind == "LOGIC" and self._previous is not None:
                self.delimiters[id(self._previous)] = LOGIC_PRIORITY
            elif leaf.kind == ",":
                self.delimiters[id(leaf)] = COMMA_PRIORITY
        if leaf.kind in OPENING:
            self._match[(self._depth, ")" if leaf.kind == "(" else "]")] = leaf
            self._depth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self._previous = leaf

    def _magic(self, closing: Leaf) -> bool:
        if closing.kind not in CLOSING or not self.leaves or self.leaves[-1].kind != ",":
            return False
        if closing.kind == "]":
            return not (
                closing.parent == "trailer"
                and closing.opening is not None
                and one_sequence(closing.opening, closing, self.leaves, "[")
            )
        return closing.opening is not None and not one_sequence(
            closing.opening, closing, self.leaves, "("
        )

    def max_priority(self, exclude: set[int] | None = None) -> int:
        values = [v for k, v in self.delimiters.items() if k not in (exclude or set())]
        if not values:
            raise CannotSplit("no delimiters")
        return max(values)

    def count_priority(self, priority: int) -> int:
        return sum(1 for v in self.delimiters.values() if v == priority)

    @property
    def is_def(self) -> bool:
        return bool(self.leaves) and self.leaves[0].kind == "NAME" and self.leaves[0].value == "def"

    def clone(self) -> Line:
        line = Line(self.depth, self.inside)
        line.should_split_rhs = self.should_split_rhs
        line.magic_comma = self.magic_comma
        return line

    def __str__(self) -> str:
        if not self.leaves:
            return ""
        first = self.leaves[0]
        text = first.prefix + "    " * self.depth + first.value
        return text + "".join(leaf.prefix + leaf.value for leaf in self.leaves[1:])

    def short(self) -> bool:
        return len(str(self)) <= LINE_LENGTH

    def lengths(self, reverse: bool = False) -> Iterator[tuple[int, Leaf, int]]:
        indexed = list(enumerate(self.leaves))
        for index, leaf in reversed(indexed) if reverse else indexed:
            yield index, leaf, len(leaf.prefix) + len(leaf.value)


def one_sequence(opening: Leaf, closing: Leaf, leaves: list[Leaf], kind: str) -> bool:
    """black's ``is_one_sequence_between``: at most one element with a trailing comma."""
    if opening.kind != kind:
        return False
    depth = closing.depth + 1
    try:
        start = next(i for i, leaf in enumerate(leaves) if leaf is opening) + 1
    except StopIteration:
        return False
    commas = 0
    for leaf in leaves[start:]:
        if leaf is closing:
            break
        if leaf.depth == depth and leaf.kind == ",":
            commas += 1
            if leaf.parent in ("arglist", "typedargslist"):
                commas += 1
                break
    return commas < 2


def build(leaves: list[Leaf], original: Line, opening: Leaf, part: str) -> Line:
    """black's ``bracket_split_build_line``."""
    result = Line(original.depth)
    if part == "body":
        result.inside = True
        result.depth += 1
    tracked = inside_matching(leaves) if part == "head" else set()
    for leaf in leaves:
        result.append(leaf, preformatted=True, track=id(leaf) in tracked)
    if part == "body" and should_split(result, opening):
        result.should_split_rhs = True
    return result


def inside_matching(leaves: list[Leaf]) -> set[int]:
    ids: set[int] = set()
    stack: list[tuple[str, list[int]]] = []
    started = False
    for leaf in leaves:
        if leaf.kind in OPENING:
            started = True
            stack.append((")" if leaf.kind == "(" else "]", [id(leaf)]))
        elif leaf.kind in CLOSING and started:
            if stack and leaf.kind == stack[-1][0]:
                _, level = stack.pop()
                level.append(id(leaf))
                ids.update(level)
        elif stack:
            stack[-1][1].append(id(leaf))
    return ids


def should_split(line: Line, opening: Leaf) -> bool:
    if not opening.parent:
        return False
    trailing = bool(line.leaves) and line.leaves[-1].kind == ","
    exclude = {id(line.leaves[-1])} if trailing else set()
    try:
        priority = line.max_priority(exclude)
    except CannotSplit:
        return False
    return priority == COMMA_PRIORITY and (trailing or opening.parent == "atom")


def succeeded(body: Line, tail: Line) -> None:
    if not body.leaves:
        size = len(str(tail).strip())
        if size == 0 or size < 3:
            raise CannotSplit("empty body")
