"""Check the service knowledge tables (generator/data/knowledge/*.json) against the models.

Every entry must name a member some structure of the service has, list only operations the
service has, cite an AWS documentation page or AWS-authored example as its source, and hold a
value the model accepts for that member (length, pattern, enum, required members of a
structure). See :mod:`generator.values.knowledge`.

    python -m tools.check_knowledge              # every table; exit 1 on any problem
    python -m tools.check_knowledge personalize  # one service
"""

from __future__ import annotations

import argparse
import sys

from generator.model.lower import load_service
from generator.values import knowledge


def tables() -> list[str]:
    return sorted(path.stem for path in knowledge.DATA.glob("*.json"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("services", nargs="*", help="services to check (default: every table)")
    args = parser.parse_args(argv)
    names = args.services or tables()
    found = 0
    entries = 0
    for name in names:
        try:
            service = load_service(name)
            problems = knowledge.problems(service)
            entries += len(knowledge.entries(name))
        except (ValueError, KeyError) as exc:
            problems = [f"{name}: {exc}"]
        for problem in problems:
            print(problem)
        found += len(problems)
    print(f"{len(names)} tables, {entries} entries, {found} problems", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
