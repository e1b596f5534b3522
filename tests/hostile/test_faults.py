"""Faults: ``kill -9`` at random points then a rerun gives the clean tree byte for byte; stray
temporary files are removed; SIGTERM leaves none; workers die with their parent; a killed worker
gives exit 3 naming the service; a failed write (file size limit, like a full disk) gives exit 2
naming the path."""

from __future__ import annotations

import contextlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_support import REPO

SERVICES = "eks-auth,inspector-scan,forecastquery"
TRIES = int(os.environ.get("SDK_PARITY_KILL_TRIES", "5"))


def _start(out: Path, *extra: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", "--services", SERVICES, "--out", str(out),
         "--workers", "2", *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, **kwargs,  # type: ignore[call-overload]
    )  # fmt: skip


def _generate(out: Path) -> None:
    process = _start(out)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _group_gone(pgid: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("clean") / "out"
    _generate(out)
    return _tree(out)


def _kill_and_rerun(clean: dict[str, bytes], tmp_path: Path, tries: int) -> None:
    chooser = random.Random(20261130)
    for attempt in range(tries):
        out = tmp_path / f"try{attempt}"
        if attempt % 2:  # half the tries interrupt an incremental run over an older tree
            _generate(out)
            (out / "eks-auth" / "stale.md").write_text("left from an old run")
        process = _start(out, *(["--no-cache"] if attempt % 2 else []))
        time.sleep(chooser.uniform(0.3, 3.0))
        process.kill()  # SIGKILL to the parent only: its workers must follow it
        process.communicate()
        assert _group_gone(process.pid), f"try {attempt}: workers outlived their parent"
        _generate(out)
        tree = _tree(out)
        extra = sorted(set(tree) - set(clean) - {"eks-auth/stale.md"})
        assert not extra, f"try {attempt}: stray files {extra[:5]}"
        assert {k: v for k, v in tree.items() if k != "eks-auth/stale.md"} == clean, f"try {attempt}"


def test_kill_9_at_random_points_then_rerun_is_byte_identical(clean: dict[str, bytes], tmp_path: Path) -> None:
    _kill_and_rerun(clean, tmp_path, TRIES)


@pytest.mark.slow
def test_kill_9_twenty_five_times(clean: dict[str, bytes], tmp_path: Path) -> None:
    _kill_and_rerun(clean, tmp_path, 25)


def test_stray_temporaries_are_removed_and_user_files_kept(clean: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "eks-auth" / "python").mkdir(parents=True)
    stray = out / "eks-auth" / "python" / ".assume_role_for_pod_identity.py.k3j_9xq2.tmp"
    stray.write_text("half written")
    mine = out / ".mine.tmp"
    mine.write_text("mine")
    _generate(out)
    assert not stray.exists()
    assert mine.exists()


def test_sigterm_leaves_no_temporary_file(tmp_path: Path) -> None:
    chooser = random.Random(7)
    for attempt in range(3):
        out = tmp_path / f"t{attempt}"
        process = _start(out)
        time.sleep(chooser.uniform(0.8, 2.5))
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=60)
        assert _group_gone(process.pid)
        assert not [p for p in out.rglob("*.tmp")], attempt


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_killed_worker_gives_exit_3_naming_the_service(tmp_path: Path) -> None:
    for attempt in range(12):
        process = _start(tmp_path / f"w{attempt}")
        victims: list[int] = []
        while process.poll() is None and not victims:
            victims = _children(process.pid)
            time.sleep(0.01)
        if victims:  # at once: these services take a worker well under a second
            with contextlib.suppress(ProcessLookupError):  # a short-lived child already gone
                os.kill(victims[-1], signal.SIGKILL)
        _, err = process.communicate(timeout=120)
        if process.returncode == 0:
            continue  # no worker was killed while it worked: try again
        assert process.returncode == 3, err[-2000:]
        assert "a worker process died" in err
        assert any(name in err for name in SERVICES.split(","))
        assert "BrokenProcessPool" not in err
        return
    pytest.fail("no worker could be killed while it was working")


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_failed_write_gives_exit_2_naming_the_path(workers: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--services", SERVICES, "--out", str(out),
         "--workers", workers],
        cwd=REPO, capture_output=True, text=True, preexec_fn=_limit_file_size, timeout=120,
    )  # fmt: skip
    assert process.returncode == 2, process.stderr[-2000:]
    lines = process.stderr.splitlines()
    assert len(lines) == 1, process.stderr[-2000:]
    assert "File too large" in lines[0] and str(out) in lines[0]
    assert not [p for p in out.rglob("*.tmp")]
