"""Rust toolchain edge: the pinned AWS SDK for Rust crates, one cargo build, the binaries run.

Stage: a tool edge (subprocesses and disk, no model logic). Inputs: example sources (``main.rs``
files as published), grouped by service. Outputs: per example its compile errors, or its run's
exit status and output.

- Versions are pinned in one place, ``generator/verify/toolchains/rust/Cargo.toml`` +
  ``Cargo.lock``. :func:`install` runs ``cargo fetch --locked`` for them into
  ``.cache/rust/cargo`` (``CARGO_HOME``), once per lock file (a stamp holds its hash).
- :func:`build` lays out one cargo workspace (the pinned lock file, one crate per service) and runs
  one ``cargo build --offline``. Each service's crate is one binary: every example of that service
  is a module that ``include!``s the example's file unchanged, and ``main`` runs the example the
  ``SDK_PARITY_EXAMPLE`` variable names, so a service links once, not once per example. The
  target folder ``.cache/rust/target`` is shared by every run (a second run compiles only the
  examples). An example that does not compile is reported with rustc's first error and the rest
  built again.
- :func:`run` runs one example: its service's binary with its own environment.
"""

from __future__ import annotations

import fcntl
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
PINS = Path(__file__).resolve().parent / "toolchains" / "rust"
DEFAULT_CACHE_DIR = Path(os.environ.get("SDK_PARITY_RUST_CACHE") or REPO_ROOT / ".cache" / "rust")
SELECT = "SDK_PARITY_EXAMPLE"  # the variable that names the example a service binary runs
PROFILE = "dev"  # debug builds: a cold build of the sample compiles in half the time of release
_ERROR = re.compile(r"^(?:.*/)?([\w-]+)/src/(ex_\d+)\.rs:\d+:\d+: error(?:\[\w+\])?: (.*)$")
_SERVICE_FEATURES = '["default-https-client", "rt-tokio"]'


class RustToolError(Exception):
    """cargo failed in a way no single example explains."""


@dataclass(frozen=True)
class RunResult:
    returncode: int
    stdout: str
    stderr: str
    millis: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass(frozen=True)
class Built:
    """What :func:`build` made: the binary of each service crate and the examples that failed."""

    binaries: dict[str, Path]
    broken: dict[str, list[str]]  # example module (``ex_3``) -> rustc's errors
    seconds: float


def _cargo() -> str:
    found = shutil.which("cargo") or str(Path.home() / ".cargo" / "bin" / "cargo")
    if not Path(found).is_file():
        raise RustToolError("cargo is not installed (the Rust examples need Rust 1.94+)")
    return found


def cargo_env(
    cache_dir: Path | None = None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    cache = cache_dir or DEFAULT_CACHE_DIR
    env = dict(base if base is not None else os.environ)
    env.update(
        CARGO_HOME=str(cache / "cargo"),
        CARGO_TARGET_DIR=str(cache / "target"),
        CARGO_INCREMENTAL="0",
        CARGO_TERM_COLOR="never",
        CARGO_PROFILE_DEV_DEBUG="false",
    )
    path = env.get("PATH", "")
    cargo_bin = str(Path(_cargo()).parent)
    if cargo_bin not in path.split(os.pathsep):
        env["PATH"] = cargo_bin + os.pathsep + path
    return env


def _stamp() -> str:
    return hashlib.sha256(
        (PINS / "Cargo.toml").read_bytes() + (PINS / "Cargo.lock").read_bytes()
    ).hexdigest()


def install(cache_dir: Path | None = None) -> Path:
    """``cargo fetch --locked`` of the pinned crates (once per lock file); the cache folder."""
    cache = cache_dir or DEFAULT_CACHE_DIR
    pins = cache / "pins"
    (pins / "src").mkdir(parents=True, exist_ok=True)
    want = _stamp()
    stamp = cache / ".installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == want:
        return cache
    for name in ("Cargo.toml", "Cargo.lock"):
        shutil.copyfile(PINS / name, pins / name)
    (pins / "src" / "main.rs").write_text("fn main() {}\n", encoding="utf-8")
    result = subprocess.run(
        [_cargo(), "fetch", "--locked"], cwd=pins, capture_output=True, text=True,
        env=cargo_env(cache), check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RustToolError(f"cargo fetch failed: {result.stderr.strip()[-800:]}")
    stamp.write_text(want, encoding="utf-8")
    return cache


def _dispatcher(modules: list[str]) -> str:
    """The service binary's ``main.rs``: each example a module, run by name."""
    lines = []
    for module in modules:
        lines += [
            f"mod {module} {{",
            f'    include!("{module}.rs");',
            "    pub fn run() -> Result<(), Box<dyn std::error::Error>> {",
            "        main()",
            "    }",
            "}",
        ]
    lines += [
        "",
        "fn main() {",
        f'    let which = std::env::var("{SELECT}").unwrap_or_default();',
        "    let result = match which.as_str() {",
        *(f'        "{m}" => {m}::run(),' for m in modules),
        '        other => panic!("no example {other}"),',
        "    };",
        "    if let Err(err) = result {",
        '        eprintln!("Error: {err:?}");',
        "        std::process::exit(1);",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def shared_dependencies() -> list[str]:
    """The pinned manifest's ``[dependencies]`` lines other than the service crates: aws-config,
    clap, tokio and the runtime crates with the union of their features (every build asks for
    the same features, so the shared target folder is reused whatever the mix of services)."""
    text = (PINS / "Cargo.toml").read_text(encoding="utf-8")
    section = text.split("[dependencies]\n", 1)[1]
    return [
        line
        for line in section.splitlines()
        if line.strip() and not line.startswith(("#", "[", "aws-sdk-"))
    ]


def _manifest(crate_name: str, service_crate: str) -> str:
    deps = [
        *shared_dependencies(),
        f'{service_crate} = {{ version = "*", default-features = false, '
        f"features = {_SERVICE_FEATURES} }}",
    ]
    return (
        f'[package]\nname = "{crate_name}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
        "[dependencies]\n" + "".join(f"{d}\n" for d in deps)
    )


def _write(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it: an unchanged file keeps its time, so
    cargo sees its crate as fresh and does not compile it again."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_workspace(crates: Mapping[str, tuple[str, Mapping[str, str]]], folder: Path) -> None:
    """One workspace: ``crates`` maps a crate name (``ex-personalize``) to its service crate
    (``aws-sdk-personalize``) and its examples (module ``ex_3`` -> source)."""
    members = sorted(crates)
    _write(
        folder / "Cargo.toml",
        '[workspace]\nresolver = "2"\nmembers = [' + ", ".join(f'"{m}"' for m in members) + "]\n\n"
        "[profile.dev]\ndebug = false\nincremental = false\n",
    )
    _write(folder / "Cargo.lock", (PINS / "Cargo.lock").read_text(encoding="utf-8"))
    for name, (service_crate, sources) in crates.items():
        src = folder / name / "src"
        for module, text in sources.items():
            _write(src / f"{module}.rs", text)
        _write(src / "main.rs", _dispatcher(sorted(sources)))
        _write(folder / name / "Cargo.toml", _manifest(name, service_crate))


def _content_name(name: str, service_crate: str, sources: Mapping[str, str]) -> str:
    """``ex-personalize-<hash>``: a crate named by its content, so a run whose examples were
    built before (a CI re-run) finds its binary fresh in the shared target folder."""
    digest = hashlib.blake2b(digest_size=5)
    digest.update(service_crate.encode())
    for module in sorted(sources):
        digest.update(f"\0{module}\0{sources[module]}".encode())
    return f"{name}-{digest.hexdigest()}"


def build(
    crates: Mapping[str, tuple[str, Mapping[str, str]]],
    bin_dir: Path,
    cache_dir: Path | None = None,
) -> Built:
    """Build every service crate in one ``cargo build`` and copy each binary to ``bin_dir``
    (under the caller's crate name). The workspace is one fixed folder, ``.cache/rust/work/ws``,
    used by one run at a time (a lock file); each crate is named by its content, and a file is
    rewritten only when it changed. Examples that do not compile are left out of their crate
    and the rest built again (at most 5 rounds)."""
    started = time.monotonic()
    cache = cache_dir or DEFAULT_CACHE_DIR
    folder = cache / "work" / "ws"
    folder.mkdir(parents=True, exist_ok=True)
    remaining = {name: (dep, dict(sources)) for name, (dep, sources) in crates.items()}
    broken: dict[str, list[str]] = {}
    env = cargo_env(cache_dir)
    with open(cache / "work" / "ws.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        named: dict[str, str] = {}
        for _attempt in range(5):
            remaining = {n: v for n, v in remaining.items() if v[1]}
            if not remaining:
                break
            named = {_content_name(n, dep, src): n for n, (dep, src) in remaining.items()}
            write_workspace({k: remaining[n] for k, n in named.items()}, folder)
            result = subprocess.run(
                [_cargo(), "build", "--offline", "--message-format=short", "--workspace"],
                cwd=folder, capture_output=True, text=True, env=env, check=False,
            )  # fmt: skip
            if result.returncode == 0:
                break
            found: dict[tuple[str, str], list[str]] = {}
            for line in result.stderr.splitlines():
                match = _ERROR.match(line.strip())
                if match and match.group(1) in named:
                    found.setdefault((named[match.group(1)], match.group(2)), []).append(
                        match.group(3)
                    )
            if not found:
                raise RustToolError(f"cargo build failed: {result.stderr.strip()[-1500:]}")
            for (crate_name, module), errors in found.items():
                broken[f"{crate_name}/{module}"] = errors
                remaining[crate_name][1].pop(module, None)
        target = cache / "target" / "debug"
        bin_dir.mkdir(parents=True, exist_ok=True)
        binaries = {}
        for content, name in named.items():
            if name in remaining and (target / content).is_file():
                shutil.copy2(target / content, bin_dir / name)
                binaries[name] = bin_dir / name
    return Built(binaries, broken, time.monotonic() - started)


def run(binary: Path, example: str, env: Mapping[str, str], timeout: float = 60) -> RunResult:
    """Run the example module ``example`` of a service binary."""
    started = time.monotonic()
    try:
        result = subprocess.run(
            [str(binary)], capture_output=True, text=True, env={**env, SELECT: example},
            timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return RunResult(-1, "", f"timed out after {timeout:.0f}s", timeout * 1000)
    return RunResult(
        result.returncode, result.stdout, result.stderr, (time.monotonic() - started) * 1000
    )
