"""The site's MkDocs plugins: a navigation per service, and a search index fed without the code.

Stage: site (inside MkDocs' build, registered by :mod:`generator.site.batch`; never named in a
``mkdocs.yml``). Input: MkDocs' navigation, files and pages. Output: the same objects, changed
in place:

* :class:`ServiceNav` - each service's pages show that service's navigation (home, the service's
  overview and its operations by resource, pruned to the open resource) and step previous/next
  within the service. A page's HTML then depends on its own service only, whichever services
  one MkDocs build holds, so builds of a few services each, in parallel processes, write the
  very pages one build of them all would; and a nav of every service of the catalog (about 450,
  rendered into each of 20,000 pages) is not rendered at all.
* :class:`SearchWithoutExamples` - Material's search plugin parses each page's HTML to index its
  sections and drops the sections marked ``data-search-exclude`` (the example sections: most of
  a page's HTML, highlighted token by token). This hands the plugin's own indexer the page
  without those sections, so the index is the same and the parsing a fraction of the work.
* :class:`CodeBlocks` - the example tab sets, written as HTML by :mod:`generator.site.code`,
  put in place of their placeholders in each page's HTML.
* :class:`PagesOnly` - a build of some services writes their pages only: the theme's files, the
  404 page and the sitemap come from the one build of the home page.
* :class:`LinkCollector` - the links and ids of each page as MkDocs writes it, for the link check
  (:mod:`generator.site.links`).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from generator.site.links import Refs, scan
from generator.site.pages import CODE_PLACEHOLDER

# a section excluded from search: its heading with data-search-exclude, up to the next heading
_EXCLUDED = re.compile(r"<h([1-6])\b[^>]*\bdata-search-exclude\b.*?(?=<h[1-6][\s>]|\Z)", re.DOTALL)
_SEARCH_ATTRS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what the search plugin strips
_PLACEHOLDER = re.compile(re.escape(CODE_PLACEHOLDER).replace(r"\{\}", r"(\d+)"))


def _service(page: Page) -> str:
    """The service a page belongs to: the first folder of its path ("" for the home page)."""
    head, _, rest = page.file.src_uri.partition("/")
    return head if rest else ""


def _pages(item: Any) -> list[Page]:
    if isinstance(item, Page):
        return [item]
    found: list[Page] = []
    for child in getattr(item, "children", None) or []:
        found += _pages(child)
    return found


class ServiceNav(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Per service: a navigation of the home page and that service's section only."""

    def __init__(self) -> None:
        self.navs: dict[str, Navigation] = {}

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        home = nav.homepage
        for item in nav.items:
            if not isinstance(item, Section):
                continue
            pages = _pages(item)
            if not pages:
                continue
            for previous, page, following in zip([home, *pages[:-1]], pages, [*pages[1:], None], strict=True):
                page.previous_page, page.next_page = previous, following
            top = [home, item] if home is not None else [item]
            self.navs[_service(pages[0])] = Navigation(top, [p for p in (home, *pages) if p is not None])
        return nav

    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        own = self.navs.get(_service(page))
        if own is not None:
            context["nav"] = own
        return context


class SearchWithoutExamples(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Takes the place of the search plugin's ``on_page_context`` (same index, less parsing)."""

    def __init__(self, search: Any) -> None:
        self.search = search

    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        content = page.content or ""
        page.content = _EXCLUDED.sub("", content)
        try:
            self.search.search_index.add_entry_from_context(page)
        finally:
            page.content = _SEARCH_ATTRS.sub("", content)
        return context


class LinkCollector(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """The links and ids of every page as it is written (checked without reading it again)."""

    def __init__(self) -> None:
        self.pages: dict[str, Refs] = {}

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.pages[page.file.dest_uri] = scan(output)
        return output


class CodeBlocks(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Puts each page's example tab sets, written as HTML, in place of their placeholders."""

    def __init__(self, blocks: dict[str, list[str]]) -> None:
        self.blocks = blocks  # page path in the docs folder -> its tab sets' HTML, in order
        self.current = ""  # the page being read (named when MkDocs fails on it)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.current = page.file.src_uri
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        blocks = self.blocks.get(page.file.src_uri)
        if not blocks:
            return html
        return _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], html)


class PagesOnly(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Builds the documentation pages and nothing else of the theme."""

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        config.theme.static_templates.clear()
        return Files([f for f in files if f.is_documentation_page()])


def register(
    config: MkDocsConfig, *, pages_only: bool, code: dict[str, list[str]]
) -> tuple[LinkCollector, CodeBlocks]:
    """Add the plugins to a loaded config, the search plugin's page hook replaced by ours; the
    collector of the pages' links, and the plugin that knows the page being read."""
    plugins = config.plugins
    search = plugins["material/search"] if "material/search" in plugins else plugins["search"]
    plugins.events["page_context"].remove(search.on_page_context)
    blocks = plugins["sdk-parity/code"] = CodeBlocks(code)
    plugins["sdk-parity/service-nav"] = ServiceNav()
    plugins["sdk-parity/search"] = SearchWithoutExamples(search)
    if pages_only:
        plugins["sdk-parity/pages-only"] = PagesOnly()
    links = plugins["sdk-parity/links"] = LinkCollector()
    return links, blocks
