"""Verify, running: every example of a run, unmodified, each batch by its target's runner.

Stage: verify. Input: :class:`~generator.verify.examples.Example` s. Output: one
:class:`~generator.verify.examples.Verdict` per example (handed to a callback as soon as it is
decided, for the progress display) and the time spent per language and stage.

Examples are grouped by the ``runner`` their target names in :mod:`generator.targets.registry`
(the script runner for CLI, Python and typed-client examples, the Java runner for Java, ...);
each runner module exposes ``run_batch(examples, done, timings, workers)``, starts the loopback
endpoints it needs (127.0.0.1 only) and closes them at the end. The batches run concurrently,
one thread each.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Sequence
from types import ModuleType

from generator.targets.registry import target
from generator.verify.examples import Done, Example, Verdict, harness_failure


def runner(name: str) -> ModuleType:
    """The runner module a target names (imported here, when a run starts: runners load
    toolchains, botocore and moto, which generation never needs)."""
    return importlib.import_module(name)


def execute(
    examples: Sequence[Example], workers: int = 3, done: Done | None = None
) -> tuple[list[Verdict], dict[str, float]]:
    """Run everything; returns the verdicts and the seconds per language (summed over
    examples) and per stage (keys such as ``java compile``), plus ``wall``."""
    verdicts: list[Verdict] = []
    timings: dict[str, float] = {}
    lock = threading.Lock()
    started = time.monotonic()

    def record(verdict: Verdict) -> None:
        with lock:
            verdicts.append(verdict)
        if done is not None:
            done(verdict)

    batches: dict[str, list[Example]] = {}
    for example in examples:
        batches.setdefault(target(example.lang).runner, []).append(example)

    def batch(name: str, group: list[Example]) -> Callable[[], None]:
        def work() -> None:
            decided: set[tuple[str, str, str, str]] = set()

            def batch_done(verdict: Verdict) -> None:
                decided.add((verdict.service, verdict.operation, verdict.lang, verdict.label))
                record(verdict)

            own: dict[str, float] = {}
            try:
                runner(name).run_batch(group, batch_done, own, workers)
            except Exception as exc:  # noqa: BLE001 - e.g. no JDK: every undecided example says so
                for ex in group:
                    if ex.key not in decided:
                        record(harness_failure(ex, exc))
            with lock:
                for key, seconds in own.items():
                    timings[key] = timings.get(key, 0.0) + seconds

        return work

    threads = [
        threading.Thread(target=batch(name, group), name=f"sdk-parity-verify-{name}", daemon=True)
        for name, group in sorted(batches.items())
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings["wall"] = time.monotonic() - started
    return verdicts, timings
