"""Target ``client``: the generated package's files, their layout and how fast they come."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import black
import pytest

from generator.errors import SdkParityError, UnsupportedError
from generator.model.load import service_names
from generator.model.lower import load_service
from generator.naming import python as names
from generator.targets.client import layout
from generator.targets.client.package import render_client
from generator.targets.client.plan import make_plan
from generator.targets.client.types import TypeExpr

PACKAGE = "python/sdk-parity-personalize"
SOURCES = f"{PACKAGE}/src/sdk_parity_personalize"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def personalize() -> dict[str, str]:
    return {a.path: a.content for a in render_client(load_service("personalize"), None)}


def test_package_holds_project_files_and_typed_modules(
    personalize: dict[str, str],
) -> None:
    assert sorted(personalize) == [
        f"{PACKAGE}/README.md",
        f"{PACKAGE}/pyproject.toml",
        f"{SOURCES}/__init__.py",
        f"{SOURCES}/__init__.pyi",
        f"{SOURCES}/_aio.py",
        f"{SOURCES}/_client.py",
        f"{SOURCES}/_engine.py",
        f"{SOURCES}/_lazy.py",
        f"{SOURCES}/_runtime.py",
        f"{SOURCES}/_schema.py",
        f"{SOURCES}/_stub.py",
        f"{SOURCES}/aio.py",
        f"{SOURCES}/aio.pyi",
        f"{SOURCES}/client.py",
        f"{SOURCES}/client.pyi",
        f"{SOURCES}/errors.py",
        f"{SOURCES}/models.py",
        f"{SOURCES}/models.pyi",
        f"{SOURCES}/py.typed",
    ]
    project = personalize[f"{PACKAGE}/pyproject.toml"]
    assert 'name = "sdk-parity-personalize"' in project
    assert 'sdk_parity_personalize = ["py.typed"]' in project
    # Personalize patterns use \p{...}: the package needs the regex engine
    assert '"regex>=' in project


@pytest.mark.parametrize("service", ["personalize", "dynamodb"])
def test_every_generated_module_is_black_stable(service: str) -> None:
    for artifact in render_client(load_service(service), None):
        if artifact.path.endswith((".py", ".pyi")):
            mode = black.Mode(is_pyi=artifact.path.endswith(".pyi"))
            formatted = black.format_str(artifact.content, mode=mode)
            assert formatted == artifact.content, artifact.path


def test_generated_package_is_ruff_clean(tmp_path: Path) -> None:
    for artifact in render_client(load_service("dynamodb"), None):
        target = tmp_path / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(artifact.content, encoding="utf-8")
    ruff = [
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--isolated",
        "--no-cache",
        str(tmp_path),
    ]
    done = subprocess.run(ruff, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_personalize_generation_takes_well_under_a_second() -> None:
    """Loading the model and rendering the package in a fresh process (cold caches), timed
    in CPU seconds so a busy machine does not fail it."""
    code = (
        "import time;"
        "from generator.model.lower import load_service;"
        "from generator.targets.client.package import render_client;"
        "t = time.process_time();"
        "service = load_service('personalize');"
        "render_client(service, None);"
        "cold = time.process_time() - t;"
        "t = time.process_time();"
        "render_client(service, None);"
        "print(cold, time.process_time() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    cold, warm = map(float, done.stdout.split())
    assert cold < 0.8, cold
    assert warm < 0.4, warm


def test_generation_is_deterministic_across_hash_seeds() -> None:
    code = (
        "import hashlib;"
        "from generator.model.lower import load_service;"
        "from generator.targets.client.package import render_client;"
        "arts = render_client(load_service('dynamodb'), None);"
        "print(hashlib.sha256(''.join(a.path + a.content for a in arts).encode()).hexdigest())"
    )
    digests = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_selected_operations_limit_the_package() -> None:
    arts = render_client(
        load_service("personalize"), ["CreateSchema", "DescribeSchema"]
    )
    client = next(a.content for a in arts if a.path.endswith("/client.pyi"))
    assert "def create_schema(" in client and "def describe_schema(" in client
    assert "def list_schemas(" not in client
    models = next(a.content for a in arts if a.path.endswith("/models.pyi"))
    assert "class DatasetSchema(_Structure):" in models
    assert "class MetricAttribute:" not in models


def test_unknown_operation_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(SdkParityError, match="did you mean CreateSchema"):
        render_client(load_service("personalize"), ["CreateSchem"])


def test_input_event_stream_operation_is_refused_when_asked_for() -> None:
    with pytest.raises(UnsupportedError, match="sends an event stream"):
        make_plan(load_service("bedrock-runtime"), ["InvokeModelWithBidirectionalStream"])


def test_output_event_streams_are_typed_and_input_streams_left_out_by_default() -> None:
    plan = make_plan(load_service("bedrock-runtime"), None)
    chosen = {op.name for op in plan.operations}
    assert {"Converse", "ConverseStream", "InvokeModelWithResponseStream"} <= chosen
    assert "InvokeModelWithBidirectionalStream" not in chosen
    arts = {a.path: a.content for a in render_client(load_service("bedrock-runtime"), None)}
    models = arts["python/sdk-parity-bedrock-runtime/src/sdk_parity_bedrock_runtime/models.pyi"]
    assert "stream: EventStream[ConverseStreamOutput] | None\n" in models
    assert "class UnknownConverseStreamOutput:" in models
    readme = arts["python/sdk-parity-bedrock-runtime/README.md"]
    assert "- InvokeModelWithBidirectionalStream" in readme


def test_input_enums_take_literals_and_output_enums_take_any_string() -> None:
    arts = {a.path: a.content for a in render_client(load_service("personalize"), None)}
    models = arts[f"{SOURCES}/models.pyi"]
    assert "    domain: Domain | DomainLiteral | None\n" in models  # CreateSchemaRequest
    assert "    domain: Domain | str | None\n" in models  # DatasetSchema (a response)
    assert "        domain: Domain | DomainLiteral | None = None,\n" in models  # __init__
    assert (
        'DomainLiteral: TypeAlias = Literal["ECOMMERCE", "VIDEO_ON_DEMAND"]' in models
    )


def test_waiters_become_wait_until_methods() -> None:
    arts = render_client(load_service("dynamodb"), ["DescribeTable"])
    client = next(a.content for a in arts if a.path.endswith("/client.pyi"))
    assert "def wait_until_table_exists(" in client
    assert "def wait_until_table_not_exists(" in client


# --------------------------------------------------------------------------- naming


@pytest.mark.parametrize(
    ("value", "member"),
    [
        ("VIDEO_ON_DEMAND", "VIDEO_ON_DEMAND"),
        ("application/json", "APPLICATION_JSON"),
        ("ml.m5.large", "ML_M5_LARGE"),
        ("inProgress", "IN_PROGRESS"),
        ("2012-10-17", "V2012_10_17"),
        ("", "EMPTY"),
        ("*", "VALUE"),
    ],
)
def test_enum_values_become_upper_snake_members(value: str, member: str) -> None:
    assert names.enum_member(value) == member


@pytest.mark.parametrize(
    ("member", "field"),
    [
        ("DBInstanceIdentifier", "db_instance_identifier"),
        ("BOOL", "bool_"),
        ("Type", "type_"),
        ("L", "l_"),
        ("Self", "self_"),
        ("datetime", "datetime_"),
        ("lambda", "lambda_"),
    ],
)
def test_fields_that_clash_with_python_get_a_trailing_underscore(
    member: str, field: str
) -> None:
    assert names.field_name(member) == field


def test_class_names_avoid_builtins_and_leading_underscores() -> None:
    assert names.class_name("Exception") == "Exception_"
    assert names.class_name("__listOfFoo") == "ListOfFoo"
    assert names.class_name("filter") == "Filter"


def test_package_names_follow_the_service() -> None:
    assert names.distribution_name("bedrock-runtime") == "sdk-parity-bedrock-runtime"
    assert names.package_name("bedrock-runtime") == "sdk_parity_bedrock_runtime"
    assert names.client_class("DynamoDB") == "DynamoDBClient"
    assert names.client_class("Bedrock Runtime") == "BedrockRuntimeClient"


# --------------------------------------------------------------------------- layout


def _black(source: str) -> str:
    return black.format_str(source, mode=black.Mode())


LONG = (
    "AwsS3BucketBucketLifecycleConfigurationRulesAbortIncompleteMultipartUploadDetails"
)


@pytest.mark.parametrize(
    ("name", "annotation", "default"),
    [
        (
            "abort_incomplete_multipart_upload",
            TypeExpr(options=(TypeExpr(LONG), TypeExpr("None"))),
            "None",
        ),
        (
            "access_grants_location_configuration",
            TypeExpr(
                options=(
                    TypeExpr("AccessGrantsLocationConfiguration"),
                    TypeExpr("None"),
                )
            ),
            "None",
        ),
        (
            "account_default_for_operations_of_the_certificate_provider",
            TypeExpr("list", (TypeExpr("CertificateProviderOperationValue"),)),
            None,
        ),
        (
            "deeply_nested_mapping_of_values",
            TypeExpr(
                options=(
                    TypeExpr(
                        "dict",
                        (
                            TypeExpr("str"),
                            TypeExpr(
                                "dict",
                                (TypeExpr("str"), TypeExpr("list", (TypeExpr(LONG),))),
                            ),
                        ),
                    ),
                    TypeExpr("None"),
                )
            ),
            "None",
        ),
    ],
)
def test_long_fields_are_laid_out_as_black_does(
    name: str, annotation: TypeExpr, default: str | None
) -> None:
    flat = (
        f"class A:\n    {name}: {annotation.flat()}"
        + (f" = {default}" if default else "")
        + "\n"
    )
    mine = (
        "class A:\n"
        + "\n".join(layout.field_lines(1, name, annotation, default))
        + "\n"
    )
    assert mine == _black(flat)


def test_long_parameters_and_return_types_are_laid_out_as_black_does() -> None:
    union = TypeExpr(options=(TypeExpr(LONG), TypeExpr("str"), TypeExpr("None")))
    params: list[layout.Param] = [
        ("self", None, None),
        ("*", None, None),
        ("value", union, "None"),
    ]
    returns = TypeExpr("Iterator", (TypeExpr(LONG + "Summary"),))
    mine = (
        "class A:\n"
        + "\n".join(layout.def_lines(1, "paginate", params, returns))
        + "\n        pass\n"
    )
    flat = f"class A:\n    def paginate(self, *, value: {union.flat()} = None,) -> {returns.flat()}:\n        pass\n"
    assert mine == _black(flat)


def test_long_literal_aliases_are_laid_out_as_black_does() -> None:
    literal = TypeExpr(
        "Literal", tuple(TypeExpr(f'"VALUE_NUMBER_{i}"') for i in range(12))
    )
    mine = "\n".join(layout.alias_lines("ManyLiteral", literal)) + "\n"
    assert mine == _black(f"ManyLiteral: TypeAlias = {literal.flat()}\n")


@pytest.mark.slow
@pytest.mark.parametrize("service", service_names())
def test_every_service_renders_valid_black_stable_python(service: str) -> None:
    """The whole catalog (``pytest -m slow``): every package compiles and black keeps it."""
    for artifact in render_client(load_service(service), None):
        if artifact.path.endswith((".py", ".pyi")):
            compile(artifact.content, artifact.path, "exec")
            if not artifact.path.rpartition("/")[2].startswith("_") or "__init__" in artifact.path:
                mode = black.Mode(is_pyi=artifact.path.endswith(".pyi"))
                formatted = black.format_str(artifact.content, mode=mode)
                assert formatted == artifact.content, artifact.path


def test_paginators_take_paging_options_and_keep_a_required_page_size() -> None:
    arts = render_client(load_service("cognito-idp"), ["ListUserPools"])
    client = next(a.content for a in arts if a.path.endswith("/client.pyi"))
    items = client.split("def paginate_list_user_pools(", 1)[1].split(") ->", 1)[0]
    assert "max_results: int," in items and "next_token" not in items
    for option in ("page_size", "max_items", "starting_token"):
        assert f"{option}: " in items
    assert "def paginate_list_user_pools_pages(" in client
