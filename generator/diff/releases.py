"""Stage ``diff`` (input edge): two botocore releases' model data, side by side.

Input: a botocore version (``1.44.0``) or nothing for the installed botocore. Output: a
:class:`Release` - its version and its ``botocore/data`` folder, read through a botocore
``Loader`` pointed at that folder only - and a per-service digest of its model files.

Another release is never installed: its wheel is fetched once with
``pip download botocore==X --no-deps`` into the cache folder (``.cache/botocore/`` by default),
only its ``botocore/data/`` is unpacked (to a temporary folder, then renamed, so an interrupted
fetch leaves nothing half-made), and the wheel is deleted. The installed release is read from
its own data folder, without ``AWS_DATA_PATH`` or ``~/.aws/models``: the diff is between
releases, not a user's overrides.

Digests are over the decompressed content of every file botocore reads to describe a service
(``service-2``, ``paginators-1``, ``waiters-2``, ``examples-1``, ``sdk-extras``; the endpoint
rule sets are left out): the ``.gz`` files of two releases differ byte for byte even when their
content does not. A release's digests are kept in ``index.json`` beside its data, checked
against every file's size and modification time before reuse.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import botocore
from botocore.loaders import Loader

from generator.errors import SdkParityError
from generator.generate.write import write_changed
from generator.targets import Artifact

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = REPO / ".cache" / "botocore"
INDEX = "index.json"
INDEX_FORMAT = 1
_VERSION = re.compile(r"[0-9]+(\.[0-9]+){1,3}((a|b|rc|\.post|\.dev)[0-9]+)?")
_DATA_PREFIX = "botocore/data/"
_LEFT_OUT = ("endpoint-rule-set-",)  # files that change no page, example or package
PIP_TIMEOUT = 600  # seconds for one ``pip download`` (a 16 MB wheel)


@dataclass(frozen=True)
class Release:
    """One botocore release's model data: its version and its ``botocore/data`` folder."""

    version: str
    data: Path
    installed: bool = False

    @property
    def label(self) -> str:
        return f"botocore {self.version}" + (" (installed)" if self.installed else "")

    def loader(self) -> ReleaseLoader:
        """The botocore loader of this process that reads this release's data folder and
        nothing else (:meth:`ReleaseLoader.forget` drops the documents of a finished service)."""
        key = str(self.data)
        if key not in _LOADERS:
            _LOADERS[key] = ReleaseLoader(extra_search_paths=[key], include_default_search_paths=False)
        return _LOADERS[key]


class ReleaseLoader(Loader):  # type: ignore[misc]  # botocore has no type hints
    """botocore's ``Loader`` whose decoded documents can be dropped while its directory
    listings are kept: every ``load_service_model`` consults the list of services, which a
    fresh loader builds by scanning every service folder of the release."""

    def forget(self) -> None:
        """Drop every decoded document (its instance cache but the listings)."""
        cache: dict[tuple[Any, ...], Any] = self.__dict__["_cache"]
        self._cache = {k: v for k, v in cache.items() if k[0] in _LISTINGS}


_LISTINGS = ("list_available_services", "list_api_versions", "determine_latest_version")
_LOADERS: dict[str, ReleaseLoader] = {}


def installed_release() -> Release:
    return Release(botocore.__version__, Path(botocore.__file__).resolve().parent / "data", True)


def check_version(text: str) -> str:
    """``text`` when it reads as a botocore release number; one-line SdkParityError otherwise
    (it becomes a ``pip`` argument, so nothing else gets through)."""
    if len(text) > 40 or not _VERSION.fullmatch(text):
        raise SdkParityError(f"not a botocore version: {text!r} (for example 1.44.0)")
    return text


def release(version: str | None, cache: Path) -> Release:
    """The installed release when ``version`` is None or its number; else the cached download
    of ``version``, fetched first if the cache does not hold it yet."""
    installed = installed_release()
    if version is None or version == installed.version:
        return installed
    folder = cache / f"botocore-{check_version(version)}"
    if not (folder / "data").is_dir():
        _fetch(version, cache, folder)
    return Release(version, folder / "data")


def _fetch(version: str, cache: Path, folder: Path) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".botocore-{version}.", dir=cache))
    except OSError as exc:
        raise SdkParityError(f"cannot write the release cache: {exc.strerror}", path=str(cache)) from None
    try:
        wheel = _download(version, work)
        _unpack(wheel, work / "release" / "data")
        wheel.unlink()
        try:
            os.rename(work / "release", folder)
        except OSError:
            if not (folder / "data").is_dir():  # another run unpacked it first: keep theirs
                raise
    except OSError as exc:
        raise SdkParityError(f"cannot unpack botocore {version}: {exc.strerror}", path=str(cache)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _download(version: str, work: Path) -> Path:
    command = [
        sys.executable, "-m", "pip", "download", f"botocore=={version}", "--no-deps",
        "--only-binary=:all:", "--dest", str(work), "--no-input", "--disable-pip-version-check",
        "--quiet", "--retries", "2",
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PIP_TIMEOUT, check=False,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise SdkParityError(f"pip did not fetch botocore {version} within {PIP_TIMEOUT} s") from None
    wheels = sorted(work.glob("botocore-*.whl"))
    if done.returncode == 0 and len(wheels) == 1:
        return wheels[0]
    output = f"{done.stderr}\n{done.stdout}"
    if "No matching distribution found" in output:
        raise SdkParityError(f"botocore {version} is not on PyPI")
    if "No module named pip" in output:
        raise SdkParityError(f"cannot fetch botocore {version}: pip is not installed for {sys.executable}")
    last = [line.strip() for line in output.splitlines() if line.strip()]
    reason = last[-1] if last else f"pip exited with {done.returncode}"
    raise SdkParityError(f"cannot fetch botocore {version}: {reason}")


def _unpack(wheel: Path, data: Path) -> None:
    """Write the wheel's ``botocore/data/`` files under ``data`` (no other member, no path that
    leaves the folder)."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            for info in archive.infolist():
                name = PurePosixPath(info.filename)
                if info.is_dir() or not info.filename.startswith(_DATA_PREFIX):
                    continue
                parts = name.parts[2:]
                if not parts or any(p in ("", ".", "..") for p in parts):
                    continue
                target = data.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(info))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise SdkParityError(f"not a readable wheel: {exc}", path=str(wheel)) from None


# --------------------------------------------------------------------------- digests


def _model_files(data: Path) -> dict[str, list[Path]]:
    """Each service's model files, by service name (sorted paths)."""
    files: dict[str, list[Path]] = {}
    for service in sorted(os.scandir(data), key=lambda e: e.name):
        if not service.is_dir() or service.name.startswith(("_", ".")):
            continue
        found = [
            Path(dirpath) / f
            for dirpath, _dirs, names in os.walk(service.path)
            for f in names
            if not f.startswith(_LEFT_OUT) and f.endswith((".json", ".json.gz"))
        ]
        if found:
            files[service.name] = sorted(found)
    return files


def _stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def _digest(paths: list[Path], data: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in paths:
        content = path.read_bytes()
        if path.suffix == ".gz":
            content = gzip.decompress(content)
        for part in (path.relative_to(data).as_posix().removesuffix(".gz").encode(), content):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
    return h.hexdigest()


def model_index(rel: Release, cache: Path) -> dict[str, str]:
    """Service name -> digest of its model files, for every service of ``rel`` (reused from
    the release's ``index.json`` when no file's size or modification time moved)."""
    files = _model_files(rel.data)
    stamps = {
        name: [[p.relative_to(rel.data).as_posix(), *_stamp(p)] for p in paths]
        for name, paths in files.items()
    }
    where = cache / f"installed-{rel.version}" if rel.installed else rel.data.parent
    try:
        kept = json.loads((where / INDEX).read_text(encoding="utf-8"))
        if (
            isinstance(kept, dict) and kept.get("format") == INDEX_FORMAT
            and kept.get("data") == str(rel.data) and kept.get("stamps") == stamps
            and isinstance(kept.get("digests"), dict)
        ):  # fmt: skip
            return {str(k): str(v) for k, v in kept["digests"].items()}
    except (OSError, ValueError):
        pass
    digests = {name: _digest(paths, rel.data) for name, paths in files.items()}
    text = json.dumps(
        {"format": INDEX_FORMAT, "data": str(rel.data), "stamps": stamps, "digests": digests},
        sort_keys=True, separators=(",", ":"),
    )  # fmt: skip
    try:
        write_changed([Artifact(INDEX, text + "\n")], where)
    except SdkParityError:
        pass  # a read-only cache only costs the next run the hashing again
    return digests
