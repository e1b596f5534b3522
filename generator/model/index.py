"""Model, the service index: each service's full name and operation names, and the key of the
model files they were read from, and the index kept in a cache file.

Stage: model (the lowest; no disk writes). Input: botocore's data folders, as its loader searches
them (``AWS_DATA_PATH``, ``~/.aws/models``, the data botocore ships). Output: the index, one
:class:`ServiceEntry` per service, and :func:`index_key`, a digest of everything the index
depends on - botocore's version and the path, size and modification time of every
``service-2`` file on the search path - so that :func:`service_index` can keep the index in a
cache file (``sdk-parity list`` and ``verify --shard``, which weighs services by their
operations; the file is written by the caller's writer, the write stage's) and tell when it is
stale: a botocore upgrade, a model added to or changed in ``AWS_DATA_PATH``.

Building the index reads every model (445 in botocore 1.44.8: several seconds of CPU, mostly
JSON decoding); the key stats the files instead of reading them (a few milliseconds).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore  # type: ignore[import-untyped, unused-ignore]

from generator.model.load import loader, service_names

FORMAT = 1
DEFAULT_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "list" / "index.json"


@dataclass(frozen=True)
class ServiceEntry:
    """One service as ``list`` shows it."""

    name: str
    full_name: str
    operations: tuple[str, ...]  # sorted, as the IR orders them


def _model_files(root: str) -> list[str]:
    """``service/version/service-2.json[.gz]`` lines with size and mtime, under one data folder."""
    out: list[str] = []
    try:
        services = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return out
    for service in services:
        if not service.is_dir():
            continue
        try:
            versions = sorted(os.scandir(service.path), key=lambda e: e.name)
        except OSError:
            continue
        for version in versions:
            for name in ("service-2.json", "service-2.json.gz"):
                try:
                    stat = os.stat(os.path.join(version.path, name))
                except OSError:
                    continue
                out.append(f"{service.name}/{version.name}/{name} {stat.st_size} {stat.st_mtime_ns}")
    return out


def index_key() -> str:
    """A digest of botocore's version and every model file the index could be read from."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"format {FORMAT}\nbotocore {botocore.__version__}\n".encode())
    for root in loader().search_paths:
        h.update(f"path {root}\n".encode("utf-8", "surrogateescape"))
        for line in _model_files(root):
            h.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return h.hexdigest()


def build_index() -> list[ServiceEntry]:
    """Read every service's model (the slow path the cache saves)."""
    data = loader()
    entries = []
    for name in service_names():
        model = data.load_service_model(name, "service-2")
        full = str(model.get("metadata", {}).get("serviceFullName", ""))
        entries.append(ServiceEntry(name, full, tuple(sorted(model.get("operations", {})))))
    return entries


def encode(key: str, entries: list[ServiceEntry]) -> str:
    """The cache file's text (deterministic)."""
    services = {e.name: {"full_name": e.full_name, "operations": list(e.operations)} for e in entries}
    return json.dumps({"format": FORMAT, "key": key, "services": services}, sort_keys=True) + "\n"


def decode(text: str, key: str) -> list[ServiceEntry] | None:
    """The entries of a cache file written for ``key``; ``None`` when it is stale or unreadable."""
    try:
        data: Any = json.loads(text)
        if data.get("format") != FORMAT or data.get("key") != key:
            return None
        return [
            ServiceEntry(str(name), str(entry["full_name"]), tuple(str(op) for op in entry["operations"]))
            for name, entry in sorted(data["services"].items())
        ]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


Writer = Callable[[Path, str], None]  # writes a file atomically (the edges pass the write stage's)


def service_index(cache: Path | None, write: Writer | None) -> list[ServiceEntry]:
    """Every service's full name and operations: from ``cache`` when it was written for the
    model files there are now (:func:`index_key`), else read from the models and handed to
    ``write`` for ``cache`` (a cache that cannot be read or written is passed over)."""
    key = index_key()
    if cache is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found = decode(cache.read_text(encoding="utf-8"), key)
            if found is not None:
                return found
    entries = build_index()
    if cache is not None and write is not None:
        with contextlib.suppress(OSError):
            write(cache, encode(key, entries))
    return entries
