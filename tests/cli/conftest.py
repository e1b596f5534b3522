"""Helpers for driving the installed console script, as a user would."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".venv" / "bin" / "sdk-parity"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def sdk() -> Run:
    """``sdk("list", "s4")``: run ``.venv/bin/sdk-parity`` with fixed COLUMNS, capture its output."""
    assert SCRIPT.exists(), f"{SCRIPT} is missing: run bash .ci/setup"

    def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "COLUMNS": "100"}
        return subprocess.run(
            [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=timeout,
            cwd=REPO,
        )

    return run
