"""Benchmark: the cargo build of the Rust examples, debug profile beside release, cold and warm.

Renders every Rust example of the given services, lays them out as the verify runner does (one
workspace, one binary per service: ``generator/verify/rusttool.write_workspace``) and times
``cargo build`` (debug) beside ``cargo build --release``, each from an empty target folder (cold:
every dependency compiled) and then again after the examples changed (warm: only the examples).
The crates come from the pinned lock file (``bash .ci/setup-rust`` first). Prints the median,
min and max of each. Usage:
``.venv/bin/python bench/bench_rust_build.py [--services sts,sqs] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.naming import rust as names
from generator.targets.rust import render_rust
from generator.verify import rusttool


def sources(services: list[str]) -> dict[str, tuple[str, dict[str, str]]]:
    crates: dict[str, tuple[str, dict[str, str]]] = {}
    number = 0
    for name in services:
        service = load_service(name)
        found: dict[str, str] = {}
        for op in service.operations.values():
            try:
                text = render_rust(service, op, example_value(service, op, None), op.name).text
            except UnsupportedError:
                continue
            found[f"ex_{number}"] = text
            number += 1
        crates[f"ex-{name}"] = (names.crate(service.service_id), found)
    return crates


def build(folder: Path, target: Path, release: bool) -> float:
    env = rusttool.cargo_env()
    env["CARGO_TARGET_DIR"] = str(target)
    command = [rusttool._cargo(), "build", "--offline", "--workspace", "--quiet"]
    started = time.perf_counter()
    subprocess.run(command + (["--release"] if release else []), cwd=folder, env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", default="sts")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rusttool.install()
    crates = sources(args.services.split(","))
    examples = sum(len(s) for _, s in crates.values())
    results: dict[str, list[float]] = {}
    for run in range(args.runs):
        for release in (False, True):
            label = "release" if release else "debug"
            with tempfile.TemporaryDirectory(prefix="bench-rust-") as tmp:
                folder, target = Path(tmp) / "ws", Path(tmp) / "target"
                folder.mkdir()
                rusttool.write_workspace(crates, folder)
                results.setdefault(f"{label} cold", []).append(build(folder, target, release))
                for _dep, files in crates.values():  # every example changed: only they rebuild
                    for module in files:
                        path = folder / f"ex-{args.services.split(',')[0]}" / "src" / f"{module}.rs"
                        if path.is_file():
                            path.write_text(path.read_text() + f"// run {run}\n")
                time.sleep(1)
                results.setdefault(f"{label} warm", []).append(build(folder, target, release))
    print(f"{examples} examples of {args.services}, {args.runs} runs each")
    for label, times in results.items():
        print(f"{label:>13}: median {statistics.median(times):6.1f} s  "
              f"min {min(times):6.1f} s  max {max(times):6.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
