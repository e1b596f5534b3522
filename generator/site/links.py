"""Internal links of built HTML pages: what a page links to and which anchors it has.

Stage: site (pure). Input: HTML text, or the pages a build wrote as MkDocs hands them over
(:class:`LinkCollector`). Output: the ``href``/``src`` values and ids of a page (:func:`scan`),
and the links of a batch of pages checked in memory (:func:`check_batch`; the pages as MkDocs
wrote them, collected by :class:`generator.site.hooks.LinkCollector`): a link within the batch's
own folders against the pages the batch wrote, the others returned to be checked once the whole
site is in place. :func:`generator.site.build.check_links` checks a built folder from its files
with the same scanner.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

_TAG = re.compile(r"<[a-zA-Z][^<>]*?\s(?:href|src|id|name)=[^<>]*>")  # tags with these attributes
_ATTRS = re.compile(r"""\s(href|src|id|name)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SKIPPED = ("mailto:", "javascript:", "data:")


@dataclass
class Refs:
    refs: list[str]
    ids: set[str]


def scan(text: str) -> Refs:
    """href/src values and anchor targets (id, and name on <a>) of an HTML page."""
    refs: list[str] = []
    ids: set[str] = set()
    for tag in _TAG.finditer(text):
        source = tag.group(0)
        for key, dq, sq, bare in _ATTRS.findall(source):
            value = html.unescape(dq or sq or bare)
            if key in ("href", "src"):
                refs.append(value)
            elif key == "id" or source.startswith(("<a ", "<a\n")):
                ids.add(value)
    return Refs(refs, ids)


def internal(ref: str) -> bool:
    """Whether a link points into the site (not another site, mail, script or data)."""
    parts = urlsplit(ref)
    return not (parts.scheme or parts.netloc or ref.startswith(_SKIPPED))


def target_of(page: str, ref: str) -> tuple[str, str]:
    """The site path (posix, from the site's root) and the anchor an internal link of the page
    at site path ``page`` names; ``..`` above the root is kept, so such a link names no file."""
    parts = urlsplit(ref)
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):  # root-relative (404.html): the site is served at /
        path = unquote(parts.path).lstrip("/")
    else:
        path = posixpath.join(posixpath.dirname(page), unquote(parts.path))
    path = posixpath.normpath(path)
    if path.endswith("/") or path == ".":
        path = posixpath.join(path, "index.html")
    return path, unquote(parts.fragment)


@dataclass
class BatchLinks:
    """A batch's links: broken ones found, and those pointing out of its folders."""

    broken: list[str] = field(default_factory=list)
    outside: dict[tuple[str, str], str] = field(default_factory=dict)  # (path, anchor) -> "page: ref"


def check_batch(pages: dict[str, Refs], folders: Iterable[str]) -> BatchLinks:
    """Check the links of ``pages`` (site path -> what it links to) that stay in ``folders``
    (the batch wrote every file there); keep the others for the whole site."""
    mine = {f"{folder}/" for folder in folders}
    result = BatchLinks()
    for page, found in pages.items():
        for ref in found.refs:
            if not internal(ref):
                continue
            path, anchor = target_of(page, ref)
            if not path.startswith(tuple(mine)):
                result.outside.setdefault((path, anchor), f"{page}: {ref}")
            elif path not in pages:
                result.broken.append(f"{page}: {ref} (no such file)")
            elif anchor and path.endswith(".html") and anchor not in pages[path].ids:
                result.broken.append(f"{page}: {ref} (no such anchor)")
    return result
