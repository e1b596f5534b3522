"""The parallel site build: the same site for any number of processes, the example HTML written
directly is the HTML MkDocs makes from the Markdown, the search index is the one Material's
plugin writes, and broken links are found while the pages are written.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.generate.pipeline import DEFAULT_VALUES
from generator.site import batch, build, hooks
from generator.site.build import build_site, check_links

SMALL = [(name, None) for name in ("sso", "sso-oidc", "personalize-events", "pricing", "dynamodbstreams")]
# pages of every kind of tab: the seed page, a paginated list, a note under the Java code
# (a module to add), and a page where an SDK cannot call the operation
SAMPLE: list[tuple[str, list[str] | None]] = [
    ("personalize", ["CreateMetricAttribution", "ListDatasets", "DescribeDataset"]),
    ("sqs", ["SendMessage", "ListQueues"]),
    ("s3", ["PutObject", "SelectObjectContent"]),
]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_for_any_number_of_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "BATCH_PAGES", 8)  # five services in four batches (8 KB of model each)
    one = build_site(SMALL, DEFAULT_VALUES, tmp_path / "one", workers=1)
    two = build_site(SMALL, DEFAULT_VALUES, tmp_path / "two", workers=2)
    assert (one.processes, two.processes) == (1, 2)
    assert one.pages == two.pages > 15 and one.broken == two.broken == []
    first, second = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    # each page shows its own service's navigation: no other service's operations
    page = (tmp_path / "one" / "sso" / "GetRoleCredentials.html").read_text(encoding="utf-8")
    assert "../sso-oidc/" not in page and "../pricing/" not in page and "index.html" in page


def _html_without_layout_whitespace(text: str) -> str:
    # a raw block is followed by a blank line where Python-Markdown writes none after its own
    # elements, a tab is written as its character reference (Python-Markdown expands tabs in
    # raw HTML), and an indented code line says its indent; the code lines themselves are each
    # in a span, so no blank line is touched
    text = re.sub(r'(<span id="__span-\d+-\d+") style="--i:\d+"', r"\1", text)
    return re.sub(r">\n\n<", ">\n<", text.replace("&#9;", "\t"))


def test_example_html_written_directly_is_what_markdown_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    direct = tmp_path / "direct"
    direct.mkdir()
    batch.build_services(SAMPLE, DEFAULT_VALUES, direct, None)
    markdown = tmp_path / "markdown"
    markdown.mkdir()
    plain = batch.service_docs
    monkeypatch.setattr(batch, "service_docs", lambda *args: plain(*args[:4]))  # no code blocks
    batch.build_services(SAMPLE, DEFAULT_VALUES, markdown, None)
    pages = sorted(p.relative_to(direct) for p in direct.rglob("*.html"))
    assert len(pages) == 10
    note = (direct / "s3" / "SelectObjectContent.html").read_text(encoding="utf-8")
    assert "cannot call" in note  # an SDK without the operation: its reason, in its tab
    for page in pages:
        written = (direct / page).read_text(encoding="utf-8")
        made = (markdown / page).read_text(encoding="utf-8")
        assert "sdk-parity-code" not in written
        assert _html_without_layout_whitespace(written) == _html_without_layout_whitespace(made), page


def test_search_index_is_the_one_materials_plugin_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_site(SAMPLE, DEFAULT_VALUES, tmp_path / "ours", workers=1)
    ours = json.loads((tmp_path / "ours" / "search" / "search_index.json").read_text(encoding="utf-8"))

    def materials_own(config: Any, *, pages_only: bool, code: dict[str, list[str]]) -> Any:
        search = config.plugins["material/search"]
        registered = real(config, pages_only=pages_only, code=code)
        config.plugins.events["page_context"].remove(config.plugins["sdk-parity/search"].on_page_context)
        config.plugins._register_event("page_context", search.on_page_context, "material/search")
        return registered

    real = hooks.register
    monkeypatch.setattr(hooks, "register", materials_own)
    build_site(SAMPLE, DEFAULT_VALUES, tmp_path / "material", workers=1)
    theirs = json.loads((tmp_path / "material" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert ours == theirs
    titles = {entry["title"] for entry in ours["docs"]}
    assert {"Creating a metric attribution", "Parameters", "Related operations"} <= titles
    assert not any(entry["location"].endswith(("-cli", "-sdk")) for entry in ours["docs"])
    # the pages still hold the example sections (only the index leaves them out)
    page = (tmp_path / "ours" / "personalize" / "ListDatasets.html").read_text(encoding="utf-8")
    assert 'id="personalize-ListDatasets-sdk"' in page and "paginate_list_datasets" in page


def test_broken_links_are_found_while_the_pages_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.related_section

    def with_bad_links(*args: Any) -> str:
        return real(*args) + (
            "\n+ [gone](Nowhere.md) [no anchor](ListQueues.md#nope) [up](../nowhere/index.html)\n"
        )

    monkeypatch.setattr(batch, "related_section", with_bad_links)
    report = build_site([("sqs", ["SendMessage", "ListQueues"])], DEFAULT_VALUES, tmp_path / "site", workers=1)
    broken = set(report.broken)
    for page in ("SendMessage", "ListQueues"):
        assert f"sqs/{page}.html: Nowhere.md (no such file)" in broken
    assert "sqs/SendMessage.html: ListQueues.html#nope (no such anchor)" in broken
    assert any(line.endswith("../nowhere/index.html (no such file)") for line in broken)
    # the build found what reading the built folder finds
    assert broken <= set(check_links(tmp_path / "site", workers=1))


def test_batches_are_about_a_few_hundred_pages_largest_first() -> None:
    plan = [(name, None) for name in "abcdef"]
    sizes = dict(zip("abcdef", (900, 10, 300, 250, 120, 40), strict=True))
    assert build.batches(plan, sizes, 400) == [
        [("a", None)], [("c", None)], [("d", None), ("e", None)], [("f", None), ("b", None)],
    ]


def test_worker_count_is_validated(capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli

    assert cli.main(["site", "sso", "--workers", "-1", "--out", "/nonexistent/x"]) == 2
    assert "--workers must be 0" in capsys.readouterr().err



def test_a_pattern_with_a_lookbehind_builds(tmp_path: Path) -> None:
    """``(?<![.-])`` in a pattern: MkDocs' HTML pass over the Markdown took ``<![`` for a marked
    section and crashed (``site --all`` failed on marketplace-catalog)."""
    report = build_site([("marketplace-catalog", ["BatchDescribeEntities"])], DEFAULT_VALUES,
                        tmp_path / "site", workers=1)  # fmt: skip
    assert report.pages == 1
    page = (tmp_path / "site" / "marketplace-catalog" / "BatchDescribeEntities.html").read_text(encoding="utf-8")
    assert "{1,47}(?<![.-])$</code>" in html.unescape(page)  # shown as the pattern is


def test_a_batch_that_fails_is_one_line_naming_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator import cli

    def broken(self: Any, html: str, *, page: Any, **kwargs: Any) -> str:
        if page.file.src_uri == "sso/Logout.md":
            raise ValueError("boom")
        return html

    monkeypatch.setattr(hooks.CodeBlocks, "on_page_content", broken)
    assert cli.main(["site", "sso", "--workers", "1", "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "the site of sso could not be built: MkDocs failed on sso/Logout.md" in err[0], err
    assert "boom" in err[0] and "Traceback" not in err[0]
