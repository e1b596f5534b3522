"""Java toolchain edge: the real AWS SDK for Java 2.x, resolved by Maven, compiled by javac, run.

Stage: a tool edge (subprocesses and disk, no model logic). Inputs: SDK Maven module names
(``naming.java.maven_module``), Java source files, class names. Outputs: a classpath string,
compiled classes, and per-class results of running ``main`` methods.

- :func:`resolve` / :func:`classpath` write a small pom importing the SDK BOM, run
  ``mvn dependency:build-classpath`` once per module set and cache the answer under
  ``.cache/java/<key>/`` (a later call with the same modules starts no Maven). The registry
  mirror reachable here serves popular modules at 2.59.1 but most others only at older
  versions (2.40.2 for nearly all of them; 2.57.8, the BOM before, serves none that 2.59.1
  does not), so BOM versions are tried newest first and the first one under which every module
  resolves wins.
- :func:`prefetch` resolves many modules at once (a whole catalog run's): one pom per chunk with
  every module a dependency, the ones Maven names missing dropped and tried under the next BOM,
  and each module's own classpath written where :func:`resolve` finds it for that one module.
- :func:`compile_java` compiles all sources in one javac call (an @argfile).
- :func:`run_mains` runs each class's ``main(String[])`` in turn in one JVM through a small
  generated runner that captures each class's stdout/stderr and catches any Throwable.
  Examples must not call ``System.exit``: it ends the shared JVM, and every class after it is
  reported as not run.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE_DIR = REPO_ROOT / ".cache" / "java"
SDK_GROUP_ID = "software.amazon.awssdk"
BOM_VERSIONS: tuple[str, ...] = ("2.59.1", "2.40.2")
JAVA_RELEASE = "17"
RUNNER_CLASS = "SdkParityRunner"
_MARK = "@@sdk-parity@@"


class JavaToolError(Exception):
    """Base of every error raised by this module."""


class ToolchainMissing(JavaToolError):
    """javac, java or mvn is not installed (or not on PATH / under JAVA_HOME)."""


class ResolutionError(JavaToolError):
    """Maven could not resolve the modules under any of the BOM versions tried."""


class CompileError(JavaToolError):
    """javac rejected the sources; ``diagnostics`` holds its full output."""

    def __init__(self, message: str, diagnostics: str) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Resolution:
    """The outcome of :func:`resolve`: the BOM version used and the jars, in Maven's order."""

    modules: tuple[str, ...]
    bom_version: str
    classpath: str
    from_cache: bool


_JDK_HINT = "install a JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
_MVN_HINT = "install Maven 3.8+ (Debian: apt-get install maven)"


def find_tool(name: str) -> str:
    """Path of ``javac``/``java`` (``$JAVA_HOME/bin`` first, then PATH) or ``mvn`` (PATH)."""
    java_home = os.environ.get("JAVA_HOME")
    if name in ("javac", "java") and java_home:
        candidate = Path(java_home) / "bin" / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise ToolchainMissing(f"{name} not found: {_MVN_HINT if name == 'mvn' else _JDK_HINT}")
    return found


# --- Maven resolution ----------------------------------------------------------------------


def _pom(modules: tuple[str, ...], bom_version: str) -> str:
    dep = "<dependency><groupId>%s</groupId><artifactId>%s</artifactId>%s</dependency>"
    imported = f"<version>{bom_version}</version><type>pom</type><scope>import</scope>"
    bom = dep % (SDK_GROUP_ID, "bom", imported)
    deps = "\n    ".join(dep % (SDK_GROUP_ID, m, "") for m in modules)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion><groupId>local.sdk-parity</groupId>\n"
        "  <artifactId>classpath-probe</artifactId><version>0</version><packaging>pom</packaging>\n"
        f"  <dependencyManagement><dependencies>\n    {bom}\n  </dependencies></dependencyManagement>\n"
        f"  <dependencies>\n    {deps}\n  </dependencies>\n</project>\n"
    )


# Maven's words for "not to be had at this version" (try the next BOM), and the SDK artifacts named.
_UNAVAILABLE = re.compile(
    r"Could not find artifact|was not found in|Failure to find|"
    r"'dependencies\.dependency\.version' for|Non-resolvable import POM"
)
_SDK_ARTIFACT = re.compile(re.escape(SDK_GROUP_ID) + r":([A-Za-z0-9._-]+):(?:jar|pom)")


def _cache_key(modules: tuple[str, ...], bom_versions: tuple[str, ...]) -> str:
    text = json.dumps({"modules": modules, "boms": bom_versions})
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cached(path: Path, modules: tuple[str, ...]) -> Resolution | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    cp = str(data.get("classpath", ""))
    if not cp or not all(Path(jar).is_file() for jar in cp.split(os.pathsep)):
        return None  # a jar left the local Maven repository: resolve again
    return Resolution(modules, str(data["bom_version"]), cp, from_cache=True)


def _known_missing(cache_dir: Path) -> dict[str, list[str]]:
    try:
        return dict(json.loads((cache_dir / "unavailable.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _write_atomic(path: Path, text: str) -> None:
    """Write aside, then rename into place: a reader sees the old file or the whole new one."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """An exclusive lock on ``lock_file`` (across processes) for the ``with`` block."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _remember_missing(cache_dir: Path, bom: str, artifacts: list[str]) -> None:
    """Record the SDK modules Maven reported missing under ``bom`` (never the BOM itself)."""
    with _locked(cache_dir / ".unavailable.lock"):  # read, merge, write: one process at a time
        known = _known_missing(cache_dir)
        known[bom] = sorted(set(artifacts) - {"bom"} | set(known.get(bom, [])))
        _write_atomic(cache_dir / "unavailable.json", json.dumps(known, indent=1))


def resolve(
    modules: Iterable[str],
    cache_dir: Path | None = None,
    bom_versions: Iterable[str] = BOM_VERSIONS,
) -> Resolution:
    """Resolve SDK modules (``personalize``, ``dynamodb`` ...) and their runtime dependencies
    (the service modules bring the apache and netty HTTP clients themselves) to a classpath."""
    mods = tuple(sorted(set(modules)))
    if not mods:
        raise ValueError("no modules to resolve")
    boms = tuple(bom_versions)
    folder = (cache_dir or DEFAULT_CACHE_DIR) / _cache_key(mods, boms)
    folder.mkdir(parents=True, exist_ok=True)
    result_file = folder / "resolution.json"
    with open(folder / ".lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one Maven run per key, even across processes
        hit = _cached(result_file, mods)
        if hit is not None:
            return hit
        mvn = find_tool("mvn")
        misses: list[str] = []
        known = _known_missing(cache_dir or DEFAULT_CACHE_DIR)
        for bom in boms:
            gone = sorted(m for m in mods if m in known.get(bom, []))
            if gone:  # learnt by an earlier run: skip a Maven start that cannot succeed
                misses.append(f"BOM {bom}: not available: {', '.join(gone)}")
                continue
            (folder / "pom.xml").write_text(_pom(mods, bom), encoding="utf-8")
            out_file = folder / f"classpath-{bom}.txt"
            proc = subprocess.run(
                [mvn, "-q", "-B", "-f", str(folder / "pom.xml"), "dependency:build-classpath",
                 f"-Dmdep.outputFile={out_file}"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            output = proc.stdout + proc.stderr
            if proc.returncode == 0 and out_file.is_file():
                cp = out_file.read_text(encoding="utf-8").strip()
                record = {"modules": mods, "bom_version": bom, "classpath": cp}
                _write_atomic(result_file, json.dumps(record, indent=1))
                return Resolution(mods, bom, cp, from_cache=False)
            if not _UNAVAILABLE.search(output) or "Could not transfer artifact" in output:
                tail = "\n".join(output.strip().splitlines()[-15:])
                raise ResolutionError(
                    f"mvn failed resolving {', '.join(mods)} (BOM {bom}):\n{tail}"
                )
            missing = sorted(set(_SDK_ARTIFACT.findall(output)))
            misses.append(f"BOM {bom}: not available: {', '.join(missing) or 'see mvn output'}")
            _remember_missing(cache_dir or DEFAULT_CACHE_DIR, bom, missing)
        raise ResolutionError(
            f"no BOM version resolves all of {', '.join(mods)}:\n  " + "\n  ".join(misses)
        )


def classpath(modules: Iterable[str], cache_dir: Path | None = None) -> str:
    """The classpath (``os.pathsep``-joined jars) for the given SDK modules; see :func:`resolve`."""
    return resolve(modules, cache_dir).classpath


# --- many modules at once: one Maven run per chunk and BOM, per-module cache entries after ---


@dataclass
class Prefetched:
    """What :func:`prefetch` did. ``resolved``: module -> BOM version, written to the cache now;
    ``cached``: already there; ``unavailable``: missing under every BOM tried; ``left``: not
    settled here (Maven failed other than on a missing artifact, a transfer error for one), for
    :func:`resolve` to try alone and report; ``problems``: Maven's words for those;
    ``maven_runs``: Maven processes started."""

    resolved: dict[str, str] = field(default_factory=dict)
    cached: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    maven_runs: int = 0


_SDK_PATH = ("software", "amazon", "awssdk")


def sdk_artifact(jar: str) -> str | None:
    """``.../software/amazon/awssdk/<artifact>/<version>/<file>.jar`` -> ``<artifact>``."""
    parts = Path(jar).parts
    if len(parts) >= 6 and parts[-6:-3] == _SDK_PATH:
        return parts[-3]
    return None


def _sdk_dependencies(jar: str) -> set[str]:
    """The SDK artifacts a jar's pom (beside it in the local repository) depends on at
    compile or run time (test and provided scopes left out)."""
    pom = Path(jar).with_suffix(".pom")
    try:
        root = ET.parse(pom).getroot()
    except (OSError, ET.ParseError):
        return set()
    ns = {"m": root.tag[1:].split("}")[0]} if root.tag.startswith("{") else {}
    q = (lambda tag: f"m:{tag}") if ns else (lambda tag: tag)
    found: set[str] = set()
    for dep in root.findall(f"{q('dependencies')}/{q('dependency')}", ns):
        group = (dep.findtext(q("groupId"), "", ns) or "").strip()
        scope = (dep.findtext(q("scope"), "", ns) or "").strip()
        if group in (SDK_GROUP_ID, "${project.groupId}") and scope not in ("test", "provided"):
            found.add((dep.findtext(q("artifactId"), "", ns) or "").strip())
    return found


def split_classpath(flat: str, modules: Iterable[str]) -> dict[str, str]:
    """Each module's own classpath out of the flat one Maven built for all of them together:
    every jar but the other modules' own (a module some of them depend on stays with those)."""
    jars = [j for j in flat.split(os.pathsep) if j]
    batch = set(modules)
    own = {a: j for j in jars if (a := sdk_artifact(j)) in batch}
    needs = {m: _sdk_dependencies(jar) & batch for m, jar in own.items()}
    out: dict[str, str] = {}
    for module in sorted(batch):
        keep, todo = {module}, [module]
        while todo:
            for dep in needs.get(todo.pop(), set()) - keep:
                keep.add(dep)
                todo.append(dep)
        out[module] = os.pathsep.join(j for j in jars if sdk_artifact(j) not in batch - keep)
    return out


def _write_entries(
    modules: list[str], bom: str, flat: str, cache_dir: Path, boms: tuple[str, ...]
) -> None:
    """Write each module's resolution where ``resolve([module])`` reads it (same lock)."""
    for module, cp in split_classpath(flat, modules).items():
        folder = cache_dir / _cache_key((module,), boms)
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder / ".lock"):
            if _cached(folder / "resolution.json", (module,)) is None:
                record = {"modules": [module], "bom_version": bom, "classpath": cp}
                _write_atomic(folder / "resolution.json", json.dumps(record, indent=1))


def _prefetch_chunk(
    mvn: str, chunk: list[str], bom: str, cache_dir: Path, boms: tuple[str, ...], done: Prefetched
) -> list[str]:
    """Resolve ``chunk`` under ``bom``, dropping the modules Maven names missing and trying
    again (halving the chunk when what is missing is something else, a dependency of one of
    them); return the dropped modules (for the next BOM)."""
    (cache_dir / "prefetch").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=cache_dir / "prefetch", prefix=f"{bom}-"))
    left, dropped = list(chunk), list[str]()
    try:
        while left:
            (work / "pom.xml").write_text(_pom(tuple(left), bom), encoding="utf-8")
            out_file = work / "classpath.txt"
            out_file.unlink(missing_ok=True)
            proc = subprocess.run(
                [mvn, "-q", "-B", "-f", str(work / "pom.xml"), "dependency:build-classpath",
                 f"-Dmdep.outputFile={out_file}"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            done.maven_runs += 1
            output = proc.stdout + proc.stderr
            if proc.returncode == 0 and out_file.is_file():
                _write_entries(left, bom, out_file.read_text(encoding="utf-8").strip(), cache_dir, boms)
                done.resolved.update(dict.fromkeys(left, bom))
                return dropped
            named = sorted(set(_SDK_ARTIFACT.findall(output)))
            missing = sorted(set(named) & set(left))
            if not _UNAVAILABLE.search(output) or "Could not transfer artifact" in output:
                tail = "\n".join(output.strip().splitlines()[-15:])
                done.problems.append(f"mvn failed resolving {len(left)} modules (BOM {bom}):\n{tail}")
                done.left += left
                return dropped
            if not missing and len(left) == 1:  # as resolve() decides: not at this BOM
                _remember_missing(cache_dir, bom, named)
                return dropped + left
            if not missing:  # something one of them needs is missing: halve to find whose
                half = len(left) // 2
                for part in (left[:half], left[half:]):
                    dropped += _prefetch_chunk(mvn, part, bom, cache_dir, boms, done)
                return dropped
            _remember_missing(cache_dir, bom, missing)
            dropped += missing
            left = [m for m in left if m not in missing]
        return dropped
    finally:
        shutil.rmtree(work, ignore_errors=True)


def prefetch(
    modules: Iterable[str],
    cache_dir: Path | None = None,
    bom_versions: Iterable[str] = BOM_VERSIONS,
    chunk_size: int = 150,
) -> Prefetched:
    """Resolve many SDK modules with few Maven runs, each into the cache entry that
    :func:`resolve` reads for that module alone (so its later call is a cache hit, at the BOM
    it would have chosen: the newest under which the module resolves).

    Per BOM, newest first: the modules not yet settled (and not known missing under it) go in
    chunks of ``chunk_size`` into one pom each; the modules Maven names missing are dropped
    (recorded in ``unavailable.json``) and the rest tried again (a chunk failing on a missing
    artifact that is none of its modules is halved until the module needing it is alone); the
    dropped ones go on to the next BOM. Raises :class:`ToolchainMissing` without ``mvn`` when
    there is work to do."""
    cache = cache_dir or DEFAULT_CACHE_DIR
    boms = tuple(bom_versions)
    done = Prefetched()
    pending: list[str] = []
    for module in sorted(set(modules)):
        if _cached(cache / _cache_key((module,), boms) / "resolution.json", (module,)) is None:
            pending.append(module)
        else:
            done.cached.append(module)
    if not pending:
        return done
    mvn = find_tool("mvn")
    for bom in boms:
        known = set(_known_missing(cache).get(bom, []))
        later = [m for m in pending if m in known]  # learnt earlier: no Maven run can succeed
        tried = [m for m in pending if m not in known]
        size = max(chunk_size, 1)
        for start in range(0, len(tried), size):
            later += _prefetch_chunk(mvn, tried[start : start + size], bom, cache, boms, done)
        pending = sorted(later)
    done.unavailable = pending
    return done


# --- javac ---------------------------------------------------------------------------------


def _argfile_quote(arg: str) -> str:
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


# javac is a JVM too: on a few cores its C2 JIT and parallel GC threads cost more CPU than
# they save on one short compile (measured on Personalize's 71 sources, see the README)
_JAVAC_JVM_FLAGS = ("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")


def compile_java(sources: list[Path], classpath: str, out_dir: Path) -> None:
    """Compile every source in ONE javac call (an @argfile, so any number of files fits);
    raise :class:`CompileError` carrying javac's diagnostics when it fails."""
    if not sources:
        raise ValueError("no Java sources to compile")
    javac = find_tool("javac")
    out_dir.mkdir(parents=True, exist_ok=True)
    args = ["-d", str(out_dir), "-encoding", "UTF-8", "--release", JAVA_RELEASE, "-proc:none"]
    if classpath:
        args += ["-cp", classpath]
    args += [str(path) for path in sources]
    argfile = out_dir / "javac.args"
    argfile.write_text("\n".join(_argfile_quote(a) for a in args) + "\n", encoding="utf-8")
    proc = subprocess.run([javac, *_JAVAC_JVM_FLAGS, f"@{argfile}"], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        diagnostics = (proc.stdout + proc.stderr).strip()
        first = next((ln for ln in diagnostics.splitlines() if "error:" in ln), diagnostics[:300])
        raise CompileError(f"javac failed ({len(sources)} sources): {first}", diagnostics)


# --- running mains in one JVM ----------------------------------------------------------------

_RUNNER_JAVA = """\
import java.io.*;
import java.lang.reflect.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

/** Generated by sdk-parity: runs each named class's main(String[]) in turn, in one JVM. */
public final class @CLASS@ {
    private static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    private static String trace(Throwable t) { StringWriter w = new StringWriter(); t.printStackTrace(new PrintWriter(w)); return w.toString(); }

    public static void main(String[] args) throws Exception {
        long limitMillis = Long.parseLong(args[0]);
        // args[1], if given: folders of the classes to run, loaded by their own loader over the
        // class path (whose jars a class-data archive may map)
        List<java.net.URL> urls = new ArrayList<>();
        if (args.length > 1) for (String dir : args[1].split(File.pathSeparator)) if (!dir.isEmpty()) urls.add(new File(dir).toURI().toURL());
        ClassLoader loader = urls.isEmpty() ? @CLASS@.class.getClassLoader()
            : new java.net.URLClassLoader(urls.toArray(new java.net.URL[0]), @CLASS@.class.getClassLoader());
        PrintStream out = System.out, err = System.err;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) names.add(new String(Base64.getDecoder().decode(line.trim()), StandardCharsets.UTF_8));
        }
        for (String name : names) {
            ByteArrayOutputStream capturedOut = new ByteArrayOutputStream(), capturedErr = new ByteArrayOutputStream();
            String[] outcome = {"ok", ""};
            out.println("@MARK@ start " + b64(name));
            out.flush();
            long start = System.nanoTime();
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            Thread worker = new Thread(() -> {
                try {
                    Thread.currentThread().setContextClassLoader(loader);
                    Class.forName(name, true, loader).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
                } catch (InvocationTargetException e) {
                    outcome[0] = "failed";
                    outcome[1] = trace(e.getCause() == null ? e : e.getCause());
                } catch (Throwable t) {
                    outcome[0] = "failed";
                    outcome[1] = trace(t);
                }
            }, "sdk-parity-main");
            worker.setDaemon(true);
            worker.start();
            worker.join(limitMillis);
            if (worker.isAlive()) {
                StringBuilder where = new StringBuilder("still running after " + limitMillis + " ms\\n");
                for (StackTraceElement e : worker.getStackTrace()) where.append("\\tat ").append(e).append('\\n');
                outcome[0] = "timeout";
                outcome[1] = where.toString();
            }
            System.setOut(out);
            System.setErr(err);
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.println("@MARK@ result " + b64(name) + " " + outcome[0] + " " + millis + " "
                + b64(capturedOut.toString(StandardCharsets.UTF_8)) + " "
                + b64(capturedErr.toString(StandardCharsets.UTF_8)) + " " + b64(outcome[1]));
            out.flush();
        }
        out.println("@MARK@ end");
        out.flush();
        System.exit(0);
    }
}
"""


def runner_source() -> str:
    """Java source of the runner class (default package, JDK only)."""
    return _RUNNER_JAVA.replace("@CLASS@", RUNNER_CLASS).replace("@MARK@", _MARK)


@dataclass(frozen=True)
class MainResult:
    """One class's run. ``status``: ``ok``, ``failed`` (threw; ``error`` holds the stack
    trace), ``timeout``, ``exited`` (the JVM ended while it ran: System.exit or a crash) or
    ``not-run`` (a class before it ended the JVM)."""

    class_name: str
    status: str
    stdout: str = ""
    stderr: str = ""
    error: str = ""
    millis: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class RunReport:
    """Results in the order asked, plus what the JVM printed outside any class's capture."""

    results: tuple[MainResult, ...]
    exit_code: int | None
    jvm_stdout: str
    jvm_stderr: str

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def by_class(self) -> dict[str, MainResult]:
        return {r.class_name: r for r in self.results}


def _unb64(text: str) -> str:
    return base64.b64decode(text).decode("utf-8", "replace")


def parse_runner_output(
    classes: list[str], stdout: str, stderr: str, exit_code: int | None
) -> RunReport:
    """Turn the runner's marker lines back into one :class:`MainResult` per class."""
    done: dict[str, MainResult] = {}
    started: list[str] = []
    loose: list[str] = []
    for line in stdout.splitlines():
        fields = line.split(" ")
        if fields[0] != _MARK:
            loose.append(line)
        elif fields[1] == "start":
            started.append(_unb64(fields[2]))
        elif fields[1] == "result":
            name = _unb64(fields[2])
            out, err, error = (_unb64(f) for f in fields[5:8])
            done[name] = MainResult(name, fields[3], out, err, error, int(fields[4]))
    results: list[MainResult] = []
    for name in classes:
        if name in done:
            results.append(done[name])
        elif name in started and exit_code is None:
            results.append(MainResult(name, "timeout", error="the JVM was killed: run time limit"))
        elif name in started:
            why = f"the JVM ended (exit code {exit_code}) while this class ran: System.exit or a crash"
            results.append(MainResult(name, "exited", error=why))
        else:
            results.append(MainResult(name, "not-run", error="an earlier class ended the JVM"))
    return RunReport(tuple(results), exit_code, "\n".join(loose), stderr)


def _runner_dir(cache_dir: Path) -> Path:
    """Compile the runner once per source version; build aside, then rename into place."""
    source = runner_source()
    folder = cache_dir / "runner" / hashlib.sha256(source.encode()).hexdigest()[:16]
    if not (folder / f"{RUNNER_CLASS}.class").is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(dir=folder.parent, prefix="build-"))
        (build / f"{RUNNER_CLASS}.java").write_text(source, encoding="utf-8")
        compile_java([build / f"{RUNNER_CLASS}.java"], "", build)
        try:
            build.rename(folder)
        except OSError:  # another process won the race
            shutil.rmtree(build, ignore_errors=True)
    return folder


def _child_env(env: Mapping[str, str] | None) -> dict[str, str]:
    base = dict(os.environ)
    if env is None:
        return base
    # The caller's AWS_* settings replace the parent's entirely: no real credentials leak in.
    base = {k: v for k, v in base.items() if not k.startswith("AWS_")}
    base.update(env)
    return base


def run_mains(
    classes: list[str],
    classpath: str,
    env: Mapping[str, str] | None = None,
    *,
    per_class_timeout: float = 60.0,
    timeout: float | None = None,
    cache_dir: Path | None = None,
    jvm_args: Sequence[str] = (),
    extra_classpath: Sequence[str] = (),
) -> RunReport:
    """Run each class's ``main(String[])`` in turn in one JVM; one result per class.

    ``classpath`` must hold the compiled classes and the SDK jars. ``env`` (for example
    ``AWS_ENDPOINT_URL``, ``AWS_REGION``, ``AWS_ACCESS_KEY_ID``) replaces every ``AWS_*``
    variable of this process. A class still running after ``per_class_timeout`` seconds is
    reported as timed out and the next one starts. Examples must not call ``System.exit``.
    ``jvm_args`` (for example ``-Djdk.net.hosts.file=...``) go to ``java`` before the classpath.
    ``extra_classpath`` (folders of the examples' classes, new for each run) is loaded by a
    class loader of its own over ``classpath``, so the class-data archive of the class path
    (:func:`_class_archive`, jars only) applies from run to run.
    """
    java = find_tool("java")
    runner = as_jar(_runner_dir(cache_dir or DEFAULT_CACHE_DIR))
    cp = os.pathsep.join(p for p in (str(runner), classpath) if p)
    total = timeout if timeout is not None else per_class_timeout * max(len(classes), 1) + 60
    names = "".join(base64.b64encode(c.encode()).decode() + "\n" for c in classes)
    archive, dump = _class_archive(java, cp, cache_dir or DEFAULT_CACHE_DIR)
    cmd = [java, *jvm_args, *archive, "-cp", cp, RUNNER_CLASS, str(int(per_class_timeout * 1000))]
    if extra_classpath:
        cmd.append(os.pathsep.join(extra_classpath))
    try:
        proc = subprocess.run(
            cmd, input=names, capture_output=True, text=True, env=_child_env(env),
            timeout=total, check=False,
        )  # fmt: skip
        stdout, stderr, code = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:  # its partial output may be bytes or str
        stdout, stderr = (
            x.decode("utf-8", "replace") if isinstance(x, bytes) else (x or "")
            for x in (exc.stdout, exc.stderr)
        )
        stderr += f"\n[sdk-parity] JVM killed after {total:.0f}s"
        code = None
    if dump is not None:
        _keep_archive(dump, code)
    return parse_runner_output(classes, stdout, stderr, code)


# --- class-data sharing: the SDK's classes mapped from an archive, not parsed per JVM ------


def _class_archive(java: str, classpath: str, cache_dir: Path) -> tuple[list[str], Path | None]:
    """JVM flags for a dynamic AppCDS archive of the classes loaded from ``classpath`` (the
    runner and the SDK jars; the examples' own classes are loaded apart). The first JVM for a class path writes the archive at exit (to a private name,
    renamed into place after), the next ones map it: ``(flags, file being written or None)``.
    A stale or unusable archive is ignored by the JVM itself (``-Xshare:auto``). No archive
    for a class path with a folder in it (the JVM cannot archive those)."""
    if not classpath or not all(os.path.isfile(p) for p in classpath.split(os.pathsep)):
        return [], None  # the JVM refuses to archive a class path with a non-empty folder
    key = hashlib.sha256(f"{java}\n{classpath}".encode()).hexdigest()[:16]
    archive = cache_dir / "cds" / f"{key}.jsa"
    if archive.is_file():
        return [f"-XX:SharedArchiveFile={archive}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"], None
    archive.parent.mkdir(parents=True, exist_ok=True)
    dump = archive.parent / f"{key}.{os.getpid()}.{threading.get_ident()}.tmp"
    return [f"-XX:ArchiveClassesAtExit={dump}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"], dump


def as_jar(folder: Path) -> Path:
    """``folder``'s classes and resources as ``<folder>.jar`` beside it, written once (class-data
    sharing accepts jars, not non-empty folders, before the class path entries it archives)."""
    jar = folder.with_name(folder.name + ".jar")
    if jar.is_file():
        return jar
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.{threading.get_ident()}.jar.tmp")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".java", ".args"))
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            if path.name == "ok" and path.parent == folder:
                continue  # a build stamp, not a resource
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), (1980, 1, 1, 0, 0, 0))
            archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    os.replace(tmp, jar)
    return jar


def _keep_archive(dump: Path, code: int | None) -> None:
    """Rename a freshly written archive into place (atomic; a concurrent writer's is as good)."""
    final = dump.parent / (dump.name.split(".", 1)[0] + ".jsa")
    if code == 0 and dump.is_file():
        os.replace(dump, final)
    else:
        dump.unlink(missing_ok=True)
