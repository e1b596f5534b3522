"""Benchmark: wall time and peak memory of generating the committed default tree.

Runs ``sdk-parity generate --out <tmp>`` (one model load, no per-example subprocess) several
times in fresh processes and prints the median, min and max wall time and the peak resident
memory of the generating process. Usage: ``.venv/bin/python bench/bench_generate.py [--runs 7]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def one_run(out: Path) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--out", str(out)],
        cwd=REPO, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak_kib, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    times: list[float] = []
    peak = 0
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(args.runs):
            elapsed, rss = one_run(Path(tmp) / f"run{index}")
            times.append(elapsed)
            peak = max(peak, rss)
        files = sum(1 for p in (Path(tmp) / "run0").rglob("*") if p.is_file())
    print(f"default tree: {files} files, {args.runs} runs")
    print(f"wall: median {statistics.median(times):.3f} s  min {min(times):.3f} s  "
          f"max {max(times):.3f} s  (target < 2 s)")
    print(f"peak RSS of a generating process: {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
