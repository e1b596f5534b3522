"""Whole-catalog verification: every example of many services on the wire, incremental.

Stage: verify driver (``sdk-parity verify --all`` / ``--services``). Input: service names, the
languages, a values folder and a cache file. Output: a :class:`CatalogVerify` - per example its
verdict row, per mismatch an actionable entry (:func:`generator.verify.examples.mismatch_entry`),
counts per language and protocol, reasons counted - and the cache file updated.

Parallel like ``generate --all``: services are spread over a process pool, largest model first;
a pool process renders one service's examples (:func:`generator.verify.collect.collect`) and
runs them with the same runners and the same judge as ``sdk-parity verify`` (two runner threads,
each with its endpoint and its long-lived example worker, reused from one service to the next).
Before the pool starts, a run with Java resolves the SDK modules of the services it will verify
in a few Maven runs (:func:`generator.verify.javatool.prefetch`), not one Maven run per service.

Incremental, keyed by content hashes:

* service key - :func:`generator.generate.catalog.service_key` (sdk-parity's code, data and
  templates, every botocore file of the service, its values files) plus the SDK versions
  (:func:`sdk_versions`). When it matches the cache and every asked language has a row for every
  operation, the service is not even loaded;
* example key - the operation's model slice (:class:`generator.generate.catalog.Slices`), the
  example's text exactly as rendered, and the SDK versions. An example whose key matches keeps
  its recorded verdict and is not run again.

``use_cache=False`` runs everything (and rewrites the cache). The cache file is also written
every :data:`CHECKPOINT_SECONDS` while services finish, so a run that is stopped (a CI job's
time limit, a killed terminal) resumes where it was: the services it finished are not loaded
again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import multiprocessing.util
import os
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.caches import release_service_caches
from generator.errors import SdkParityError
from generator.generate import fs
from generator.generate.catalog import (
    Slices,
    die_with_parent,
    generator_key,
    key_bytes,
    service_key,
)
from generator.generate.pipeline import values_file_for
from generator.generate.write import write_changed
from generator.model import load
from generator.model.lower import load_service
from generator.naming import java as jnames
from generator.targets import Artifact
from generator.targets.registry import NAMES
from generator.verify import inproc, javatool
from generator.verify.collect import collect
from generator.verify.examples import (
    KNOWN_GAP,
    MISMATCH,
    NOT_EXPRESSIBLE,
    PARITY,
    Example,
    Verdict,
    category,
    mismatch_entry,
    report_date,
    with_digests,
)
from generator.verify.run import execute
from generator.versions import example_sdks

FORMAT = 2  # 2: each verdict row carries the digest of the example it judged
REPO = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = REPO / ".cache" / "verify" / "manifest.json"
CHECKPOINT_SECONDS = 60.0  # how often a long run writes the services it finished so far
THREADS = 2  # runner threads per pool process: one waits on its example while the other decodes
CATEGORIES = (PARITY, MISMATCH, NOT_EXPRESSIBLE, "sdk module not available", KNOWN_GAP)
_SDKS = ("boto3", "botocore", "awscli")


def sdk_versions() -> str:
    """The SDKs the examples run on: the Python distributions and the Java BOMs tried."""
    parts = []
    for name in _SDKS:
        try:
            parts.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name} -")
    parts.append("java " + ",".join(javatool.BOM_VERSIONS))
    return "; ".join(parts)


def _digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


# --------------------------------------------------------------------------- one service


@dataclass
class ServiceVerify:
    """What a pool process did for one service, and its cache entry."""

    name: str
    protocol: str
    entry: dict[str, Any]
    ran: int = 0  # examples run (not taken from the cache)
    reused: int = 0
    crashes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # bad values files: exit 2 at the end


def _cell(verdict: Verdict, key: str, values_dir: str) -> dict[str, Any]:
    cell: dict[str, Any] = {"key": key, "row": verdict.row()}
    if verdict.status == MISMATCH:
        cell["mismatch"] = mismatch_entry(verdict, values_dir)
    return cell


def verify_service(
    name: str, langs: Sequence[str], values_dir: Path | None, key: str, sdk: str,
    previous: dict[str, Any] | None, threads: int = THREADS,
) -> ServiceVerify:  # fmt: skip
    """Render one service's examples, run those whose key changed, return its cache entry."""
    generator = generator_key()
    raw = load.load_raw(name)
    service = load_service(name)
    slices = Slices(raw, service, generator)
    old_ops: dict[str, Any] = (previous or {}).get("ops", {})
    shown_values = _shown(values_dir)
    op_keys: dict[str, str] = {}
    for op_name in service.operations:
        values_file = values_file_for(values_dir, name, op_name)
        values = key_bytes(values_file) if values_file is not None else b""  # never blocks
        op_keys[op_name] = slices.key(op_name, values)
    # the SDKs the examples run on, as the report names them (kept with the verdicts they made)
    sdks = example_sdks(service.service_id)
    result = ServiceVerify(name, service.protocol, {"key": key, "sdk": sdk, "sdks": sdks, "ops": {}})
    ops: dict[str, dict[str, Any]] = result.entry["ops"]
    with tempfile.TemporaryDirectory(prefix="sdk-parity-verify-") as tmp:
        examples, refused = collect([(name, None)], langs, values_dir, Path(tmp))
        for verdict in refused:  # decided while rendering: recorded, never run
            cell_key = _digest(op_keys[verdict.operation], "refused", sdk)
            ops.setdefault(verdict.operation, {})[verdict.lang] = _cell(verdict, cell_key, shown_values)
        todo: list[tuple[Example, str]] = []
        for example in examples:
            cell_key = _digest(op_keys[example.operation], example.lang, example.text, sdk)
            old = old_ops.get(example.operation, {}).get(example.lang)
            if old is not None and old.get("key") == cell_key:
                ops.setdefault(example.operation, {})[example.lang] = old
                result.reused += 1
            else:
                todo.append((example, cell_key))
        keys = {ex.key: cell_key for ex, cell_key in todo}
        verdicts, timings = execute([ex for ex, _ in todo], workers=threads)
        verdicts = with_digests(verdicts, [ex for ex, _ in todo])
    for verdict in verdicts:
        cell_key = keys[(verdict.service, verdict.operation, verdict.lang, verdict.label)]
        ops.setdefault(verdict.operation, {})[verdict.lang] = _cell(verdict, cell_key, shown_values)
    result.ran = len(todo)
    result.timings = timings
    result.entry["ops"] = {op: dict(sorted(cells.items())) for op, cells in sorted(ops.items())}
    release_service_caches()
    return result


def _shown(path: Path | None) -> str:
    """A folder as a reproducing command names it: relative to the current folder if inside."""
    if path is None:
        return ""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _verify(args: tuple[Any, ...]) -> ServiceVerify:
    try:
        return verify_service(*args)
    except SdkParityError as exc:  # a values file that cannot be read or does not validate
        return ServiceVerify(args[0], "", {}, errors=[str(exc)])
    except Exception:  # noqa: BLE001 - a service that fails is reported, not fatal
        return ServiceVerify(args[0], "", {}, crashes=[f"{args[0]}: {traceback.format_exc(limit=4)}"])


# --------------------------------------------------------------------------- the catalog


@dataclass
class CatalogVerify:
    """A whole run: rows, mismatches, counts per language and protocol, reasons."""

    langs: tuple[str, ...]
    services: int = 0
    loaded: int = 0
    ran: int = 0
    reused: int = 0
    seconds: float = 0.0
    rows: list[dict[str, str]] = field(default_factory=list)
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # lang, protocol, category
    reasons: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # lang, category, reason
    crashes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sdks: dict[str, dict[str, str]] = field(default_factory=dict)  # service -> language -> SDK

    @property
    def failed(self) -> bool:
        return bool(self.mismatches or self.crashes)

    def add(self, name: str, protocol: str, entry: dict[str, Any]) -> None:
        self.services += 1
        if entry.get("sdks"):
            self.sdks[name] = entry["sdks"]
        for cells in entry.get("ops", {}).values():
            for lang in self.langs:
                cell = cells.get(lang)
                if cell is None:
                    continue
                row = cell["row"]
                kind = category(row["status"], row.get("detail", ""))
                self.rows.append(row)
                self.counts[(lang, protocol, kind)] += 1
                if kind != PARITY:
                    self.reasons[(lang, kind, _reason(row.get("detail", "")))] += 1
                if "mismatch" in cell:
                    self.mismatches.append(cell["mismatch"])

    def summary(self) -> dict[str, Any]:
        per: dict[str, dict[str, dict[str, int]]] = {}
        for (lang, protocol, kind), n in sorted(self.counts.items()):
            per.setdefault(lang, {}).setdefault(protocol, dict.fromkeys(CATEGORIES, 0))[kind] += n
        return per

    def report(self) -> dict[str, Any]:
        return {
            "date": report_date(),
            "sdks": self.sdks,
            "langs": list(self.langs),
            "summary": self.summary(),
            "reasons": [
                {"lang": lang, "category": kind, "reason": reason, "count": n}
                for (lang, kind, reason), n in sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "mismatches": sorted(self.mismatches, key=lambda m: (m["service"], m["operation"], m["lang"])),
            "results": sorted(self.rows, key=lambda r: (r["service"], r["operation"], r["lang"])),
            "crashes": sorted(self.crashes),
        }

    def text(self, reasons: int = 15, mismatches: int = 30) -> str:
        lines = [
            f"{self.services} services, {len(self.rows)} examples: {self.ran} run, {self.reused} "
            f"from the cache; {self.loaded} services loaded; {self.seconds:.1f} s",
            f"{'language':9}{'protocol':20}" + "".join(f"{c:>26}" for c in CATEGORIES),
        ]
        summary = self.summary()
        for lang in self.langs:
            for protocol, counts in summary.get(lang, {}).items():
                lines.append(f"{lang:9}{protocol:20}" + "".join(f"{counts[c]:>26}" for c in CATEGORIES))
            total = Counter[str]()
            for counts in summary.get(lang, {}).values():
                total.update(counts)
            lines.append(f"{lang:9}{'all':20}" + "".join(f"{total[c]:>26}" for c in CATEGORIES))
        if self.reasons:
            lines.append("most frequent reasons:")
            ranked = sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
            lines += [f"  {lang} {kind}: {reason} x {n}" for (lang, kind, reason), n in ranked[:reasons]]
        if self.mismatches:
            lines.append(f"mismatches ({len(self.mismatches)}), first {min(mismatches, len(self.mismatches))}:")
            for m in sorted(self.mismatches, key=lambda m: (m["service"], m["operation"], m["lang"]))[:mismatches]:
                lines.append(f"  {m['service']} {m['operation']} [{m['lang']}]")
                for d in m.get("differences", [])[:3]:
                    lines.append(f"    {d['path']}: sent {d['sent']}, expected {d['expected']}")
                if "error" in m:
                    lines.append(f"    {m['error'][:300]}")
                lines.append(f"    reproduce: {m['reproduce']}")
        if self.crashes:
            lines.append(f"crashes ({len(self.crashes)}), first 10:")
            lines += ["  " + c.strip().replace("\n", "\n    ") for c in sorted(self.crashes)[:10]]
        return "\n".join(lines)


def _reason(detail: str) -> str:
    """A reason as counted: the detail without the specifics after its first clause."""
    return detail.split(" (")[0].split(": sent ")[0][:100]


def _read_cache(path: Path) -> dict[str, Any]:
    """The verdict cache, or nothing (a missing or malformed cache is rebuilt); a cache path
    that is a FIFO, a folder or a link is refused by the write at the end, never read."""
    try:
        kind, raw = fs.read_file(path.parent, path.name)
        data = json.loads(raw.decode("utf-8")) if kind == fs.FILE and raw is not None else {}
    except (SdkParityError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _write_cache(path: Path, services: dict[str, Any]) -> None:
    text = json.dumps({"format": FORMAT, "services": services}, sort_keys=True, separators=(",", ":"))
    write_changed([Artifact(path.name, text + "\n")], path.parent)


Progress = Callable[[str, int, int], None]


def _complete(entry: dict[str, Any] | None, langs: Sequence[str]) -> bool:
    """Whether a cached entry has a verdict for every language of every operation."""
    if not entry or not entry.get("ops"):
        return False
    return all(all(lang in cells for lang in langs) for cells in entry["ops"].values())


def verify_catalog(
    names: Sequence[str], langs: Sequence[str], values_dir: Path | None, *,
    workers: int = 0, use_cache: bool = True, cache_file: Path = DEFAULT_CACHE,
    progress: Progress | None = None,
) -> CatalogVerify:  # fmt: skip
    """Verify every example of every service in ``names`` in ``langs``."""
    started = time.perf_counter()
    chosen = tuple(lang for lang in NAMES if lang in langs)
    report = CatalogVerify(chosen)
    sdk = sdk_versions()
    generator = generator_key()
    cache: dict[str, Any] = _read_cache(cache_file).get("services", {}) if use_cache else {}
    entries: dict[str, Any] = dict(_read_cache(cache_file).get("services", {}))
    protocols: dict[str, str] = {}
    todo: list[tuple[str, str, int]] = []
    for name in names:
        key, size = service_key(name, values_dir, generator)
        old = cache.get(name)
        if old is not None and old.get("key") == key and old.get("sdk") == sdk and _complete(old, chosen):
            protocols[name] = old.get("protocol", "")
            continue
        todo.append((name, key, size))
    todo.sort(key=lambda item: (-item[2], item[0]))
    done = len(names) - len(todo)
    if progress is not None:
        progress("", done, len(names))
    if "java" in chosen and todo:
        _prefetch_java([name for name, _, _ in todo])
    jobs = [(name, chosen, values_dir, key, sdk, cache.get(name)) for name, key, _ in todo]
    checkpoint = time.perf_counter()
    for result in _run(jobs, workers):
        report.loaded += 1
        report.ran += result.ran
        report.reused += result.reused
        report.crashes += result.crashes
        report.errors += result.errors
        if result.entry:
            merged = _merge(entries.get(result.name), result.entry)
            merged["protocol"] = result.protocol
            entries[result.name] = merged
            protocols[result.name] = result.protocol
        done += 1
        if progress is not None:
            progress(result.name, done, len(names))
        if time.perf_counter() - checkpoint > CHECKPOINT_SECONDS:
            _write_cache(cache_file, dict(sorted(entries.items())))
            checkpoint = time.perf_counter()
    loaded = {job[0] for job in jobs}
    for name in names:
        entry = entries.get(name)
        if entry is not None and name in protocols:
            if name not in loaded:
                report.reused += sum(1 for cells in entry["ops"].values() for lang in chosen if lang in cells)
            report.add(name, protocols[name], _only(entry, chosen))
    _write_cache(cache_file, dict(sorted(entries.items())))
    report.seconds = time.perf_counter() - started
    return report


def _prefetch_java(names: Sequence[str]) -> None:
    """Resolve the Java SDK modules of ``names`` in a few Maven runs before the pool starts, so
    each service's ``javatool.resolve([module])`` is a cache hit (instead of a Maven run each).
    Whatever this leaves unsettled, the service's own resolve tries and reports as before."""
    modules = set()
    for name in names:
        service_id = load.load_raw(name).service.get("metadata", {}).get("serviceId", name)
        module = jnames.maven_module(name, str(service_id))
        if module is not None:
            modules.add(module)
    release_service_caches()  # the pool processes load what they need themselves
    try:
        outcome = javatool.prefetch(modules)
    except javatool.JavaToolError:
        return  # no mvn: each service reports it for its own examples, as without the prefetch
    for problem in outcome.problems:
        print(f"java prefetch: {problem}", file=sys.stderr)


def _merge(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """The new entry, keeping the other languages' cells of the old one when its key matches."""
    if not old or old.get("key") != new.get("key") or old.get("sdk") != new.get("sdk"):
        return new
    ops: dict[str, Any] = {}
    for op, cells in new["ops"].items():
        kept = {lang: cell for lang, cell in old.get("ops", {}).get(op, {}).items() if lang not in cells}
        ops[op] = dict(sorted({**kept, **cells}.items()))
    ran = {lang for cells in new["ops"].values() for lang in cells}  # a kept cell keeps its SDK
    kept_sdks = {lang: s for lang, s in old.get("sdks", {}).items() if lang not in ran}
    return {**new, "ops": ops, "sdks": dict(sorted({**new.get("sdks", {}), **kept_sdks}.items()))}


def _only(entry: dict[str, Any], langs: Sequence[str]) -> dict[str, Any]:
    return {"ops": {op: {lang: c for lang, c in cells.items() if lang in langs}
                    for op, cells in entry.get("ops", {}).items()},
            "sdks": {lang: s for lang, s in entry.get("sdks", {}).items() if lang in langs}}  # fmt: skip


def _pool_process() -> None:
    """A pool process ends without running ``atexit``: stop (and reap) its example workers then;
    like ``generate --all``'s, it is killed when the command dies (a killed ``verify --all`` must
    not leave its pool verifying the catalog), and its example workers then read the end of
    their input and exit."""
    die_with_parent()
    multiprocessing.util.Finalize(None, inproc.close_all, exitpriority=10)


def _run(jobs: list[tuple[Any, ...]], workers: int) -> Iterator[ServiceVerify]:
    count = workers or os.cpu_count() or 1
    if count <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _verify(job)
        return
    with ProcessPoolExecutor(max_workers=min(count, len(jobs)), initializer=_pool_process) as pool:
        pending: set[Future[ServiceVerify]] = set()
        queue = list(reversed(jobs))
        while queue and len(pending) < count * 2:
            pending.add(pool.submit(_verify, queue.pop()))
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=id):
                yield future.result()
                if queue:
                    pending.add(pool.submit(_verify, queue.pop()))
