"""Find the operations of the catalog whose parameters are hardest to fit on a page.

Writes ``tests/site/widest_sample.py``, the pages the site's browser test opens besides its
fixed sample. Two measures, over the members a docs page lists (:func:`generator.targets.docs.
parameter_rows`), in characters:

* ``table`` - how wide the parameter table of the earlier docs pages needed to be: the longest
  dotted member path (its column did not wrap) plus the longest unbreakable word of the type,
  the constraints (an enum value, a range) and the description;
* ``token`` - what the nested list of today must fit on one line: the longest unbreakable word
  anywhere (a member name, an enum value, a type, a word or URL of the description), plus four
  characters per level of nesting.

The top operations by each measure are kept (an operation on both lists once). Run after a
botocore upgrade; ``tests/site/test_site.py`` checks that the file names this botocore and
that each kept operation still measures what the file says.

Usage: ``.venv/bin/python -m tools.widest_parameters [--top 6] [--workers 2]``
"""

from __future__ import annotations

import argparse
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import botocore

from generator.caches import release_service_caches
from generator.model.load import service_names
from generator.model.lower import load_service
from generator.targets.docs import parameter_rows

OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "site" / "widest_sample.py"
_WORD = re.compile(r"\S+")
_MARKUP = re.compile(r"[`\\]|\]\([^)]*\)")  # code spans, escapes, link targets (not shown)


def _longest(text: str) -> int:
    return max((len(w) for w in _WORD.findall(_MARKUP.sub("", text))), default=0)


def measure(service_name: str, operation: str) -> tuple[int, int]:
    """(table, token) of one operation (see the module docstring)."""
    service = load_service(service_name)
    rows = parameter_rows(service, service.operation(operation))
    if not rows:
        return 0, 0
    path = max(len(_MARKUP.sub("", r.path)) for r in rows)
    table = path + sum(max(_longest(text) for text in column)
                       for column in ([r.type for r in rows], [r.constraints for r in rows],
                                      [r.description for r in rows]))  # fmt: skip
    token = max(4 * r.depth + max(_longest(r.name), _longest(r.type), _longest(r.constraints),
                                  _longest(r.description)) for r in rows)  # fmt: skip
    return table, token


def _service(name: str) -> list[tuple[str, str, int, int]]:
    try:
        service = load_service(name)
        found = [(name, op, *measure(name, op)) for op in service.operations]
    except Exception:  # noqa: BLE001 - a model this tool cannot read is left out, not fatal
        found = []
    release_service_caches()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = [row for found in pool.map(_service, list(service_names()), chunksize=8) for row in found]
    by_table = sorted(rows, key=lambda r: (-r[2], r[0], r[1]))[: args.top]
    by_token = sorted(rows, key=lambda r: (-r[3], r[0], r[1]))[: args.top]
    kept = sorted({(s, o, t, k) for s, o, t, k in by_table + by_token})
    lines = [
        '"""The operations whose parameters are hardest to fit on a page.',
        "",
        f"Written by ``python -m tools.widest_parameters`` over botocore {botocore.__version__}: the top",
        f"{args.top} by the width the old parameter table needed and the top {args.top} by the longest",
        "unbreakable word of today's nested list at its depth, in characters.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        f'BOTOCORE = "{botocore.__version__}"',
        "",
        "# (service, operation, table, token)",
        "WIDEST: list[tuple[str, str, int, int]] = [",
        *(f'    ("{s}", "{o}", {t}, {k}),' for s, o, t, k in kept),
        "]",
        "",
    ]
    OUTPUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(kept)} operations of {len(rows)} to {OUTPUT}")


if __name__ == "__main__":
    main()
