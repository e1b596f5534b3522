"""The site builder's pure parts, and the docs page fixes that help plain Markdown too."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt

from generator.generate.pipeline import DEFAULT_VALUES, generate
from generator.model.lower import load_service
from generator.site.batch import docs_pages, nav, scenario_pages, service_docs
from generator.site.build import check_links
from generator.site.pages import relations, resource_groups, site_page, split_name
from generator.targets.docs import block_safe

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


def _parameters(html: str) -> str:
    return html.split('-parameters"></a></h2>')[1].split("<h3>")[0]


def test_parameters_are_a_nested_list_with_each_path_shown_once_in_both_renderers() -> None:
    page = SEED_PAGE.read_text(encoding="utf-8")
    for html in (_python_markdown(page), _markdown_it(page)):
        params = _parameters(html)
        assert "<table" not in params
        # the nested member sits in a list inside its parent's item, named without the path
        metrics = params.split("<code>metrics</code>")[1].split("</li>\n</ul>")[0]
        assert "<ul>" in metrics and "<li><code>eventType</code> – String, <strong>required</strong><br" in metrics
        assert "metrics[]" not in params and "s3DataDestination.path" not in params
        # three levels: metricsOutputConfig > s3DataDestination > kmsKeyArn
        nested = params.split("<code>metricsOutputConfig</code>")[1]
        assert nested.index("<code>s3DataDestination</code>") < nested.index("<code>kmsKeyArn</code>")
        assert nested.count("<ul>") >= 2
        # the description and the constraints on lines of their own under the name
        assert "<code>name</code> – String, <strong>required</strong><br" in params
        assert "Length 1–63; Pattern: <a href=\"#personalize-CreateMetricAttribution-patterns\">below</a>" in params
    # the patterns list names the whole path (it stands apart from the tree)
    assert "+ `metricsOutputConfig.s3DataDestination.path`: `(s3|http|https)://.+`" in page


@pytest.mark.parametrize("text", [
    "# not a heading", "+ not an item", "- not an item", "* not an item", "1. not a list",
    "12) not a list", "> not a quote", "```not a fence", "~~~ not a fence", "=====", "---",
    "***", "<div>not html</div>",
])
def test_a_description_cannot_open_a_block_inside_its_item(text: str) -> None:
    item = f"+ `name` – String, optional  \n  {block_safe(text)}  \n  Length at most 3\n"
    for html in (_python_markdown(item), _markdown_it(item)):
        assert html.count("<li>") == 1 and html.count("<br") == 2, html
        for tag in ("<h1", "<ol", "<blockquote", "<pre", "<hr", "<h2"):
            assert tag not in html, html


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
    docs = service_docs(load_service("personalize"), pages["personalize"])
    assert set(docs) == {
        "personalize/index.md",
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
    service = load_service("dynamodb")
    scenarios = scenario_pages(outcome.artifacts)
    assert sorted(scenarios["dynamodb"]) == ["backup", "table"]
    docs = service_docs(service, docs_pages(outcome.artifacts)["dynamodb"], scenarios=scenarios["dynamodb"])
    page = docs["dynamodb/scenarios/table.md"]
    assert '=== "AWS CLI"' in page and '=== "SDK for Python (Boto3)"' in page
    assert "{ #dynamodb-scenario-table-steps }" in page
    overview = docs["dynamodb/index.md"]
    assert "## Scenarios" in overview and "(scenarios/table.md)" in overview
    assert "(scenarios/table.md)" in docs["dynamodb/DescribeTable.md"]  # "In context" on the operation page
    entries = nav([service], {"dynamodb": {"DescribeTable"}}, {"dynamodb": [("table", "DynamoDB table basics")]})
    assert {"Scenarios": [{"DynamoDB table basics": "dynamodb/scenarios/table.md"}]} in entries[1][service.full_name]


def test_the_widest_sample_matches_the_models() -> None:
    """``widest_sample.py`` is what ``tools/widest_parameters.py`` measures in this botocore."""
    import botocore
    from widest_sample import BOTOCORE, WIDEST

    from tools.widest_parameters import measure

    assert BOTOCORE == botocore.__version__, "run: .venv/bin/python -m tools.widest_parameters"
    assert len(WIDEST) >= 6
    for service, operation, table, token in WIDEST:
        assert measure(service, operation) == (table, token), (service, operation)


def test_model_links_resolve_from_any_page_or_keep_only_their_text() -> None:
    from generator.targets.docs import doc_markdown

    html = ('<p><a href="/AmazonS3/latest/API/x.html">root</a> <a href="gamelift/latest/apireference/'
            'API_X.html">guide</a> <a href="API_Y.html">page</a> <a href="#Z">anchor</a> '
            '<a href="https://example.com/q">web</a></p>')  # the shapes botocore's models write
    assert doc_markdown(html) == (
        "[root](https://docs.aws.amazon.com/AmazonS3/latest/API/x.html) "
        "[guide](https://docs.aws.amazon.com/gamelift/latest/apireference/API_X.html) page anchor "
        "[web](https://example.com/q)"
    )
