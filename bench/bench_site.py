"""Benchmark: ``sdk-parity site`` on one service, on a slice of the catalog and on all of it.

Scenarios, each run several times into an empty folder, medians printed:

* ``site personalize`` (71 pages, the seed service);
* ``site SLICE`` - by default the ten services of ``bench_catalog.py`` (personalize s3 dynamodb
  ec2 lambda iam sqs sns kinesis glue, 1,785 pages) - this build and, side by side, the peer: the
  single-process MkDocs build this one replaced, run from a checkout of an older commit
  (``--peer DIR``, e.g. ``/work/main`` before the change; its code, this virtualenv);
* ``site --all`` (``--all-runs N``; 20,027 operation pages in botocore 1.44.8), 0 to skip.

Each run is the real command (``python -m generator site ... --out DIR``): it generates the pages
in memory, builds them with MkDocs Material in batches spread over the processes and checks every
link. Wall time is measured here; CPU time is the processes' user+system time (``wait4`` of the
command and its pool), the figure an idle machine's cores must supply - the machine this runs on
is shared, so wall times are as loaded as the machine was (the load average is printed).

Usage: ``.venv/bin/python bench/bench_site.py [--runs 3] [--slice-runs 2] [--all-runs 1]
[--slice s3,ec2,...] [--workers N] [--peer DIR]``
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEN = "personalize s3 dynamodb ec2 lambda iam sqs sns kinesis glue".split()
_PAGES = re.compile(r"(\d+) operation pages of (\d+) services")


def run_site(args: list[str], cwd: Path, workers: int) -> tuple[float, float, int, float]:
    """One ``site`` build into a fresh folder: wall seconds, CPU seconds, pages, load average."""
    out = Path(tempfile.mkdtemp(prefix="bench-site-"))
    extra = ["--workers", str(workers)] if workers and cwd == REPO else []
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "generator", "site", *args, *extra, "--out", str(out / "site")],
            cwd=cwd, capture_output=True, text=True,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = (load + os.getloadavg()[0]) / 2
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"site {' '.join(args)[:60]} failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found = _PAGES.search(done.stderr)
    return wall, cpu, int(found.group(1)) if found else 0, load


def scenario(label: str, args: list[str], runs: int, cwd: Path = REPO, workers: int = 0) -> tuple[float, float, int]:
    walls: list[float] = []
    cpus: list[float] = []
    pages = 0
    for index in range(runs):
        wall, cpu, pages, load = run_site(args, cwd, workers)
        walls.append(wall)
        cpus.append(cpu)
        print(f"  {label} run {index + 1}: wall {wall:.1f} s, cpu {cpu:.1f} s, load average {load:.1f}",
              file=sys.stderr)  # fmt: skip
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    per_page = f", {1000 * cpu / pages:.1f} ms cpu per page" if pages else ""
    print(f"{label}: {pages} pages, median of {runs}: wall {wall:.1f} s (min {min(walls):.1f}, "
          f"max {max(walls):.1f}), cpu {cpu:.1f} s{per_page}; on 2 idle cores at least "
          f"{cpu / 2:.0f} s wall")  # fmt: skip
    return wall, cpu, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slice-runs", type=int, default=2)
    parser.add_argument("--all-runs", type=int, default=1)
    parser.add_argument("--slice", default=",".join(TEN))
    parser.add_argument("--workers", type=int, default=0, help="build processes (0: one per core)")
    parser.add_argument("--peer", type=Path, help="a checkout of the single-process build, run side by side")
    args = parser.parse_args()
    scenario("site personalize", ["personalize"], args.runs, workers=args.workers)
    services = [s for s in args.slice.split(",") if s]
    _, cpu, pages = scenario(f"site {len(services)} services", services, args.slice_runs, workers=args.workers)
    if args.peer is not None:
        _, peer_cpu, _ = scenario(f"peer {args.peer}: site {len(services)} services", services,
                                  args.slice_runs, cwd=args.peer)  # fmt: skip
        print(f"  cpu: this build {cpu:.1f} s, the peer {peer_cpu:.1f} s ({peer_cpu / cpu:.1f}x)")
    if args.all_runs:
        wall, _, _ = scenario("site --all", ["--all"], args.all_runs, workers=args.workers)
        print(f"  target < 5 min wall: {'met' if wall < 300 else 'MISSED'} (wall as loaded as the machine was)")


if __name__ == "__main__":
    main()
