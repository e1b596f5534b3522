"""Go toolchain edge: the pinned AWS SDK for Go v2 modules, one multi-main build, the binaries run.

Stage: a tool edge (subprocesses and disk, no model logic). Inputs: example sources (``main``
packages), endpoint URLs. Outputs: per example its build errors or its binary's exit status.

- Versions are pinned in one place, ``generator/verify/toolchains/go/go.mod`` + ``go.sum``.
  :func:`install` runs ``go mod download`` for them into ``.cache/go/mod`` (``GOMODCACHE``; the
  build cache is ``.cache/go/build``), once per go.sum (a stamp holds its hash).
  :func:`install` downloads the core modules; a ``go build`` downloads the service modules it
  needs into the same cache.
- :func:`build_services` builds one binary per service in a :func:`workspace` of its own (the
  same folder from run to run, so the build cache and the last binaries are reused): a
  service's examples are the files of one ``main`` package, each ``main`` renamed ``ex<n>``
  (:func:`as_function`), and a generated ``main`` runs the one its first argument names
  (:func:`dispatcher`); one ``go build -trimpath`` for all services; an example that does not
  compile is reported with its errors and left out, the rest built again.
- :func:`run` runs one binary with its own environment (``AWS_ENDPOINT_URL`` tags its requests)
  and arguments (the example's name).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PINS = Path(__file__).resolve().parent / "toolchains" / "go"
DEFAULT_CACHE_DIR = REPO_ROOT / ".cache" / "go"
CACHE_ENV = "SDK_PARITY_GO_CACHE"  # another cache folder (a CI cache, a cold benchmark)


def default_cache() -> Path:
    """``$SDK_PARITY_GO_CACHE`` when set, else ``.cache/go`` of the repository."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIR)
MODULE = "sdkparity.local/examples"  # the module path of the pinned go.mod
SERVICE_MODULE_PREFIX = "github.com/aws/aws-sdk-go-v2/service/"


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
    cache = cache_dir or default_cache()
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


def core_modules() -> list[str]:
    """``module@version`` of every pinned module but the service clients (the SDK's core,
    config, credentials, smithy-go and the internal modules every client imports)."""
    return sorted(
        f"{module}@{version}"
        for module, version in pinned_versions().items()
        if not re.fullmatch(re.escape(SERVICE_MODULE_PREFIX) + r"[a-z0-9]+", module)
    )


def install(cache_dir: Path | None = None) -> Path:
    """``go mod download`` of the pinned core modules (once per go.sum); returns the cache
    folder. A service module is downloaded by the ``go build`` that first needs it (the pins
    name 280 of them, 1.5 GB: a run needs a few)."""
    cache = cache_dir or default_cache()
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
        [_go(), "mod", "download", *core_modules()], cwd=module, capture_output=True, text=True,
        env=go_env(cache), check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise GoToolError(f"go mod download failed: {result.stderr.strip()[-800:]}")
    stamp.write_text(want, encoding="utf-8")
    return cache


_SERVICE_ERROR = re.compile(r"^(?:\./)?x/([\w.-]+)/(ex\d+)\.go:\d+:\d+: (.*)$")
KEEP_BINARIES = 32  # service binaries a workspace keeps for the next run (the newest ones)
ROUNDS = 8  # go build runs at most, each leaving out the examples the last one failed on


def as_function(text: str, name: str) -> str:
    """An example's ``main.go`` as one file of its service's ``main`` package: ``func main()``
    renamed ``name`` is the only change (same lines, every other token as published; imports
    are per file in Go, so the examples of a service compile together)."""
    func = "\nfunc main() {\n"
    if text.count("\npackage main\n") != 1 or text.count(func) != 1:
        raise GoToolError("an example is not one main package with one func main()")
    return text.replace(func, f"\nfunc {name}() {{\n")


def dispatcher(names: list[str]) -> str:
    """The ``main`` of one service's binary: runs the example its first argument names, with
    the remaining arguments as the example's own (its flags)."""
    table = "".join(f'\t"{n}": {n},\n' for n in names)
    return (
        "// Generated by sdk-parity verify: one binary per service, the example named by the\n"
        "// first argument runs.\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n"
        f"var examples = map[string]func(){{\n{table}}}\n\n"
        "func main() {\n\tif len(os.Args) < 2 || examples[os.Args[1]] == nil {\n"
        '\t\tfmt.Fprintln(os.Stderr, "usage: EXAMPLE [flags]")\n\t\tos.Exit(2)\n\t}\n'
        "\trun := examples[os.Args[1]]\n\tos.Args = append(os.Args[:1], os.Args[2:]...)\n"
        "\trun()\n}\n"
    )


def as_package(text: str, name: str) -> str:
    """A scenario's ``main.go`` as package ``name`` of its service's binary: the package
    clause and ``func main()`` renamed ``Main`` are the only changes (a scenario declares
    functions of its own, so each keeps its package)."""
    func = "\nfunc main() {\n"
    if text.count("\npackage main\n") != 1 or text.count(func) != 1:
        raise GoToolError("a scenario is not one main package with one func main()")
    return text.replace("\npackage main\n", f"\npackage {name}\n").replace(func, "\nfunc Main() {\n")


def package_dispatcher(base: str, names: list[str]) -> str:
    """The ``main`` of a binary whose programs are the packages ``base/<name>``: runs the one
    its first argument names, with the remaining arguments as its own (its flags)."""
    imports = "".join(f'\t"{MODULE}/{base}/{n}"\n' for n in names)
    table = "".join(f'\t"{n}": {n}.Main,\n' for n in names)
    return (
        "// Generated by sdk-parity verify: one binary per service, the program named by the\n"
        "// first argument runs.\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n"
        f"{imports})\n\nvar programs = map[string]func(){{\n{table}}}\n\n"
        "func main() {\n\tif len(os.Args) < 2 || programs[os.Args[1]] == nil {\n"
        '\t\tfmt.Fprintln(os.Stderr, "usage: PROGRAM [flags]")\n\t\tos.Exit(2)\n\t}\n'
        "\trun := programs[os.Args[1]]\n\tos.Args = append(os.Args[:1], os.Args[2:]...)\n"
        "\trun()\n}\n"
    )


@dataclass(frozen=True)
class Layout:
    """Where a binary's programs go: ``x/<service>/ex<n>.go`` files of one ``main`` package
    (single examples), or ``sc/<service>/s<n>/main.go`` packages of their own (scenarios)."""

    root: str
    packages: bool
    bin: str  # the binaries' folder

    def source(self, folder: Path, service: str, name: str) -> Path:
        base = folder / self.root / service
        return base / name / "main.go" if self.packages else base / f"{name}.go"

    def text(self, source: str, name: str) -> str:
        return as_package(source, name) if self.packages else as_function(source, name)

    def main(self, service: str, names: list[str]) -> str:
        return package_dispatcher(f"{self.root}/{service}", names) if self.packages else dispatcher(names)

    def error(self, line: str) -> tuple[str, str, str] | None:
        """(service, program, message) of a compiler error line about one program."""
        pattern = (rf"^(?:\./)?{self.root}/([\w.-]+)/(s\d+)/main\.go:\d+:\d+: (.*)$" if self.packages
                   else _SERVICE_ERROR.pattern)  # fmt: skip
        match = re.match(pattern, line)
        return None if match is None else (match.group(1), match.group(2), match.group(3))


EXAMPLES = Layout("x", packages=False, bin="bin")
SCENARIOS = Layout("sc", packages=True, bin="bin-sc")


def _write(path: Path, text: str) -> None:
    """Write only when the content differs (the go command then finds its build IDs intact)."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def workspace(cache_dir: Path | None = None) -> Iterator[Path]:
    """A build folder of its own under ``<cache>/ws/`` (locked while in use), the same one
    from run to run, so the go command finds the binaries it linked last time up to date."""
    root = (cache_dir or default_cache()) / "ws"
    root.mkdir(parents=True, exist_ok=True)
    for slot in range(64):
        folder = root / str(slot)
        folder.mkdir(exist_ok=True)
        handle = (folder / ".lock").open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield folder
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        return
    raise GoToolError(f"every workspace under {root} is in use")


def build_services(
    services: Mapping[str, Mapping[str, str]], folder: Path, cache_dir: Path | None = None,
    layout: Layout = EXAMPLES,
) -> tuple[dict[str, Path], dict[tuple[str, str], list[str]]]:
    """One binary per service from ``service -> example name (ex<n>) -> main.go source``, all
    in one ``go build``: (binary per service, compiler errors per (service, example)).

    A service is one ``main`` package (``x/<service>/``): each example one file
    (:func:`as_function`) and :func:`dispatcher`'s ``main.go``, so its client's export data is
    read once. An example that does not compile is left out (its errors are returned) and the
    rest built again, at most :data:`ROUNDS` runs; a service whose examples all failed gets no
    binary."""
    _write(folder / "go.mod", (PINS / "go.mod").read_text(encoding="utf-8"))
    _write(folder / "go.sum", (PINS / "go.sum").read_text(encoding="utf-8"))
    remaining = {service: set(sources) for service, sources in services.items()}
    for service, sources in services.items():
        base = folder / layout.root / service
        if base.is_dir():
            for stale in base.glob("s*/main.go" if layout.packages else "ex*.go"):
                if (stale.parent.name if layout.packages else stale.stem) not in sources:
                    stale.unlink()
        for name, text in sources.items():
            _write(layout.source(folder, service, name), layout.text(text, name))
    broken: dict[tuple[str, str], list[str]] = {}
    bin_dir = folder / layout.bin
    for _attempt in range(ROUNDS):
        targets = []
        for service, names in sorted(remaining.items()):
            base = folder / layout.root / service
            for name in set(services[service]) - names:  # left out after a failed round
                layout.source(folder, service, name).unlink(missing_ok=True)
            if names:
                ordered = sorted(names, key=lambda n: int(n.lstrip("exs")))
                _write(base / "main.go", layout.main(service, ordered))
                targets.append(f"./{layout.root}/{service}")
        if not targets:
            break
        result = subprocess.run(
            [_go(), "build", "-trimpath", "-ldflags=-s -w", "-o", str(bin_dir) + os.sep, *targets],
            cwd=folder, capture_output=True, text=True, env=go_env(cache_dir), check=False,
        )  # fmt: skip
        if result.returncode == 0:
            break
        if "missing go.sum entry" in result.stderr:
            raise GoToolError(f"go build: the pins lack a checksum: {result.stderr.strip()[:400]}")
        found = 0
        for line in result.stderr.splitlines():
            error = layout.error(line.strip())
            if error and error[1] in remaining.get(error[0], set()):
                broken.setdefault((error[0], error[1]), []).append(error[2])
                found += 1
        if not found:
            raise GoToolError(f"go build failed: {result.stderr.strip()[-800:]}")
        for service, name in broken:
            remaining.get(service, set()).discard(name)
    else:
        raise GoToolError(f"go build still failing after {ROUNDS} rounds")
    binaries = {s: bin_dir / s for s, names in remaining.items() if names}
    _prune(bin_dir, set(binaries))
    return binaries, broken


def _prune(bin_dir: Path, keep: set[str]) -> None:
    """Keep the binaries of this run and the newest others, :data:`KEEP_BINARIES` in all."""
    if not bin_dir.is_dir():
        return
    others = sorted(
        (p for p in bin_dir.iterdir() if p.name not in keep),
        key=lambda p: p.stat().st_mtime, reverse=True,
    )  # fmt: skip
    for path in others[max(0, KEEP_BINARIES - len(keep)) :]:
        path.unlink(missing_ok=True)


def run(
    binary: Path, env: Mapping[str, str], args: tuple[str, ...] = (), timeout: float = 60
) -> RunResult:
    started = time.monotonic()
    try:
        result = subprocess.run(
            [str(binary), *args],
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
