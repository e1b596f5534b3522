"""Read one awscli example page (reStructuredText) into command lines and inline files.

Input: the text of ``awscli/examples/<service>/<command>.rst``. Output: a ``Page`` with each
``aws ...`` command of its literal blocks (continuation lines joined: ``\\`` for POSIX shells,
``^`` for cmd.exe, a backtick for PowerShell; a quoted argument may span lines), the title of
the example it belongs to (``**Example 2: To create ...**`` or the page's first line), and the
literal blocks that hold the files ``file://name`` refers to: introduced by "Contents of
``name``", or by a paragraph that names a file the page's commands read (``Input file
(name)::``, ```name``` is a JSON document ...::``) and holding no ``aws`` command.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

_BOLD = re.compile(r"^\*\*(?P<text>.+?)\*\*:?\s*$")
_EXAMPLE_NUMBER = re.compile(r"^Example\s+\d+\s*[:.-]\s*", re.IGNORECASE)
_TRAILING_COLONS = re.compile(r"\s*:+\s*$")
_CONTENTS = re.compile(r"\bContents?\s+of\b(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_QUOTED_NAME = re.compile(r"`{1,2}(?P<name>[^`\s]+?)`{1,2}")
_BARE_NAME = re.compile(r"(?P<name>[\w./\\-]+\.\w+)")
_PROMPT = re.compile(r"^(?:\$|C:\\>|PS\s*[^>]*>|>)\s+(?=aws\s)")
_CONTINUATION = ("\\", "^", "`")
_FILE_REFERENCE = re.compile(r"fileb?://(?P<path>[^\s,'\"\]\}]+)")
_WORD = re.compile(r"[\w.-]+")


@dataclass(frozen=True)
class CommandText:
    title: str
    text: str
    line: int
    section: int


@dataclass(frozen=True)
class FileBlock:
    name: str
    body: str
    line: int
    section: int


@dataclass(frozen=True)
class Page:
    commands: list[CommandText]
    files: list[FileBlock]

    def files_for(self, command: CommandText) -> dict[str, str]:
        """Inline files by name, for one command: its own example's blocks win (the first
        one after the command, else the nearest before it), then the nearest in the page."""

        def rank(block: FileBlock) -> tuple[int, int, int]:
            same = 0 if block.section == command.section else 1
            after = 0 if block.line > command.line else 1
            return (same, after, abs(block.line - command.line))

        chosen: dict[str, str] = {}
        for block in sorted(self.files, key=rank, reverse=True):
            chosen[block.name] = block.body
        return chosen


def _strip_markup(text: str) -> str:
    text = re.sub(r"`{1,2}([^`]*)`{1,2}_{0,2}", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", "")).strip()


def _title(text: str) -> str:
    """A plain title: no markup, no "Example 2:" number, and no trailing ``::`` (the marker of
    the literal block a page's first paragraph introduces) or colon."""
    return _TRAILING_COLONS.sub("", _EXAMPLE_NUMBER.sub("", _strip_markup(text))).strip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _literal_blocks(lines: list[str]) -> list[tuple[int, str, list[str]]]:
    """(first line index, introducing paragraph, block lines dedented) of each literal block."""
    blocks: list[tuple[int, str, list[str]]] = []
    paragraph: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        opens = stripped.endswith("::") or stripped.startswith(".. code-block::")
        if not opens:
            continues = i > 0 and bool(lines[i - 1].strip())
            paragraph = [*paragraph, stripped] if continues else [stripped]
            i += 1
            continue
        base = _indent(line)
        continues = i > 0 and bool(lines[i - 1].strip())
        intro = " ".join([*paragraph, stripped] if continues else [stripped])
        j = i + 1
        body: list[str] = []
        while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
            body.append(lines[j])
            j += 1
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        if body:
            cut = min(_indent(b) for b in body if b.strip())
            blocks.append((i + 1, intro, [b[cut:] for b in body]))
        paragraph = []
        i = j
    return blocks


def _commands_in(block: list[str]) -> list[tuple[int, str]]:
    """(offset in block, command text) of each ``aws`` command, continuations joined."""
    out: list[tuple[int, str]] = []
    k = 0
    while k < len(block):
        line = _PROMPT.sub("", block[k].strip())
        if not line.startswith("aws "):
            k += 1
            continue
        start = k
        text = line
        while True:
            ends = text.rstrip()
            if ends.endswith(_CONTINUATION) and k + 1 < len(block):
                text = ends[:-1] + " " + block[k + 1].strip()
                k += 1
                continue
            if _unbalanced(text) and k + 1 < len(block):
                text = text + "\n" + block[k + 1]
                k += 1
                continue
            break
        out.append((start, text))
        k += 1
    return out


def _unbalanced(text: str) -> bool:
    try:
        shlex.split(text)
    except ValueError:
        return True
    return False


def _file_name(intro: str) -> str | None:
    match = _CONTENTS.search(intro)
    if match is None:
        return None
    rest = match.group("rest")
    found = _QUOTED_NAME.search(rest) or _BARE_NAME.search(rest)
    if found is None:
        return None
    return found.group("name").rstrip(".:").replace("\\", "/").rsplit("/", 1)[-1]


def _base_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _referenced_files(commands: list[tuple[int, str]]) -> set[str]:
    """The names of the files the commands read with ``file://`` or ``fileb://``."""
    return {
        _base_name(m.group("path")) for _, text in commands for m in _FILE_REFERENCE.finditer(text)
    }


def _named_in(intro: str, referenced: set[str]) -> str | None:
    """The first file name in ``intro`` that a command of the page reads."""
    for word in _WORD.findall(intro.replace("\\", "/").replace("/", " ")):
        name = str(word).rstrip(".")
        if name in referenced:
            return name
    return None


def parse_page(text: str) -> Page:
    lines = text.splitlines()
    first = next((_title(ln) for ln in lines if ln.strip()), "")
    # Section boundaries: each bold title line starts a new example.
    titles: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        bold = _BOLD.match(line.strip()) if _indent(line) == 0 else None
        if bold:
            titles.append((n, _title(bold.group("text"))))

    def section_of(n: int) -> tuple[int, str]:
        index, title = -1, first
        for k, (start, name) in enumerate(titles):
            if start <= n:
                index, title = k, name
        return index, title

    blocks = [
        (start, intro, block, _commands_in(block)) for start, intro, block in _literal_blocks(lines)
    ]
    referenced = _referenced_files([c for *_, found in blocks for c in found])
    commands: list[CommandText] = []
    files: list[FileBlock] = []
    for start, intro, block, found in blocks:
        section, title = section_of(start)
        name = _file_name(intro)
        if name is None and not found:
            name = _named_in(intro, referenced)
        if name is not None:
            files.append(FileBlock(name, "\n".join(block) + "\n", start, section))
            continue
        for offset, command in found:
            commands.append(CommandText(title, command, start + offset, section))
    return Page(commands, files)
