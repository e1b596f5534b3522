"""Benchmark: sdk-parity generation side by side with mypy-boto3-builder, and the whole catalog.

Scenarios, each run several times, the two tools alternating, medians printed with the ratio:

* one service (personalize) and ten services (personalize s3 dynamodb ec2 lambda iam sqs sns
  kinesis glue): ``sdk-parity generate --services ... --no-cache`` into an empty folder (CLI,
  Python and Java examples, docs pages and the typed client package of every operation)
  against ``mypy_boto3_builder OUT -s ... --product boto3-services --no-smart-version`` (only
  its per-service stub packages, the least work it can be asked for);
* this project alone on the whole catalog (``generate --all``): cold into an empty folder,
  warm (the same command again, nothing changed), and one cold run with a single worker; the
  trees of all runs must be byte-identical (their digests are compared).

Wall time and the peak resident memory of the largest single process (from ``wait4``) are
measured per run. mypy-boto3-builder goes into its own virtualenv under ``.cache/bench/``,
with the botocore and boto3 versions this project pins: 8.12.0, the release the speed issue
names, which needs Python 3.12 (taken from pyenv, ``$(pyenv root)/versions/3.12.*``, or
``BENCH_PYTHON312``); with ``--reference 7.26.1`` it runs under this interpreter instead.

Usage: ``.venv/bin/python bench/bench_catalog.py [--runs 3] [--catalog-runs 2] [--skip-reference]
[--skip-catalog] [--reference VERSION]``
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "bench"
REFERENCE = "8.12.0"  # mypy-boto3-builder
TEN = "personalize s3 dynamodb ec2 lambda iam sqs sns kinesis glue".split()
OURS = [sys.executable, "-m", "generator", "generate"]


def _pinned(name: str) -> str:
    for line in (REPO / ".ci/constraints.txt").read_text().splitlines():
        if line.lower().startswith(name + "=="):
            return line.strip()
    raise SystemExit(f"{name} is not pinned in .ci/constraints.txt")


def _python312() -> str:
    """A Python 3.12 for mypy-boto3-builder 8.x: ``BENCH_PYTHON312``, else pyenv's newest 3.12."""
    if os.environ.get("BENCH_PYTHON312"):
        return os.environ["BENCH_PYTHON312"]
    try:
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        root = str(Path.home() / ".pyenv")
    found = sorted(Path(root, "versions").glob("3.12.*/bin/python"))
    if not found:
        raise SystemExit("mypy-boto3-builder 8.x needs Python 3.12: set BENCH_PYTHON312 or install it with pyenv")
    return str(found[-1])


def reference_python(version: str = REFERENCE) -> Path:
    venv = CACHE / f"mypy-boto3-builder-{version}"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    want = " ".join([f"mypy-boto3-builder=={version}", _pinned("botocore"), _pinned("boto3")])
    if not stamp.is_file() or stamp.read_text() != want:
        shutil.rmtree(venv, ignore_errors=True)
        base = _python312() if int(version.split(".")[0]) >= 8 else sys.executable
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *want.split()], check=True)
        stamp.write_text(want)
    return python


def measure(command: list[str], cwd: Path = REPO) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the largest process of the run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "CI": "true"},
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _fresh(work: Path, name: str) -> Path:
    target = work / name
    shutil.rmtree(target, ignore_errors=True)
    return target


def side_by_side(label: str, services: list[str], runs: int, reference: Path | None,
                 work: Path) -> None:
    ours_t, ours_m, ref_t, ref_m = [], [], [], []
    for _ in range(runs):
        out = _fresh(work, "ours")
        seconds, mib = measure([*OURS, "--services", ",".join(services), "--out", str(out),
                                "--no-cache"])
        ours_t.append(seconds)
        ours_m.append(mib)
        if reference is not None:
            ref_out = _fresh(work, "reference")
            seconds, mib = measure([str(reference), "-m", "mypy_boto3_builder", str(ref_out),
                                    "--product", "boto3-services", "--no-smart-version",
                                    "-s", *services])
            ref_t.append(seconds)
            ref_m.append(mib)
    line = (f"{label:24} sdk-parity {statistics.median(ours_t):7.2f} s "
            f"{max(ours_m):6.0f} MiB")
    if ref_t:
        ratio = statistics.median(ref_t) / statistics.median(ours_t)
        line += (f" | mypy-boto3-builder {statistics.median(ref_t):7.2f} s "
                 f"{max(ref_m):6.0f} MiB | {ratio:5.1f}x faster")
    print(line, flush=True)
    print(f"{'':24} runs: ours {[round(t, 2) for t in ours_t]} "
          f"reference {[round(t, 2) for t in ref_t]}", flush=True)


def catalog(runs: int, work: Path) -> None:
    cold_t, warm_t, peaks, digests = [], [], [], set()
    for index in range(runs):
        out = _fresh(work, f"catalog{index}")
        seconds, mib = measure([*OURS, "--all", "--out", str(out), "--no-cache"])
        cold_t.append(seconds)
        peaks.append(mib)
        digests.add(tree_digest(out))
        seconds, mib = measure([*OURS, "--all", "--out", str(out)])
        warm_t.append(seconds)
        peaks.append(mib)
        digests.add(tree_digest(out))
        if index:
            shutil.rmtree(out)
    single = _fresh(work, "catalog-1-worker")
    single_t, mib = measure([*OURS, "--all", "--out", str(single), "--workers", "1"])
    peaks.append(mib)
    digests.add(tree_digest(single))
    files = sum(1 for p in (work / "catalog0").rglob("*") if p.is_file())
    print(f"whole catalog ({files} files, {os.cpu_count()} cores)", flush=True)
    print(f"  cold, all workers : median {statistics.median(cold_t):6.1f} s  runs "
          f"{[round(t, 1) for t in cold_t]} (target < 60 s)")
    print(f"  warm, no change   : median {statistics.median(warm_t):6.2f} s  runs "
          f"{[round(t, 2) for t in warm_t]} (target < 5 s)")
    print(f"  cold, one worker  : {single_t:6.1f} s")
    print(f"  peak RSS of any one process: {max(peaks):.0f} MiB (target < 1024 MiB)")
    verdict = "byte-identical" if len(digests) == 1 else f"DIFFERENT: {sorted(digests)}"
    print(f"  trees of cold, warm and one-worker runs: {verdict}", flush=True)
    if len(digests) != 1:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--catalog-runs", type=int, default=2)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--skip-catalog", action="store_true")
    parser.add_argument("--reference", default=REFERENCE, help="the mypy-boto3-builder version (default %(default)s)")
    args = parser.parse_args()
    reference = None if args.skip_reference else reference_python(args.reference)
    with tempfile.TemporaryDirectory(prefix="sdk-parity-bench-") as tmp:
        work = Path(tmp)
        side_by_side("personalize", ["personalize"], args.runs, reference, work)
        side_by_side("ten services", TEN, args.runs, reference, work)
        if not args.skip_catalog:
            catalog(args.catalog_runs, work)


if __name__ == "__main__":
    main()
