"""``sdk-parity list`` answers from the service index cache (issue 22, item 5).

The cache (``.cache/list/index.json``) is keyed by botocore's version and every ``service-2``
file on botocore's search path (path, size, mtime): a second ``list`` reads no model, and a
model added to ``AWS_DATA_PATH`` or changed in place is listed at once, as after a botocore
upgrade.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from contextlib import redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import pytest
from botocore.session import get_session

from generator import commands
from generator.caches import release_service_caches
from generator.model import index, load


def _list(service: str | None = None) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert commands.cmd_list(SimpleNamespace(service=service)) == 0
    return out.getvalue()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache" / "index.json"
    monkeypatch.setattr(commands, "LIST_CACHE", path)
    monkeypatch.setattr(commands.service_index, "__defaults__", (path,))
    return path


def _fresh_loader() -> None:
    release_service_caches()
    load.service_names.cache_clear()


def test_second_list_reads_no_model_and_prints_the_same(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _list()
    assert cache.is_file()
    built = index.build_index()
    rows = [f"{e.name}  {len(e.operations)}  {e.full_name}".split() for e in built]
    assert [line.split() for line in first.splitlines()] == rows  # the uncached listing
    monkeypatch.setattr(index, "build_index", lambda: pytest.fail("a model was read"))
    assert _list() == first
    assert _list("personalize") == "\n".join(
        sorted(get_session().get_service_model("personalize").operation_names)
    ) + "\n"


def test_a_model_added_or_changed_on_the_search_path_is_listed_at_once(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _list()
    extra = tmp_path / "models"
    monkeypatch.setenv("AWS_DATA_PATH", str(extra))
    source = Path(load.loader().search_paths[-1]) / "personalize"
    _fresh_loader()
    version = sorted(p.name for p in source.iterdir() if p.is_dir())[-1]
    target = extra / "sdk-parity-test" / version
    target.mkdir(parents=True)
    raw = (source / version / "service-2.json.gz").read_bytes()
    model = json.loads(gzip.decompress(raw))
    model["metadata"]["serviceFullName"] = "Cached Listing Test"
    (target / "service-2.json").write_text(json.dumps(model), encoding="utf-8")
    try:
        added = _list()
        assert added != before and "Cached Listing Test" in added
        model["metadata"]["serviceFullName"] = "Changed In Place"
        del model["operations"]["ListCampaigns"]
        (target / "service-2.json").write_text(json.dumps(model), encoding="utf-8")
        os.utime(target / "service-2.json", ns=(1, 1))  # a new mtime, as any rewrite gives
        _fresh_loader()
        changed = _list()
        row = next(line for line in changed.splitlines() if line.startswith("sdk-parity-test "))
        count = len(get_session().get_service_model("personalize").operation_names) - 1
        assert row.split(None, 2)[1:] == [str(count), "Changed In Place"]
    finally:
        shutil.rmtree(extra)
        monkeypatch.delenv("AWS_DATA_PATH")
        _fresh_loader()


def test_a_corrupt_or_unwritable_cache_is_passed_over(cache: Path) -> None:
    expected = _list()
    cache.write_text("{not json", encoding="utf-8")
    assert _list() == expected
    assert json.loads(cache.read_text(encoding="utf-8"))["key"] == index.index_key()  # rewritten
    cache.unlink()
    cache.parent.chmod(0o500)
    try:
        if os.access(cache.parent, os.W_OK):  # root writes anyway: nothing to prove here
            return
        assert _list() == expected
    finally:
        cache.parent.chmod(0o700)
