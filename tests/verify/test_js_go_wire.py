"""On the wire: JavaScript v3 and Go v2 examples send botocore's own request.

Every Personalize operation (synthesized values) and a cross-service sample (the shared
``wire_sample.SAMPLE`` plus ``MORE`` below: json, rest-json, rest-xml, query and ec2, at least 15
services and 50 operations at parity per language; Go leaves out its three largest modules,
``GO_LEFT_OUT``) is rendered in ``js`` and ``go``, the JS examples type-checked by one tsc and run in one node process, the Go
examples built by one ``go build`` and run, each against its own loopback endpoint; each is
judged by :func:`generator.verify.examples.judge` against botocore's reference request, as the other
languages are. Examples a target refuses (``UnsupportedError``: module not served here, event
streams ...) are "not expressible" with the reason and never run. smithy-rpc-v2-cbor is not
covered: the sample's CBOR services have no Go module here and no pinned JS client.

Needs node/npm and go (``bash .ci/setup-jsgo`` installs the pinned SDKs into ``.cache/``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import require_tool
from wire_sample import SAMPLE

from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.targets.go import render_go
from generator.targets.js import render_js
from generator.values.tree import to_params
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE, PARITY, Example, Verdict
from generator.verify.go import new_endpoint as new_go_endpoint
from generator.verify.go import run_go
from generator.verify.js import new_endpoint as new_js_endpoint
from generator.verify.js import run_js

MORE: list[tuple[str, str]] = [
    ("sts", "GetCallerIdentity"), ("sts", "GetSessionToken"),
    ("sqs", "CreateQueue"), ("sqs", "ReceiveMessage"),
    ("dynamodb", "GetItem"), ("dynamodb", "UpdateItem"),
    ("s3", "ListObjectsV2"), ("s3", "DeleteObjects"), ("s3", "CreateBucket"),
    ("iam", "ListRoles"), ("iam", "CreateUser"),
    ("sns", "CreateTopic"), ("rds", "CreateDBInstance"),
    ("ec2", "DescribeVpcs"), ("ec2", "CreateSecurityGroup"),
    ("lambda", "ListFunctions"), ("lambda", "GetFunction"),
    ("eks", "DescribeCluster"), ("route53", "ListHostedZones"),
    ("cloudformation", "DescribeStacks"), ("kinesis", "CreateStream"),
    ("ecs", "ListClusters"), ("cloudwatch", "PutMetricAlarm"),
    ("codeartifact", "ListDomains"), ("bedrock-runtime", "InvokeModel"),
    ("memorydb", "DescribeClusters"), ("memorydb", "CreateCluster"),
    ("resourcegroupstaggingapi", "GetResources"), ("translate", "TranslateText"),
    ("sts", "GetAccessKeyInfo"), ("sqs", "DeleteMessage"), ("sqs", "ListQueues"),
    ("sns", "ListTopics"), ("sns", "Subscribe"), ("dynamodb", "ListTables"),
    ("dynamodb", "DescribeTable"), ("kinesis", "ListStreams"), ("iam", "GetUser"),
    ("s3", "HeadObject"), ("route53", "GetHostedZone"), ("lambda", "ListLayers"),
    ("cloudformation", "ListStacks"),
    ("firehose", "PutRecordBatch"), ("storagegateway", "ListFileShares"), ("glue", "GetTables"),
    # host prefix "sync-" glued to the endpoint's name (sync-127.0.0.1), and the clients the
    # scenarios of the CI services need
    ("stepfunctions", "StartSyncExecution"), ("kms", "Encrypt"),
    ("secretsmanager", "GetSecretValue"), ("ecr", "DescribeRepositories"),
]  # fmt: skip
CROSS = [(service, op) for service, op, _ in SAMPLE] + MORE
# The largest Go modules are left out of the Go run to keep CI's cold build short: ec2 alone is
# a third of the source the whole sample would compile (22.8 MB of Go), rds and ecs the next
# largest; their protocols are covered by other services (ec2's only by JavaScript, below).
GO_LEFT_OUT = frozenset({"ec2", "rds", "ecs"})
PLANS = {"js": CROSS, "go": [(s, op) for s, op in CROSS if s not in GO_LEFT_OUT]}
PROTOCOLS = {
    "js": {"json", "rest-json", "rest-xml", "query", "ec2"},
    "go": {"json", "rest-json", "rest-xml", "query"},
}
RENDER = {"js": render_js, "go": render_go}


def _examples(plan: list[tuple[str, str]], lang: str) -> tuple[list[Example], list[Verdict]]:
    examples: list[Example] = []
    refused: list[Verdict] = []
    for service_name, op_name in plan:
        service = load_service(service_name)
        op = service.operation(op_name)
        try:
            value = example_value(service, op, None)
            snippet = RENDER[lang](service, op, value, op_name)
        except UnsupportedError as exc:
            refused.append(Verdict(service_name, op_name, lang, NOT_EXPRESSIBLE, exc.message))
            continue
        examples.append(Example(service_name, op_name, lang, snippet.text, to_params(value)))
    return examples, refused


def _run(plan: list[tuple[str, str]], lang: str) -> tuple[list[Verdict], dict[str, str]]:
    """Verdicts, and the wire protocol of each (service.operation) the SDK sent."""
    examples, verdicts = _examples(plan, lang)
    timings: dict[str, float] = {}
    with new_js_endpoint() if lang == "js" else new_go_endpoint() as endpoint:
        (run_js if lang == "js" else run_go)(examples, endpoint, verdicts.append, timings)
        protocols = {
            f"{service}.{cap.operation}": cap.protocol
            for service in {ex.service for ex in examples}
            for cap in endpoint.captured(service)
        }
    print(f"{lang}: {len(examples)} examples, times {timings}")
    return verdicts, protocols


@pytest.fixture(scope="module", params=["js", "go"])
def lang(request: Any) -> Iterator[str]:
    require_tool("node" if request.param == "js" else "go")
    if request.param == "js":
        require_tool("npm")
    yield str(request.param)


def _report(verdicts: list[Verdict]) -> str:
    return "\n".join(
        f"{v.service}.{v.operation} [{v.lang}] {v.status}: {v.detail}"
        for v in verdicts
        if v.status != PARITY
    )


def test_every_personalize_operation(lang: str) -> None:
    service = load_service("personalize")
    verdicts, protocols = _run([("personalize", op) for op in service.operations], lang)
    assert len(verdicts) == len(service.operations)
    assert [v for v in verdicts if v.status != PARITY] == [], _report(verdicts)
    assert set(protocols.values()) == {"json"}


# Known, explained differences (see the module doc of the report): (service, op, lang) -> cause.
KNOWN: dict[tuple[str, str, str], str] = {}


def test_cross_service_sample(lang: str) -> None:
    verdicts, protocols = _run(PLANS[lang], lang)
    counts = Counter(v.status for v in verdicts)
    print(f"{lang}: {dict(counts)}\n{_report(verdicts)}")
    parity = [v for v in verdicts if v.status == PARITY]
    unexplained = [
        v for v in verdicts if v.status == MISMATCH and (v.service, v.operation, lang) not in KNOWN
    ]
    assert unexplained == [], _report(unexplained)
    assert len({v.service for v in parity}) >= 15
    assert len(parity) >= 50
    sent = {
        protocols[f"{v.service}.{v.operation}"]
        for v in parity
        if f"{v.service}.{v.operation}" in protocols
    }
    by_protocol = Counter(protocols.get(f"{v.service}.{v.operation}", "?") for v in parity)
    print(f"{lang}: parity by protocol {dict(sorted(by_protocol.items()))}")
    assert PROTOCOLS[lang] <= sent, sent


def test_endpoint_strips_and_records_path_tags() -> None:
    """The endpoint feature the JS/Go runs rely on: ``/ex-<n>`` prefixes route and tag."""
    import urllib.request

    with new_js_endpoint() as endpoint:
        assert endpoint.split_tag("/ex-12/2018-05-22/x?a=1") == ("/2018-05-22/x?a=1", "ex-12")
        assert endpoint.split_tag("/ex-3") == ("/", "ex-3")
        assert endpoint.split_tag("/ex-3?Action=X") == ("/?Action=X", "ex-3")
        assert endpoint.split_tag("/example/x") == ("/example/x", "")
        request = urllib.request.Request(
            endpoint.url("personalize") + "/ex-7/",
            data=b"{}",
            headers={
                "X-Amz-Target": "AmazonPersonalize.ListSolutions",
                "Content-Type": "application/x-amz-json-1.1",
            },
        )
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
        (captured,) = endpoint.captured("personalize")
        assert (captured.operation, captured.tag, captured.path) == ("ListSolutions", "ex-7", "/")


def test_hostile_values_reach_the_wire(tmp_path: Path) -> None:
    """test_hostile's strings and placements (DynamoDB json, SNS query) through ``verify``:
    every placement arrives exactly as intended in js and go, or is refused with a reason."""
    from test_hostile import arrived, build

    from generator.verify.command import verify

    require_tool("node")
    require_tool("go")
    plan, placements = build(tmp_path / "values")
    outcome = verify(plan, ("js", "go"), tmp_path / "values", workers=1)
    verdicts = {(v.service, v.operation, v.lang): v for v in outcome.verdicts}
    failures: list[str] = []
    equal: Counter[str] = Counter()
    for lang in ("js", "go"):
        for p in placements:
            verdict = verdicts[(p.service, p.operation, lang)]
            if verdict.status == NOT_EXPRESSIBLE:
                assert verdict.detail
            elif verdict.status == PARITY and arrived(verdict.sent, p):
                equal[lang] += 1
            else:
                why = verdict.detail if verdict.status == MISMATCH else "value differs on the wire"
                failures.append(f"{lang} {p.operation} {p.position} {p.text[:40]!r}: {why}")
    print(f"hostile: {len(placements)} placements per language, as intended: {dict(equal)}")
    for reason in sorted({v.detail for v in outcome.verdicts if v.status == NOT_EXPRESSIBLE}):
        print(f"  refused: {reason}")
    assert not failures, "\n".join(sorted(set(failures))[:40])
    assert equal["js"] > 0 and equal["go"] > 0
