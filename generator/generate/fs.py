"""The file-system policy: how sdk-parity reads, writes, deletes and serves files under a folder
it was given (``--out`` of ``generate``/``client``/``check``, the site folder and its server).

Stage: write (the edge that touches the disk; :mod:`generator.generate.write` and the site's
publishing and server call only this module). Input: a root folder and paths relative to it.
Output: bytes read, files written or deleted, or a one-line :class:`SdkParityError`.

1. The root is the folder the user named (it may itself be a symbolic link: their choice).
   Beneath it no symbolic link is ever followed, for reading, writing, deleting or serving:
   every path is opened one component at a time from the root's descriptor with
   ``O_NOFOLLOW`` (``openat``), so a link planted anywhere in the tree - even one swapped in
   while a run works - is refused, never followed out of the root.
2. A file is read only after ``fstat`` shows a regular file, opened with ``O_NONBLOCK`` (a FIFO
   never blocks, a device is never read) and only up to a size limit.
3. Writes are atomic (a temporary ``.<name>.<random>.tmp`` beside the file, then ``rename``),
   and every path of a run is checked before the first byte is written, so a refused path
   (a link, a folder or a FIFO where a file goes) stops the run with nothing half-done.
4. A file is deleted only when the tool wrote it - its path and the hash of the content it
   wrote are in the run record or the catalog manifest - and it is unchanged since. A file the
   user edited, added or replaced by a link stays, whatever a hand-edited record says.
5. Inputs the user names (values files) may be links, but are read only when they are regular
   files, non-blocking and size-limited (:func:`read_input`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import BinaryIO

from generator.errors import SdkParityError

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
TMP_PATTERN = re.compile(r"\..+\.[A-Za-z0-9_]{6,}\.tmp")  # what an interrupted write leaves
MAX_TREE_FILE = 256 * 1024 * 1024  # no file sdk-parity writes comes near this

# kinds of what a path holds
ABSENT, FILE, FOLDER, LINK = "absent", "file", "folder", "symbolic link"
FIFO, SOCKET, DEVICE = "FIFO", "socket", "device"  # special files: never read, never replaced


def digest(data: bytes) -> str:
    """The content hash the run record and the manifest keep for each file written."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def parts_of(relative: str) -> list[str]:
    """The components of a path relative to a root, or SdkParityError when it could leave it
    (absolute, ``..``, empty or ``.`` components, NUL, backslash)."""
    if not isinstance(relative, str) or not relative or "\x00" in relative or "\\" in relative:
        raise SdkParityError("refusing a path outside the output folder", path=repr(relative))
    parts = relative.split("/")
    if relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise SdkParityError("refusing a path outside the output folder", path=relative)
    return parts


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return FILE
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISFIFO(mode):
        return FIFO
    return SOCKET if stat.S_ISSOCK(mode) else DEVICE


def _refuse(root: Path, relative: str, kind: str, doing: str) -> SdkParityError:
    why = "" if kind in (FILE, FOLDER) else " (never followed or replaced)"
    return SdkParityError(f"refusing to {doing} here: a {kind} is in the way{why}",
                          path=str(root / relative))


def _open_root(root: Path) -> int:
    try:
        return os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise SdkParityError(f"cannot open the folder: {exc.strerror}", path=str(root)) from None


def _step(fd: int, name: str, create: bool) -> int | str:
    """The descriptor of folder ``name`` inside ``fd``, opened without following a link; else
    the kind of what is there instead (ABSENT when nothing is and ``create`` is false)."""
    for _ in range(3):
        try:
            return os.open(name, _DIR_FLAGS, dir_fd=fd)
        except FileNotFoundError:
            if not create:
                return ABSENT
            try:
                os.mkdir(name, 0o755, dir_fd=fd)
            except FileExistsError:
                pass  # made meanwhile: open it
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
                raise
            return _kind(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
    raise SdkParityError("a folder keeps changing while it is written", path=name)


class _Folder:
    """The descriptor of a folder beneath a root, reached without following a link.

    ``fd`` is None when the folder does not exist or something else stands in its way;
    ``blocked`` then names that (a link, a file, a special file) and ``at`` where it is."""

    def __init__(self, root: Path, parts: list[str], create: bool) -> None:
        self.fd: int | None = None
        self.blocked, self.at = "", ""
        fd = _open_root(root)
        for index, part in enumerate(parts):
            try:
                step = _step(fd, part, create)
            finally:
                os.close(fd)
            if isinstance(step, str):
                if step != ABSENT:
                    self.blocked, self.at = step, "/".join(parts[: index + 1])
                return
            fd = step
        self.fd = fd

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *_: object) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _folder(root: Path, parts: list[str], create: bool, doing: str) -> _Folder:
    try:
        folder = _Folder(root, parts, create)
    except OSError as exc:
        raise SdkParityError(f"cannot {doing}: {exc.strerror}", path=str(root / "/".join(parts))) from None
    if folder.blocked:
        raise _refuse(root, folder.at, folder.blocked, doing)
    return folder


def kind_of(root: Path, relative: str) -> str:
    """What ``root/relative`` holds, looked at without following links (a link or a file in
    place of one of its folders makes the whole path that kind)."""
    parts = parts_of(relative)
    try:
        with _Folder(root, parts[:-1], create=False) as folder:
            if folder.fd is None:  # a file in place of a folder: nothing is at the path
                return folder.blocked if folder.blocked not in ("", FILE) else ABSENT
            return _kind(os.stat(parts[-1], dir_fd=folder.fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return ABSENT
    except OSError as exc:
        raise SdkParityError(f"cannot read: {exc.strerror}", path=str(root / relative)) from None


def kinds(root: Path, relatives: Iterable[str]) -> dict[str, str]:
    """:func:`kind_of` of many paths, each folder opened once (a warm catalog run checks that
    every recorded file is still there: tens of thousands of paths)."""
    by_folder: dict[tuple[str, ...], list[str]] = {}
    for relative in relatives:
        parts = parts_of(relative)
        by_folder.setdefault(tuple(parts[:-1]), []).append(relative)
    found: dict[str, str] = {}
    for parent, paths in by_folder.items():
        try:
            with _Folder(root, list(parent), create=False) as folder:
                for relative in paths:
                    if folder.fd is None:
                        found[relative] = folder.blocked if folder.blocked not in ("", FILE) else ABSENT
                        continue
                    try:
                        mode = os.stat(relative.rsplit("/", 1)[-1], dir_fd=folder.fd, follow_symlinks=False).st_mode
                        found[relative] = _kind(mode)
                    except FileNotFoundError:
                        found[relative] = ABSENT
        except OSError as exc:
            raise SdkParityError(f"cannot read: {exc.strerror}", path=str(root.joinpath(*parent))) from None
    return found


def read_file(root: Path, relative: str, limit: int = MAX_TREE_FILE) -> tuple[str, bytes | None]:
    """(kind, content) of ``root/relative``: the bytes only for a regular file of at most
    ``limit`` bytes, reached and opened without following a link; never blocks."""
    parts = parts_of(relative)
    try:
        with _Folder(root, parts[:-1], create=False) as folder:
            if folder.fd is None:
                return (folder.blocked if folder.blocked not in ("", FILE) else ABSENT), None
            fd = _open_file(parts[-1], folder.fd)
            return _read_fd(fd, limit) if isinstance(fd, int) else (fd, None)
    except OSError as exc:
        raise SdkParityError(f"cannot read: {exc.strerror}", path=str(root / relative)) from None


def _open_file(name: str, folder: int) -> int | str:
    """A descriptor of the regular file ``name`` in ``folder``, or the kind of what is there
    instead: looked at first (a FIFO or a device is never opened), then opened without following
    a link and without blocking (``_read_fd`` checks again what was opened)."""
    try:
        kind = _kind(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
        if kind != FILE:
            return kind
        return os.open(name, _READ_FLAGS, dir_fd=folder)
    except FileNotFoundError:
        return ABSENT
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR):
            return _kind(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
        raise


def open_regular(root: Path, relative: str) -> tuple[BinaryIO, int] | None:
    """An open regular file beneath ``root`` and its size, reached and opened without following
    a link and without blocking; None for anything else (absent, a link, a folder, a FIFO)."""
    try:
        parts = parts_of(relative)
        with _Folder(root, parts[:-1], create=False) as folder:
            if folder.fd is None:
                return None
            fd = _open_file(parts[-1], folder.fd)
    except (OSError, SdkParityError):
        return None
    if not isinstance(fd, int):
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return None
    return os.fdopen(fd, "rb"), info.st_size


def _read_fd(fd: int, limit: int) -> tuple[str, bytes | None]:
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return _kind(info.st_mode), None
        if info.st_size > limit:
            return FILE, None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return FILE, (b"".join(chunks) if size <= limit else None)
    finally:
        os.close(fd)


def read_input(path: Path, limit: int, what: str) -> bytes:
    """A file the user named (a values file): links followed, but only a regular file is read,
    without blocking, up to ``limit`` bytes; anything else is a one-line SdkParityError."""
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise SdkParityError(f"cannot read {what}: {exc.strerror}", path=where) from None
    try:
        kind, data = _read_fd(fd, limit)
    except OSError as exc:
        raise SdkParityError(f"cannot read {what}: {exc.strerror}", path=where) from None
    if kind != FILE:
        raise SdkParityError(f"{what} path is not a regular file (a {kind})", path=where)
    if data is None:
        raise SdkParityError(f"{what} larger than {limit} bytes", path=where)
    return data


def probe_input(path: Path) -> bool:
    """True when something is at ``path`` (a link, even a broken or looping one, counts: reading
    it then reports why); False only when nothing is there."""
    try:
        os.stat(path)
        return True
    except (FileNotFoundError, NotADirectoryError):
        return os.path.lexists(path)
    except OSError:
        return True


# ---------------------------------------------------------------------------- writing


def check_writable(root: Path, relatives: Iterable[str]) -> None:
    """Refuse, before anything is written, a path whose folders or file are not what a write
    may replace: a link, a special file, a folder where a file goes, a file where a folder goes."""
    seen: set[str] = set()
    for relative in relatives:
        parts = parts_of(relative)
        for index in range(1, len(parts) + 1):
            sub = "/".join(parts[:index])
            if sub in seen:
                continue
            seen.add(sub)
            kind = kind_of(root, sub)
            last = index == len(parts)
            if kind == ABSENT:
                break
            if kind not in (FILE, FOLDER) or (kind == FOLDER) == last:
                raise _refuse(root, sub, kind, "write")


def write_file(root: Path, relative: str, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``root/relative`` atomically, creating folders, following no link."""
    parts = parts_of(relative)
    with _folder(root, parts[:-1], create=True, doing="write") as folder:
        assert folder.fd is not None
        _write_in(folder.fd, root, relative, parts[-1], data, mode)


def write_changed_files(root: Path, files: Iterable[tuple[str, bytes, int]]) -> int:
    """Write each ``(relative, data, mode)`` whose file is missing or holds other bytes, as
    :func:`write_file` does; the count written. Consecutive files of one folder share one walk
    from the root to it (in bulk: give them folder by folder); ``files`` is read lazily."""
    written = 0
    for parent, group in groupby(((parts_of(r), r, d, m) for r, d, m in files), key=lambda f: f[0][:-1]):
        with _folder(root, parent, create=True, doing="write") as folder:
            assert folder.fd is not None
            for parts, relative, data, mode in group:
                try:
                    found = _open_file(parts[-1], folder.fd)
                    kind, old = _read_fd(found, len(data)) if isinstance(found, int) else (found, None)
                except OSError as exc:
                    raise SdkParityError(f"cannot read: {exc.strerror}", path=str(root / relative)) from None
                if kind != FILE or old != data:
                    _write_in(folder.fd, root, relative, parts[-1], data, mode)
                    written += 1
    return written


def _write_in(fd: int, root: Path, relative: str, name: str, data: bytes, mode: int) -> None:
    """Write ``data`` atomically to the file ``name`` of the open folder ``fd``."""
    try:
        existing = _kind(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        existing = ABSENT
    except OSError as exc:
        raise SdkParityError(f"cannot write: {exc.strerror}", path=str(root / relative)) from None
    if existing not in (ABSENT, FILE):
        raise _refuse(root, relative, existing, "write")
    temporary = f".{name[:200]}.{secrets.token_hex(4)}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | os.O_CLOEXEC, mode, dir_fd=fd)  # fmt: skip
    except OSError as exc:
        raise SdkParityError(f"cannot write: {exc.strerror}", path=str(root / relative)) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            os.fchmod(handle, mode)
        finally:
            os.close(handle)
        os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
    except OSError as exc:
        _unlink_quietly(temporary, fd)
        raise SdkParityError(f"cannot write: {exc.strerror}", path=str(root / relative)) from None
    except BaseException:
        _unlink_quietly(temporary, fd)
        raise


def _unlink_quietly(name: str, fd: int) -> None:
    try:
        os.unlink(name, dir_fd=fd)
    except OSError:
        pass


def move_file(source: Path, relative: str, root: Path) -> None:
    """Move the regular file ``source/relative`` (a folder sdk-parity made and filled itself) to
    ``root/relative`` with one rename, creating folders and following no link on either side."""
    parts = parts_of(relative)
    with _folder(source, parts[:-1], create=False, doing="move") as src, \
            _folder(root, parts[:-1], create=True, doing="write") as dst:  # fmt: skip
        assert src.fd is not None and dst.fd is not None
        try:
            if _kind(os.stat(parts[-1], dir_fd=src.fd, follow_symlinks=False).st_mode) != FILE:
                raise SdkParityError("not a regular file", path=str(source / relative))
            try:
                existing = _kind(os.stat(parts[-1], dir_fd=dst.fd, follow_symlinks=False).st_mode)
            except FileNotFoundError:
                existing = ABSENT
            if existing not in (ABSENT, FILE):
                raise _refuse(root, relative, existing, "write")
            os.replace(parts[-1], parts[-1], src_dir_fd=src.fd, dst_dir_fd=dst.fd)
        except OSError as exc:
            raise SdkParityError(f"cannot write: {exc.strerror}", path=str(root / relative)) from None


# ---------------------------------------------------------------------------- deleting


def delete_if_unchanged(root: Path, relative: str, expected: str) -> bool:
    """Delete ``root/relative`` only if it is a regular file whose content hash is ``expected``
    (the file as sdk-parity wrote it); True when deleted. Links, folders, special files and
    edited files stay."""
    parts = parts_of(relative)
    try:
        with _Folder(root, parts[:-1], create=False) as folder:
            if folder.fd is None:
                return False
            fd = _open_file(parts[-1], folder.fd)
            if not isinstance(fd, int):
                return False  # absent, a link, a FIFO, a folder: never deleted
            kind, data = _read_fd(fd, MAX_TREE_FILE)
            if kind != FILE or data is None or digest(data) != expected:
                return False
            os.unlink(parts[-1], dir_fd=folder.fd)
            return True
    except OSError as exc:
        raise SdkParityError(f"cannot delete: {exc.strerror}", path=str(root / relative)) from None


def remove_empty_folders(root: Path, relatives: Iterable[str]) -> None:
    """Remove the folders of these paths that are now empty, deepest first (never the root)."""
    folders = {tuple(parts_of(r)[:i]) for r in relatives for i in range(1, len(parts_of(r)))}
    for parts in sorted(folders, key=len, reverse=True):
        with _Folder(root, list(parts[:-1]), create=False) as parent:
            if parent.fd is None:
                continue
            try:
                os.rmdir(parts[-1], dir_fd=parent.fd)
            except OSError:
                pass  # not empty, not a folder, already gone: kept


def remove_temporaries(root: Path) -> int:
    """Delete the temporary files an interrupted run of sdk-parity left (``.<name>.<random>.tmp``)."""
    stray = [rel for rel, kind in walk(root) if kind == FILE and TMP_PATTERN.fullmatch(rel.rsplit("/", 1)[-1])]
    for relative in stray:
        parts = parts_of(relative)
        with _Folder(root, parts[:-1], create=False) as folder:
            if folder.fd is not None:
                _unlink_quietly(parts[-1], folder.fd)
    return len(stray)


# ---------------------------------------------------------------------------- listing


def walk(root: Path) -> Iterator[tuple[str, str]]:
    """Every entry beneath ``root`` as (relative path, kind), sorted by path; a folder is
    descended into only when it is a real folder (a link to one is listed, not entered)."""
    try:
        fd = _open_root(root)
    except SdkParityError:
        return
    try:
        yield from _walk(fd, "")
    finally:
        os.close(fd)


def _walk(fd: int, prefix: str) -> Iterator[tuple[str, str]]:
    with os.scandir(fd) as entries:
        found = sorted((e.name, e.stat(follow_symlinks=False).st_mode) for e in entries)
    for name, mode in found:
        relative = prefix + name
        kind = _kind(mode)
        if kind == FOLDER:
            try:
                sub = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError:
                yield relative, DEVICE  # vanished or unreadable meanwhile: never entered
                continue
            try:
                yield from _walk(sub, relative + "/")
            finally:
                os.close(sub)
        elif kind != FOLDER:
            yield relative, kind


# ---------------------------------------------------------------------------- roots


def prepare_root(root: Path, what: str = "output directory") -> None:
    """Create the folder the user named (``--out``) if needed and prove it is a folder that can
    be written, or fail with one line (a file in its place, no permission, a dangling link)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise SdkParityError(f"cannot write {what}: it is not a folder", path=str(root)) from None
    except OSError as exc:
        raise SdkParityError(f"cannot write {what}: {exc.strerror}", path=str(root)) from None
    if not root.is_dir():
        raise SdkParityError(f"cannot write {what}: it is not a folder", path=str(root))
    if not os.access(root, os.W_OK | os.X_OK):
        raise SdkParityError(f"cannot write {what}: Permission denied", path=str(root))
