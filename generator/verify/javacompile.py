"""Verify, Java: the examples of a run compiled - from the compile cache where their source was
compiled before, the rest in one javac call - and javac's rejections turned into verdicts.

Stage: verify (the Java runner's compile step). Input: Java
:class:`~generator.verify.examples.Example` s (the source exactly as rendered), the SDK class
path and its BOM version. Output: the examples that compiled with the jar of each one's classes
(:mod:`generator.verify.javacache`), and a verdict per rejected example: "not expressible:
Java SDK <version> lacks ..." when all its javac errors are ``cannot find symbol`` (a member or
operation the jar lacks), a mismatch otherwise. A file javac rejects is left out and the rest
compiled again; a rejection javac attributes to its file is cached too.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from generator.verify import javacache, javatool
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE, Done, Example, Verdict

_ERROR = re.compile(r"^(.+\.java):\d+: error: (.*)$")
_PACKAGE = re.compile(r"^package ([\w.]+);", re.M)
_CLASS = re.compile(r"^public (?:final )?class (\w+)", re.M)


def class_name(source: str) -> str:
    """The fully qualified name of the public class of a Java example."""
    package, cls = _PACKAGE.search(source), _CLASS.search(source)
    if cls is None:
        raise ValueError("no public class in the Java source")
    return f"{package.group(1)}.{cls.group(1)}" if package else cls.group(1)


def _errors_by_file(diagnostics: str) -> dict[str, list[str]]:
    """javac's errors per source file: the error line plus its ``symbol:``/``location:`` lines."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in diagnostics.splitlines():
        match = _ERROR.match(line)
        if match:
            current = out.setdefault(str(Path(match.group(1)).resolve()), [])
            current.append(match.group(2).strip())
        elif current is not None and line.strip().startswith(("symbol:", "location:")):
            current[-1] += " (" + " ".join(line.split()) + ")"
    return out


def _broken_reason(errors: list[str], bom: str) -> tuple[str, str]:
    if errors and all(e.startswith("cannot find symbol") for e in errors):
        symbols = sorted({e.split("(symbol: ", 1)[-1].rstrip(")") for e in errors})
        return NOT_EXPRESSIBLE, f"Java SDK {bom} lacks {'; '.join(symbols)}"
    return MISMATCH, f"javac: {errors[0] if errors else 'failed'}"


def _compile(
    sources: dict[str, Example], classpath: str, out: Path, bom: str
) -> tuple[Path | None, list[tuple[Example, str, str, bool]]]:
    """One javac call for all; files javac rejects are left out and the rest compiled again.
    Each rejected example comes with its verdict and whether javac named it (a verdict worth
    keeping in the compile cache) or failed without naming a file."""
    remaining = dict(sources)
    broken: list[tuple[Example, str, str, bool]] = []
    for attempt in range(6):
        if not remaining:
            return None, broken
        classes = out / f"classes-{attempt}"
        try:
            javatool.compile_java([Path(p) for p in sorted(remaining)], classpath, classes)
            return classes, broken
        except javatool.CompileError as exc:
            per_file = _errors_by_file(exc.diagnostics)
            culprits = [p for p in remaining if p in per_file] or list(remaining)
            for path in culprits:
                status, reason = _broken_reason(per_file.get(path, [str(exc)]), bom)
                broken.append((remaining.pop(path), status, reason, path in per_file))
    for ex in remaining.values():
        broken.append((ex, MISMATCH, "javac kept failing", False))
    return None, broken


def compiled(
    examples: list[Example], classpath: str, bom: str, work: Path, cache_dir: Path,
    timings: dict[str, float], done: Done,
) -> tuple[list[Example], list[str]]:  # fmt: skip
    """The examples that compiled and the jars of their classes: from the compile cache
    (:mod:`generator.verify.javacache`) where the same source was compiled before against the
    same jars, the rest in one javac call whose classes (and rejections) are cached after.
    Rejected examples get their verdict through ``done``."""
    cache = javacache.CompileCache(cache_dir, classpath)
    jars: dict[int, Path] = {}
    sources: dict[str, Example] = {}
    for ex in examples:
        hit = cache.lookup(ex.text)
        if hit is not None and hit.jar is not None:
            jars[id(ex)] = hit.jar
            continue
        if hit is not None:
            done(Verdict(ex.service, ex.operation, ex.lang, hit.status, hit.reason, ex.label))
            continue
        name = class_name(ex.text)
        path = work / "src" / (name.replace(".", "/") + ".java")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ex.text, encoding="utf-8")
        sources[str(path.resolve())] = ex
    rejected: set[int] = set()
    if sources:
        started = time.monotonic()
        classes, broken = _compile(sources, classpath, work, bom)
        timings["java compile"] = timings.get("java compile", 0.0) + time.monotonic() - started
        for ex, status, reason, named in broken:
            rejected.add(id(ex))
            if named:
                cache.store_rejected(ex.text, status, reason)
            done(Verdict(ex.service, ex.operation, ex.lang, status, reason, ex.label))
        for ex in sources.values():
            if classes is not None and id(ex) not in rejected:
                jars[id(ex)] = cache.store_classes(ex.text, class_name(ex.text), classes)
    runnable = [ex for ex in examples if id(ex) in jars]
    return runnable, [str(jars[id(ex)]) for ex in runnable]
