"""Benchmark: hostile sizes are answered in linear time and bounded memory.

1. A long string (sqs SendMessage ``MessageBody``, a quote every third character) rendered by
   every language at 0.25, 0.5, 1 and 2 million characters, in this process, CPU seconds
   (median of ``--runs``); the CLI refuses past MAX_ARG_STRLEN, which is its answer. Side by
   side, the peer: the argument-size check the CLI target used before (``shlex.split`` of the
   quoted word), which is quadratic.
2. ``check`` of a tree whose run record repeats one run 5,000 times (fresh processes, wall).
3. Peak resident memory of ``generate`` with and without 600 MB of unrelated files (sparse)
   beside the values file.

Usage: ``.venv/bin/python bench/bench_hostile_sizes.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.errors import UnsupportedError
from generator.model.lower import get_operation, load_service
from generator.targets.registry import EXAMPLE_NAMES, render_example
from generator.values.tree import Value
from generator.values.validate import from_document

REPO = Path(__file__).resolve().parent.parent
QUEUE = "https://sqs.us-east-1.amazonaws.com/111122223333/q"


def _cpu(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def long_strings(runs: int) -> None:
    service = load_service("sqs")
    operation = get_operation(service, "SendMessage")
    print("1. a long string, CPU seconds to render (median of", runs, "runs)")
    print(f"{'characters':>11} " + " ".join(f"{lang:>7}" for lang in EXAMPLE_NAMES) + "  shlex.split (before)")
    for size in (250_000, 500_000, 1_000_000, 2_000_000):
        text = ("ab'" * size)[:size]
        value = from_document(service, operation, {"QueueUrl": QUEUE, "MessageBody": text})
        cells = []
        for lang in EXAMPLE_NAMES:
            def render(lang: str = lang, value: Value = value) -> None:
                try:
                    render_example(service, operation, value, lang, "Send a message")
                except UnsupportedError:
                    pass  # the CLI's answer past MAX_ARG_STRLEN
            cells.append(f"{_cpu(render, runs):7.2f}")
        word = shlex.quote(text)
        peer = f"{_cpu(lambda word=word: shlex.split(word), 1):.2f}" if size <= 500_000 else "(skipped: minutes)"
        print(f"{size:>11} " + " ".join(cells) + f"  {peer}")


def _wall(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def repeated_runs(runs: int, tmp: Path) -> None:
    out = tmp / "record"
    subprocess.run([sys.executable, "-m", "generator", "generate", "sqs", "SendMessage", "--out", str(out)],
                   cwd=REPO, check=True, capture_output=True)  # fmt: skip
    one = _wall(["check", "--out", str(out)], runs)
    record = out / ".sdk-parity-run.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["runs"] = data["runs"] * 5000
    record.write_text(json.dumps(data), encoding="utf-8")
    many = _wall(["check", "--out", str(out)], runs)
    print(f"2. check, wall seconds (median of {runs}): one run recorded {one:.2f}, the same run 5,000 times {many:.2f}")


def _peak(args: list[str]) -> int:
    probe = ("import resource, subprocess, sys\n"
             "subprocess.run([sys.executable, '-m', 'generator', *sys.argv[1:]], capture_output=True, check=True)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=REPO, capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) // 1024


def values_folder(tmp: Path) -> None:
    folder = tmp / "values" / "sqs"
    folder.mkdir(parents=True)
    (folder / "SendMessage.json").write_text(json.dumps({"QueueUrl": QUEUE, "MessageBody": "hi"}), encoding="utf-8")
    args = ["generate", "sqs", "SendMessage", "--values-dir", str(tmp / "values")]
    before = _peak([*args, "--out", str(tmp / "a")])
    with (folder / "unrelated.bin").open("wb") as handle:
        handle.truncate(600 * 1024 * 1024)
    after = _peak([*args, "--out", str(tmp / "b")])
    catalog = _peak(["generate", "--services", "sqs", "--workers", "1", "--values-dir", str(tmp / "values"),
                     "--out", str(tmp / "c")])  # fmt: skip
    print(f"3. peak RSS of generate, MiB: {before} without, {after} with 600 MB of unrelated files "
          f"(generate --services: {catalog})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    long_strings(args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        repeated_runs(args.runs, Path(tmp))
        values_folder(Path(tmp))


if __name__ == "__main__":
    main()
