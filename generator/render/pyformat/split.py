"""Target ``client``, format stage: black's line splitting, ported for type annotations.

Input: a :class:`~generator.render.pyformat.lines.Line` too long for 88 columns. Output: the
lines black 24+ prints for it. A port of ``linegen.py`` restricted to the tokens generated
annotations use (names, strings, ``[]``, ``()``, ``,``, ``|``, ``:``, ``=``, ``->``, ``*``):
``transform_line``, the second opinion with forced optional parentheses, the left-hand split
of ``def`` lines, delimiter splits and the right-hand split with its rules for omitting
optional parentheses and trailers. Names follow black's so the two can be read side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.render.pyformat.lines import (
    CLOSING,
    COMMA_PRIORITY,
    LINE_LENGTH,
    OPENING,
    CannotSplit,
    Leaf,
    Line,
    build,
    one_sequence,
    succeeded,
)

Transformer = Callable[[Line, bool], Iterator[Line]]


def transform(line: Line, force: bool = False) -> list[Line]:
    """black's ``transform_line``: ``line`` itself when it fits, else its split lines.

    ``force`` is black's ``FORCE_OPTIONAL_PARENTHESES`` feature (the second opinion).
    """
    text = str(line)
    if not line.should_split_rhs and not line.magic_comma and line.short():
        return [line]
    transformers: list[Transformer]
    if line.is_def:
        transformers = [left_hand_split]
    elif line.inside:
        transformers = [delimiter_split, rhs]
    else:
        transformers = [rhs]
    for transformer in transformers:
        try:
            return run_transformer(line, transformer, force, text)
        except CannotSplit:
            continue
    return [line]


def run_transformer(line: Line, transformer: Transformer, force: bool, text: str) -> list[Line]:
    """Apply one split, then transform what it produced; retry ``rhs`` with forced parens."""
    optional = [b for b in line.invisible if b.depth == 0]
    result: list[Line] = []
    for produced in transformer(line, force):
        if str(produced) == text:
            raise CannotSplit("unchanged")
        result.extend(transform(produced, force))
    if (
        force
        or transformer is not rhs
        or not line.invisible
        or any(b.value for b in optional)
        or result[0].short()
    ):
        return result
    copy = line.clone()
    for old in line.leaves:
        new = Leaf(old.kind, old.value, old.ws, old.parent)
        new.prefix = ""
        copy.append(new)
    second = run_transformer(copy, transformer, True, text)
    return second if all(ln.short() for ln in second) else result


def left_hand_split(line: Line, force: bool) -> Iterator[Line]:
    head: list[Leaf] = []
    body: list[Leaf] = []
    tail: list[Leaf] = []
    current = head
    matching: Leaf | None = None
    for leaf in line.leaves:
        if current is body and leaf.kind in CLOSING and leaf.opening is matching:
            current = tail if body else head
        current.append(leaf)
        if current is head and leaf.kind == "(":
            matching = leaf
            current = body
    if matching is None or not tail:
        raise CannotSplit("no brackets")
    parts = [build(head, line, matching, "head"), build(body, line, matching, "body")]
    parts.append(build(tail, line, matching, "tail"))
    succeeded(parts[1], parts[2])
    yield from (part for part in parts if part.leaves)


def delimiter_split(line: Line, force: bool) -> Iterator[Line]:
    if not line.leaves:
        raise CannotSplit("empty")
    priority = line.max_priority({id(line.leaves[-1])})
    current = Line(line.depth, line.inside)
    for leaf in line.leaves:
        current.append(leaf, preformatted=True)
        if line.delimiters.get(id(leaf)) == priority:
            current.leaves[0].prefix = ""
            yield current
            current = Line(line.depth, line.inside)
    if current.leaves:
        if priority == COMMA_PRIORITY and current.leaves[-1].kind != ",":
            current.append(Leaf(",", ","))
        current.leaves[0].prefix = ""
        yield current


class Split:
    """black's ``RHSResult``."""

    def __init__(self, head: Line, body: Line, tail: Line, opening: Leaf, closing: Leaf) -> None:
        self.head, self.body, self.tail = head, body, tail
        self.opening, self.closing = opening, closing


def rhs(line: Line, force: bool) -> Iterator[Line]:
    """black's ``right_hand_split_with_omits``."""
    prefix_lengths: dict[int, int] = {}
    position = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[id(leaf)] = position
        position += len(leaf.prefix) + len(leaf.value)
    first_lines: list[Line] | None = None
    for omit in trailers_to_omit(line):
        if omit:
            target: Leaf | None = None
            for leaf in reversed(line.leaves):
                if leaf.kind in CLOSING and id(leaf) not in omit:
                    target = leaf.opening
                    break
            if (
                target is not None
                and target.value
                and prefix_lengths.get(id(target), 0) > LINE_LENGTH
            ):
                continue
        lines = list(right_hand_split(line, force, omit))
        if first_lines is None and not omit:
            first_lines = lines
        if lines[0].short():
            yield from lines
            return
    if first_lines is not None:
        yield from first_lines
    else:
        yield from right_hand_split(line, force, set())


def right_hand_split(line: Line, force: bool, omit: set[int]) -> Iterator[Line]:
    yield from maybe_omit_optional_parens(first_split(line, omit), line, force, omit)


def first_split(line: Line, omit: set[int]) -> Split:
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.kind in CLOSING and id(leaf) not in omit:
            opening = leaf.opening
            closing = leaf
            current = body
    if opening is None or closing is None or not head:
        raise CannotSplit("no brackets")
    tail.reverse()
    body.reverse()
    head.reverse()
    parts = [build(head, line, opening, "head"), build(body, line, opening, "body")]
    parts.append(build(tail, line, opening, "tail"))
    succeeded(parts[1], parts[2])
    return Split(parts[0], parts[1], parts[2], opening, closing)


def maybe_omit_optional_parens(
    split: Split, line: Line, force: bool, omit: set[int]
) -> Iterator[Line]:
    if (
        not force
        and split.opening.kind == "("
        and not split.opening.value
        and split.closing.kind == ")"
        and not split.closing.value
        and can_omit_invisible_parens(split)
    ):
        wider = {id(split.closing), *omit}
        try:
            without = first_split(line, wider)
            if prefer_without_parens(without, split):
                yield from maybe_omit_optional_parens(without, line, force, wider)
                return
        except CannotSplit as error:
            chained = [leaf.kind for leaf in line.leaves].count("=") > 1
            if not chained and not can_be_split(split.body) and not split.body.short():
                raise CannotSplit("body too long") from error
    if split.opening.kind == "(":
        split.opening.value = "("
    if split.closing.kind == ")":
        split.closing.value = ")"
    for part in (split.head, split.body, split.tail):
        if part.leaves:
            yield part


def can_be_split(line: Line) -> bool:
    leaves = line.leaves
    return len(leaves) >= 2 or (len(leaves) == 1 and leaves[0].kind == "NAME" and "." in leaves[0].value)


def can_omit_invisible_parens(split: Split) -> bool:
    line = split.body
    if not line.delimiters:
        return True
    priority = line.max_priority()
    if line.count_priority(priority) > 1:
        return False
    first, second = line.leaves[0], line.leaves[1]
    if first.kind in OPENING and second.kind not in CLOSING and can_omit_opening_paren(line, first):
        return True
    penultimate, last = line.leaves[-2], line.leaves[-1]
    if last.kind == ")" or (last.kind == "]" and last.parent != "trailer"):
        if penultimate.kind in OPENING:
            return False
        if can_omit_closing_paren(line, last):
            return True
    return False


def can_omit_opening_paren(line: Line, first: Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    for _index, leaf, leaf_length in line.lengths():
        if leaf.kind in CLOSING and leaf.opening is first:
            remainder = True
        if remainder:
            length += leaf_length
            if length > LINE_LENGTH:
                return False
            if leaf.kind in OPENING:
                remainder = False
    return True


def can_omit_closing_paren(line: Line, last: Leaf) -> bool:
    length = 4 * line.depth
    seen_other_brackets = False
    for _index, leaf, leaf_length in line.lengths():
        length += leaf_length
        if leaf is last.opening:
            if seen_other_brackets or length <= LINE_LENGTH:
                return True
        elif leaf.kind in OPENING:
            seen_other_brackets = True
    return False


def prefer_without_parens(without: Split, split: Split) -> bool:
    """black's ``_prefer_split_rhs_oop_over_rhs``."""
    head = split.head.leaves
    if not (len(head) >= 2 and head[-2].kind == "="):
        return True
    if not any(leaf.kind in OPENING or leaf.kind in CLOSING for leaf in head[:-1]):
        return True
    if len(str(split.head)) > LINE_LENGTH - 1:
        return True
    if split.head.magic_comma is not None:
        return True
    equals = [leaf.kind for leaf in head].count("=")
    equals_without = [leaf.kind for leaf in without.head.leaves].count("=")
    if equals > 1 and equals > equals_without:
        return False
    closing_after_assign = False
    for leaf in reversed(without.head.leaves):
        if leaf.kind == "=":
            break
        if leaf.kind in CLOSING:
            closing_after_assign = True
            break
    return closing_after_assign or (
        any(leaf.kind == "=" for leaf in without.head.leaves) and without.head.short()
    )


def trailers_to_omit(line: Line) -> Iterator[set[int]]:
    """black's ``generate_trailers_to_omit``."""
    omit: set[int] = set()
    if not line.magic_comma:
        yield omit
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[int] = set()
    for index, leaf, leaf_length in line.lengths(reverse=True):
        length += leaf_length
        if length > LINE_LENGTH:
            break
        if opening is not None:
            if leaf is opening:
                opening = None
            elif leaf.kind in CLOSING:
                if _comma_before(leaf, index, line):
                    break
                inner.add(id(leaf))
        elif leaf.kind in CLOSING:
            prev = line.leaves[index - 1] if index > 0 else None
            if prev is not None and prev.kind in OPENING:
                inner.add(id(leaf))
                continue
            if closing is not None:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield omit
            if _comma_before(leaf, index, line):
                break
            if leaf.value:
                opening = leaf.opening
                closing = leaf


def _comma_before(closing: Leaf, index: int, line: Line) -> bool:
    """A bracket pair ending in a trailing comma, which must explode (never omitted)."""
    prev = line.leaves[index - 1] if index > 0 else None
    return (
        prev is not None
        and prev.kind == ","
        and closing.opening is not None
        and not one_sequence(closing.opening, closing, line.leaves, "(")
    )
