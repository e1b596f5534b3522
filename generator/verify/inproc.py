"""Verify, batch mode of the script runner: examples run in a long-lived worker process.

Stage: verify (the parent side of :mod:`generator.verify.worker`). Input: an example's text and
the environment the script runner gives it; output: ``(exit code, stdout, stderr)``, as if the
file had been run by its interpreter.

* :class:`Worker` owns one ``python -m generator.verify.worker KIND`` process, sends it one job at a
  time and restarts it after a timeout or a crash; :func:`borrow` hands each runner thread a
  worker per kind of job that outlives the batch, so a process-pool run over many services pays the imports of
  boto3 and awscli once per thread, not once per service.
* :func:`cli_argv` turns a CLI script into the argv of its ``aws`` line with the real shell:
  ``sh`` runs the script with ``aws`` defined as a shell function that writes its arguments,
  NUL-separated, to a file - so quoting, line continuations, ``$(...)`` inside quotes and
  anything else the script does are the shell's own reading; the script is sourced with no
  positional parameters, so its ``"$@"`` (the user's extra arguments) expands to nothing, as
  in a run without arguments; ``aws --version`` (a script asks it to tell AWS CLI version 2
  from version 1) is answered with what the CLI of the job prints. Scripts that write files for the
  command (``mktemp``/``trap``: the files are gone when the script exits) or call ``aws`` other
  than once return ``None``: the script runner then runs them whole with ``sh``.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_REPO = Path(__file__).resolve().parents[2]
_ARGV_PRELUDE = """\
sdk_parity_calls=0
aws() {
    if [ "$#" = 1 ] && [ "$1" = --version ]; then
        printf '%s\\n' "$SDK_PARITY_AWS_VERSION"
        return 0
    fi
    sdk_parity_calls=$((sdk_parity_calls + 1))
    printf '%s\\0' "$@" > "$SDK_PARITY_ARGV.$sdk_parity_calls"
}
sdk_parity_script=$1
shift
. "$sdk_parity_script"
"""
_WRITES_FILES = ("mktemp", "trap ", "<<")


class WorkerError(Exception):
    """The worker process died or did not answer in time."""


class Worker:
    """One worker process for jobs of one ``kind`` (``python`` or ``aws``: never both in one
    process, see :mod:`generator.verify.worker`); :meth:`run` is called by one thread at a time."""

    def __init__(self, kind: str = "python", python: str = "") -> None:
        self.kind = kind
        self.python = python or sys.executable  # AWS CLI version 2 jobs: version 2's Python
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self.jobs = 0

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(_REPO), env.get("PYTHONPATH", "")) if p
            )
            self._proc = subprocess.Popen(
                [self.python, "-m", "generator.verify.worker", self.kind], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=str(_REPO),
            )  # fmt: skip
            self._buffer = b""
        return self._proc

    def run(self, job: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one job and wait for its answer; a worker that overruns is killed (and the
        next job starts a new one)."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        self.jobs += 1
        try:
            proc.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
            proc.stdin.flush()
        except OSError as exc:
            self.close()
            raise WorkerError(f"the worker died: {exc}") from exc
        deadline = time.monotonic() + timeout
        fd = proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self.close()
                raise WorkerError(f"timed out after {timeout:.0f}s")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    self.close()
                    raise WorkerError("the worker died")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        reply: dict[str, Any] = json.loads(line)
        return reply

    def hang_up(self) -> None:
        """Close the worker's input: it exits when its current job is answered."""
        if self._proc is not None and self._proc.stdin is not None and not self._proc.stdin.closed:
            self._proc.stdin.close()

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None and not proc.stdin.closed:
            proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


_POOL: dict[tuple[str, str], list[Worker]] = {}
_POOL_LOCK = threading.Lock()


def borrow(kind: str, python: str = "") -> Worker:
    """A worker of ``kind`` run by ``python`` (default: this interpreter) for the calling
    thread's batch; give it back with :func:`give_back`."""
    key = (kind, python or sys.executable)
    with _POOL_LOCK:
        idle = _POOL.get(key)
        return idle.pop() if idle else Worker(*key)


def give_back(worker: Worker) -> None:
    with _POOL_LOCK:
        _POOL.setdefault((worker.kind, worker.python), []).append(worker)


@atexit.register
def close_all() -> None:
    """Stop every idle worker (called at exit; a test may call it too)."""
    with _POOL_LOCK:
        workers = [w for idle in _POOL.values() for w in idle]
        _POOL.clear()
    for worker in workers:  # every worker is told first, so they all finish at once
        worker.hang_up()
    for worker in workers:
        worker.close()


def cli_argv(
    script: Path, env: dict[str, str], timeout: float, args: Sequence[str] = (), version: str = ""
) -> list[str] | None:
    """The argv (without ``aws``) of the single ``aws`` command ``script`` runs, read by ``sh``
    itself, with ``args`` as the script's own arguments (none when verifying); ``None`` when
    the script must be run whole (see the module doc). ``aws --version`` is answered with
    ``version`` (what the AWS CLI the argv is for prints), not counted as the command."""
    text = script.read_text(encoding="utf-8")
    if any(marker in text for marker in _WRITES_FILES):
        return None
    target = script.parent / "argv"
    run_env = dict(env, SDK_PARITY_ARGV=str(target), SDK_PARITY_AWS_VERSION=version)
    try:
        proc = subprocess.run(
            ["sh", "-c", _ARGV_PRELUDE, "sh", str(script), *args], cwd=script.parent, env=run_env,
            capture_output=True, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    calls = sorted(script.parent.glob("argv.*"))
    if proc.returncode != 0 or len(calls) != 1:
        return None
    raw = calls[0].read_bytes()
    for call in calls:
        call.unlink()
    if not raw.endswith(b"\0"):
        return [] if not raw else None
    return [part.decode("utf-8", "surrogateescape") for part in raw[:-1].split(b"\0")]
