"""Stage ``values``: semantic formats - strings a real service parses, not just the model's regex.

Input: the service, the operation, a member name, its documentation and its pattern. Output:
candidate strings for :func:`generator.values.strings.string_candidates`:

* ARNs of the right service and resource type, built from the IAM definitions' ARN formats
  (``generator/data/arn_formats.json``, refreshed by ``tools/refresh_arn_formats.py``): the
  resource type is read from the member name (``stateMachineArn`` -> ``stateMachine``,
  ``roleArn`` -> IAM ``role``), the service from the member's pattern or name, else the
  operation's own service;
* IAM policy documents (``Version`` 2012-10-17; a trust policy for ``AssumeRolePolicyDocument``,
  a resource policy naming an action of the service elsewhere);
* JSON documents where the documentation says JSON (CloudWatch dashboards, Step Functions
  definitions, otherwise an empty object).

Candidates still pass the member's length and pattern checks before use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache

from generator.model.ir import Service
from generator.values.aws_examples import arn_formats_for, botocore_services, iam_prefix
from generator.values.identity import bare_type
from generator.values.tree import ACCOUNT, REGION

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9]+)\}")
_ARN_SERVICE = re.compile(r"arn:[^:]*:([a-z][a-z0-9-]*)[:\\]")
# member-name keyword -> (botocore service, resource type): resources of other services
_FOREIGN = (
    ("role", "iam", "role"),
    ("kmskey", "kms", "key"),
    ("topic", "sns", "topic"),
    ("queue", "sqs", "queue"),
    ("bucket", "s3", "bucket"),
    ("function", "lambda", "function"),
    ("lambda", "lambda", "function"),
    ("loggroup", "logs", "log-group"),
    ("statemachine", "stepfunctions", "stateMachine"),
    ("secret", "secretsmanager", "Secret"),
    ("certificate", "acm", "certificate"),
    ("userpool", "cognito-idp", "userpool"),
    ("table", "dynamodb", "table"),
    ("repository", "ecr", "repository"),
    ("eventbus", "events", "event-bus"),
    ("stream", "kinesis", "stream"),
    ("identitycenterinstance", "sso-admin", "Instance"),
    ("idcinstance", "sso-admin", "Instance"),
)
# what the documentation's first sentence says the ARN is of -> (botocore service, resource
# type): macie2's ``resourceArn`` is "The Amazon Resource Name (ARN) of the S3 bucket ..."
_DOCUMENTED_FOREIGN = (
    (r"(amazon )?s3 bucket", "s3", "bucket"),
    (r"(aws )?iam role", "iam", "role"),
    (r"(aws )?lambda function", "lambda", "function"),
    (r"(amazon )?sns topic", "sns", "topic"),
    (r"(amazon )?sqs queue", "sqs", "queue"),
    (r"(aws )?kms key", "kms", "key"),
    (r"(amazon )?kinesis (data )?stream", "kinesis", "stream"),
    (r"(amazon )?cloudwatch logs log group", "logs", "log-group"),
    (r"(amazon )?ec2 instance", "ec2", "instance"),
)
_FIRST_SENTENCE = re.compile(r"^(?:<[^>]+>|\s)*(.*?)(?:\.\s|</p>|$)", re.S)
_ARN_OF = re.compile(r"\b(?:arn|amazon resource name)\)? (?:of|for) (?:an? |the |your )(.*)", re.I)
# IDs whose shape the ARN's service fixes (VALUE_CONVENTIONS: EC2 IDs are a prefix and 17 hex
# digits; IAM Identity Center instances are ``ssoins-`` and 16 characters)
_SHAPED = {
    ("ec2", "InstanceId"): "i-1234567890abcdef0", ("ec2", "VpcId"): "vpc-0123456789abcdef0",
    ("ec2", "SubnetId"): "subnet-0123456789abcdef0", ("ec2", "SecurityGroupId"): "sg-0123456789abcdef0",
    ("ec2", "ImageId"): "ami-0abcdef1234567890", ("ec2", "VolumeId"): "vol-049df61146c4d7901",
    ("ec2", "SnapshotId"): "snap-1234567890abcdef0", ("sso", "InstanceId"): "ssoins-1234567890abcdef",
}  # fmt: skip
_NAMED = {
    "RoleName": "MyServiceRole", "RoleNameWithPath": "MyServiceRole", "UserName": "Jane",
    "UserNameWithPath": "Jane", "GroupNameWithPath": "Developers",
    "PolicyNameWithPath": "MyReadOnlyPolicy", "KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
    "BucketName": "amzn-s3-demo-bucket", "ObjectName": "reports/summary.csv",
    "FunctionName": "my-function",
    "TopicName": "my-topic", "QueueName": "my-queue", "TableName": "my-table",
    "LogGroupName": "my-log-group", "SecretId": "MySecret-a1b2c3",
}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _kebab(name: str) -> str:
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    return re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", text).replace("_", "-").lower()


IdFor = Callable[[str], str]  # a resource noun of this service -> its name or ID


def role_name(service: Service, member: str) -> str:
    """The IAM role a member names, after the service and the role's purpose:
    ``ExecutionRoleArn`` of SageMaker -> ``SageMakerExecutionRole``."""
    word = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", service.service_id))
    purpose = re.sub(r"(Role)?(Arns?|ARNs?|Name)?$", "", member[:1].upper() + member[1:])
    purpose = purpose.replace("Role", "") or "Service"
    return (word + purpose + "Role")[:64]


def _fill(
    arn_format: str, resource_type: str, own: bool, id_for: IdFor, named: dict[str, str] | None = None
) -> str:
    """The ARN format with its placeholders filled: the one partition, Region and account, the
    resource's name (``my-dataset-group``) or, for this service's own resources, the same ID or
    name every other member naming that resource gets (``id_for``)."""
    noun = _kebab(bare_type(resource_type)).replace(" ", "-")
    arn_service = arn_format.split(":")[2] if arn_format.count(":") >= 2 else ""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if (arn_service, name) in _SHAPED:
            return _SHAPED[(arn_service, name)]
        if name == "Partition":
            return "aws"
        if name in ("Region", "RegionName", "RegionId"):
            return REGION
        if name in ("Account", "AccountId", "AwsAccountId", "AccountID", "OwnerId", "OwnerAccountId") or name.endswith(
            ("OwnerAccount", "OwnerAccountId")
        ):  # kafka's vpc-connection/${ClusterOwnerAccount}/...
            return ACCOUNT
        if name.endswith(("Timestamp", "CreationTime", "Epoch")):
            return "1579345678912"  # rekognition's project/${ProjectName}/${CreationTimestamp}: epoch milliseconds
        if name.endswith("Revision"):
            return "1"  # apprunner's observabilityconfiguration/${Name}/${Revision}/${Id}
        if name.endswith("BuildVersion"):
            return "1"  # imagebuilder's image/${ImageName}/${ImageVersion}/${ImageBuildVersion}
        if name.endswith("Version") and name != "Version":
            return "1.0.0"  # imagebuilder's image-recipe/${ImageRecipeName}/${ImageRecipeVersion}
        if named and name in named:
            return named[name]
        if name in _NAMED:
            return _NAMED[name]
        if name.endswith(("RandomString", "String", "Hash", "Suffix", "Uuid", "UUID", "Guid")) or name.startswith("Hash"):
            return "a1b2c3d4e5f6"  # an opaque part AWS generates
        if name == "Identifier":  # ce's ``costcategory/${Identifier}``: the resource's ID
            name = "ResourceId"
        if own and (name == "ResourceId" or name.endswith(("Id", "ID", "Name"))):
            stem = re.sub(r"(ResourceId|Id|ID|Name)$", "", name)
            # translate's ``parallel-data/${ResourceName}``: the resource is the parallel data
            return id_for(_kebab(stem) if stem and stem != "Resource" else noun)
        if name == "ResourceId" or name.endswith(("Id", "ID")):
            return "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
        stem = re.sub(r"(NameWithPath|Name|Label)$", "", name) or noun
        return "my-" + _kebab(stem)

    filled = _PLACEHOLDER.sub(one, arn_format)
    if filled.endswith(":*") or filled.endswith("/*"):  # a format that ends in a wildcard
        filled = filled[:-1] + (id_for(noun) if own else "my-" + noun)
    return filled


@lru_cache(maxsize=4096)
def _resource_for(botocore_service: str, wanted: str) -> tuple[str, str] | None:
    """(resource type, ARN format) of a service whose name matches ``wanted`` best."""
    formats = arn_formats_for(botocore_service)
    if not formats:
        return None
    key = _norm(wanted)
    exact = [
        (t, f) for t, f in formats.items()
        if _norm(bare_type(t)) in (key, key + "s", key + "es")
    ]
    if exact:
        return exact[0]
    if key:
        inside = sorted(
            ((t, f) for t, f in formats.items() if _norm(t) and _norm(t) in key),
            key=lambda tf: -len(_norm(tf[0])),
        )
        if inside:
            return inside[0]
        # network-firewall's ``rule-group`` is a ``stateful-rulegroup`` (or stateless)
        ending = sorted(
            (t, f) for t, f in formats.items() if "-" in wanted and _norm(bare_type(t)).endswith(key)
        )
        if ending:
            return ending[0]
    return None


def _service_for_prefix(prefix: str, service: Service) -> str:
    if iam_prefix(service.name) == prefix:
        return service.name
    for name, mapped in _prefix_owners().items():
        if mapped == prefix:
            return name
    return prefix


def _prefix_owners() -> dict[str, str]:
    return botocore_services()


def _documented_foreign(documentation: str) -> list[tuple[str, str]]:
    """The other service's resource that the documentation's first sentence says the ARN is
    of ("The ARN of the S3 bucket that ..."), as (service, resource type); none when it names
    none. Only for members whose pattern names no service."""
    first = _FIRST_SENTENCE.match(documentation)
    of = _ARN_OF.search(re.sub(r"<[^>]+>", "", first.group(1))) if first else None
    if of is None:
        return []
    text = of.group(1).lower()
    return [(other, kind) for words, other, kind in _DOCUMENTED_FOREIGN if re.match(words + r"\b", text)]


def _documented_resource(service: Service, documentation: str) -> str:
    """The resource type of this service that the documentation names ("the ARN of the event
    bus" -> ``event-bus``), longest name first; ``""`` when none is named."""
    words = _norm(documentation)
    names = sorted(arn_formats_for(service.name), key=lambda t: -len(_norm(t)))
    return next((t for t in names if len(_norm(t)) > 3 and _norm(t) in words), "")


_SERVICE_SLOT = re.compile(r"arn:[^:]*:(\(?[a-z][a-z0-9|-]*\)?)[:\\]")


_TYPE_LITERAL = re.compile(r"(?<=[:/])([a-z][a-zA-Z-]*[a-zA-Z])(?=\\?/)")
_ACCOUNT_SLOT = re.compile(r"(\[0-9\]|\\d)\{12\}(\|\w+)?\)?:")


def pattern_types(pattern: str) -> list[str]:
    """The resource type an ARN pattern spells after its account (``...:[0-9]{12}:
    document-classifier-endpoint/...``; ``flywheel/.../dataset/...`` is ``flywheel-dataset``),
    the most specific first; none when the pattern spells none."""
    account = _ACCOUNT_SLOT.search(pattern)
    if account is None:
        return []
    rest = pattern[account.end():]
    choice = re.match(r"\(([a-z][a-zA-Z|-]*)\)\\?/", rest)
    if choice is not None:  # ``:(document-classifier-endpoint|entity-recognizer-endpoint)/``
        return choice.group(1).split("|")
    if "|" in rest:
        return []  # branches of different types (bedrock's custom-model or foundation-model)
    kinds = _TYPE_LITERAL.findall(pattern[account.end() - 1:])
    return ["-".join(kinds), kinds[-1]] if len(kinds) > 1 else kinds


def pattern_services(pattern: str) -> list[str]:
    """The services an ARN pattern allows, in its order: ``arn:aws:states:`` -> states,
    ``arn:aws[a-z-]*:(s3|dynamodb):`` -> s3, dynamodb."""
    found = _SERVICE_SLOT.search(pattern)
    if found is None:
        return []
    return [name for name in found.group(1).strip("()").split("|") if name]


def arn_candidates(
    service: Service,
    member: str,
    pattern: str,
    documentation: str,
    noun: str,
    id_for: IdFor,
) -> list[str]:
    """ARNs of the resource type the member names (``noun``, see :mod:`.identity`), most
    specific first; only resource types the IAM definitions list, never an invented one."""
    out: list[str] = []
    owners: list[tuple[str, str]] = _documented_foreign(documentation) if not pattern else []
    for prefix in pattern_services(pattern):
        owner = _service_for_prefix(prefix, service)
        owners.append((owner, noun))
        if owner != service.name:  # another service's ARN: its main resource (an S3 bucket)
            owners += [(other, resource) for _k, other, resource in _FOREIGN if other == owner]
    owners.append((service.name, noun))
    lowered = _norm(member)
    for keyword, other, resource in _FOREIGN:
        if keyword in lowered:
            owners.append((other, resource))
    if documentation:  # "the ARN of the event bus"
        owners.append((service.name, _documented_resource(service, documentation)))
    role = role_name(service, member)
    named = {"RoleName": role, "RoleNameWithPath": role}
    # when nothing above names a type, the one the pattern spells (comprehend's EndpointArn:
    # ``:(document-classifier-endpoint|entity-recognizer-endpoint)/``)
    spelled = [(service.name, kind) for kind in pattern_types(pattern)]
    for index, (owner, wanted) in enumerate(owners + spelled):
        if index >= len(owners) and out:
            break
        match = _resource_for(owner, wanted)
        if match is None:
            continue
        # a resource type with two forms lists both ("...:bot/${BotId}, ...:bot:${BotName}")
        for arn_format in match[1].split(", "):
            # the resource's own name or ID first; then with generated IDs (UUIDs), for
            # services whose ARNs hold those (workspaces-web's browserSettings/<UUID>)
            for own in dict.fromkeys((owner == service.name, False)):
                arn = _fill(arn_format, match[0], own, id_for, named)
                # the UUID convention's ``EXAMPLE11111`` is no hex: a hex twin for hex patterns
                for text in (arn, arn.replace("-EXAMPLE11111", "-1234567890ab")):
                    if text not in out:
                        out.append(text)
    return out


def policy_candidates(service: Service, member: str) -> list[str]:
    """IAM policy documents: a trust policy for role trust members, otherwise a policy that
    allows one action of this service (or S3 reads, for IAM's own identity policies)."""
    lowered = member.lower()
    if "assumerole" in lowered or "trust" in lowered:
        statement = {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    elif service.name == "iam" or "permission" in lowered:
        statement = {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
        }
    else:
        prefix = iam_prefix(service.name) or service.signing_name
        reads = sorted(op for op in service.operations if op.startswith(("Get", "Describe", "List")))
        action = f"{prefix}:{reads[0] if reads else '*'}"
        statement = {
            "Sid": "AllowAccountAccess",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": action,
            "Resource": "*",
        }
    return [json.dumps({"Version": "2012-10-17", "Statement": [statement]})]


_SSM_DOCUMENT = {
    "schemaVersion": "2.2",
    "description": "Run a shell command",
    "mainSteps": [
        {"action": "aws:runShellScript", "name": "runShellScript", "inputs": {"runCommand": ["echo hello"]}}
    ],
}


def json_candidates(service: Service, member: str) -> list[str]:
    """JSON documents for members whose documentation says they hold JSON."""
    lowered = member.lower()
    if service.name == "ssm" and lowered == "content":
        return [json.dumps(_SSM_DOCUMENT)]
    if "dashboard" in lowered:
        return [json.dumps({"widgets": []})]
    if "definition" in lowered and service.name == "stepfunctions":
        definition = {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": True}}}
        return [json.dumps(definition)]
    if "patch" in lowered:  # a JSON Patch (RFC 6902) that changes one property
        return [json.dumps([{"op": "replace", "path": "/Description", "value": "Updated by the documentation team"}])]
    if "policytemplate" in lowered or "permissiontemplate" in lowered:  # a statement without principal or resource
        prefix = iam_prefix(service.name) or service.signing_name
        reads = sorted(op for op in service.operations if op.startswith(("Get", "Describe", "List")))
        return [json.dumps({"Effect": "Allow", "Action": [f"{prefix}:{reads[0] if reads else '*'}"]})]
    return ["{}"]


# EC2-style resource IDs: the ID prefix of each resource (AWS's documentation uses these forms)
_ID_PREFIXES = (
    ("dhcpoptions", "dopt"), ("securitygroup", "sg"), ("internetgateway", "igw"),
    ("egressonlyinternetgateway", "eigw"), ("natgateway", "nat"), ("routetable", "rtb"),
    ("networkinterface", "eni"), ("networkacl", "acl"), ("launchtemplate", "lt"),
    ("transitgatewayattachment", "tgw-attach"), ("transitgatewayroutetable", "tgw-rtb"),
    ("transitgateway", "tgw"), ("vpcendpoint", "vpce"), ("vpcpeeringconnection", "pcx"),
    ("customergateway", "cgw"), ("vpngateway", "vgw"), ("vpnconnection", "vpn"),
    ("prefixlist", "pl"), ("capacityreservation", "cr"), ("flowlog", "fl"), ("allocation", "eipalloc"),
    ("association", "eipassoc"), ("spotinstancerequest", "sir"), ("keypair", "key"),
    ("snapshot", "snap"), ("volume", "vol"), ("image", "ami"), ("instance", "i"), ("subnet", "subnet"),
    ("vpc", "vpc"), ("host", "h"), ("reservation", "r"), ("placementgroup", "pg"),
)


# nouns other services use for resources of their own: EC2's ID only in EC2 or when the
# documentation says the member is an EC2 resource (Amazon Connect's InstanceId is a UUID)
_AMBIGUOUS = frozenset(
    {"instance", "volume", "snapshot", "image", "host", "reservation", "association", "allocation",
     "keypair", "flowlog", "capacityreservation", "launchtemplate"}
)  # fmt: skip
_EC2_DOCS = re.compile(r"\b(Amazon )?EC2\b|\bElastic Compute Cloud\b")
_EC2_ID_OF = re.compile(
    r"^\s*The ID of (?:an? |the )?(?:Amazon )?(VPC|virtual private cloud|subnet|security group|EC2 instance)\b", re.I
)


def resource_id_candidates(
    member: str, noun: str = "", service: str = "", documentation: str = ""
) -> list[str]:
    """``i-1234567890abcdef0``-style IDs for members such as ``InstanceId``, ``VpcIds`` or
    ``Subnets`` (``noun``: the resource the member names, see :mod:`.identity`)."""
    match = re.match(r"^(?P<stem>.*?)(Ids?|IDs?)$", member[:1].upper() + member[1:])
    stem = _norm(match.group("stem")) if match is not None else _norm(noun)
    documented = _EC2_ID_OF.search(re.sub(r"<[^>]+>", "", documentation[:300]))
    if documented and stem in ("", "resource", "target"):  # route53resolver's ResourceId: "The ID of an Amazon VPC"
        stem = "vpc" if documented.group(1).lower() == "virtual private cloud" else _norm(documented.group(1))
    if not stem:
        return []
    for name, prefix in _ID_PREFIXES:
        if not stem.endswith(name):
            continue
        if name in _AMBIGUOUS and service != "ec2" and not _EC2_DOCS.search(documentation):
            return []
        return [f"{prefix}-1234567890abcdef0", f"{prefix}-0123456789abcdef0"]
    return []
