"""Verify the scenarios of many services (the whole catalog by default) and print the figures
the README and docs/scenarios.md quote.

Against the loopback endpoint (default): every step of every scenario judged against botocore,
in each language, with or without the cleanup proof (``--no-inject``); against moto
(``--against moto``): each scenario end to end, and the pass rate over the scenarios whose
every operation moto implements and that need nothing made beforehand.

Usage::

    .venv/bin/python bench/scenarios_catalog.py [--langs python,cli] [--no-inject]
        [--against loopback|moto] [--workers N] [--report FILE] [SERVICE ...]
    .venv/bin/python bench/scenarios_catalog.py --rendered --langs go,js [SERVICE ...]
    .venv/bin/python bench/scenarios_catalog.py --rendered --black --langs python,client [SERVICE ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.caches import release_service_caches  # noqa: E402
from generator.errors import UnsupportedError  # noqa: E402
from generator.lifecycle.plan import derivation  # noqa: E402
from generator.model.load import service_names  # noqa: E402
from generator.model.lower import load_service  # noqa: E402
from generator.targets.registry import render_scenario  # noqa: E402
from generator.verify.scenario_command import format_table, loopback_rows, moto_rows, moto_summary  # noqa: E402
from generator.verify.scenario_moto import MotoResult, run_on_moto  # noqa: E402
from generator.verify.scenarios import ScenarioVerdict, verify_scenarios  # noqa: E402


def counts(names: list[str]) -> str:
    """Markdown: scenarios per source, then a table of the services that have one."""
    per_source: Counter[str] = Counter()
    rows = []
    total_dropped = 0
    for name in names:
        found = derivation(name)
        total_dropped += len(found.dropped)
        if found.lifecycles:
            sources = Counter(f.source for f in found.lifecycles)
            per_source.update(sources)
            needs = sum(1 for f in found.lifecycles if f.needs)
            rows.append(f"| {name} | {len(found.lifecycles)} | "
                        f"{', '.join(f'{s} {n}' for s, n in sorted(sources.items()))} | {needs} | "
                        f"{', '.join(f.resource for f in found.lifecycles)} |")
        release_service_caches()
    head = [f"{sum(per_source.values())} scenarios of {len(rows)} services "
            f"({', '.join(f'{s} {n}' for s, n in sorted(per_source.items()))}); "
            f"{total_dropped} resources left out with their reason", "",
            "| service | scenarios | source | need setup | resources |", "| --- | ---: | --- | ---: | --- |"]
    return "\n".join(head + rows)


_KINDS = (  # a refusal's text -> its kind (the SDK's version and the member named vary)
    (r"SDK module not available here", "SDK module not available here"),
    (r"has no field for", "a member the served module has no field for"),
    (r" requires \w+\.\w+", "a field the served module's validator requires that the values lack"),
    (r" sends \w+\.\w+", "a zero non-pointer field the SDK sends otherwise than botocore"),
    (r" has no [A-Z]\w+( |$)", "an operation newer than the served module"),
)


def _kind(message: str) -> str:
    return next((kind for pattern, kind in _KINDS if re.search(pattern, message)),
                re.split(r"[:(]", message)[0].strip())  # fmt: skip


def rendered(names: list[str], langs: list[str], black_check: bool = False) -> str:
    """Per language: the scenarios it renders, and the kinds of refusal of those it cannot
    express, most frequent first; with ``black_check``, also how many of the rendered programs
    black (default mode, the one the tests hold every Python file to) would change, and which."""
    made: Counter[str] = Counter()
    changed: dict[str, list[str]] = {lang: [] for lang in langs}
    refused: dict[str, Counter[str]] = {lang: Counter() for lang in langs}
    for name in names:
        for lifecycle in derivation(name).lifecycles:
            models = {s: load_service(s) for s in lifecycle.services()}
            for lang in langs:
                try:
                    text = render_scenario(lifecycle, lang, models).text
                    made[lang] += 1
                    if black_check and _black_changes(text):
                        changed[lang].append(f"{name}/{lifecycle.resource}")
                except UnsupportedError as exc:
                    refused[lang][_kind(exc.message)] += 1
        release_service_caches()
    lines = []
    for lang in langs:
        total = made[lang] + sum(refused[lang].values())
        lines.append(f"{lang}: {made[lang]} of {total} rendered")
        if black_check:
            lines.append(f"  black changes {len(changed[lang])} of the {made[lang]} rendered programs")
            lines += [f"    {found}" for found in changed[lang]]
        lines += [f"  {count:5}  {reason}" for reason, count in refused[lang].most_common()]
    return "\n".join(lines)


def _black_changes(text: str) -> bool:
    import black

    return black.format_str(text, mode=black.Mode()) != text


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("services", nargs="*")
    parser.add_argument("--langs", default="python,cli")
    parser.add_argument("--against", choices=["loopback", "moto"], default="loopback")
    parser.add_argument("--no-inject", action="store_true")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=10, help="services per batch (memory)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per program on moto")
    parser.add_argument("--report", type=Path)
    parser.add_argument("--counts", action="store_true",
                        help="print the scenarios per source and per service (Markdown) and stop")
    parser.add_argument("--rendered", action="store_true",
                        help="print how many scenarios each language of --langs renders, and why not, and stop")
    parser.add_argument("--black", action="store_true",
                        help="with --rendered: also count the programs black would change")
    args = parser.parse_args()
    if args.rendered:
        langs = [lang for lang in args.langs.split(",") if lang]
        print(rendered(args.services or list(service_names()), langs, args.black))
        return 0
    if args.counts:
        print(counts(args.services or list(service_names())))
        return 0
    names = args.services or [n for n in service_names() if derivation(n).lifecycles]
    langs = [lang for lang in args.langs.split(",") if lang]
    started = time.perf_counter()
    verdicts: list[ScenarioVerdict] = []
    results: list[MotoResult] = []
    for start in range(0, len(names), args.chunk):
        chunk = names[start : start + args.chunk]
        print(f"\r{start}/{len(names)} {chunk[0]:30}", end="", file=sys.stderr, flush=True)
        if args.against == "moto":
            results += run_on_moto(chunk, langs, timeout=args.timeout)
        else:
            verdicts += verify_scenarios(chunk, langs, workers=args.workers, inject=not args.no_inject)
        release_service_caches()
    wall = time.perf_counter() - started
    print("", file=sys.stderr)
    rows = moto_rows(results) if args.against == "moto" else loopback_rows(verdicts)
    print(format_table(rows))
    tally = Counter((row[2], row[3]) for row in rows)
    for (lang, status), count in sorted(tally.items()):
        print(f"{lang:8} {status:18} {count}")
    report: dict[str, object] = {"services": len(names), "wall_seconds": round(wall, 1)}
    if args.against == "moto":
        summary = moto_summary(results)
        print(json.dumps(summary["pass_rate"]))
        report.update(summary=summary, results=[r.row() for r in results])
    else:
        report.update(results=[v.row() for v in verdicts])
    print(f"{len(names)} services, {len(rows)} scenario programs, wall {wall:.0f} s")
    if args.report is not None:
        args.report.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
