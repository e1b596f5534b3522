"""Realistic string candidates for a member, tried in order by :mod:`generator.values.tree`.

Input: the service, operation, string shape and the member trail leading to it. Output: an
ordered list of plausible strings (ARNs of the right service and resource type, names derived
from the operation, S3 URIs, e-mail addresses, ...). Candidates are only suggestions: the caller
keeps the first one that passes the shape's length, enum and pattern constraints and otherwise
generates a string from the pattern itself. Heuristics live in the tables below, not in code.
"""

from __future__ import annotations

import re

from generator.model.ir import Operation, Service, Shape
from generator.values.documented import documented_candidates
from generator.values.formats import (
    arn_candidates,
    json_candidates,
    policy_candidates,
    resource_id_candidates,
)
from generator.values.tree import ACCOUNT, REGION

_VERBS = re.compile(
    r"^(Create|Describe|Delete|Update|Get|List|Put|Start|Stop|Tag|Untag|Batch|Add|Remove"
    r"|Register|Deregister|Modify|Set|Send|Enable|Disable|Associate|Disassociate|Import|Export)"
)
_ARN_SERVICE = re.compile(r"arn:[^:]*:([a-z][a-z0-9-]*)[:\\]")
# (member-name regex, candidates); ``{stem}`` is the operation's noun in kebab case, ``{host}``
# the service's regional AWS host name (``machinelearning.us-west-2.amazonaws.com``).
_BY_NAME: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(^|_)(account(id)?|owner(id)?|awsaccountid)$", (ACCOUNT,)),
    (r"region$", (REGION,)),
    (r"e-?mail", ("user@example.com",)),
    (r"(^|[a-z])(s3)?(path|uri|url|location|destination|prefix)$",
     ("s3://amzn-s3-demo-bucket/folder/", "https://example.com", "folder/")),
    (r"bucket(name)?$", ("amzn-s3-demo-bucket",)),
    (r"^mapkey$", ("example-key", "key1")),
    (r"tags?key$", ("Environment", "example-key")),
    (r"tags?value$", ("Test", "example-value")),
    (r"(^|_)(object)?key$", ("folder/example.txt", "Environment", "example-key")),
    (r"(^|_)value$", ("Test", "example-value")),
    (r"(description|comment|message|reason|summary|note)$", ("Example description",)),
    (r"^eventtype$", ("click", "watch")),
    (r"(name|alias|title|label)$", ("my-{stem}", "My{Stem}", "my_{stem_}", "{stem_}", "example")),
    (r"cidr", ("10.0.0.0/16",)),
    (r"(ip|ipaddress|ipv4)$", ("192.0.2.10",)),
    (r"(hostname|domain(name)?)$", ("example.com",)),
    (r"endpoint(url)?$", ("https://{host}", "{host}")),
    (r"version$", ("1", "1.0", "$LATEST", "v1")),
    (r"(token|secret|password)$", ("example-token-1234", "ExamplePassw0rd")),
    (r"(date|day)$", ("2024-01-01",)),
    (r"(time|timestamp)$", ("2024-01-01T00:00:00Z",)),
    (r"(id|identifier)$", ("example-id", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "abcd1234",
                           "12345678-1234-1234-1234-123456789012", "1234567890")),
    (r"(language|locale)(code)?$", ("en-US", "en")),
    (r"(currency)(code)?$", ("USD",)),
    (r"(phone)", ("+12065550100",)),
    (r"(expression|query|filter)$", ("example",)),
)
_GENERIC = ("example", "Example", "example-1", "1", "a1b2c3d4", "EXAMPLE")


def kebab(name: str) -> str:
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", text)
    return text.replace("_", "-").lower()


def _stem(operation: Operation, member: str) -> str:
    for suffix in ("Arn", "ARN", "Name", "Id", "Identifier"):
        if member.endswith(suffix) and len(member) > len(suffix):
            return kebab(member[: -len(suffix)])
    noun = _VERBS.sub("", operation.name) if operation.name else ""
    return kebab(noun or member or "example")


def _arn_candidates(service: Service, shape: Shape, member: str, stem: str) -> list[str]:
    pattern = shape.constraints.pattern or ""
    found = _ARN_SERVICE.search(pattern)
    arn_service = found.group(1) if found else service.signing_name
    lowered = member.lower()
    out: list[str] = []
    if "role" in lowered or arn_service == "iam":
        out.append(f"arn:aws:iam::{ACCOUNT}:role/service-role/ExampleRole")
        out.append(f"arn:aws:iam::{ACCOUNT}:role/ExampleRole")
    if "kms" in lowered or "key" in lowered or arn_service == "kms":
        out.append(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab")
    if arn_service == "s3" or "bucket" in lowered:
        out.append("arn:aws:s3:::amzn-s3-demo-bucket")
    resource = stem or "resource"
    out += [
        f"arn:aws:{arn_service}:{REGION}:{ACCOUNT}:{resource}/my-{resource}",
        f"arn:aws:{arn_service}:{REGION}:{ACCOUNT}:{resource}:my-{resource}",
        f"arn:aws:{arn_service}:{REGION}:{ACCOUNT}:{resource}/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        f"arn:aws:{arn_service}:{REGION}:{ACCOUNT}:{resource}",
        f"arn:aws:{arn_service}::{ACCOUNT}:{resource}/my-{resource}",
    ]
    return out


_FREE_TEXT = re.compile(r"(description|comment|message|reason|summary|note|title)$")
_POLICY = re.compile(r"(^|[a-z])(policy|policydocument|policytext)$")
_JSON_MEMBER = re.compile(r"(body|document|definition|json|template|configuration|content)$")


def string_candidates(
    service: Service,
    operation: Operation,
    shape: Shape,
    trail: tuple[str, ...],
    documentation: str = "",
) -> list[str]:
    """Candidates in order: values the member's documentation states, semantic formats (ARNs
    of the right resource type, policy and JSON documents), names derived from the operation,
    then generic placeholders."""
    member = trail[-1] if trail else shape.name
    stem = _stem(operation, member)
    fill = {
        "{stem}": stem, "{Stem}": stem.title().replace("-", ""), "{stem_}": stem.replace("-", "_"),
        "{host}": f"{service.endpoint_prefix}.{REGION}.amazonaws.com",
    }  # fmt: skip
    lowered = member.lower()
    out: list[str] = []
    pattern = shape.constraints.pattern or ""
    arn_first = lowered.endswith(("arn", "arns")) or shape.name.lower().endswith("arn")
    if _POLICY.search(lowered) and not shape.constraints.enum:
        out += policy_candidates(service, member)
    elif (documentation and "JSON" in documentation and _JSON_MEMBER.search(lowered)) or (
        service.name == "ssm" and lowered == "content"
    ):
        out += json_candidates(service, member)
    if documentation and not _FREE_TEXT.search(lowered):
        documented = documented_candidates(documentation)
        # an ARN member takes only documented ARNs ("stateMachineARN:1" describes a form)
        out += [text for text in documented if not arn_first or text.startswith("arn:")]
    if arn_first:
        out += arn_candidates(service, operation, member, pattern, documentation)
        out += _arn_candidates(service, shape, member, stem)
    out += resource_id_candidates(member)
    for regex_text, candidates in _BY_NAME:
        if re.search(regex_text, lowered):
            for candidate in candidates:
                for key, value in fill.items():
                    candidate = candidate.replace(key, value)
                out.append(candidate)
    if not arn_first and "arn:" in pattern:
        out += arn_candidates(service, operation, member, pattern, documentation)
        out += _arn_candidates(service, shape, member, stem)
    out.append(f"example-{stem}")
    out += _GENERIC
    return out
