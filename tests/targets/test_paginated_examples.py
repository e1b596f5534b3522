"""Paginated operations: every language iterates the SDK's paginator, unless the values ask for
one page by setting a pagination token (then every language sends exactly that request)."""

from __future__ import annotations

from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.render.titles import title
from generator.targets.registry import EXAMPLE_NAMES, render_example
from generator.values.validate import from_document

ARN = "arn:aws:personalize:us-east-1:123456789012:dataset-group/my-dataset-group"
MARKERS = {
    "cli": "--page-size 10",
    "python": 'get_paginator("list_datasets")',
    "java": ".listDatasetsPaginator(request)",
    "js": "paginateListDatasets({ client }, input)",
    "go": "personalize.NewListDatasetsPaginator(client, &personalize.ListDatasetsInput{",
    "client": "client.paginate_list_datasets(",
    "rust": ".into_paginator()",
}


def _texts(document: dict[str, object]) -> dict[str, str]:
    service = load_service("personalize")
    op = service.operations["ListDatasets"]
    value = from_document(service, op, document, "test")
    return {
        lang: render_example(service, op, value, lang, title(op.name)).text
        for lang in EXAMPLE_NAMES
    }


def test_every_language_iterates_the_paginator() -> None:
    assert set(MARKERS) == set(EXAMPLE_NAMES)
    texts = _texts({"datasetGroupArn": ARN, "maxResults": 10})
    for lang, marker in MARKERS.items():
        assert marker in texts[lang], lang


def test_a_values_file_that_sets_the_token_gets_one_page_in_every_language() -> None:
    texts = _texts({"datasetGroupArn": ARN, "maxResults": 10, "nextToken": "page-2"})
    for lang, marker in MARKERS.items():
        assert marker not in texts[lang], lang
    assert "--max-results 10" in texts["cli"]
    assert "--next-token page-2" in texts["cli"]
    assert 'next_token="page-2"' in texts["client"]
    assert '.next_token("page-2")' in texts["rust"]


def test_js_paginates_only_where_the_pinned_client_exports_a_paginator() -> None:
    """botocore's paginators are not the v3 clients': apigateway GetAuthorizers has one in
    botocore but none in @aws-sdk/client-api-gateway, and a client not pinned here has no
    record (tools/refresh_js_sdk.py), so those examples call the operation once."""
    for service_name, op_name in (("apigateway", "GetAuthorizers"), ("acm", "ListCertificates")):
        service = load_service(service_name)
        op = service.operations[op_name]
        assert op.paginator is not None
        value = example_value(service, op, None)
        text = render_example(service, op, value, "js", title(op.name)).text
        assert f"paginate{op_name}" not in text
        assert f"new {op_name}Command(input)" in text
