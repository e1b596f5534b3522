"""One MkDocs build of the site: some services' pages (in a pool process), or the home page.

Stage: site (an edge: writes a staging folder inside the site folder and moves what it built
into place). Input: services (with their operations), the values folder and the verify reports'
proofs; or, for the home page, the page count of every service. Output: the services' folders of
HTML pages moved into the site folder, with their search index entries (:class:`BatchResult`);
the home build moves the home page, the 404 page, the theme's assets and the sitemap.

A service's pages are generated here (:func:`generator.generate.pipeline.generate`, docs pages
kept, never rendered again), reshaped by :mod:`generator.site.pages` and built by MkDocs with
the plugins of :mod:`generator.site.hooks`: each page shows its own service's navigation, so a
page is the same whichever services share its build. The docs folder of a build of services
holds a one-line home page (their navigation starts at home; its HTML is thrown away) and the
home build holds a one-line overview per service (the home page links to them; thrown away).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.caches import release_service_caches
from generator.generate.pipeline import generate
from generator.model.ir import Service
from generator.model.lower import load_service
from generator.render.env import TEMPLATES, render
from generator.site.links import BatchLinks, Refs, check_batch
from generator.site.pages import (
    Listed,
    home_page,
    overview_page,
    related_section,
    relations,
    resource_groups,
    site_page,
)
from generator.site.proven import Proofs
from generator.targets import Artifact, example_digest
from generator.targets.registry import TARGETS

_PAGE = re.compile(r"^([^/]+)/([A-Za-z0-9]+)\.md$")
_SCENARIO = re.compile(r"^([^/]+)/scenarios/([a-z0-9-]+)\.md$")  # a scenario's page
STYLESHEET = "assets/sdk-parity.css"
STUB_HOME = "# sdk-parity examples\n"  # the navigation's home in a build of services (not kept)
SEARCH_INDEX = Path("search") / "search_index.json"
NAV_GROUPS = 40  # above this many resources a service's navigation groups them by initial letter
ROOT_FILES = ("index.html", "404.html", "assets", "search", "sitemap.xml", "sitemap.xml.gz")
Plan = list[tuple[str, list[str] | None]]


@dataclass
class BatchResult:
    """What one build did: pages per service, skipped operations, search entries, CPU seconds."""

    pages: dict[str, int] = field(default_factory=dict)
    listed: list[Listed] = field(default_factory=list)  # its services' rows of the home page
    skipped: int = 0
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # service -> entries
    links: BatchLinks = field(default_factory=BatchLinks)
    cpu: dict[str, float] = field(default_factory=dict)
    error: str = ""


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


def page_title(page: str) -> str:
    """A page's title: its first heading without the anchor."""
    first = page.split("\n", 1)[0]
    return re.sub(r"<a name=.*$", "", first.lstrip("# ")).replace("\\", "").strip()


def service_docs(
    service: Service, pages: dict[str, str], proofs: Proofs | None = None,
    digests: dict[tuple[str, str], dict[str, str]] | None = None,
    code: dict[str, list[str]] | None = None, scenarios: dict[str, str] | None = None,
) -> dict[str, str]:  # fmt: skip
    """A service's part of the docs folder: its overview, its scenario pages (``scenarios``:
    resource -> page) and its operation pages, each example
    with its proven line when ``proofs`` say something about it (``digests``: operation ->
    language -> the digest of the page's example). Given ``code``, each page's tab sets are
    written as HTML into ``code[path]`` (see :func:`generator.site.pages.site_page`)."""
    rel = relations(service)
    docs: dict[str, str] = {}
    for operation, page in pages.items():
        related = related_section(service, operation, rel[operation], set(pages))
        shown = (digests or {}).get((service.name, operation), {})
        proven = {lang: proofs.line(service.name, operation, lang, shown) for lang in shown} if proofs else {}
        path = f"{service.name}/{operation}.md"
        blocks = code.setdefault(path, []) if code is not None else None
        docs[path] = site_page(page, related, {k: v for k, v in proven.items() if v}, blocks)
    own = scenarios or {}
    for resource, page in own.items():
        docs[f"{service.name}/scenarios/{resource}.md"] = site_page(page)
    listed = [(resource, page_title(page)) for resource, page in sorted(own.items())]
    docs[f"{service.name}/index.md"] = overview_page(service, set(pages), listed)
    return docs


def nav(
    services: list[Service], pages: dict[str, set[str]], scenarios: dict[str, list[tuple[str, str]]] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """The navigation of a build (as MkDocs reads it): home, then each service's overview, its
    scenarios (``scenarios``: service -> (resource, title)) and its operations (``pages``) by
    resource - by the resource's initial letter first when a service has more than
    :data:`NAV_GROUPS` resources. Shown per service (:class:`generator.site.hooks.ServiceNav`),
    pruned to the open resource."""
    entries: list[dict[str, Any]] = [{"Home": "index.md"}]
    for service in services:
        shown = pages.get(service.name, set())
        groups: list[dict[str, Any]] = []
        own = (scenarios or {}).get(service.name, [])
        scenario_group = [{"Scenarios": [{t: f"{service.name}/scenarios/{r}.md"} for r, t in own]}] if own else []
        for noun, names in resource_groups(service).items():
            kept = [{n: f"{service.name}/{n}.md"} for n in names if n in shown]
            if kept:
                groups.append({noun: kept})
        if len(groups) > NAV_GROUPS:
            letters: dict[str, list[dict[str, Any]]] = {}
            for group in groups:
                letters.setdefault(next(iter(group))[:1].upper(), []).append(group)
            groups = [{letter: items} for letter, items in sorted(letters.items())]
        entries.append({service.full_name: [f"{service.name}/index.md", *scenario_group, *groups]})
    return entries


def mkdocs_config(docs_dir: Path, site_dir: Path, entries: list[dict[str, Any]]) -> str:
    """The build's ``mkdocs.yml`` (paths and the navigation as JSON, which YAML reads as is)."""
    return render("site/mkdocs.yml.j2", docs_dir=json.dumps(str(docs_dir)),
                  site_dir=json.dumps(str(site_dir)), nav=json.dumps(entries, ensure_ascii=False))


def _mkdocs(
    docs: dict[str, str], entries: list[dict[str, Any]], staging: Path, pages_only: bool,
    code: dict[str, list[str]] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Refs]]:  # fmt: skip
    """Build ``docs`` with MkDocs into ``staging``; the search index entries it wrote and the
    links of each page (by its path in the site)."""
    # deferred: MkDocs loads its plugins and themes at import (about a second)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.site import hooks  # deferred with MkDocs: the hooks are MkDocs plugins

    with tempfile.TemporaryDirectory(prefix="sdk-parity-site-") as tmp:
        docs_dir = Path(tmp) / "docs"
        for path, text in docs.items():
            target = docs_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        config_file = Path(tmp) / "mkdocs.yml"
        config_file.write_text(mkdocs_config(docs_dir, staging, entries), encoding="utf-8")
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        config = load_config(config_file=str(config_file))
        links, blocks = hooks.register(config, pages_only=pages_only, code=code or {})
        try:
            build(config)
        except Exception as exc:
            raise RuntimeError(f"MkDocs failed on {blocks.current}: {type(exc).__name__}: {exc}") from exc
    index = json.loads((staging / SEARCH_INDEX).read_text(encoding="utf-8"))
    return list(index["docs"]), links.pages


def build_services(plan: Plan, values_dir: Path | None, out: Path, proofs: Proofs | None) -> BatchResult:
    """Generate and build the plan's services; move their folders into ``out``. What fails is
    the result's ``error`` (one line: the services, the page MkDocs was reading, the error)."""
    try:
        return _build_services(plan, values_dir, out, proofs)
    except Exception as exc:  # noqa: BLE001 - reported by the parent as one line, not a traceback
        names = ", ".join(name for name, _ in plan)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return BatchResult(error=f"the site of {names} could not be built: {first}")


def _build_services(plan: Plan, values_dir: Path | None, out: Path, proofs: Proofs | None) -> BatchResult:
    result = BatchResult()
    cpu = time.process_time()
    docs: dict[str, str] = {"index.md": STUB_HOME}
    code: dict[str, list[str]] = {}
    services: list[Service] = []
    pages: dict[str, set[str]] = {}
    listed: dict[str, list[tuple[str, str]]] = {}
    for name, operations in plan:
        outcome = generate([(name, operations)], values_dir)
        texts = {a.path: a.content for a in outcome.artifacts}
        digests: dict[tuple[str, str], dict[str, str]] = {}
        for service_name, operation, lang, path in outcome.examples:
            digests.setdefault((service_name, operation), {})[lang] = example_digest(texts[path])
        service = load_service(name)
        ops = docs_pages(outcome.artifacts).get(name, {})
        own = scenario_pages(outcome.artifacts).get(name, {})
        docs.update(service_docs(service, ops, proofs, digests, code, own))
        listed[name] = [(resource, page_title(page)) for resource, page in sorted(own.items())]
        services.append(service)
        pages[name] = set(ops)
        result.pages[name] = len(ops)
        result.listed.append(Listed(name, service.full_name, service.api_version, len(ops)))
        result.skipped += len({(s, o) for s, o, lang, _ in outcome.skipped if lang == "docs"})
        release_service_caches()
    result.cpu["generate"] = time.process_time() - cpu
    cpu = time.process_time()
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out))
    try:
        entries, links = _mkdocs(docs, nav(services, pages, listed), staging, pages_only=True, code=code)
        kept = tuple(f"{service.name}/" for service in services)
        result.links = check_batch({p: r for p, r in links.items() if p.startswith(kept)},
                                   [service.name for service in services])
        for service in services:
            result.search[service.name] = [e for e in entries if e["location"].startswith(f"{service.name}/")]
            os.replace(staging / service.name, out / service.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.cpu["mkdocs"] = time.process_time() - cpu
    return result


def build_home(
    services: list[Listed], out: Path
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Refs]]:
    """Build the home page (and the 404 page, the theme's assets, the sitemap) into ``out``;
    the search index's config, the home page's entries and the links of the pages kept."""
    docs = {"index.md": home_page(services, [t.title for t in TARGETS])}
    docs.update({f"{s.name}/index.md": f"# {s.full_name}\n" for s in services})
    entries = [{"Home": "index.md"}] + [{s.full_name: [f"{s.name}/index.md"]} for s in services]
    docs[STYLESHEET] = (TEMPLATES / "site" / "extra.css").read_text(encoding="utf-8")
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out))
    try:
        found, links = _mkdocs(docs, entries, staging, pages_only=False)
        config = json.loads((staging / SEARCH_INDEX).read_text(encoding="utf-8"))["config"]
        for name in ROOT_FILES:
            if (staging / name).exists():
                os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return config, [e for e in found if "/" not in e["location"]], {p: r for p, r in links.items() if "/" not in p}
