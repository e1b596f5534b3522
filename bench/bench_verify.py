"""Benchmark: ``sdk-parity verify`` - one service in every language, and the catalog cold and warm.

Scenarios, each run several times, medians printed with every run's figure:

* ``verify personalize --lang cli,python,java,client`` and ``verify personalize`` (the default
  languages: all six, with JavaScript and Go) - 71 operations each; wall time, and the CPU time of the command and every process it waited for (workers, ``sh``,
  ``javac``, the JVM), target < 10 s wall;
* ``verify --services S --lang cli,python,client --no-cache`` cold over a slice of the catalog
  (``--slice N``: every N-th botocore service; 1 is the whole catalog) into a fresh cache,
  then the same command warm (nothing changed, target < 1 min for the whole catalog); the cold
  figure is extrapolated to the whole catalog by operations (printed as such when the slice is
  not the whole catalog);
* ``--java``: the same slice with ``--lang java`` (every service whose SDK module resolves here);
* ``--java-personalize``: ``verify personalize --lang java`` cold (an empty compile cache of
  its own per run; Maven's resolution stays cached) and warm (every example's classes cached:
  no javac), several runs each.

CPU time is reported beside wall time because this machine is shared: on a loaded machine the
wall time says more about the neighbours than about sdk-parity, and CPU seconds / 2 is what the
wall time would be on the 2 idle cores the target is stated for.

Usage: ``.venv/bin/python bench/bench_verify.py [--runs 3] [--slice 11] [--catalog-runs 1]
[--java] [--java-personalize] [--skip-personalize] [--skip-catalog] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VERIFY = [sys.executable, "-m", "generator", "verify"]


def timed(command: list[str]) -> tuple[float, float, int, str]:
    """(wall s, CPU s of the command and its waited-for children, exit code, stdout)."""
    before = os.times()
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, cpu, proc.returncode, proc.stdout


def _median_line(name: str, runs: list[tuple[float, float]], target: str) -> str:
    walls = [w for w, _ in runs]
    cpus = [c for _, c in runs]
    return (
        f"  {name:<34} wall median {statistics.median(walls):7.1f} s  runs {[round(w, 1) for w in walls]}"
        f"  cpu median {statistics.median(cpus):7.1f} s ({target})"
    )


def operations_of(names: list[str]) -> int:
    from generator.model.load import load_raw  # deferred: only the extrapolation needs models

    return sum(len(load_raw(name).service.get("operations", {})) for name in names)


def java_personalize(runs: int) -> None:
    """Cold: each run with an empty compile cache of its own (``SDK_PARITY_JAVA_COMPILED``;
    the user's ``.cache/java/compiled`` is left alone); warm: runs on one filled cache."""
    command = [*VERIFY, "personalize", "--lang", "java"]
    timed(command)  # Maven's resolution and the class-data archive in place first
    cold, warm = [], []
    with tempfile.TemporaryDirectory(prefix="sdk-parity-bench-java-") as tmp:
        for run in range(runs):
            os.environ["SDK_PARITY_JAVA_COMPILED"] = str(Path(tmp) / f"cold-{run}")
            cold.append(timed(command)[:2])
        for _ in range(runs):  # the last cold run's cache, now full
            warm.append(timed(command)[:2])
        del os.environ["SDK_PARITY_JAVA_COMPILED"]
    print("verify personalize --lang java:")
    print(_median_line("cold (no compiled classes)", cold, "javac of 71 examples"))
    print(_median_line("warm (classes cached)", warm, "no javac"), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--catalog-runs", type=int, default=1)
    parser.add_argument("--slice", type=int, default=11, help="every N-th service (1: all)")
    parser.add_argument("--java", action="store_true", help="also Java over the slice")
    parser.add_argument("--java-personalize", action="store_true",
                        help="verify personalize --lang java, compile cache cold and warm")  # fmt: skip
    parser.add_argument("--skip-personalize", action="store_true")
    parser.add_argument("--skip-catalog", action="store_true")
    parser.add_argument("--keep", type=Path, help="copy each catalog report (JSON) into this folder")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}", flush=True)

    if not args.skip_personalize:
        four = [timed([*VERIFY, "personalize", "--lang", "cli,python,java,client"])[:2]
                for _ in range(args.runs)]  # fmt: skip
        print("verify personalize --lang cli,python,java,client:")
        print(_median_line("wall / cpu", four, "target < 10 s wall"), flush=True)
        runs = [timed([*VERIFY, "personalize"])[:2] for _ in range(args.runs)]
        print("verify personalize (the default languages: all six):")
        print(_median_line("wall / cpu", runs, "target < 10 s wall"), flush=True)

    if args.java_personalize:
        java_personalize(args.runs)

    if not args.skip_catalog:
        from generator.model.load import service_names  # deferred: imports the generator

        every = list(service_names())
        names = every[:: args.slice]
        ops, total_ops = operations_of(names), operations_of(every)
        scale = total_ops / ops
        print(f"catalog slice: {len(names)} of {len(every)} services, {ops} of {total_ops} operations")
        langs = [("cli,python,client", "cold < 30 min, whole catalog")]
        if args.java:
            langs.append(("java", "every service whose module resolves"))
        for lang, target in langs:
            cold, warm = [], []
            for _ in range(args.catalog_runs):
                with tempfile.TemporaryDirectory(prefix="sdk-parity-bench-") as tmp:
                    cache, report = Path(tmp) / "cache.json", Path(tmp) / "report.json"
                    common = [*VERIFY, "--services", ",".join(names), "--lang", lang,
                              "--cache", str(cache), "--report", str(report)]  # fmt: skip
                    cold.append(timed([*common, "--no-cache"])[:2])
                    warm.append(timed(common)[:2])
                    data = json.loads(report.read_text(encoding="utf-8"))
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        (args.keep / f"catalog-{lang.replace(',', '-')}.json").write_bytes(report.read_bytes())
            print(f"verify --services <slice> --lang {lang}:")
            print(_median_line("cold", cold, target))
            print(_median_line("warm (nothing changed)", warm, "target < 1 min"))
            if args.slice != 1:
                wall = statistics.median(w for w, _ in cold) * scale
                cpu = statistics.median(c for _, c in cold) * scale
                print(f"  extrapolated to the whole catalog by operations (x{scale:.1f}): "
                      f"wall {wall / 60:.1f} min, cpu {cpu / 60:.1f} min = {cpu / 120:.1f} min on 2 idle cores")
            summary = data["summary"]
            for name, protocols in summary.items():
                totals: dict[str, int] = {}
                for counts in protocols.values():
                    for key, n in counts.items():
                        totals[key] = totals.get(key, 0) + n
                print(f"  {name}: {totals}")
            print(f"  mismatches: {len(data['mismatches'])}", flush=True)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
