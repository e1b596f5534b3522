"""Stage ``write``: the only stage that writes the artifact tree, and ``check``'s comparison.

Input: artifacts (relative path, text) rendered completely in memory. Every disk access goes
through the file-system policy of :mod:`generator.generate.fs` (no link followed beneath the
root, only regular files read, atomic writes, every path checked before the first write).
``write_tree`` writes each changed file and keeps the run record ``.sdk-parity-run.json``: what
the runs that wrote the tree were (``check`` regenerates exactly that) and the content hash of
every file they wrote. A full regeneration (``prune``) deletes only files that record lists,
that are no longer produced and that are unchanged since they were written; anything else in
the folder is the user's. ``tree_status`` and ``diff_tree`` compare instead of writing.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import SdkParityError
from generator.generate import fs
from generator.naming.python import distribution_name
from generator.render.controls import escape_controls
from generator.targets import Artifact

TMP_PATTERN = fs.TMP_PATTERN
RUN_RECORD = ".sdk-parity-run.json"  # written by ``generate`` and ``client``; read by ``check``
RECORD_FORMAT = 2  # 2: with the content hash of each file written (1: without, still read)
MAX_RECORD = 64 * 1024 * 1024
OWN_PREFIX = ".sdk-parity"  # the tool's own files at the root: never artifacts, never extras


def inside(root: Path, relative: str) -> Path:
    """``root / relative`` after checking that the path cannot leave ``root`` (SdkParityError)."""
    fs.parts_of(relative)
    return root / relative


def ensure_writable(root: Path) -> None:
    """Create ``root`` and prove it is a folder that can be written, or fail with one line."""
    fs.prepare_root(root)


def remove_stale_temporaries(root: Path) -> int:
    """Delete temporary files an interrupted run left behind (``.<name>.<random>.tmp``)."""
    return fs.remove_temporaries(root)


def write_changed(artifacts: Iterable[Artifact], root: Path) -> int:
    """Write each artifact whose file is missing or differs (atomically); the count written.
    Every path is checked first: a refused one stops the run before anything is written."""
    items = list(artifacts)
    fs.check_writable(root, [a.path for a in items])
    items.sort(key=lambda a: a.path.rpartition("/")[0])  # folder by folder: one walk to each
    return fs.write_changed_files(root, (
        (a.path, a.content.encode("utf-8"), 0o755 if a.path.endswith(".sh") else 0o644)
        for a in items
    ))  # fmt: skip


def remove_files(files: dict[str, str], root: Path) -> tuple[int, list[str]]:
    """Delete each file of ``files`` (path -> content hash as written) that is still exactly
    what sdk-parity wrote, then the folders that leaves empty. Returns (deleted, kept): kept
    are the paths that exist but were changed since, or are no longer regular files."""
    removed, kept, gone = 0, [], []
    for path in sorted(files):
        fs.parts_of(path)
        if fs.delete_if_unchanged(root, path, files[path]):
            removed += 1
            gone.append(path)
        elif fs.kind_of(root, path) != fs.ABSENT:
            kept.append(path)
    fs.remove_empty_folders(root, gone)
    return removed, kept


# ------------------------------------------------------------------ the run record


@dataclass
class RunRecord:
    """What wrote a tree: the runs (``{"plan": [[service, [operations] | null], ...],
    "clients": [same], "values": "bundled" | null | "/path", "profile": str}``) and the content
    hash of each file they wrote."""

    runs: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        data = {"format": RECORD_FORMAT, "runs": self.runs, "files": dict(sorted(self.files.items()))}
        return json.dumps(data, indent=1, sort_keys=True) + "\n"


class DamagedRecord(SdkParityError):
    """The run record is a regular file whose content cannot be trusted."""


def _plan_ok(plan: object) -> bool:
    return isinstance(plan, list) and all(
        isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
        and (item[1] is None or (isinstance(item[1], list) and all(isinstance(o, str) for o in item[1])))
        for item in plan
    )


def owned_prefixes(services: Iterable[str], clients: Iterable[str]) -> tuple[str, ...]:
    """Where the files of these services' runs live: ``<service>/`` and the typed client's
    ``python/sdk-parity-<service>/``; a recorded file anywhere else is never deleted."""
    return tuple(f"{s}/" for s in services) + tuple(f"python/{distribution_name(c)}/" for c in clients)


def _files_ok(files: object, runs: list[dict[str, Any]]) -> bool:
    if not isinstance(files, dict):
        return False
    prefixes = owned_prefixes(
        {s for run in runs for s, _ in run["plan"]}, {s for run in runs for s, _ in run["clients"]}
    )
    for path, hashed in files.items():
        if not (isinstance(hashed, str) and len(hashed) == 32 and path.startswith(prefixes)):
            return False
        if any(part.startswith(".") for part in fs.parts_of(path)):
            return False
    return True


def load_record(root: Path) -> RunRecord | None:
    """The run record of the tree under ``root``; None when there is none. A record that is not
    a regular file (a folder, a FIFO, a link) is refused with SdkParityError; a malformed one
    raises :class:`DamagedRecord` (it is never guessed from)."""
    where = str(root / RUN_RECORD)
    kind, data = fs.read_file(root, RUN_RECORD, MAX_RECORD)
    if kind == fs.ABSENT:
        return None
    if kind != fs.FILE:
        raise SdkParityError(f"the run record is not a regular file (a {kind})", path=where)
    if data is None:
        raise DamagedRecord(f"unreadable run record (larger than {MAX_RECORD} bytes)", path=where)
    try:
        doc = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise DamagedRecord(f"unreadable run record ({type(exc).__name__})", path=where) from None
    runs = doc.get("runs") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or doc.get("format") not in (1, RECORD_FORMAT) or not isinstance(runs, list):
        raise DamagedRecord("run record of another format", path=where)
    for run in runs:
        if not (
            isinstance(run, dict) and _plan_ok(run.get("plan")) and _plan_ok(run.get("clients"))
            and (run.get("values") is None or isinstance(run.get("values"), str))
            and isinstance(run.get("profile"), str)
        ):
            raise DamagedRecord("malformed run record", path=where)
    files = doc.get("files", {})
    try:
        files_ok = _files_ok(files, runs)
    except SdkParityError:
        files_ok = False
    if not files_ok:
        raise DamagedRecord("malformed run record (its files)", path=where)
    return RunRecord(runs, files)


def read_run_record(root: Path) -> list[dict[str, Any]] | None:
    """The runs the tree under ``root`` was generated by, or None when it has no record."""
    record = load_record(root)
    return record.runs if record is not None else None


def unique_runs(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each run once, at its last position (a repeated run adds nothing to the tree)."""
    seen: dict[str, dict[str, Any]] = {}
    for run in runs:
        key = json.dumps(run, sort_keys=True)
        seen.pop(key, None)
        seen[key] = run
    return list(seen.values())


@dataclass
class WriteReport:
    written: int = 0
    removed: int = 0
    kept: list[str] = field(default_factory=list)  # no longer generated, but changed by hand


def write_tree(
    artifacts: Iterable[Artifact], root: Path, prune: bool = False,
    run: dict[str, Any] | None = None, replace: bool = False,
) -> WriteReport:
    """Write changed artifacts under ``root`` and record them (with ``run``, when given).

    ``prune`` (a full regeneration) makes ``run`` the record's only run and deletes the
    recorded files it no longer produces, when unchanged. ``replace`` (``generate --all``, whose
    files the catalog manifest records) makes ``run`` the only run and forgets the files of the
    runs before it (never deleting them). The record and every path are checked before
    anything is written."""
    items = list(artifacts)
    fs.prepare_root(root)
    keep_record = run is not None or prune
    try:
        record = (load_record(root) or RunRecord()) if keep_record else RunRecord()
    except DamagedRecord:
        record = RunRecord()  # rebuilt from this run on; nothing it listed is deleted
    paths = [a.path for a in items] + ([RUN_RECORD] if keep_record else [])
    fs.check_writable(root, paths)
    if items:
        fs.remove_temporaries(root)
    report = WriteReport(written=write_changed(items, root))
    if not keep_record:
        return report
    produced = {a.path: fs.digest(a.content.encode("utf-8")) for a in items}
    if prune:
        stale = {p: h for p, h in record.files.items() if p not in produced}
        report.removed, report.kept = remove_files(stale, root)
        record.files = produced
        record.runs = [run] if run is not None else record.runs
    elif replace and run is not None:
        record.files, record.runs = produced, [run]
    else:
        record.files.update(produced)
        record.runs = unique_runs([*record.runs, run]) if run is not None else record.runs
    write_changed([Artifact(RUN_RECORD, record.text())], root)
    return report


# ------------------------------------------------------------------ check: compare, never write


@dataclass(frozen=True)
class TreeStatus:
    """How the tree on disk differs from the artifacts: paths of each kind, sorted."""

    stale: tuple[str, ...]  # on disk, with other content (or not a regular file)
    missing: tuple[str, ...]  # generated, not on disk
    extra: tuple[str, ...]  # on disk, not generated

    def __bool__(self) -> bool:
        return bool(self.stale or self.missing or self.extra)


def existing(root: Path) -> dict[str, str]:
    """Every entry of the tree (relative path -> kind), links and special files included, none
    followed; the tool's own files and temporaries left out."""
    return {
        path: kind for path, kind in fs.walk(root)
        if not path.startswith(OWN_PREFIX) and not fs.TMP_PATTERN.fullmatch(path.rsplit("/", 1)[-1])
    }


def tree_status(artifacts: Iterable[Artifact], root: Path) -> TreeStatus:
    items = {a.path: a.content for a in artifacts}
    on_disk = existing(root)
    stale, missing = [], []
    for path in sorted(items):
        if path not in on_disk:
            missing.append(path)
            continue
        data = items[path].encode("utf-8")
        kind, old = fs.read_file(root, path, limit=len(data))
        if kind != fs.FILE or old != data:
            stale.append(path)
    return TreeStatus(tuple(stale), tuple(missing), tuple(sorted(set(on_disk) - set(items))))


def _lines(text: str) -> list[str]:
    """Lines split at line feeds only, every control character shown as an escape."""
    return [escape_controls(line) + "\n" for line in text.split("\n")[:-1]] + (
        [escape_controls(text.rsplit("\n", 1)[-1]) + "\n\\ No newline at end of file\n"]
        if text and not text.endswith("\n") else []
    )


def diff_tree(artifacts: Iterable[Artifact], root: Path) -> str:
    """A unified diff from the tree on disk to the artifacts (empty when identical). Only
    regular files are read (a link or a special file is named, never followed); control
    characters are escaped, so the diff cannot drive the terminal it is printed to."""
    items = {a.path: a.content for a in artifacts}
    on_disk = existing(root)
    chunks: list[str] = []
    for path in sorted(set(items) | set(on_disk)):
        new = items.get(path)
        note = ""
        old: str | None = None
        if path in on_disk:
            kind, data = fs.read_file(root, path, limit=max(len(new or "") * 4, 1 << 20))
            if kind != fs.FILE:
                note = f"a {kind}, not followed"
            elif data is None:
                note = "a large file, not shown"
            else:
                old = data.decode("utf-8", errors="replace")
        if old == new and not note:
            continue
        shown = escape_controls(path)
        if note:
            chunks.append(f"--- a/{shown} ({note})\n")
            chunks.append(f"+++ b/{shown}\n" if new is not None else "+++ /dev/null\n")
            added = _lines(new or "")
            chunks += [f"@@ -0,0 +1,{len(added)} @@\n"] if added else []
            chunks += ["+" + line for line in added]
            continue
        chunks.extend(
            difflib.unified_diff(
                _lines(old or ""), _lines(new or ""),
                fromfile=f"a/{shown}" if old is not None else "/dev/null",
                tofile=f"b/{shown}" if new is not None else "/dev/null",
            )
        )
    return "".join(chunks)
