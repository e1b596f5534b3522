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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A cache file written by a first ``list`` (which read every model), and that listing."""
    path = tmp_path_factory.mktemp("list") / "index.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(commands.service_index, "__defaults__", (path,))
        listing = _list()
    assert path.is_file()
    return path, listing


@pytest.fixture
def cache(built: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built cache that ``list`` uses for this test."""
    path = tmp_path / "cache" / "index.json"
    path.parent.mkdir()
    shutil.copyfile(built[0], path)
    monkeypatch.setattr(commands.service_index, "__defaults__", (path,))
    return path


def _fresh_loader() -> None:
    release_service_caches()
    load.service_names.cache_clear()


def test_second_list_reads_no_model_and_prints_the_same(
    built: tuple[Path, str], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = built[1]
    session = get_session()
    rows = {line.split(None, 2)[0]: line.split(None, 2)[1:] for line in first.splitlines()}
    assert list(rows) == sorted(session.get_available_services())
    model = session.get_service_model("personalize")
    assert rows["personalize"] == [str(len(model.operation_names)), "Amazon Personalize"]
    monkeypatch.setattr(index, "build_index", lambda: pytest.fail("a model was read"))
    assert _list() == first  # from the cache, byte for byte
    assert _list("personalize") == "\n".join(sorted(model.operation_names)) + "\n"


def test_a_model_added_or_changed_on_the_search_path_is_listed_at_once(
    built: tuple[Path, str], cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = built[1]
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


def test_a_corrupt_or_unwritable_cache_is_passed_over(built: tuple[Path, str], cache: Path) -> None:
    expected = built[1]
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
