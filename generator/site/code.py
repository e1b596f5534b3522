"""The example sections' tab sets as HTML, written directly instead of through Markdown.

Stage: site (pure; Pygments and Python-Markdown). Input: a page's tab sets - each tab's label,
its code and lexer, the lines above the code (the proven line) and below it (a note, or the
reason an SDK cannot call the operation). Output: the HTML that pymdownx.tabbed (alternate
style), pymdownx.superfences and pymdownx.highlight write for the same Markdown, byte for byte
(``tests/site/test_site_code.py`` builds pages both ways and compares them).

Why: highlighting the examples is most of what MkDocs does for an operation page, and the
Markdown route pays twice over for it - superfences scans every line of the code, and each code
block gets a new Pygments formatter (its style sheet computed again) and lexer. Here one
formatter per language serves every block of the process; the page's Markdown holds the tab
sets as raw HTML blocks, which Python-Markdown passes through untouched.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import markdown
from pygments import highlight  # type: ignore[import-untyped, unused-ignore]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped, unused-ignore]
from pymdownx.highlight import BlockHtmlFormatter  # type: ignore[import-untyped, unused-ignore]

LINE_SPANS = "__span"  # pymdownx.highlight's line_spans (templates/site/mkdocs.yml.j2)
_LINE = re.compile(r'<span id="(__span-\d+)-(\d+)">')


@dataclass(frozen=True)
class Tab:
    """One tab: its label, the HTML above the code, the code (or ""), the Markdown below it."""

    label: str
    lexer: str
    above: str
    code: str
    below: str


@cache
def _formatter(lexer: str) -> tuple[Any, Any]:
    """The lexer and formatter of a language (pymdownx.highlight's options, as the site sets them)."""
    formatter = BlockHtmlFormatter(
        cssclass="highlight", linenos=False, linenostart=1, linenostep=1, linenospecial=0,
        style="default", noclasses=False, hl_lines=[], wrapcode=True, filename="",
        linespans=LINE_SPANS, lineanchors="", anchorlinenos=False,
    )  # fmt: skip
    return get_lexer_by_name(lexer, stripnl=True), formatter


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "attr_list", "admonition"])


def markdown_html(text: str) -> str:
    """A tab's Markdown paragraphs (a note, a reason) as HTML."""
    converter = _markdown()
    converter.reset()
    return str(converter.convert(text))


def _indent(line: str) -> int:
    spaces = line.expandtabs(4)
    return len(spaces) - len(spaces.lstrip(" ")) if spaces.strip() else 0


def _with_indent(match: re.Match[str], ident: str, indents: list[int]) -> str:
    block, number = match.group(1), int(match.group(2))
    indent = indents[number - 1] if block == ident and number <= len(indents) else 0
    return f'{match.group(0)[:-1]} style="--i:{indent}">' if indent else match.group(0)


class PageCode:
    """Writes a page's tab sets in order, numbered as the Markdown route numbers them: tab sets
    from 1, code blocks from ``blocks`` (the fenced blocks the page has before its examples)."""

    def __init__(self, blocks: int = 0) -> None:
        self.sets = 0
        self.blocks = blocks

    def code(self, code: str, lexer: str) -> str:
        lex, formatter = _formatter(lexer)
        ident = f"{LINE_SPANS}-{self.blocks}"
        formatter.linespans = ident
        self.blocks += 1
        written = str(highlight(code, lex, formatter)).rstrip("\n")
        # each indented line says its indent (``--i``, in columns; a tab is 4, as the stylesheet
        # shows it), so that a line too long for the column wraps deeper than it starts
        indents = [_indent(line) for line in code.strip("\n").split("\n")]
        written = _LINE.sub(lambda m: _with_indent(m, ident, indents), written)
        # a tab as its character reference: Python-Markdown expands tabs in the page's raw HTML
        return written.replace("\t", "&#9;")

    def tab_set(self, tabs: list[Tab]) -> str:
        self.sets += 1
        ident = f"__tabbed_{self.sets}"
        checked = ['checked="checked" '] + [""] * (len(tabs) - 1)
        inputs = "".join(f'<input {checked[n - 1]}id="{ident}_{n}" name="{ident}" type="radio" />'
                         for n in range(1, len(tabs) + 1))  # fmt: skip
        labels = "".join(f'<label for="{ident}_{n}">{html.escape(tab.label, quote=False)}</label>'
                         for n, tab in enumerate(tabs, 1))  # fmt: skip
        blocks = []
        for tab in tabs:
            parts = [tab.above] if tab.above else []
            if tab.code:
                parts.append(self.code(tab.code, tab.lexer))
            if tab.below:
                parts.append(markdown_html(tab.below))
            blocks.append('<div class="tabbed-block">\n' + "\n".join(parts) + "\n</div>")
        return (f'<div class="tabbed-set tabbed-alternate" data-tabs="{self.sets}:{len(tabs)}">'
                f'{inputs}<div class="tabbed-labels">{labels}</div>\n'
                f'<div class="tabbed-content">\n' + "\n".join(blocks) + "\n</div>\n</div>")


def proven_html(text: str) -> str:
    """The proven line above an example (plain text) as the site's paragraph."""
    return f'<p class="sdk-parity-proven">{html.escape(text, quote=False)}</p>'
