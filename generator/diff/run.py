"""Stage ``diff`` (driver): compare two botocore releases service by service.

Input: two :class:`~generator.diff.releases.Release` (their data folders), the services to
compare (default: every service of either release), a values folder. Output: a
:class:`DiffReport` - per service whose model files differ, its :class:`ServiceDiff` (model
changes, generated files touched, values files checked) - plus counts of what was skipped.

Fast because most of the catalog does not change between two releases: the model files of
both are hashed first (:func:`generator.diff.releases.model_index`, kept between runs) and only
services whose digests differ are decoded, lowered and compared - in a process pool, largest
first, one service per task, each worker dropping a service's caches before the next.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from generator.caches import release_service_caches
from generator.diff.compare import ModelChanges, Side, compare
from generator.diff.impact import BREAKS, Files, ValuesCheck, check_values, generated_files
from generator.diff.releases import Release, model_index
from generator.errors import SdkParityError
from generator.generate.catalog import die_with_parent
from generator.model.load import read_optional, read_raw, suggest
from generator.model.lower import lower_model
from generator.targets.client.package import waiter_operations


@dataclass
class ServiceDiff:
    """One service whose model files differ between the two releases."""

    name: str
    full_name: str
    model: ModelChanges
    files: Files
    values: list[ValuesCheck] = field(default_factory=list)
    problem: str = ""  # the service could not be compared (the reason)


@dataclass
class DiffReport:
    old: Release
    new: Release
    services: list[ServiceDiff] = field(default_factory=list)
    in_scope: int = 0  # services asked about (present in either release)
    unchanged: int = 0  # of which the model files are identical
    values_unchanged: int = 0  # values files of services whose models are identical
    seconds: float = 0.0

    @property
    def breaking(self) -> list[tuple[str, ValuesCheck]]:
        """Values files that validate under the old release and not under the new one."""
        return [(s.name, c) for s in self.services for c in s.values if c.status == BREAKS]


def _side(rel: Release, name: str, present: bool) -> Side | None:
    if not present:
        return None
    data_loader = rel.loader()
    raw = read_raw(data_loader, name)
    service = lower_model(raw)
    waiters = waiter_operations(read_optional(data_loader, name, "waiters-2", service.api_version))
    examples = read_optional(data_loader, name, "examples-1", service.api_version)
    return Side(raw, service, waiters, examples)


Job = tuple[str, Release, Release, bool, bool, list[Path]]


def compare_service(job: Job) -> ServiceDiff:
    """Compare one service (in a pool process); a failure is reported, not raised."""
    name, old_rel, new_rel, in_old, in_new, values = job
    try:
        old = _side(old_rel, name, in_old)
        new = _side(new_rel, name, in_new)
        present = new or old
        full_name = present.service.full_name if present is not None else name
        return ServiceDiff(
            name, full_name, compare(old, new), generated_files(old, new),
            check_values(old, new, name, values),
        )  # fmt: skip
    except SdkParityError as exc:  # a model that does not pass the checks every model passes
        return ServiceDiff(name, name, ModelChanges(), Files(), problem=str(exc))
    except Exception:  # noqa: BLE001 - a crash is a bug: reported with the service, not fatal
        last = traceback.format_exc(limit=3).strip().splitlines()[-1]
        return ServiceDiff(name, name, ModelChanges(), Files(), problem=f"crashed: {last}")
    finally:
        old_rel.loader().forget()
        new_rel.loader().forget()
        release_service_caches()


def _values_files(values_dir: Path | None, service: str) -> list[Path]:
    if values_dir is None or not (values_dir / service).is_dir():
        return []
    return sorted(p for p in (values_dir / service).iterdir() if p.name.endswith(".json"))


def _size(rel: Release, name: str) -> int:
    folder = rel.data / name
    return sum(p.stat().st_size for p in folder.rglob("service-2.*")) if folder.is_dir() else 0


def _run(jobs: list[Job], workers: int) -> Iterator[ServiceDiff]:
    count = min(workers or os.cpu_count() or 1, len(jobs))
    if count <= 1:
        yield from map(compare_service, jobs)
        return
    with ProcessPoolExecutor(max_workers=count, initializer=die_with_parent) as pool:
        pending: dict[Future[ServiceDiff], Job] = {pool.submit(compare_service, j): j for j in jobs}
        while pending:
            finished, _ = wait(set(pending), return_when=FIRST_COMPLETED)
            for future in finished:
                job = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    for rest in [job, *pending.values()]:
                        yield ServiceDiff(rest[0], rest[0], ModelChanges(), Files(),
                                          problem="a worker process died while comparing it")  # fmt: skip
                    return


def diff_releases(
    old: Release, new: Release, services: list[str], values_dir: Path | None, cache: Path,
    workers: int = 0,
) -> DiffReport:
    """Compare ``services`` (every service of either release when empty) from ``old`` to ``new``."""
    started = time.perf_counter()
    if values_dir is not None and not values_dir.is_dir():
        raise SdkParityError("values folder not found (or not a folder)", path=str(values_dir))
    before, after = model_index(old, cache), model_index(new, cache)
    known = sorted(set(before) | set(after))
    for name in services:
        if name not in known:
            raise SdkParityError(
                f"unknown service '{name}' in botocore {old.version} and {new.version}"
                f"{suggest(name, known)}", path=name,
            )  # fmt: skip
    names = sorted(set(services)) if services else known
    report = DiffReport(old, new, in_scope=len(names))
    jobs: list[Job] = []
    for name in names:
        if before.get(name) == after.get(name):
            report.unchanged += 1
            report.values_unchanged += len(_values_files(values_dir, name))
            continue
        jobs.append((name, old, new, name in before, name in after, _values_files(values_dir, name)))
    jobs.sort(key=lambda j: (-max(_size(old, j[0]), _size(new, j[0])), j[0]))
    report.services = sorted(_run(jobs, workers), key=lambda s: s.name)
    report.seconds = time.perf_counter() - started
    return report
