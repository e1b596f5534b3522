"""Benchmark: ``sdk-parity verify personalize --lang go``, cold and warm build cache.

* cold: a fresh Go build cache and workspace (``SDK_PARITY_GO_CACHE`` pointing at a new folder
  whose module cache is the repository's ``.cache/go/mod``, so nothing is downloaded): the SDK's
  core and the personalize client are compiled, then the one service binary linked;
* warm: the repository's ``.cache/go`` after a run: nothing compiled, the binary up to date,
  the 71 examples run (about 40 ms each with botocore's reference request for each).

Each scenario runs several times; medians with every run's figure, wall time and the CPU time of
the command and every process it waited for (the go command, the compiler, the linker, the
example binaries). Usage: ``.venv/bin/python bench/bench_go_verify.py [--runs 3]
[--cold-runs 1]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_verify import REPO, VERIFY, _median_line, timed  # noqa: E402 - a sibling script

COMMAND = [*VERIFY, "personalize", "--lang", "go"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=1)
    args = parser.parse_args()
    cold = []
    for _ in range(args.cold_runs):
        with tempfile.TemporaryDirectory(prefix="go-cold-") as folder:
            (Path(folder) / "mod").symlink_to(REPO / ".cache" / "go" / "mod")
            os.environ["SDK_PARITY_GO_CACHE"] = folder
            wall, cpu, code, _out = timed(COMMAND)
            del os.environ["SDK_PARITY_GO_CACHE"]
            if code != 0:
                raise SystemExit("cold run: a Go example of personalize is not at parity")
            cold.append((wall, cpu))
    timed(COMMAND)  # makes the repository's cache warm
    warm = [timed(COMMAND)[:2] for _ in range(args.runs)]
    print("verify personalize --lang go (71 examples)")
    print(_median_line("cold (empty Go build cache)", cold, "compile + link + run"))
    print(_median_line("warm", warm, "target < 20 s for all six languages"))


if __name__ == "__main__":
    main()
