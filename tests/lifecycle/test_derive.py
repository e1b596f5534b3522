"""The lifecycle stage derives each resource's scenario from the models: which operations, in
which order, which earlier value each identifying member takes, which waiter, what changes.

Checked on real services (botocore's models, boto3's resource models, botocore's waiters) and
on a small model with a Smithy resource table, for the Smithy source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.caches import release_service_caches
from generator.lifecycle import sources
from generator.lifecycle.ir import BOTO3, NAMES, SMITHY, Lifecycle, Step
from generator.lifecycle.plan import derivation, lifecycle, lifecycles
from generator.model import smithy
from generator.model.load import service_names
from generator.model.lower import load_service
from generator.values.tree import REF, Ref, Value, to_json


def roles(found: Lifecycle) -> list[tuple[str, str]]:
    return [(s.role, s.operation) for s in found.steps]


def field(step: Step, name: str) -> Value:
    value = step.value.field(name)
    assert value is not None, f"{step.operation} has no {name}"
    return value


def test_dynamodb_table_runs_create_wait_read_list_update_wait_read_delete_wait() -> None:
    found = lifecycle("dynamodb", "table")
    assert found.source == BOTO3
    assert roles(found) == [
        ("create", "CreateTable"), ("wait", "DescribeTable"), ("read", "DescribeTable"),
        ("list", "ListTables"), ("update", "UpdateTable"), ("wait", "DescribeTable"),
        ("read-again", "DescribeTable"), ("delete", "DeleteTable"), ("wait-deleted", "DescribeTable"),
    ]  # fmt: skip
    assert [s.waiter for s in found.steps if s.waiter] == ["TableExists", "TableExists", "TableNotExists"]


def test_the_table_name_flows_from_the_create_response_never_retyped() -> None:
    found = lifecycle("dynamodb", "table")
    produced = Ref(0, "output", ("TableDescription", "TableName"))
    for step in found.steps[1:]:
        if step.role == "list":  # it looks for the value in every page instead
            assert step.finds is not None and step.finds.ref == produced
            continue
        assert step.bindings and all(ref == produced for _, ref in step.bindings), step.operation
    assert found.variable(produced) == "table-name"
    delete = next(s for s in found.steps if s.role == "delete")
    assert delete.bindings == ((("TableName",), produced),)
    assert delete.cleanup and delete.undoes == 0


def test_the_update_asks_for_a_real_change_of_what_the_create_set() -> None:
    found = lifecycle("dynamodb", "table")
    create, update = found.steps[0], next(s for s in found.steps if s.role == "update")
    assert update.change == ("ProvisionedThroughput",)
    assert to_json(field(update, "ProvisionedThroughput")) != to_json(field(create, "ProvisionedThroughput"))


def test_the_list_step_looks_for_the_created_value_in_every_page() -> None:
    found = lifecycle("dynamodb", "table")
    listing = next(s for s in found.steps if s.role == "list")
    assert listing.paginate and listing.finds is not None
    assert listing.finds.path == ("TableNames", "[]")
    assert listing.finds.ref == Ref(0, "output", ("TableDescription", "TableName"))
    iam_role = lifecycle("iam", "role")
    listing = next(s for s in iam_role.steps if s.role == "list")
    assert listing.finds is not None and listing.finds.path == ("Roles", "[]", "RoleName")


def test_a_name_the_user_chose_is_a_variable_set_before_the_create() -> None:
    found = lifecycle("s3", "bucket")
    chosen = Ref(0, "input", ("Bucket",))
    assert field(found.steps[0], "Bucket").kind == REF
    (variable,) = [v for v in found.variables if v.ref == chosen]
    assert variable.value is not None and variable.value.kind == "string"
    assert "CreateBucketConfiguration" not in dict(found.steps[0].value.fields)  # a Region: the caller's
    assert [s.waiter for s in found.steps if s.waiter][-1] == "BucketNotExists"


def test_a_lambda_function_creates_its_iam_role_first_and_removes_it_last() -> None:
    found = lifecycle("lambda", "function")
    assert roles(found)[0] == ("prerequisite-create", "CreateRole")
    assert roles(found)[-2:] == [("prerequisite-delete", "DeleteRole"),
                                 ("prerequisite-wait-deleted", "GetRole")]  # until NoSuchEntity
    assert [(p.service, p.resource, p.member) for p in found.prerequisites] == [("iam", "role", "Role")]
    policy = json.loads(str(field(found.steps[0], "AssumeRolePolicyDocument").scalar))
    assert policy["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    create = next(s for s in found.steps if s.role == "create")
    assert field(create, "Role").scalar == Ref(0, "output", ("Role", "Arn"))
    assert field(create, "Code").field("ZipFile") is not None  # a deployment package, no S3 object


def test_a_child_resource_creates_its_parent_and_lists_within_it() -> None:
    found = lifecycle("iam", "access-key")
    assert roles(found)[0] == ("prerequisite-create", "CreateUser")
    listing = next(s for s in found.steps if s.role == "list")
    assert [path for path, _ in listing.bindings] == [("UserName",)]  # the user's keys only


def test_updates_never_rename_the_resource_or_protect_it_from_deletion() -> None:
    for service in ("iam", "dynamodb", "lambda", "kms", "secretsmanager"):
        for found in lifecycles(service):
            for step in found.steps:
                if step.role == "update":
                    assert not any(c.startswith(("New", "new")) or "rotection" in c for c in step.change), (
                        service, step.operation, step.change)  # fmt: skip


def test_what_a_scenario_does_not_make_is_named() -> None:
    found = lifecycle("stepfunctions", "state-machine-alias")
    assert found.needs == ("CreateStateMachineAlias.routingConfiguration.stateMachineVersionArn",)
    assert lifecycle("dynamodb", "table").needs == ()


def test_resources_without_a_way_to_identify_them_are_dropped_with_the_reason() -> None:
    dropped = {noun: reason for noun, _, reason in derivation("iam").dropped}
    assert "no read, list or update takes its identifier" in dropped["service-linked-role"]
    assert "DeleteAccountAlias" in dropped["account-alias"]


def test_update_candidates_skip_parts_created_on_their_own() -> None:
    service = load_service("lambda")
    updates = sources.updates(service, "Function")
    assert updates[0] == "UpdateFunctionConfiguration"
    assert "UpdateFunctionCode" not in updates  # beside PutFunctionCodeSigningConfig


def test_plural_nouns() -> None:
    assert [sources.plural(n) for n in ("Table", "Policy", "Address", "Key")] == [
        "Tables", "Policies", "Addresses", "Keys"]  # fmt: skip


@pytest.fixture
def widgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A service ``widgets`` with a Smithy resource table whose names do not follow the
    Create/Delete pattern (``BuildGarage``/``ScrapGarage``)."""
    model = tmp_path / "models" / "widgets" / "2024-01-01"
    model.mkdir(parents=True)
    shapes = {
        "GarageId": {"type": "string", "pattern": "^g-[0-9a-f]{8}$"},
        "Colour": {"type": "string", "enum": ["red", "blue"]},
        "Garage": {"type": "structure", "members": {"garageId": {"shape": "GarageId"}}},
        "Garages": {"type": "list", "member": {"shape": "Garage"}},
        "BuildGarageRequest": {"type": "structure", "members": {"colour": {"shape": "Colour"}}},
        "BuildGarageResponse": {"type": "structure", "members": {"garageId": {"shape": "GarageId"}}},
        "InspectGarageRequest": {"type": "structure", "required": ["garageId"],
                                 "members": {"garageId": {"shape": "GarageId"}}},
        "ScrapGarageRequest": {"type": "structure", "required": ["id"],
                               "members": {"id": {"shape": "GarageId"}}},
        "ListGaragesRequest": {"type": "structure", "members": {}},
        "ListGaragesResponse": {"type": "structure", "members": {"garages": {"shape": "Garages"}}},
        "Empty": {"type": "structure", "members": {}},
    }  # fmt: skip
    operations = {
        name: {"name": name, "http": {"method": "POST", "requestUri": "/"},
               "input": {"shape": f"{name}Request"},
               "output": {"shape": f"{name}Response" if f"{name}Response" in shapes else "Empty"}}
        for name in ("BuildGarage", "InspectGarage", "ScrapGarage", "ListGarages")
    }  # fmt: skip
    metadata = {"apiVersion": "2024-01-01", "protocol": "json", "serviceId": "Widgets",
                "endpointPrefix": "widgets", "jsonVersion": "1.1", "targetPrefix": "Widgets",
                "signatureVersion": "v4", "serviceFullName": "Widgets", "uid": "widgets-2024-01-01"}  # fmt: skip
    (model / "service-2.json").write_text(json.dumps(
        {"version": "2.0", "metadata": metadata, "operations": operations, "shapes": shapes}))  # fmt: skip
    table = tmp_path / "smithy" / "resources"
    table.mkdir(parents=True)
    (table / "widgets.json").write_text(json.dumps({"origin": "test:widgets:1.0.0", "resources": {
        "Garage": {"identifiers": {"garageId": {"target": "GarageId", "members": {
            "InspectGarage": "garageId", "ScrapGarage": "id"}}},
            "create": "BuildGarage", "read": "InspectGarage", "delete": "ScrapGarage",
            "list": "ListGarages"}}}))  # fmt: skip
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path / "models"))
    monkeypatch.setattr(smithy, "DATA", tmp_path / "smithy")
    service_names.cache_clear()
    release_service_caches()
    yield "widgets"
    service_names.cache_clear()
    release_service_caches()


def test_a_smithy_resource_gives_the_lifecycle_operations_and_the_identifier_members(widgets: str) -> None:
    (found,) = lifecycles(widgets)
    assert found.source == SMITHY and found.resource == "garage"
    assert roles(found) == [("create", "BuildGarage"), ("read", "InspectGarage"),
                            ("list", "ListGarages"), ("delete", "ScrapGarage")]  # fmt: skip
    produced = Ref(0, "output", ("garageId",))
    scrap = found.steps[-1]
    assert scrap.bindings == ((("id",), produced),)  # the Smithy identifier's renamed member


def test_every_source_is_named() -> None:
    assert {lifecycle("sqs", "queue").source, lifecycle("personalize", "dataset-group").source} == {BOTO3, NAMES}
