"""Convert the models' HTML documentation to Markdown for the docs pages.

Input: an HTML fragment from a botocore model (``<p>``, ``<code>``, ``<a>``, lists, ``<note>``,
``<important>``, ``<b>``, ``<i>``). Output: Markdown text. Built on the standard library's
``html.parser`` rather than markdownify/BeautifulSoup: measured on Personalize's 731 documentation
strings, markdownify took 0.58 s, which alone would spend a third of the 2-second budget for
generating the default tree; this converter handles the small tag set the models use.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

_BLOCK = {"p", "div", "note", "important", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "dl", "dd"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open list; -1 means bullets
        self.href: list[str | None] = []
        self.code = 0
        self.pre = 0

    def _newline(self, count: int = 2) -> None:
        text = "".join(self.out).rstrip(" ")
        trailing = len(text) - len(text.rstrip("\n"))
        self.out = [text + "\n" * max(0, count - trailing)] if text else []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._newline()
        if tag in ("note", "important"):
            self.out.append(f"**{tag.capitalize()}:** ")
        elif tag == "ul":
            self.lists.append([-1])
        elif tag == "ol":
            self.lists.append([0])
        elif tag == "li":
            self._newline(1)
            indent = "  " * max(0, len(self.lists) - 1)
            counter = self.lists[-1] if self.lists else [-1]
            if counter[0] >= 0:
                counter[0] += 1
                self.out.append(f"{indent}{counter[0]}. ")
            else:
                self.out.append(f"{indent}- ")
        elif tag in ("code", "tt"):
            self.code += 1
            self.out.append("`")
        elif tag == "pre":
            self.pre += 1
            self.out.append("```\n")
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
            self.out.append("[")
        elif tag == "br":
            self._newline(1)
        elif tag in ("dt",):
            self._newline()
            self.out.append("**")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "tt"):
            self.code = max(0, self.code - 1)
            self.out.append("`")
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self._newline(1)
            self.out.append("```")
            self._newline()
        elif tag in ("b", "strong", "dt"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "a":
            href = self.href.pop() if self.href else None
            self.out.append(f"]({href})" if href else "]")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._newline()
        elif tag in _BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.out.append(data)
            return
        text = re.sub(r"\s+", " ", data)
        if self.code:
            self.out.append(text.replace("`", "'"))
            return
        text = _MD_SPECIAL.sub(r"\\\1", text)
        if not self.out or self.out[-1].endswith(("\n", "- ", ". ")):
            text = text.lstrip()
        self.out.append(text)


@lru_cache(maxsize=8192)
def to_markdown(html: str) -> str:
    """Markdown for an HTML documentation fragment (empty string for empty input)."""
    if not html:
        return ""
    parser = _Converter()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"\*\*\s*\*\*", "", text)
    return text.strip()


def first_sentence(markdown: str) -> str:
    """The first paragraph, flattened to one line (for table cells)."""
    para = markdown.split("\n\n", 1)[0]
    return " ".join(para.split())
