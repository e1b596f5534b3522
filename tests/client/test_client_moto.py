"""Target ``client``: generated clients run end to end against moto (``mock_aws``).

Personalize: the schema operations moto implements (create, describe, list, delete), typed
errors, client-side validation. moto 5.2.5 accepts a second schema with the same name, which
the real service rejects with ``ResourceAlreadyExistsException``; the duplicate test restores
that rule with a ``before-send`` hook that answers like the service (an HTTP 400 JSON error that
botocore parses as usual). DynamoDB: recursive values, maps, blobs, waiters, paginators, and an
error that carries a modeled field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from client_usage.harness import generate, import_package
from moto import mock_aws
from moto.core.botocore_stubber import MockRawResponse
from moto.personalize.models import personalize_backends

ACCOUNT = "123456789012"
REGION = "us-east-1"
AVRO = json.dumps(
    {
        "type": "record",
        "name": "Interactions",
        "namespace": "com.amazonaws.personalize.schema",
        "fields": [
            {"name": "USER_ID", "type": "string"},
            {"name": "ITEM_ID", "type": "string"},
            {"name": "TIMESTAMP", "type": "long"},
        ],
        "version": "1.0",
    }
)


@pytest.fixture(scope="module")
def pz(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package(
        "personalize", generate("personalize", tmp_path_factory.mktemp("pz"))
    )


@pytest.fixture(scope="module")
def ddb(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package(
        "dynamodb", generate("dynamodb", tmp_path_factory.mktemp("ddb"))
    )


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


def _error_response(request: Any, code: str, message: str) -> AWSResponse:
    body = json.dumps({"__type": code, "message": message})
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    return AWSResponse(request.url, 400, headers, MockRawResponse(body))


def _reject_duplicate_schema(request: Any, **_: Any) -> AWSResponse | None:
    """What the service does and moto does not: refuse a second schema with the same name."""
    name = json.loads(request.body)["name"]
    backend = personalize_backends[ACCOUNT][REGION]
    if any(schema.name == name for schema in backend.schemas.values()):
        return _error_response(
            request, "ResourceAlreadyExistsException", f"{name} exists"
        )
    return None


def test_schema_lifecycle_runs_through_the_typed_client(
    pz: ModuleType, aws: None
) -> None:
    client = pz.PersonalizeClient(region_name=REGION)
    created = client.create_schema(
        name="interactions", schema=AVRO, domain=pz.Domain.ECOMMERCE
    )
    assert isinstance(created, pz.CreateSchemaResponse)
    assert created.schema_arn.endswith(":schema/interactions")

    described = client.describe_schema(schema_arn=created.schema_arn).schema
    assert isinstance(described, pz.DatasetSchema)
    assert (described.name, described.schema) == ("interactions", AVRO)
    assert described.domain is pz.Domain.ECOMMERCE
    assert described.creation_date_time is not None
    assert described.creation_date_time.tzinfo is not None

    listed = client.list_schemas()
    assert [s.schema_arn for s in listed.schemas] == [created.schema_arn]
    assert [s.name for s in client.paginate_list_schemas()] == ["interactions"]

    assert client.delete_schema(schema_arn=created.schema_arn) is None
    assert client.list_schemas().schemas == []
    with pytest.raises(pz.ResourceNotFoundException) as missing:
        client.describe_schema(schema_arn=created.schema_arn)
    assert missing.value.operation_name == "DescribeSchema"
    assert "does not exist" in missing.value.error_message


def test_duplicate_create_raises_the_typed_already_exists_error(
    pz: ModuleType, aws: None
) -> None:
    client = pz.PersonalizeClient(region_name=REGION)
    events = client.boto3_client.meta.events
    events.register_first(
        "before-send.personalize.CreateSchema", _reject_duplicate_schema
    )
    client.create_schema(name="interactions", schema=AVRO)
    with pytest.raises(pz.ResourceAlreadyExistsException) as duplicate:
        client.create_schema(name="interactions", schema=AVRO)
    error = duplicate.value
    assert isinstance(error, pz.PersonalizeError)
    assert error.error_code == "ResourceAlreadyExistsException"
    assert error.message == "interactions exists"  # the error's own modeled field
    assert isinstance(error.__cause__, Exception)  # botocore's ClientError, chained


def test_unknown_error_code_raises_the_service_base_error(
    pz: ModuleType, aws: None
) -> None:
    client = pz.PersonalizeClient(region_name=REGION)

    def brand_new(request: Any, **_: Any) -> AWSResponse:
        return _error_response(request, "BrandNewException", "something new")

    client.boto3_client.meta.events.register_first(
        "before-send.personalize.ListSchemas", brand_new
    )
    with pytest.raises(pz.PersonalizeError) as raised:
        client.list_schemas()
    assert type(raised.value) is pz.PersonalizeError
    assert raised.value.error_code == "BrandNewException"


def test_validation_reports_every_problem_with_field_paths(
    pz: ModuleType, aws: None
) -> None:
    client = pz.PersonalizeClient(region_name=REGION)
    with pytest.raises(pz.ParamValidationError) as invalid:
        client.create_metric_attribution(
            name="",
            dataset_group_arn="arn:aws:personalize:us-east-1:123456789012:dataset-group/g",
            metrics=[
                pz.MetricAttribute(
                    event_type="x" * 300, metric_name="m", expression="SUM()"
                )
            ],
            metrics_output_config=pz.MetricAttributionOutput(
                role_arn="not-an-arn",
                s3_data_destination=pz.S3DataConfig(path="bucket/without/scheme"),
            ),
        )
    paths = [problem.path for problem in invalid.value.problems]
    assert sorted(set(paths)) == [
        "metrics[0].event_type",
        "metrics_output_config.role_arn",
        "metrics_output_config.s3_data_destination.path",
        "name",
    ]
    assert "CreateMetricAttribution: 5 invalid parameters" in str(invalid.value)


def test_validation_can_be_switched_off_per_client(pz: ModuleType, aws: None) -> None:
    strict = pz.PersonalizeClient(region_name=REGION)
    with pytest.raises(pz.ParamValidationError):
        strict.create_schema(name="n" * 70, schema=AVRO)
    relaxed = pz.PersonalizeClient(region_name=REGION, validate=False)
    assert relaxed.create_schema(name="n" * 70, schema=AVRO).schema_arn


def test_enum_value_the_model_does_not_know_stays_a_plain_string(
    pz: ModuleType, aws: None
) -> None:
    client = pz.PersonalizeClient(region_name=REGION, validate=False)
    arn = client.create_schema(name="sports", schema=AVRO, domain="SPORTS").schema_arn
    domain = client.describe_schema(schema_arn=arn).schema.domain
    assert domain == "SPORTS"
    assert type(domain) is str


def test_an_existing_boto3_client_is_wrapped_and_checked(
    pz: ModuleType, aws: None
) -> None:
    import boto3

    raw = boto3.client("personalize", region_name=REGION)
    client = pz.PersonalizeClient(raw)
    assert client.boto3_client is raw
    assert client.list_schemas().schemas == []
    with pytest.raises(ValueError, match="expected a boto3 client for 'personalize'"):
        pz.PersonalizeClient(boto3.client("s3", region_name=REGION))
    with pytest.raises(TypeError, match="not both"):
        pz.PersonalizeClient(raw, region_name=REGION)


def test_dynamodb_round_trips_recursive_values_maps_and_blobs(
    ddb: ModuleType, aws: None
) -> None:
    client = ddb.DynamoDBClient(region_name=REGION)
    client.create_table(
        table_name="music",
        attribute_definitions=[
            ddb.AttributeDefinition(attribute_name="artist", attribute_type="S")
        ],
        key_schema=[
            ddb.KeySchemaElement(attribute_name="artist", key_type=ddb.KeyType.HASH)
        ],
        billing_mode=ddb.BillingMode.PAY_PER_REQUEST,
    )
    client.wait_until_table_exists(
        table_name="music", waiter_config=ddb.WaiterConfig(delay=1, max_attempts=2)
    )
    value = ddb.AttributeValue
    item = {
        "artist": value(s="No One You Know"),
        "album": value(
            m={
                "tracks": value(
                    l_=[value(s="Call Me Today"), value(n="3"), value(null=True)]
                ),
                "cover": value(b=b"\x89PNG\x00\xff"),
                "tags": value(ss=["pop", "indie"]),
                "live": value(bool_=False),
            }
        ),
    }
    client.put_item(table_name="music", item=item)
    got = client.get_item(
        table_name="music", key={"artist": value(s="No One You Know")}
    )
    assert got.item == item
    assert list(client.paginate_list_tables()) == ["music"]
    assert client.describe_table(table_name="music").table.table_status == "ACTIVE"


def test_dynamodb_error_carries_its_modeled_fields(ddb: ModuleType, aws: None) -> None:
    client = ddb.DynamoDBClient(region_name=REGION)
    client.create_table(
        table_name="t",
        attribute_definitions=[
            ddb.AttributeDefinition(attribute_name="pk", attribute_type="S")
        ],
        key_schema=[ddb.KeySchemaElement(attribute_name="pk", key_type="HASH")],
        billing_mode="PAY_PER_REQUEST",
    )
    old = {"pk": ddb.AttributeValue(s="a"), "n": ddb.AttributeValue(n="1")}
    client.put_item(table_name="t", item=old)
    with pytest.raises(ddb.ConditionalCheckFailedException) as failed:
        client.put_item(
            table_name="t",
            item={"pk": ddb.AttributeValue(s="a")},
            condition_expression="attribute_not_exists(pk)",
            return_values_on_condition_check_failure="ALL_OLD",
        )
    assert failed.value.item == old
    with pytest.raises(ddb.ResourceNotFoundException):
        client.get_item(table_name="missing", key={"pk": ddb.AttributeValue(s="a")})


def _readme_example() -> str:
    """The first example of ``docs/typed-client.md`` (the README's page on it), as published."""
    page = (Path(__file__).resolve().parents[2] / "docs/typed-client.md").read_text()
    return page.split("```python\n", 1)[1].split("```", 1)[0]


def test_readme_example_runs_from_a_fresh_virtualenv_install(tmp_path: Path) -> None:
    """``pip install output/python/sdk-parity-personalize`` into a new virtualenv, then the
    README's example runs there against the loopback endpoint and passes ``mypy --strict``.

    The committed package is built into a wheel by this environment's pip and installed
    into a virtualenv made for the test (``--no-index``: nothing is downloaded). Its one
    runtime dependency, boto3, is not fetched either: a ``.pth`` file lends the fresh
    environment this environment's site-packages, as an installed boto3 would.
    """
    import os
    import shutil
    import subprocess
    import sys
    import sysconfig

    from generator.verify import scripts


    committed = Path(__file__).resolve().parents[2] / "output/python/sdk-parity-personalize"
    project = tmp_path / "project"  # a copy: building leaves build/ and *.egg-info behind
    shutil.copytree(committed, project)
    dist, fresh = tmp_path / "dist", tmp_path / "fresh"
    pip = [sys.executable, "-m", "pip"]
    build = pip + ["wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(dist)]
    subprocess.run(build + [str(project)], check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = dist.glob("sdk_parity_personalize-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], check=True)
    python = fresh / "bin" / "python"
    install = pip + ["--python", str(python), "install", "--quiet", "--no-index", "--no-deps"]
    subprocess.run(install + [str(wheel)], check=True, capture_output=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    example = tmp_path / "example.py"
    example.write_text(
        "import sdk_parity_personalize\n"
        "print(sdk_parity_personalize.__file__)\n" + _readme_example()
    )
    with scripts.new_endpoint() as endpoint:
        env = scripts.base_env(endpoint.url("personalize"), tmp_path)
        done = subprocess.run(
            [str(python), str(example)], env=env, capture_output=True, text=True,
            cwd=tmp_path, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0].startswith(site), done.stdout
        assert "MetricAttribution(" in done.stdout
        sent = [c.operation for c in endpoint.captured("personalize")]
    assert sent == ["CreateMetricAttribution", "DescribeMetricAttribution"]
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--python-executable", str(python), str(example)],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "MYPYPATH": ""},
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
