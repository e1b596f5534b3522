"""Stage ``write``: the only stage that touches the disk.

Input: artifacts (relative path, text) rendered completely in memory. ``write_tree`` writes each
changed file atomically (a temporary file in the same folder, then ``os.replace``) and, for a
full regeneration, removes files of the tree that are no longer produced. ``diff_tree`` and
``tree_status`` compare instead of writing, for ``sdk-parity check``, which learns what a tree
was generated from by ``read_run_record`` (the ``.sdk-parity-run.json`` the commands leave).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import SdkParityError
from generator.targets import Artifact

TMP_PATTERN = re.compile(r"\..+\.[A-Za-z0-9_]{6,}\.tmp")  # what ``_atomic_write`` leaves when killed


def inside(root: Path, relative: str) -> Path:
    """``root / relative`` after checking that it stays inside ``root``, or SdkParityError.

    Every path the program writes or deletes goes through here: a manifest entry or a name from
    a model such as ``../victim`` or ``/etc/x`` is refused, never followed (symlinks included).
    """
    if not isinstance(relative, str) or not relative or "\x00" in relative or "\\" in relative:
        raise SdkParityError("refusing a path outside the output folder", path=repr(relative))
    parts = relative.split("/")
    if relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise SdkParityError("refusing a path outside the output folder", path=relative)
    target = root / relative
    base = root.resolve()
    if base not in target.resolve().parents:
        raise SdkParityError("refusing a path that leaves the output folder", path=relative)
    return target


def remove_stale_temporaries(root: Path) -> int:
    """Delete temporary files an interrupted run left behind (``.<name>.<random>.tmp``)."""
    if not root.is_dir():
        return 0
    removed = 0
    for path in root.rglob(".*.tmp"):
        if TMP_PATTERN.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _existing(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".sdk-parity") and not TMP_PATTERN.fullmatch(p.name)
    }


def _atomic_write(target: Path, content: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise SdkParityError(f"cannot write: {exc.strerror}", path=str(target)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        if target.suffix == ".sh":
            os.chmod(tmp, 0o755)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SdkParityError(f"cannot write: {exc.strerror}", path=str(target)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ensure_writable(root: Path) -> None:
    """Create ``root`` and prove a file can be written there, or fail with exit-2 wording."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / ".sdk-parity-write-probe"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise SdkParityError(f"cannot write output directory: {exc.strerror}", path=str(root)) from None


def write_changed(artifacts: Iterable[Artifact], root: Path) -> int:
    """Write each artifact whose file is missing or differs (atomically); the count written."""
    written = 0
    for artifact in artifacts:
        target = inside(root, artifact.path)
        try:
            same = target.read_text(encoding="utf-8") == artifact.content
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            same = False
        if not same:
            _atomic_write(target, artifact.content)
            written += 1
    return written


def remove_files(paths: Iterable[str], root: Path) -> int:
    """Delete files of the tree that are no longer produced, then emptied folders; the count."""
    removed = 0
    folders: set[Path] = set()
    for path in paths:
        target = inside(root, path)
        if target.is_file() and not target.is_symlink():
            target.unlink()
            removed += 1
            folders.update(p for p in target.parents if root in p.parents)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed


def write_tree(artifacts: Iterable[Artifact], root: Path, prune: bool) -> tuple[int, int]:
    """Write changed artifacts; with ``prune`` delete stale files. Returns (written, removed)."""
    items = list(artifacts)
    ensure_writable(root)
    remove_stale_temporaries(root)
    removed = 0
    wanted = {a.path for a in items}
    try:
        written = write_changed(items, root)
        if prune:
            removed = remove_files(sorted(_existing(root) - wanted), root)
            for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
                if not any(folder.iterdir()):
                    folder.rmdir()
    except OSError as exc:
        raise SdkParityError(f"cannot write output: {exc}", path=str(root)) from None
    return written, removed


def diff_tree(artifacts: Iterable[Artifact], root: Path) -> str:
    """A unified diff from the tree on disk to the artifacts (empty when identical)."""
    items = {a.path: a.content for a in artifacts}
    chunks: list[str] = []
    for path in sorted(set(items) | _existing(root)):
        new = items.get(path)
        file = root / path
        old = file.read_text(encoding="utf-8") if file.is_file() else None
        if old == new:
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"a/{path}" if old is not None else "/dev/null",
                tofile=f"b/{path}" if new is not None else "/dev/null",
            )
        )
    return "".join(chunks)


# ------------------------------------------------------------------ what a tree was generated from

RUN_RECORD = ".sdk-parity-run.json"  # written by ``generate`` and ``client``; read by ``check``
RECORD_FORMAT = 1


def _plan_ok(plan: object) -> bool:
    return isinstance(plan, list) and all(
        isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
        and (item[1] is None or (isinstance(item[1], list) and all(isinstance(o, str) for o in item[1])))
        for item in plan
    )


def read_run_record(root: Path) -> list[dict[str, Any]] | None:
    """The runs the tree under ``root`` was generated by, or None when it has no usable record.

    Each run is ``{"plan": [[service, [operations] | null], ...], "clients": [same],
    "values": "bundled" | null | "/path", "profile": str}``; a malformed record raises
    SdkParityError (it is never guessed from).
    """
    path = root / RUN_RECORD
    if not path.is_file():
        return None
    try:
        if path.stat().st_size > 64 * 1024 * 1024:
            raise ValueError("larger than 64 MiB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise SdkParityError(f"unreadable run record ({type(exc).__name__})", path=str(path)) from None
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT or not isinstance(runs, list):
        raise SdkParityError("run record of another format", path=str(path))
    for run in runs:
        if not (
            isinstance(run, dict) and _plan_ok(run.get("plan")) and _plan_ok(run.get("clients"))
            and (run.get("values") is None or isinstance(run.get("values"), str))
            and isinstance(run.get("profile"), str)
        ):
            raise SdkParityError("malformed run record", path=str(path))
    return runs


@dataclass(frozen=True)
class TreeStatus:
    """How the tree on disk differs from the artifacts: paths of each kind, sorted."""

    stale: tuple[str, ...]  # on disk, with other content
    missing: tuple[str, ...]  # generated, not on disk
    extra: tuple[str, ...]  # on disk, not generated

    def __bool__(self) -> bool:
        return bool(self.stale or self.missing or self.extra)


def tree_status(artifacts: Iterable[Artifact], root: Path) -> TreeStatus:
    items = {a.path: a.content for a in artifacts}
    on_disk = _existing(root)
    stale, missing = [], []
    for path in sorted(items):
        if path not in on_disk:
            missing.append(path)
            continue
        try:
            same = (root / path).read_text(encoding="utf-8") == items[path]
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            stale.append(path)
    return TreeStatus(tuple(stale), tuple(missing), tuple(sorted(on_disk - set(items))))
