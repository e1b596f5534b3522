"""Publishing a folder sdk-parity built (the docs site) into the folder the user named.

Stage: write, under the file-system policy of :mod:`generator.generate.fs`. Input: the
destination (``site --out``), whether the user asked for it to be emptied first (``--clean``),
and a folder the build filled. Output: the destination holding the new build; the files of the
previous build that the new one no longer has removed when unchanged; a record
``.sdk-parity-site.json`` of every file published with its content hash. Nothing else in the
destination is touched.

The destination must be a folder (it is created when absent). One that holds anything but a
previous build of ours (no record) is refused unless ``--clean``, which empties it first (a
link in it is removed, never followed). The build is made in a staging folder inside the
destination (``.sdk-parity-staging-*``, same file system: each file then moves with one
rename); it is removed afterwards, and one a killed run left is removed by the next.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import SdkParityError
from generator.generate import fs
from generator.render.controls import escape_controls

RECORD = ".sdk-parity-site.json"
STAGING = ".sdk-parity-staging-"
RECORD_FORMAT = 1


def _own(relative: str) -> bool:
    top = relative.split("/", 1)[0]
    return top == RECORD or top.startswith(STAGING)


def _load(out: Path) -> dict[str, str] | None:
    """The previous build's files (path -> content hash), None when the folder has no record."""
    where = str(out / RECORD)
    kind, data = fs.read_file(out, RECORD, 64 * 1024 * 1024)
    if kind == fs.ABSENT:
        return None
    if kind != fs.FILE:
        raise SdkParityError(f"the site record is not a regular file (a {kind})", path=where)
    try:
        doc = json.loads((data or b"").decode("utf-8"))
        files = doc["files"] if isinstance(doc, dict) and doc.get("format") == RECORD_FORMAT else None
    except (ValueError, RecursionError, KeyError):
        files = None
    if not isinstance(files, dict) or not all(
        isinstance(p, str) and isinstance(h, str) and len(h) == 32 for p, h in files.items()
    ):
        raise SdkParityError("malformed site record; rebuild with --clean", path=where)
    for path in files:
        fs.parts_of(path)
    return files


def _check_clean(out: Path) -> None:
    """``--clean`` empties a folder the user named, but never the current folder, one that holds
    it, or the home folder (``site --out . --clean`` in a checkout is a typo, not a wish)."""
    resolved = out.resolve()
    if resolved == Path.home().resolve() or Path.cwd().resolve().is_relative_to(resolved):
        raise SdkParityError("refusing to empty the current folder, a folder holding it or the "
                             "home folder with --clean; give the site a folder of its own", path=str(out))


class SiteFolder:
    """The destination of a build, checked when made: a folder that can be written, empty or
    holding a previous build of ours (or emptied, with ``clean``)."""

    def __init__(self, out: Path, clean: bool) -> None:
        self.out = out
        fs.prepare_root(out, "the site folder")
        previous = _load(out)
        if clean:
            _check_clean(out)
            self._empty()
            previous = None
        elif previous is None:
            theirs = [name for name in sorted(os.listdir(out)) if not _own(name)]
            if theirs:
                raise SdkParityError(
                    f"the site folder holds {len(theirs)} entries sdk-parity did not write (such "
                    f"as {escape_controls(theirs[0])!r}); give a new or empty folder, or --clean to "
                    "empty it first", path=str(out),
                )  # fmt: skip
        self.previous = previous or {}

    def _empty(self) -> None:
        for name in sorted(os.listdir(self.out)):
            target = self.out / name
            try:
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)  # descriptor-based: links inside are removed, not followed
                else:
                    target.unlink()
            except OSError as exc:
                raise SdkParityError(f"cannot empty the site folder: {exc.strerror}", path=str(target)) from None

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A new empty folder inside the destination to build into; removed afterwards."""
        for name in os.listdir(self.out):
            if name.startswith(STAGING) and fs.kind_of(self.out, name) == fs.FOLDER:
                shutil.rmtree(self.out / name, ignore_errors=True)  # a killed run's
        try:
            folder = Path(tempfile.mkdtemp(prefix=STAGING, dir=self.out))
        except OSError as exc:
            raise SdkParityError(f"cannot write the site folder: {exc.strerror}", path=str(self.out)) from None
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def publish(self, built: Path) -> tuple[int, int, list[str]]:
        """Move every file of ``built`` into place, remove the previous build's files the new one
        lacks (when unchanged), write the record. Returns (published, removed, kept)."""
        files = [p for p, kind in fs.walk(built) if kind == fs.FILE]
        fs.check_writable(self.out, [*files, RECORD])
        hashes: dict[str, str] = {}
        for relative in files:
            _kind, data = fs.read_file(built, relative)
            if data is None:
                raise SdkParityError("a built file could not be read back", path=str(built / relative))
            hashes[relative] = fs.digest(data)
        for relative in files:
            fs.move_file(built, relative, self.out)
        removed, kept, gone = 0, [], []
        for relative, hashed in sorted(self.previous.items()):
            if relative in hashes or _own(relative) or any(p.startswith(".") for p in relative.split("/")):
                continue  # still built, ours, or hidden (a build has no hidden file: never deleted)
            if fs.delete_if_unchanged(self.out, relative, hashed):
                removed += 1
                gone.append(relative)
            elif fs.kind_of(self.out, relative) != fs.ABSENT:
                kept.append(relative)
        fs.remove_empty_folders(self.out, gone)
        text = json.dumps({"format": RECORD_FORMAT, "files": dict(sorted(hashes.items()))}, indent=0)
        fs.write_file(self.out, RECORD, (text + "\n").encode("utf-8"))
        return len(files), removed, kept
