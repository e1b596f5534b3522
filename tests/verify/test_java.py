"""Java: every example compiles with javac against the real AWS SDK for Java 2.x.

The SDK comes from Maven Central (BOM 2.59.1, falling back to 2.40.2 for modules the registry
here serves only at that version; see generator/javatool.py) and is cached in .cache/java.
All of output/'s examples compile in one javac run; the cross-service sample in another.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import require_tool
from wire_sample import SAMPLE

from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value, render_snippet
from generator.model.lower import load_service
from generator.naming import java as jnames
from generator.verify import javatool

REPO = Path(__file__).resolve().parents[2]


def _toolchain() -> None:
    require_tool("javac", "a JDK is needed to compile the Java examples")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")


def _modules(services: set[str]) -> list[str]:
    modules = set()
    for name in services:
        module = jnames.maven_module(name, load_service(name).service_id)
        assert module is not None, name
        modules.add(module)
    return sorted(modules)


def test_every_java_example_in_output_compiles(tmp_path: Path) -> None:
    _toolchain()
    sources = sorted((REPO / "output").rglob("*.java"))
    assert len(sources) >= 71
    services = {p.relative_to(REPO / "output").parts[0] for p in sources}
    resolution = javatool.resolve(_modules(services))
    javatool.compile_java(sources, resolution.classpath, tmp_path / "classes")
    assert len(list((tmp_path / "classes").rglob("*Example.class"))) == len(sources)


def test_cross_service_sample_compiles_or_says_why(tmp_path: Path) -> None:
    _toolchain()
    sources: list[Path] = []
    services: set[str] = set()
    reasons: dict[str, str] = {}
    for service_name, operation, _why in SAMPLE:
        service = load_service(service_name)
        op = service.operation(operation)
        try:
            snippet = render_snippet(service, op, example_value(service, op, None), "java")
        except UnsupportedError as exc:
            reasons[f"{service_name}:{operation}"] = exc.message
            continue
        path = tmp_path / "src" / snippet.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(snippet.text, encoding="utf-8")
        sources.append(path)
        services.add(service_name)
    assert all(reasons.values())
    # event streams (only in the asynchronous client) and a bodiless Glacier upload are refused
    expected = {"kinesis:SubscribeToShard", "bedrock-runtime:ConverseStream",
                "s3:SelectObjectContent",
                "glacier:UploadArchive"}  # no body: botocore sends the empty body's tree hash
    assert set(reasons) <= expected, reasons
    by_version: dict[str, list[Path]] = {}
    unavailable: list[str] = []
    for path in sources:
        service_name = path.relative_to(tmp_path / "src").parts[0]
        try:
            resolution = javatool.resolve(_modules({service_name}))
        except javatool.ResolutionError as exc:
            # the registry reachable here serves only part of Maven Central
            unavailable.append(f"{service_name}: {str(exc).splitlines()[-1].strip()}")
            continue
        by_version.setdefault(resolution.bom_version, []).append(path)
    if unavailable:
        print("not compiled, SDK module not served here:\n  " + "\n  ".join(unavailable))
    assert len(unavailable) <= 4, unavailable
    assert sum(len(group) for group in by_version.values()) >= 25
    for version, group in sorted(by_version.items()):
        group_services = {p.relative_to(tmp_path / "src").parts[0] for p in group}
        resolution = javatool.resolve(_modules(group_services))
        if resolution.bom_version != version:
            pytest.fail(f"modules {sorted(group_services)} resolve at {resolution.bom_version}")
        if version == "2.57.8":
            javatool.compile_java(group, resolution.classpath, tmp_path / f"classes-{version}")
            continue
        # Modules served here only at an older SDK lack members newer than their jar: each
        # file is compiled alone, and a failure is accepted only if it is such version drift.
        for path in group:
            try:
                javatool.compile_java([path], resolution.classpath, tmp_path / "classes-old")
            except javatool.CompileError as exc:
                errors = [ln for ln in exc.diagnostics.splitlines() if "error:" in ln]
                symbols = [ln for ln in exc.diagnostics.splitlines() if "symbol:" in ln]
                drift = all("cannot find symbol" in ln for ln in errors) and all(
                    "method" in ln or "class" in ln for ln in symbols
                )
                assert drift, exc.diagnostics
                print(f"version drift at {version}: {path.name}: {'; '.join(symbols)}")
