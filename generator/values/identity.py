"""Stage ``values``: which resource a member names, and how that resource is written.

Input: the service, the operation and the member trail leading to a string. Output: a
:class:`Role` - the facet the member asks for (the resource's ARN, its service-assigned ID, the
name a user gives it, or something else) and the resource's noun in kebab case
(``dataset-group``) - and the words every example of the service uses for that resource
(``my-dataset-group``). Deriving both from the resource rather than from the operation keeps
one resource per service: the name ``CreateDatasetGroup`` sends is the name in the ARN that
``DescribeDatasetGroup`` sends.

The noun is the member's own (``datasetGroupArn`` -> ``dataset-group``); a generic member
(``Arn``, ``ResourceId``, ``Name``) takes its parent's noun, then the operation's
(``DescribeFilter`` -> ``filter``); a tagging operation's generic ``ResourceArn`` takes the
service's main resource (the IAM resource type most operation names mention). Whether an ID
is service-assigned (``DetectorId``) or chosen by the user (Redshift's ``ClusterIdentifier``)
is read from the model: the user chooses it when the resource's Create operation takes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.caches import per_service
from generator.model.ir import Operation, Service
from generator.values.aws_examples import arn_formats_for, iam_prefix

ARN = "arn"
ID = "id"
NAME = "name"
OTHER = "other"

_VERBS = re.compile(
    r"^(Create|Describe|Delete|Update|Get|List|Put|Start|Stop|Tag|Untag|Batch|Add|Remove|Register"
    r"|Deregister|Modify|Set|Send|Enable|Disable|Associate|Disassociate|Import|Export|Cancel"
    r"|Attach|Detach|Accept|Reject|Restore|Reset|Search|Invoke|Run|Execute|Publish|Subscribe"
    r"|Unsubscribe|Validate|Test|Copy|Purge|Receive|Reboot|Resume|Pause|Terminate|Upload"
    r"|Download|Apply|Revoke|Grant|Request|Retry|Rotate|Submit|Verify|Check|Preview|Claim"
    r"|Release|Allocate|Authorize|Confirm|Initiate|Complete|Abort|Activate|Deactivate|Promote"
    r"|Query|Scan|Lookup|Evaluate|Generate|Build|Deploy|Rollback|Sync|Refresh|Render|Simulate)"
)
_SUFFIX = re.compile(r"(Arns?|ARNs?|Ids?|IDs?|Identifiers?|Names?|NameWithPath|Keys?)$")
GENERIC_NOUNS = frozenset(
    {
        "", "resource", "source", "target", "parent", "new", "old", "current", "primary",
        "secondary", "entity", "owner", "principal", "the", "my", "destination",
        "external", "client", "request", "input", "output", "default", "associated", "related",
        "tags-for-resource", "resources", "resource-policy", "policy", "aws", "identity", "id",
        "arn", "name", "full", "friendly", "display", "unique", "global", "description",
        "comment", "message", "summary", "title", "label", "note", "reason", "value", "key",
        "location", "path", "uri", "url", "prefix", "folder", "data", "s3", "data-source",
        "data-location", "s3-location", "s3-path", "s3-uri", "config", "configuration",
        "detail", "details", "setting", "settings", "spec", "specification", "properties",
    }
)  # fmt: skip
# tagging operations (TagResource, AddTagsToResource, ListTagsOfResource, DescribeTags), not
# every name with "Tag" in it (lakeformation's GetLFTagExpression names an LF-Tag expression)
_TAGGING = re.compile(
    r"^(Tag|Untag)([A-Z]\w*)?$|Tags(To|From|For|Of|On)?Resources?$"
    r"|^(List|Describe|Create|Delete|Get|Put|Add|Remove|Update)\w*Tags$"
)


def kebab(name: str) -> str:
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", text)
    return text.replace("_", "-").lower().strip("-")


def singular(noun: str) -> str:
    """``dataset-groups`` -> ``dataset-group``, ``policies`` -> ``policy``."""
    if noun.endswith(("ias", "us", "is", "ss", "ws")):
        return noun
    if noun.endswith(("aliases", "statuses", "addresses", "analyses", "processes", "accesses")):
        return noun[:-2] if not noun.endswith("analyses") else noun[:-3] + "is"
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "xes", "ches", "shes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is", "sms", "aws", "dns")):
        return noun[:-1]
    return noun


_WRAPPER = re.compile(r"(?<=[a-z])(Input|Output|Config|Configuration|Settings|Details|Request|Spec|Specification|Definition|Info)$")


_LISTED = re.compile(r"(Ids?|IDs?|Arns?|ARNs?|Names?)(List|Set)$")


def unlisted(member: str) -> str:
    """A list member's name as its items' (kendra's ``DocumentIdList`` holds ``DocumentId``s)."""
    return _LISTED.sub(r"\1", member)


def member_noun(member: str) -> str:
    """The resource a member's own name mentions (``datasetGroupArn`` -> ``dataset-group``,
    ``CatalogInput`` -> ``catalog``)."""
    member = unlisted(member)
    stem = _SUFFIX.sub("", member) if _SUFFIX.search(member) and len(member) > 3 else member
    stem = _WRAPPER.sub("", stem) or stem
    return singular(kebab(stem))


def operation_noun(operation: Operation) -> str:
    """The resource an operation acts on (``CreateDatasetGroup`` -> ``dataset-group``): its
    name without the verb that starts it (and ``Batch`` before that)."""
    noun = re.sub(r"^Batch(?=[A-Z])", "", operation.name)
    noun = _VERBS.sub("", noun) if _VERBS.match(noun) else re.sub(r"^[A-Z][a-z]+(?=[A-Z])", "", noun)
    noun = re.sub(r"^(To|From|On|With)(?=[A-Z])", "", noun)  # SubscribeToDataset: the dataset
    if re.match(r"^And[A-Z]", noun):  # CreateAndAttachS3AccessPoint: the access point
        noun = _VERBS.sub("", noun[3:]) or noun
    noun = re.sub(r"(ForResource|sByName|Details?|Summary|Status|Info|Configuration|Config|Settings)$", "", noun) or noun
    if operation.name.startswith("Update"):  # UpdateQueueName renames the queue
        noun = re.sub(r"(?<=[a-z])(Name|Description)$", "", noun) or noun
    return singular(kebab(noun))


@dataclass(frozen=True)
class Role:
    """What a string member stands for."""

    facet: str
    noun: str

    @property
    def words(self) -> str:
        """The name every example of the service gives this resource."""
        return name_for(self.noun)


def name_for(noun: str) -> str:
    noun = noun or "resource"
    return noun if noun.startswith("my-") else f"my-{noun}"


_DOCUMENTED_ARN = re.compile(r"^(<p>)?\s*(The |An? )?(\w+ ){0,4}(ARN|Amazon Resource Name)\b")


def facet_of(member: str, pattern: str = "", documentation: str = "") -> str:
    """ARN, ID, name or other, from the member's name; a member whose name says neither (an
    ARN pattern, or documentation that opens with "The ARN of ...": GuardDuty's ``Role``) is
    an ARN. An ``...Id`` whose pattern also takes the ARN stays an ID."""
    member = unlisted(member)
    if re.search(r"(Arns?|ARNs?|arn)$", member):
        return ARN
    if re.search(r"(Ids?|IDs?|Identifiers?)$", member) or member.lower() in ("id", "ids", "identifier"):
        return ID
    if re.search(r"(Names?|NameWithPath)$", member) or member in ("name", "Name"):
        return NAME
    if pattern.lstrip("^(").startswith("arn:") or (
        documentation and _DOCUMENTED_ARN.match(documentation)
    ):
        return ARN
    return OTHER


def role_of(
    service: Service, operation: Operation, trail: tuple[str, ...], pattern: str = "", documentation: str = ""
) -> Role:
    """The facet and resource noun of the member at the end of ``trail``."""
    member = trail[-1] if trail else ""
    facet = facet_of(member, pattern, documentation)
    noun = member_noun(member)
    for parent in reversed(trail[:-1]):
        if noun not in GENERIC_NOUNS:
            break
        noun = member_noun(parent)
    if noun not in GENERIC_NOUNS and len(trail) == 1:
        whole = re.split(r"-(?:for|of|in|from|to|on|by)-", operation_noun(operation))[-1]
        if whole.endswith("-" + noun):  # jobName of CreateDatasetImportJob: the import job
            # (integrationArn of ListSourcesForS3TableIntegration: the S3 table integration)
            noun = whole
    if noun in GENERIC_NOUNS:
        if _TAGGING.search(operation.name):
            noun = main_resource(service) or "resource"  # never "tag"
        elif "resource" in member.lower():
            noun = main_resource(service) or operation_noun(operation)
        else:  # GetDestination names a destination; rum's DeleteResourcePolicy an app monitor
            noun = _documented_noun(service, documentation) or operation_noun(operation)
    if not noun or noun in ("resource", "resources"):
        noun = main_resource(service) or "resource"
    return Role(facet, noun)


_OPENING = re.compile(r"^\s*(?:The|An?)\s+(?:(?:unique\s+)?(?:name|ID|identifier)\s+of\s+(?:the|an?)\s+)?((?:[A-Za-z]+\s+){1,3}?)(?:that|which|whose|to|for|from|you)\b")


def _documented_noun(service: Service, documentation: str) -> str:
    """The service's resource type the documentation opens with ("The app monitor that you
    want to remove the resource policy from." -> ``app-monitor``), or ``""``."""
    found = _OPENING.match(re.sub(r"<[^>]+>", " ", documentation)) if documentation else None
    if found is None:
        return ""
    words = " ".join(found.group(1).lower().split())
    types = sorted((kebab(bare_type(t)) for t in arn_formats_for(service.name)), key=len, reverse=True)
    return next((t for t in types if t.count("-") >= 1 and words.endswith(t.replace("-", " "))), "")


def bare_type(resource_type: str) -> str:
    """An IAM resource type without the ``Resource`` some tables append (rum's
    ``AppMonitorResource`` is an app monitor)."""
    return re.sub(r"(?<=[a-z])Resource$", "", resource_type)


@per_service(maxsize=8)
def _main_resource(service_name: str, operation_names: tuple[str, ...]) -> str:
    formats = arn_formats_for(service_name)
    words = [kebab(name) for name in operation_names]
    if not formats:  # a service the IAM table does not list yet: what it creates most about
        created = sorted({w[len("create-"):] for w in words if w.startswith("create-")})
        if not created:
            return ""
        return max(created, key=lambda noun: (sum(1 for w in words if noun in w), "~" + noun))

    def score(resource_type: str) -> tuple[int, int, str]:
        noun = kebab(bare_type(resource_type))
        flat = noun.replace("-", "")  # ce's ``anomalymonitor`` is CreateAnomalyMonitor's
        mentions = sum(
            1 for w in words if re.search(rf"(^|-){re.escape(noun)}s?(-|$)", w) or flat in w.replace("-", "")
        )
        creates = int(any(w == f"create-{noun}" for w in words))
        return (creates, mentions, "~" + noun)

    best = max(sorted(formats), key=score)
    return kebab(bare_type(best))  # a type it has, even unnamed


def main_resource(service: Service) -> str:
    """The noun of the IAM resource type most of the service's operation names mention."""
    return _main_resource(service.name, tuple(sorted(service.operations)))


def user_chooses(service: Service, noun: str, member: str) -> bool:
    """Whether the user chooses this ID: the member names the resource itself
    (``ClusterIdentifier``, not a generic ``Id``) and the resource's Create operation takes it;
    or the member is an ``...Identifier`` (a name or an ARN, as AWS's APIs take them) of a
    resource the user names when creating it (``logGroupIdentifier``: ``my-log-group``)."""
    if member_noun(member) != noun:
        return False
    if re.search(r"Identifier$", member) and _named_at_creation(service, noun):
        return True
    for verb in ("Create", "Register", "Put", "Start"):
        operation = _operation(service, verb, noun)
        if operation is None or operation.input is None:
            continue
        shape = service.shape(operation.input)
        if shape.member(member) is not None:
            return True
        lowered = member[:1].lower() + member[1:]
        upper = member[:1].upper() + member[1:]
        if shape.member(lowered) is not None or shape.member(upper) is not None:
            return True
        # redshift's ClusterIds are the ClusterIdentifier CreateCluster takes
        single = re.sub(r"(Ids?|IDs?|Identifiers)$", "Identifier", upper)
        if single != upper and shape.member(single) is not None:
            return True
    return False


@per_service(maxsize=8)
def _operations_by_key(service_name: str, names: tuple[str, ...]) -> dict[str, str]:
    return {name.lower(): name for name in names}


def _operation(service: Service, verb: str, noun: str) -> Operation | None:
    """The operation ``verb`` + ``noun`` in any capitalisation (neptune's CreateDBCluster for
    ``db-cluster``)."""
    key = (verb + noun.replace("-", "")).lower()
    name = _operations_by_key(service.name, tuple(sorted(service.operations))).get(key)
    return service.operations[name] if name else None


def _named_at_creation(service: Service, noun: str) -> bool:
    camel = "".join(part.title() for part in noun.split("-"))
    operation = _operation(service, "Create", noun)
    if operation is None or operation.input is None:
        return False
    shape = service.shape(operation.input)
    lowered = camel[:1].lower() + camel[1:]
    return any(shape.member(n) is not None for n in ("name", "Name", camel + "Name", lowered + "Name"))


def arn_prefix(service: Service) -> str:
    """The service part of this service's ARNs (its IAM prefix, else its signing name)."""
    return iam_prefix(service.name) or service.signing_name
