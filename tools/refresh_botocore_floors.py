"""Refresh generator/data/client/botocore_floors.json: the oldest botocore each package works with.

A typed client package is generated from the installed botocore's model of its service, and
asks for ``botocore>=<floor>`` (and ``boto3>=<floor>``: their versions move together). The
floor is the lowest botocore release whose model of the service is the one the package was
made from, in every release from there up to the installed one: the service's
``service-2.json`` (documentation left aside: it changes nothing the package does),
``paginators-1.json`` and ``waiters-2.json``, of the API version botocore's loader picks.
So a package works with any botocore from its floor on, and its ``[async]`` extra resolves
wherever an aiobotocore release accepts a botocore at or above the floor (aiobotocore pins a
narrow botocore range).

Releases are checked from the installed botocore down to the oldest one the pinned
aiobotocore release (``.ci/async-constraints.txt``) accepts - the oldest botocore the
package's runtime is tested with - so a floor is never below that. Sources: the release list
of botocore on PyPI (``pip index versions``), each release's wheel (``pip download``, cached
in ``.cache/botocore-releases/``: about 16 MB each, some 20 releases per refresh) and the
pinned aiobotocore's wheel metadata (its ``Requires-Dist: botocore``).

    python -m tools.refresh_botocore_floors          # rewrite the table
    python -m tools.refresh_botocore_floors --check  # exit 1 when the committed table is stale
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import botocore
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "generator" / "data" / "client" / "botocore_floors.json"
CACHE = ROOT / ".cache" / "botocore-releases"
CONSTRAINTS = ROOT / ".ci" / "async-constraints.txt"
MODEL_FILES = ("service-2.json", "paginators-1.json", "waiters-2.json")
_DOCUMENTATION = frozenset({"documentation", "documentationUrl", "deprecatedMessage"})


def _without_documentation(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_documentation(v) for k, v in value.items() if k not in _DOCUMENTATION}
    if isinstance(value, list):
        return [_without_documentation(v) for v in value]
    return value


def models(files: Mapping[str, bytes]) -> dict[str, dict[str, bytes]]:
    """service -> its model files (``service-2.json``, ...: raw bytes, gzipped or not) of the
    API version botocore's loader picks (the latest), from ``files``: paths under
    ``botocore/data/`` (``<service>/<api version>/<file>[.gz]``) and contents."""
    latest: dict[str, str] = {}
    for path in files:
        parts = path.split("/")
        if len(parts) == 3 and parts[2].startswith("service-2.json"):
            latest[parts[0]] = max(latest.get(parts[0], ""), parts[1])
    found: dict[str, dict[str, bytes]] = {}
    for service, version in latest.items():
        found[service] = {}
        for name in MODEL_FILES:
            for suffix in ("", ".gz"):
                path = f"{service}/{version}/{name}{suffix}"
                if path in files:
                    found[service][name] = _read_bytes(files[path], path)
    return found


def _read_bytes(raw: bytes, name: str) -> bytes:
    return gzip.decompress(raw) if name.endswith(".gz") else raw


def same_model(left: Mapping[str, bytes], right: Mapping[str, bytes]) -> bool:
    """Whether two releases' files of a service make the same package: byte for byte, or
    else equal once the documentation is left aside."""
    if left == right:
        return True
    if set(left) != set(right):
        return False
    return all(
        _without_documentation(json.loads(left[n])) == _without_documentation(json.loads(right[n]))
        for n in left
    )


def installed_files() -> dict[str, bytes]:
    """The model files of the installed botocore."""
    data = Path(botocore.__file__).resolve().parent / "data"
    return model_files((str(p.relative_to(data)), p) for p in data.glob("*/*/*.json*"))


def model_files(paths: Iterable[tuple[str, Path]]) -> dict[str, bytes]:
    wanted = tuple(MODEL_FILES)
    return {name: path.read_bytes() for name, path in paths if name.split("/")[-1].startswith(wanted)}


def wheel_files(wheel: Path) -> dict[str, bytes]:
    """The model files of a botocore wheel."""
    prefix = "botocore/data/"
    found: dict[str, bytes] = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            rest = name[len(prefix) :] if name.startswith(prefix) else ""
            if rest.count("/") == 2 and rest.split("/")[-1].startswith(MODEL_FILES):
                found[rest] = archive.read(name)
    return found


def _pip(*args: str) -> str:
    command = [sys.executable, "-m", "pip", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def releases() -> list[str]:
    """botocore's releases on PyPI, oldest first."""
    listed = _pip("index", "versions", "botocore")
    match = re.search(r"Available versions: (.+)", listed)
    if match is None:
        raise SystemExit(f"pip index versions botocore said: {listed[:200]}")
    return sorted((v.strip() for v in match.group(1).split(",")), key=Version)


def _download(name: str, version: str) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    wheel = next(CACHE.glob(f"{name}-{version}-*.whl"), None)
    if wheel is None:
        _pip("download", f"{name}=={version}", "--no-deps", "--only-binary", ":all:", "-d", str(CACHE))
        wheel = next(CACHE.glob(f"{name}-{version}-*.whl"))
    return wheel


def aiobotocore_pin() -> tuple[str, str]:
    """The pinned aiobotocore release and the botocore versions it accepts."""
    pins = dict(
        line.split("==", 1) for line in CONSTRAINTS.read_text().splitlines() if "==" in line
    )
    version = pins["aiobotocore"].strip()
    with zipfile.ZipFile(_download("aiobotocore", version)) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode()
    match = re.search(r"^Requires-Dist: botocore\s*([^;\n]+)", text, re.M)
    if match is None:
        raise SystemExit(f"aiobotocore {version} names no botocore requirement")
    return version, str(SpecifierSet(match.group(1).strip()))


def build(
    current: Mapping[str, Mapping[str, bytes]],
    older: Iterable[tuple[str, Mapping[str, Mapping[str, bytes]]]],
) -> dict[str, str]:
    """service -> its floor: walking ``older`` (release, its models) from the newest release
    down, the last release from which the service's model is the current one ("" when even
    the newest differs)."""
    floors = {service: "" for service in current}
    still = set(current)
    for release, found in older:
        for service in sorted(still):
            if service in found and same_model(found[service], current[service]):
                floors[service] = release
            else:
                still.discard(service)
        if not still:
            break
    return floors


def render(table: Mapping[str, Any]) -> str:
    return json.dumps(table, indent=1, sort_keys=True) + "\n"


def make_table() -> dict[str, Any]:
    installed = botocore.__version__
    aiobotocore, accepted = aiobotocore_pin()
    oldest = min((v for v in releases() if Version(v) in SpecifierSet(accepted)), key=Version)
    window = [
        v for v in releases() if Version(oldest) <= Version(v) < Version(installed)
    ]
    current = models(installed_files())

    def walk() -> Iterable[tuple[str, Mapping[str, Mapping[str, bytes]]]]:
        for release in sorted(window, key=Version, reverse=True):
            print(f"reading botocore {release}", file=sys.stderr)
            yield release, models(wheel_files(_download("botocore", release)))

    floors = build(current, walk())
    return {
        "botocore": installed,
        "checked": window,
        "aiobotocore": {"version": aiobotocore, "botocore": accepted},
        "floors": {s: f or installed for s, f in sorted(floors.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the table is stale")
    args = parser.parse_args()
    text = render(make_table())
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print("stale: run python -m tools.refresh_botocore_floors", file=sys.stderr)
            raise SystemExit(1)
        return
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
