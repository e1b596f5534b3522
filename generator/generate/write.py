"""Stage ``write``: the only stage that touches the disk.

Input: artifacts (relative path, text) rendered completely in memory. ``write_tree`` writes each
changed file atomically (a temporary file in the same folder, then ``os.replace``) and, for a
full regeneration, removes files of the tree that are no longer produced. ``diff_tree`` compares
instead of writing, for ``sdk-parity check``.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from generator.errors import SdkParityError
from generator.targets import Artifact


def _existing(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".sdk-parity")
    }


def _atomic_write(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        if target.suffix == ".sh":
            os.chmod(tmp, 0o755)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
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
        target = root / artifact.path
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
        target = root / path
        if target.is_file():
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
