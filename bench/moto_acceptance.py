"""Measure how many default Python examples moto accepts, for 17 commonly used services.

Runs the services' Python scenarios on moto first (:func:`generator.verify.scenario_moto.run_on_moto`)
and then :func:`generator.verify.moto.run` once (one moto server on 127.0.0.1, every operation of
every service), prints the per-service table with the time per service - an example that needs
setup alone but whose operation ran without error inside a scenario counts as ``in-scenario`` -,
the overall rejected share (rejected + local errors over ok + in-scenario + needs-setup +
rejected + errors), the rejected examples grouped by error code, and optionally writes the JSON
report.

Usage: ``.venv/bin/python bench/moto_acceptance.py [--report FILE] [SERVICE ...]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.verify import moto as moto_check  # noqa: E402
from generator.verify.scenario_moto import proven, run_on_moto  # noqa: E402

SERVICES = (
    "s3 dynamodb sqs sns iam lambda kms events logs secretsmanager ssm stepfunctions ecr "
    "cloudwatch ec2 cognito-idp glue"
).split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else "")
    parser.add_argument("services", nargs="*", default=SERVICES)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()

    def tick(j: moto_check.Judgement) -> None:
        print(f"\r{j.service:16} {j.operation[:40]:40}", end="", file=sys.stderr, flush=True)

    start = time.perf_counter()
    scenarios = run_on_moto(args.services, ["python"])
    scenario_wall = time.perf_counter() - start
    judgements = moto_check.run([(s, None) for s in args.services], progress=tick,
                                proven=proven(scenarios))  # fmt: skip
    wall = time.perf_counter() - start
    print("\r" + " " * 58 + "\r", end="", file=sys.stderr)
    table = moto_check.format_table(judgements).split("\n  ")[0]
    print(table.rstrip("\n"))
    print(f"wall time {wall:.1f} s for {len(judgements)} operations "
          f"({scenario_wall:.1f} s of it for {len(scenarios)} scenarios)")
    groups: dict[str, list[moto_check.Judgement]] = defaultdict(list)
    for j in judgements:
        if j.status in (moto_check.REJECTED, moto_check.ERROR):
            groups[j.code or j.status].append(j)
    print("\nrejected and failed examples by error code:")
    for code, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"{len(items):4}  {code}")
        for j in items:
            print(f"        {j.service}:{j.operation}: {j.message}")
    if args.report is not None:
        text = json.dumps(moto_check.report(judgements), indent=1, sort_keys=True)
        args.report.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
