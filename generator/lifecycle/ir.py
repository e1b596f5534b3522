"""Stage ``lifecycle``: the scenario IR - one resource's life as a sequence of calls.

A :class:`Lifecycle` is language-neutral, like the operation IR: the steps of a "Basics"
program for one resource of one service (create, wait until available, read, list, update,
read again, delete, wait until gone), each an operation with its values tree. A value an
earlier step produced is a :data:`~generator.values.tree.REF` node in the tree (its
:class:`~generator.values.tree.Ref` names the step, the side - ``input`` or ``output`` - and
the member path), which every renderer writes as a variable whose words come from
:attr:`Lifecycle.variables`. Steps that run in the cleanup (delete, wait until gone, and the
removal of prerequisites) carry ``cleanup=True`` and the index of the create step they undo
(``undoes``): a renderer runs them whenever that create succeeded, even after a later step
failed (try/finally, a shell ``trap``, Go's ``defer``).

Nothing here holds target syntax; :mod:`generator.lifecycle.derive` builds these records.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.values.tree import Ref, Value, refs

CREATE = "create"
WAIT = "wait"
READ = "read"
LIST = "list"
UPDATE = "update"
READ_AGAIN = "read-again"
DELETE = "delete"
WAIT_DELETED = "wait-deleted"
PREREQUISITE_CREATE = "prerequisite-create"
PREREQUISITE_WAIT = "prerequisite-wait"
PREREQUISITE_DELETE = "prerequisite-delete"
PREREQUISITE_WAIT_DELETED = "prerequisite-wait-deleted"
ROLES = (
    PREREQUISITE_CREATE, PREREQUISITE_WAIT, CREATE, WAIT, READ, LIST, UPDATE, READ_AGAIN,
    DELETE, WAIT_DELETED, PREREQUISITE_DELETE, PREREQUISITE_WAIT_DELETED,
)  # fmt: skip
CREATES = frozenset({CREATE, PREREQUISITE_CREATE})
WAITS = frozenset({WAIT, PREREQUISITE_WAIT, WAIT_DELETED, PREREQUISITE_WAIT_DELETED})
DELETES = frozenset({DELETE, PREREQUISITE_DELETE})

# where the lifecycle's operations were found (:mod:`generator.lifecycle.sources`)
SMITHY = "smithy"  # a Smithy resource shape's lifecycle bindings
BOTO3 = "boto3"  # boto3's resources-1.json
NAMES = "names"  # the operations' names and members
SOURCES = (SMITHY, BOTO3, NAMES)


@dataclass(frozen=True)
class Find:
    """What a list step must find in every page: the value ``ref`` stands for, among the
    values at ``path`` of the page (``("TableNames", "[]")``: each string of the list;
    ``("Roles", "[]", "RoleName")``: that member of each item)."""

    ref: Ref
    path: tuple[str, ...]


@dataclass(frozen=True)
class Poll:
    """A wait botocore has no waiter for: the step's operation called every ``delay`` seconds,
    at most ``attempts`` times, while the answer's ``path`` holds one of ``pending`` (a state
    on the way: ``CREATING``, ``CREATE PENDING``; one of ``failed`` ends the wait with an
    error; ``ready`` names the state it waits for); or - when ``error`` is set, after a delete -
    until the call fails with that error (the resource's not-found error) or ``path`` holds one
    of ``ready`` (a deletion under way: ``PendingDeletion``)."""

    path: tuple[str, ...] = ()
    ready: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    error: str = ""
    pending: tuple[str, ...] = ()
    delay: int = 10
    attempts: int = 60


@dataclass(frozen=True)
class Step:
    """One call of the program.

    ``value`` is the operation's input, with :data:`~generator.values.tree.REF` nodes where an
    earlier step's value goes. ``waiter`` names the botocore waiter (``TableExists``) of a wait
    step, whose ``operation`` is the one the waiter polls and whose ``value`` is that
    operation's input. ``message`` is the line the program prints when the step succeeded,
    with ``{}`` where the value ``subject`` stands for goes (``"Created the table {}."``).
    ``paginate``: a list step iterates the SDK's paginator (every page) rather than one call.
    ``change``: an update's member paths that make it a real change. ``poll``: a wait without
    a botocore waiter (:class:`Poll`).
    """

    role: str
    service: str
    operation: str
    value: Value
    resource: str
    message: str
    subject: Ref | None = None
    waiter: str = ""
    cleanup: bool = False
    undoes: int | None = None
    finds: Find | None = None
    paginate: bool = False
    change: tuple[str, ...] = ()
    poll: Poll | None = None

    @property
    def bindings(self) -> tuple[tuple[tuple[str, ...], Ref], ...]:
        """Input member path -> the earlier step's value it takes, in the tree's order."""
        return tuple(refs(self.value))

    @property
    def waits(self) -> bool:
        return bool(self.waiter) or self.poll is not None


@dataclass(frozen=True)
class Variable:
    """A value the program keeps in a variable: what ``ref`` stands for, named by ``words``
    (kebab case, ``table-name``; each language's naming module makes its identifier). A
    value of a create's input (the name a user gives a bucket) is set before that call, to
    ``value``; one of an output is set from the response."""

    ref: Ref
    words: str
    value: Value | None = None


@dataclass(frozen=True)
class Prerequisite:
    """A resource the scenario creates first and removes last (an IAM role for a Lambda
    function), and why: the member of the main create that takes it."""

    service: str
    resource: str
    member: str


@dataclass(frozen=True)
class Lifecycle:
    """The "Basics" scenario of one resource of one service."""

    service: str
    resource: str  # kebab-case noun: ``table``, ``dataset-group``
    title: str
    source: str  # :data:`SOURCES`
    steps: tuple[Step, ...]
    variables: tuple[Variable, ...]
    prerequisites: tuple[Prerequisite, ...] = ()
    # values of a create that refer to what the scenario does not make (``Op.Member.path``):
    # a KMS key, an S3 object, another service's resource; it must exist before the run
    needs: tuple[str, ...] = ()

    def variable(self, ref: Ref) -> str:
        """The words of the variable holding ``ref``'s value."""
        for variable in self.variables:
            if variable.ref == ref:
                return variable.words
        raise KeyError(f"{self.service} {self.resource}: no variable for {ref}")

    def captured(self, index: int) -> tuple[Variable, ...]:
        """The variables step ``index`` sets (from its output, or its input where the user
        chose the value, such as a bucket's name), in a fixed order."""
        return tuple(v for v in self.variables if v.ref.step == index)

    def operations(self) -> tuple[tuple[str, str], ...]:
        """Every (service, operation) the scenario calls, in order, each once."""
        return tuple(dict.fromkeys((s.service, s.operation) for s in self.steps))

    def services(self) -> tuple[str, ...]:
        """The services the program needs a client for: its own first."""
        return tuple(dict.fromkeys([self.service, *(s.service for s in self.steps)]))

    def main_steps(self) -> tuple[tuple[int, Step], ...]:
        return tuple((i, s) for i, s in enumerate(self.steps) if not s.cleanup)

    def cleanup_steps(self) -> tuple[tuple[int, Step], ...]:
        return tuple((i, s) for i, s in enumerate(self.steps) if s.cleanup)

    @property
    def key(self) -> tuple[str, str]:
        return (self.service, self.resource)
