"""Stage ``values``: validation of user values and synthesis that passes every constraint."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.session import get_session
from botocore.validate import ParamValidator

from generator.errors import ValuesError
from generator.model.lower import load_service
from generator.values.synthesize import synthesize
from generator.values.tree import to_params
from generator.values.validate import from_document

SEED: dict[str, Any] = {
    "name": "video-metric-attribution",
    "datasetGroupArn": "arn:aws:personalize:us-west-2:123456789012:dataset-group/video",
    "metrics": [{"eventType": "Click", "metricName": "ClickCount", "expression": "SAMPLECOUNT()"}],
    "metricsOutputConfig": {
        "roleArn": "arn:aws:iam::123456789012:role/PersonalizeMetricsRole",
        "s3DataDestination": {"path": "s3://amzn-s3-demo-bucket/metrics/"},
    },
}


def _with(path: str, value: Any) -> dict[str, Any]:
    import copy

    doc = copy.deepcopy(SEED)
    target: Any = doc
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is _DELETE:
        del target[keys[-1]]
    else:
        target[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
    return doc


_DELETE = object()

BAD_VALUES = [
    ("unknown member", _with("nmae", "x"), "nmae: unknown member (did you mean name?)"),
    ("missing required", _with("name", _DELETE), "name: missing required member"),
    ("wrong type", _with("name", 5), "name: expected a string, got a number"),
    (
        "nested pattern",
        _with("metricsOutputConfig.s3DataDestination.path", "bucket/metrics"),
        "metricsOutputConfig.s3DataDestination.path: 'bucket/metrics' does not match the pattern",
    ),
    (
        "length",
        _with("name", "x" * 64),
        "name: has 64 characters, more than the maximum 63",
    ),
    (
        "list size",
        _with("metrics", [SEED["metrics"][0]] * 11),
        "metrics: has 11 items, more than the maximum 10",
    ),
    (
        "nested missing",
        _with("metrics.0.expression", _DELETE),
        "metrics[0].expression: missing required member",
    ),
    (
        "pattern with did-you-mean free text",
        _with("name", "metric attribution name"),
        None,
    ),
]


@pytest.mark.parametrize("label,doc,message", BAD_VALUES, ids=[b[0] for b in BAD_VALUES])
def test_bad_values_name_the_path(label: str, doc: dict[str, Any], message: str | None) -> None:
    service = load_service("personalize")
    operation = service.operation("CreateMetricAttribution")
    if message is None:
        # the seed page's own placeholder is valid for the pattern (it is a search, not a match)
        from_document(service, operation, doc)
        return
    with pytest.raises(ValuesError) as info:
        from_document(service, operation, doc)
    assert message in str(info.value)


def test_enum_and_range_violations_are_reported() -> None:
    service = load_service("personalize")
    op = service.operation("CreateDatasetImportJob")
    doc = to_params(synthesize(service, op))
    doc["importMode"] = "PARTIAL"
    with pytest.raises(ValuesError, match=r"importMode: 'PARTIAL' is not one of: FULL, INCREMENTAL"):
        from_document(service, op, doc)
    op = service.operation("ListDatasets")
    with pytest.raises(ValuesError, match=r"maxResults: 0 is below the minimum 1"):
        from_document(service, op, {"maxResults": 0})


def test_timestamps_and_blobs_follow_boto3_conventions() -> None:
    service = load_service("cloudwatch")
    op = service.operation("GetMetricStatistics")
    doc = to_params(synthesize(service, op))
    doc["StartTime"] = "2024-05-01T10:00:00+02:00"
    value = from_document(service, op, {**doc, "EndTime": "2024-05-02T00:00:00Z"})
    params = to_params(value)
    assert params["StartTime"] == dt.datetime(2024, 5, 1, 8, tzinfo=dt.UTC)
    lam = load_service("lambda")
    value = from_document(lam, lam.operation("Invoke"), {"FunctionName": "f", "Payload": "{}"})
    assert to_params(value)["Payload"] == b"{}"


SAMPLE = [
    ("personalize", None),
    ("dynamodb", None),
    ("s3", ["PutObject", "PutBucketTagging", "CopyObject"]),
    ("bedrock-runtime", None),
    ("bedrock-agent-runtime", None),
    ("deadline", ["CreateJob"]),
    ("iotwireless", ["CreateWirelessDevice"]),
    ("cloudsearchdomain", None),
    ("ec2", ["RunInstances", "CreateTags"]),
]


@pytest.mark.parametrize("service_name,ops", SAMPLE, ids=[s for s, _ in SAMPLE])
def test_synthesized_values_pass_botocore_validation(service_name: str, ops: list[str] | None) -> None:
    service = load_service(service_name)
    model = get_session().get_service_model(service_name)
    validator = ParamValidator()
    for name in ops or list(service.operations):
        operation = service.operation(name)
        params = to_params(synthesize(service, operation))
        input_shape = model.operation_model(name).input_shape
        if input_shape is None:
            continue
        report = validator.validate(params, input_shape)
        assert not report.has_errors(), f"{name}: {report.generate_report()}"
        # and they pass our own validator too, which also checks patterns
        from_document(service, operation, _jsonable(params))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def test_recursive_union_is_cut_and_valid() -> None:
    service = load_service("dynamodb")
    params = to_params(synthesize(service, service.operation("PutItem")))
    (attribute,) = params["Item"].values()
    assert len(attribute) == 1  # exactly one member of the AttributeValue "union"


def test_pattern_synthesis_reaches_exact_lengths_past_an_optional_group() -> None:
    """``(0x)?[a-fA-F0-9]+`` grows by 3 and then by 1 per step: iot certificate IDs need 64."""
    from generator.model import patterns

    text = patterns.generate("(0x)?[a-fA-F0-9]+", 64, 64)
    assert text is not None and len(text) == 64 and patterns.matches("(0x)?[a-fA-F0-9]+", text)


def test_every_iot_certificate_operation_gets_a_value() -> None:
    from generator.generate.pipeline import example_value

    service = load_service("iot")
    for name in ("DescribeCertificate", "TransferCertificate", "ListCertificatesByCA"):
        example_value(service, service.operations[name], None)
