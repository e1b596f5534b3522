"""generator/data/aws_examples/ is what tools.refresh_aws_examples makes of awscli's pages.

A full refresh takes a minute and a half, so a fixed set of services is rebuilt in memory (two
worker processes) and compared with the committed files (only the entries from the example
pages that were re-read). Each command runs as in a fresh CLI process, so a partial rebuild
must give exactly what the full run committed.
"""

from __future__ import annotations

import json
import os
import socket
from typing import Any

import pytest

from tools import refresh_aws_examples as refresh
from tools.aws_example_pages import parse_page

SERVICES = (
    "s3", "sqs", "dynamodb", "iam", "ec2", "kms", "lambda", "sns", "ssm", "stepfunctions",
    "logs", "cloudwatch", "events", "secretsmanager", "glue", "ecr", "cognito-idp",
)  # fmt: skip


@pytest.fixture(scope="module")
def rebuilt() -> tuple[dict[str, Any], set[str]]:
    cli = refresh.CliParameters()
    dirs = {name for name, service in cli.service_names().items() if service in SERVICES}
    tables, report = refresh.build_tables(dirs, workers=2)
    assert report.kept > 0
    return tables, dirs


def _committed(service: str, dirs: set[str]) -> dict[str, Any]:
    path = refresh.OUTPUT_DIR / f"{service}.json"
    if not path.exists():
        return {}
    table = json.loads(path.read_text(encoding="utf-8"))
    prefixes = tuple(f"awscli/examples/{d}/" for d in dirs)
    kept = {
        op: [e for e in examples if e["source"].startswith(prefixes)]
        for op, examples in table.items()
    }
    return {op: examples for op, examples in kept.items() if examples}


@pytest.mark.parametrize("service", SERVICES)
def test_committed_examples_match_awscli_pages(
    service: str, rebuilt: tuple[dict[str, Any], set[str]]
) -> None:
    tables, dirs = rebuilt
    expected = json.loads(refresh.render(tables.get(service, {})))
    assert _committed(service, dirs) == expected, "stale: run python -m tools.refresh_aws_examples"


def test_committed_files_are_rendered_deterministically() -> None:
    for path in sorted(refresh.OUTPUT_DIR.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert refresh.render(json.loads(text)) == text, path.name


PAGE = r"""**Example 1: To put an item**

The following ``put-item`` example adds an item. ::

    aws dynamodb put-item ^
        --table-name MusicCollection ^
        --item file://item.json

Contents of ``item.json``::

    {"Artist": {"S": "Acme Band"}}

**Example 2: To query**

Windows and POSIX lines alike. ::

    aws dynamodb query \
        --table-name MusicCollection \
        --key-condition-expression "Artist = :a" \
        --expression-attribute-values '{":a": {"S": "Acme Band"}}' \
        --max-items 5

    aws dynamodb get-item --table-name T --key file://missing.json
"""


def test_page_commands_and_inline_files_become_boto3_params() -> None:
    page = parse_page(PAGE)
    assert [c.title for c in page.commands] == ["To put an item", "To query", "To query"]
    cli = refresh.CliParameters()
    report = refresh.Report()
    examples = refresh.page_examples(cli, page, "example.rst", report)
    assert [(e.operation, e.params) for e in examples] == [
        ("PutItem", {"TableName": "MusicCollection", "Item": {"Artist": {"S": "Acme Band"}}}),
        (
            "Query",
            {
                "TableName": "MusicCollection",
                "KeyConditionExpression": "Artist = :a",
                "ExpressionAttributeValues": {":a": {"S": "Acme Band"}},
            },
        ),
    ]
    assert report.dropped == {"file:// file not shown in the page": 1}
    assert report.dropped_args == {"not an input member: PaginationConfig": 1}


def test_custom_commands_and_shell_pipelines_are_dropped_with_a_reason() -> None:
    cli = refresh.CliParameters()
    with pytest.raises(refresh.Dropped, match="custom command"):
        cli.parse(refresh.split_command("aws s3 cp a.txt s3://bucket/a.txt"), {})
    with pytest.raises(refresh.Dropped, match="shell syntax"):
        refresh.split_command("aws sqs list-queues | jq .")


def test_timestamps_become_iso_strings() -> None:
    cli = refresh.CliParameters()
    argv = refresh.split_command(
        "aws cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUUtilization"
        " --start-time 2024-01-02T03:04:05Z --end-time 1704164645 --period 60 --statistics Maximum"
    )
    operation, params = cli.parse(argv, {})
    kept = refresh.input_members(operation, params, refresh.Report())
    assert kept["StartTime"] == "2024-01-02T03:04:05+00:00"
    assert kept["EndTime"] == "2024-01-02T03:04:05+00:00"


def test_each_command_runs_on_the_handlers_of_a_fresh_cli() -> None:
    # modify-instance-attribute's argument table registers a --source-dest-check /
    # --no-source-dest-check check on every later ec2 operation; in a fresh CLI process the
    # next command never sees it.
    cli = refresh.CliParameters()
    modify = (
        "aws ec2 modify-instance-attribute --instance-id i-1234567890abcdef0 --no-source-dest-check"
    )
    _, params = cli.parse(refresh.split_command(modify), {})
    assert params == {"InstanceId": "i-1234567890abcdef0", "SourceDestCheck": {"Value": False}}
    describe = "aws ec2 describe-instances --instance-ids i-1234567890abcdef0"
    operation, params = cli.parse(refresh.split_command(describe), {})
    assert (operation.name, params) == (
        "DescribeInstances",
        {"InstanceIds": ["i-1234567890abcdef0"]},
    )
    fresh = refresh.CliParameters()
    assert fresh.parse(refresh.split_command(describe), {})[1] == params


INPUT_FILE_PAGE = r"""**To create a queue**

Command::

  aws sqs create-queue --queue-name MyQueue --attributes file://~/queues/create-queue.json

Input file (create-queue.json)::

  {"MessageRetentionPeriod": "259200"}

**To create a user from a JSON file**

The file ``create-user.json`` is a JSON document in the current folder. ::

    aws iam create-user --cli-input-json file://create-user.json

Contents of create-user.json::

    {"UserName": "Bob", "Path": "/"}
"""


def test_awscli_reads_the_page_files_itself_from_the_working_directory() -> None:
    page = parse_page(INPUT_FILE_PAGE)
    assert [f.name for f in page.files] == ["create-queue.json", "create-user.json"]
    report = refresh.Report()
    examples = refresh.page_examples(refresh.CliParameters(), page, "example.rst", report)
    assert [(e.operation, e.params) for e in examples] == [
        (
            "CreateQueue",
            {"QueueName": "MyQueue", "Attributes": {"MessageRetentionPeriod": "259200"}},
        ),
        ("CreateUser", {"UserName": "Bob", "Path": "/"}),
    ]
    assert not report.dropped
    assert refresh.local_file_argv(
        ["--policy", r"file://C:\p\a.json", "Key=k,Value=file://~/b.txt", "file://other.json"],
        ["a.json", "b.txt"],
    ) == ["--policy", "file://a.json", "Key=k,Value=file://b.txt", "file://other.json"]


def test_a_customization_that_makes_its_own_request_is_refused_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # cloudfront update-distribution with options fetches the current configuration first;
    # its client would reach the stand-in endpoint, a listening socket that must stay silent.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.2)
        endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}"
        monkeypatch.setitem(refresh.ISOLATED_ENVIRONMENT, "AWS_ENDPOINT_URL", endpoint)
        before = dict(os.environ)
        cli = refresh.CliParameters()
        command = (
            "aws cloudfront update-distribution --id EDFDVBD6EXAMPLE"
            " --default-root-object index.html"
        )
        with pytest.raises(refresh.Dropped, match="makes its own request"):
            cli.parse(refresh.split_command(command), {})
        assert dict(os.environ) == before
        with pytest.raises(TimeoutError):
            listener.accept()


def test_v2_raw_blob_option_is_left_out_for_the_v1_driver() -> None:
    argv = refresh.split_command(
        "aws lambda invoke --function-name my-function --cli-binary-format raw-in-base64-out"
        ' --payload \'{ "name": "Bob" }\' response.json'
    )
    operation, params = refresh.CliParameters().parse(argv, {})
    kept = refresh.input_members(operation, params, refresh.Report())
    assert (operation.name, kept) == (
        "Invoke",
        {"FunctionName": "my-function", "Payload": '{ "name": "Bob" }'},
    )
