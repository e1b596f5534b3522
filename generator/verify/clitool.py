"""Verify, the AWS CLI installations an example is run with: version 1 beside sdk-parity, version 2
from the system.

Stage: verify (an edge, like ``javatool``/``jstool``/``gotool``). Input: the environment
(``PATH``, ``SDK_PARITY_AWS_V2``); output: an :class:`AwsCli` per installation - the ``aws``
program, the Python that runs it (its batch-mode worker runs there, see
:mod:`generator.verify.worker`), its version and the line ``aws --version`` prints.

* ``v1``: awscli 1.x, installed into sdk-parity's own environment (``.ci/constraints.txt``),
  run by this interpreter;
* ``v2``: AWS CLI 2.x as people install it; here Debian's ``awscli`` package (2.9.19 on
  bookworm, ``apt-get install awscli``: ``/usr/bin/aws``, a Python script run by
  ``/usr/bin/python3`` with the package in its ``dist-packages``). ``SDK_PARITY_AWS_V2`` names
  another ``aws`` program. A v2 that is not a Python script (AWS's own installer ships a frozen
  binary) has no ``python``: its examples then run whole, by ``sh`` and that ``aws``.

Nothing here imports awscli: version 1 puts its own copy of botocore first on the import path,
and version 2 lives in another interpreter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

V2_ENV = "SDK_PARITY_AWS_V2"
V2_DEFAULT = "/usr/bin/aws"  # Debian's awscli package
INSTALL_HINT = "apt-get install awscli (Debian's AWS CLI version 2), or set SDK_PARITY_AWS_V2"
_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class AwsCli:
    """One installed AWS CLI. ``python`` is empty when ``aws`` is not a Python script."""

    major: str  # "1" or "2"
    aws: str
    python: str
    version: str  # awscli.__version__, e.g. 2.9.19

    @property
    def label(self) -> str:
        return f"awscli {self.version}"


class AwsCliMissing(Exception):
    """The AWS CLI version asked for is not installed here (the message says how to get it)."""


def _shebang_python(program: Path) -> str:
    """The interpreter of a ``#!`` script that is a Python, or ``""``."""
    try:
        with program.open("rb") as fh:
            first = fh.readline(256)
    except OSError:
        return ""
    if not first.startswith(b"#!"):
        return ""
    words = first[2:].decode("utf-8", "replace").split()
    if words and Path(words[0]).name == "env" and len(words) > 1:
        words = [shutil.which(words[1]) or words[1], *words[2:]]
    return words[0] if words and "python" in Path(words[0]).name else ""


def _probe(python: str) -> str:
    """``awscli.__version__`` as ``python`` imports it (``""`` when it cannot)."""
    try:
        proc = subprocess.run(
            [python, "-c", "import awscli; print(awscli.__version__)"], capture_output=True,
            text=True, timeout=60, check=False, cwd="/", env={**os.environ, "PYTHONPATH": ""},
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _version_output(aws: str) -> str:
    """What ``aws --version`` prints (``aws-cli/2.9.19 Python/3.11.2 ...``), or ``""``."""
    try:
        proc = subprocess.run(
            [aws, "--version"], capture_output=True, text=True, timeout=60, check=False, cwd="/"
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (proc.stdout.strip() or proc.stderr.strip()).splitlines()[0] if proc.returncode == 0 else ""


@cache
def v1() -> AwsCli:
    """awscli 1.x of sdk-parity's environment (``aws`` beside this interpreter)."""
    aws = shutil.which("aws", path=str(_BIN)) or shutil.which("aws") or "aws"
    try:
        found = metadata.version("awscli")
    except metadata.PackageNotFoundError:  # the runner reports the failure when it runs
        found = ""
    return AwsCli("1", aws, sys.executable, found)


@cache
def v2() -> AwsCli:
    """AWS CLI 2.x (:data:`V2_ENV`, else Debian's ``/usr/bin/aws``); :class:`AwsCliMissing`
    when there is none."""
    wanted = os.environ.get(V2_ENV, "") or V2_DEFAULT
    program = Path(wanted)
    if not program.is_file() or not os.access(program, os.X_OK):
        raise AwsCliMissing(f"AWS CLI version 2 not available here: no {wanted} ({INSTALL_HINT})")
    python = _shebang_python(program)
    version = _probe(python) if python else ""
    if not version:  # a frozen binary: ask it
        line = _version_output(str(program))
        version = line.split(" ", 1)[0].removeprefix("aws-cli/") if line.startswith("aws-cli/") else ""
        python = ""
    if not version.startswith("2."):
        raise AwsCliMissing(
            f"AWS CLI version 2 not available here: {wanted} is {version or 'not an AWS CLI'} ({INSTALL_HINT})"
        )
    return AwsCli("2", str(program), python, version)


def installed(major: str) -> AwsCli:
    """The installation of AWS CLI version ``major`` ("1" or "2")."""
    return v2() if major == "2" else v1()


@cache
def version_line(major: str) -> str:
    """The line ``aws --version`` of that installation prints (a script that asks for it gets
    it in batch mode too, see :mod:`generator.verify.inproc`)."""
    return _version_output(installed(major).aws)


def v2_version() -> str:
    """The AWS CLI 2.x version installed here, or ``-`` (part of the verify cache's key)."""
    try:
        return v2().version
    except AwsCliMissing:
        return "-"
