"""Shared pytest helpers.

``require_tool(name)`` guards tests that need an external program (javac, mvn, java ...): where
the program is missing the test is skipped with the reason printed, except under CI (``CI=true``),
where a missing tool is a failure - CI must have every toolchain the suite needs.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    """True when running under CI (the CI runner sets ``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_tool(name: str, reason: str = "") -> str:
    """Return the path of ``name`` on PATH, or skip (fail under CI) when it is missing."""
    path = shutil.which(name)
    if path is not None:
        return path
    message = f"required tool {name!r} is not on PATH" + (f": {reason}" if reason else "")
    if in_ci():
        pytest.fail(message + " (CI=true: missing tools fail instead of skipping)")
    print(f"SKIP: {message}")
    pytest.skip(message)


def require_aws_v2() -> str:
    """The ``aws`` program of AWS CLI version 2, or skip (fail under CI) when it is missing."""
    from generator.verify import clitool  # deferred: only the CLI v2 tests need it

    try:
        return clitool.v2().aws
    except clitool.AwsCliMissing as exc:
        if in_ci():
            pytest.fail(f"{exc} (CI=true: missing tools fail instead of skipping)")
        print(f"SKIP: {exc}")
        pytest.skip(str(exc))
