"""The whole-catalog sweep: every operation of every service through every target.

Input: service names (default: all of botocore's). Output: per target, how many operations
generated, were skipped with a reason (an :class:`~generator.errors.SdkParityError` such as an
event stream or a removed CLI command), or crashed (any other exception: a bug). Nothing is
written; services are spread over a process pool, each worker loading only its services.
"""

from __future__ import annotations

import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from generator.build.pipeline import LANGS, renderers
from generator.capabilities.members import member_filter
from generator.errors import SdkParityError
from generator.model.load import service_names
from generator.model.lower import load_service
from generator.render.titles import title
from generator.targets.docs import render_docs
from generator.values.tree import synthesize

TARGETS = (*LANGS, "docs")


@dataclass
class Tally:
    generated: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    crashed: Counter[str] = field(default_factory=Counter)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        self.generated.update(other.generated)
        self.skipped.update(other.skipped)
        self.crashed.update(other.crashed)
        self.reasons.update(other.reasons)
        self.crashes.extend(other.crashes)


def _reason_key(message: str) -> str:
    return message.split(" (")[0][:90]


def sweep_service(name: str) -> Tally:
    tally = Tally()
    try:
        service = load_service(name)
    except Exception:  # noqa: BLE001 - a crash is what the sweep reports
        for target in TARGETS:
            tally.crashed[target] += 1
        tally.crashes.append(f"{name}: load: {traceback.format_exc(limit=3)}")
        return tally
    table = renderers()
    for operation in service.operations.values():
        try:
            value = synthesize(service, operation, member_filter(service, operation))
        except SdkParityError as exc:
            for target in TARGETS:
                tally.skipped[target] += 1
                tally.reasons[(target, "values: " + _reason_key(exc.message))] += 1
            continue
        except Exception:  # noqa: BLE001
            for target in TARGETS:
                tally.crashed[target] += 1
            tally.crashes.append(f"{name}:{operation.name} values: {traceback.format_exc(limit=4)}")
            continue
        snippets, reasons = {}, {}
        for lang in LANGS:
            try:
                snippets[lang] = table[lang](service, operation, value, title(operation.name))
                tally.generated[lang] += 1
            except SdkParityError as exc:
                reasons[lang] = exc.message
                tally.skipped[lang] += 1
                tally.reasons[(lang, _reason_key(exc.message))] += 1
            except Exception:  # noqa: BLE001
                tally.crashed[lang] += 1
                tally.crashes.append(f"{name}:{operation.name} {lang}: {traceback.format_exc(limit=4)}")
        try:
            render_docs(service, operation, snippets, reasons)
            tally.generated["docs"] += 1
        except Exception:  # noqa: BLE001
            tally.crashed["docs"] += 1
            tally.crashes.append(f"{name}:{operation.name} docs: {traceback.format_exc(limit=4)}")
    return tally


def sweep(names: list[str] | None = None, workers: int = 2) -> Tally:
    services = names or list(service_names())
    total = Tally()
    if workers <= 1:
        for name in services:
            total.merge(sweep_service(name))
        return total
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for tally in pool.map(sweep_service, services, chunksize=4):
            total.merge(tally)
    return total


def report(tally: Tally) -> str:
    lines = [f"{'target':8} {'generated':>10} {'skipped':>8} {'crashed':>8}"]
    for target in TARGETS:
        lines.append(
            f"{target:8} {tally.generated[target]:>10} {tally.skipped[target]:>8} "
            f"{tally.crashed[target]:>8}"
        )
    lines.append("")
    lines.append("skip reasons (target: reason x count):")
    for (target, reason), count in sorted(tally.reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {target}: {reason} x {count}")
    if tally.crashes:
        lines.append("")
        lines.append(f"crashes ({len(tally.crashes)}), first 20:")
        lines.extend("  " + crash.strip().replace("\n", "\n    ") for crash in tally.crashes[:20])
    return "\n".join(lines)
