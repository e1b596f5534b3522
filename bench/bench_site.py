"""Benchmark: ``sdk-parity site`` on one service and on a large slice of the catalog.

Scenarios, each run several times into an empty folder, medians printed:

* ``site personalize`` (71 pages, the seed service; target under 15 s);
* ``site SLICE`` - by default the ten services of ``bench_catalog.py`` (personalize s3 dynamodb
  ec2 lambda iam sqs sns kinesis glue, about 1,800 pages) - and, from its seconds per page,
  the whole catalog (20,027 operations in botocore 1.44.8) extrapolated linearly: a stated
  estimate, not a measurement, unless ``--all`` also runs ``site --all`` itself.

The machine is shared, so every phase is reported as wall time and as CPU time of the process
(``cpu``); the extrapolation uses both. Each run is the real command (``python -m generator site ... --out DIR``), which generates the
pages in memory, writes the MkDocs docs folder, builds with MkDocs Material and link-checks the
result; the phases (generate, pages, mkdocs) come from the command's own report line.

Usage: ``.venv/bin/python bench/bench_site.py [--runs 3] [--slice-runs 2] [--slice s3,ec2,...]
[--all]``
"""

from __future__ import annotations

import argparse
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
CATALOG_OPERATIONS = 20_027
_PHASE = re.compile(r"(generate|pages|mkdocs) ([0-9.]+)s \(cpu ([0-9.]+)s\)")
_PAGES = re.compile(r"(\d+) operation pages of (\d+) services")


def run_site(services: list[str]) -> tuple[float, dict[str, float], int]:
    """One ``site`` build into a fresh folder: wall seconds, phase seconds, pages."""
    out = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "generator", "site", *services, "--out", str(out / "site")],
            cwd=REPO, capture_output=True, text=True,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"site {' '.join(services)[:60]} failed:\n{done.stderr[-2000:]}")
    phases: dict[str, float] = {}
    for key, wall_s, cpu_s in _PHASE.findall(done.stderr):
        phases[key], phases[key + " cpu"] = float(wall_s), float(cpu_s)
    phases["total cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found = _PAGES.search(done.stderr)
    return wall, phases, int(found.group(1)) if found else 0


def scenario(label: str, services: list[str], runs: int) -> tuple[tuple[float, float], int]:
    walls: list[float] = []
    phases: dict[str, list[float]] = {}
    pages = 0
    for index in range(runs):
        wall, phase, pages = run_site(services)
        walls.append(wall)
        for key, value in phase.items():
            phases.setdefault(key, []).append(value)
        print(f"  {label} run {index + 1}: {wall:.1f} s", file=sys.stderr)
    median = statistics.median(walls)
    parts = ", ".join(f"{k} {statistics.median(v):.1f} s" for k, v in phases.items())
    print(f"{label}: {pages} pages, median {median:.1f} s of {runs} runs "
          f"(min {min(walls):.1f}, max {max(walls):.1f}); phases: {parts}")
    return (median, statistics.median(phases.get("total cpu", [0.0]))), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slice-runs", type=int, default=2)
    parser.add_argument("--slice", default=",".join(TEN))
    parser.add_argument("--all", action="store_true", help="also run site --all (slow)")
    args = parser.parse_args()
    (one, one_cpu), _ = scenario("site personalize", ["personalize"], args.runs)
    print(f"  target < 15 s: wall {'met' if one < 15 else 'MISSED'}, "
          f"CPU {'met' if one_cpu < 15 else 'MISSED'} (CPU is what an unshared machine waits)")
    services = [s for s in args.slice.split(",") if s]
    wall, pages = scenario(f"site {len(services)} services", services, args.slice_runs)
    if pages:
        wall, cpu = wall
        for label, seconds in (("wall", wall), ("cpu", cpu)):
            estimate = seconds / pages * CATALOG_OPERATIONS
            print(f"  whole catalog, {label} time extrapolated linearly from {pages} pages: "
                  f"{estimate / 60:.1f} min for {CATALOG_OPERATIONS} pages (estimate, not measured)")
    if args.all:
        (whole, _), _ = scenario("site --all", ["--all"], 1)
        print(f"  target < 10 min: {'met' if whole < 600 else 'MISSED'}")


if __name__ == "__main__":
    main()
