"""Java compile cache: each example's classes kept under the hash of its source, so a run whose
examples did not change starts no javac at all.

Stage: a tool edge (disk only, no model logic). Input: the source of one Java example (its text
exactly as rendered), the class path it compiles against and its public class name. Output: a
jar of that example's classes (the public class and its nested ones), or javac's verdict on a
source it rejected, reused by every later run that compiles the same text against the same
jars with the same javac (``.cache/java/compiled/<xx>/<key>.jar`` or ``.json``).

One small jar per example (a few KB) rather than a folder: the runner's class loader reads jars
as well as folders, and the whole catalog's examples stay about 20,000 files. Entries are
written aside and renamed into place, so concurrent runs never see half an entry; deleting the
folder only costs the next run its javac. ``SDK_PARITY_JAVA_COMPILED`` names another folder
(the benchmark's cold runs start from an empty one without touching the user's cache).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.verify import javatool

FOLDER = "compiled"
FOLDER_VARIABLE = "SDK_PARITY_JAVA_COMPILED"
_STAMP = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Entry:
    """A cached compile: ``jar`` holds the classes, or ``status``/``reason`` say why javac
    rejected the source (``jar`` is then None)."""

    jar: Path | None
    status: str = ""
    reason: str = ""


class CompileCache:
    """The compiled classes of Java examples, keyed by source text, class path and javac."""

    def __init__(self, cache_dir: Path, classpath: str) -> None:
        self.root = Path(os.environ.get(FOLDER_VARIABLE) or cache_dir / FOLDER)
        javac = os.path.realpath(javatool.find_tool("javac"))
        self._salt = f"{javac}\n{javatool.JAVA_RELEASE}\n{classpath}\n"

    def key(self, source: str) -> str:
        return hashlib.sha256((self._salt + source).encode("utf-8")).hexdigest()

    def _path(self, source: str, suffix: str) -> Path:
        key = self.key(source)
        return self.root / key[:2] / f"{key}{suffix}"

    def lookup(self, source: str) -> Entry | None:
        """The cached outcome of compiling ``source``, or None (not compiled yet)."""
        jar = self._path(source, ".jar")
        if jar.is_file():
            return Entry(jar)
        try:
            data = json.loads(self._path(source, ".json").read_text(encoding="utf-8"))
            return Entry(None, str(data["status"]), str(data["reason"]))
        except (OSError, ValueError, KeyError):
            return None

    def store_classes(self, source: str, class_name: str, classes: Path) -> Path:
        """Keep the classes javac wrote to ``classes`` for the source whose public class is
        ``class_name`` (``pkg.Name``: ``pkg/Name.class`` and ``pkg/Name$*.class``)."""
        jar = self._path(source, ".jar")
        package, _, simple = class_name.rpartition(".")
        folder = classes.joinpath(*package.split(".")) if package else classes
        files = sorted(
            p for p in folder.glob(f"{simple}*.class")
            if p.stem == simple or p.stem.startswith(simple + "$")
        )  # fmt: skip
        if not files:
            raise FileNotFoundError(f"javac wrote no class {class_name} under {classes}")
        jar.parent.mkdir(parents=True, exist_ok=True)
        tmp = jar.with_name(f"{jar.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                info = zipfile.ZipInfo(path.relative_to(classes).as_posix(), _STAMP)
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
        os.replace(tmp, jar)
        return jar

    def store_rejected(self, source: str, status: str, reason: str) -> None:
        """Keep javac's verdict on a source it rejected (so the next run does not ask again)."""
        path = self._path(source, ".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"status": status, "reason": reason}), encoding="utf-8")
        os.replace(tmp, path)
