"""``sdk-parity verify``: prove every example on the wire, in every language, and report.

Stage: verify (the command). Input: ``[SERVICE [OPERATION ...]]`` (default: the committed
plan, every Personalize operation with the seed's values), ``--lang`` (``cli,python,java,client``),
``--values-dir``, ``--report FILE``, ``--workers``. Output: a table operation x language on
stdout - ``parity``, ``mismatch`` with a short diff, or ``not expressible`` with the reason
(details as numbered notes under the table) - a progress bar on stderr when it is a terminal,
a JSON report (sorted, so two runs with the same outcome write the same bytes) and the time
spent per language on stderr. Exit code 1 when any example does not send botocore's request.

Each example is rendered in memory and run unmodified with its real SDK against a loopback
endpoint this command starts and stops (127.0.0.1 only): Python with boto3, the CLI with
awscli, Java compiled and run on the AWS SDK for Java 2.x, the typed client through its
generated package. Modules: :mod:`.examples` (examples, verdicts, the one judge),
:mod:`.collect` (rendering), :mod:`.run` (batches by runner), :mod:`.scripts` (the script
runner), :mod:`.java` (the Java runner), :mod:`.client` (the typed-client package).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import SdkParityError
from generator.generate.pipeline import DEFAULT_VALUES, default_plan
from generator.generate.write import write_changed
from generator.model import index
from generator.model.index import service_index
from generator.model.load import resolve_service_name, service_names
from generator.model.lower import load_service
from generator.targets import Artifact
from generator.targets.registry import NAMES as LANGS
from generator.verify import scenario_command, shard
from generator.verify.catalog import DEFAULT_CACHE, verify_catalog
from generator.verify.collect import collect
from generator.verify.examples import (
    KNOWN_GAP,
    MISMATCH,
    NOT_EXPRESSIBLE,
    PARITY,
    Example,
    Plan,
    Verdict,
    category,
    mismatch_entry,
    report_date,
    with_digests,
)
from generator.verify.options import DEFAULT_LANGS, MERGE
from generator.verify.run import execute
from generator.versions import example_sdks

_MARK = {PARITY: "parity", MISMATCH: "MISMATCH", NOT_EXPRESSIBLE: "not expressible"}


@dataclass
class Outcome:
    """A finished run: the verdicts (sorted) and seconds per language and stage."""

    langs: tuple[str, ...]
    verdicts: list[Verdict]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(v.status == MISMATCH for v in self.verdicts)

    def counts(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for lang in (*self.langs, "total"):
            table[lang] = {PARITY: 0, MISMATCH: 0, NOT_EXPRESSIBLE: 0}
        for v in self.verdicts:
            table[v.lang][v.status] += 1
            table["total"][v.status] += 1
        return table

    def report(self, values_dir: Path | None = None) -> dict[str, Any]:
        values = str(values_dir) if values_dir is not None else ""
        return {
            "date": report_date(),
            "langs": list(self.langs),
            "sdks": sdks_of(sorted({v.service for v in self.verdicts}), self.langs),
            "summary": self.counts(),
            "results": [v.row() for v in self.verdicts],
            "mismatches": [mismatch_entry(v, values) for v in self.verdicts if v.status == MISMATCH],
        }


def sdks_of(services: Iterable[str], langs: Sequence[str]) -> dict[str, dict[str, str]]:
    """Service -> language -> the SDK and version its examples ran on (:mod:`generator.versions`)."""
    table = {}
    for name in services:
        sdks = example_sdks(load_service(name).service_id)
        table[name] = {lang: sdks[lang] for lang in langs if lang in sdks}
    return table


def verify(
    plan: Plan,
    langs: Sequence[str] = DEFAULT_LANGS,
    values_dir: Path | None = None,
    *,
    workers: int = 3,
    progress: bool = False,
    transform: Callable[[list[Example]], list[Example]] | None = None,
) -> Outcome:
    """Render, run and judge every example of the plan. ``transform`` may replace the rendered
    examples before they run (the tests corrupt one to prove a mismatch is caught)."""
    chosen = tuple(lang for lang in LANGS if lang in langs)
    with tempfile.TemporaryDirectory(prefix="sdk-parity-verify-") as tmp:
        examples, verdicts = collect(plan, chosen, values_dir, Path(tmp))
        if transform is not None:
            examples = transform(examples)
        with _progress(examples, progress) as done:
            ran, timings = execute(examples, workers=workers, done=done)
    ran = with_digests(ran, examples)
    return Outcome(chosen, sorted([*verdicts, *ran], key=lambda v: v.key), timings)


@contextmanager
def _progress(examples: Sequence[Example], enabled: bool) -> Iterator[Callable[[Verdict], None] | None]:
    if not enabled or not examples:
        yield None
        return
    # deferred: rich's console and progress load only when a bar is drawn
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:>7}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        tasks = {}
        for lang in LANGS:
            total = sum(1 for ex in examples if ex.lang == lang)
            if total:
                tasks[lang] = bar.add_task(lang, total=total)

        def done(verdict: Verdict) -> None:
            if verdict.lang in tasks:
                bar.advance(tasks[verdict.lang])

        yield done


# --- output ----------------------------------------------------------------------------------


def table_lines(outcome: Outcome) -> tuple[list[list[str]], list[str]]:
    """Rows (header first) of the operation x language table, and the numbered notes."""
    services = {v.service for v in outcome.verdicts}
    notes: dict[str, int] = {}
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for v in outcome.verdicts:
        row = f"{v.service}:{v.operation}" if len(services) > 1 else v.operation
        if v.label:
            row += f" [{v.label}]"
        gap = category(v.status, v.detail) == KNOWN_GAP  # its detail starts "known gap: "
        text = KNOWN_GAP if gap else _MARK[v.status]
        if v.detail:
            note = v.detail if gap else f"{_MARK[v.status]}: {v.detail}"
            number = notes.setdefault(note, len(notes) + 1)
            text += f" [{number}]"
        cells.setdefault((v.service, row), {})[v.lang] = text
    header = ["operation", *outcome.langs]
    rows = [header]
    for (_, name), by_lang in sorted(cells.items()):
        rows.append([name, *(by_lang.get(lang, "-") for lang in outcome.langs)])
    return rows, [f"[{n}] {text}" for text, n in sorted(notes.items(), key=lambda kv: kv[1])]


def print_table(outcome: Outcome, stream: Any = None) -> None:
    # deferred: rich loads only when a table is printed
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = stream or sys.stdout
    rows, notes = table_lines(outcome)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    console = Console(file=out, width=max(80, sum(widths) + 3 * len(widths) + 4), highlight=False)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    styles = {"parity": "green", "MISMATCH": "bold red", "not expressible": "yellow", KNOWN_GAP: "cyan"}
    for name in rows[0]:
        table.add_column(name, no_wrap=True)
    for row in rows[1:]:
        cells = [Text(row[0])]
        cells += [Text(cell, style=styles.get(cell.split(" [")[0], "")) for cell in row[1:]]
        table.add_row(*cells)
    console.print(table)
    counts = outcome.counts()["total"]
    operations, langs = len(rows) - 1, len(outcome.langs)
    console.print(
        f"{operations} operation{'s' * (operations != 1)} x {langs} language{'s' * (langs != 1)}: "
        f"{counts[PARITY]} parity, {counts[MISMATCH]} mismatch, "
        f"{counts[NOT_EXPRESSIBLE]} not expressible"
        + (f" ({gaps} of them known gaps)" if (gaps := _known_gaps(outcome)) else ""),
        markup=False,
    )
    for note in notes:
        console.print(note, markup=False, soft_wrap=True)


def _known_gaps(outcome: Outcome) -> int:
    return sum(category(v.status, v.detail) == KNOWN_GAP for v in outcome.verdicts)


def timing_line(outcome: Outcome) -> str:
    t = outcome.timings
    parts = [f"wall {t.get('wall', 0.0):.1f}s"]
    for lang in outcome.langs:
        stages = sorted(key for key in t if key.startswith(f"{lang} "))
        if stages:  # a batch runner reports its stages (resolve, compile, run)
            parts.append(f"{lang} " + " + ".join(f"{t[key]:.1f}s {key.split(' ', 1)[1]}" for key in stages))
        elif lang in t:
            parts.append(f"{lang} {t[lang]:.1f}s")
    return "time: " + ", ".join(parts) + " (per language: summed over examples, run concurrently)"


# --- the command -------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """Run ``verify``; 0 when every example sends botocore's request, 1 otherwise."""
    if args.workers is not None and args.workers < 1:
        raise SdkParityError(f"--workers must be 1 or more, got {args.workers}")
    if args.values_dir is not None and not args.values_dir.is_dir():
        raise SdkParityError("values folder not found", path=str(args.values_dir))
    if args.report is not None and args.report.is_dir():
        raise SdkParityError("--report names a folder, not a file", path=str(args.report))
    args.lang_given = args.lang is not None
    if args.lang is None:
        args.lang = DEFAULT_LANGS
    if args.service == MERGE:
        return run_merge(args)
    if args.scenarios:
        if args.all or args.services or args.values_dir is not None:
            raise SdkParityError("--scenarios takes SERVICE names, not --all, --services or --values-dir")
        return scenario_command.run(args)
    if args.against == "moto":
        # deferred: moto's server is a second of imports that only --against moto needs
        from generator.verify import moto

        return moto.main(args)
    if args.all or args.services:
        return run_catalog(args)
    if args.shard is not None:
        raise SdkParityError("--shard applies to --all and --services runs")
    if args.no_cache or args.cache is not None:
        raise SdkParityError("--no-cache and --cache apply to --all and --services runs")
    if args.workers is None:
        args.workers = 3
    if args.service is None:
        plan: Plan = default_plan()
        values_dir = args.values_dir or DEFAULT_VALUES
    else:
        plan = [(args.service, list(args.operations) or None)]
        values_dir = args.values_dir
    outcome = verify(
        plan, args.lang, values_dir, workers=args.workers, progress=sys.stderr.isatty()
    )
    print_table(outcome)
    print(timing_line(outcome), file=sys.stderr)
    if args.report is not None:
        text = json.dumps(outcome.report(values_dir), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        write_changed([Artifact(args.report.name, text)], args.report.parent)  # atomic, fs policy
    return 1 if outcome.failed else 0


def run_catalog(args: argparse.Namespace) -> int:
    """``verify --all`` / ``--services``: 0 when no example mismatches, 1 otherwise."""
    if args.service is not None:
        raise SdkParityError("--all and --services take no SERVICE argument", path=args.service)
    if args.all and args.services:
        raise SdkParityError("give --all or --services, not both")
    workers = 0 if args.workers is None else args.workers
    if workers < 0:
        raise SdkParityError(f"--workers must be 0 (one per core) or more, got {workers}")
    if args.all:
        names = list(service_names())
    else:
        wanted = [n.strip() for n in args.services.split(",") if n.strip()]
        names = sorted({resolve_service_name(n) for n in wanted})
    values_dir = args.values_dir if args.values_dir is not None else DEFAULT_VALUES
    if not values_dir.is_dir():
        raise SdkParityError("values folder not found", path=str(values_dir))
    info: dict[str, Any] | None = None
    if args.shard is not None:
        k, n = shard.parse_shard(args.shard)
        operations = {e.name: len(e.operations) for e in service_index(index.DEFAULT_CACHE, _write_cache)}
        weights = {name: shard.weight(operations.get(name, 0), args.lang) for name in names}
        selected, names = names, shard.partition(names, n, weights)[k - 1]
        info = shard.shard_info(k, n, names, selected, args.lang)
        total, mine = sum(weights.values()), sum(weights[name] for name in names)
        print(f"shard {k}/{n}: {len(names)} of {len(selected)} services "
              f"({mine / total if total else 0:.0%} of the estimated work)", file=sys.stderr)  # fmt: skip
    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    with _catalog_progress(interactive, len(names)) as progress:
        outcome = verify_catalog(
            names, args.lang, values_dir, workers=workers, use_cache=not args.no_cache,
            cache_file=args.cache or DEFAULT_CACHE, progress=progress,
        )  # fmt: skip
    print(outcome.text())
    if args.report is not None:
        data = outcome.report()
        if info is not None:
            data["shard"] = info
        _write_report(args.report, data)
    if outcome.errors:
        errors = sorted(outcome.errors)
        raise SdkParityError(errors[0], details=tuple(errors[1:]))
    return 1 if outcome.failed else 0


def run_merge(args: argparse.Namespace) -> int:
    """``verify merge``: the shard reports of one run as one summary, report and exit code
    (0: no mismatch and no crash in any shard, 1 otherwise)."""
    given = [name for name in ("all", "services", "shard", "values_dir", "cache", "workers") if getattr(args, name)]
    if given or args.no_cache or args.against != "loopback" or args.lang != DEFAULT_LANGS:
        raise SdkParityError("verify merge takes only the shard reports and --report FILE")
    paths = [Path(name) for name in args.operations]
    outcome = shard.merge(paths)
    print(outcome.text(headline=shard.headline(outcome, len(paths))))
    if args.report is not None:
        _write_report(args.report, outcome.report())
    return 1 if outcome.failed else 0


def _write_report(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_changed([Artifact(path.name, text)], path.parent)


def _write_cache(path: Path, text: str) -> None:
    try:
        write_changed([Artifact(path.name, text)], path.parent)
    except SdkParityError as exc:  # an unwritable cache is passed over, as an unreadable one
        raise OSError(str(exc)) from None


@contextmanager
def _catalog_progress(interactive: bool, total: int) -> Iterator[Callable[[str, int, int], None] | None]:
    """A bar of services on a terminal; nothing otherwise (CI logs and pipes stay quiet)."""
    if not interactive:
        yield None
        return
    # deferred: rich's progress bar is only drawn on a terminal
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("services", total=total)

        def update(service: str, done: int, _total: int) -> None:
            bar.update(task, completed=done, description=service or "services")

        yield update
