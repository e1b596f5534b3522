"""generator/data/smithy/ is what tools.refresh_smithy_models makes of the Smithy models on Maven
Central, and the derivation reads every part of the Smithy AST it claims to.

The committed tables are re-derived from the jars at the versions ``index.json`` records (fetched
from Maven Central into ``.cache/smithy/``, about 130 KB each) and compared byte for byte.
Without Maven Central the comparison skips locally with the reason; under ``CI=true`` it fails.
The derivation itself is checked on a small Smithy model written here, against a botocore model
written beside it, so that resources, identifier bindings and ARN traits are exercised even
while Maven Central serves no model that has them.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import botocore.session
import pytest
from smithy_widgets import NS, widgets_ast, widgets_botocore_model

from tools import refresh_smithy_models as refresh
from tools import smithy_maven
from tools.smithy_ast import NotThisService, derive

INDEX = json.loads((refresh.OUTPUT / refresh.INDEX).read_text(encoding="utf-8"))
SERVED = sorted(s for s, e in INDEX.items() if "version" in e)


def test_index_has_every_botocore_service_with_a_version_or_the_repository_answer() -> None:
    session = botocore.session.get_session()
    assert sorted(INDEX) == sorted(session.get_available_services())
    for service in [*SERVED, "s3", "secretsmanager", "cognito-idp", "route53", "sms-voice"]:
        sdk_id = session.get_service_model(service).metadata["serviceId"]
        assert INDEX[service]["artifact"] == smithy_maven.artifact_id(sdk_id)
    for service, entry in INDEX.items():
        assert ("version" in entry) != ("answer" in entry), service
        if "answer" in entry:
            assert len(entry["checked"]) == 10, service  # YYYY-MM-DD


def test_committed_files_are_rendered_deterministically_and_name_their_origin() -> None:
    for path in sorted(refresh.OUTPUT.glob("*/*.json")):
        text = path.read_text(encoding="utf-8")
        table = json.loads(text)
        assert refresh.render(table) == text, path
        service = path.stem
        assert table["origin"] == f"software.amazon.api.models:{INDEX[service]['artifact']}:" + INDEX[
            service
        ]["version"]


def test_committed_tables_match_the_jars_on_maven_central() -> None:
    ids = refresh.sdk_ids(SERVED[:3])
    try:
        index, files = refresh.from_maven(ids, "", INDEX)
    except smithy_maven.Unreachable as exc:
        if os.environ.get("CI") == "true":
            raise
        print(f"skipped: Maven Central unreachable ({exc})")
        pytest.skip(f"Maven Central unreachable: {exc}")
    assert ids, "no service resolves: the index names no version"
    assert refresh.stale(refresh.OUTPUT, files, ids, index) == [], (
        "stale: run python -m tools.refresh_smithy_models"
    )


@pytest.mark.parametrize(
    ("sdk_id", "artifact"),
    [("DynamoDB", "dynamodb"), ("Secrets Manager", "secrets-manager"), ("Route 53", "route-53"),
     ("Cognito Identity Provider", "cognito-identity-provider"), ("ACM PCA", "acm-pca")],
)  # fmt: skip
def test_artifact_id_is_the_sdk_id_lower_cased_with_hyphens(sdk_id: str, artifact: str) -> None:
    assert smithy_maven.artifact_id(sdk_id) == artifact


def test_derive_reads_resources_identifier_bindings_and_arn_traits() -> None:
    tables = derive(widgets_ast(), "Widgets", widgets_botocore_model())
    garage, car = tables.resources["Garage"], tables.resources["Car"]
    assert garage["identifiers"] == {
        "garageId": {"target": "GarageId", "members": {
            "DeleteGarage": "id", "GetGarage": "garageId", "PaintGarage": "garageId"}},
    }  # fmt: skip
    assert (garage["create"], garage["read"], garage["delete"], garage["list"]) == (
        "CreateGarage", "GetGarage", "DeleteGarage", "ListGarages")  # fmt: skip
    assert "update" not in garage and garage["operations"] == ["PaintGarage"]
    assert garage["resources"] == ["Car"] and garage["properties"] == {"size": "Size"}
    assert garage["arn"] == {"template": "garage/{garageId}", "absolute": False,
                             "noRegion": False, "noAccount": False}  # fmt: skip
    assert garage["iamResource"] == "garage"
    assert car["identifiers"]["carId"]["members"] == {"GetCar": "carId"}
    assert car["identifiers"]["garageId"]["members"] == {"CountCars": "garageId", "GetCar": "garageId"}
    assert car["collectionOperations"] == ["CountCars"]
    assert car["arn"]["absolute"] and car["arn"]["noRegion"] and car["arn"]["noAccount"]
    assert tables.arn_references == {
        "CarArn": {"resource": "Car", "type": "AWS::Widgets::Car"},
        "RoleArn": {"service": "com.amazonaws.iam#AWSIdentityManagementV20100508",
                    "type": "AWS::IAM::Role"},
    }  # fmt: skip


def test_derive_keeps_examples_and_smoke_tests_under_botocore_operation_names() -> None:
    tables = derive(widgets_ast(), "Widgets", widgets_botocore_model())
    created, failed = tables.examples["CreateGarage"]
    assert created == {"title": "To create a garage", "documentation": "Creates one.",
                       "input": {"size": 2}, "output": {"garageId": "g-1234567890"}}  # fmt: skip
    # the service's rename map gives shapes their names
    assert failed["error"] == {"shapeId": "WidgetDenied", "content": {"message": "no"}}
    assert tables.smoke_tests["Ping"] == [
        {"id": "PingFails", "params": {}, "vendorParams": {"region": "us-west-2"},
         "expect": {"failure": {"errorId": "WidgetDenied"}}},
        {"id": "PingOk", "params": {}, "vendorParams": {"region": "us-east-1"}, "expect": "success"},
    ]  # fmt: skip


def test_derive_reports_drift_and_repairs_nothing() -> None:
    tables = derive(widgets_ast(), "Widgets", widgets_botocore_model())
    assert tables.drift == [
        "CreateGarage: example 'Too big': input.colour is no member",
        "ListGarages: botocore input member maxResults not in Smithy",
        "LegacyPing: botocore operation not in Smithy",
    ]
    assert tables.examples["CreateGarage"][1]["input"] == {"size": 99, "colour": "red"}
    ast = widgets_ast()
    ast[f"{NS}#Widgets"]["operations"].append({"target": f"{NS}#Retired"})
    ast[f"{NS}#RetiredInput"] = {"type": "structure", "members": {}}
    assert "Retired: operation not in botocore" in derive(ast, "Widgets", widgets_botocore_model()).drift


def test_derive_refuses_a_model_without_that_sdk_id() -> None:
    with pytest.raises(NotThisService):
        derive(widgets_ast(), "Gadgets", widgets_botocore_model())


def test_write_replaces_a_service_atomically_and_removes_its_emptied_files(tmp_path: Path) -> None:
    tables = derive(widgets_ast(), "Widgets", widgets_botocore_model())
    files = refresh.files_of(tables, "test:widgets:1")
    refresh.write(tmp_path, ["widgets"], {"widgets": {"artifact": "widgets"}}, files)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "index.json", "widgets.json", "widgets.json"]  # fmt: skip
    assert refresh.stale(tmp_path, files, ["widgets"], {"widgets": {"artifact": "widgets"}}) == []
    assert refresh.stale(tmp_path, files, ["widgets"], {}) == ["index.json"]
    emptied = copy.deepcopy(tables)
    emptied.resources, emptied.arn_references = {}, {}
    refresh.write(tmp_path, ["widgets"], {}, refresh.files_of(emptied, "test:widgets:2"))
    assert not (tmp_path / "resources" / "widgets.json").exists()
    assert not list(tmp_path.rglob(".*.tmp"))


def test_tool_refuses_an_unknown_service_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert refresh.main(["--services", "no-such-service", "--out", "/nonexistent"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "error: unknown botocore service 'no-such-service'"


def test_tool_stops_before_writing_when_maven_central_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SDK_PARITY_MAVEN_REPOSITORY", "http://127.0.0.1:9/maven2")
    smithy_maven.repository.cache_clear()
    try:
        assert refresh.main(["--services", "sqs", "--out", str(tmp_path)]) == 2
    finally:
        smithy_maven.repository.cache_clear()
    assert capsys.readouterr().err.startswith("error: Maven Central: http://127.0.0.1:9/")
    assert list(tmp_path.iterdir()) == []


def test_the_repository_is_the_one_the_installed_maven_uses_for_central(tmp_path: Path) -> None:
    settings = tmp_path / "settings.xml"
    settings.write_text(
        "<settings><mirrors>"
        "<mirror><id>other</id><mirrorOf>*,!central</mirrorOf><url>http://127.0.0.1:1/a</url></mirror>"
        "<mirror><id>corp</id><mirrorOf>central</mirrorOf><url>http://127.0.0.1:1/b</url></mirror>"
        "</mirrors></settings>",
        encoding="utf-8",
    )
    assert smithy_maven.mirror_of_central(settings) == "http://127.0.0.1:1/b"
    assert smithy_maven.mirror_of_central(tmp_path / "missing.xml") == ""
