"""Sweep: which botocore names have no counterpart in the AWS SDK for Java 2.x jars served here.

botocore 1.44.8 is newer than the Java SDK the examples compile against (BOM 2.59.1, and
2.40.2 for the modules the registry mirror reachable here serves only at that version), so a
model may hold operations, shapes and members the jars lack. This script reflects over the real
jars and records, per botocore service name, every name without a Java counterpart, in
``generator/naming/data/java_gaps.json`` (read by ``naming.java.sdk_has_*``).

How:

1. Each botocore service is mapped to its Maven module (``naming.java.maven_module``) and
   modules are resolved by :func:`generator.verify.javatool.resolve` in chunks, newest BOM first.
   The outcome is the same as ``resolve([module])`` per module (a module resolves at the first
   BOM under which it and its dependencies are served), but one Maven run per chunk instead of
   one per module: Maven names every artifact it cannot find, those leave the chunk and move to
   the next BOM, the rest is resolved again. A module no BOM serves is recorded "unavailable".
2. For each resolved chunk one small Java program (``SdkParityGapProbe``, JDK only, compiled
   once) runs in one JVM through :func:`generator.verify.javatool.run_mains`: it reads a query file
   (one ``class [method]`` per line) and prints a verdict per line. The queries come from
   ``naming.java``: the client method of every operation; the class of every structure and
   union shape reachable from the operations (request/response classes for operation inputs
   and outputs, exception classes for errors, model classes for the rest; a shape counts as
   missing when none of its classes exists); the builder method (``<Class>$Builder``) of every
   member of those shapes whose class exists and, for a member holding a structure/union (or a
   list of them), that an overload takes that shape's class - a model that changed a member's
   type to a new shape makes the old setter useless. Not probed: streaming blob members (the
   Java SDK passes the body beside the request), event-stream members (async client), members
   of event-stream unions (interfaces) and ``document`` structures (the SDK's ``Document``).
   For a member holding a scalar, or a list or map of (non-enum) scalars, the query names the
   generic Java type the renderer writes for the model's type (``java.lang.String``,
   ``java.util.Collection<java.lang.Long>``); when no overload takes it the probe answers the
   types the overloads do take, recorded under ``types`` (budgets ``Spend.Amount`` is a string
   in the model and a ``java.math.BigDecimal`` in the SDK, by its codegen customization).
3. Gaps are written sorted; a run limited with ``--services`` merges into the existing file
   (``--fresh`` rewrites it).

Usage::

    .venv/bin/python -m tools.java_sdk_gaps                       # every service
    .venv/bin/python -m tools.java_sdk_gaps --services iam,ec2    # merge these into the file
    .venv/bin/python -m tools.java_sdk_gaps --budget-minutes 30   # stop resolving after 30 min

Measured here (2 CPUs): the first full run took 18 minutes - 11 to resolve (download) the 400
served modules in 28 Maven runs, 7 to probe 403 services (about 450,000 queries); a later run
reuses the classpaths cached in ``.cache/java`` and takes 6-7 minutes, nearly all of it probing.
With the scalar type queries (2026-12-01, machine shared): 680 s wall, 293+19 s CPU - 477 s in
Maven (30 runs), 192 s probing 403 services; 2 members found retyped. On BOM 2.59.1
(2026-12-07, fresh local repository, load average 15 to 55 from other jobs): 4,922 s wall -
3,690 s resolving (downloading) 400 served modules at 2.59.1 (65), 2.57.8 (none: since dropped
from ``BOM_VERSIONS``) and 2.40.2 (335), 1,228 s probing 403 services; 11,280 gaps (1,340
operations, 5,836 shapes, 4,104 members; 11,623 on 2.57.8).
Re-run after changing ``naming/java.py``: a name it gets wrong shows up here as a gap. The log
lists what looks like a naming question rather than a version gap: setters a builder has that no
model member maps to, setters taking another type than the model's shape, near-identical names.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import botocore.session

from generator.naming import java
from generator.verify import javatool

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "generator" / "naming" / "data" / "java_gaps.json"
PROBE_CLASS = "SdkParityGapProbe"
QUERY_ENV = "SDK_PARITY_GAP_QUERIES"
CHUNK = 30  # modules per Maven run and per probe JVM

# The services the test suite generates examples for: probed first.
PRIORITY = (
    "personalize", "dynamodb", "sqs", "kinesis", "cloudwatch", "codeartifact", "ecs", "lambda",
    "eks", "cloudsearchdomain", "deadline", "bedrock-runtime", "bedrock-agent-runtime",
    "iotwireless", "sso-oidc", "apigateway", "glacier", "s3", "route53", "cloudfront", "rds",
    "sns", "iam", "sts", "cloudformation", "ec2",
)  # fmt: skip

ABOUT = (
    "Names in the botocore {botocore} models with no counterpart in the AWS SDK for Java 2.x "
    "jars served here, found by reflection over the real jars (tools/java_sdk_gaps.py; read by "
    "naming.java.sdk_has_operation/sdk_has_shape/sdk_has_member/sdk_version). Keyed by botocore "
    "service, operation, shape and member names. sdk_versions: the BOM each service's module "
    "was resolved at (newest served first). unavailable: services whose Maven module no BOM "
    "tried serves here (or, for sdb and importexport, that the Java SDK never had). operations: "
    "no method on the synchronous client (event-stream operations are async-only); shapes: "
    "no class (structures and unions reachable from operations; an operation's input/output "
    "is its Request/Response class; a shape whose class is missing has no member entries); "
    "members: no builder method on a shape class that exists, or (for a member holding a "
    "structure/union or a list of them) none taking that shape's class (streaming blob and "
    "event-stream members are not probed). types: members whose builder setter takes another "
    "Java type than the one the Java renderer writes for the model's type (a scalar, or a list "
    "or map of non-enum scalars; an enum's String overload is not a difference), keyed "
    "Shape.member, valued the generic Java type(s) it takes, |-separated (read by "
    "capabilities.java.sdk_member_type)."
)

PROBE_SOURCE = """\
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Generated by sdk-parity (tools/java_sdk_gaps.py). Reads lines {@code class [method [Type]]}
 *  and prints one verdict per line, in order: 1 present; 0 absent; C absent, but a method
 *  differing only in case or underscores exists; T the method exists but no one-argument
 *  overload takes a {@code Type} (simple name, {@code Foo[]} for varargs); E the class exists
 *  but fails to link. A type {@code =java.util.List<java.lang.String>} (a generic type name,
 *  spaces removed) is answered 1 when an overload takes it, else {@code G:} and the generic
 *  types its one-argument overloads take, |-separated. A line {@code class ?} is answered {@code L:} and the comma-separated
 *  methods the class declares beyond its interfaces' (a builder's member setters). */
public final class @CLASS@ {
    private static final Set<String> BROKEN = new HashSet<>();

    public static void main(String[] args) throws IOException {
        ClassLoader loader = @CLASS@.class.getClassLoader();
        Map<String, Map<String, Set<String>>> classes = new HashMap<>();
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(Paths.get(System.getenv("@ENV@")), StandardCharsets.UTF_8)) {
            if (line.isEmpty()) continue;
            String[] f = line.split(" ");
            Map<String, Set<String>> methods = classes.computeIfAbsent(f[0], c -> load(loader, c));
            if (BROKEN.contains(f[0])) out.append('E');
            else if (methods == null) out.append('0');
            else if (f.length == 1) out.append('1');
            else if (f[1].equals("?")) out.append("L:").append(String.join(",", own(loader, f[0])));
            else if (!methods.containsKey(f[1])) out.append(looseMatch(methods.keySet(), f[1]) ? 'C' : '0');
            else if (f.length == 2 || methods.get(f[1]).contains(f[2])) out.append('1');
            else if (f[2].startsWith("=")) out.append("G:").append(generic(methods.get(f[1])));
            else out.append('T');
            out.append('\\n');
        }
        System.out.print(out);
    }

    /** The generic parameter types of a method's one-argument overloads, sorted, |-separated. */
    private static String generic(Set<String> types) {
        Set<String> names = new java.util.TreeSet<>();
        for (String t : types) if (t.startsWith("=")) names.add(t.substring(1));
        return String.join("|", names);
    }

    private static boolean looseMatch(Set<String> names, String method) {
        String want = method.replace("_", "");
        for (String n : names) if (n.replace("_", "").equalsIgnoreCase(want)) return true;
        return false;
    }

    /** Methods a class declares itself, not overriding one of its interfaces' methods. */
    private static Set<String> own(ClassLoader loader, String name) {
        Set<String> names = new java.util.TreeSet<>();
        try {
            Class<?> c = Class.forName(name, false, loader);
            for (Method m : c.getDeclaredMethods()) if (!m.isSynthetic()) names.add(m.getName());
            for (Class<?> i : c.getInterfaces()) for (Method m : i.getMethods()) names.remove(m.getName());
        } catch (ClassNotFoundException | LinkageError e) {
            // reported by the class's own query
        }
        return names;
    }

    /** Method name -> simple names of the parameter types of its one-argument overloads. */
    private static Map<String, Set<String>> load(ClassLoader loader, String name) {
        try {
            Map<String, Set<String>> methods = new HashMap<>();
            for (Method m : Class.forName(name, false, loader).getMethods()) {
                Set<String> types = methods.computeIfAbsent(m.getName(), k -> new HashSet<>());
                if (m.getParameterCount() != 1) continue;
                types.add(m.getParameterTypes()[0].getSimpleName());
                types.add("=" + m.getGenericParameterTypes()[0].getTypeName().replace(" ", ""));
            }
            return methods;
        } catch (ClassNotFoundException e) {
            return null;
        } catch (LinkageError e) {
            BROKEN.add(name);
            return null;
        }
    }
}
"""

_LOADER = botocore.session.get_session().get_component("data_loader")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the questions, from the model and naming.java -------------------------------------------


@dataclass
class ServiceQueries:
    """The probe lines of one service and what each answers."""

    service: str
    module: str
    lines: list[str] = field(default_factory=list)
    keys: list[tuple[str, ...]] = field(default_factory=list)
    # builder class -> (shape, every setter name naming.java gives its members)
    builders: dict[str, tuple[str, set[str]]] = field(default_factory=dict)

    def ask(self, key: tuple[str, ...], cls: str, method: str | None = None) -> None:
        self.lines.append(cls if method is None else f"{cls} {method}")
        self.keys.append(key)


def load_model(service: str) -> dict[str, Any]:
    model: dict[str, Any] = _LOADER.load_service_model(service, "service-2")
    return model


def _targets(shape: dict[str, Any]) -> Iterator[str]:
    kind = shape.get("type")
    if kind in ("structure", "union"):
        for member in shape.get("members", {}).values():
            yield str(member["shape"])
    elif kind == "list":
        yield str(shape["member"]["shape"])
    elif kind == "map":
        yield str(shape["key"]["shape"])
        yield str(shape["value"]["shape"])


def reachable(model: dict[str, Any]) -> set[str]:
    """Every shape reachable from an operation's input, output or errors."""
    shapes = model["shapes"]
    todo: list[str] = []
    for spec in model["operations"].values():
        todo += [spec[k]["shape"] for k in ("input", "output") if k in spec]
        todo += [e["shape"] for e in spec.get("errors", [])]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen and name in shapes:
            seen.add(name)
            todo.extend(_targets(shapes[name]))
    return seen


def owners(model: dict[str, Any], sid: str) -> dict[str, list[tuple[str, bool]]]:
    """Structure/union shape -> the Java classes generated for it (fully qualified) and
    whether each is an exception class."""
    shapes = model["shapes"]
    mdl = java.model_package(sid)
    found: dict[str, list[tuple[str, bool]]] = {}

    def add(shape: str, cls: str, exc: bool = False) -> None:
        entry = found.setdefault(shape, [])
        if (f"{mdl}.{cls}", exc) not in entry:
            entry.append((f"{mdl}.{cls}", exc))

    io_shapes: set[str] = set()
    for op, spec in model["operations"].items():
        if "input" in spec:
            add(spec["input"]["shape"], java.request_class(op, sid))
            io_shapes.add(spec["input"]["shape"])
        if "output" in spec:
            add(spec["output"]["shape"], java.response_class(op, sid))
            io_shapes.add(spec["output"]["shape"])
    nested: set[str] = set()
    for name in reachable(model):
        shape = shapes[name]
        if shape.get("type") in ("structure", "union"):
            nested.update(_targets(shape))
    for name in sorted(reachable(model)):
        shape = shapes[name]
        if shape.get("type") not in ("structure", "union") or shape.get("document"):
            continue  # a document structure is the SDK's Document type, not a class
        if shape.get("exception"):
            add(name, java.exception_class(name, sid), True)
        elif name not in io_shapes or name in nested:
            add(name, java.shape_class(sid, name))
    return found


def service_queries(service: str) -> ServiceQueries:
    model = load_model(service)
    sid = model["metadata"]["serviceId"]
    module = java.maven_module(service, sid)
    assert module is not None
    q = ServiceQueries(service, module)
    client = f"{java.package(sid)}.{java.client_class(sid)}"
    for op in sorted(model["operations"]):
        q.ask(("operation", op), client, java.method_name(op))
    shapes = model["shapes"]
    for name, classes in sorted(owners(model, sid).items()):
        shape = shapes[name]
        for cls, _ in classes:
            q.ask(("shape", name), cls)
        if shape.get("eventstream"):
            continue  # an interface of event types: no builder
        for member, ref in sorted(shape.get("members", {}).items()):
            target = shapes.get(ref["shape"], {})
            if ref.get("streaming") or target.get("streaming") or target.get("eventstream"):
                continue
            param = _parameter_type(model, sid, ref["shape"])
            expected = None if param is not None else expected_type(model, ref["shape"])
            for cls, exc in classes:
                method = java.member_method(sid, name, member, is_exception=exc)
                setters = q.builders.setdefault(f"{cls}$Builder", (name, set()))[1]
                setters |= {method, method + "WithStrings"}
                if expected is not None:
                    key = ("member", name, member, expected)
                    q.ask(key, f"{cls}$Builder", f"{method} ={expected}")
                elif param is None:
                    q.ask(("member", name, member), f"{cls}$Builder", method)
                else:
                    q.ask(("member", name, member), f"{cls}$Builder", f"{method} {param}")
    return q


def _class_of(model: dict[str, Any], sid: str, shape: str) -> str | None:
    """Simple name of the model class a structure/union shape is a value of, when nested."""
    spec = model["shapes"].get(shape, {})
    if spec.get("type") not in ("structure", "union") or spec.get("document"):
        return None
    if spec.get("exception"):
        return java.exception_class(shape, sid)
    return java.shape_class(sid, shape)


# The Java type the Java renderer writes a value of each model scalar type as (an enum is
# written as its string, which the enum setter's String overload takes).
SCALAR_TYPES = {
    "string": "java.lang.String", "integer": "java.lang.Integer", "long": "java.lang.Long",
    "float": "java.lang.Float", "double": "java.lang.Double", "boolean": "java.lang.Boolean",
    "timestamp": "java.time.Instant", "blob": "software.amazon.awssdk.core.SdkBytes",
}  # fmt: skip


def _scalar_type(model: dict[str, Any], target: str, *, plain: bool = False) -> str | None:
    spec = model["shapes"].get(target, {})
    if plain and "enum" in spec:
        return None
    return SCALAR_TYPES.get(str(spec.get("type")))


def expected_type(model: dict[str, Any], target: str) -> str | None:
    """The generic Java type (spaces removed) of the setter overload the renderer calls for a
    member targeting a scalar (``java.lang.Integer``), a list of scalars
    (``java.util.Collection<java.lang.String>``) or a map of scalars; None for anything else,
    and for lists and maps holding enums (their ``...WithStrings`` setter is not probed)."""
    spec = model["shapes"].get(target, {})
    if spec.get("type") == "list":
        item = _scalar_type(model, str(spec["member"]["shape"]), plain=True)
        return None if item is None else f"java.util.Collection<{item}>"
    if spec.get("type") == "map":
        key = _scalar_type(model, str(spec["key"]["shape"]), plain=True)
        value = _scalar_type(model, str(spec["value"]["shape"]), plain=True)
        return None if key is None or value is None else f"java.util.Map<{key},{value}>"
    return _scalar_type(model, target)


def _parameter_type(model: dict[str, Any], sid: str, target: str) -> str | None:
    """The parameter type a builder overload must take for a member targeting ``target``
    (``Foo`` for a structure/union, ``Foo[]`` - the varargs overload - for a list of them),
    or None where the name alone is checked (scalars, maps, documents)."""
    spec = model["shapes"].get(target, {})
    if spec.get("type") == "list":
        inner = _class_of(model, sid, str(spec["member"]["shape"]))
        return None if inner is None else inner + "[]"
    return _class_of(model, sid, target)


# --- resolving modules in chunks ----------------------------------------------------------

_NOT_AVAILABLE = re.compile(r"BOM (\S+): not available: (.*)")


def _missing_named(error: javatool.ResolutionError) -> set[str]:
    named: set[str] = set()
    for match in _NOT_AVAILABLE.finditer(str(error)):
        named.update(m.strip() for m in match.group(2).split(",") if m.strip())
    return named - {"see mvn output"}


def _resolve_at(modules: list[str], bom: str) -> tuple[javatool.Resolution | None, set[str]]:
    """Resolve as many of ``modules`` as ``bom`` serves; return (resolution, not served)."""
    todo = list(modules)
    gone: set[str] = set()
    for _ in range(len(modules) + 1):
        if not todo:
            return None, gone
        try:
            return javatool.resolve(todo, bom_versions=(bom,)), gone
        except javatool.ResolutionError as exc:
            named = _missing_named(exc) & set(todo)
            if not named:
                break
            gone |= named
            todo = [m for m in todo if m not in named]
    # Maven failed without naming the culprit (or kept failing): one module at a time.
    log(f"  chunk at {bom} failed unexplained; resolving its {len(todo)} modules one by one")
    ok: list[str] = []
    for module in todo:
        for attempt in (1, 2):
            try:
                javatool.resolve([module], bom_versions=(bom,))
                ok.append(module)
                break
            except javatool.ResolutionError as exc:
                if _missing_named(exc) or attempt == 2:
                    log(f"  {module} at {bom}: {str(exc).splitlines()[-1].strip()}")
                    gone.add(module)
                    break
    if not ok:
        return None, gone
    return javatool.resolve(ok, bom_versions=(bom,)), gone


def resolve_chunks(
    modules: list[str], deadline: float
) -> tuple[list[javatool.Resolution], set[str], list[str]]:
    """(resolutions, modules no BOM serves, modules left unresolved at the deadline)."""
    resolutions: list[javatool.Resolution] = []
    pending = list(modules)
    for bom in javatool.BOM_VERSIONS:
        failed: list[str] = []
        for start in range(0, len(pending), CHUNK):
            chunk = pending[start : start + CHUNK]
            if time.monotonic() > deadline:
                return resolutions, set(), failed + pending[start:]
            t0 = time.monotonic()
            resolution, gone = _resolve_at(chunk, bom)
            if resolution is not None:
                resolutions.append(resolution)
            failed += sorted(gone)
            served = len(chunk) - len(gone)
            log(f"  resolve {bom}: {served}/{len(chunk)} served ({time.monotonic() - t0:.0f}s)")
        pending = failed
    return resolutions, set(pending), []


# --- probing -----------------------------------------------------------------------------


def probe_dir(cache: Path) -> Path:
    source = PROBE_SOURCE.replace("@CLASS@", PROBE_CLASS).replace("@ENV@", QUERY_ENV)
    folder = cache / "gap-probe" / hashlib.sha256(source.encode()).hexdigest()[:16]
    if not (folder / f"{PROBE_CLASS}.class").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{PROBE_CLASS}.java").write_text(source, encoding="utf-8")
        javatool.compile_java([folder / f"{PROBE_CLASS}.java"], "", folder)
    return folder


@dataclass
class Gaps:
    operations: set[str] = field(default_factory=set)
    shapes: set[str] = field(default_factory=set)
    members: dict[str, set[str]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    suspects: set[str] = field(default_factory=set)  # absent, but a near-identical name exists
    retyped: set[str] = field(default_factory=set)  # the member's setter takes another type
    renamed: set[str] = field(default_factory=set)  # setters no model member is named to
    present: set[str] = field(default_factory=set)  # the shape classes that exist
    # "Shape.member" -> the Java type its setter takes instead of the renderer's for the model
    # type, and that model-side type ("Shape.member" -> (expected, found))
    types: dict[str, tuple[str, str]] = field(default_factory=dict)

    def count(self) -> int:
        return len(self.operations) + len(self.shapes) + sum(map(len, self.members.values()))


@cache
def _jar_classes(classpath: str, module: str) -> frozenset[str]:
    """Lower-cased dotted names of the classes in ``module``'s jar on ``classpath``."""
    jars = [j for j in classpath.split(":") if Path(j).name.startswith(f"{module}-2.")]
    names: set[str] = set()
    for jar in jars:
        with zipfile.ZipFile(jar) as z:
            names.update(
                n[:-6].replace("/", ".").lower() for n in z.namelist() if n.endswith(".class")
            )
    return frozenset(names)


def _run_probe(lines: list[str], classpath: str, probe_classes: Path) -> list[str]:
    """One JVM: the probe's answer to each query line."""
    if not lines:
        return []
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
        query_file = Path(f.name)
    try:
        report = javatool.run_mains(
            [PROBE_CLASS], f"{probe_classes}:{classpath}", {QUERY_ENV: str(query_file)},
            per_class_timeout=1200,
        )  # fmt: skip
    finally:
        query_file.unlink()
    result = report.results[0]
    answers = result.stdout.splitlines()
    if not result.ok or len(answers) != len(lines):
        raise RuntimeError(
            f"probe failed ({result.status}): {result.error}\n{result.stderr}\n{report.jvm_stderr}"
        )
    return answers


def probe(queries: list[ServiceQueries], classpath: str, probe_classes: Path) -> dict[str, Gaps]:
    lines = [line for q in queries for line in q.lines]
    verdicts = _run_probe(lines, classpath, probe_classes)
    out: dict[str, Gaps] = {}
    i = 0
    for q in queries:
        gaps = out[q.service] = Gaps()
        classes: dict[str, set[str]] = {}  # shape -> its classes that exist
        misses: list[tuple[str, str, str]] = []
        retyped: list[str] = []
        typed: list[tuple[tuple[str, ...], str]] = []
        for key, line, verdict in zip(q.keys, q.lines, verdicts[i : i + len(q.lines)], strict=True):
            if verdict == "E":
                gaps.broken.add(line)
            if verdict == "C":
                gaps.suspects.add(line)
            if verdict == "T":
                retyped.append(line)
            if key[0] == "shape":
                found = classes.setdefault(key[1], set())
                if verdict == "1":
                    found.add(line)
            elif verdict.startswith("G:") and verdict != "G:":
                typed.append((key, verdict[2:]))
            elif verdict != "1" and key[0] == "operation":
                gaps.operations.add(key[1])
            elif verdict != "1":
                misses.append((key[1], key[2], line.split(" ")[0].removesuffix("$Builder")))
        # A shape is missing when none of its classes exists (an input shared by a dropped
        # and a kept operation has the kept one's Request class); a member when the builder
        # of one of its shape's existing classes lacks its method.
        gaps.shapes = {shape for shape, found in classes.items() if not found}
        gaps.present = set().union(*classes.values())
        jar_classes = _jar_classes(classpath, q.module)
        for line, key in zip(q.lines, q.keys, strict=True):
            if key[0] == "shape" and key[1] in gaps.shapes and line.lower() in jar_classes:
                gaps.suspects.add(f"{line} (class differs in case)")
        for shape, member, cls in misses:
            if cls in classes[shape]:
                gaps.members.setdefault(shape, set()).add(member)
        for (_, shape, member, expected), found in typed:
            gaps.types[f"{shape}.{member}"] = (expected, found)
        for line in retyped:
            cls, method, param = line.split(" ")
            gaps.retyped.add(f"{cls.removesuffix('$Builder')}.{method}({param})")
        i += len(q.lines)
    _look_for_renames(queries, out, classpath, probe_classes)
    return out


def _look_for_renames(
    queries: list[ServiceQueries], out: dict[str, Gaps], classpath: str, probe_classes: Path
) -> None:
    """Where a builder lacks a member's setter, list the setters it has that no member of the
    model is named to: a member the model renamed or dropped, or one the Java SDK renames
    (a rule or customization naming.java lacks). Logged, not recorded."""
    asked: list[tuple[ServiceQueries, str]] = []
    for q in queries:
        gaps = out[q.service]
        for builder, (shape, _) in sorted(q.builders.items()):
            if shape in gaps.members and builder.removesuffix("$Builder") in gaps.present:
                asked.append((q, builder))
    answers = _run_probe([f"{b} ?" for _, b in asked], classpath, probe_classes)
    for (q, builder), answer in zip(asked, answers, strict=True):
        shape, expected = q.builders[builder]
        extra = sorted(set(filter(None, answer.removeprefix("L:").split(","))) - expected)
        if extra:
            missing = sorted(out[q.service].members[shape])
            out[q.service].renamed.add(
                f"{builder.removesuffix('$Builder').rsplit('.', 1)[-1]} lacks {', '.join(missing)}; "
                f"has unmodeled {', '.join(extra)}"
            )


# --- main --------------------------------------------------------------------------------


def _ordered(services: Iterable[str]) -> list[str]:
    chosen = set(services)
    first = [s for s in PRIORITY if s in chosen]
    return first + sorted(chosen - set(first))


def _existing() -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(OUTPUT.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return {}


def write(
    results: dict[str, Gaps],
    versions: dict[str, str],
    unavailable: set[str],
    probed: set[str],
    merge: bool,
) -> dict[str, Any]:
    old = _existing() if merge else {}

    def keep(table: str) -> dict[str, Any]:
        return {k: v for k, v in old.get(table, {}).items() if k not in probed}

    sdk_versions = keep("sdk_versions") | versions
    operations = keep("operations") | {
        s: sorted(g.operations) for s, g in results.items() if g.operations
    }
    shapes = keep("shapes") | {s: sorted(g.shapes) for s, g in results.items() if g.shapes}
    members = keep("members") | {
        s: {shape: sorted(ms) for shape, ms in sorted(g.members.items())}
        for s, g in results.items()
        if g.members
    }
    types = keep("types") | {
        s: {name: found for name, (_, found) in sorted(g.types.items())}
        for s, g in results.items()
        if g.types
    }
    gone = {s for s in old.get("unavailable", []) if s not in probed} | unavailable
    data = {
        "_about": ABOUT.format(botocore=botocore.__version__),
        "sdk_versions": dict(sorted(sdk_versions.items())),
        "unavailable": sorted(gone),
        "operations": dict(sorted(operations.items())),
        "shapes": dict(sorted(shapes.items())),
        "members": {s: dict(sorted(m.items())) for s, m in sorted(members.items())},
        "types": {s: dict(sorted(t.items())) for s, t in sorted(types.items())},
    }
    OUTPUT.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", help="comma-separated botocore service names (default: all)")
    parser.add_argument("--budget-minutes", type=float, default=40.0,
                        help="stop starting Maven runs after this long (default 40)")  # fmt: skip
    parser.add_argument("--fresh", action="store_true",
                        help="rewrite the data file instead of merging into it")  # fmt: skip
    args = parser.parse_args(argv)
    t_start = time.monotonic()
    deadline = t_start + args.budget_minutes * 60
    everything = _LOADER.list_available_services("service-2")
    wanted = args.services.split(",") if args.services else everything
    unknown = sorted(set(wanted) - set(everything))
    if unknown:
        parser.error(f"not botocore services: {', '.join(unknown)}")
    services = _ordered(wanted)

    by_module: dict[str, list[str]] = {}
    unavailable: set[str] = set()
    for service in services:
        sid = load_model(service)["metadata"]["serviceId"]
        module = java.maven_module(service, sid)
        if module is None:
            unavailable.add(service)
        else:
            by_module.setdefault(module, []).append(service)
    modules = list(by_module)  # priority services' modules first
    log(f"{len(services)} services, {len(modules)} modules to resolve")

    t0 = time.monotonic()
    resolutions, not_served, skipped = resolve_chunks(modules, deadline)
    t_resolve = time.monotonic() - t0
    for module in not_served:
        unavailable.update(by_module[module])
    log(f"resolved in {t_resolve:.0f}s: {sum(len(r.modules) for r in resolutions)} modules served, "
        f"{len(not_served)} not served, {len(skipped)} skipped at the deadline")  # fmt: skip

    t0 = time.monotonic()
    classes = probe_dir(javatool.DEFAULT_CACHE_DIR)
    results: dict[str, Gaps] = {}
    versions: dict[str, str] = {}
    for resolution in resolutions:
        batch = [service_queries(s) for m in resolution.modules for s in by_module[m]]
        t1 = time.monotonic()
        results.update(probe(batch, resolution.classpath, classes))
        for q in batch:
            versions[q.service] = resolution.bom_version
        log(f"  probed {len(batch)} services, {sum(len(q.lines) for q in batch)} queries "
            f"at {resolution.bom_version} ({time.monotonic() - t1:.0f}s)")  # fmt: skip
    t_probe = time.monotonic() - t0

    skipped_services = {s for m in skipped for s in by_module[m]}
    probed = set(services) - skipped_services
    merge = not args.fresh or bool(skipped_services)
    data = write(results, versions, unavailable, probed, merge=merge)

    broken = sorted(b for g in results.values() for b in g.broken)
    log(f"probed in {t_probe:.0f}s; total {time.monotonic() - t_start:.0f}s")
    log(f"this run: {len(results)} services with data, {len(unavailable)} unavailable, "
        f"{len(skipped_services)} skipped; gaps: {sum(g.count() for g in results.values())} "
        f"({sum(len(g.operations) for g in results.values())} operations, "
        f"{sum(len(g.shapes) for g in results.values())} shapes, "
        f"{sum(sum(map(len, g.members.values())) for g in results.values())} members)")  # fmt: skip
    log(
        f"file: {len(data['sdk_versions'])} services with data, {len(data['unavailable'])} unavailable"
    )
    suspects = sorted(f"{s}: {x}" for s, g in results.items() for x in g.suspects)
    if suspects:
        log(f"absent under the naming.java name but present under a near-identical one "
            f"({len(suspects)}; recorded as gaps, worth a naming check):")  # fmt: skip
        for line in suspects:
            log(f"  {line}")
    retyped = sorted(f"{s}: {x}" for s, g in results.items() for x in g.retyped)
    if retyped:
        log(f"builder methods present under the member's name but taking another type "
            f"({len(retyped)}; the model changed the member's type, or the Java SDK renamed "
            f"the shape; recorded as member gaps):")  # fmt: skip
        for line in retyped:
            log(f"  {line}")
    kinds: dict[str, list[str]] = {}
    for s, g in sorted(results.items()):
        for name, (expected, found) in sorted(g.types.items()):
            kinds.setdefault(f"{expected} -> {found}", []).append(f"{s}:{name}")
    if kinds:
        log(f"scalar members whose setter takes another Java type than the model's "
            f"({sum(map(len, kinds.values()))}; recorded under types), by kind:")  # fmt: skip
        for kind, where in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            log(f"  {len(where):5}  {kind}: {', '.join(where[:6])}{' ...' if len(where) > 6 else ''}")
    renamed = sorted(f"{s}: {x}" for s, g in results.items() for x in g.renamed)
    if renamed:
        log(f"builders lacking a member's setter but having setters no model member maps to "
            f"({len(renamed)}; the model renamed or dropped a member, or naming.java misses "
            f"a Java rename; the missing ones are recorded as member gaps):")  # fmt: skip
        for line in renamed:
            log(f"  {line}")
    if broken:
        log(f"classes that failed to link ({len(broken)}): {', '.join(broken[:20])}")
    if skipped_services:
        log(f"not probed (budget): {', '.join(sorted(skipped_services))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
