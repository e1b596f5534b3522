"""Model ``pattern`` constraints: check values against them and synthesize values that match.

Patterns in the models follow Smithy: ECMA-262 regular expressions that are *not* implicitly
anchored (a search, not a full match). Python's ``re`` rejects about 7% of them (``\\p{L}``,
surrogate-pair ranges, ``\\x{0022}``, mid-pattern flags). We check with the ``regex`` engine,
which understands Unicode property escapes, after rewriting the few ECMA/Java spellings it lacks:
surrogate pairs become code points and ``\\x{HHHH}`` becomes ``\\uHHHH``. A pattern that still
does not compile is reported as "cannot be checked" (:func:`checker` returns ``None``) and
validation says so instead of guessing.

Synthesis walks the pattern parsed by Python's own regex parser (with Unicode properties
replaced by ASCII approximations) and builds the shortest string that satisfies the repeat
counts, growing repeats until the model's length bounds are met; every candidate is re-checked
with the exact checker before it is used.
"""

from __future__ import annotations

import re
import re._constants as C  # type: ignore[import-not-found]  # the parser's opcode table
import re._parser as sre  # type: ignore[import-not-found]
import warnings
from functools import lru_cache
from typing import Any

import regex

_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_BRACED_HEX = re.compile(r"\\x\{([0-9a-fA-F]{1,6})\}")
_PROPERTY = re.compile(r"\\([pP])\{(\w+)\}")

# ASCII stand-ins for Unicode categories, used only to *generate* values.
_CATEGORY_SAMPLE = {
    "L": "a-zA-Z",
    "Lu": "A-Z",
    "Ll": "a-z",
    "N": "0-9",
    "Nd": "0-9",
    "Z": " ",
    "Zs": " ",
    "P": r"\-_.,:;!?'\"()\[\]{}@#%&*/\\",
    "S": r"$+<=>^`|~",
    "M": "",
    "C": r"\x00-\x1f\x7f",
    "Cc": r"\x00-\x1f\x7f",
    "XDigit": "0-9a-fA-F",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Upper": "A-Z",
    "Lower": "a-z",
    "Space": " ",
    "Punct": r"\-_.,:;!?'\"()\[\]{}@#%&*/\\",
}


def _combine_surrogates(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return f"\\U{code:08x}"


_ECMA_OUTSIDE = {"$": r"\Z", "\\d": "[0-9]", "\\D": "[^0-9]"}
_ECMA_INSIDE = {"\\d": "0-9"}


def ecma_semantics(pattern: str) -> str:
    """ECMA-262 meanings the ``regex`` engine lacks: ``$`` only at the very end (Python's also
    matches before a final newline) and ``\\d`` only ASCII digits. Escapes and classes are
    skipped over so a literal ``\\$`` or ``[$]`` keeps its meaning."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        token = pattern[index:index + 2] if char == "\\" else char
        index += len(token)
        if in_class:
            out.append(_ECMA_INSIDE.get(token, token))
            in_class = token != "]"
        elif token == "[":
            out.append(token)
            in_class = True
            if pattern[index:index + 1] == "^":
                out.append("^")
                index += 1
            if pattern[index:index + 1] == "]":  # a leading ']' is literal
                out.append("\\]")
                index += 1
        else:
            out.append(_ECMA_OUTSIDE.get(token, token))
    return "".join(out)


def to_engine_syntax(pattern: str) -> str:
    """Rewrite ECMA/Java spellings the ``regex`` engine does not read."""
    out = _SURROGATE_PAIR.sub(_combine_surrogates, pattern)
    out = _BRACED_HEX.sub(lambda m: f"\\U{int(m.group(1), 16):08x}", out)
    return ecma_semantics(out)


@lru_cache(maxsize=4096)
def checker(pattern: str) -> regex.Pattern[str] | None:
    """The compiled pattern, or ``None`` when it cannot be checked."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return regex.compile(to_engine_syntax(pattern))
        except (regex.error, ValueError, OverflowError):
            return None


def matches(pattern: str, value: str, timeout: float | None = None) -> bool | None:
    """Search semantics, as Smithy defines; ``None`` when the pattern cannot be checked.
    With ``timeout`` (seconds) a search that takes longer raises TimeoutError."""
    compiled = checker(pattern)
    if compiled is None:
        return None
    return compiled.search(value, timeout=timeout) is not None


def _ascii_properties(pattern: str) -> str:
    def repl(match: re.Match[str]) -> str:
        sample = _CATEGORY_SAMPLE.get(match.group(2), "a-zA-Z0-9")
        if match.group(1) == "P":
            return "a-zA-Z0-9 " if match.group(2).startswith("C") else "!"
        return sample

    # Inside a class the property becomes its ranges; outside it becomes a class.
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            prop = _PROPERTY.match(pattern, i)
            if prop:
                body = repl(prop)
                out.append(body if depth else f"[{body}]")
                i = prop.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def parsed(pattern: str) -> Any:
    """The pattern parsed by Python's regex parser for generation (Unicode properties as
    ASCII stand-ins, inline flags dropped), or ``None``."""
    text = _ascii_properties(to_engine_syntax(pattern))
    text = re.sub(r"\(\?[a-zA-Z]+\)", "", text)  # inline flags: irrelevant for generation
    text = text.replace(r"\z", r"\Z")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return sre.parse(text)
        except (re.error, ValueError, OverflowError, RecursionError):
            return None


_PREFERRED = "aA1-_. /:@"


def class_accepts(items: list[tuple[Any, Any]], ch: str) -> bool:
    """Whether a parsed character class (``IN`` items) accepts ``ch``."""
    code = ord(ch)
    negate = False
    hit = False
    for op, arg in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL and arg == code or op is C.RANGE and arg[0] <= code <= arg[1] or op is C.CATEGORY and category_accepts(arg, ch):
            hit = True
    return hit != negate


def category_accepts(category: Any, ch: str) -> bool:
    """Whether a parsed class category (``\\d``, ``\\w``, ``\\s`` and their negations) accepts ``ch``."""
    tests = {
        C.CATEGORY_DIGIT: ch.isdigit(),
        C.CATEGORY_NOT_DIGIT: not ch.isdigit(),
        C.CATEGORY_SPACE: ch.isspace(),
        C.CATEGORY_NOT_SPACE: not ch.isspace(),
        C.CATEGORY_WORD: ch.isalnum() or ch == "_",
        C.CATEGORY_NOT_WORD: not (ch.isalnum() or ch == "_"),
    }
    return bool(tests.get(category, False))


def _class_char(items: list[tuple[Any, Any]]) -> str:
    for ch in _PREFERRED:
        if class_accepts(items, ch):
            return ch
    for op, arg in items:
        if op is C.LITERAL:
            return chr(arg)
        if op is C.RANGE:
            return chr(arg[0])
    for code in range(0x21, 0x7F):
        if class_accepts(items, chr(code)):
            return chr(code)
    return "a"


class _Gen:
    """Builds one string from a parsed pattern; ``extra`` lengthens open repeats."""

    def __init__(self, extra: int) -> None:
        self.extra = extra
        self.groups: dict[int, str] = {}

    def seq(self, parsed: Any) -> str:
        return "".join(self.node(op, arg) for op, arg in parsed)

    def node(self, op: Any, arg: Any) -> str:
        if op is C.LITERAL:
            return str(chr(arg))
        if op is C.NOT_LITERAL:
            return "a" if arg != ord("a") else "b"
        if op is C.ANY:
            return "a"
        if op is C.IN:
            return _class_char(arg)
        if op is C.BRANCH:
            return self.seq(arg[1][0])
        if op is C.SUBPATTERN:
            group, _add, _del, sub = arg
            text = self.seq(sub)
            if group is not None:
                self.groups[group] = text
            return text
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, sub = arg
            count = low + self.extra if high is C.MAXREPEAT else min(high, low + self.extra)
            if count == 0:
                return ""
            return "".join(self.seq(sub) for _ in range(count))
        if op is C.GROUPREF:
            return self.groups.get(arg, "")
        if op is C.ATOMIC_GROUP:
            return self.seq(arg)
        return ""  # anchors, lookarounds: checked afterwards


def generate(pattern: str, min_len: int = 0, max_len: int | None = None) -> str | None:
    """A short string that matches ``pattern`` within the length bounds, or ``None``."""
    tree = parsed(pattern)
    if tree is None:
        return None
    upper = max_len if max_len is not None else 10**9

    def build(extra: int) -> str | None:
        try:
            return _Gen(extra).seq(tree)
        except (RecursionError, ValueError, TypeError, OverflowError):
            return None

    base, step = build(0), build(1)
    if base is None or step is None:
        return None
    growth = len(step) - len(base)
    tries = [0, 1, 2, 3]
    if growth > 0 and len(base) < min_len:
        target = -(-(min_len - len(base)) // growth)
        tries = [target, target + 1, target - 1, *tries]
    # Lengths need not grow linearly with ``extra`` (an optional group joins in at 1), so
    # when the estimate misses, walk ``extra`` up to just past the minimum length.
    scan = range(0, min(max(min_len, 8) + 2, 512))
    for extra in [*tries, *(e for e in scan if e not in tries)]:
        text = build(max(extra, 0))
        if text is None or not min_len <= len(text) <= upper:
            continue
        if matches(pattern, text):
            return text
    return None
