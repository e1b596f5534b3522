"""Benchmark: ``sdk-parity diff`` of the whole catalog between two botocore releases.

Scenarios (each a fresh ``python -m generator diff --from OLD`` process to the installed
botocore, the report written as JSON and Markdown into a temporary folder):

* cold - an empty release cache: ``pip download`` of the other wheel, unpacking its data,
  hashing both releases' model files, then the comparison (one run: it downloads);
* warm - the same command again, the release and both digest indexes cached (``--runs`` runs);
* warm, one worker - the same with ``--workers 1`` (what a single core costs);
* fixed cost - one unchanged service (``personalize``): start-up and the digest check, no model
  decoded;
* without the digest filter - for reference, the work the filter saves: decoding and lowering
  every service of both releases in one process (``--unfiltered``; several minutes).

Wall seconds and CPU seconds (user + system of the process and its pool workers, from
``wait4``) per run; medians with min and max. The JSON of every warm run must be byte-identical.

Usage: ``.venv/bin/python bench/bench_diff.py [--runs 5] [--from 1.44.0] [--skip-cold]
[--unfiltered]``
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.diff.releases import DEFAULT_CACHE, installed_release, release
from generator.model.load import read_raw
from generator.model.lower import lower_model

REPO = Path(__file__).resolve().parent.parent


def measure(command: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds (the process and its children) and the JSON it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "diff.json"
        start = time.perf_counter()
        process = subprocess.Popen(
            [*command, "--json", str(out), "--report", str(Path(tmp) / "diff.md")],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')[-2000:]}")
        return wall, usage.ru_utime + usage.ru_stime, out.read_bytes()


def row(label: str, runs: list[tuple[float, float, bytes]]) -> str:
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    return (
        f"{label:34} wall median {statistics.median(walls):6.1f} s (min {min(walls):.1f}, "
        f"max {max(walls):.1f})   cpu median {statistics.median(cpus):6.1f} s   runs {len(runs)}"
    )


def unfiltered(old_version: str) -> str:
    """Decode and lower every service of both releases (what hashing the files first avoids)."""
    start, cpu = time.perf_counter(), time.process_time()
    for rel in (release(old_version, DEFAULT_CACHE), installed_release()):
        data_loader = rel.loader()
        for name in sorted(data_loader.list_available_services("service-2")):
            lower_model(read_raw(data_loader, name))
            data_loader.forget()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    return f"{'without the digest filter':34} wall {wall:6.1f} s   cpu {used:6.1f} s   (decode + lower only)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else "")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--from", dest="old", default="1.44.0")
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--unfiltered", action="store_true")
    args = parser.parse_args()
    diff = [sys.executable, "-m", "generator", "diff", "--from", args.old]
    print(f"botocore {args.old} -> {installed_release().version} (installed), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    if not args.skip_cold:
        with tempfile.TemporaryDirectory() as cache:
            print(row("cold (download, unpack, hash)", [measure([*diff, "--cache", cache])]))
    measure(diff)  # warm-up: the release and both indexes in the default cache
    warm = [measure(diff) for _ in range(args.runs)]
    print(row("warm, whole catalog", warm))
    digests = {hashlib.sha256(r[2]).hexdigest() for r in warm}
    single = [measure([*diff, "--workers", "1"]) for _ in range(max(1, args.runs // 2))]
    print(row("warm, whole catalog, one worker", single))
    digests |= {hashlib.sha256(r[2]).hexdigest() for r in single}
    fixed = [measure([*diff, "personalize"]) for _ in range(args.runs)]
    print(row("fixed cost (one unchanged service)", fixed))
    print(f"JSON reports of all warm runs identical: {len(digests) == 1}")
    if args.unfiltered:
        print(unfiltered(args.old))
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
