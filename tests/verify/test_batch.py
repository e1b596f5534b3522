"""Batch mode of the script runner: examples in a long-lived worker, the CLI through its driver.

The worker must run each example as its own interpreter would (fresh ``__main__``, its own
environment, captured streams, ``sys.exit`` as the exit code), the shell must be what reads a
CLI script's argv, and a batch verdict must equal the verdict of the same script run whole.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import require_tool

from generator.generate.pipeline import DEFAULT_VALUES
from generator.verify import inproc, scripts
from generator.verify.collect import collect
from generator.verify.examples import MISMATCH, PARITY, Example, Verdict


@pytest.fixture()
def worker() -> Iterator[inproc.Worker]:
    w = inproc.Worker("python")
    yield w
    w.close()


def _job(tmp: Path, text: str, env: dict[str, str] | None = None, pythonpath: str = "") -> dict[str, object]:
    script = tmp / "example.py"
    script.write_text(text, encoding="utf-8")
    return {"kind": "python", "path": str(script), "text": text, "pythonpath": pythonpath,
            "env": env or {"PATH": "/usr/bin:/bin"}, "cwd": str(tmp)}  # fmt: skip


def test_python_job_runs_as_main_with_its_own_environment_and_streams(
    worker: inproc.Worker, tmp_path: Path
) -> None:
    text = (
        "import os, sys\n"
        "if __name__ == '__main__':\n"
        "    print('out', os.environ.get('ONLY_HERE'), sys.argv[0].endswith('example.py'))\n"
        "    print('err', file=sys.stderr)\n"
        "    leaked = 1\n"
    )
    reply = worker.run(_job(tmp_path, text, {"ONLY_HERE": "yes"}), 60)
    assert reply == {"code": 0, "stdout": "out yes True\n", "stderr": "err\n"}
    second = "import os\nprint(os.environ.get('ONLY_HERE'), 'leaked' in globals())\n"
    assert worker.run(_job(tmp_path, second), 60)["stdout"] == "None False\n"


def test_exit_codes_and_exceptions_are_the_interpreters(worker: inproc.Worker, tmp_path: Path) -> None:
    assert worker.run(_job(tmp_path, "import sys\nsys.exit(3)\n"), 60)["code"] == 3
    assert worker.run(_job(tmp_path, "import sys\nsys.exit('bad')\n"), 60) == {
        "code": 1, "stdout": "", "stderr": "bad\n"}  # fmt: skip
    failed = worker.run(_job(tmp_path, "raise ValueError('boom')\n"), 60)
    assert failed["code"] == 1 and "ValueError: boom" in failed["stderr"]
    assert worker.run(_job(tmp_path, "print('still alive')\n"), 60)["stdout"] == "still alive\n"


def test_writing_to_the_real_descriptors_cannot_break_the_protocol(
    worker: inproc.Worker, tmp_path: Path
) -> None:
    text = "import os\nos.write(1, b'{not json\\n')\nos.write(2, b'x')\nprint('ok')\n"
    assert worker.run(_job(tmp_path, text), 60) == {"code": 0, "stdout": "ok\n", "stderr": ""}


def test_a_hanging_example_times_out_and_the_next_gets_a_new_worker(
    worker: inproc.Worker, tmp_path: Path
) -> None:
    with pytest.raises(inproc.WorkerError, match="timed out"):
        worker.run(_job(tmp_path, "import time\ntime.sleep(30)\n"), 1)
    assert worker.run(_job(tmp_path, "print(1)\n"), 60)["stdout"] == "1\n"


def test_a_package_folder_is_importable_per_job_and_dropped_for_another(
    worker: inproc.Worker, tmp_path: Path
) -> None:
    folders = []
    for version in ("one", "two"):
        folder = tmp_path / version
        (folder / "sdkp_pkg").mkdir(parents=True)
        (folder / "sdkp_pkg" / "__init__.py").write_text(f"VERSION = {version!r}\n", encoding="utf-8")
        folders.append(str(folder))
    text = "import sdkp_pkg\nprint(sdkp_pkg.VERSION)\n"
    outputs = [worker.run(_job(tmp_path, text, pythonpath=f), 60)["stdout"] for f in folders]
    assert outputs == ["one\n", "two\n"]
    missing = worker.run(_job(tmp_path, text), 60)
    assert missing["code"] == 1 and "ModuleNotFoundError" in missing["stderr"]


def test_a_worker_runs_one_kind_of_job(worker: inproc.Worker, tmp_path: Path) -> None:
    job = {"kind": "aws", "argv": ["--version"], "env": {}, "cwd": str(tmp_path)}
    reply = worker.run(job, 60)
    assert reply["code"] == -2 and "a python worker cannot run a aws job" in reply["stderr"]


def test_the_cli_worker_runs_awscli_own_driver(tmp_path: Path) -> None:
    """In its own process: ``import awscli`` redirects ``import botocore`` to its own copy."""
    cli = inproc.Worker("aws")
    try:
        env = {"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1"}
        reply = cli.run({"kind": "aws", "argv": ["--version"], "env": env, "cwd": str(tmp_path)}, 60)
        assert reply["code"] == 0 and reply["stdout"].startswith("aws-cli/"), reply
    finally:
        cli.close()


def test_the_shell_reads_the_cli_argv(tmp_path: Path) -> None:
    require_tool("sh")
    script = tmp_path / "example.sh"
    script.write_text(
        "#!/bin/sh\n# a comment with 'quotes\nset -eu\n\n"
        "aws s3api put-object \\\n    --key 'it'\"'\"'s $(not run) # kept' \\\n"
        "    --body \"a\\\\b\" \\\n    --tagging 'line one\nline two'\n",
        encoding="utf-8",
    )
    assert inproc.cli_argv(script, {"PATH": "/usr/bin:/bin"}, 30) == [
        "s3api", "put-object", "--key", "it's $(not run) # kept", "--body", "a\\b",
        "--tagging", "line one\nline two",
    ]  # fmt: skip


def test_a_script_that_writes_files_or_calls_aws_twice_runs_whole(tmp_path: Path) -> None:
    require_tool("sh")
    files = tmp_path / "files.sh"
    files.write_text(
        'set -eu\nworkdir=$(mktemp -d)\ntrap \'rm -rf "$workdir"\' EXIT\n'
        'printf \'x\' > "$workdir/a"\naws s3 cp "$workdir/a" s3://b/a\n',
        encoding="utf-8",
    )
    twice = tmp_path / "twice.sh"
    twice.write_text("aws s3 ls\naws s3 ls\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin"}
    assert inproc.cli_argv(files, env, 30) is None
    assert inproc.cli_argv(twice, env, 30) is None


def _examples(langs: tuple[str, ...], operations: list[str] | None) -> list[Example]:
    with tempfile.TemporaryDirectory() as tmp:
        examples, refused = collect([("personalize", operations)], langs, DEFAULT_VALUES, Path(tmp))
        assert not refused
    return examples


def test_every_personalize_cli_script_run_whole_by_sh_agrees_with_its_batch_verdict() -> None:
    """The wrapper proven on every Personalize CLI script: ``sh`` + the real ``aws`` (with the
    endpoint shim) and the in-process driver on ``sh``'s argv reach the same verdict."""
    require_tool("sh")
    examples = _examples(("cli",), None)
    verdicts: list[Verdict] = []
    scripts.run_batch(examples, verdicts.append, {}, workers=2, whole_every=1)
    bad = [f"{v.operation}: {v.detail}" for v in verdicts if v.status != PARITY]
    assert not bad, "\n".join(bad)
    assert len(verdicts) == len(examples) == 71


def test_batch_and_whole_runs_that_disagree_are_a_mismatch() -> None:
    batch = Verdict("s", "Op", "cli", PARITY)
    whole = Verdict("s", "Op", "cli", MISMATCH, "exit 2: usage")
    agreed = scripts._agree(batch, whole)  # noqa: SLF001 - the rule itself is under test
    assert agreed.status == MISMATCH
    assert "batch mode and a whole run differ" in agreed.detail and "exit 2: usage" in agreed.detail
    assert scripts._agree(batch, Verdict("s", "Op", "cli", PARITY)) is batch  # noqa: SLF001
