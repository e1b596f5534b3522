"""The Go pins and naming tables (generator/naming/data/go/) and their refresh tools
(tools/refresh_go_sdk, tools/go_proxy)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import botocore.session

from generator.naming import go
from tools import go_proxy, refresh_go_sdk

DATA = refresh_go_sdk.DATA


def _modules() -> dict[str, dict[str, object]]:
    return dict(json.loads(refresh_go_sdk.MODULES.read_text(encoding="utf-8"))["modules"])


def test_every_catalog_package_was_asked_and_every_served_one_is_pinned_with_its_table() -> None:
    session = botocore.session.get_session()
    needed = {
        go.package(session.get_service_model(name).metadata["serviceId"])
        for name in session.get_available_services()
    }
    modules = _modules()
    assert set(modules) == needed
    pinned = refresh_go_sdk.pinned_services()
    served = {p for p, entry in modules.items() if "version" in entry}
    assert set(pinned) == served
    tables = {p.stem for p in DATA.glob("*.json")} - {"modules"}
    assert tables == served
    for package, version in pinned.items():
        assert modules[package]["version"] == version
        assert go.module_version(package) == version  # a package name is its own sdkId form
        table = json.loads((DATA / f"{package}.json").read_text(encoding="utf-8"))
        assert table["version"] == version and table["operations"], package


def test_every_refusal_names_the_proxy_answers_and_the_day() -> None:
    refused = {p: e for p, e in _modules().items() if "version" not in e}
    assert refused, "the proxy served every module: drop the refusal path"
    for package, entry in refused.items():
        assert dt.date.fromisoformat(str(entry["asked"]))
        answers = entry["refused"]
        assert isinstance(answers, list) and answers, package
        assert answers[0][0] == "version list", package
        reason = go.refusal(package)
        assert reason.startswith(f"the Go module proxy refused {go.SERVICE_ROOT}{package} on ")
        assert str(answers[-1][1]) in reason


def test_the_pins_name_every_served_module_once_and_a_checksum_for_each() -> None:
    go_mod = refresh_go_sdk.GO_MOD.read_text(encoding="utf-8")
    go_sum = refresh_go_sdk.GO_MOD.with_name("go.sum").read_text(encoding="utf-8")
    for package, version in refresh_go_sdk.pinned_services().items():
        module = go_proxy.SERVICE_PREFIX + package
        assert len(re.findall(rf"^\s+{re.escape(module)} ", go_mod, re.M)) == 1
        assert f"{module} {version} h1:" in go_sum, module  # the zip, not only its go.mod
    assert f"{go_proxy.CORE}/config " in go_mod


def test_refresh_parsers() -> None:
    source = (
        "type X struct {\n\n\t// doc\n\tName *string\n\n\tCount int32\n\n\tTags []types.Tag\n\n"
        "\tResultMetadata middleware.Metadata\n\n\tnoSmithyDocumentSerde\n}\n"
    )
    assert refresh_go_sdk.structs(source) == {
        "X": {"Name": "*string", "Count": "int32", "Tags": "[]types.Tag"}
    }
    enums = 'const (\n\tDomainEcommerce     Domain = "ECOMMERCE"\n\tDomainVod Domain = "V\\"D"\n)\n'
    assert refresh_go_sdk.enums(enums) == {
        "Domain": {"ECOMMERCE": "DomainEcommerce", 'V"D': "DomainVod"}
    }


def test_paginator_parser() -> None:
    source = (
        "func (p *ListRolesPaginator) NextPage(ctx context.Context) (*ListRolesOutput, error) {\n"
        "\tparams := *p.params\n\tparams.Marker = p.nextToken\n\n\tvar limit *int32\n"
        "\tif p.options.Limit > 0 {\n\t\tlimit = &p.options.Limit\n\t}\n"
        "\tparams.MaxItems = limit\n\tp.nextToken = result.Marker\n\treturn result, nil\n}\n"
        "func (p *DescribeEngineDefaultParametersPaginator) NextPage(ctx context.Context) {\n"
        "\tparams.Marker = p.nextToken\n\tp.nextToken = nil\n"
        "\tp.nextToken = result.EngineDefaults.Marker\n}\n"
    )
    assert refresh_go_sdk.paginators(source) == {
        "ListRoles": {"in": "Marker", "out": "Marker", "limit": "MaxItems"},
        "DescribeEngineDefaultParameters": {"in": "Marker", "out": "EngineDefaults.Marker"},
    }


def test_required_fields_parser() -> None:
    """The fields a Go client's validator refuses to leave out, pointer and sized ones."""
    source = (
        "func validateMediaConcurrency(v *types.MediaConcurrency) error {\n"
        "\tif len(v.Channel) == 0 {\n\t\tinvalidParams.Add(smithy.NewErrParamRequired(\"Channel\"))\n\t}\n"
        "\tif v.Concurrency == nil {\n"
        "\t\tinvalidParams.Add(smithy.NewErrParamRequired(\"Concurrency\"))\n\t}\n"
        "\tif v.Other != nil {\n\t\treturn nil\n\t}\n}\n"
        "func validateOpReplicateInstanceInput(v *ReplicateInstanceInput) error {\n"
        "\tif v.ReplicaAlias == nil {\n"
        "\t\tinvalidParams.Add(smithy.NewErrParamRequired(\"ReplicaAlias\"))\n\t}\n}\n"
    )
    assert refresh_go_sdk.required(source) == {
        "MediaConcurrency": ["Channel", "Concurrency"],
        "ReplicateInstanceInput": ["ReplicaAlias"],
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


def test_the_proxy_answer_is_its_own_words_without_its_address() -> None:
    stderr = (
        "go: github.com/aws/aws-sdk-go-v2/service/deadline@v1.44.4: reading "
        "https://proxy.example/github.com/aws/aws-sdk-go-v2/service/deadline/@v/v1.44.4.zip: "
        "403 Forbidden\n\tserver response: This module version is not available.\n"
    )
    assert go_proxy.proxy_answer(stderr) == "403 Forbidden (This module version is not available.)"
    assert go_proxy.proxy_answer("go: something else went wrong\n") == "something else went wrong"


def test_changelog_releases_newest_first(tmp_path: Path) -> None:
    (tmp_path / "CHANGELOG.md").write_text(
        "# Release (2026-11-10)\n## Module Highlights\n"
        "* `github.com/aws/aws-sdk-go-v2/service/deadline`: [v1.44.4](service/deadline/CHANGELOG.md)\n"
        "# Release (2026-10-09)\n"
        "* `github.com/aws/aws-sdk-go-v2/service/deadline`: [v1.44.0](service/deadline/CHANGELOG.md)\n"
        "* `github.com/aws/aws-sdk-go-v2/service/internal/s3shared`: [v1.2.0](x)\n",
        encoding="utf-8",
    )
    assert go_proxy.changelog_releases(tmp_path) == {"deadline": ["v1.44.4", "v1.44.0"]}
