"""``sdk-parity list``: the listing from the service index cache against reading every model.

Runs ``sdk-parity list`` as a whole process, several times in turn: cold (the cache file removed
first, so every model is read and the cache written) and warm (answered from the cache), and
with ``--peer PROGRAM`` another ``sdk-parity`` (e.g. a checkout before the cache) side by side.
Prints the median CPU seconds (user+sys of the process and its children), wall seconds and
peak memory of each; the cache file is a temporary one, so ``.cache/list`` is left alone.

Usage: ``.venv/bin/python bench/bench_list.py [--runs 5] [--peer /path/to/.venv/bin/sdk-parity]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROGRAM = REPO / ".venv" / "bin" / "sdk-parity"
SNIPPET = (
    "import sys; from pathlib import Path; from generator import cli, commands; "
    "commands.service_index.__defaults__ = (Path(sys.argv[1]),); sys.exit(cli.main(['list']))"
)


def _one(command: list[str]) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak MiB) of one run of ``command``."""
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO) as proc:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{command} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    wall = time.perf_counter() - started
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024  # ru_maxrss: KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else "")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peer", help="another sdk-parity program to run side by side")
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sdk-parity-bench-list-") as tmp:
        cache = Path(tmp) / "index.json"
        ours = [str(REPO / ".venv" / "bin" / "python"), "-c", SNIPPET, str(cache)]
        kinds: dict[str, list[tuple[float, float, float]]] = {"cold": [], "warm": []}
        if ns.peer:
            kinds["peer"] = []
        _one(ours)  # warm-up: the interpreter's own files in the page cache
        for _ in range(ns.runs):
            cache.unlink(missing_ok=True)
            kinds["cold"].append(_one(ours))
            kinds["warm"].append(_one(ours))
            if ns.peer:
                kinds["peer"].append(_one([ns.peer, "list"]))
    print(f"sdk-parity list, {ns.runs} runs each, medians (load average {os.getloadavg()[0]:.1f})")
    for kind, runs in kinds.items():
        cpu, wall, peak = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"  {kind:5} cpu {cpu:6.2f} s   wall {wall:6.2f} s   peak {peak:6.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
