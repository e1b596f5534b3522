"""Benchmark: per-call overhead of the typed client against a plain boto3 call.

Both call Personalize DescribeMetricAttribution and CreateMetricAttribution (the seed's values)
on the same boto3 client, answered in memory by botocore's Stubber, so the figures compare
the full botocore call path with and without the typed layer (validation, dataclass
conversion in and out). The plain call is validated by botocore, the typed call by the typed
client's own (stricter) validation, which replaces botocore's - each request is validated once,
as a user of either gets it. Several alternating rounds; medians and the ratio are printed.
Usage: ``.venv/bin/python bench/bench_client_overhead.py [--calls 300] [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "output/python/sdk-parity-personalize/src"))

from sdk_parity_personalize import PersonalizeClient  # noqa: E402
from sdk_parity_personalize.models import (  # noqa: E402
    MetricAttribute,
    MetricAttributionOutput,
    S3DataConfig,
)

SEED = json.loads((REPO / "generator/data/values/personalize/CreateMetricAttribution.json").read_text())
ARN = "arn:aws:personalize:us-west-2:123456789012:metric-attribution/video-metric-attribution"
DESCRIBED = {"metricAttribution": {"name": "video-metric-attribution", "metricAttributionArn": ARN,
                                   "datasetGroupArn": SEED["datasetGroupArn"],
                                   "metricsOutputConfig": SEED["metricsOutputConfig"],
                                   "status": "ACTIVE"}}


def _client() -> Any:
    return boto3.client("personalize", region_name="us-west-2", aws_access_key_id="x",
                        aws_secret_access_key="x")


def _plain(client: Any, stub: Stubber, calls: int) -> float:
    for _ in range(calls):
        stub.add_response("create_metric_attribution", {"metricAttributionArn": ARN})
        stub.add_response("describe_metric_attribution", DESCRIBED)
    start = time.perf_counter()
    for _ in range(calls):
        arn = client.create_metric_attribution(**SEED)["metricAttributionArn"]
        client.describe_metric_attribution(metricAttributionArn=arn)
    return (time.perf_counter() - start) / calls


def _typed(typed: PersonalizeClient, stub: Stubber, calls: int) -> float:
    for _ in range(calls):
        stub.add_response("create_metric_attribution", {"metricAttributionArn": ARN})
        stub.add_response("describe_metric_attribution", DESCRIBED)
    out = SEED["metricsOutputConfig"]
    start = time.perf_counter()
    for _ in range(calls):
        created = typed.create_metric_attribution(
            name=SEED["name"],
            dataset_group_arn=SEED["datasetGroupArn"],
            metrics=[MetricAttribute(event_type=m["eventType"], metric_name=m["metricName"],
                                     expression=m["expression"]) for m in SEED["metrics"]],
            metrics_output_config=MetricAttributionOutput(
                role_arn=out["roleArn"],
                s3_data_destination=S3DataConfig(path=out["s3DataDestination"]["path"],
                                                 kms_key_arn=out["s3DataDestination"]["kmsKeyArn"]),
            ),
        )
        assert created.metric_attribution_arn is not None
        typed.describe_metric_attribution(metric_attribution_arn=created.metric_attribution_arn)
    return (time.perf_counter() - start) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    client = _client()
    typed = PersonalizeClient(client)
    plain_times, typed_times = [], []
    with Stubber(client) as stub:
        _plain(client, stub, 20)
        _typed(typed, stub, 20)  # warm-up
        for _ in range(args.rounds):
            plain_times.append(_plain(client, stub, args.calls))
            typed_times.append(_typed(typed, stub, args.calls))
    plain, typed_median = statistics.median(plain_times), statistics.median(typed_times)
    print(f"{args.rounds} rounds x {args.calls} create+describe pairs, stubbed boto3 client")
    print(f"plain boto3 : median {plain * 1e3:.3f} ms per pair")
    print(f"typed client: median {typed_median * 1e3:.3f} ms per pair")
    print(f"ratio typed/plain: {typed_median / plain:.3f} (target <= 1.10)")


if __name__ == "__main__":
    main()
