"""JavaScript examples of paginated operations page through results, proven on the wire.

The JS endpoint answers the first request of a paginated operation with a next token
(``generator.verify.paging``, shared with the Go runner), so an example iterating ``paginate<Op>`` sends a second request;
the runner judges both pages against botocore's request for the same values (plus the token
on page 2). A sample across protocols and token shapes: a plain ``nextToken`` (json), a nested
one (rds ``EngineDefaults.Marker``), ``Marker``/``IsTruncated`` (iam, query), an attribute map
(dynamodb ``LastEvaluatedKey``), rest-xml (s3 ``ContinuationToken``, route53) and ec2.
"""

from __future__ import annotations

import dataclasses

import pytest
from support import require_tool

from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.targets.js import render_js
from generator.values.tree import to_params
from generator.verify.examples import MISMATCH, PARITY, Example, Verdict
from generator.verify.js import new_endpoint, run_js
from generator.verify.paging import next_page

PAGINATED = [
    ("personalize", "ListDatasets"), ("rds", "DescribeEngineDefaultParameters"),
    ("iam", "ListRoles"), ("dynamodb", "Scan"), ("s3", "ListObjectsV2"),
    ("route53", "ListHostedZones"), ("ec2", "DescribeVpcs"), ("sns", "ListTopics"),
    ("lambda", "ListFunctions"),
]  # fmt: skip


def _example(service_name: str, op_name: str) -> Example:
    service = load_service(service_name)
    op = service.operation(op_name)
    value = example_value(service, op, None)
    text = render_js(service, op, value, op_name).text
    assert f"paginate{op_name}({{ client }}, input)" in text, op_name
    return Example(service_name, op_name, "js", text, to_params(value))


def _run(examples: list[Example]) -> tuple[list[Verdict], dict[str, list[dict[str, object]]]]:
    verdicts: list[Verdict] = []
    with new_endpoint() as endpoint:
        run_js(examples, endpoint, verdicts.append, {})
        sent = {
            f"{ex.service}.{ex.operation}": [
                c.params for c in endpoint.captured(ex.service)
                if c.operation == ex.operation and c.tag
            ]
            for ex in examples
        }  # fmt: skip
        pages = {
            f"{ex.service}.{ex.operation}": next_page(
                endpoint.service_model(ex.service).operation_model(ex.operation)
            )
            for ex in examples
        }
    for key, page in pages.items():
        assert page is not None, key
        first, second = sent[key]  # exactly two pages
        assert not set(page.request) & set(first), key
        assert {k: second[k] for k in page.request} == page.request, key
    return verdicts, sent


@pytest.fixture(autouse=True)
def _node() -> None:
    require_tool("node")
    require_tool("npm")


def test_each_page_is_botocores_request() -> None:
    verdicts, _ = _run([_example(s, op) for s, op in PAGINATED])
    report = [f"{v.service}.{v.operation}: {v.status} {v.detail}" for v in verdicts]
    assert [v.status for v in verdicts] == [PARITY] * len(PAGINATED), report


def test_an_example_that_stops_after_the_first_page_is_a_mismatch() -> None:
    ex = _example("personalize", "ListDatasets")
    stops = ex.text.replace("      pages.push(page);\n", "      pages.push(page);\n      break;\n")
    assert stops != ex.text
    verdicts: list[Verdict] = []
    with new_endpoint() as endpoint:
        run_js([dataclasses.replace(ex, text=stops)], endpoint, verdicts.append, {})
    (verdict,) = verdicts
    assert verdict.status == MISMATCH
    assert verdict.detail == "page 2: no request reached the endpoint"


def test_a_second_page_that_differs_is_a_mismatch() -> None:
    """The paginator's own second request with a member added after the first page (a
    paginator that rewrote the request between pages would look like this)."""
    ex = _example("iam", "ListRoles")
    loop = "    for await (const page of paginateListRoles({ client }, input)) {\n"
    changed = ex.text.replace(loop, loop + '      input.PathPrefix = "/changed/";\n')
    assert changed != ex.text
    verdicts: list[Verdict] = []
    with new_endpoint() as endpoint:
        run_js([dataclasses.replace(ex, text=changed)], endpoint, verdicts.append, {})
    (verdict,) = verdicts
    assert verdict.status == MISMATCH
    assert verdict.detail == "page 2: PathPrefix: sent '/changed/', botocore sends nothing"
