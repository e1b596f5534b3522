"""``sdk-parity site``: the docs pages as a static HTML site (MkDocs, Material theme).

Stage: an edge, like :mod:`generator.write`. Input: a plan, the values folder and what verify
reports proved (:mod:`generator.site.proven`). Output: the site in ``out``.

Built in parallel: the plan's services are shared out to a pool of processes, in batches of
about :data:`BATCH_PAGES` operation pages, largest first; each batch is generated and built by
MkDocs on its own (:func:`generator.site.batch.build_services`) and moved into ``out``. Each page
shows its own service's navigation, so a page does not depend on which services share its batch
and the site is the same for any number of processes. Then one small build writes the home page,
the 404 page and the theme's assets (:func:`generator.site.batch.build_home`), and the batches'
search index entries are written as one index, the home page's first, then service by service.
Search is Material's built-in search (an index built at build time, searched in the browser; no
external service), system fonts, nothing fetched from the network. :func:`check_links` verifies
that every internal ``href``/``src`` of the built site resolves to a file (and anchor);
:mod:`generator.site.serve` serves the built folder on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import SdkParityError
from generator.generate.catalog import die_with_parent, service_key
from generator.site.batch import SEARCH_INDEX, BatchResult, Plan, build_home, build_services
from generator.site.links import Refs, internal, scan, target_of
from generator.site.proven import Proofs

PARALLEL_CHECK = 1000  # pages from which check_links uses a process pool
BATCH_PAGES = 400  # operation pages per MkDocs build: enough to spread its fixed cost (about
# a third of a second), few enough to keep both processes busy to the end
PAGE_BYTES = 1000  # the model bytes of an operation, roughly (ec2: 1.2 MB for 830)


@dataclass
class SiteReport:
    pages: int = 0
    services: int = 0
    skipped: int = 0
    processes: int = 1
    broken: list[str] = field(default_factory=list)  # internal links that resolve to nothing
    seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per phase
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per phase, all processes

    def text(self) -> str:
        walls = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        cpus = ", ".join(f"{k} {v:.1f}s" for k, v in self.cpu.items())
        return (f"{self.pages} operation pages of {self.services} services "
                f"({self.skipped} skipped); {self.processes} processes; wall {walls}; cpu {cpus}")


def batches(plan: Plan, sizes: dict[str, int], limit: int) -> list[Plan]:
    """The plan in batches of about ``limit`` (in ``sizes``' unit; a larger service alone),
    largest first."""
    ordered = sorted(plan, key=lambda entry: (-sizes[entry[0]], entry[0]))
    result: list[Plan] = []
    current: Plan = []
    count = 0
    for entry in ordered:
        if current and count + sizes[entry[0]] > limit:
            result.append(current)
            current, count = [], 0
        current.append(entry)
        count += sizes[entry[0]]
    return [*result, current] if current else result


def build_site(
    plan: Plan, values_dir: Path | None, out: Path,
    progress: Callable[[str, int, int], None] | None = None,
    *, workers: int = 0, proofs: Proofs | None = None,
) -> SiteReport:  # fmt: skip
    """Build the plan's site into ``out`` (its contents replaced), ``workers`` processes (0:
    one per core). ``progress(service, done, total)`` is called as each batch is done."""
    report = SiteReport()
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    _clean(out)
    # a service's weight: its model's size, read without decoding it (about 1 KB an operation)
    sizes = {name: len(ops) * PAGE_BYTES if ops else service_key(name, None, "")[1] for name, ops in plan}
    jobs = batches(plan, sizes, BATCH_PAGES * PAGE_BYTES)
    count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    report.processes = count
    results: list[BatchResult] = []
    done = 0
    failed: list[str] = []
    for result in _run(jobs, values_dir, out, proofs, count):
        if result.error:
            failed.append(result.error)
            continue
        results.append(result)
        done += len(result.pages)
        if progress is not None:
            progress(max(result.pages, key=lambda n: result.pages[n], default=""), done, len(plan))
    if failed:
        more = f" (and {len(failed) - 1} more batches)" if len(failed) > 1 else ""
        raise SdkParityError(sorted(failed)[0] + more, path=str(out))
    report.seconds["services"] = time.perf_counter() - started
    start = time.perf_counter()
    cpu = time.process_time()
    report.broken = _assemble(out, results)
    report.seconds["home"] = time.perf_counter() - start
    report.seconds["total"] = time.perf_counter() - started
    for phase in ("generate", "mkdocs"):
        report.cpu[phase] = sum(r.cpu.get(phase, 0.0) for r in results)
    report.cpu["home"] = time.process_time() - cpu
    report.pages = sum(n for r in results for n in r.pages.values())
    report.services = sum(len(r.pages) for r in results)
    report.skipped = sum(r.skipped for r in results)
    return report


def _assemble(out: Path, results: list[BatchResult]) -> list[str]:
    """Build the home page, write the one search index, check the links that leave a batch's
    services; the broken links of the whole site."""
    config, home, root_links = build_home(sorted((s for r in results for s in r.listed), key=lambda s: s.name), out)
    search = dict(sorted((name, e) for r in results for name, e in r.search.items()))
    docs = home + [entry for entries in search.values() for entry in entries]
    # the index as Material's search plugin writes it (one build of every page writes the same)
    (out / SEARCH_INDEX).write_text(json.dumps({"config": config, "docs": docs},
                                               separators=(",", ":"), default=str), encoding="utf-8")
    outside = {key: where for r in results for key, where in r.links.outside.items()}
    for page, found in root_links.items():
        for ref in found.refs:
            if internal(ref):
                outside.setdefault(target_of(page, ref), f"{page}: {ref}")
    return sorted([line for r in results for line in r.links.broken] + _check_outside(out, outside))


def _clean(out: Path) -> None:
    """Empty ``out`` but for its hidden entries (as MkDocs cleans its site folder)."""
    for entry in out.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _run(
    jobs: list[Plan], values_dir: Path | None, out: Path, proofs: Proofs | None, count: int
) -> Iterator[BatchResult]:
    """The batches' results as they finish: in this process for one worker, else in a pool."""
    def args(job: Plan) -> tuple[Plan, Path | None, Path, Proofs | None]:
        return job, values_dir, out, proofs.for_services({n for n, _ in job}) if proofs else None

    if count == 1:
        for job in jobs:
            yield build_services(*args(job))
        return
    with ProcessPoolExecutor(max_workers=count, initializer=die_with_parent) as pool:
        queue = list(reversed(jobs))
        pending: set[Future[BatchResult]] = set()
        while queue or pending:
            while queue and len(pending) < count * 2:
                pending.add(pool.submit(build_services, *args(queue.pop())))
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()


# ---------------------------------------------------------------- link check


def _parse(path: Path, cache: dict[Path, Refs]) -> Refs:
    if path not in cache:
        cache[path] = scan(path.read_text(encoding="utf-8", errors="replace"))
    return cache[path]


def _check_outside(out: Path, links: dict[tuple[str, str], str]) -> list[str]:
    """Check links (site path, anchor -> the first ``page: ref`` naming them) against the
    built site's files."""
    root = out.resolve()
    cache: dict[Path, Refs] = {}
    broken: list[str] = []
    for (path, anchor), where in sorted(links.items()):
        target = (root / path).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(root) or not target.is_file():
            broken.append(f"{where} (no such file)")
        elif anchor and target.suffix == ".html" and anchor not in _parse(target, cache).ids:
            broken.append(f"{where} (no such anchor)")
    return broken


def check_links(site_dir: Path, anchors: bool = True, workers: int = 0) -> list[str]:
    """Every internal href/src of every HTML page that does not resolve: ``page: ref (why)``.

    A large site is checked by ``workers`` processes (0: one per core), a folder each at a time."""
    root = site_dir.resolve()
    pages = sorted(root.rglob("*.html"))
    count = workers or os.cpu_count() or 1
    if count == 1 or len(pages) < PARALLEL_CHECK:
        return _check(root, pages, anchors)
    folders: dict[str, list[Path]] = {}
    for page in pages:  # a folder's pages link to each other: one process parses them once
        folders.setdefault(page.relative_to(root).parts[0] if page.parent != root else "", []).append(page)
    with ProcessPoolExecutor(max_workers=count, initializer=die_with_parent) as pool:
        found = pool.map(_check, [root] * len(folders), folders.values(), [anchors] * len(folders))
        return sorted((line for lines in found for line in lines), key=lambda line: line.split(": ", 1)[0])


def _check(root: Path, pages: list[Path], anchors: bool) -> list[str]:
    cache: dict[Path, Refs] = {}
    resolved: dict[tuple[Path, str], Path | None] = {}  # the pages of a folder share most links
    broken: list[str] = []
    for page in pages:
        for ref in _parse(page, cache).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith(("mailto:", "javascript:", "data:")):
                continue
            key = (page.parent, parts.path)
            if not parts.path:
                target: Path | None = page
            elif key in resolved:
                target = resolved[key]
            else:
                target = resolved[key] = _target(root, page, parts.path)
            name = page.relative_to(root).as_posix()
            if target is None:
                broken.append(f"{name}: {ref} (no such file)")
            elif anchors and parts.fragment and target.suffix == ".html":
                fragment = unquote(parts.fragment)
                if fragment not in _parse(target, cache).ids:
                    broken.append(f"{name}: {ref} (no such anchor)")
    return broken


def _target(root: Path, page: Path, path: str) -> Path | None:
    """The file a link's path names, or None when it names no file of the site."""
    if path.startswith("/"):  # root-relative (404.html): the site is served at /
        target = (root / unquote(path).lstrip("/")).resolve()
    else:
        target = (page.parent / unquote(path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_relative_to(root) and target.is_file() else None
