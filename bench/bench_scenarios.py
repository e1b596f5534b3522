"""How long verifying every scenario of one service in one language takes, batched as verify
runs them, beside the same programs run as a user would (the peer).

For each service and language: the loopback verification of all its scenarios (every step
judged against botocore) with the cleanup proof (a failure injected at each step) and without,
in batch mode - Python programs in a long-lived worker, CLI scripts read by ``sh`` with each
``aws`` call answered by awscli's driver in a long-lived worker - and, as the peer, without
batching: a new ``python`` per program, ``sh`` with the real ``aws`` per call. The typed client
(``client``) runs as Python does, with its packages on ``PYTHONPATH``; JavaScript (``js``)
batched is one tsc and one node for all runs (:mod:`generator.verify.scenario_js`), its peer a
``node`` per program run; Go (``go``) batched is one ``go build`` of a binary per service and
the binary run once per run (:mod:`generator.verify.scenario_go`), its peer a ``go build`` (a
link) per program, as ``go run`` of each program does. Several runs,
medians; the first run of each row warms the workers and is reported apart.

Usage: ``.venv/bin/python bench/bench_scenarios.py [--runs 3] [--langs python,cli,client,js,go] [SERVICE ...]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.lifecycle.plan import lifecycles  # noqa: E402
from generator.verify.scenario_go import verify_go_scenarios  # noqa: E402
from generator.verify.scenario_js import verify_js_scenarios  # noqa: E402
from generator.verify.scenarios import Harness, collect, verify_program  # noqa: E402


def _time(service: str, lang: str, inject: bool, batched: bool) -> float:
    programs, _ = collect([service], [lang])
    if lang == "js" and batched:  # one tsc and one node for every program and injected failure
        started = time.perf_counter()
        for verdict in verify_js_scenarios(programs, inject):
            assert verdict.status in ("parity", "not expressible"), verdict
        return time.perf_counter() - started
    if lang == "go":  # batched: one go build for all; peer: a build (a link) per program
        started = time.perf_counter()
        verdicts = (verify_go_scenarios(programs, inject) if batched
                    else [v for p in programs for v in verify_go_scenarios([p], inject)])  # fmt: skip
        for verdict in verdicts:
            assert verdict.status in ("parity", "not expressible"), verdict
        return time.perf_counter() - started
    harness = Harness()
    harness.batched = batched
    started = time.perf_counter()
    try:
        for program in programs:
            verdict = verify_program(harness, program, inject)
            assert verdict.status == "parity", verdict
    finally:
        harness.close()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("services", nargs="*", default=["dynamodb", "iam", "lambda"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--langs", default="python,cli")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    print(f"{'service':12} {'lang':7} {'scenarios':>9} {'mode':22} {'first':>7} {'median':>7}  runs")
    for service in args.services:
        count = len(lifecycles(service))
        for lang in args.langs.split(","):
            modes = [("batched, cleanup proof", True, True), ("batched, no injection", False, True)]
            if not args.no_peer:
                modes.append(("peer (unbatched)", False, False))
            for label, inject, batched in modes:
                runs = [_time(service, lang, inject, batched) for _ in range(args.runs)]
                rest = runs[1:] or runs
                print(f"{service:12} {lang:7} {count:9} {label:22} {runs[0]:7.1f} "
                      f"{statistics.median(rest):7.1f}  {' '.join(f'{r:.1f}' for r in runs)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
