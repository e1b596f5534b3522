"""``sdk-parity verify --scenarios [SERVICE ...] [--against moto]``: prove the scenarios.

Stage: verify (the command). Input: services (default: personalize), ``--lang`` (the languages
with a scenario renderer), ``--against loopback|moto``, ``--report FILE``, ``--workers``.
Output: a table scenario x language on stdout with numbered notes, a summary line, the time on
stderr and a sorted JSON report; exit code 1 when a scenario mismatches on the loopback
endpoint, or fails or leaves something behind on moto.

Against the loopback endpoint (:mod:`generator.verify.scenarios`) each cell is ``parity``
(every step at parity with botocore and the cleanup proven by a failure injected at each
step), ``MISMATCH`` (the first step that differs, or the injected failure whose cleanup did not
run) or ``not expressible``. Against moto (:mod:`generator.verify.scenario_moto`): ``ok``,
``moto lacks``, ``moto error``, ``needs setup``, ``failed``, ``left behind``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from generator.errors import SdkParityError
from generator.generate.write import write_changed
from generator.model.load import resolve_service_name
from generator.targets import Artifact
from generator.targets.registry import SCENARIO_NAMES
from generator.verify.examples import MISMATCH, PARITY
from generator.verify.scenario_judge import ScenarioVerdict
from generator.verify.scenario_moto import FAILED, LEFT_BEHIND, OK, MotoResult, run_on_moto
from generator.verify.scenarios import verify_scenarios

DEFAULT_SERVICES = ("personalize",)


def _cells(rows: Sequence[tuple[str, str, str, str, str]]) -> tuple[list[list[str]], list[str]]:
    """(service, resource, lang, status, detail) rows as a table and numbered notes."""
    langs = [lang for lang in SCENARIO_NAMES if any(r[2] == lang for r in rows)]
    notes: dict[str, int] = {}
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for service, resource, lang, status, detail in rows:
        text = status
        if detail:
            text += f" [{notes.setdefault(f'{status}: {detail}', len(notes) + 1)}]"
        cells.setdefault((service, resource), {})[lang] = text
    table = [["scenario", *langs]]
    for (service, resource), by_lang in sorted(cells.items()):
        table.append([f"{service} {resource}", *(by_lang.get(lang, "-") for lang in langs)])
    return table, [f"[{n}] {text}" for text, n in sorted(notes.items(), key=lambda kv: kv[1])]


def format_table(rows: Sequence[tuple[str, str, str, str, str]]) -> str:
    table, notes = _cells(rows)
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in table]  # fmt: skip
    lines.insert(1, "-" * len(lines[0]))
    tally = Counter(r[3] for r in rows)
    summary = ", ".join(f"{count} {status}" for status, count in sorted(tally.items()))
    scenarios = len(table) - 1
    lines.append(f"{scenarios} scenario{'s' * (scenarios != 1)}: {summary or 'nothing to verify'}")
    return "\n".join([*lines, *notes]) + "\n"


def loopback_rows(verdicts: Sequence[ScenarioVerdict]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for v in verdicts:
        status = "MISMATCH" if v.status == MISMATCH else v.status
        detail = v.detail if v.status != PARITY else ""
        rows.append((v.service, v.resource, v.lang, status, detail))
    return rows


def moto_rows(results: Sequence[MotoResult]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for r in results:
        where = f"step {r.step} ({r.operation}): " if r.step else ""
        lacks = f"moto lacks {', '.join(r.lacks)}; " if r.lacks and r.status != OK else ""
        rows.append((r.service, r.resource, r.lang, r.status, (lacks + where + r.detail).strip("; ")))
    return rows


def moto_summary(results: Sequence[MotoResult]) -> dict[str, Any]:
    """Counts per status and language, and the pass rate over the scenarios moto can run:
    those whose every operation it implements and that need nothing made beforehand."""
    counts: dict[str, dict[str, int]] = {}
    for r in results:
        counts.setdefault(r.lang, {}).setdefault(r.status, 0)
        counts[r.lang][r.status] += 1
    rates = {}
    for lang, tally in counts.items():
        judged = tally.get(OK, 0) + tally.get(FAILED, 0) + tally.get(LEFT_BEHIND, 0)
        rates[lang] = round(tally.get(OK, 0) / judged, 4) if judged else None
    return {"counts": counts, "pass_rate": rates}


def run(args: argparse.Namespace) -> int:
    """``verify --scenarios``: 0 when every scenario holds, 1 otherwise (see the module doc)."""
    names = [args.service, *args.operations] if args.service else list(DEFAULT_SERVICES)
    services = sorted({resolve_service_name(n) for n in names})
    langs = [lang for lang in args.lang if lang in SCENARIO_NAMES] if args.lang_given else list(SCENARIO_NAMES)
    if not langs:
        raise SdkParityError(f"no scenario renderer for {', '.join(args.lang)}: choose from {', '.join(SCENARIO_NAMES)}")
    started = time.monotonic()
    if args.against == "moto":
        results = run_on_moto(services, langs)
        sys.stdout.write(format_table(moto_rows(results)))
        report: dict[str, Any] = {"against": "moto", "summary": moto_summary(results),
                                  "results": [r.row() for r in results]}  # fmt: skip
        failed = any(r.status in (FAILED, LEFT_BEHIND) for r in results)
    else:
        verdicts = verify_scenarios(services, langs, workers=args.workers or 3)
        sys.stdout.write(format_table(loopback_rows(verdicts)))
        report = {"against": "loopback", "results": [v.row() for v in verdicts]}
        failed = any(v.status == MISMATCH for v in verdicts)
    print(f"time: wall {time.monotonic() - started:.1f}s", file=sys.stderr)
    if args.report is not None:
        text = json.dumps(report, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        write_changed([Artifact(args.report.name, text)], args.report.parent)
    return 1 if failed else 0
