"""Mismatches the catalog runs found, fixed in the renderer or refused with their reason.

Each was a MISMATCH on the wire (README "Figures and remaining mismatches"); the renderer now
writes the form the SDK reads right (proven here on the wire against botocore's request), or
the target refuses the example and says why.
"""

from __future__ import annotations

from support import require_tool

from generator.generate.pipeline import example_value, render_snippet
from generator.model.lower import load_service
from generator.verify.command import verify
from generator.verify.examples import NOT_EXPRESSIBLE, PARITY

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
