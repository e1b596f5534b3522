"""Stage ``values``: strings that match a model pattern *and* read like the service's own values.

Input: a pattern (ECMA-262, as the model states it), length bounds and a :class:`Context` (the
words the value should carry, the ARN service). Output: candidate strings, best first, each
re-checked against the exact pattern by the caller.

AWS writes IDs as a prefix followed by digits or hex at the documented length
(``d-1234567890``, ``i-1234567890abcdef0``, ``ABCDE12345``), never as a run of one letter. So
each repeated character class is filled from a stream of the characters it accepts, in the
order a person writes them: digits ``1234567890``, hex ``1234567890abcdef``, lowercase
alphanumerics ``a1b2c3d4e5f67890abcdef...`` (hex after the first
letters, so a long ID reads like one, not like ``...g7h8i9j0`` filler), uppercase ``ABCDE12345...``. Inside an ARN the slots are the
ones AWS documents: partition ``aws``, the service's prefix, Region ``us-east-1``, account
``123456789012``. Where the class accepts the context's words (``my-dataset-group``), they come
first. Alternatives are tried in order, each giving one candidate.
"""

from __future__ import annotations

import re
import re._constants as C  # type: ignore[import-not-found]  # the parser's opcode table
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.model.patterns import class_accepts, matches, parsed
from generator.values.tree import ACCOUNT, REGION

_STREAMS = {
    "digits": "1234567890",
    "hex": "1234567890abcdef",
    "HEX": "1234567890ABCDEF",
    "alnum": "a1b2c3d4e5f67890abcdef1234567890abcdef12",
    "ALNUM": "ABCDE12345FGHIJ67890KLMNO12345PQRST67890",
    "lower": "abcdefghijklmnopqrstuvwxyz",
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}
# ARN slots by the text before them: partition, service, Region, account
_ARN_SLOT = (
    (re.compile(r"(^|[^A-Za-z0-9])arn:\Z"), "partition"),
    (re.compile(r"(^|[^A-Za-z0-9])arn:[a-z-]+:\Z"), "service"),
    (re.compile(r"(^|[^A-Za-z0-9])arn:[a-z-]+:[a-z0-9-]+:\Z"), "region"),
    (re.compile(r"(^|[^A-Za-z0-9])arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:\Z"), "account"),
)
_SEPARATORS = "-_ ./:"
_TYPED_PART = re.compile(r"^arn:[^:]*:[^:]*:[^:]*:[^:]*:(?:[\w-]+[/:])*?([a-z][a-z-]{2,})[/:]\Z")
_ID_PREFIX = re.compile(r"(^|[:/])[a-z]{1,6}-\Z")
# preferred counts of an open repeat, tried in turn until the whole string fits
_OPEN_COUNTS = (None, 10, 4, 1, 16, 0, 24, 32, 48, 64, 100, 128, 256)


@dataclass(frozen=True)
class Context:
    """What the value stands for: its words (``my-dataset-group``) and, for an ARN, the
    service prefix; ``words`` empty for an opaque ID."""

    words: str = ""
    arn_service: str = ""


class _Class:
    """One position's accepted characters, asked the questions the streams need."""

    def __init__(self, accept: Any) -> None:
        self.accept = accept

    def has(self, ch: str) -> bool:
        if self.accept is None:  # ``.``
            return ch not in "\r\n"
        if isinstance(self.accept, int):
            return ord(ch) == self.accept
        if isinstance(self.accept, tuple) and self.accept[0] == "not":
            return bool(ord(ch) != self.accept[1])
        return class_accepts(self.accept, ch)

    def stream(self) -> str:
        digits = self.has("5")
        lower, upper = self.has("m"), self.has("M")
        if digits and self.has("c") and not self.has("g"):
            return "hex"
        if digits and self.has("C") and not self.has("G") and not lower:
            return "HEX"
        if lower and digits:
            return "alnum"
        if upper and digits:
            return "ALNUM"
        if lower:
            return "lower"
        if upper:
            return "upper"
        if digits:
            return "digits"
        return ""

    def fallback(self) -> str:
        for ch in "a1A-_./:@ ":
            if self.has(ch):
                return ch
        for code in range(0x21, 0x7F):
            if self.has(chr(code)):
                return chr(code)
        return ""


class _Writer:
    """Builds one string; ``open_count`` is the preferred count of open repeats."""

    def __init__(self, context: Context, open_count: int | None, branch: int, shift: int = 0) -> None:
        self.context = context
        self.open_count = open_count
        self.branch = branch
        self.text = ""
        self.offsets: dict[str, int] = {"all": shift}
        self.queue = ""  # what is to be written next: an ARN slot's value or the words
        self.queue_words = False
        self.words_used = False
        self.groups: dict[int, str] = {}
        self.sub_now: list[Any] = []
        self.sub_width = 1
        self.following: Any = None  # the item after the one being written, in its sequence
        self.arn = False  # whether the pattern's branch writes an ARN
        self.streak = 0  # literals written since the last class
        self.spelling = False  # whether the literals are spelling the words

    def run(self, klass: _Class, low: int, high: int | None) -> str:
        """A repeat of one class, ``low`` to ``high`` long."""
        if not self.text and low == 0 and klass.accept is None:
            return ""  # a leading ``.*``: the pattern is a search, nothing needs to come first
        header = self._arn_header()
        if header and not self.queue:
            slot = self._slot()
            if slot is None:
                return self._stream(klass, low)  # an optional part of an ARN's header
            self.queue, self.queue_words = slot, False
        elif not header and not self.queue and not self.words_used and self.context.words:
            self.queue, self.queue_words, self.words_used = self.context.words, True, True
        if self.queue_words and _ID_PREFIX.search(self.text):
            self.queue = ""  # after an ID prefix (``csc-``, ``sn-``) comes an ID, not words
        elif self.queue_words and self.arn and self.queue == self.context.words:
            named = _TYPED_PART.search(self.text)
            if named and not self.queue.startswith(named.group(1)):
                # the pattern names the resource type itself (``namespace/``): its name follows
                self.queue = "my-" + named.group(1)
        if (
            self.queue_words and low >= 8 and not (klass.has("-") or klass.has("_"))
            and (low == high or re.search(r"[-_ ]", self.queue))
        ):
            # a run of 8 or more with no separator is an opaque ID (``earth-observation-job/
            # [a-z0-9]{12,}``), not the words squeezed together
            self.queue = ""
        words = self.queue_words
        self.streak, self.spelling = 0, False
        following = self.following
        taken = self._take(klass, high)
        if words and taken and not self.queue and len(taken) > max(low, 1) and following is not None:
            # the words end here but one class must still be written (``[a-z-]{0,30}[a-z]``):
            # it writes their last letter, so ``my-plan`` stays ``my-plan``, not ``my-plana``
            op, arg = following
            if op in (C.IN, C.ANY, C.NOT_LITERAL) and _class_of(op, arg).has(taken[-1]):
                taken, self.queue = taken[:-1], taken[-1]
        if words and self.queue and high is not None and low == high > 1 and len(taken) == high:
            # the words do not fit (``routerInput:[a-z0-9]{12}``): an opaque ID, not ``myrouterinpu``
            taken, self.queue = "", ""
        if not taken:
            return self._stream(klass, self._count(low, high, None))
        if len(taken) >= low and not (words and self._pad_words() and not self.queue):
            return taken
        count = max(self._count(low, high, None) - len(taken), low - len(taken))
        sep = "-" if klass.has("-") else ("_" if klass.has("_") else "")
        if len(taken) >= low and high is not None and len(taken) + len(sep) + count > high:
            sep = ""
        if len(taken) < low:
            sep = ""
        if high is not None:
            count = min(count, high - len(taken) - len(sep))
        tail = self._stream(klass, max(count, 0))
        return taken + (sep + tail if tail else "")

    def _arn_header(self) -> bool:
        """Whether the text so far stops inside an ARN's first five parts (for a pattern that
        writes an ARN, also before its ``arn:``)."""
        at = self.text.rfind("arn:")
        if at < 0:
            return self.arn
        return self.text.count(":", at) < 5

    def _pad_words(self) -> bool:
        return self.open_count is not None and self.open_count > 10

    def _take(self, klass: _Class, high: int | None) -> str:
        """The next queued characters this class can write (words may change case and lose
        or change separators; an ARN slot is written as it is)."""
        out: list[str] = []
        while self.queue and (high is None or len(out) < high):
            ch = self.queue[0]
            if klass.has(ch):
                out.append(ch)
            elif not self.queue_words:
                break
            elif ch.isalpha() and klass.has(ch.swapcase()):
                out.append(ch.swapcase())
            elif ch in "-_ ." and (klass.has("_") or klass.has("-")):
                out.append("_" if klass.has("_") and not klass.has("-") else "-")
            elif ch in "-_ ." and out:
                pass  # a separator the class cannot write is left out ("/" and ":" end a part)
            else:
                break
            self.queue = self.queue[1:]
        return "".join(out)

    def literal(self, ch: str) -> None:
        """A literal of the pattern. It takes the queued character it equals: an ARN slot's,
        or the words' when the literals spell them from their start (``function:`` of
        ``function/my-function``); a literal that goes on past the words (an ID prefix such
        as ``csc-``) drops the rest of them."""
        header = self._arn_header()
        if not self.queue and header:
            slot = self._slot()
            if slot:
                self.queue, self.queue_words = slot, False
        elif not self.queue and not self.words_used and self.context.words:
            self.queue, self.queue_words, self.words_used = self.context.words, True, True
        self.text += ch
        if header and not self._arn_header():
            self.streak = -1  # the ARN's resource part starts after this colon
        head = self.queue[:1]
        if not head:
            pass
        elif not self.queue_words:
            self.queue = self.queue[1:] if head == ch else ""
        else:
            same = head == ch or (head in _SEPARATORS and ch in _SEPARATORS)
            aligned = self.spelling or (self.queue == self.context.words and self.streak <= 0)
            if head in "/:" and head == ch:
                self.queue = self.queue[1:]  # the part the words ended at begins here too
            elif same and aligned:
                self.queue = self.queue[1:]
                self.spelling = True
            elif self.spelling:
                # the literal goes on past the words' resource type: keep the name after it
                rest = self.queue.split("/", 1)
                self.queue = rest[1] if len(rest) == 2 and "/" in self.context.words else ""
                self.spelling = False
        self.streak += 1

    def _slot(self) -> str | None:
        for regex, slot in _ARN_SLOT:
            if regex.search(self.text):
                if slot == "partition":
                    return "aws"
                if slot == "service":
                    return self.context.arn_service or None
                if slot == "region":
                    return REGION
                return ACCOUNT
        return None

    def _count(self, low: int, high: int | None, natural: int | None) -> int:
        if high is not None and high == low:
            return low
        preferred = self.open_count if self.open_count is not None else (natural or 10)
        if high is None or high >= C.MAXREPEAT:
            return max(low, preferred)
        return max(low, min(high, preferred))

    def _stream(self, klass: _Class, count: int) -> str:
        kind = klass.stream()
        if not kind:
            return klass.fallback() * count
        stream = "".join(ch for ch in _STREAMS[kind] if klass.has(ch)) or klass.fallback()
        start = self.offsets.get("all", 0)
        self.offsets["all"] = start + count  # one position for every stream: a1b2..., not aa1b2...
        return "".join(stream[(start + i) % len(stream)] for i in range(count))

    def seq(self, items: Any) -> None:
        index = 0
        while index < len(items):
            op, arg = items[index]
            self.following = items[index + 1] if index + 1 < len(items) else None
            self.node(op, arg)
            index += 1

    def node(self, op: Any, arg: Any) -> None:
        if op is C.LITERAL:
            self.literal(chr(arg))
        elif op in (C.IN, C.ANY, C.NOT_LITERAL):
            klass = _class_of(op, arg)
            self.text += self.run(klass, 1, 1)
        elif op is C.BRANCH:
            alternatives = arg[1]
            chosen = alternatives[min(self.branch, len(alternatives) - 1)]
            self.branch = 0  # only the first alternation is varied
            self.seq(chosen)
        elif op is C.SUBPATTERN:
            group, _add, _del, sub = arg
            start = len(self.text)
            self.seq(sub)
            if group is not None:
                self.groups[group] = self.text[start:]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, sub = arg
            top = None if high is C.MAXREPEAT else int(high)
            if len(sub) == 1 and sub[0][0] in (C.IN, C.ANY, C.NOT_LITERAL):
                self.text += self.run(_class_of(*sub[0]), int(low), top)
            elif self._arn_header() and (self.queue or self._slot()):
                # an ARN header's group: repeated while it writes what the slot holds next
                self.sub_now = list(sub)
                count = 0
                while count < low or (
                    (top is None or count < top) and self._group_count(0, top, False) == 1
                ):
                    state = (self.text, self.queue, dict(self.offsets), self.streak, self.spelling)
                    pending = self.queue or self._slot() or ""
                    self.seq(sub)
                    count += 1
                    wrote = len(self.text) - len(state[0])
                    if count > low and not pending.startswith(self.text[len(state[0]):]):
                        # the group wrote more than the slot holds: undo it and stop
                        self.text, self.queue, self.offsets, self.streak, self.spelling = state
                        break
                    if wrote == 0 or count > 16:
                        break
            else:
                self.sub_now = list(sub)
                self.sub_width = _width(sub)
                count = self._group_count(int(low), top, _char_like(list(sub)))
                for _ in range(count):
                    self.seq(sub)
        elif op is C.GROUPREF:
            self.text += self.groups.get(arg, "")
        elif op is C.ATOMIC_GROUP:
            self.seq(arg)
        # anchors and lookarounds add nothing: the result is checked afterwards

    def _group_count(self, low: int, high: int | None, char_like: bool) -> int:
        """Repeats of a group: as few as allowed, or, for a group that writes one character
        (``(-*[a-z0-9]){1,61}``), as many as an open repeat of a class."""
        if char_like and high != low:
            return self._count(low, high, None)
        if self.open_count is not None and self.open_count > 10 and (high is None or high > low):
            width = max(1, self.sub_width)  # as many repeats as an open class run of that count
            count = max(low, self.open_count // width)
            return count if high is None else min(high, count)
        if low > 0:
            return low
        if self._arn_header():
            # an optional part of an ARN's header (``(aws[a-z-]*)?``, ``(-gov)?``): written
            # when it begins what the slot holds next
            lead = _leading_literals(self.sub_now)
            slot = self.queue or self._slot() or ""
            if slot and (slot.startswith(lead) if lead else not self.queue):
                return 1
            return 0
        if self.open_count is not None and self.open_count > 10:
            return 1 if high is None or high >= 1 else 0
        return 0


def _width(sub: Any) -> int:
    """The fewest characters one repeat of a parsed group writes."""
    try:
        return int(sub.getwidth()[0])
    except (AttributeError, TypeError, ValueError, OverflowError):
        return 1


def _writes_arn(items: list[Any], branch: int) -> bool:
    """Whether the pattern (with its first alternation at ``branch``) starts with ``arn:``."""
    for op, arg in items:
        if op is C.AT:
            continue
        if op is C.BRANCH:
            alternatives = arg[1]
            return _writes_arn(list(alternatives[min(branch, len(alternatives) - 1)]), 0)
        if op is C.SUBPATTERN:
            return _writes_arn(list(arg[3]), branch)
        break
    return _leading_literals([i for i in items if i[0] is not C.AT]).startswith("arn:")


def _leading_literals(items: list[Any]) -> str:
    """The literal text a parsed group starts with."""
    out = ""
    for op, arg in items:
        if op is C.LITERAL:
            out += chr(arg)
        elif op is C.SUBPATTERN:
            inner = _leading_literals(list(arg[3]))
            out += inner
            if not inner:
                break
        else:
            break
    return out


def _char_like(items: list[Any]) -> bool:
    """Whether a group writes one character a time: one class, beside optional repeats."""
    if len(items) == 1 and items[0][0] is C.SUBPATTERN:
        return _char_like(list(items[0][1][3]))
    singles = [op for op, _ in items if op in (C.IN, C.ANY, C.NOT_LITERAL)]
    optional = [
        arg for op, arg in items if op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] == 0
    ]
    return len(singles) == 1 and len(singles) + len(optional) == len(items)


def _class_of(op: Any, arg: Any) -> _Class:
    if op is C.ANY:
        return _Class(None)
    if op is C.NOT_LITERAL:
        return _Class(("not", arg))
    return _Class(arg)


def _first_branch_size(items: list[Any]) -> int:
    """How many alternatives the first alternation of a parsed pattern has (1 if none)."""
    for op, arg in items:
        if op is C.BRANCH:
            return len(arg[1])
        if op is C.SUBPATTERN:
            inner = _first_branch_size(list(arg[3]))
            if inner > 1:
                return inner
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            inner = _first_branch_size(list(arg[2]))
            if inner > 1:
                return inner
    return 1


def _counts(tree: Any, branch: int, context: Context, low: int, high: int | None) -> list[int | None]:
    """Open-repeat counts to try: the usual ones, then those that reach the length bounds
    from the first attempt's length (``mem-[a-z0-9]*`` of 40 to 50 characters)."""
    counts: list[int | None] = list(_OPEN_COUNTS)
    writer = _Writer(context, 10, branch)
    try:
        writer.seq(list(tree))
    except (RecursionError, ValueError, TypeError, OverflowError):
        return counts
    length = len(writer.text)
    for bound in (low, (low + high) // 2 if high is not None else None, high):
        if bound is not None and bound > 0 and length != bound:
            target = 10 + bound - length
            if target > 0 and target not in counts:
                counts.insert(1, target)
    return counts


def _variants(
    tree: Any, pattern: str, context: Context, open_count: int | None, branch: int, seen: set[str]
) -> Iterator[str]:
    """The same string with its streams started further on (a second and third distinct ID
    of the same shape, for requests that name several resources)."""
    for shift in (4, 8, 2):
        writer = _Writer(context, open_count, branch, shift)
        writer.arn = _writes_arn(list(tree), branch)
        try:
            writer.seq(list(tree))
        except (RecursionError, ValueError, TypeError, OverflowError):
            return
        if writer.text not in seen and matches(pattern, writer.text) is not False:
            seen.add(writer.text)
            yield writer.text


def candidates(pattern: str, low: int, high: int | None, context: Context) -> Iterator[str]:
    """Readable strings matching ``pattern`` within ``low``..``high`` characters, best first."""
    tree = parsed(pattern)
    if tree is None:
        return
    branches = _first_branch_size(list(tree))
    seen: set[str] = set()
    contexts = [context] + ([Context("", context.arn_service)] if context.words else [])
    for branch in range(min(branches, 6)):
        for each in contexts:  # the words, then (when they cannot fit) an opaque ID
            found = False
            for open_count in _counts(tree, branch, each, low, high):
                writer = _Writer(each, open_count, branch)
                writer.arn = _writes_arn(list(tree), branch)
                try:
                    writer.seq(list(tree))
                except (RecursionError, ValueError, TypeError, OverflowError):
                    break
                text = writer.text
                if text in seen or len(text) < low or (high is not None and len(text) > high):
                    continue
                seen.add(text)
                if matches(pattern, text) is not False:
                    yield text
                    yield from _variants(tree, pattern, each, open_count, branch, seen)
                    found = True
                    break
            if found:
                break
