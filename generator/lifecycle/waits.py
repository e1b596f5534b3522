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
