"""Stage ``lifecycle``: which of botocore's waiters a scenario uses after a create, an update
and a delete.

Input: the service's waiters (:mod:`generator.model.waiters`), the resource's noun and the
operations its steps call. Output: the waiter's name, or ``""`` when none fits.

A waiter fits when the operation it polls is the resource's read operation or its name holds
the resource's noun (``TableExists`` polls ``DescribeTable``), and its operation's members can
be bound to the scenario's values, and its name says what it waits for:
available (``Exists``, ``Available``, ``Active``, ``Created``, ``Ready``, ``Running``,
``InService``, ``Complete``), updated (``Updated``) or gone (``Deleted``, ``NotExists``,
``Terminated``). It also needs a success acceptor the loopback endpoint can answer (a path
of members, an HTTP status or an error code). Of several, the one whose name holds the
resource's noun wins, then the newest (``FunctionActiveV2`` over ``FunctionActive``).
"""

from __future__ import annotations

import re

from generator.lifecycle.ir import Poll
from generator.model.ir import Member, Service, Shape
from generator.model.load import load_raw
from generator.model.waiters import Waiter, waiters
from generator.values.identity import kebab

AVAILABLE = "available"
UPDATED = "updated"
DELETED = "deleted"
_KINDS = {
    DELETED: re.compile(r"(Deleted|NotExists?|Terminated|Gone|Removed|Deregistered)$"),
    UPDATED: re.compile(r"(Updated|UpdateComplete|Modified)(V\d+)?$"),
    AVAILABLE: re.compile(
        r"(Exists?|Available|Active|Created|Ready|Running|InService|Complete|Completed|Stable"
        r"|Enabled|Deployed|Succeeded|Ok|OK)(V\d+)?$"
    ),
}
_PATH = re.compile(r"^[A-Za-z_]\w*(\[\])?(\.[A-Za-z_]\w*(\[\])?)*$")


def answerable(waiter: Waiter) -> bool:
    """A success acceptor the endpoint can satisfy: an error code, an HTTP status, or ``path``/
    ``pathAll``/``pathAny`` over plain member names (``Table.TableStatus``,
    ``Reservations[].Instances[].State.Name``)."""
    for acceptor in waiter.success():
        if acceptor.matcher in ("error", "status"):
            return True
        if acceptor.matcher in ("path", "pathAll", "pathAny") and _PATH.match(acceptor.argument):
            return True
    return False


def kind_of(waiter: Waiter) -> str:
    for kind in (DELETED, UPDATED, AVAILABLE):
        if _KINDS[kind].search(waiter.name):
            return kind
    return ""


def ranked(service: str, noun: str, read: str, kind: str) -> list[Waiter]:
    """The waiters of ``kind`` that may fit ``noun``, best first: those whose name holds the
    noun, then those polling the read operation, then the newest version."""
    fitting = []
    for waiter in waiters(service):
        if kind_of(waiter) != kind or not answerable(waiter):
            continue
        name = kebab(waiter.name)
        named = name.startswith(noun + "-") or f"-{noun}-" in f"-{name}-"
        if not named and waiter.operation != read:
            continue
        version = re.search(r"V(\d+)$", waiter.name)
        fitting.append(((not named, waiter.operation != read,
                         -(int(version.group(1)) if version else 1), waiter.name), waiter))  # fmt: skip
    return [waiter for _, waiter in sorted(fitting, key=lambda pair: pair[0])]


# ----------------------------------------------------------------------- polls


_STATUS = re.compile(r"^(status|state|Status|State)$|[a-z](Status|State)$")
_READY = frozenset({
    "ACTIVE", "AVAILABLE", "READY", "CREATED", "COMPLETE", "COMPLETED", "SUCCEEDED", "ENABLED",
    "RUNNING", "IN_SERVICE", "DEPLOYED", "STABLE", "SUCCESS",
    "Active", "Available", "Ready", "Created", "Complete", "Completed", "Succeeded", "Enabled",
    "Running", "InService", "Deployed", "Stable", "Success",
})  # fmt: skip
_FAILED = re.compile(r"FAIL|Fail|ERROR|Error")
_CAPS = re.compile(r"\b[A-Z][A-Z_]+(?: [A-Z_]+)*\b")
_GONE = re.compile(r"NotFound|NoSuch|DoesNotExist|NonExistent")


def _states(shape: Shape, documentation: str) -> tuple[str, ...]:
    """The values a status member can hold: its enum, else the capitalized words its
    documentation lists (``CREATE PENDING > CREATE IN_PROGRESS > ACTIVE -or- CREATE FAILED``)."""
    if shape.constraints.enum:
        return shape.constraints.enum
    text = re.sub(r"<[^>]+>", " ", documentation + " " + shape.documentation)
    return tuple(dict.fromkeys(_CAPS.findall(text)))


_PENDING = re.compile(r"(ING|ing)$|PENDING|Pending|IN_PROGRESS|InProgress|IN PROGRESS|In Progress")


def status_poll(service: Service, read: str, noun: str, wanted: re.Pattern[str] | None = None) -> Poll | None:
    """A poll of ``read`` while the resource's status is on its way (``CREATING``, ``CREATE
    PENDING``, ``UPDATING``): the output's status member (at the top or in the structure
    describing the resource, not a deprecated one) and its states from the enum or the
    documentation; ``None`` when it has no state on the way and none that ends the wait.
    ``wanted``: instead, the states a deletion under way shows (for :func:`gone_poll`)."""
    operation = service.operations.get(read)
    if operation is None or operation.output is None:
        return None
    found: list[tuple[int, tuple[str, ...], Poll]] = []
    for member in service.shape(operation.output).members:
        target = service.shape(member.target)
        places: list[tuple[tuple[str, ...], Member, Shape]] = [((member.name,), member, target)]
        if target.kind == "structure":
            places += [((member.name, m.name), m, service.shape(m.target)) for m in target.members]
        for path, inner, shape in places:
            if shape.kind not in ("string", "enum") or not _STATUS.search(inner.name):
                continue
            if inner.deprecated or shape.deprecated:
                continue
            states = _states(shape, inner.documentation)
            failed = tuple(s for s in states if _FAILED.search(s))
            if wanted is not None:
                poll = Poll(path, tuple(s for s in states if wanted.match(s)))
                if not poll.ready:
                    continue
            else:
                pending = tuple(s for s in states if _PENDING.search(s) and s not in failed and not _DELETING.match(s))
                ready = tuple(s for s in states if s in _READY) or tuple(
                    s for s in states if s not in pending and s not in failed
                )
                if not pending or not ready:
                    continue
                poll = Poll(path, ready[:1], failed, pending=pending)
            named = kebab(path[-1]) in ("status", "state", f"{noun}-status", f"{noun}-state")
            found.append((0 if named else 1, path, poll))
    if not found:
        return None
    return min(found, key=lambda f: (f[0], len(f[1]), f[1]))[2]


_DELETING = re.compile(r"(?i)^(pending.?deletion|deleted|deleting|delete.?pending|delete.?in.?progress|delete.?complete)$")


def error_code(service_name: str, shape: str) -> str:
    """The code an error shape is sent with (``NoSuchEntityException`` is ``NoSuchEntity`` on
    the wire; SQS's query-compatible codes), else its name."""
    raw = load_raw(service_name).service.get("shapes", {}).get(shape, {})
    code = (raw.get("error") or {}).get("code") if isinstance(raw, dict) else None
    return str(code) if code else shape


def gone_poll(service: Service, read: str, noun: str) -> Poll | None:
    """A poll of ``read`` until it fails with the resource's not-found error (one of the
    operation's modeled errors, as it is sent), or until its status says the deletion is under
    way (a KMS key ``PendingDeletion``: the service's way of deleting it); ``None`` without a
    not-found error."""
    operation = service.operations.get(read)
    if operation is None or "awsQueryCompatible" in load_raw(service.name).service.get("metadata", {}):
        return None  # its errors are sent with query codes the JSON model does not carry (SQS)
    error = next((e for e in operation.errors if _GONE.search(e)), "")
    if not error:
        return None
    status = status_poll(service, read, noun, _DELETING)
    path, deleting = (status.path, status.ready) if status is not None else ((), ())
    return Poll(path=path, ready=deleting, error=error_code(service.name, error))
