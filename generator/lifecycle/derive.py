"""Stage ``lifecycle``: the steps of one resource's scenario, with their values and bindings.

Input: a service's IR, one :class:`~generator.lifecycle.sources.Candidate` (its create, read,
list, update and delete operations) and its prerequisites. Output: the steps in program order
(:func:`build`), or :class:`Dropped` with the reason none can be made.

Values come from the values stage (:mod:`generator.lifecycle.reach`), as the single pages' do
(:func:`generator.values.sources.choose` with the member filter every target can express): the
create and the update take the page's values (an AWS-authored example first), the other calls
only their required members. Then each identifying member is bound to an earlier step's value
(:mod:`generator.lifecycle.bind`); a step whose required identifying member nothing fits is left
out, and a scenario whose delete cannot be bound is dropped. The update must ask for a real
change (:mod:`generator.lifecycle.change`); waits use botocore's waiters
(:mod:`generator.lifecycle.waits`); the list step must find the resource
(:mod:`generator.lifecycle.listing`). A prerequisite (:mod:`generator.lifecycle.prerequisites`)
is created (and waited for) first and removed (and waited for) last; the main create takes its
value where its member named it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.lifecycle import waits
from generator.lifecycle.bind import (
    URL,
    Known,
    bind,
    facet_of_member,
    input_knowns,
    match,
    output_knowns,
    scope,
)
from generator.lifecycle.change import real_change
from generator.lifecycle.ir import (
    CREATE,
    DELETE,
    LIST,
    PREREQUISITE_CREATE,
    PREREQUISITE_DELETE,
    PREREQUISITE_WAIT,
    PREREQUISITE_WAIT_DELETED,
    READ,
    READ_AGAIN,
    UPDATE,
    WAIT,
    WAIT_DELETED,
    Find,
    Step,
)
from generator.lifecycle.listing import find_path
from generator.lifecycle.reach import Dropped, outside_paths, self_contained, values_of
from generator.lifecycle.sources import Candidate
from generator.model.ir import Service
from generator.values import identity
from generator.values.tree import REF, Ref, Value, refs


@dataclass
class Chain:
    """One resource of the scenario (the main one or a prerequisite) while its steps are
    added: its create's index, the values that call produced and its cleanup steps."""

    service: Service
    candidate: Candidate
    create: int = -1
    knowns: list[Known] = field(default_factory=list)
    cleanup: list[Step] = field(default_factory=list)
    subject: Ref | None = None

    @property
    def noun(self) -> str:
        return self.candidate.noun

    @property
    def words(self) -> str:
        return self.candidate.noun.replace("-", " ")


def subject_of(knowns: list[Known], noun: str) -> Ref | None:
    """The value a message names the resource by: its name, else its URL, ID or ARN; one whose
    member names the resource first (``Vpc.VpcId``, not ``Vpc.OwnerId``)."""
    own = [k for k in knowns if k.noun == noun] or knowns

    def rank(known: Known) -> tuple[bool, bool, int, tuple[str, ...]]:
        generic = known.name.lower() in ("arn", "id", "name", "url")
        named = generic or identity.member_noun(known.name) == noun
        return (not named, known.ref.side == "input", len(known.ref.path), known.ref.path)

    ordered = sorted(own, key=rank)
    for facet in (identity.NAME, URL, identity.ID, identity.ARN):
        for known in ordered:
            if known.facet == facet:
                return known.ref
    return ordered[0].ref if ordered else None


class Builder:
    """Adds the steps of a scenario in program order (see the module doc)."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.literals: dict[Ref, Value] = {}  # the create inputs later steps refer to
        self.others: list[Known] = []  # the values the prerequisites made
        self.needs: list[str] = []  # what the creates refer to that the scenario does not make

    def add(self, step: Step) -> int:
        self.steps.append(step)
        return len(self.steps) - 1

    def bound(self, chain: Chain, operation: str, examples: bool, narrow: bool = False) -> Value | None:
        """The values of ``operation`` with the chain's identifiers bound, or ``None``."""
        op = chain.service.operation(operation)
        try:
            value = values_of(chain.service, operation, examples)
        except Dropped:
            return None
        aliases = {m: i for o, m, i in chain.candidate.aliases if o == operation}
        result, missing = bind(chain.service, op, value, chain.knowns, chain.noun, aliases, narrow,
                               tuple(k for k in self.others if k not in chain.knowns))  # fmt: skip
        return None if missing else result

    def self_contained(self, chain: Chain, given: frozenset[str]) -> Value:
        """The create's values (:func:`generator.lifecycle.reach.self_contained`)."""
        return self_contained(chain.service, chain.candidate.create, chain.noun, given)

    def create(self, chain: Chain, role: str, given: dict[str, Ref], value: Value | None = None) -> None:
        """The create step; ``given``: the members that take a prerequisite's value;
        ``value``: the values to use instead of the page's (a prerequisite's own)."""
        service, candidate = chain.service, chain.candidate
        op = service.operation(candidate.create)
        if value is None:
            value = self.self_contained(chain, frozenset(given))
        shape = service.shape(op.input) if op.input else None
        fields = dict(value.fields)
        for member, ref in given.items():
            found = shape.member(member) if shape else None
            if found is not None:
                fields[member] = Value(found.target, REF, ref)
        index = len(self.steps)
        names = frozenset(path[0] for _, side, path in candidate.identity if side == "input")
        plain = Value(value.shape, value.kind, fields=tuple(
            (n, fields[n]) for n in ([m.name for m in shape.members] if shape else []) if n in fields
        ))  # fmt: skip
        inputs = [k for k in input_knowns(service, op, plain, index, chain.noun, names)
                  if k.ref.path[0] not in given]  # fmt: skip
        chosen = {k.ref.path[0] for k in inputs}
        for name, child in plain.fields:
            if name in chosen:
                self.literals[Ref(index, "input", (name,))] = child
        value = Value(plain.shape, plain.kind, fields=tuple(
            (n, Value(c.shape, REF, Ref(index, "input", (n,))) if n in chosen else c)
            for n, c in plain.fields
        ))  # fmt: skip
        chain.knowns = output_knowns(service, op, index, chain.noun) + inputs
        for member, ref in given.items():  # later calls name the parent as the create did
            found = shape.member(member) if shape else None
            if found is not None:
                facet = facet_of_member(member, service.shape(found.target))
                chain.knowns.append(Known(ref, member, facet, "", found.target))
        for name, side, path in candidate.identity:
            if side == "output" and all(k.ref.path != path for k in chain.knowns):
                chain.knowns.append(Known(Ref(index, "output", path), name, identity.NAME, chain.noun, ""))
        chain.subject = subject_of(chain.knowns, chain.noun)
        chain.create = index
        self.needs += [f"{candidate.create}.{path}" for path in
                       outside_paths(service, candidate.create, value, chain.noun, frozenset(given))]  # fmt: skip
        self.add(Step(role, service.name, candidate.create, value, chain.noun,
                      f"Created the {chain.words} {{}}.", chain.subject))  # fmt: skip

    def wait(self, chain: Chain, kind: str, role: str, cleanup: bool = False) -> Step | None:
        """A wait with the best waiter of ``kind`` whose operation binds (after an update: an
        "updated" waiter, else an "available" one); else a poll of the read operation
        (:func:`generator.lifecycle.waits.status_poll`, ``gone_poll``); else ``None``."""
        kinds = (waits.UPDATED, waits.AVAILABLE) if kind == waits.UPDATED else (kind,)
        for each in kinds:
            state = {waits.AVAILABLE: "is ready", waits.UPDATED: "is updated",
                     waits.DELETED: "is gone"}[each]  # fmt: skip
            for waiter in waits.ranked(chain.service.name, chain.noun, chain.candidate.read, each):
                value = self.bound(chain, waiter.operation, False, narrow=True)
                if value is None or not refs(value):
                    continue
                return Step(role, chain.service.name, waiter.operation, value, chain.noun,
                            f"Waited with {waiter.name}: the {chain.words} {{}} {state}.",
                            chain.subject, waiter=waiter.name, cleanup=cleanup,
                            undoes=chain.create if cleanup else None)  # fmt: skip
        read = chain.candidate.read
        if not read:
            return None
        if kind == waits.DELETED:
            poll = waits.gone_poll(chain.service, read, chain.noun)
            message = f"Waited until the {chain.words} {{}} is gone."
        else:
            poll = waits.status_poll(chain.service, read, chain.noun)
            message = f"Waited until the {chain.words} {{}} is {poll.ready[0]}." if poll else ""
        value = self.bound(chain, read, False, narrow=True) if poll is not None else None
        if poll is None or value is None or not refs(value):
            return None
        return Step(role, chain.service.name, read, value, chain.noun, message, chain.subject,
                    cleanup=cleanup, undoes=chain.create if cleanup else None, poll=poll)  # fmt: skip

    def use(self, chain: Chain) -> None:
        """Read, list, update (then wait and read again), each when its operation binds."""
        candidate = chain.candidate
        if candidate.read:
            value = self.bound(chain, candidate.read, False, narrow=True)
            if value is not None and refs(value):
                self.add(Step(READ, chain.service.name, candidate.read, value, chain.noun,
                              f"Read the {chain.words} {{}} with {candidate.read}.", chain.subject))  # fmt: skip
        if candidate.list:
            self.listing(chain)
        for update in candidate.updates:
            if self.update(chain, update):
                break

    def update(self, chain: Chain, update: str) -> bool:
        """The update (then a wait and a read again) when ``update`` binds and changes something."""
        candidate = chain.candidate
        value = self.bound(chain, update, True)
        if value is None or not refs(value):
            return False
        create_value = self.steps[chain.create].value
        changed = real_change(chain.service, candidate.create, create_value, update, value)
        if changed is None:
            return False
        value, change = changed
        self.add(Step(UPDATE, chain.service.name, update, value, chain.noun,
                      f"Updated the {chain.words} {{}} with {update}.", chain.subject,
                      change=change))  # fmt: skip
        again = self.wait(chain, waits.UPDATED, WAIT)
        if again is not None:
            self.add(again)
        reread = self.reread(chain, update)
        if reread is not None:
            self.add(reread)
        return True

    def reread(self, chain: Chain, update: str) -> Step | None:
        """Read the resource again: the read matching the update (``GetBucketTagging`` after
        ``PutBucketTagging``, ``ListTagsForResource`` after ``TagResource``), else the read."""
        matching = {"TagResource": "ListTagsForResource"}.get(update, "")
        if not matching and update[:3] in ("Put", "Set"):
            matching = "Get" + update[3:]
        if not matching and update.startswith("Tag"):
            matching = "ListTagsFor" + update[3:]
        for operation in (matching, chain.candidate.read):
            if not operation or operation not in chain.service.operations:
                continue
            value = self.bound(chain, operation, False, narrow=True)
            if value is not None and refs(value):
                return Step(READ_AGAIN, chain.service.name, operation, value, chain.noun,
                            f"Read the {chain.words} {{}} again with {operation}.", chain.subject)  # fmt: skip
        return None

    def listing(self, chain: Chain) -> None:
        operation = chain.candidate.list
        value = self.bound(chain, operation, False)
        if value is None:
            return
        value = scope(chain.service, chain.service.operation(operation), value, chain.knowns,
                      chain.noun, chain.create)  # fmt: skip
        found = find_path(chain.service, operation, chain.knowns, chain.noun, chain.candidate.list_path)
        if found is None:
            return
        known, path = found
        paginated = chain.service.operation(operation).paginator is not None
        self.add(Step(LIST, chain.service.name, operation, value, chain.noun,
                      f"Found the {chain.words} {{}} with {operation}.", known.ref,
                      finds=Find(known.ref, path), paginate=paginated))  # fmt: skip

    def delete(self, chain: Chain, role: str) -> Step:
        candidate = chain.candidate
        value = self.bound(chain, candidate.delete, False)
        if value is None or not refs(value):
            raise Dropped(f"{candidate.delete}: no value of {candidate.create} identifies the {chain.words}")
        return Step(role, chain.service.name, candidate.delete, value, chain.noun,
                    f"Deleted the {chain.words} {{}}.", chain.subject, cleanup=True,
                    undoes=chain.create)  # fmt: skip


@dataclass(frozen=True)
class Needed:
    """A prerequisite to create first: its service and candidate, the values its create uses
    (``None``: its page's), and the member of ``taker``'s create that takes its value."""

    service: Service
    candidate: Candidate
    member: str
    taker: Candidate
    value: Value | None = None
    also: tuple[tuple[Candidate, str], ...] = ()  # more creates that take it (one IAM role)

    def takes(self, taker: Candidate) -> list[str]:
        """The members of ``taker``'s create that take this prerequisite's value."""
        found = [self.member] if self.taker is taker else []
        return found + [member for other, member in self.also if other is taker]


def build(
    service: Service, candidate: Candidate, needed: list[Needed]
) -> tuple[list[Step], dict[Ref, Value], list[str]]:
    """Every step of ``candidate``'s scenario: the prerequisites' creates and waits, the main
    create, wait, read, list, update, wait, read again; then the cleanup in reverse order. And
    the literal values of the create inputs the steps refer to, and what the creates refer to
    that the scenario does not make (:func:`outside_paths`)."""
    builder = Builder()
    chains: list[tuple[Needed, Chain]] = []

    def given(taker: Candidate) -> dict[str, Ref]:
        out: dict[str, Ref] = {}
        for need, chain in chains:
            for member in need.takes(taker):
                creating = service if taker is candidate else _service_of(chains, taker, service)
                ref = _taken(chain, creating, taker.create, member)
                if ref is None:
                    raise Dropped(f"{taker.create}.{member}: {need.candidate.create} returns no value for it")
                out[member] = ref
        return out

    for need in needed:
        chain = Chain(need.service, need.candidate)
        builder.create(chain, PREREQUISITE_CREATE, given(need.candidate), need.value)
        ready = builder.wait(chain, waits.AVAILABLE, PREREQUISITE_WAIT)
        if ready is not None:
            builder.add(ready)
        chain.cleanup.append(builder.delete(chain, PREREQUISITE_DELETE))
        gone = builder.wait(chain, waits.DELETED, PREREQUISITE_WAIT_DELETED, cleanup=True)
        if gone is not None:
            chain.cleanup.append(gone)
        chains.append((need, chain))
        builder.others += chain.knowns
    main = Chain(service, candidate)
    builder.create(main, CREATE, given(candidate))
    ready = builder.wait(main, waits.AVAILABLE, WAIT)
    if ready is not None:
        builder.add(ready)
    builder.use(main)
    main.cleanup.append(builder.delete(main, DELETE))
    gone = builder.wait(main, waits.DELETED, WAIT_DELETED, cleanup=True)
    if gone is not None:
        main.cleanup.append(gone)
    for chain in [main, *(c for _, c in reversed(chains))]:
        for step in chain.cleanup:
            builder.add(step)
    return builder.steps, builder.literals, builder.needs


def _service_of(chains: list[tuple[Needed, Chain]], taker: Candidate, default: Service) -> Service:
    return next((need.service for need, _ in chains if need.candidate is taker), default)


def _taken(chain: Chain, service: Service, create: str, member: str) -> Ref | None:
    """The prerequisite's value the taking create's ``member`` takes: the one of the same
    name, else of the same facet (its ID for an ID, its ARN for an ARN)."""
    op = service.operation(create)
    found = service.shape(op.input).member(member) if op.input else None
    if found is None:
        return None
    target = service.shape(found.target)
    own = sorted((k for k in chain.knowns if k.noun == chain.noun),
                 key=lambda k: (k.ref.side == "input", len(k.ref.path), k.ref.path))  # fmt: skip
    facet = facet_of_member(member, target)
    for known in own:
        if known.name.lower() == member.lower():
            return known.ref
    for known in own:
        if known.facet == facet:
            return known.ref
    found_known = match(service, op, member, target, chain.knowns, chain.noun, {})
    return found_known.ref if found_known is not None else None
