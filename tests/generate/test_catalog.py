"""``sdk-parity generate --all/--services``: parallel, incremental whole-catalog generation.

Runs the real command (a subprocess, so ``AWS_DATA_PATH`` reaches botocore's loader) on a few
services and checks: every target is produced; the tree is byte-identical with 1 or 2 workers
and between cold, warm and ``--no-cache`` runs; a warm run loads no model and writes nothing;
after a model change (a copy of the model on ``AWS_DATA_PATH``, as a botocore upgrade would
bring) or a values change only the affected operations are rendered again and the result equals
a cold run on the new inputs; deleted outputs are restored; bad arguments exit 2.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import botocore
import pytest

SERVICES = "sqs,personalize"
SUMMARY = re.compile(
    r"(\d+) services, (\d+) operations, (\d+) files: (\d+) written, (\d+) removed; "
    r"(\d+) services loaded, (\d+) operations rendered"
)


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[dict[str, int], str]:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    found = SUMMARY.search(done.stderr)
    assert found, done.stderr
    keys = ("services", "operations", "files", "written", "removed", "loaded", "rendered")
    return dict(zip(keys, map(int, found.groups()), strict=True)), done.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("cold")
    counts, _ = _run("--services", SERVICES, "--out", str(out), "--workers", "2")
    return out, counts


def test_every_target_of_every_operation_is_written(cold: tuple[Path, dict[str, int]]) -> None:
    out, counts = cold
    assert counts["services"] == 2 and counts["loaded"] == 2
    assert counts["rendered"] == counts["operations"] > 80
    assert counts["written"] == counts["files"]
    tree = _tree(out)
    assert "personalize/CreateMetricAttribution.md" in tree
    assert "personalize/cli/create-metric-attribution.sh" in tree
    assert "personalize/python/create_metric_attribution.py" in tree
    assert "personalize/java/CreateMetricAttributionExample.java" in tree
    assert "python/sdk-parity-sqs/src/sdk_parity_sqs/client.py" in tree
    # the seed's values are used, as in the default tree
    committed = Path(__file__).resolve().parents[2] / "output"
    for path in ("personalize/CreateMetricAttribution.md",
                 "python/sdk-parity-personalize/src/sdk_parity_personalize/client.py"):
        assert tree[path] == (committed / path).read_bytes(), path


def test_warm_run_loads_nothing_and_writes_nothing(cold: tuple[Path, dict[str, int]]) -> None:
    out, counts = cold
    before = _tree(out)
    warm, _ = _run("--services", SERVICES, "--out", str(out))
    assert (warm["loaded"], warm["rendered"], warm["written"], warm["removed"]) == (0, 0, 0, 0)
    assert warm["files"] == counts["files"]
    assert _tree(out) == before


def test_one_worker_and_no_cache_give_the_same_bytes(
    cold: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, counts = cold
    single = tmp_path / "single"
    _run("--services", SERVICES, "--out", str(single), "--workers", "1")
    assert _tree(single) == _tree(out)
    again, _ = _run("--services", SERVICES, "--out", str(single), "--no-cache")
    assert again["rendered"] == counts["operations"] and again["written"] == 0
    assert _tree(single) == _tree(out)


def test_deleted_output_is_restored(cold: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    out, _ = cold
    copy = tmp_path / "copy"
    _run("--services", "sqs", "--out", str(copy))
    (copy / "sqs/cli/send-message.sh").unlink()
    counts, _ = _run("--services", "sqs", "--out", str(copy))
    assert (counts["loaded"], counts["rendered"], counts["written"]) == (1, 1, 1)
    assert (copy / "sqs/cli/send-message.sh").read_bytes() == (out / "sqs/cli/send-message.sh").read_bytes()


def _sqs_model_with(tmp_path: Path, change: str) -> Path:
    """A data path holding sqs's model with one documented change (as an upgrade brings)."""
    source = Path(botocore.__file__).parent / "data" / "sqs"
    (version,) = [p.name for p in source.iterdir() if p.is_dir()]
    data = tmp_path / "data"
    target = data / "sqs" / version
    target.mkdir(parents=True)
    for path in (source / version).iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    model_path = target / "service-2.json.gz"
    model = json.loads(gzip.decompress(model_path.read_bytes()))
    model["operations"]["SendMessage"]["documentation"] = change
    model_path.unlink()
    (target / "service-2.json").write_text(json.dumps(model), encoding="utf-8")
    return data


def test_a_model_change_renders_only_what_it_touches(tmp_path: Path) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    _run("--services", "sqs", "--out", str(out))
    data = _sqs_model_with(tmp_path, "<p>Delivers a message to the specified queue.</p>")
    env = {"AWS_DATA_PATH": str(data)}
    counts, _ = _run("--services", "sqs", "--out", str(out), env=env)
    assert (counts["loaded"], counts["rendered"]) == (1, 1)
    # the docs page, and the docstrings of the typed client's sync and async modules
    assert 0 < counts["written"] <= 3
    page = (out / "sqs/SendMessage.md").read_text(encoding="utf-8")
    assert "Delivers a message to the specified queue." in page
    _run("--services", "sqs", "--out", str(fresh), env=env)
    assert _tree(out) == _tree(fresh)


def test_a_values_change_renders_only_that_operation(tmp_path: Path) -> None:
    values = tmp_path / "values"
    (values / "sqs").mkdir(parents=True)
    out = tmp_path / "out"
    _run("--services", "sqs", "--out", str(out), "--values-dir", str(values))
    (values / "sqs" / "DeleteQueue.json").write_text(
        json.dumps({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/old-jobs"})
    )
    counts, _ = _run("--services", "sqs", "--out", str(out), "--values-dir", str(values))
    assert (counts["loaded"], counts["rendered"]) == (1, 1)
    assert "old-jobs" in (out / "sqs/cli/delete-queue.sh").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--services", "personalise"], "unknown service 'personalise' (did you mean personalize"),
        (["--all", "--services", "sqs"], "give --all or --services, not both"),
        (["sqs", "--all"], "--all and --services take no SERVICE argument"),
        (["--workers", "2"], "--workers and --no-cache apply to --all and --services runs"),
        (["--services", "sqs", "--workers", "-1"], "--workers must be 0 (one per core) or more"),
    ],
)
def test_bad_catalog_arguments_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", *args, "--out", str(tmp_path / "o")],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_worker_decodes_each_model_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lowering, CLI naming and the typed client share one loader: sqs is read once, and
    nothing is left cached for the next service."""
    from botocore.loaders import JSONFileLoader

    from generator.caches import release_service_caches
    from generator.generate import catalog

    read: list[str] = []
    original = JSONFileLoader.load_file

    def counting(self: JSONFileLoader, file_path: str) -> object:
        read.append(file_path)
        return original(self, file_path)

    monkeypatch.setattr(JSONFileLoader, "load_file", counting)
    release_service_caches()
    catalog.build_service("sqs", tmp_path, None, "key", "generator", "minimal", None)
    models = [Path(p).name for p in read if "/sqs/" in p and not p.endswith("-extras")]
    # sqs has no waiters; examples-1 holds the AWS-authored examples the values may come from;
    # resources-1 is boto3's resource model, a source of the scenarios
    assert sorted(models) == ["examples-1", "paginators-1", "resources-1", "service-2"], read
    from generator.model import lower

    assert lower.load_service.cache_info().currsize == 0
