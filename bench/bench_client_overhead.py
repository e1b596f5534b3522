"""Benchmark: per-call overhead of the typed client against a plain boto3 call.

Both call Personalize DescribeMetricAttribution and CreateMetricAttribution (the seed's values)
on the same boto3 client, answered in memory by botocore's Stubber, so the figures compare
the full botocore call path with and without the typed layer (validation, dataclass
conversion in and out). The plain call is validated by botocore, the typed call by the typed
client's own (stricter) validation, which replaces botocore's - each request is validated once,
as a user of either gets it. A second scenario is ListSchemas answering a list of 1,000
structures (``--items``), where building the typed result dominates the typed layer's
cost: from the Stubber (botocore parses nothing, so the plain call costs almost nothing),
once taking the list only and once also reading two members of every item (``name`` and
``domain``, as a loop over the items would; the typed client builds a result's members on
the first read of one of them), and as raw JSON over botocore's ``before-send`` hook
(botocore parses the body for both, as it does for a real service), reading two members of
every item. Several alternating rounds; medians and the ratios are printed.
Usage: ``.venv/bin/python bench/bench_client_overhead.py [--calls 300] [--rounds 5] [--items 1000]
[--cpu]`` (``--cpu``: process CPU time instead of wall time);
``SDK_PARITY_BENCH_SRC=<folder>`` measures another copy of the package (its ``src`` folder).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(
    0, os.environ.get("SDK_PARITY_BENCH_SRC") or str(REPO / "output/python/sdk-parity-personalize/src")
)

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


CLOCK: list[Any] = [time.perf_counter]
"""The clock the figures use: wall time, or this process's CPU time with ``--cpu``."""


def _client() -> Any:
    return boto3.client("personalize", region_name="us-west-2", aws_access_key_id="x",
                        aws_secret_access_key="x")


def _plain(client: Any, stub: Stubber, calls: int) -> float:
    for _ in range(calls):
        stub.add_response("create_metric_attribution", {"metricAttributionArn": ARN})
        stub.add_response("describe_metric_attribution", DESCRIBED)
    start = CLOCK[0]()
    for _ in range(calls):
        arn = client.create_metric_attribution(**SEED)["metricAttributionArn"]
        client.describe_metric_attribution(metricAttributionArn=arn)
    return (CLOCK[0]() - start) / calls


def _typed(typed: PersonalizeClient, stub: Stubber, calls: int) -> float:
    for _ in range(calls):
        stub.add_response("create_metric_attribution", {"metricAttributionArn": ARN})
        stub.add_response("describe_metric_attribution", DESCRIBED)
    out = SEED["metricsOutputConfig"]
    start = CLOCK[0]()
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
    return (CLOCK[0]() - start) / calls


def _listing(items: int) -> dict[str, Any]:
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    return {"schemas": [
        {"name": f"schema-{i}", "schemaArn": f"arn:aws:personalize:us-west-2:123456789012:schema/s-{i}",
         "creationDateTime": when, "lastUpdatedDateTime": when, "domain": "ECOMMERCE"}
        for i in range(items)
    ]}


def _plain_read(client: Any) -> int:
    """ListSchemas with plain boto3, reading two members of every item."""
    read = 0
    for schema in client.list_schemas()["schemas"]:
        read += schema["name"] is not None and schema["domain"] is not None
    return read


def _typed_read(typed: PersonalizeClient) -> int:
    """ListSchemas with the typed client, reading two members of every item."""
    read = 0
    for schema in typed.list_schemas().schemas or ():
        read += schema.name is not None and schema.domain is not None
    return read


def _plain_list(client: Any, stub: Stubber, calls: int, listing: dict[str, Any],
                touch: bool = False) -> float:
    for _ in range(calls):
        stub.add_response("list_schemas", listing)
    start = CLOCK[0]()
    for _ in range(calls):
        if touch:
            _plain_read(client)
        else:
            assert client.list_schemas()["schemas"] is not None
    return (CLOCK[0]() - start) / calls


def _typed_list(typed: PersonalizeClient, stub: Stubber, calls: int, listing: dict[str, Any],
                touch: bool = False) -> float:
    for _ in range(calls):
        stub.add_response("list_schemas", listing)
    start = CLOCK[0]()
    for _ in range(calls):
        if touch:
            _typed_read(typed)
        else:
            assert typed.list_schemas().schemas is not None
    return (CLOCK[0]() - start) / calls


def _on_the_wire(client: Any, listing: dict[str, Any]) -> None:
    """Answer every request with ``listing`` as the service's JSON, parsed by botocore."""
    from botocore.awsrequest import AWSResponse  # noqa: PLC0415 - only this scenario needs it

    wire = {"schemas": [{**s, "creationDateTime": s["creationDateTime"].timestamp(),
                         "lastUpdatedDateTime": s["lastUpdatedDateTime"].timestamp()}
                        for s in listing["schemas"]]}
    body = json.dumps(wire).encode()

    class Raw:
        def stream(self, **_: Any) -> Any:
            yield body

    def send(request: Any, **_: Any) -> Any:
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "r"}
        return AWSResponse(request.url, 200, headers, Raw())

    client.meta.events.register("before-send.personalize.ListSchemas", send)


def _timed(call: Any, calls: int) -> float:
    start = CLOCK[0]()
    for _ in range(calls):
        call()
    return (CLOCK[0]() - start) / calls


def _report(title: str, plain_times: list[float], typed_times: list[float]) -> None:
    plain, typed_median = statistics.median(plain_times), statistics.median(typed_times)
    print(title)
    print(f"  plain boto3 : median {plain * 1e3:.3f} ms")
    print(f"  typed client: median {typed_median * 1e3:.3f} ms")
    print(f"  ratio typed/plain: {typed_median / plain:.3f} (target <= 1.10)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--cpu", action="store_true",
                        help="time with this process's CPU time (steadier on a shared machine)")
    args = parser.parse_args()
    if args.cpu:
        CLOCK[0] = time.process_time
    client = _client()
    typed = PersonalizeClient(client)
    plain_times, typed_times = [], []
    listing = _listing(args.items)
    list_calls = max(1, args.calls // 20)
    plain_lists, typed_lists = [], []
    plain_reads, typed_reads = [], []
    with Stubber(client) as stub:
        _plain(client, stub, 20)
        _typed(typed, stub, 20)  # warm-up
        _plain_list(client, stub, 2, listing)
        _typed_list(typed, stub, 2, listing)
        for _ in range(args.rounds):
            plain_times.append(_plain(client, stub, args.calls))
            typed_times.append(_typed(typed, stub, args.calls))
            plain_lists.append(_plain_list(client, stub, list_calls, listing))
            typed_lists.append(_typed_list(typed, stub, list_calls, listing))
            plain_reads.append(_plain_list(client, stub, list_calls, listing, touch=True))
            typed_reads.append(_typed_list(typed, stub, list_calls, listing, touch=True))
    _report(f"{args.rounds} rounds x {args.calls} create+describe pairs, stubbed boto3 client",
            plain_times, typed_times)
    _report(f"{args.rounds} rounds x {list_calls} ListSchemas calls answering {args.items} structures"
            " (Stubber: botocore parses nothing), taking the list", plain_lists, typed_lists)
    _report(f"{args.rounds} rounds x {list_calls} ListSchemas calls answering {args.items} structures"
            " (Stubber), reading name and domain of every item", plain_reads, typed_reads)
    wire_client = _client()
    _on_the_wire(wire_client, listing)
    wire_typed = PersonalizeClient(wire_client)
    plain_wire, typed_wire = [], []
    for _ in range(args.rounds):
        plain_wire.append(_timed(lambda: _plain_read(wire_client), list_calls))
        typed_wire.append(_timed(lambda: _typed_read(wire_typed), list_calls))
    _report(f"{args.rounds} rounds x {list_calls} ListSchemas calls answering {args.items} structures"
            " as JSON (botocore parses it), reading name and domain of every item",
            plain_wire, typed_wire)


if __name__ == "__main__":
    main()
