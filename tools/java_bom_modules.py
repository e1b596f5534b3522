"""Refresh ``generator/naming/data/java_bom.json``: which service client modules each AWS SDK for
Java 2.x BOM lists, and what Maven Central answers for the ones only a newer BOM lists.

The Java target writes an example only for a service whose client module the BOM the examples
are written against lists (``naming.java.bom_modules``); for a module only a newer BOM lists,
the skip reason quotes what Maven Central answered for it here, with the date
(``naming.java.newer_bom_module``), so "no client module" is said only where there is none to
be had.

How:

1. For each BOM in :data:`generator.verify.javatool.BOM_VERSIONS` (the one the examples are
   written against first, then the per-module fallbacks) and for the newest BOM Maven's
   metadata lists, the BOM's pom is fetched into the local Maven repository
   (``mvn dependency:get``); its service modules are the artifacts after the pom's
   ``<!-- Services -->`` comment, less :data:`NOT_CLIENTS` (libraries listed among them).
2. For each service module the newest BOM lists and the first does not, Maven is asked for the
   module at the newest BOM's version and for the newest version it serves (``LATEST``); its
   answer, shortened to Maven's own words, is recorded with the date.

Usage: ``.venv/bin/python -m tools.java_bom_modules`` (about a minute; needs ``mvn``).
``tests/data_tools/test_java_bom_table.py`` checks the table against the poms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from generator.verify import javatool

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "generator" / "naming" / "data" / "java_bom.json"
GROUP = javatool.SDK_GROUP_ID
# Artifacts the BOM lists among its services that hold no service client.
NOT_CLIENTS = frozenset({"dynamodb-enhanced", "imds", "metrics-spi"})
_ARTIFACT = re.compile(r"<artifactId>([^<]+)</artifactId>")
_MAVEN_ERROR = re.compile(r"\[ERROR\] (?:Failed to execute goal [^:]+:[^:]+:[^:]+:get \(default-cli\) "
                          r"on project standalone-pom: )?(.*)")  # fmt: skip
ABOUT = (
    "Service client modules (artifactIds under software.amazon.awssdk) each AWS SDK for Java "
    "2.x BOM lists: the BOMs the Java examples resolve at (javatool.BOM_VERSIONS) and the newest "
    "BOM Maven Central lists. newer: the modules only the newest BOM lists, each with what Maven "
    "Central answered for it here on the date given. Written by tools/java_bom_modules.py; read "
    "by naming.java.bom_modules and naming.java.newer_bom_module."
)


def local_repository() -> Path:
    return Path.home() / ".m2" / "repository" / Path(*GROUP.split("."))


def _mvn_get(artifact: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [javatool.find_tool("mvn"), "-B", "-q", *flags, "dependency:get",
         f"-Dartifact={artifact}", "-Dtransitive=false"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def _maven_words(proc: subprocess.CompletedProcess[str]) -> str:
    """Maven's first error line, without the plugin's preamble and the repository URL."""
    for line in (proc.stdout + proc.stderr).splitlines():
        match = _MAVEN_ERROR.search(line)
        if match and match.group(1).strip():
            text = re.sub(r"\s*in \S+ \([^)]*\)", "", match.group(1).strip())
            text = re.sub(r"^Couldn't download artifact: ", "", text)
            return re.sub(r"^Failed to resolve version for \S+: ", "", text)
    return f"mvn exited {proc.returncode}"


def bom_pom(version: str) -> Path:
    """The BOM's pom in the local Maven repository, fetched when it is not there yet."""
    pom = local_repository() / "bom" / version / f"bom-{version}.pom"
    if not pom.is_file():
        proc = _mvn_get(f"{GROUP}:bom:{version}:pom")
        if not pom.is_file():
            raise SystemExit(f"java_bom_modules: BOM {version} not fetched: {_maven_words(proc)}")
    return pom


def service_modules(pom_text: str) -> list[str]:
    """The service client modules a BOM pom lists (after its ``<!-- Services -->`` comment)."""
    start = pom_text.find("<!-- Services -->")
    if start < 0:
        raise ValueError("the BOM has no '<!-- Services -->' section")
    return sorted(set(_ARTIFACT.findall(pom_text[start:])) - NOT_CLIENTS)


def newest_bom() -> str:
    """The newest BOM version Maven's metadata lists (``release``)."""
    _mvn_get(f"{GROUP}:bom:RELEASE:pom")
    metadata = local_repository() / "bom" / "maven-metadata-central.xml"
    root = ET.parse(metadata).getroot()
    release = root.findtext("versioning/release") or root.findtext("versioning/latest")
    if not release:
        raise SystemExit(f"java_bom_modules: no release version in {metadata}")
    return release


def maven_answer(module: str, version: str) -> str:
    """What Maven Central answers here for ``module`` at ``version`` and at its newest version."""
    at_version = _mvn_get(f"{GROUP}:{module}:{version}")
    if at_version.returncode == 0:
        return f"served at {version}"
    latest = _mvn_get(f"{GROUP}:{module}:LATEST", "-U")  # -U: ask again, not the day's cache
    if latest.returncode == 0:
        return f"not served at {version} ({_maven_words(at_version)}); an older version is served"
    return f"no version served ({_maven_words(latest)})"


def build(today: str) -> dict[str, Any]:
    versions = list(javatool.BOM_VERSIONS)
    newest = newest_bom()
    listed = {v: service_modules(bom_pom(v).read_text(encoding="utf-8")) for v in versions}
    data: dict[str, Any] = {"_about": ABOUT, "boms": listed, "newest": newest, "checked": today}
    if newest in listed:
        data["newer"] = {}
        return data
    newest_modules = service_modules(bom_pom(newest).read_text(encoding="utf-8"))
    only_newer = sorted(set(newest_modules) - set(listed[versions[0]]))
    data["newer"] = {m: maven_answer(m, newest) for m in only_newer}
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", default=dt.date.today().isoformat(), help="the date recorded")
    args = parser.parse_args(argv)
    data = build(args.today)
    OUTPUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    counts = ", ".join(f"{v}: {len(m)}" for v, m in data["boms"].items())
    print(f"java_bom_modules: {counts} service modules; newest BOM {data['newest']}, "
          f"{len(data['newer'])} modules only there", file=sys.stderr)  # fmt: skip
    for module, answer in data["newer"].items():
        print(f"  {module}: {answer}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
