"""Mismatches the catalog runs found, fixed in the renderer or refused with their reason.

Each was a MISMATCH on the wire (docs/catalog-and-verify.md, "Figures and remaining mismatches"); the renderer now
writes the form the SDK reads right (proven here on the wire against botocore's request), or
the target refuses the example and says why.
"""

from __future__ import annotations

import re

import pytest
from support import require_tool

from generator.capabilities import cli as cli_caps
from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value, render_snippet
from generator.model.lower import load_service
from generator.naming import cli as names
from generator.verify.command import verify
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE, PARITY
from tools import cli_model_drift

# awscli reads these lists of one-member structures word by word as the member's bare value
# (argprocess ParamShorthand._uses_old_list_case); JSON ('[{...}]') is parsed as JSON.
_ONE_MEMBER_LISTS = [
    ("elb", ["RemoveTags", "DeregisterInstancesFromLoadBalancer"]),
    ("workspaces", ["RebootWorkspaces", "RebuildWorkspaces", "TerminateWorkspaces"]),
]
# jsonvalue members in the body: awscli takes the text as it is (only jsonvalue headers are
# parsed as JSON), so the policy text must not be JSON-encoded a second time.
_JSONVALUE_BODY = [
    ("networkmanager", ["PutCoreNetworkPolicy", "PutResourcePolicy"]),
    ("schemas", ["PutResourcePolicy"]),
]


def test_one_member_structure_lists_and_policy_documents_reach_parity_in_the_cli() -> None:
    require_tool("sh")
    outcome = verify(_ONE_MEMBER_LISTS + _JSONVALUE_BODY, ("cli", "python"), None, workers=2)
    statuses = {(v.service, v.operation, v.lang): (v.status, v.detail) for v in outcome.verdicts}
    assert len(statuses) == 16
    bad = {key: status for key, status in statuses.items() if status[0] != PARITY}
    assert not bad, bad


def test_cli_renders_one_member_structure_lists_as_json() -> None:
    service = load_service("elb")
    operation = service.operations["RemoveTags"]
    snippet = render_snippet(service, operation, example_value(service, operation, None), "cli")
    assert "--tags '[{\"Key\":" in snippet.text


def test_python_refuses_operations_botocore_deletes_from_the_client() -> None:
    outcome = verify(
        [("lexv2-runtime", ["StartConversation"]), ("bedrock-runtime", ["InvokeModelWithBidirectionalStream"])],
        ("python",),
        None,
        workers=1,
    )
    for verdict in outcome.verdicts:
        assert verdict.status == NOT_EXPRESSIBLE, verdict
        assert "requires h2" in verdict.detail and "botocore.handlers.remove_" in verdict.detail


def test_cli_refuses_operations_whose_bundled_model_differs_from_botocores() -> None:
    """awscli 1.x sends what the model of its own vendored botocore says
    (``tools/cli_model_drift.py`` finds where that differs); three kinds of drift."""
    cases = {
        ("bedrock-agentcore-control", "ListDatasets"): "has another request for ListDatasets (GET",
        ("pcs", "CreateComputeNodeGroup"): "requires customLaunchTemplate, botocore's does not",
        ("timestream-influxdb", "CreateDbCluster"): "requires dbInstanceType",
    }
    for (service_name, operation_name), reason in cases.items():
        service = load_service(service_name)
        operation = service.operations[operation_name]
        with pytest.raises(UnsupportedError, match=re.escape(reason)):
            render_snippet(service, operation, example_value(service, operation, None), "cli")


def test_cli_model_drift_refuses_a_differently_typed_member_only_when_set() -> None:
    assert cli_caps.model_drift_reason("health", "DescribeEvents", {("filter",)}) is None
    reason = cli_caps.model_drift_reason("health", "DescribeEvents", {("filter",), ("filter", "tags")})
    assert reason is not None and "types filter.tags differently" in reason
    # a required member is only demanded below a structure the values set
    assert cli_caps.model_drift_reason(
        "timestream-influxdb", "CreateDbParameterGroup", {("name",)}
    ) is None


def test_model_drift_table_is_what_the_installed_awscli_bundles() -> None:
    cli_root, site = cli_model_drift.awscli_root()
    table = names.data_table("model_drift")
    assert table["awscli"] == cli_model_drift.read_version(cli_root / "__init__.py")
    fresh = cli_model_drift.compare(cli_root / "botocore" / "data", site / "botocore" / "data")
    assert {k: table[k] for k in fresh} == fresh, "run: python tools/cli_model_drift.py --emit-data"


def test_account_id_host_names_reach_parity_on_loopback() -> None:
    # s3control's rules send to http://<AccountId>.127.0.0.1:PORT; the harness resolves such
    # names to the loopback address (generator/verify/loopback_dns.py) in the reference call,
    # the workers and a script run whole (the first CLI script of a batch is: whole_every)
    require_tool("sh")
    operations = ["GetPublicAccessBlock", "PutPublicAccessBlock", "ListAccessPoints"]
    outcome = verify([("s3control", operations)], ("cli", "python", "client"), None, workers=1)
    statuses = {(v.operation, v.lang): (v.status, v.detail) for v in outcome.verdicts}
    assert len(statuses) == 9
    assert all(status == PARITY for status, _ in statuses.values()), statuses


def test_loopback_names_resolve_only_under_127_0_0_1() -> None:
    import socket

    from generator.verify import loopback_dns

    loopback_dns.install()
    loopback_dns.install()  # idempotent: one wrapper
    assert socket.getaddrinfo("123456789012.127.0.0.1", 80)[0][4][0] == "127.0.0.1"
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("123456789012.invalid", 80)


def test_typed_client_sends_a_jsonvalue_blob_body_as_bytes() -> None:
    # jsonvalue on a blob payload means nothing to botocore: the bytes go out as they are
    outcome = verify([("sagemaker-gateway-runtime", ["InvokeGlobalInferenceGateway"])],
                     ("client", "python"), None, workers=1)  # fmt: skip
    statuses = {v.lang: (v.status, v.detail) for v in outcome.verdicts}
    assert statuses == {"client": (PARITY, ""), "python": (PARITY, "")}, statuses


def test_a_known_gap_is_reported_with_its_cause_and_counted_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.capabilities import gaps
    from generator.verify.catalog import CatalogVerify
    from generator.verify.examples import KNOWN_GAP, category

    entry = {
        "service": "sqs", "operations": ["GetQueueUrl"], "langs": ["python"], "kind": "unprovable",
        "cause": "a cause", "source": "here", "symptom": "never",
    }  # fmt: skip
    monkeypatch.setattr(gaps, "entries", lambda: (entry,))
    assert gaps.known_gap("sqs", "GetQueueUrl", "python") == "a cause"
    assert gaps.known_gap("sqs", "GetQueueUrl", "cli") is None
    assert gaps.known_gap("sqs", "ListQueues", "python") is None
    outcome = verify([("sqs", ["GetQueueUrl"])], ("cli", "python"), None, workers=1)
    statuses = {v.lang: (v.status, v.detail) for v in outcome.verdicts}
    assert statuses["cli"][0] == PARITY
    assert statuses["python"] == (NOT_EXPRESSIBLE, f"{KNOWN_GAP}: a cause")
    assert category(*statuses["python"]) == KNOWN_GAP
    run = CatalogVerify(("python",))
    row = {"status": NOT_EXPRESSIBLE, "detail": f"{KNOWN_GAP}: a cause"}
    run.add("query", {"ops": {"GetQueueUrl": {"python": {"row": row}}}})
    assert run.summary()["python"]["query"][KNOWN_GAP] == 1 and not run.failed


def test_known_gap_entries_are_well_formed() -> None:
    from generator.capabilities import gaps
    from generator.targets.registry import NAMES

    for entry in gaps.entries():
        service = load_service(entry["service"])
        assert set(entry["langs"]) <= set(NAMES), entry
        assert entry["operations"] and set(entry["operations"]) <= set(service.operations), entry
        assert entry["cause"] and entry["source"] and entry["symptom"], entry


def test_every_known_gap_still_fails_as_its_entry_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each known gap anyway, in Python where it applies (the reference call is botocore's
    for every language) and otherwise in its first language; an entry the harness or the SDKs
    have outgrown fails this test and must go."""
    from generator.capabilities import gaps

    entries = gaps.entries()
    assert {e["kind"] for e in entries} == set(gaps.KINDS), "each kind is exercised"
    monkeypatch.setattr(gaps, "entries", lambda: ())
    by_lang: dict[str, list[dict[str, object]]] = {}
    for entry in entries:
        lang = "python" if "python" in entry["langs"] else entry["langs"][0]
        by_lang.setdefault(lang, []).append(entry)
    for lang, chosen in sorted(by_lang.items()):
        if lang == "java":
            require_tool("javac")
        plan = [(str(e["service"]), list(e["operations"])) for e in chosen]  # type: ignore[call-overload]
        outcome = verify(plan, (lang,), None, workers=2)
        by_op = {(v.service, v.operation): v for v in outcome.verdicts}
        for entry in chosen:
            for name in entry["operations"]:  # type: ignore[attr-defined]
                verdict = by_op[(entry["service"], name)]
                assert verdict.status == MISMATCH and entry["symptom"] in verdict.detail, verdict
