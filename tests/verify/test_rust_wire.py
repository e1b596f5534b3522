"""On the wire: AWS SDK for Rust examples send botocore's own request.

Every Personalize operation (synthesized values) and a cross-service sample over all six
protocols (json, rest-json, rest-xml, query, ec2, smithy-rpc-v2-cbor; at least 15 services and
40 operations at parity, among them streaming blobs in and out, event streams, host prefixes and
the query protocols) are rendered in ``rust``, built by one ``cargo build`` per test (one binary
per service) and run against a loopback endpoint; each is judged by
:func:`generator.verify.examples.judge` against botocore's reference request, as the other
languages are. Examples the target refuses (``UnsupportedError``: input event streams, members the
pinned crate lacks) are "not expressible" with the reason and never run.

The sample's services are chosen for their crates' compile time (:data:`SERVICES`): a cold build
compiles each service crate once into ``.cache/rust/target`` (see docs/rust.md for the cost), a
warm one only the examples. Needs cargo (``bash .ci/setup-rust`` fetches the pinned crates).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from support import require_tool
from test_js_go_wire import MORE
from wire_sample import SAMPLE

from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.targets.rust import render_rust
from generator.values.tree import to_params
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE, PARITY, Example, Verdict
from generator.verify.rust import new_endpoint, run_rust

# the shared sample's services whose crates the Rust run builds (iam, cloudformation, lambda, eks,
# deadline and others are left out for their compile time: their protocols are covered here)
SERVICES = frozenset({
    "dynamodb", "sqs", "kinesis", "translate", "stepfunctions", "sso-oidc", "glacier",
    "bedrock-runtime", "codeartifact", "s3", "route53", "sts", "sns", "ec2", "cloudwatchomni",
    "eventbridgev2",
})  # fmt: skip
EXTRA: list[tuple[str, str]] = [
    ("stepfunctions", "StartSyncExecution"),  # host prefix sync-
    ("stepfunctions", "StartExecution"),
    ("stepfunctions", "ListStateMachines"),
    ("ec2", "DescribeVpcs"),
]
PLAN = [
    (service, op)
    for service, op in [(s, o) for s, o, _ in SAMPLE] + MORE + EXTRA
    if service in SERVICES
]
PROTOCOLS = {"json", "rest-json", "rest-xml", "query", "ec2", "smithy-rpc-v2-cbor"}


def _examples(plan: list[tuple[str, str]]) -> tuple[list[Example], list[Verdict]]:
    examples: list[Example] = []
    refused: list[Verdict] = []
    for service_name, op_name in plan:
        service = load_service(service_name)
        op = service.operation(op_name)
        try:
            value = example_value(service, op, None)
            snippet = render_rust(service, op, value, op_name)
        except UnsupportedError as exc:
            refused.append(Verdict(service_name, op_name, "rust", NOT_EXPRESSIBLE, exc.message))
            continue
        examples.append(Example(service_name, op_name, "rust", snippet.text, to_params(value)))
    return examples, refused


def _run(plan: list[tuple[str, str]]) -> tuple[list[Verdict], dict[str, str]]:
    """Verdicts, and the wire protocol of each (service.operation) the SDK sent."""
    examples, verdicts = _examples(plan)
    timings: dict[str, float] = {}
    with new_endpoint() as endpoint:
        run_rust(examples, endpoint, verdicts.append, timings)
        protocols = {
            f"{service}.{cap.operation}": cap.protocol
            for service in {ex.service for ex in examples}
            for cap in endpoint.captured(service)
        }
    print(f"rust: {len(examples)} examples, times {timings}")
    return verdicts, protocols


def _report(verdicts: list[Verdict]) -> str:
    return "\n".join(
        f"{v.service}.{v.operation} [{v.lang}] {v.status}: {v.detail}"
        for v in verdicts
        if v.status != PARITY
    )


@pytest.fixture(autouse=True)
def _cargo() -> None:
    require_tool("cargo", "the Rust examples are built with cargo")


def test_every_personalize_operation() -> None:
    service = load_service("personalize")
    verdicts, protocols = _run([("personalize", op) for op in service.operations])
    assert len(verdicts) == len(service.operations)
    assert [v for v in verdicts if v.status != PARITY] == [], _report(verdicts)
    assert set(protocols.values()) == {"json"}


def test_cross_service_sample() -> None:
    verdicts, protocols = _run(PLAN)
    counts = Counter(v.status for v in verdicts)
    print(f"rust: {dict(counts)}\n{_report(verdicts)}")
    parity = [v for v in verdicts if v.status == PARITY]
    assert [v for v in verdicts if v.status == MISMATCH] == [], _report(verdicts)
    assert len({v.service for v in parity}) >= 15
    assert len(parity) >= 40
    by_protocol = Counter(protocols.get(f"{v.service}.{v.operation}", "?") for v in parity)
    print(f"rust: parity by protocol {dict(sorted(by_protocol.items()))}")
    assert PROTOCOLS <= set(by_protocol), by_protocol
    kinds = {(v.service, v.operation) for v in parity}
    assert ("s3", "PutObject") in kinds and ("s3", "GetObject") in kinds  # streaming in and out
    assert ("kinesis", "SubscribeToShard") in kinds  # event stream
    assert ("stepfunctions", "StartSyncExecution") in kinds  # host prefix
    assert ("sts", "AssumeRole") in kinds and ("ec2", "RunInstances") in kinds  # query, ec2


def test_hostile_values_reach_the_wire(tmp_path: Path) -> None:
    """test_hostile's strings and placements (DynamoDB json, SNS query) through ``verify``:
    every placement arrives exactly as intended in Rust, or is refused with a reason."""
    from test_hostile import arrived, build

    from generator.verify.command import verify

    plan, placements = build(tmp_path / "values")
    outcome = verify(plan, ("rust",), tmp_path / "values", workers=1)
    verdicts = {(v.service, v.operation, v.lang): v for v in outcome.verdicts}
    failures: list[str] = []
    equal = 0
    for p in placements:
        verdict = verdicts[(p.service, p.operation, "rust")]
        if verdict.status == NOT_EXPRESSIBLE:
            assert verdict.detail
        elif verdict.status == PARITY and arrived(verdict.sent, p):
            equal += 1
        else:
            why = verdict.detail if verdict.status == MISMATCH else "value differs on the wire"
            failures.append(f"rust {p.operation} {p.position} {p.text[:40]!r}: {why}")
    print(f"hostile: {len(placements)} placements, as intended in rust: {equal}")
    for reason in sorted({v.detail for v in outcome.verdicts if v.status == NOT_EXPRESSIBLE}):
        print(f"  refused: {reason}")
    assert not failures, "\n".join(sorted(set(failures))[:40])
    assert equal > 0
