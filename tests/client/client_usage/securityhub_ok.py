"""Correct use of a union: a dataclass per member, joined in one type, narrowed by ``match``."""

from __future__ import annotations

from sdk_parity_securityhub import (
    SecurityHubClient,
    Target,
    TargetAccountId,
    TargetOrganizationalUnitId,
    TargetRootId,
    TargetType,
    UnknownTarget,
)


def describe(target: Target) -> str:
    match target:
        case TargetAccountId(account_id=account):
            return f"account {account}"
        case TargetOrganizationalUnitId(organizational_unit_id=unit):
            return f"unit {unit}"
        case TargetRootId(root_id=root):
            return f"root {root}"
        case UnknownTarget(name=name):
            return f"a target this client does not know yet: {name}"


def associate(client: SecurityHubClient, policy: str) -> bool:
    response = client.start_configuration_policy_association(
        configuration_policy_identifier=policy,
        target=TargetAccountId(account_id="123456789012"),
    )
    return response.target_type == TargetType.ACCOUNT
