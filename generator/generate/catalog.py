"""Whole-catalog generation: every target for every operation of many services, incremental.

Stage: pipeline driver (``sdk-parity generate --all`` / ``--services``). Input: service names,
an output root, a values folder. Output: for each service the tree of the default run (CLI,
Python and Java examples and a docs page per operation) plus its typed client package, and a
manifest ``<out>/.sdk-parity-cache.json`` that makes the next run incremental.

Parallel: services are spread over a process pool, largest model first; each worker loads only
the service it is given (one at a time, caches dropped afterwards, so memory stays bounded by
the largest model, whatever the catalog size) and writes that service's files itself through
:mod:`generator.generate.write` - the files of two services never overlap.

Incremental, at two levels, keyed by content hashes (never by timestamps):

* service key - the generator's own sources, templates and data (:func:`generator_key`), every
  file botocore's loader could read for the service (all of its data folders, on every search
  path, ``AWS_DATA_PATH`` included) and its values files. When it matches the manifest and every
  recorded file exists, the service is not even loaded: a run with no change reads no model.
* operation key - when a service did change, each operation is keyed by the model slice its
  artifacts depend on: the operation, every shape reachable from its input, output and errors,
  its paginator, its entries in botocore's ``examples-1`` (AWS-authored values), the service
  metadata and documentation, the set of shape names (naming rules
  avoid clashes with them), its values file and the names its typed-client example takes from
  the whole-service package plan (:func:`generator.targets.client.example.example_names`: a
  class can be numbered because of a shape of another operation). Unchanged operations are
  not re-rendered; the typed client package, which covers the whole service, is keyed by the
  whole decoded model and waiters; the scenarios (:mod:`generator.lifecycle`) too, plus the
  models of the other services they call (an IAM role's), and each operation's key also holds
  the scenarios its page links to.

Every file is written only when its content differs (atomically), so a warm run writes
nothing. ``--no-cache`` ignores the manifest; output is byte-identical with or without it and
for any number of workers, because each file depends only on its own service.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.caches import release_service_caches
from generator.errors import SdkParityError, UnsupportedError
from generator.generate import fs
from generator.generate.manifest import (
    FORMAT,
    SCENARIOS,
    all_present,
    check_own_files,
    entry_files,
    hashes,
    read_manifest,
    removable,
    write_manifest,
)
from generator.generate.pipeline import (
    MAX_VALUES_BYTES,
    Outcome,
    generate_operation,
    in_context,
    scenario_artifacts,
    values_file_for,
)
from generator.generate.write import (
    ensure_writable,
    remove_files,
    remove_stale_temporaries,
    write_changed,
)
from generator.lifecycle.ir import Lifecycle
from generator.lifecycle.plan import lifecycles
from generator.model import load
from generator.model.ir import Service
from generator.model.lower import get_operation, load_service
from generator.targets import Artifact
from generator.targets.client import example as client_example
from generator.targets.client import package as client_target
from generator.targets.registry import DOCS, EXAMPLE_NAMES, PACKAGE_TARGET
from generator.values.sources import KINDS

PER_OPERATION = (*EXAMPLE_NAMES, DOCS)  # artifacts of each operation
PACKAGE = "package"  # the summary's row for the per-service package (its examples: PACKAGE_TARGET)
TARGETS = (*PER_OPERATION, PACKAGE)
_ROOT = Path(__file__).resolve().parents[1]
_TEMPLATES = _ROOT.parent / "templates"


# --------------------------------------------------------------------------- keys


def _digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _files_under(folder: Path, seen: set[tuple[int, int]] | None = None) -> Iterator[Path]:
    """Every file under ``folder`` in name order (``__pycache__`` and bytecode left out); a folder
    reached twice (a link loop) is entered once."""
    seen = set() if seen is None else seen
    try:
        info = folder.stat()
    except OSError:
        return
    if not folder.is_dir() or (info.st_dev, info.st_ino) in seen:
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _files_under(path, seen)
        elif entry.is_file() and not entry.name.endswith((".pyc", ".pyo")):
            yield path


_VALUES_NAME = re.compile(r"[A-Za-z0-9]+\.json")


def _values_files(folder: Path) -> Iterator[Path]:
    """The files of a service's values folder that can be an operation's values
    (``<Operation>.json``, the only ones generation reads), in name order; nothing else in the
    folder is read, listed deeper or followed."""
    try:
        names = sorted(e.name for e in os.scandir(folder) if _VALUES_NAME.fullmatch(e.name))
    except (FileNotFoundError, NotADirectoryError):
        return  # no values for this service
    except OSError as exc:  # a link loop, no permission: every operation's values unreadable
        raise SdkParityError(f"cannot read the values folder: {exc.strerror}", path=str(folder)) from None
    for name in names:
        yield folder / name


def generator_key() -> str:
    """A hash of everything of sdk-parity that shapes output: code, data and templates."""
    parts: list[bytes | str] = [f"format {FORMAT}"]
    for base in (_ROOT, _TEMPLATES):
        for path in _files_under(base):
            parts += [path.relative_to(base.parent).as_posix(), path.read_bytes()]
    return _digest(*parts)


def _search_paths() -> list[Path]:
    return [Path(p) for p in load.loader().search_paths]


def service_key(name: str, values_dir: Path | None, generator: str) -> tuple[str, int]:
    """A hash of every input of one service's artifacts, read without decoding any model, and
    the size of its model files (to schedule the largest services first)."""
    parts: list[bytes | str] = [generator, name]
    size = 0
    for root in _search_paths():
        for path in _files_under(root / name):
            data = path.read_bytes()
            parts += [path.relative_to(root).as_posix(), data]
            size += len(data) if path.name.startswith("service-2") else 0
    if values_dir is not None:
        for path in _values_files(values_dir / name):
            parts += ["values/" + path.relative_to(values_dir).as_posix(), key_bytes(path)]
    return _digest(*parts), size


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Slices:
    """Operation keys of one decoded model: the operation and what it reaches. ``examples`` is
    the service's ``examples-1`` document (the values of AWS-authored examples come from it)."""

    def __init__(
        self, raw: Any, service: Service, generator: str, examples: dict[str, Any] | None = None
    ) -> None:
        model = raw.service
        self.service = service
        found = (examples or {}).get("examples", {})
        self.examples: dict[str, Any] = found if isinstance(found, dict) else {}
        self.shapes: dict[str, Any] = model.get("shapes", {})
        self.operations: dict[str, Any] = model.get("operations", {})
        self.paginators: dict[str, Any] = raw.paginators
        self.shape_digest = {n: _digest(_canonical(s)) for n, s in self.shapes.items()}
        self.common = _digest(
            generator,
            _canonical(model.get("metadata", {})),
            str(model.get("documentation", "")),
            "\n".join(sorted(self.shapes)),
        )

    def parts(self, operation: str, values: bytes) -> dict[str, str | bytes]:
        """The inputs of an operation's key, by name (``sdk-parity diff`` says which differ);
        ``shapes`` has one line per reachable shape: its name and the digest of its definition."""
        op = self.service.operations.get(operation)
        typed_names = client_example.example_names(self.service, op) if op is not None else ""
        body = self.operations.get(operation, {})
        roots = [body.get("input", {}).get("shape"), body.get("output", {}).get("shape")]
        roots += [e.get("shape") for e in body.get("errors", [])]
        reached = sorted(self.service.reachable(r for r in roots if r))
        return {
            "service": self.common,
            "operation": _canonical(body),
            "paginator": _canonical(self.paginators.get(operation)),
            "examples": _canonical(self.examples.get(operation)),
            "shapes": "\n".join(f"{n} {self.shape_digest[n]}" for n in reached),
            "values": values,
            "typed names": typed_names,
        }

    def key(self, operation: str, values: bytes) -> str:
        return _digest(*self.parts(operation, values).values())

    def whole(self, waiters: Any) -> str:
        return _digest(
            self.common,
            _canonical(self.operations),
            _canonical(self.paginators),
            "\n".join(f"{n} {d}" for n, d in sorted(self.shape_digest.items())),
            _canonical(waiters),
        )


# --------------------------------------------------------------------------- one service


@dataclass
class ServiceResult:
    """What a worker did for one service, and its manifest entry."""

    name: str
    entry: dict[str, Any]
    written: int = 0
    removed: int = 0
    rendered: int = 0  # operations rendered (not taken from the cache)
    crashes: list[str] = field(default_factory=list)
    fatal: str = ""  # an error that stops the run (exit 2), such as a full disk
    errors: list[str] = field(default_factory=list)  # bad values files (exit 2 at the end)


def build_service(
    name: str, out: Path, values_dir: Path | None, key: str, generator: str, profile: str,
    previous: dict[str, Any] | None,
) -> ServiceResult:
    """Render (what changed of) one service, write its files, return its manifest entry.

    Every file of the service is rendered before the first is written, and every path is
    checked first (:func:`generator.generate.write.write_changed`): a refused path leaves the
    service's files as they were."""
    raw = load.load_raw(name)
    service = load_service(name)
    examples = load.read_optional(load.loader(), name, "examples-1", service.api_version)
    slices = Slices(raw, service, generator, examples)
    old_ops: dict[str, Any] = (previous or {}).get("ops", {})
    result = ServiceResult(name, {"key": key, "ops": {}})
    artifacts: list[Artifact] = []
    try:
        found: tuple[Lifecycle, ...] = lifecycles(name)
    except Exception:  # noqa: BLE001 - a crash is a bug, reported with the others
        result.crashes.append(f"{name} scenarios: {traceback.format_exc(limit=4)}")
        found = ()
    for op_name in service.operations:
        values_file = values_file_for(values_dir, name, op_name)
        values = key_bytes(values_file) if values_file is not None else b""
        context = in_context(found, op_name)  # its page links the scenarios that call it
        op_key = _digest(slices.key(op_name, values), _canonical(context))
        old = old_ops.get(op_name)
        if old is not None and old.get("key") == op_key and all_present(out, old.get("files", {})):
            result.entry["ops"][op_name] = old
            continue
        outcome = Outcome()
        try:
            operation = get_operation(service, op_name)
            generate_operation(service, operation, values_dir, outcome, profile, context)
        except SdkParityError as exc:  # a bad values file: reported (exit 2), nothing written for it
            outcome = Outcome(skipped=[(name, op_name, t, str(exc)) for t in PER_OPERATION])
            result.errors.append(str(exc))
        except Exception:  # noqa: BLE001 - a crash is a bug, reported with the others
            result.crashes.append(f"{name}:{op_name}: {traceback.format_exc(limit=4)}")
            outcome = Outcome(skipped=[(name, op_name, t, "crashed") for t in PER_OPERATION])
        result.rendered += 1
        artifacts += outcome.artifacts
        result.entry["ops"][op_name] = {
            "key": op_key,
            "files": hashes(outcome.artifacts),
            "skipped": {lang: reason for _, _, lang, reason in outcome.skipped},
            "source": next((kind for _, _, kind in outcome.sources), ""),
            "flags": list(next((kinds for _, _, kinds in outcome.flags), ())),
        }
    waiters = client_target.load_waiters(name, service.api_version)
    client_key = slices.whole(waiters)
    old_client = (previous or {}).get(PACKAGE_TARGET)
    if old_client is not None and old_client.get("key") == client_key and all_present(
        out, old_client.get("files", {})
    ):
        result.entry[PACKAGE_TARGET] = old_client
    else:
        try:
            package = client_target.render_client(service, None)
            artifacts += package
            result.entry[PACKAGE_TARGET] = {"key": client_key, "files": hashes(package)}
        except UnsupportedError as exc:
            result.entry[PACKAGE_TARGET] = {"key": client_key, "files": {}, "skipped": exc.message}
        except Exception:  # noqa: BLE001
            result.crashes.append(f"{name} client: {traceback.format_exc(limit=4)}")
            result.entry[PACKAGE_TARGET] = {"key": "", "files": {}, "skipped": "crashed"}
    artifacts += _scenarios(result, found, client_key, previous, out)
    result.written += write_changed(artifacts, out)
    now = entry_files(result.entry)
    gone = {f: h for f, h in entry_files(previous).items() if f not in now}
    result.removed, _kept = remove_files(removable(name, gone), out)
    release_service_caches()
    return result


def _scenarios(
    result: ServiceResult, found: tuple[Lifecycle, ...], whole: str, previous: dict[str, Any] | None,
    out: Path,
) -> list[Artifact]:  # fmt: skip
    """The service's scenarios (programs and pages) to write, with their manifest entry: keyed
    by the whole model, its waiters and the models of the other services they call (an IAM
    role's); nothing to write when the recorded ones are current."""
    others = sorted({s for f in found for s in f.services()} - {result.name})
    key = _digest(whole, *(_canonical(load.load_raw(s).service) for s in others))
    old = (previous or {}).get(SCENARIOS)
    if old is not None and old.get("key") == key and all_present(out, old.get("files", {})):
        result.entry[SCENARIOS] = old
        return []
    outcome = Outcome()
    try:
        for lifecycle in found:
            scenario_artifacts(lifecycle, outcome)
    except Exception:  # noqa: BLE001 - a crash is a bug, reported with the others
        result.crashes.append(f"{result.name} scenarios: {traceback.format_exc(limit=4)}")
        result.entry[SCENARIOS] = {"key": "", "files": {}, "skipped": "crashed"}
        return []
    result.entry[SCENARIOS] = {"key": key, "files": hashes(outcome.artifacts)}
    return outcome.artifacts


def _crashed(args: tuple[Any, ...], why: str) -> ServiceResult:
    """The result of a service whose worker failed: its old files kept for the next run."""
    name, previous = args[0], args[-1]
    entry = {"key": "", "ops": {}, PACKAGE_TARGET: {"files": entry_files(previous),
                                              "skipped": "crashed"}}
    return ServiceResult(name, entry, crashes=[f"{name}: {why}"])


def key_bytes(path: Path) -> bytes:
    """A values file's bytes for its key (a regular file of at most the values limit, read
    without blocking on a FIFO); otherwise why not, so that the operation is rendered and its
    values error reported."""
    try:
        return fs.read_input(path, MAX_VALUES_BYTES, "values file")
    except SdkParityError as exc:
        return f"unusable: {exc}".encode()


def _build(args: tuple[Any, ...]) -> ServiceResult:
    try:
        return build_service(*args)
    except _WorkerTerminated:
        os._exit(128 + signal.SIGTERM)
    except SdkParityError as exc:  # a write refused or failed (disk full): fatal, exit 2
        return ServiceResult(args[0], {}, fatal=str(exc))
    except Exception:  # noqa: BLE001 - a service that fails to load is reported, not fatal
        return _crashed(args, traceback.format_exc(limit=4))


class _WorkerTerminated(SystemExit):
    """SIGTERM in a worker: unwinds a write in progress (its temporary file removed), then the
    worker exits for real (the pool's own ``terminate`` of a broken pool must not be ignored)."""


def _unwind(signum: int, _frame: Any) -> None:
    raise _WorkerTerminated(128 + signum)


def die_with_parent() -> None:
    """Pool initializer: SIGTERM unwinds the current write (its temporary file removed), and
    the worker gets SIGKILL when the parent dies (Linux ``prctl``), never waiting forever."""
    signal.signal(signal.SIGTERM, _unwind)
    if sys.platform.startswith("linux"):
        # deferred: ctypes is only needed to reach prctl on Linux
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


# --------------------------------------------------------------------------- the catalog


@dataclass
class CatalogReport:
    """Counts of a catalog run: per target generated / skipped (with reasons), files."""

    services: int = 0
    operations: int = 0
    loaded: int = 0  # services whose model was read this run
    rendered: int = 0
    written: int = 0
    removed: int = 0
    files: int = 0
    scenarios: int = 0  # scenario pages (one per scenario)
    seconds: float = 0.0
    generated: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    clean: Counter[str] = field(default_factory=Counter)  # per source: no checker finding
    crashes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, entry: dict[str, Any]) -> None:
        self.services += 1
        for op in entry.get("ops", {}).values():
            self.operations += 1
            if op.get("source"):
                self.sources[str(op["source"])] += 1
                self.clean[str(op["source"])] += not op.get("flags")
            skipped = op.get("skipped", {})
            for target in PER_OPERATION:
                if target in skipped:
                    self.skipped[target] += 1
                    self.reasons[(target, skipped[target].split(" (")[0][:90])] += 1
                else:
                    self.generated[target] += 1
            self.files += len(op.get("files", []))
        client = entry.get(PACKAGE_TARGET, {})
        if client.get("skipped"):
            self.skipped[PACKAGE] += 1
            self.reasons[(PACKAGE, str(client["skipped"]).split(" (")[0][:90])] += 1
        else:
            self.generated[PACKAGE] += 1
        self.files += len(client.get("files", []))
        scenarios = entry.get(SCENARIOS, {})
        self.files += len(scenarios.get("files", []))
        self.scenarios += sum(1 for f in scenarios.get("files", []) if f.endswith(".md"))

    def text(self, reasons: int = 12) -> str:
        lines = [f"warning: {w}" for w in self.warnings] + [
            f"{self.services} services, {self.operations} operations, {self.files} files: "
            f"{self.written} written, {self.removed} removed; {self.loaded} services loaded, "
            f"{self.rendered} operations rendered; {self.scenarios} scenarios; {self.seconds:.1f} s",
            f"{'target':8} {'generated':>10} {'skipped':>8}",
        ]
        for target in TARGETS:
            lines.append(f"{target:8} {self.generated[target]:>10} {self.skipped[target]:>8}")
        total = sum(self.sources.values())
        if total:
            shares = ", ".join(
                f"{kind} {self.sources[kind]} ({100 * self.sources[kind] / total:.1f}%)"
                for kind in KINDS if self.sources[kind]
            )
            lines.append(f"values from: {shares}")
            clean = sum(self.clean.values())
            per_source = ", ".join(
                f"{kind} {100 * self.clean[kind] / self.sources[kind]:.1f}%"
                for kind in KINDS if self.sources[kind]
            )
            lines.append(
                f"publishable by the values checker: {clean} of {total} operations "
                f"({100 * clean / total:.1f}%; {per_source})"
            )
        if self.reasons:
            lines.append("most frequent skip reasons:")
            ranked = sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
            lines += [f"  {t}: {r} x {n}" for (t, r), n in ranked[:reasons]]
        if self.crashes:
            lines.append(f"crashes ({len(self.crashes)}), first 10:")
            lines += ["  " + c.strip().replace("\n", "\n    ") for c in self.crashes[:10]]
        return "\n".join(lines)


Progress = Callable[[str, int, int], None]


def generate_catalog(
    names: list[str], out: Path, values_dir: Path | None, *, workers: int = 0,
    use_cache: bool = True, prune: bool = False, progress: Progress | None = None,
    profile: str = "minimal",
) -> CatalogReport:
    """Generate every target of every service in ``names`` under ``out``.

    ``prune`` (a full-catalog run) also deletes the files of services no longer in botocore.
    ``progress(service, done, total)`` is called as each service finishes.
    """

    started = time.perf_counter()
    report = CatalogReport()
    ensure_writable(out)
    check_own_files(out)
    remove_stale_temporaries(out)
    generator = _digest(generator_key(), f"values profile {profile}")
    manifest = read_manifest(out, report.warnings)
    previous: dict[str, Any] = manifest.get("services", {})
    if manifest.get("generator") != generator:
        # another generator: per-operation keys cannot match; files are compared when written
        previous = {n: _files_only(e) or {} for n, e in previous.items()}
    entries: dict[str, Any] = {} if prune else dict(manifest.get("services", {}))
    todo: list[tuple[str, str, int]] = []
    for name in names:
        key, size = service_key(name, values_dir, generator)
        old = previous.get(name)
        if (
            use_cache and old is not None and old.get("key") == key
            and all_present(out, entry_files(old))
        ):
            entries[name] = old
            continue
        todo.append((name, key, size))
    if prune:
        gone = set(previous) - set(names)
        for gone_name in sorted(gone):
            report.removed += remove_files(removable(gone_name, entry_files(previous[gone_name])), out)[0]
    todo.sort(key=lambda item: (-item[2], item[0]))
    done = len(names) - len(todo)
    jobs = [
        (name, out, values_dir, key, generator, profile,
         previous.get(name) if use_cache else _files_only(previous.get(name)))
        for name, key, _ in todo
    ]
    for result in _run(jobs, workers):
        if result.fatal:
            raise SdkParityError(result.fatal)
        entries[result.name] = result.entry
        report.loaded += 1
        report.rendered += result.rendered
        report.written += result.written
        report.removed += result.removed
        report.crashes += result.crashes
        report.errors += result.errors
        done += 1
        if progress is not None:
            progress(result.name, done, len(names))
    report.crashes.sort()
    report.errors.sort()
    for name in names:
        report.count(entries[name])
    write_manifest(out, generator, dict(sorted(entries.items())))
    report.seconds = time.perf_counter() - started
    return report


def _files_only(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    """A manifest entry reduced to what pruning needs (``--no-cache`` reuses nothing)."""
    if entry is None:
        return None
    return {"ops": {}, PACKAGE_TARGET: {"files": entry_files(entry)}}


def _run(jobs: list[tuple[Any, ...]], workers: int) -> Iterator[ServiceResult]:
    count = workers or os.cpu_count() or 1
    if count <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _build(job)
        return
    with ProcessPoolExecutor(max_workers=min(count, len(jobs)), initializer=die_with_parent) as pool:
        pending: dict[Future[ServiceResult], tuple[Any, ...]] = {}
        queue = list(reversed(jobs))

        def submit() -> bool:
            """Submit the next job; False when the pool broke (a worker died) meanwhile."""
            job = queue.pop()
            try:
                pending[pool.submit(_build, job)] = job
            except BrokenProcessPool:
                queue.append(job)
                return False
            return True

        broken = False
        while queue and len(pending) < count * 2 and not broken:
            broken = not submit()
        while pending:
            finished, _ = wait(set(pending), return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: pending[f][0]):
                job = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    # a worker died (killed, out of memory): every unfinished service is named
                    for rest in [job, *pending.values(), *reversed(queue)]:
                        yield _crashed(rest, "a worker process died while this service was pending")
                    return
                if queue and not broken:
                    broken = not submit()
        for rest in reversed(queue):  # the pool broke before these could be submitted
            yield _crashed(rest, "a worker process died while this service was pending")
