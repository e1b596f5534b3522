"""``sdk-parity site``: the docs pages as a static HTML site (MkDocs, Material theme).

Stage: an edge, like :mod:`generator.write`. Input: a plan, run through
:func:`generator.pipeline.generate` in memory; its docs pages (``SERVICE/Operation.md``) are
reshaped by :mod:`generator.site_pages` - never rendered again - and written with a home page,
one overview per service and ``mkdocs.yml`` into a temporary docs folder, then ``mkdocs build``
(its Python API) writes the HTML into ``out``. Search is Material's built-in search (an index
built at build time, searched in the browser; no external service), system fonts, nothing
fetched from the network. :func:`check_links` verifies
that every internal ``href``/``src`` of the built site resolves to a file (and anchor);
:func:`serve` serves the built folder on 127.0.0.1.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import logging
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.generate.pipeline import Outcome, generate
from generator.model.ir import Service
from generator.model.lower import load_service
from generator.render.env import TEMPLATES, render
from generator.site.pages import (
    home_page,
    overview_page,
    related_section,
    relations,
    resource_groups,
    site_page,
)
from generator.targets import Artifact

NAV_LIMIT = 250  # above this many operation pages the nav lists only the service overviews
# (Material renders the whole nav into every page: a nav of every page is quadratic)
_PAGE = re.compile(r"^([^/]+)/([A-Za-z0-9]+)\.md$")
_SCENARIO = re.compile(r"^([^/]+)/scenarios/([a-z0-9-]+)\.md$")  # a scenario's page


@dataclass
class SiteReport:
    pages: int = 0
    services: int = 0
    skipped: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of this process per phase

    def text(self) -> str:
        times = ", ".join(
            f"{k} {v:.1f}s (cpu {self.cpu.get(k, 0.0):.1f}s)" for k, v in self.seconds.items()
        )
        return (f"{self.pages} operation pages of {self.services} services "
                f"({self.skipped} skipped); {times}")


def _pages(artifacts: Iterable[Artifact], pattern: re.Pattern[str]) -> dict[str, dict[str, str]]:
    pages: dict[str, dict[str, str]] = {}
    for artifact in artifacts:
        match = pattern.match(artifact.path)
        if match:
            pages.setdefault(match.group(1), {})[match.group(2)] = artifact.content
    return pages


def docs_pages(artifacts: Iterable[Artifact]) -> dict[str, dict[str, str]]:
    """service -> operation -> the rendered docs page (the pipeline's ``.md`` artifacts)."""
    return _pages(artifacts, _PAGE)


def scenario_pages(artifacts: Iterable[Artifact]) -> dict[str, dict[str, str]]:
    """service -> resource -> its scenario's page (``SERVICE/scenarios/resource.md``)."""
    return _pages(artifacts, _SCENARIO)


def _title(page: str) -> str:
    """A page's title: its first heading without the anchor."""
    first = page.split("\n", 1)[0]
    return re.sub(r"<a name=.*$", "", first.lstrip("# ")).replace("\\", "").strip()


def site_docs(
    pages: dict[str, dict[str, str]], services: dict[str, Service],
    scenarios: dict[str, dict[str, str]] | None = None,
) -> dict[str, str]:  # fmt: skip
    """The site's docs folder as relative path -> text (Markdown pages and the stylesheet);
    ``scenarios``: each service's scenario pages, a section of its own."""
    docs: dict[str, str] = {}
    counts: list[tuple[Service, int]] = []
    for name in sorted(pages):
        service = services[name]
        rel = relations(service)
        for operation, page in pages[name].items():
            related = related_section(service, operation, rel[operation], set(pages[name]))
            docs[f"{name}/{operation}.md"] = site_page(page, related)
        own = (scenarios or {}).get(name, {})
        for resource, page in own.items():
            docs[f"{name}/scenarios/{resource}.md"] = site_page(page)
        listed = [(resource, _title(page)) for resource, page in sorted(own.items())]
        docs[f"{name}/index.md"] = overview_page(service, set(pages[name]), listed)
        counts.append((service, len(pages[name])))
    docs["index.md"] = home_page(counts)
    docs["assets/sdk-parity.css"] = (TEMPLATES / "site" / "extra.css").read_text(encoding="utf-8")
    return docs


def _nav(
    pages: dict[str, dict[str, str]], services: dict[str, Service],
    scenarios: dict[str, dict[str, str]] | None = None,
) -> list[dict[str, object]]:  # fmt: skip
    with_operations = sum(len(p) for p in pages.values()) <= NAV_LIMIT
    nav: list[dict[str, object]] = []
    for name in sorted(pages):
        service = services[name]
        groups = []
        own = (scenarios or {}).get(name, {})
        if with_operations and own:
            groups.append((json.dumps("Scenarios"), [
                (json.dumps(_title(page)), json.dumps(f"{name}/scenarios/{resource}.md"))
                for resource, page in sorted(own.items())
            ]))  # fmt: skip
        if with_operations:
            for noun, names in resource_groups(service).items():
                entries = [(json.dumps(n), json.dumps(f"{name}/{n}.md")) for n in names
                           if n in pages[name]]
                if entries:
                    groups.append((json.dumps(noun), entries))
        nav.append({"title": json.dumps(service.full_name),
                    "index": json.dumps(f"{name}/index.md"), "groups": groups})
    return nav


def mkdocs_config(docs_dir: Path, site_dir: Path, nav: list[dict[str, object]]) -> str:
    return render("site/mkdocs.yml.j2", docs_dir=json.dumps(str(docs_dir)),
                  site_dir=json.dumps(str(site_dir)), nav=nav)


def build_site(
    plan: list[tuple[str, list[str] | None]], values_dir: Path | None, out: Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> SiteReport:
    """Generate the plan in memory, write the site's docs folder to a temp dir, build into out.

    ``progress(service, done, total)`` is called as each service's pages are generated."""

    report = SiteReport()
    start, cpu = time.perf_counter(), time.process_time()
    outcome = Outcome()
    for done, entry in enumerate(plan, 1):
        one = generate([entry], values_dir)
        outcome.artifacts += [a for a in one.artifacts if _PAGE.match(a.path) or _SCENARIO.match(a.path)]
        outcome.skipped += one.skipped
        if progress is not None:
            progress(entry[0], done, len(plan))
    pages = docs_pages(outcome.artifacts)
    scenarios = scenario_pages(outcome.artifacts)
    services = {name: load_service(name) for name in pages}
    report.seconds["generate"] = time.perf_counter() - start
    report.cpu["generate"] = time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    docs = site_docs(pages, services, scenarios)
    report.pages = sum(len(p) for p in pages.values())
    report.services = len(pages)
    report.skipped = len({(s, o) for s, o, lang, _ in outcome.skipped if lang == "docs"})
    with tempfile.TemporaryDirectory(prefix="sdk-parity-site-") as tmp:
        docs_dir = Path(tmp) / "docs"
        for path, text in docs.items():
            target = docs_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        config = Path(tmp) / "mkdocs.yml"
        config.write_text(mkdocs_config(docs_dir, out.resolve(), _nav(pages, services, scenarios)),
                          encoding="utf-8")
        report.seconds["pages"] = time.perf_counter() - start
        report.cpu["pages"] = time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        _mkdocs_build(config)
    report.seconds["mkdocs"] = time.perf_counter() - start
    report.cpu["mkdocs"] = time.process_time() - cpu
    return report


def _mkdocs_build(config_file: Path) -> None:
    # deferred: MkDocs loads its plugins and themes at import (about a second)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(config_file=str(config_file))
    build(config)


# ---------------------------------------------------------------- link check


_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_ATTRS = re.compile(r"""\s(href|src|id|name)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


@dataclass
class _Refs:
    refs: list[str]
    ids: set[str]


def _scan(text: str) -> _Refs:
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
    return _Refs(refs, ids)


def _parse(path: Path, cache: dict[Path, _Refs]) -> _Refs:
    if path not in cache:
        cache[path] = _scan(path.read_text(encoding="utf-8", errors="replace"))
    return cache[path]


def check_links(site_dir: Path, anchors: bool = True) -> list[str]:
    """Every internal href/src of every HTML page that does not resolve: ``page: ref (why)``."""
    root = site_dir.resolve()
    cache: dict[Path, _Refs] = {}
    broken: list[str] = []
    for page in sorted(root.rglob("*.html")):
        for ref in _parse(page, cache).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith(("mailto:", "javascript:", "data:")):
                continue
            if not parts.path:
                target = page
            elif parts.path.startswith("/"):  # root-relative (404.html): the site is served at /
                target = (root / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            name = page.relative_to(root).as_posix()
            if not target.is_relative_to(root) or not target.is_file():
                broken.append(f"{name}: {ref} (no such file)")
            elif anchors and parts.fragment and target.suffix == ".html":
                fragment = unquote(parts.fragment)
                if fragment not in _parse(target, cache).ids:
                    broken.append(f"{name}: {ref} (no such anchor)")
    return broken


# ---------------------------------------------------------------- serve


def serve(site_dir: Path, port: int = 8000) -> None:  # pragma: no cover - interactive
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {site_dir} on http://127.0.0.1:{server.server_address[1]}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
