"""Go toolchain edge: the pinned AWS SDK for Go v2 modules, one multi-main build, the binaries run.

Stage: a tool edge (subprocesses and disk, no model logic). Inputs: example sources (``main``
packages), endpoint URLs. Outputs: per example its build errors or its binary's exit status.

- Versions are pinned in one place, ``generator/verify/toolchains/go/go.mod`` + ``go.sum``.
  :func:`install` runs ``go mod download`` for them into ``.cache/go/mod`` (``GOMODCACHE``; the
  build cache is ``.cache/go/build``), once per go.sum (a stamp holds its hash).
- :func:`build` lays out one module (the pinned go.mod/go.sum, one ``examples/<name>/main.go``
  per example) and runs one ``go build -o bin/ ./examples/...``; a package that does not
  compile is reported with its errors and left out, and the rest built again.
- :func:`run` runs one binary with its own environment (``AWS_ENDPOINT_URL`` tags its requests).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PINS = Path(__file__).resolve().parent / "toolchains" / "go"
DEFAULT_CACHE_DIR = REPO_ROOT / ".cache" / "go"
_ERROR = re.compile(r"^(?:\./)?examples/([\w-]+)/main\.go:\d+:\d+: (.*)$")


class GoToolError(Exception):
    """go failed in a way no single example explains."""


@dataclass(frozen=True)
class RunResult:
    returncode: int
    stdout: str
    stderr: str
    millis: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _go() -> str:
    found = shutil.which("go")
    if found is None:
        raise GoToolError("go is not installed (Go examples need Go 1.24+)")
    return found


def go_env(cache_dir: Path | None = None, base: Mapping[str, str] | None = None) -> dict[str, str]:
    cache = cache_dir or DEFAULT_CACHE_DIR
    env = dict(base if base is not None else os.environ)
    env.update(
        GOMODCACHE=str(cache / "mod"),
        GOCACHE=str(cache / "build"),
        GOPATH=str(cache / "path"),
        GOTOOLCHAIN="local",
        GOFLAGS="-mod=readonly -buildvcs=false",
        CGO_ENABLED="0",
    )
    return env


def pinned_versions() -> dict[str, str]:
    """Module path -> version of every module the go.mod pins."""
    text = (PINS / "go.mod").read_text(encoding="utf-8")
    return dict(re.findall(r"^\s+(\S+)\s+(v\S+)\s*$", text, re.M))


def install(cache_dir: Path | None = None) -> Path:
    """``go mod download`` of the pinned modules (once per go.sum); returns the cache folder."""
    cache = cache_dir or DEFAULT_CACHE_DIR
    module = cache / "pins"
    module.mkdir(parents=True, exist_ok=True)
    go_mod, go_sum = (PINS / "go.mod").read_bytes(), (PINS / "go.sum").read_bytes()
    want = hashlib.sha256(go_mod + go_sum).hexdigest()
    stamp = cache / ".installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == want:
        return cache
    (module / "go.mod").write_bytes(go_mod)
    (module / "go.sum").write_bytes(go_sum)
    result = subprocess.run(
        [_go(), "mod", "download"], cwd=module, capture_output=True, text=True,
        env=go_env(cache), check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise GoToolError(f"go mod download failed: {result.stderr.strip()[-800:]}")
    stamp.write_text(want, encoding="utf-8")
    return cache


def build(
    sources: Mapping[str, str], folder: Path, cache_dir: Path | None = None
) -> tuple[Path, dict[str, list[str]]]:
    """Build every ``name -> main.go`` source in one module; (bin folder, errors per name).

    Packages that do not compile are left out and the rest built again (at most 5 rounds)."""
    (folder / "go.mod").write_bytes((PINS / "go.mod").read_bytes())
    (folder / "go.sum").write_bytes((PINS / "go.sum").read_bytes())
    for name, text in sources.items():
        path = folder / "examples" / name / "main.go"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    broken: dict[str, list[str]] = {}
    remaining = set(sources)
    bin_dir = folder / "bin"
    for _attempt in range(5):
        if not remaining:
            break
        targets = [f"./examples/{name}" for name in sorted(remaining)]
        result = subprocess.run(
            [_go(), "build", "-ldflags=-s -w", "-o", str(bin_dir) + os.sep, *targets],
            cwd=folder, capture_output=True, text=True, env=go_env(cache_dir), check=False,
        )  # fmt: skip
        if result.returncode == 0:
            return bin_dir, broken
        found: dict[str, list[str]] = {}
        for line in result.stderr.splitlines():
            match = _ERROR.match(line.strip())
            if match and match.group(1) in remaining:
                found.setdefault(match.group(1), []).append(match.group(2))
        if not found:
            raise GoToolError(f"go build failed: {result.stderr.strip()[-800:]}")
        for name, errors in found.items():
            broken[name] = errors
            remaining.discard(name)
    return bin_dir, broken


def run(binary: Path, env: Mapping[str, str], timeout: float = 60) -> RunResult:
    started = time.monotonic()
    try:
        result = subprocess.run(
            [str(binary)],
            capture_output=True,
            text=True,
            env=dict(env),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return RunResult(-1, "", f"timed out after {timeout:.0f}s", timeout * 1000)
    return RunResult(
        result.returncode, result.stdout, result.stderr, (time.monotonic() - started) * 1000
    )
