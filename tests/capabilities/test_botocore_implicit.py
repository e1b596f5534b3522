"""Members botocore adds to a request itself, stated in the JavaScript and Go examples."""

from __future__ import annotations

from dataclasses import replace

from generator.capabilities.botocore import with_implicit_members
from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.targets.go import render_go
from generator.targets.js import render_js
from generator.values.tree import Value, to_params


def test_s3_listings_are_url_encoded_as_botocore_sends_them() -> None:
    service = load_service("s3")
    op = service.operation("ListObjectsV2")
    value = example_value(service, op, None)
    assert value.field("EncodingType") is None
    assert to_params(with_implicit_members(service, op, value))["EncodingType"] == "url"
    assert 'EncodingType: "url"' in render_js(service, op, value, "t").text
    assert "EncodingType: types.EncodingTypeUrl," in render_go(service, op, value, "t").text


def test_a_given_member_and_other_operations_are_left_alone() -> None:
    service = load_service("s3")
    op = service.operation("ListObjectsV2")
    base = example_value(service, op, None)
    given = replace(base, fields=(*base.fields, ("EncodingType", Value("EncodingType", "enum", "url"))))
    assert with_implicit_members(service, op, given) is given
    other = service.operation("ListBuckets")
    value = example_value(service, other, None)
    assert with_implicit_members(service, other, value) is value
