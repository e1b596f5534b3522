"""Verify, sharding: one catalog run split over the jobs of a CI matrix, and their reports merged.

Stage: verify driver (``sdk-parity verify --all | --services ... --shard K/N --report FILE`` and
``sdk-parity verify merge R1.json R2.json ... [--report FILE]``), the convention Playwright and
Jest use for CI matrices. Input: the selected services, their operation counts (the service
index, :mod:`generator.model.index`), the languages and ``K/N``; or the shard reports. Output:
the services of shard ``K``, and the report of a shard run marked with :func:`shard_info`; for
``merge``, one :class:`~generator.verify.catalog.CatalogVerify` of all shards (one summary, one
report, one exit code).

The partition is deterministic: every shard job computes the same one, from the selection,
``N``, the languages and botocore's models only - never from the machine, its caches or the time
a run took. Each service is weighed by the cost of verifying it (:func:`weight`: per language, a
cost per service plus a cost per operation, :data:`COSTS`, CPU seconds estimated from the
whole-catalog runs measured in ``docs/catalog-and-verify.md`` and ``docs/ci.md``); services, heaviest first (ties by
name), go one by one to the shard with the least weight so far (ties: the lowest number) - the
longest-processing-time rule, within 4/3 of the best possible balance.

A shard report records its shard (``K``, ``N``, the services it ran) and a digest of the whole
selection and the languages; ``merge`` refuses reports of different runs, a shard given twice
or missing, and anything that is not a shard report, with one line naming the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.errors import SdkParityError
from generator.verify.catalog import CatalogVerify

# CPU seconds per language: (per service, per operation). cli/python/client: the whole catalog
# took 2,979 s for 60,081 examples (445 services), about 50 ms an example plus a model load per
# service; java: 2,521 s for 20,027 operations, most of it a javac and a JVM per service; js and
# go: a tsc / go build per service dominates (verify personalize: 71 operations, go build ~85 s).
COSTS: dict[str, tuple[float, float]] = {
    "cli": (0.5, 0.05),
    "cli-v2": (0.8, 0.05),
    "python": (0.5, 0.05),
    "client": (1.5, 0.05),
    "java": (3.5, 0.05),
    "js": (3.0, 0.15),
    "go": (5.0, 1.2),
}
_SHARD = re.compile(r"(\d{1,6})/(\d{1,6})")
REPORT_KEYS = ("langs", "summary", "reasons", "mismatches", "results", "crashes")


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` as (K, N), 1 <= K <= N; :class:`SdkParityError` otherwise."""
    match = _SHARD.fullmatch(text.strip())
    if match is None:
        raise SdkParityError(f"--shard takes K/N (e.g. 2/3), got '{text}'")
    k, n = int(match.group(1)), int(match.group(2))
    if n < 1 or not 1 <= k <= n:
        raise SdkParityError(f"--shard {text}: K must be between 1 and N, and N at least 1")
    return k, n


def weight(operations: int, langs: Sequence[str]) -> float:
    """The estimated CPU seconds of verifying a service of ``operations`` in ``langs``."""
    return sum(COSTS.get(lang, (1.0, 0.1))[0] + COSTS.get(lang, (1.0, 0.1))[1] * operations for lang in langs)


def partition(names: Sequence[str], n: int, weights: Mapping[str, float]) -> list[list[str]]:
    """``names`` in ``n`` shards of about equal weight (the longest-processing-time rule);
    each shard's services sorted by name."""
    shards: list[list[str]] = [[] for _ in range(n)]
    loads = [0.0] * n
    for name in sorted(names, key=lambda s: (-weights[s], s)):
        lightest = min(range(n), key=lambda i: (loads[i], i))
        shards[lightest].append(name)
        loads[lightest] += weights[name]
    return [sorted(shard) for shard in shards]


def selection_digest(names: Sequence[str], langs: Sequence[str]) -> str:
    """What every shard of one run shares: the selected services and the languages."""
    text = "\n".join(["services", *sorted(names), "langs", *langs])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def shard_info(k: int, n: int, services: Sequence[str], names: Sequence[str], langs: Sequence[str]) -> dict[str, Any]:
    """The ``shard`` entry of a shard run's report."""
    return {"index": k, "count": n, "services": sorted(services), "run": selection_digest(names, langs)}


# --------------------------------------------------------------------------- merge


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SdkParityError(f"cannot read the report: {exc.strerror}", path=str(path)) from None
    except UnicodeDecodeError:
        raise SdkParityError("not a verify report (not UTF-8 text)", path=str(path)) from None
    try:
        data = json.loads(text)
    except ValueError:
        raise SdkParityError("not a verify report (invalid JSON)", path=str(path)) from None
    if not isinstance(data, dict) or any(key not in data for key in REPORT_KEYS):
        raise SdkParityError("not a verify report of --all or --services", path=str(path))
    shard = data.get("shard")
    if not isinstance(shard, dict) or not _shard_ok(shard):
        raise SdkParityError("not a shard report: write one with verify --shard K/N --report FILE", path=str(path))
    return data


def _shard_ok(shard: dict[str, Any]) -> bool:
    k, n = shard.get("index"), shard.get("count")
    return (
        isinstance(k, int) and isinstance(n, int) and 1 <= k <= n
        and isinstance(shard.get("run"), str)
        and isinstance(shard.get("services"), list) and all(isinstance(s, str) for s in shard["services"])
    )  # fmt: skip


def read_shards(paths: Sequence[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """The reports of one sharded run with their files, every shard exactly once (in shard
    order); otherwise :class:`SdkParityError` naming the file (exit 2)."""
    if not paths:
        raise SdkParityError("verify merge needs the shard reports: verify merge R1.json R2.json ...")
    reports: dict[int, tuple[Path, dict[str, Any]]] = {}
    first: dict[str, Any] | None = None
    for path in paths:
        data = _read(path)
        shard = data["shard"]
        if first is None:
            first = data
        elif (shard["count"], shard["run"], data["langs"]) != (
            first["shard"]["count"], first["shard"]["run"], first["langs"]
        ):
            raise SdkParityError(
                f"shard {shard['index']}/{shard['count']} of another run than {paths[0]} (other "
                "services, languages or shard count)", path=str(path),
            )  # fmt: skip
        if shard["index"] in reports:
            raise SdkParityError(f"shard {shard['index']}/{shard['count']} given twice", path=str(path))
        reports[shard["index"]] = (path, data)
    assert first is not None
    count = first["shard"]["count"]
    missing = [k for k in range(1, count + 1) if k not in reports]
    if missing:
        names = ", ".join(f"{k}/{count}" for k in missing)
        raise SdkParityError(f"shard{'s' * (len(missing) > 1)} {names} missing from the reports given")
    return [reports[k] for k in sorted(reports)]


def merge(paths: Sequence[Path]) -> CatalogVerify:
    """One run's outcome from its shard reports (see :func:`read_shards`)."""
    reports = read_shards(paths)
    merged = CatalogVerify(tuple(reports[0][1]["langs"]))
    for path, data in reports:
        try:
            _add(merged, data)
        except (AttributeError, KeyError, TypeError, ValueError):
            raise SdkParityError("malformed verify report (summary, reasons or results)", path=str(path)) from None
    return merged


def _add(merged: CatalogVerify, data: dict[str, Any]) -> None:
    merged.services += len(data["shard"]["services"])
    merged.rows += [dict(row) for row in data["results"]]
    merged.mismatches += [dict(entry) for entry in data["mismatches"]]
    merged.crashes += [str(crash) for crash in data["crashes"]]
    for lang, protocols in data["summary"].items():
        for protocol, counts in protocols.items():
            for kind, n in counts.items():
                if int(n):
                    merged.counts[(str(lang), str(protocol), str(kind))] += int(n)
    for r in data["reasons"]:
        merged.reasons[(str(r["lang"]), str(r["category"]), str(r["reason"]))] += int(r["count"])


def headline(merged: CatalogVerify, shards: int) -> str:
    return f"{shards} shard reports merged: {merged.services} services, {len(merged.rows)} examples"
