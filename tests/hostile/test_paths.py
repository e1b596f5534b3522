"""Nothing is deleted or written outside ``--out``: a crafted cache manifest is discarded with a
warning, and every path the writer touches is checked to lie inside the output folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hostile_support import invoke

from generator.errors import SdkParityError
from generator.generate.fs import digest
from generator.generate.manifest import FORMAT, MANIFEST
from generator.generate.write import inside, remove_files, write_changed
from generator.targets import Artifact


def _entry(files: list[Any]) -> dict[str, Any]:
    hashed = {f: "0" * 32 for f in files} if all(isinstance(f, str) for f in files) else files
    return {"key": "k", "ops": {"X": {"key": "k", "files": hashed, "skipped": {}}}}


def _manifests(victim: Path) -> dict[str, Any]:
    return {
        "relative escape": {"eks-auth": _entry(["../victim.txt"])},
        "absolute path": {"eks-auth": _entry([str(victim)])},
        "services of the wrong type": 5,
        "files of the wrong type": {"eks-auth": _entry([5])},
        "a file of another folder": {"eks-auth": _entry(["notes/keep.txt"])},
        "a hidden file": {"eks-auth": _entry([".git/HEAD"])},
        "ops of the wrong type": {"eks-auth": {"key": "k", "ops": [1]}},
        "dot segments": {"eks-auth": _entry(["a/./../../victim.txt"])},
        "gone service with an escape": {"no-such-service": _entry(["../victim.txt"])},
    }


@pytest.mark.parametrize("case", sorted(_manifests(Path("/x"))))
@pytest.mark.parametrize("flags", [[], ["--no-cache"]])
def test_crafted_manifest_is_discarded_never_followed(case: str, flags: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    manifest = {"format": FORMAT, "generator": "g", "services": _manifests(victim)[case]}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = invoke("generate", "--services", "eks-auth", "--out", str(out), *flags)
    assert result.returncode == 0, result.stderr
    assert "cache manifest ignored" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious"
    assert "Traceback" not in result.stderr
    # the rewritten manifest is clean: the next run has nothing to warn about
    again = invoke("generate", "--services", "eks-auth", "--out", str(out))
    assert again.returncode == 0 and "warning" not in again.stderr


@pytest.mark.parametrize("text", ["{", "[]", '{"format": 1, "services": {"a": 1}}', "\x00\xff"])
def test_unreadable_manifest_is_ignored_with_a_warning(text: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text(text, encoding="utf-8")
    result = invoke("generate", "--services", "eks-auth", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "a/../../x", "", "a//b", "./a", "a/\x00", "a\\..\\x"])
def test_writer_refuses_paths_outside_the_root(path: str, tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(SdkParityError):
        inside(root, path)
    with pytest.raises(SdkParityError):
        remove_files({path: "0" * 32}, root)
    with pytest.raises(SdkParityError):
        write_changed([Artifact(path, "x")], root)


def test_writer_refuses_a_symlink_leading_out(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "victim.txt").write_text("precious")
    (root / "link").symlink_to(outside)
    # even with the victim's own content hash, nothing is deleted through the link
    assert remove_files({"link/victim.txt": digest(b"precious")}, root)[0] == 0
    with pytest.raises(SdkParityError, match="symbolic link"):
        write_changed([Artifact("link/victim.txt", "overwritten")], root)
    assert (outside / "victim.txt").read_text() == "precious"
