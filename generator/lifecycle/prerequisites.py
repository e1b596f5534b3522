"""Stage ``lifecycle``: the resources a scenario must create before its own, and remove after.

Input: a service, the candidate whose create is examined and the service's other candidates.
Output: :class:`~generator.lifecycle.derive.Needed` records in creation order (a prerequisite's
own prerequisites first), or :class:`~generator.lifecycle.derive.Dropped`.

A required member of the create that names another resource is a prerequisite when the
scenario can make that resource:

- another resource of the same service with a scenario of its own (a Personalize dataset's
  ``datasetGroupArn`` and ``schemaArn``: the dataset group and the schema), at most
  :data:`MAX_DEPTH` levels deep;
- an IAM role (``Role``, ``RoleArn``, ``ExecutionRoleArn``, ``roleArn``): IAM's ``CreateRole``
  with the values of its page, named after the resource (``my-function-role``) and with a
  trust policy that lets the service's principal (``lambda.amazonaws.com``, the service's
  endpoint prefix) assume it.

Any other reference (a KMS key, a VPC subnet) keeps the value of the single page: the
resource must exist first, as that page's "Prerequisites" section says.
"""

from __future__ import annotations

import json
from dataclasses import replace

from generator.lifecycle.bind import facet_of_member
from generator.lifecycle.derive import Needed
from generator.lifecycle.reach import Dropped, values_of
from generator.lifecycle.sources import Candidate, candidates
from generator.model.ir import Service
from generator.model.lower import load_service
from generator.values import identity
from generator.values.tree import Value
from generator.values.validate import shape_value

MAX_DEPTH = 2
IAM = "iam"


def trust_policy(principal: str) -> str:
    """The trust policy that lets ``principal`` assume a role (AWS's documented form)."""
    statement = {"Effect": "Allow", "Principal": {"Service": principal}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def role_values(service: Service, role_name: str) -> tuple[Candidate, Value]:
    """IAM's role candidate and the values of its create for a role ``service`` assumes."""
    iam = load_service(IAM)
    role = next((c for c in candidates(iam) if c.create == "CreateRole"), None)
    if role is None:
        raise Dropped("IAM's CreateRole is not in the model")
    value = values_of(iam, "CreateRole", True)
    doc = {name: child for name, child in value.fields}
    fields = {name: child for name, child in doc.items() if name in ("Path", "Description")}
    document = {name: _json(child) for name, child in fields.items()}
    document["RoleName"] = role_name
    document["AssumeRolePolicyDocument"] = trust_policy(f"{service.endpoint_prefix}.amazonaws.com")
    op = iam.operation("CreateRole")
    found, problems = shape_value(iam, op.input or "", document)
    if found is None:
        raise Dropped(f"IAM CreateRole: {problems[0] if problems else 'no values'}")
    return role, found


def _json(value: Value) -> object:
    return value.scalar


def _noun(service: Service, operation: str, member: str, target: str, nouns: frozenset[str]) -> str:
    """The resource a member names, as one of ``nouns`` when one fits: its own noun
    (``PolicyArn``: the policy), its role (:func:`generator.values.identity.role_of`), or the
    last words of its noun (``TargetKeyId``: the key)."""
    own = identity.member_noun(member)
    if own in nouns:
        return own
    role = identity.role_of(service, service.operation(operation), (member,),
                            service.shape(target).constraints.pattern or "").noun  # fmt: skip
    if role in nouns:
        return role
    words = own.split("-")
    for start in range(1, len(words)):
        tail = "-".join(words[start:])
        if tail in nouns:
            return tail
    return role


def needed(
    service: Service, candidate: Candidate, others: list[Candidate], depth: int = 0
) -> list[Needed]:
    """The prerequisites of ``candidate``, their own first (see the module doc)."""
    op = service.operation(candidate.create)
    if op.input is None:
        return []
    try:
        present = {name for name, _ in values_of(service, candidate.create, True).fields}
    except Dropped:
        present = set()
    nouns = frozenset(c.noun for c in others if c is not candidate)
    found: list[Needed] = []
    for member in service.shape(op.input).members:
        if not member.required and member.name not in present:
            continue
        target = service.shape(member.target)
        if target.kind not in ("string", "enum"):
            continue
        facet = facet_of_member(member.name, target)
        if facet == identity.OTHER:
            continue
        noun = _noun(service, candidate.create, member.name, member.target, nouns)
        if noun == candidate.noun:
            continue
        if noun == "role" and service.name != IAM and facet == identity.ARN:
            iam_role, value = role_values(service, identity.name_for(f"{candidate.noun}-role"))
            found.append(Needed(load_service(IAM), iam_role, member.name, candidate, value))
            continue
        other = next((c for c in others if c.noun == noun and c is not candidate), None)
        if other is None or depth >= MAX_DEPTH:
            continue
        try:
            deeper = needed(service, other, others, depth + 1)
        except Dropped:
            continue
        for need in deeper:
            if all(n.candidate is not need.candidate for n in found):
                found.append(need)
        if all(n.candidate is not other for n in found):
            found.append(Needed(service, other, member.name, candidate))
    return _merged(found)


def _merged(found: list[Needed]) -> list[Needed]:
    """One IAM role for every create that needs one (the first one's name and values)."""
    out: list[Needed] = []
    for need in found:
        same = next((n for n in out if n.service.name == need.service.name
                     and n.candidate.create == need.candidate.create), None)  # fmt: skip
        if same is None:
            out.append(need)
            continue
        index = out.index(same)
        out[index] = replace(same, also=(*same.also, (need.taker, need.member), *need.also))
    return out
