"""generator.model.smithy reads the committed Smithy tables into frozen records, one service at a
time: the committed DynamoDB examples and smoke test, and - through the refresh tool's own
writer - a table of resources derived from a small Smithy model (Maven Central serves no model
with resources on this machine; see docs/values.md)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from smithy_widgets import widgets_ast, widgets_botocore_model

from generator.caches import release_service_caches
from generator.model import smithy
from tools import refresh_smithy_models as refresh
from tools.smithy_ast import derive


@pytest.fixture
def widgets_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    tables = derive(widgets_ast(), "Widgets", widgets_botocore_model())
    refresh.write(tmp_path, ["widgets"], {}, refresh.files_of(tables, "test:widgets:1.0.0"))
    monkeypatch.setattr(smithy, "DATA", tmp_path)
    release_service_caches()
    yield tmp_path
    release_service_caches()


def test_dynamodb_query_example_is_the_models_own() -> None:
    (example,) = smithy.examples("dynamodb", "Query")
    committed = json.loads((smithy.DATA / "examples" / "dynamodb.json").read_text())
    assert example.title == "To query an item"
    assert dict(example.input) == committed["examples"]["Query"][0]["input"]
    assert example.output is not None and example.error_shape is None
    assert example.origin.startswith("software.amazon.api.models:dynamodb:")


def test_dynamodb_list_tables_smoke_test_expects_success_in_its_region() -> None:
    (test,) = smithy.smoke_tests("dynamodb", "ListTables")
    assert (test.id, dict(test.params), test.region, test.succeeds) == (
        "ListTablesSuccess", {"Limit": 1}, "us-west-2", True)  # fmt: skip


def test_a_service_without_a_table_has_nothing() -> None:
    assert smithy.examples("personalize", "CreateDataset") == ()
    assert smithy.smoke_tests("s3", "ListBuckets") == ()
    empty = smithy.resources("personalize")
    assert (empty.resources, empty.arn_references, empty.origin) == ((), (), "")


def test_resources_carry_identifiers_bound_per_operation(widgets_tables: Path) -> None:
    found = smithy.resources("widgets")
    assert found.origin == "test:widgets:1.0.0"
    garage = found.resource("Garage")
    assert garage is not None
    (garage_id,) = garage.identifiers
    assert garage_id.target == "GarageId"
    assert garage_id.member("DeleteGarage") == "id"  # a resourceIdentifier rename
    assert garage_id.member("GetGarage") == "garageId"
    assert garage_id.member("CreateGarage") is None
    assert garage.operation("create") == "CreateGarage" and garage.operation("update") is None
    assert garage.bound_operations() == (
        "CreateGarage", "GetGarage", "DeleteGarage", "ListGarages", "PaintGarage")  # fmt: skip
    assert garage.children == ("Car",) and garage.properties == (("size", "Size"),)
    assert garage.arn == smithy.Arn("garage/{garageId}", False, False, False)
    assert garage.iam_resource == "garage"


def test_collection_operations_and_absolute_arns(widgets_tables: Path) -> None:
    found = smithy.resources("widgets")
    car = found.resource("Car")
    assert car is not None and car.collection_operations == ("CountCars",)
    assert [r.name for r in found.resources_of("CountCars")] == ["Car"]
    assert car.arn is not None and (car.arn.absolute, car.arn.no_region, car.arn.no_account) == (
        True, True, True)  # fmt: skip
    role = found.arn_reference("RoleArn")
    assert role is not None and role.type == "AWS::IAM::Role" and role.resource is None
    assert found.arn_reference("GarageId") is None


def test_examples_and_smoke_tests_of_the_derived_table(widgets_tables: Path) -> None:
    ok, failing = smithy.examples("widgets", "CreateGarage")
    assert (ok.title, dict(ok.input), ok.error_shape) == ("To create a garage", {"size": 2}, None)
    assert failing.error_shape == "WidgetDenied" and failing.error_content == {"message": "no"}
    fails, passes = smithy.smoke_tests("widgets", "Ping")
    assert (fails.succeeds, fails.error_id, fails.region) == (False, "WidgetDenied", "us-west-2")
    assert passes.succeeds and passes.error_id is None


def test_records_are_frozen() -> None:
    (test,) = smithy.smoke_tests("dynamodb", "ListTables")
    with pytest.raises(dataclasses.FrozenInstanceError):
        test.id = "other"  # type: ignore[misc]
