"""The Go SDK table (generator/naming/data/go.json) and its refresh tool (tools/refresh_go_sdk)."""

from __future__ import annotations

from generator.naming import go
from tools import refresh_go_sdk


def test_every_pinned_service_module_is_in_the_table() -> None:
    pinned = refresh_go_sdk.pinned_services()
    assert "personalize" in pinned
    for package, version in pinned.items():
        assert go.module_version(package) == version  # a package name is its own sdkId form


def test_refresh_parsers() -> None:
    source = (
        "type X struct {\n\n\t// doc\n\tName *string\n\n\tCount int32\n\n\tTags []types.Tag\n\n"
        "\tnoSmithyDocumentSerde\n}\n"
    )
    assert refresh_go_sdk.structs(source) == {
        "X": {"Name": "*string", "Count": "int32", "Tags": "[]types.Tag"}
    }
    enums = 'const (\n\tDomainEcommerce     Domain = "ECOMMERCE"\n\tDomainVod Domain = "V\\"D"\n)\n'
    assert refresh_go_sdk.enums(enums) == {
        "Domain": {"ECOMMERCE": "DomainEcommerce", 'V"D': "DomainVod"}
    }


def test_always_sent_fields() -> None:
    """A non-pointer field written without an ``if v.Field`` guard is sent even when zero."""
    source = (
        "func (v *Entry) SerializeMembers(s smithy.ShapeSerializer) {\n"
        "\tif v.Id != nil {\n\t\ts.WriteString(schemas.Entry_Id, *v.Id)\n\t}\n"
        "\ts.WriteInt32(schemas.Entry_Timeout, v.Timeout)\n"
        "\tif v.Enabled {\n\t\ts.WriteBool(schemas.Entry_Enabled, v.Enabled)\n\t}\n}\n"
    )
    shapes = {"Entry": {"Id": "*string", "Timeout": "int32", "Enabled": "bool"}}
    assert refresh_go_sdk.always_sent([source], shapes) == {"Entry": ["Timeout"]}
