"""Fetch AWS's Smithy models from Maven Central: one jar per service, cached by version.

Input: a botocore service's ``serviceId`` (the Smithy model's ``sdkId``). Output: the path of
its jar in ``.cache/smithy/``, or the repository's own answer when it serves no such artifact.

AWS publishes each service's model as ``software.amazon.api.models:<artifact>``, where the
artifact id is the ``sdkId`` lower-cased with its spaces turned into hyphens (the project
names of aws/api-models-aws: ``Secrets Manager`` -> ``secrets-manager``). A service has one
such name, so one look-up of ``maven-metadata.xml`` either names its newest version or is
answered "not found". Jars are fetched by exact coordinates, checked against the SHA-1 that
the repository publishes beside them, written atomically and never fetched twice.

The repository is the one the installed Maven uses for ``central``: a mirror of it (or of
``*``) in ``~/.m2/settings.xml`` or Maven's own ``conf/settings.xml``, else the ``central``
repository of Maven's super POM.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GROUP = "software.amazon.api.models"
SUPER_POM = "org/apache/maven/model/pom-4.0.0.xml"
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "smithy"
TIMEOUT = 60.0


class Unreachable(Exception):
    """Maven Central did not answer (network, timeout, server error): nothing can be decided."""


@dataclass(frozen=True)
class Answer:
    """What the repository said of one artifact: its newest version, or why there is none."""

    artifact: str
    version: str = ""
    refusal: str = ""


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> str:
    return next(((c.text or "").strip() for c in element if _local(c) == name), "")


def mirror_of_central(settings: Path) -> str:
    """The URL of the first mirror of ``central`` in a Maven settings file, or ``""``."""
    try:
        root = ET.parse(settings).getroot()
    except (OSError, ET.ParseError):
        return ""
    for mirror in (e for e in root.iter() if _local(e) == "mirror"):
        patterns = [p.strip() for p in _child(mirror, "mirrorOf").split(",")]
        if "!central" not in patterns and ("central" in patterns or "*" in patterns):
            return _child(mirror, "url")
    return ""


@cache
def repository() -> str:
    """The base URL the installed Maven fetches Maven Central's artifacts from."""
    override = os.environ.get("SDK_PARITY_MAVEN_REPOSITORY", "")
    if override:
        return override.rstrip("/")
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Unreachable("Maven is not installed (its settings name the repository to use)")
    home = Path(mvn).resolve().parent.parent
    for settings in (Path.home() / ".m2" / "settings.xml", home / "conf" / "settings.xml"):
        url = mirror_of_central(settings)
        if url:
            return url.rstrip("/")
    for builder in sorted((home / "lib").glob("maven-model-builder*.jar")):
        with zipfile.ZipFile(builder) as archive:
            root = ET.fromstring(archive.read(SUPER_POM))
        for repo in (e for e in root.iter() if _local(e) == "repository"):
            if _child(repo, "id") == "central":
                return _child(repo, "url").rstrip("/")
    raise Unreachable(f"no central repository in the Maven installation at {home}")


def artifact_id(sdk_id: str) -> str:
    """The Maven artifact id of a Smithy model from its ``sdkId`` (botocore's ``serviceId``)."""
    return sdk_id.strip().lower().replace(" ", "-")


def _url(artifact: str, name: str) -> str:
    return f"{repository()}/{GROUP.replace('.', '/')}/{artifact}/{name}"


def _get(url: str) -> bytes | None:
    """The body at ``url``; ``None`` when the repository answers 404 (it has no such file)."""
    request = urllib.request.Request(url, headers={"User-Agent": "sdk-parity-refresh"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise Unreachable(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise Unreachable(f"{url}: {getattr(exc, 'reason', exc)}") from exc


def newest(artifact: str) -> Answer:
    """The release version ``maven-metadata.xml`` names, or the repository's refusal."""
    body = _get(_url(artifact, "maven-metadata.xml"))
    if body is None:
        return Answer(artifact, refusal="not found (HTTP 404 for maven-metadata.xml)")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise Unreachable(f"{artifact}: unreadable maven-metadata.xml ({exc})") from exc
    versioning = root.find("versioning")
    version = ""
    if versioning is not None:
        version = (versioning.findtext("release") or versioning.findtext("latest") or "").strip()
        if not version:
            found = [v.text or "" for v in versioning.findall("versions/version")]
            version = found[-1].strip() if found else ""
    if not version:
        return Answer(artifact, refusal="maven-metadata.xml names no version")
    return Answer(artifact, version=version)


def jar(artifact: str, version: str, cache: Path = CACHE) -> Path:
    """The jar of ``artifact:version``, downloaded once into ``cache`` and SHA-1 checked."""
    path = cache / f"{artifact}-{version}.jar"
    if path.is_file():
        return path
    name = f"{version}/{artifact}-{version}.jar"
    body = _get(_url(artifact, name))
    if body is None:
        raise Unreachable(f"{GROUP}:{artifact}:{version}: named by the metadata, but no jar")
    digest = _get(_url(artifact, name + ".sha1"))
    if digest is not None:
        expected = digest.decode("ascii", "replace").split()[0].strip().lower()
        if hashlib.sha1(body).hexdigest() != expected:
            raise Unreachable(f"{GROUP}:{artifact}:{version}: SHA-1 mismatch")
    cache.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(body)
    os.replace(temporary, path)
    return path
