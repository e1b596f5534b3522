"""The file-system policy (docs/security.md) where ``generate``, ``client`` and ``check`` meet the
output folder: no link followed beneath ``--out`` for reading, writing or deleting; a FIFO, a
folder or a link where a file goes is one line and exit 2, never a hang or a traceback, and
nothing is written before it is found; only files the tool wrote, unchanged since, are deleted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile_support import assert_one_line_error, invoke, run

from generator.generate import fs
from generator.generate.write import RUN_RECORD, load_record, write_tree
from generator.targets import Artifact

OP = ("generate", "sqs", "SendMessage")
SCRIPT = "sqs/python/send_message.py"
SECRET = "top secret: never printed\n"


def _tree(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under ``root`` (links as their target text), to prove nothing changed."""
    found: dict[str, tuple[str, bytes]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = ("link", os.readlink(path).encode())
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = ("file", path.read_bytes())
    return found


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = invoke(*OP, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


# ------------------------------------------------------------------ check reads nothing outside


def test_check_diff_never_prints_what_a_planted_link_points_to(generated: Path, secret: Path) -> None:
    (generated / SCRIPT).unlink()
    (generated / SCRIPT).symlink_to(secret)
    (generated / "sqs" / "extra.md").symlink_to(secret)
    (generated / "sqs" / "notes").symlink_to(secret.parent)
    result = invoke("check", "--out", str(generated), "--diff")
    assert result.returncode == 1, result.stderr
    assert "top secret" not in result.stdout + result.stderr
    assert f"  stale   {SCRIPT}" in result.stdout
    assert "  extra   sqs/extra.md" in result.stdout and "  extra   sqs/notes" in result.stdout
    assert f"--- a/{SCRIPT} (a symbolic link, not followed)" in result.stdout


def test_check_through_a_linked_folder_reads_nothing(generated: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (generated / "sqs" / "python").rename(elsewhere)
    (elsewhere / "send_message.py").write_text(SECRET, encoding="utf-8")
    (generated / "sqs" / "python").symlink_to(elsewhere)
    result = invoke("check", "--out", str(generated), "--diff")
    assert result.returncode == 1
    assert "top secret" not in result.stdout
    assert f"  missing {SCRIPT}" in result.stdout and "  extra   sqs/python" in result.stdout


@pytest.mark.parametrize("kind", ["fifo", "folder", "link to a FIFO", "socket"])
def test_check_with_a_special_file_at_a_generated_path_does_not_hang(
    kind: str, generated: Path, tmp_path: Path
) -> None:
    target = generated / SCRIPT
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "socket":
        import socket

        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
        sock.close()
    else:
        os.mkfifo(tmp_path / "fifo")
        target.symlink_to(tmp_path / "fifo")
    result = run("check", "--out", str(generated), "--diff", timeout=60)
    assert result.returncode == 1, result.stderr
    assert SCRIPT in result.stdout


def test_check_diff_escapes_control_characters(generated: Path) -> None:
    page = generated / "sqs" / "SendMessage.md"
    page.write_bytes(page.read_bytes() + "\x1b]0;owned\x07\x1b[31mred\rover\x85\u202e\n".encode())
    (generated / "sqs" / "evil\x1b[2Jname.md").write_text("\x1b[2J", encoding="utf-8")
    result = invoke("check", "--out", str(generated), "--diff")
    assert result.returncode == 1
    for raw in ("\x1b", "\r", "\x07", "\x85", "\u202e"):
        assert raw not in result.stdout, repr(raw)
    assert "\\x1b[31mred\\x0dover\\x85\\u202e" in result.stdout
    assert "  extra   sqs/evil\\x1b[2Jname.md" in result.stdout


def test_a_carriage_return_in_a_value_does_not_leave_the_tree_stale(tmp_path: Path) -> None:
    values = tmp_path / "values" / "sqs"
    values.mkdir(parents=True)
    doc = {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/q", "MessageBody": "a\rb\r\nc\u2028d\x0ce"}
    (values / "SendMessage.json").write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    assert invoke(*OP, "--values-dir", str(tmp_path / "values"), "--out", str(out)).returncode == 0
    result = invoke("check", "--out", str(out))
    assert result.returncode == 0, result.stdout
    second = invoke(*OP, "--values-dir", str(tmp_path / "values"), "--out", str(out))
    assert "(0 changed" in second.stderr


# ------------------------------------------------------------------ generate writes nothing outside


@pytest.mark.parametrize("where", [SCRIPT, "sqs/python", "sqs", "sqs/SendMessage.md"])
def test_a_link_in_the_way_stops_generate_before_anything_is_written(
    where: str, generated: Path, tmp_path: Path, secret: Path
) -> None:
    (generated / "sqs" / "cli" / "send-message.sh").write_text("edited\n", encoding="utf-8")
    target = generated / where
    outside = tmp_path / "outside"
    outside.mkdir()
    if target.is_dir():
        target.rename(outside / "moved")
        target.symlink_to(outside / "moved")
    else:
        target.unlink()
        target.symlink_to(secret)
    before, outside_before = _tree(generated), _tree(outside)
    result = invoke(*OP, "--out", str(generated))
    assert_one_line_error(result, "symbolic link", str(generated))
    assert _tree(generated) == before  # not even the edited script was rewritten
    assert _tree(outside) == outside_before and secret.read_text(encoding="utf-8") == SECRET


@pytest.mark.parametrize("kind", ["fifo", "folder"])
@pytest.mark.parametrize("where", [SCRIPT, RUN_RECORD])
def test_a_fifo_or_folder_where_a_file_goes_is_exit_2(kind: str, where: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / where).parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(out / where)
    else:
        (out / where).mkdir()
    for args in (OP, ("client", "sqs", "--operations", "SendMessage")):
        result = run(*args, "--out", str(out), timeout=60)
        if where == SCRIPT and args[0] == "client":
            assert result.returncode == 0, result.stderr  # the client does not write there
            continue
        assert_one_line_error(result, str(out / where))
    if where == RUN_RECORD:
        assert_one_line_error(run("check", "--out", str(out), timeout=60), "not a regular file")


def test_a_file_where_a_folder_goes_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sqs").write_text("mine", encoding="utf-8")
    assert_one_line_error(invoke(*OP, "--out", str(out)), "a file is in the way")
    assert (out / "sqs").read_text(encoding="utf-8") == "mine"


def test_a_link_at_the_run_record_is_refused_and_not_read(generated: Path, secret: Path) -> None:
    (generated / RUN_RECORD).unlink()
    (generated / RUN_RECORD).symlink_to(secret)
    for args in (OP, ("check",)):
        line = assert_one_line_error(invoke(*args, "--out", str(generated)), "symbolic link")
        assert "top secret" not in line
    assert secret.read_text(encoding="utf-8") == SECRET


@pytest.mark.parametrize("command", [["generate", "sqs"], ["check"], ["client", "sqs"], ["site"],
                                     ["generate", "--services", "sqs"]])
def test_an_empty_out_is_refused(command: list[str], tmp_path: Path) -> None:
    result = run(*command, "--out", "", cwd=tmp_path)
    assert_one_line_error(result, "--out", "empty path")
    assert list(tmp_path.iterdir()) == []


def test_out_that_is_a_file_or_under_one_is_exit_2(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("mine", encoding="utf-8")
    for out in (file, file / "sub"):
        for args in (OP, ("client", "sqs"), ("generate", "--services", "eks-auth")):
            assert_one_line_error(invoke(*args, "--out", str(out)), str(out))
        assert_one_line_error(invoke("check", "--out", str(out)), "nothing generated")
    assert file.read_text(encoding="utf-8") == "mine"


# ------------------------------------------------------------------ deleting: only our own, unchanged


def _record(root: Path, files: dict[str, bytes]) -> None:
    run_ = {"plan": [["sqs", ["SendMessage"]]], "clients": [], "values": None, "profile": "minimal"}
    record = {"format": 2, "runs": [run_], "files": {p: fs.digest(d) for p, d in files.items()}}
    (root / RUN_RECORD).write_text(json.dumps(record), encoding="utf-8")


def test_pruning_deletes_only_recorded_files_unchanged_since(tmp_path: Path) -> None:
    root = tmp_path / "out"
    (root / "sqs").mkdir(parents=True)
    (root / "sqs" / "Old.md").write_bytes(b"old page\n")
    (root / "sqs" / "Edited.md").write_bytes(b"edited by hand\n")
    (root / "sqs" / "Mine.md").write_bytes(b"never generated\n")
    _record(root, {"sqs/Old.md": b"old page\n", "sqs/Edited.md": b"as generated\n"})
    report = write_tree([Artifact("sqs/New.md", "new\n")], root, prune=True,
                        run={"plan": [["sqs", None]], "clients": [], "values": None, "profile": "minimal"})
    assert (report.removed, report.kept) == (1, ["sqs/Edited.md"])
    assert sorted(p.name for p in (root / "sqs").iterdir()) == ["Edited.md", "Mine.md", "New.md"]
    record = load_record(root)
    assert record is not None and set(record.files) == {"sqs/New.md"}


@pytest.mark.parametrize("victim", [".git/HEAD", "notes/keep.txt", "sqs/.hidden", "../outside.txt"])
def test_a_hand_edited_record_cannot_point_pruning_elsewhere(victim: str, tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    target = (root / victim).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"precious\n")
    _record(root, {victim: b"precious\n"})  # even with the file's own content hash
    write_tree([Artifact("sqs/New.md", "new\n")], root, prune=True,
               run={"plan": [["sqs", None]], "clients": [], "values": None, "profile": "minimal"})
    assert target.read_bytes() == b"precious\n"


def test_pruning_never_deletes_through_a_link(tmp_path: Path, secret: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "sqs").symlink_to(secret.parent)
    _record(root, {"sqs/secret.txt": SECRET.encode()})
    report = write_tree([], root, prune=True, run=None)
    assert report.removed == 0 and secret.read_text(encoding="utf-8") == SECRET


def test_a_record_of_five_thousand_identical_runs_renders_each_operation_once(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = json.loads((generated / RUN_RECORD).read_text(encoding="utf-8"))
    record["runs"] = record["runs"] * 5000
    (generated / RUN_RECORD).write_text(json.dumps(record), encoding="utf-8")
    from generator import commands

    calls: list[object] = []
    real = commands.generate
    monkeypatch.setattr(commands, "generate", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = invoke("check", "--out", str(generated))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(calls) == 1


def test_five_thousand_distinct_runs_of_a_few_operations_render_each_once(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops = ["SendMessage", "GetQueueUrl", "PurgeQueue"]
    runs = [{"plan": [["sqs", [ops[i % 3]]], ["sqs", ops[: 1 + i % 3]]], "clients": [],
             "values": None, "profile": "minimal"} for i in range(5000)]
    (generated / RUN_RECORD).write_text(json.dumps({"format": 2, "runs": runs}), encoding="utf-8")
    from generator import commands

    calls: list[object] = []
    real = commands.generate
    monkeypatch.setattr(commands, "generate", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = invoke("check", "--out", str(generated))
    assert result.returncode == 1  # GetQueueUrl and PurgeQueue were never written
    assert len(calls) == 3


@pytest.mark.parametrize("text", ["{", '{"format": 2, "runs": [{"plan": 5}]}', '{"format": 9, "runs": []}',
                                  '{"format": 2, "runs": [], "files": {"../x": "' + "0" * 32 + '"}}',
                                  "[" * 100000])
def test_a_damaged_record_is_one_line_for_check_and_rebuilt_by_generate(text: str, generated: Path) -> None:
    (generated / RUN_RECORD).write_text(text, encoding="utf-8")
    assert_one_line_error(invoke("check", "--out", str(generated)), RUN_RECORD)
    assert invoke(*OP, "--out", str(generated)).returncode == 0
    assert invoke("check", "--out", str(generated)).returncode == 0
