"""The site builder's pure parts, and the docs page fixes that help plain Markdown too."""

from __future__ import annotations

from pathlib import Path

import markdown
from markdown_it import MarkdownIt

from generator.generate.pipeline import DEFAULT_VALUES, generate
from generator.model.lower import load_service
from generator.site.build import check_links, docs_pages, scenario_pages, site_docs
from generator.site.pages import relations, resource_groups, site_page, split_name

REPO = Path(__file__).resolve().parents[2]
SEED_PAGE = REPO / "output/personalize/CreateMetricAttribution.md"
PATTERN = "(s3|http|https)://.+"


def _python_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


def _markdown_it(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def test_topics_render_as_a_list_in_python_markdown_and_markdown_it() -> None:
    page = SEED_PAGE.read_text(encoding="utf-8")
    for html in (_python_markdown(page), _markdown_it(page)):
        assert '<li><a href="#personalize-CreateMetricAttribution-parameters">' in html


def test_patterns_show_without_escapes_in_both_renderers() -> None:
    page = SEED_PAGE.read_text(encoding="utf-8")
    for html in (_python_markdown(page), _markdown_it(page)):
        assert f"<code>{PATTERN}</code>" in html
        assert "s3\\|http" not in html
        # the table keeps its five columns in every row
        rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
        assert rows and all(row.count("<td>") == 5 for row in rows)


def test_python_and_cli_examples_carry_snippet_tags() -> None:
    python = (REPO / "output/personalize/python/create_metric_attribution.py").read_text()
    cli = (REPO / "output/personalize/cli/create-metric-attribution.sh").read_text()
    tag = "personalize.CreateMetricAttribution]"
    assert f"# snippet-start:[python.example_code.{tag}" in python
    assert f"# snippet-end:[python.example_code.{tag}" in python
    assert f"# snippet-start:[cli.example_code.{tag}" in cli
    assert cli.rstrip("\n").endswith(f"# snippet-end:[cli.example_code.{tag}")


def test_site_page_turns_guide_tabs_into_content_tabs_with_the_code_unchanged() -> None:
    page = SEED_PAGE.read_text(encoding="utf-8")
    python = (REPO / "output/personalize/python/create_metric_attribution.py").read_text()
    site = site_page(page)
    assert "------" not in site and "#### [" not in site and '<a name="' not in site
    assert "## Parameters { #personalize-CreateMetricAttribution-parameters }" in site
    for label in ("AWS CLI", "SDK for Python (Boto3)", "SDK for Java 2.x"):
        assert f'=== "{label}"' in site
    indented = "".join("    " + line if line.strip() else line for line in python.splitlines(True))
    assert f"    ```python\n{indented}    ```\n" in site


def test_operations_group_by_resource_noun() -> None:
    assert split_name("CreateMetricAttribution") == ("Create", "MetricAttribution")
    assert split_name("ListMetricAttributions") == ("List", "MetricAttribution")
    assert split_name("ListPolicies") == ("List", "Policy")
    assert split_name("BatchGetItem") == ("BatchGet", "Item")
    assert split_name("CreateAlias") == ("Create", "Alias")
    groups = resource_groups(load_service("personalize"))
    assert groups["MetricAttribution"] == [
        "CreateMetricAttribution", "DeleteMetricAttribution", "DescribeMetricAttribution",
        "ListMetricAttributions", "UpdateMetricAttribution",
    ]


def test_create_links_to_the_operations_that_take_what_it_returns() -> None:
    rel = relations(load_service("personalize"))
    create = rel["CreateMetricAttribution"]
    assert "DescribeMetricAttribution" in create.same_resource
    taken = dict(create.outputs_to)["metricAttributionArn"]
    assert {"DescribeMetricAttribution", "DeleteMetricAttribution"} <= set(taken)
    produced = dict(rel["DescribeMetricAttribution"].inputs_from)["metricAttributionArn"]
    assert "CreateMetricAttribution" in produced


def test_site_docs_link_only_to_pages_that_exist() -> None:
    plan: list[tuple[str, list[str] | None]] = [
        ("personalize", ["CreateMetricAttribution", "DescribeMetricAttribution"])
    ]
    pages = docs_pages(generate(plan, DEFAULT_VALUES).artifacts)
    docs = site_docs(pages, {"personalize": load_service("personalize")})
    assert set(docs) == {
        "index.md", "assets/sdk-parity.css", "personalize/index.md",
        "personalize/CreateMetricAttribution.md", "personalize/DescribeMetricAttribution.md",
    }
    create = docs["personalize/CreateMetricAttribution.md"]
    assert "[DescribeMetricAttribution](DescribeMetricAttribution.md)" in create
    assert "DeleteMetricAttribution" not in create.split("## Related operations")[1]


def test_link_checker_reports_missing_files_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/a.html#x">ok</a><a href="sub/b.html">no file</a>'
        '<a href="sub/a.html#nope">no anchor</a><img src="/sub/a.html">'
        '<a href="https://example.com/">external</a>'
    )
    (tmp_path / "sub" / "a.html").write_text('<h2 id="x">x</h2><a href="../index.html">up</a>')
    assert check_links(tmp_path) == [
        "index.html: sub/b.html (no such file)",
        "index.html: sub/a.html#nope (no such anchor)",
    ]


def test_example_sections_stay_out_of_the_search_index() -> None:
    site = site_page(SEED_PAGE.read_text(encoding="utf-8"))
    assert "## Parameters { #personalize-CreateMetricAttribution-parameters }" in site
    for section in ("cli", "sdk"):
        assert f"{{ #personalize-CreateMetricAttribution-{section} data-search-exclude }}" in site


def test_scenarios_are_a_section_of_their_service_with_tabs_per_language() -> None:
    outcome = generate([("dynamodb", None)], None)
    services = {"dynamodb": load_service("dynamodb")}
    scenarios = scenario_pages(outcome.artifacts)
    assert sorted(scenarios["dynamodb"]) == ["backup", "table"]
    docs = site_docs(docs_pages(outcome.artifacts), services, scenarios)
    page = docs["dynamodb/scenarios/table.md"]
    assert '=== "AWS CLI"' in page and '=== "SDK for Python (Boto3)"' in page
    assert "{ #dynamodb-scenario-table-steps }" in page
    overview = docs["dynamodb/index.md"]
    assert "## Scenarios" in overview and "(scenarios/table.md)" in overview
    assert "(scenarios/table.md)" in docs["dynamodb/DescribeTable.md"]  # "In context" on the operation page
