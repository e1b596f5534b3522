"""``sdk-parity verify --all / --services``: the process-pool run, its cache and its report."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support import require_tool

from generator import cli
from generator.generate.pipeline import DEFAULT_VALUES
from generator.verify import catalog
from generator.verify.examples import MISMATCH, PARITY, Example, report_date

SERVICE = "sso-oidc"  # rest-json, four operations


def _args(*extra: str) -> Any:
    return cli.build_parser().parse_args(["verify", "--services", SERVICE, *extra])


def test_services_run_then_a_warm_run_reuses_every_verdict(tmp_path: Path) -> None:
    require_tool("sh")
    cache = tmp_path / "cache.json"
    cold = catalog.verify_catalog([SERVICE], ("cli", "python"), None, workers=1, cache_file=cache)
    assert not cold.failed, cold.text()
    assert (cold.loaded, cold.ran, cold.reused) == (1, 8, 0)
    assert cold.summary() == {
        lang: {"rest-json": {
            PARITY: 4, MISMATCH: 0, "not expressible": 0, "sdk module not available": 0, "known gap": 0,
        }}
        for lang in ("cli", "python")
    }
    report = cold.report()
    assert set(report["sdks"]) == {SERVICE} and set(report["sdks"][SERVICE]) == {"cli", "python"}
    assert report["date"] == report_date()
    assert all(len(row["example"]) == 16 for row in report["results"])  # the digest of each example
    warm = catalog.verify_catalog([SERVICE], ("cli", "python"), None, workers=1, cache_file=cache)
    assert (warm.loaded, warm.ran, warm.reused) == (0, 0, 8)
    assert warm.report() == cold.report()
    # another language loads the service and runs only that language's examples
    more = catalog.verify_catalog([SERVICE], ("python", "client"), None, workers=1, cache_file=cache)
    assert (more.loaded, more.ran, more.reused) == (1, 4, 4), more.text()
    forced = catalog.verify_catalog(
        [SERVICE], ("python",), None, workers=1, cache_file=cache, use_cache=False
    )
    assert (forced.loaded, forced.ran, forced.reused) == (1, 4, 0)


def test_a_changed_example_is_run_again_and_its_mismatch_is_actionable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache, report = tmp_path / "cache.json", tmp_path / "report.json"
    assert cli.COMMANDS["verify"](_args("--lang", "python", "--cache", str(cache), "--workers", "1")) == 0
    real_collect = catalog.collect
    seen: list[str] = []

    def corrupted(*args: Any) -> tuple[list[Example], list[Any]]:
        examples, verdicts = real_collect(*args)
        seen.extend(m.group(1) for ex in examples if ex.operation == "CreateToken"
                    for m in [re.search(r'clientId="([^"]+)"', ex.text)] if m)  # fmt: skip
        out = [
            replace(ex, text=re.sub(r'clientId="([^"]+)"', r'clientId="\1X"', ex.text))
            if ex.operation == "CreateToken" else ex
            for ex in examples
        ]  # fmt: skip
        return out, verdicts

    monkeypatch.setattr(catalog, "collect", corrupted)
    # as after a change to one of the service's model files: the service is loaded again, and
    # only the examples whose text or model slice changed run again
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["services"][SERVICE]["key"] = "stale"
    cache.write_text(json.dumps(data), encoding="utf-8")
    code = cli.COMMANDS["verify"](
        _args("--lang", "python", "--cache", str(cache), "--workers", "1", "--report", str(report))
    )
    assert code == 1
    [client_id] = seen  # the example's own value, whatever the values stage chose
    out = capsys.readouterr().out
    assert "4 examples: 1 run, 3 from the cache" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    [entry] = data["mismatches"]
    reproduce = entry.pop("reproduce")
    assert entry == {
        "service": SERVICE, "operation": "CreateToken", "lang": "python",
        "differences": [{"path": "clientId", "sent": f"'{client_id}X'", "expected": f"'{client_id}'"}],
    }  # fmt: skip
    assert reproduce.startswith(f"sdk-parity verify {SERVICE} CreateToken --lang python --values-dir ")
    assert Path(reproduce.rsplit(" ", 1)[1]).resolve() == DEFAULT_VALUES.resolve()
    assert data["summary"]["python"]["rest-json"][MISMATCH] == 1
    assert f"clientId: sent '{client_id}X', expected '{client_id}'" in out
    assert f"reproduce: sdk-parity verify {SERVICE} CreateToken --lang python" in out


def test_usage_errors_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["verify", "--all", "--services", SERVICE],
        ["verify", SERVICE, "--services", SERVICE],
        ["verify", SERVICE, "--no-cache"],
        ["verify", "--services", "no-such-service"],
    ):
        assert cli.main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("sdk-parity: error:") and err.count("\n") == 1, err


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def test_a_killed_verify_all_leaves_no_pool_running(tmp_path: Path) -> None:
    # the pool processes die with the command (PR_SET_PDEATHSIG), so a killed run stops verifying
    import os
    import signal
    import subprocess
    import sys
    import time

    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "verify", "--services", "sso-oidc,sts,sqs,kms", "--lang", "python",
         "--workers", "2", "--no-cache", "--cache", str(tmp_path / "cache.json")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    pool: set[int] = set()
    while len(pool) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        pool = _children(proc.pid)
    assert len(pool) >= 2, "the pool did not start"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pool):
        time.sleep(0.1)
    alive = [pid for pid in pool if Path(f"/proc/{pid}/stat").exists()
             and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]  # fmt: skip
    assert not alive, f"pool processes outlived the command: {alive}"


def test_a_stopped_run_resumes_with_the_services_it_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is written while services finish (every CHECKPOINT_SECONDS, 0 here), so a run
    stopped after its first service leaves it recorded and the next run loads only the other."""
    cache = tmp_path / "cache.json"
    names = [SERVICE, "sso"]
    real_run = catalog._run

    def stopped(jobs: list[tuple[Any, ...]], workers: int) -> Any:
        for number, result in enumerate(real_run(jobs, workers)):
            if number == 1:
                raise KeyboardInterrupt  # the run is stopped while the second service runs
            yield result

    monkeypatch.setattr(catalog, "CHECKPOINT_SECONDS", 0.0)
    monkeypatch.setattr(catalog, "_run", stopped)
    with pytest.raises(KeyboardInterrupt):
        catalog.verify_catalog(names, ("python",), None, workers=1, cache_file=cache)
    finished = set(json.loads(cache.read_text(encoding="utf-8"))["services"])
    assert len(finished) == 1 and finished < set(names)
    monkeypatch.setattr(catalog, "_run", real_run)
    resumed = catalog.verify_catalog(names, ("python",), None, workers=1, cache_file=cache)
    assert resumed.loaded == 1 and not resumed.failed, resumed.text()
