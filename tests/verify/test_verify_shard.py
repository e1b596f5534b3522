"""``verify --shard K/N --report FILE`` and ``verify merge``: one catalog run over a CI matrix
(issue 24, item 4).

Three shards of ``verify --services <10 services>`` merged give the very report one unsharded
run writes, byte for byte, and the same exit code; the partition is deterministic and balanced;
bad input exits 2 with one line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.errors import SdkParityError
from generator.verify import shard

REPO = Path(__file__).resolve().parents[2]
SERVICES = (
    "ebs,iot-data,kinesis-video-media,marketplace-entitlement,mediastore-data,pi,"
    "route53-recovery-cluster,sagemaker-edge,sso,sso-oidc"
)


def _sdk(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True,
        text=True, timeout=1800, check=False,
    )  # fmt: skip


def test_partition_is_deterministic_complete_and_balanced() -> None:
    names = [f"svc{i:02d}" for i in range(40)]
    weights = {name: float((i * 37) % 23 + 1) for i, name in enumerate(names)}
    parts = shard.partition(names, 3, weights)
    assert parts == shard.partition(list(reversed(names)), 3, weights)  # not the order given
    assert sorted(s for part in parts for s in part) == sorted(names)  # each service once
    loads = [sum(weights[s] for s in part) for part in parts]
    assert max(loads) <= sum(loads) / 3 + max(weights.values())  # the greedy rule's bound
    assert shard.partition(["a", "b"], 4, {"a": 1.0, "b": 2.0}) == [["b"], ["a"], [], []]


def test_weight_grows_with_operations_and_languages() -> None:
    assert shard.weight(100, ["cli"]) > shard.weight(10, ["cli"])
    assert shard.weight(10, ["cli", "cli-v2", "python"]) > shard.weight(10, ["python"])
    assert shard.weight(10, ["go"]) > shard.weight(10, ["python"])


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "x", "2", "1/3/4", "-1/3", ""])
def test_bad_shard_is_refused(text: str) -> None:
    with pytest.raises(SdkParityError):
        shard.parse_shard(text)


def test_three_shards_merged_are_the_unsharded_run(tmp_path: Path) -> None:
    whole = tmp_path / "whole.json"
    one = _sdk("verify", "--services", SERVICES, "--lang", "cli,python", "--no-cache",
               "--cache", tmp_path / "c0.json", "--report", whole)  # fmt: skip
    assert one.returncode == 0, one.stderr
    reports = []
    for k in (1, 2, 3):
        report = tmp_path / f"r{k}.json"
        run = _sdk("verify", "--services", SERVICES, "--lang", "cli,python", "--no-cache",
                   "--cache", tmp_path / f"c{k}.json", "--shard", f"{k}/3", "--report", report)  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert f"shard {k}/3: " in run.stderr
        reports.append(report)
    ran = [json.loads(r.read_text(encoding="utf-8"))["shard"]["services"] for r in reports]
    assert sorted(s for part in ran for s in part) == SERVICES.split(",") and all(ran)
    merged = tmp_path / "merged.json"
    result = _sdk("verify", "merge", *reports, "--report", merged)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("3 shard reports merged: 10 services, ")
    assert merged.read_bytes() == whole.read_bytes()  # the same verdicts, summary and reasons
    # one mismatch in one shard makes the merged run fail, and names it
    data = json.loads(reports[1].read_text(encoding="utf-8"))
    data["mismatches"].append({"service": "pi", "operation": "X", "lang": "python", "error": "boom",
                               "reproduce": "sdk-parity verify pi X --lang python"})  # fmt: skip
    reports[1].write_text(json.dumps(data), encoding="utf-8")
    failed = _sdk("verify", "merge", *reports)
    assert failed.returncode == 1 and "pi X [python]" in failed.stdout


def _shard_report(path: Path, k: int, n: int, run: str = "r") -> Path:
    report = {key: [] for key in shard.REPORT_KEYS} | {"summary": {}, "langs": ["python"]}
    report["shard"] = {"index": k, "count": n, "services": [f"s{k}"], "run": run}
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _shard_report(tmp_path / "a.json", 1, 2), _shard_report(tmp_path / "b.json", 2, 2)
    assert cli.main(["verify", "merge", str(first), str(second)]) == 0
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({key: [] for key in shard.REPORT_KEYS}), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    other = _shard_report(tmp_path / "other.json", 2, 3)
    cases = {
        ("verify", "--services", "pi", "--shard", "4/3"): "K must be between 1 and N",
        ("verify", "--services", "pi", "--shard", "0/3"): "K must be between 1 and N",
        ("verify", "--services", "pi", "--shard", "half"): "--shard takes K/N",
        ("verify", "pi", "--shard", "1/2"): "--shard applies to --all and --services",
        ("verify", "merge"): "needs the shard reports",
        ("verify", "merge", first, tmp_path / "missing.json"): "cannot read the report",
        ("verify", "merge", first, tmp_path / "bad.json"): "invalid JSON",
        ("verify", "merge", first, plain): "not a shard report",
        ("verify", "merge", first, other): "of another run",
        ("verify", "merge", first, first): "given twice",
        ("verify", "merge", first): "shard 2/2 missing",
        ("verify", "merge", first, second, "--services", "pi"): "takes only the shard reports",
    }
    for args, message in cases.items():  # in this process: a subprocess each costs seconds
        try:
            code = cli.main([str(arg) for arg in args])
        except SystemExit as exc:  # argparse's own usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        assert code == 2, (args, out, err)
        assert message in err and len(err.splitlines()) == 1, (args, err)
