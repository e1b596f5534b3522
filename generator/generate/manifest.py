"""The catalog's manifest ``<out>/.sdk-parity-cache.json``: what ``generate --all`` /
``--services`` wrote, per service and operation, with each file's content hash.

Stage: write (read and written only through :mod:`generator.generate.fs` and
:mod:`generator.generate.write`). Input: the output folder. Output: the manifest when it can be
trusted - never a path outside the folder, never a file outside the service's own folders
(``<service>/``, ``python/sdk-parity-<service>/``), hashes of the right form; otherwise nothing,
with a warning, so a hand-edited manifest can make the next run slower but cannot make it
delete a file the tool did not write (and a recorded file is deleted only when unchanged).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.errors import SdkParityError
from generator.generate import fs
from generator.generate.write import RUN_RECORD, owned_prefixes, write_changed
from generator.targets import Artifact
from generator.targets.registry import PACKAGE_TARGET

MANIFEST = ".sdk-parity-cache.json"
FORMAT = 2  # 2: each file with the content hash it was written with
SCENARIOS = "scenarios"  # the entry of a service's scenarios (programs and pages), like the package's


def entry_files(entry: dict[str, Any] | None) -> dict[str, str]:
    """Every file of a manifest entry with the content hash it was written with."""
    if not entry:
        return {}
    files = dict(entry.get(PACKAGE_TARGET, {}).get("files", {}))
    files.update(entry.get(SCENARIOS, {}).get("files", {}))
    for op in entry.get("ops", {}).values():
        files.update(op.get("files", {}))
    return files


def all_present(out: Path, files: dict[str, str]) -> bool:
    return all(kind == fs.FILE for kind in fs.kinds(out, files).values())


def hashes(artifacts: list[Artifact]) -> dict[str, str]:
    return {a.path: fs.digest(a.content.encode("utf-8")) for a in sorted(artifacts, key=lambda a: a.path)}


def removable(name: str, files: dict[str, str]) -> dict[str, str]:
    """The recorded files of service ``name`` that lie where its files are written (a
    hand-edited manifest cannot point the deletion of unchanged files anywhere else)."""
    prefixes = owned_prefixes([name], [name])
    return {f: h for f, h in files.items() if f.startswith(prefixes)}


def _files_problem(name: str, files: Any) -> str:
    if not isinstance(files, dict) or not all(
        isinstance(h, str) and len(h) == 32 for h in files.values()
    ):
        return "a 'files' entry is not an object of content hashes"
    for file in files:
        try:
            fs.parts_of(file)
        except SdkParityError:
            return f"the file {file!r} lies outside the output folder"
        if not file.startswith(owned_prefixes([name], [name])):
            return f"the file {file!r} is not where the service's files are written"
    return ""


def _entry_problem(name: str, entry: Any) -> str:
    """Why one service entry of the manifest cannot be trusted, or an empty string."""
    if not isinstance(entry, dict) or not isinstance(entry.get("key", ""), str):
        return "an entry is not an object with a string key"
    ops = entry.get("ops", {})
    if not isinstance(ops, dict):
        return "'ops' is not an object"
    parts = [op for op in ops.values()]
    for whole in (PACKAGE_TARGET, SCENARIOS):  # the parts that cover the whole service
        if whole in entry:
            parts.append(entry[whole])
    for part in parts:
        if not isinstance(part, dict):
            return "an operation entry is not an object"
        problem = _files_problem(name, part.get("files", {}))
        if problem:
            return problem
        if not isinstance(part.get("key", ""), str):
            return "a key is not a string"
        skipped = part.get("skipped", {})
        if not isinstance(skipped, (dict, str)) or (
            isinstance(skipped, dict) and not all(isinstance(v, str) for v in skipped.values())
        ):
            return "'skipped' is not an object of strings"
        flags = part.get("flags", [])
        if not isinstance(flags, list) or not all(isinstance(v, str) for v in flags):
            return "'flags' is not a list of strings"
    return ""


MAX_MANIFEST = 256 * 1024 * 1024


def check_own_files(out: Path) -> None:
    """The manifest and the run record are rewritten at the end of a run: refuse, before any
    work, one that is a folder, a link or a special file (a FIFO would block the run)."""
    for name in (MANIFEST, RUN_RECORD):
        kind = fs.kind_of(out, name)
        if kind not in (fs.ABSENT, fs.FILE):
            raise SdkParityError(f"not a regular file (a {kind}); sdk-parity writes its own file here",
                                 path=str(out / name))


def read_manifest(out: Path, warnings: list[str]) -> dict[str, Any]:
    """The manifest when it is well formed; otherwise nothing, with a warning (never trusted)."""
    path = out / MANIFEST
    kind, raw = fs.read_file(out, MANIFEST, MAX_MANIFEST)
    if kind == fs.ABSENT:
        return {}
    try:
        if raw is None:
            raise ValueError("not a regular file of a sensible size")
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        warnings.append(f"{path}: unreadable cache manifest ignored ({type(exc).__name__})")
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        warnings.append(f"{path}: cache manifest of another format ignored")
        return {}
    services = data.get("services", {})
    problem = "" if isinstance(services, dict) else "'services' is not an object"
    for name, entry in services.items() if not problem else ():
        problem = _entry_problem(name, entry) if isinstance(name, str) else "a service name is not a string"
        if problem:
            problem = f"service {name!r}: {problem}"
            break
    if problem or not isinstance(data.get("generator", ""), str):
        warnings.append(f"{path}: malformed cache manifest ignored ({problem or 'generator key'})")
        return {}
    return data


def write_manifest(out: Path, generator: str, services: dict[str, Any]) -> None:

    text = json.dumps(
        {"format": FORMAT, "generator": generator, "services": services},
        sort_keys=True, separators=(",", ":"),
    )
    try:
        write_changed([Artifact(MANIFEST, text + "\n")], out)
    except OSError as exc:
        raise SdkParityError(f"cannot write the cache manifest: {exc.strerror}", path=str(out / MANIFEST)) from None
