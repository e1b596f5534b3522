"""Limits as data (``generator/data/limits.json``): a values file whose example a target could
not run - a command line over ARG_MAX, an argument over MAX_ARG_STRLEN, a method javac refuses,
a header no SDK sends - is exit 2 with one line before anything is written; long strings are
answered in linear time; values folders are read only where an operation's values can be."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hostile_support import REPO, assert_one_line_error, invoke, run
from support import require_tool

from generator.model.lower import get_operation, load_service
from generator.values import limits
from generator.values.validate import from_document

QUEUE = "https://sqs.us-east-1.amazonaws.com/111122223333/q"


def _values(tmp_path: Path, service: str, operation: str, doc: dict[str, Any]) -> Path:
    folder = tmp_path / "values" / service
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{operation}.json").write_text(json.dumps(doc), encoding="utf-8")
    return tmp_path / "values"


@pytest.mark.parametrize("items", [300_000, 1_000_000])
def test_a_list_over_the_command_line_limit_is_exit_2_and_writes_nothing(items: int, tmp_path: Path) -> None:
    doc = {"QueueUrl": QUEUE, "MessageAttributeNames": [f"attr{i}" for i in range(items)]}
    values = _values(tmp_path, "sqs", "ReceiveMessage", doc)
    out = tmp_path / "out"
    result = run("generate", "sqs", "ReceiveMessage", "--values-dir", str(values), "--out", str(out), timeout=300)
    assert_one_line_error(result, "ReceiveMessage.json", "ARG_MAX", "(AWS CLI)")
    assert not out.exists()


def test_a_long_list_within_the_command_line_limit_is_written(tmp_path: Path) -> None:
    doc = {"QueueUrl": QUEUE, "MessageAttributeNames": [f"attr{i:05}" for i in range(20_000)]}
    values = _values(tmp_path, "sqs", "ReceiveMessage", doc)  # ~ 20,000 x (9 + 1 + 8) bytes
    result = invoke("snippet", "sqs", "ReceiveMessage", "--lang", "cli",
                    "--values", str(values / "sqs" / "ReceiveMessage.json"))
    assert result.returncode == 0, result.stderr


def test_an_argument_over_max_arg_strlen_is_exit_2(tmp_path: Path) -> None:
    values = _values(tmp_path, "sqs", "SendMessage", {"QueueUrl": QUEUE, "MessageBody": "é" * 70_000})
    result = invoke("generate", "sqs", "SendMessage", "--values-dir", str(values), "--out", str(tmp_path / "o"))
    assert_one_line_error(result, "--message-body", "MAX_ARG_STRLEN", "(AWS CLI)")
    snippet = invoke("snippet", "sqs", "SendMessage", "--lang", "python",
                     "--values", str(values / "sqs" / "SendMessage.json"))
    assert snippet.returncode == 0  # Python sends it: only the languages asked for are checked


def test_two_million_characters_are_answered_at_once(tmp_path: Path) -> None:
    """Rendered or refused in linear time (bench/hostile_sizes.py measures it; the timeout here
    only turns a quadratic regression into a failure instead of a hung run)."""
    values = _values(tmp_path, "sqs", "SendMessage", {"QueueUrl": QUEUE, "MessageBody": "x'y" * 700_000})
    file = values / "sqs" / "SendMessage.json"
    assert_one_line_error(run("snippet", "sqs", "SendMessage", "--lang", "cli", "--values", str(file),
                              timeout=60), "MAX_ARG_STRLEN")
    for lang in ("python", "java", "js", "go", "client"):
        result = run("snippet", "sqs", "SendMessage", "--lang", lang, "--values", str(file), timeout=60)
        assert result.returncode == 0, (lang, result.stderr)


def test_java_over_its_method_size_is_exit_2(tmp_path: Path) -> None:
    doc = {"QueueUrl": QUEUE, "MessageAttributeNames": [f"a{i}" for i in range(20_000)]}
    values = _values(tmp_path, "sqs", "ReceiveMessage", doc)
    result = invoke("generate", "sqs", "ReceiveMessage", "--values-dir", str(values), "--out", str(tmp_path / "o"))
    assert_one_line_error(result, "javac", "(SDK for Java 2.x)")
    assert not (tmp_path / "o").exists()


def test_java_at_its_value_limit_compiles(tmp_path: Path) -> None:
    """The bound of limits.json is safe: the largest example it allows compiles, built from the
    costliest value measured (a structure of a timestamp and a string, 11 bytes a value)."""
    require_tool("javac", "the Java example is compiled")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")
    from generator.naming.java import maven_module
    from generator.targets.java import render_java
    from generator.verify import javatool

    service = load_service("logs")
    operation = get_operation(service, "PutLogEvents")
    events = (limits.JAVA_MAX_VALUES - 4) // 3
    doc = {"logGroupName": "my-log-group", "logStreamName": "my-log-stream",
           "logEvents": [{"timestamp": 1700000000000 + i, "message": f"event {i}"} for i in range(events)]}
    value = from_document(service, operation, doc)
    assert limits.value_count(value) <= limits.JAVA_MAX_VALUES < limits.value_count(value) + 3
    snippet = render_java(service, operation, value, "Put log events")
    source = tmp_path / "src" / snippet.path.rsplit("/", 1)[-1]
    source.parent.mkdir()
    source.write_text(snippet.text, encoding="utf-8")
    module = maven_module(service.name, service.service_id)
    assert module is not None
    javatool.compile_java([source], javatool.classpath([module]), tmp_path / "classes")


HEADERS = {
    "CR LF in a header": ({"ContentDisposition": "attachment\r\nX-Injected: 1"}, "ContentDisposition", "line break"),
    "LF alone": ({"CacheControl": "no-cache\n"}, "CacheControl", "line break"),
    "escape in a header": ({"ContentLanguage": "en\x1b[31m"}, "ContentLanguage", "control character"),
    "non-ASCII header": ({"ContentDisposition": "attachment; filename=café.txt"}, "ContentDisposition", "non-ASCII"),
    "leading space": ({"ContentType": " text/plain"}, "ContentType", "whitespace"),
    "non-ASCII metadata": ({"Metadata": {"owner": "José"}}, "Metadata['owner']", "non-ASCII"),
    "metadata value with a newline": ({"Metadata": {"owner": "a\nb"}}, "Metadata['owner']", "line break"),
    "metadata key with a space": ({"Metadata": {"my key": "v"}}, "Metadata['my key']", "header name"),
    "metadata key with a colon": ({"Metadata": {"a:b": "v"}}, "Metadata['a:b']", "header name"),
}


@pytest.mark.parametrize("case", sorted(HEADERS))
def test_header_values_no_sdk_sends_are_exit_2(case: str, tmp_path: Path) -> None:
    members, where, needle = HEADERS[case]
    values = _values(tmp_path, "s3", "PutObject", {"Bucket": "amzn-s3-demo-bucket", "Key": "k", **members})
    result = invoke("generate", "s3", "PutObject", "--values-dir", str(values), "--out", str(tmp_path / "o"))
    line = assert_one_line_error(result, f"PutObject.json: {where}", needle)
    assert "\r" not in line and "\x1b" not in line
    assert not (tmp_path / "o").exists()


def test_ordinary_header_values_still_pass(tmp_path: Path) -> None:
    doc = {"Bucket": "amzn-s3-demo-bucket", "Key": "k", "ContentType": "text/plain; charset=utf-8",
           "ContentDisposition": 'attachment; filename="a b.txt"', "Metadata": {"owner": "team-a\tops"},
           "CacheControl": "max-age=60"}
    values = _values(tmp_path, "s3", "PutObject", doc)
    result = invoke("generate", "s3", "PutObject", "--values-dir", str(values), "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- the values folder


def _peak_kb(*args: str) -> int:
    """Peak resident memory (KiB) of ``python -m generator ARGS`` run in a fresh child."""
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'generator', *sys.argv[1:]], capture_output=True)\n"
        "assert r.returncode == 0, r.stderr.decode()[-2000:]\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.split()[-1])


def test_unrelated_files_in_the_values_folder_are_never_read(tmp_path: Path) -> None:
    values = _values(tmp_path, "sqs", "SendMessage", {"QueueUrl": QUEUE, "MessageBody": "hello"})
    sqs = values / "sqs"
    baseline = [_peak_kb("generate", "sqs", "SendMessage", "--values-dir", str(values), "--out", str(tmp_path / f"a{i}"))
                for i in range(2)]  # fmt: skip
    for name in ("big.bin", "NotAnOperation.json", "notes/big.json"):
        (sqs / name).parent.mkdir(exist_ok=True)
        with (sqs / name).open("wb") as handle:
            handle.truncate(600 * 1024 * 1024)  # sparse: costs no disk, 600 MB to read
    (sqs / "loop").symlink_to("..")
    (sqs / "self.json").symlink_to(sqs / "self.json")
    import os

    os.mkfifo(sqs / "Fifo.json")
    for args in (["generate", "sqs", "SendMessage"], ["generate", "--services", "sqs", "--workers", "1"]):
        peak = _peak_kb(*args, "--values-dir", str(values), "--out", str(tmp_path / args[1]))
        assert peak < max(baseline) + 64 * 1024, (args, peak, baseline)


@pytest.mark.parametrize("kind", ["self loop", "loop folder", "fifo", "device", "folder", "oversized"])
def test_an_operations_values_path_that_cannot_be_read_is_exit_2(kind: str, tmp_path: Path) -> None:
    import os

    sqs = tmp_path / "values" / "sqs"
    sqs.mkdir(parents=True)
    target = sqs / "SendMessage.json"
    if kind == "self loop":
        target.symlink_to(target)
    elif kind == "loop folder":
        sqs.rmdir()
        sqs.symlink_to(sqs)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    elif kind == "folder":
        target.mkdir()
    else:
        with target.open("wb") as handle:
            handle.truncate(limits.VALUES_FILE_BYTES + 1)
    for args in (["generate", "sqs", "SendMessage"], ["generate", "--services", "sqs"]):
        result = run(*args, "--values-dir", str(tmp_path / "values"), "--out", str(tmp_path / "o"), timeout=120)
        assert result.returncode == 2, (kind, args, result.stderr[-2000:])
        assert "Traceback" not in result.stderr
        last = result.stderr.splitlines()[-1]
        assert last.startswith("sdk-parity: error: ")
        if kind == "loop folder":
            assert "symbolic links" in last and ("SendMessage.json" in last or "values folder" in last), last
        else:
            assert "SendMessage.json" in last, last


@pytest.mark.parametrize("mode", [[], ["--services"]])
def test_verify_with_a_fifo_for_values_is_exit_2(mode: list[str], tmp_path: Path) -> None:
    import os

    folder = tmp_path / "values" / "eks-auth"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "AssumeRoleForPodIdentity.json")
    cache = ["--cache", str(tmp_path / "cache.json")] if mode else []
    result = run("verify", *mode, "eks-auth", "--lang", "python", "--values-dir", str(tmp_path / "values"),
                 *cache, timeout=300)  # fmt: skip
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].endswith("values file path is not a regular file (a FIFO)")
