"""The docs site's folder and server under the file-system policy: a folder that holds anything
but a previous build is refused unless ``--clean``; a rebuild replaces only what it built; the
server answers only with regular files beneath the site folder, never through a link; ``--out``
and ``--port`` problems are one line and exit 2 before anything is built."""

from __future__ import annotations

import html
import http.client
import json
import os
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import assert_one_line_error, run

from generator.generate.pipeline import example_value, render_operation
from generator.generate.publish import RECORD
from generator.model.lower import load_service
from generator.render.controls import CONTROLS
from generator.site.build import build_site
from generator.site.serve import bind

SMALL = "eks-auth"  # one operation: the quickest real site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    result = run("site", SMALL, "--out", str(out), timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def _site(*args: str) -> object:
    return run("site", *args, timeout=600)


def test_a_folder_of_the_users_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    (out / "sub" / "n.txt").write_text("mine too", encoding="utf-8")
    assert_one_line_error(_site(SMALL, "--out", str(out)), "did not write", "--clean")
    assert sorted(p.name for p in out.rglob("*")) == ["keep.txt", "n.txt", "sub"]


def test_a_link_to_a_folder_of_the_users_is_refused_and_its_files_kept(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "out").symlink_to(theirs)
    assert_one_line_error(_site(SMALL, "--out", str(tmp_path / "out")), "did not write")
    assert [p.name for p in theirs.iterdir()] == ["keep.txt"]


def test_clean_empties_the_folder_without_following_its_links(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (outside / "precious.txt").write_text("precious", encoding="utf-8")
    (out / "old.html").write_text("old", encoding="utf-8")
    (out / "etclink").symlink_to(outside)
    (out / "sub").mkdir()
    (out / "sub" / "inner").symlink_to(outside / "precious.txt")
    result = _site(SMALL, "--out", str(out), "--clean")
    assert result.returncode == 0, result.stderr
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "precious"
    assert not (out / "etclink").is_symlink() and not (out / "old.html").exists()
    assert (out / "index.html").is_file() and (out / RECORD).is_file()


def test_a_rebuild_replaces_only_what_it_built(built: Path, tmp_path: Path) -> None:
    (built / "CNAME").write_text("docs.example.com", encoding="utf-8")
    (built / "etclink").symlink_to("/etc")
    record = json.loads((built / RECORD).read_text(encoding="utf-8"))
    edited, gone = "eks-auth/index.html", "sitemap.xml"
    # a page the next build no longer makes: edited by hand (kept) or untouched (removed)
    (built / "old").mkdir()
    (built / "old" / "edited.html").write_text("hand edit", encoding="utf-8")
    (built / "old" / "untouched.html").write_text("as built", encoding="utf-8")
    from generator.generate.fs import digest

    record["files"]["old/edited.html"] = digest(b"as built")
    record["files"]["old/untouched.html"] = digest(b"as built")
    (built / RECORD).write_text(json.dumps(record), encoding="utf-8")
    page = (built / edited).read_bytes()
    (built / edited).write_text("stale", encoding="utf-8")
    result = _site(SMALL, "--out", str(built))
    assert result.returncode == 0, result.stderr
    assert (built / "CNAME").read_text(encoding="utf-8") == "docs.example.com"
    assert (built / "etclink").is_symlink()
    assert (built / "old" / "edited.html").read_text(encoding="utf-8") == "hand edit"
    assert not (built / "old" / "untouched.html").exists()
    assert (built / edited).read_bytes() == page and (built / gone).is_file()
    assert "kept old/edited.html" in result.stderr
    assert not [p for p in built.iterdir() if p.name.startswith(".sdk-parity-staging")]


@pytest.mark.parametrize("where", ["index.html", "eks-auth", RECORD])
def test_a_link_where_the_site_writes_is_refused(where: str, tmp_path: Path) -> None:
    out, secret = tmp_path / "out", tmp_path / "secret"
    assert _site(SMALL, "--out", str(out)).returncode == 0
    secret.mkdir()
    (secret / "index.html").write_text("precious", encoding="utf-8")
    target = out / where
    if target.is_dir():
        import shutil

        shutil.rmtree(target)
    else:
        target.unlink()
    target.symlink_to(secret / "index.html" if where != "eks-auth" else secret)
    assert_one_line_error(_site(SMALL, "--out", str(out)), "symbolic link")
    assert (secret / "index.html").read_text(encoding="utf-8") == "precious"


def test_out_problems_are_one_line_before_anything_is_built(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("mine", encoding="utf-8")
    for out, needle in ((file, "not a folder"), (file / "sub", "Not a directory"),
                        (Path("/proc/no-such-process/site"), "No such file")):
        assert_one_line_error(_site(SMALL, "--out", str(out)), str(out), needle)
    assert file.read_text(encoding="utf-8") == "mine"
    fifo = tmp_path / "fifo-record"
    fifo.mkdir()
    os.mkfifo(fifo / RECORD)
    assert_one_line_error(_site(SMALL, "--out", str(fifo)), "not a regular file")


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "http", ""])
def test_a_bad_port_is_refused(port: str, tmp_path: Path) -> None:
    assert_one_line_error(_site(SMALL, "--out", str(tmp_path / "o"), "--serve", "--port", port), "--port")
    assert not (tmp_path / "o").exists()


def test_a_busy_port_is_reported_before_the_build(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _site(SMALL, "--out", str(tmp_path / "o"), "--serve", "--port", str(port))
    assert_one_line_error(result, f"port {port}", "in use")
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- the server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    root, outside = tmp_path / "site", tmp_path / "outside"
    (root / "docs").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("top secret", encoding="utf-8")
    (root / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (root / "docs" / "index.html").write_text("<p>docs</p>", encoding="utf-8")
    (root / ".hidden").write_text("hidden", encoding="utf-8")
    (root / "etclink").symlink_to(outside)
    (root / "docs" / "page.html").symlink_to(outside / "secret.txt")
    (root / "loop").symlink_to(root / "loop")
    os.mkfifo(root / "fifo.html")
    httpd = bind(root, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], root
    finally:
        httpd.shutdown()
        httpd.server_close()


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def test_the_server_serves_regular_files_of_the_site_only(server: tuple[int, Path]) -> None:
    port, _root = server
    assert _get(port, "/") == (200, b"<p>home</p>")
    assert _get(port, "/docs/") == (200, b"<p>docs</p>")
    assert _get(port, "/docs")[0] == 301
    for path in ("/etclink/secret.txt", "/etclink/", "/docs/page.html", "/loop", "/loop/x",
                 "/fifo.html", "/.hidden", "/../outside/secret.txt", "/%2e%2e/outside/secret.txt",
                 "/docs/..%2f..%2foutside/secret.txt", "/docs/%00", "/nothing"):
        status, body = _get(port, path)
        assert status == 404, path
        assert b"top secret" not in body


def test_the_server_survives_a_link_planted_after_it_started(server: tuple[int, Path], tmp_path: Path) -> None:
    port, root = server
    (root / "docs" / "index.html").unlink()
    (root / "docs" / "index.html").symlink_to(tmp_path / "outside" / "secret.txt")
    assert _get(port, "/docs/")[0] == 404


# ---------------------------------------------------------------- the pages


def _code_blocks(page: str) -> list[str]:
    """The text of every code block of a built HTML page (Pygments' spans removed)."""
    return [html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
            for m in re.finditer(r"<pre[^>]*>(.*?)</pre>", page, re.S)]


def test_the_sites_code_blocks_are_the_examples_byte_for_byte(tmp_path: Path) -> None:
    values = tmp_path / "values" / "personalize"
    values.mkdir(parents=True)
    schema = "a\u2028b\rc\fd\x1b[31me\u202ef\x85g\n   \n\tindented\n"
    (values / "CreateSchema.json").write_text(json.dumps({"name": "s", "schema": schema}), encoding="utf-8")
    service = load_service("personalize")
    operation = service.operations["CreateSchema"]
    value = example_value(service, operation, values / "CreateSchema.json")
    snippets, reasons = render_operation(service, operation, value)
    assert not reasons
    build_site([("personalize", ["CreateSchema"])], tmp_path / "values", tmp_path / "site")
    page = (tmp_path / "site" / "personalize" / "CreateSchema.html").read_text(encoding="utf-8")
    blocks = [block.rstrip("\n") for block in _code_blocks(page)]
    for lang, snippet in snippets.items():  # (a fence drops trailing blank lines: Go's excerpt has one)
        assert snippet.excerpt.rstrip("\n") in blocks, lang
        assert not CONTROLS.search(snippet.text), lang
    assert not CONTROLS.search(page)


@pytest.mark.parametrize("where", [".", "..", "~"])
def test_clean_never_empties_the_current_or_home_folder(where: str, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "keep.txt").write_text("mine", encoding="utf-8")
    out = str(Path.home()) if where == "~" else where
    result = run("site", SMALL, "--out", out, "--clean", cwd=tmp_path / "work", timeout=120)
    assert_one_line_error(result, "refusing to empty")
    assert (tmp_path / "work" / "keep.txt").read_text(encoding="utf-8") == "mine"
