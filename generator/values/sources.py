"""Stage ``values``: where an example's values come from, in order, and a record of it.

Input: one operation, an optional user values document, the filter of members every target can
express and the values profile. Output: :class:`ExampleValues` - the value tree, its
:class:`Provenance` (shown on the docs page in one line) and the AWS-authored examples that were
dropped, each with its reason.

The sources, first usable one wins, every value validated against the model before use:

1. the user's values file (its problems are errors, exit 2);
2. AWS-authored examples (:mod:`.aws_examples`: botocore's ``examples-1.json``, then the
   ``smithy.api#examples`` of AWS's Smithy models, then the AWS CLI's example pages), in
   their order; an example is dropped - never repaired - when it shows a failing call, the
   model rejects it or a target cannot express a member it sets;
3. synthesis (:mod:`.synthesize`), which prefers values the model's own documentation states
   and semantic formats (ARNs of the right resource type, policy documents, ...) over generic
   placeholders.

An AWS example whose values the publishability checker (:mod:`.lint`) flags - AWS's own
``us-west-2_aaaaaaaaa``, ``<region-ID>`` or a 13-digit account - gives way to the next one, and
to synthesized values that pass the checker; when nothing passes, AWS's values are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.errors import SdkParityError
from generator.model.ir import Operation, Service
from generator.values.aws_examples import AWS_CLI, BOTOCORE, SMITHY, AwsExample, aws_examples
from generator.values.lint import lint
from generator.values.synthesize import PROFILES, synthesize_sourced
from generator.values.tree import MemberFilter, Value, member_paths
from generator.values.validate import from_document

VALUES_FILE = "values-file"
AWS_EXAMPLE = "aws-example"
DOCUMENTATION = "documentation"
SYNTHESIZED = "synthesized"
KINDS = (VALUES_FILE, AWS_EXAMPLE, DOCUMENTATION, SYNTHESIZED)


_ORIGINS = {  # "Values from <origin> '<title>'."
    BOTOCORE: "the botocore example",
    SMITHY: "the example in AWS's Smithy model",
    AWS_CLI: "the AWS CLI example",
}


@dataclass(frozen=True)
class Provenance:
    """Where the values of one example come from."""

    kind: str
    title: str = ""
    source: str = ""
    origin: str = BOTOCORE  # of an AWS example: botocore, smithy or awscli (aws_examples)
    references: tuple[tuple[str, str], ...] = ()  # (member, source) of knowledge-table values

    def sentence(self) -> str:
        """One line for the docs page."""
        if self.kind == VALUES_FILE:
            return f"Values from the values file {self.source}."
        if self.kind == AWS_EXAMPLE:
            return f"Values from {_ORIGINS[self.origin]} '{self.title}'."
        if self.kind == DOCUMENTATION:
            text = "Values synthesized from the service model, using values its documentation states"
        else:
            text = "Values synthesized from the service model"
        if self.references:  # the page links each to its source (targets.docs)
            names = [member for member, _ in self.references]
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            text += f"; {listed} following AWS's documentation"
        return text + "."


@dataclass(frozen=True)
class ExampleValues:
    """An example's value tree, where it came from, and the AWS examples passed over."""

    value: Value
    provenance: Provenance
    dropped: tuple[str, ...] = ()


def _expressible(value: Value, usable: MemberFilter) -> str:
    """The first member path a target cannot express, or ``""``."""
    for path, shape, member in member_paths(value):
        if not usable(path, shape, member):
            return ".".join(path)
    return ""


_PLACEHOLDER = re.compile(r"<[^<>]+>|\$\{[^}]+\}")


def _placeholder(params: Any) -> str:
    """A placeholder left in an AWS example (``<Stringified-JSON>``, ``${name}``), or ``""``."""
    if isinstance(params, str):  # an empty string stands for a value left out
        return params if not params.strip() or _PLACEHOLDER.fullmatch(params.strip()) else ""
    if isinstance(params, dict):
        items = list(params.keys()) + list(params.values())
    elif isinstance(params, list):
        items = params
    else:
        return ""
    for item in items:
        found = _placeholder(item)
        if found:
            return found
    return ""


def _has_empty(params: Any) -> bool:
    if isinstance(params, str):
        return not params.strip()
    if isinstance(params, dict):
        return any(_has_empty(v) for v in params.values())
    if isinstance(params, list):
        return any(_has_empty(v) for v in params)
    return False


def _try_example(
    service: Service, operation: Operation, example: AwsExample, usable: MemberFilter
) -> Value | str:
    """The example's value tree, or the reason it cannot be used."""
    if example.failure:
        return f"{example.source}: shows a call that fails with {example.failure}"
    placeholder = _placeholder(example.params)
    if placeholder:
        return f"{example.source}: placeholder {placeholder!r} instead of a value"
    if _has_empty(example.params):
        return f"{example.source}: an empty string instead of a value"
    try:
        value = from_document(service, operation, example.params, example.source)
    except SdkParityError as exc:  # its path starts with the source: "<source>: Member.path"
        where = str(exc)
        return where if where.startswith(example.source) else f"{example.source}: {where}"
    unusable = _expressible(value, usable)
    if unusable:
        return f"{example.source}: {unusable} cannot be expressed by every target"
    return value


def choose(
    service: Service,
    operation: Operation,
    usable: MemberFilter,
    *,
    document: Any = None,
    document_source: str = "",
    profile: str = "minimal",
    use_examples: bool = True,
) -> ExampleValues:
    """The values of one operation's example, from the first source that has usable ones."""
    if profile not in PROFILES:
        raise SdkParityError(f"unknown values profile {profile!r}: choose from {', '.join(PROFILES)}")
    if document is not None:
        value = from_document(service, operation, document, document_source)
        return ExampleValues(value, Provenance(VALUES_FILE, source=document_source))
    dropped: list[str] = []
    flagged: list[ExampleValues] = []
    if use_examples and profile == "minimal":
        for example in aws_examples(service.name, operation.name):
            found = _try_example(service, operation, example, usable)
            if not isinstance(found, Value):
                dropped.append(found)
                continue
            provenance = Provenance(AWS_EXAMPLE, example.title, example.source, example.origin)
            findings = lint(service, operation, found, trust_arn_types=True)
            if not findings:
                return ExampleValues(found, provenance, tuple(dropped))
            dropped.append(f"{example.source}: {findings[0].line()}")
            flagged.append(ExampleValues(found, provenance))
    made = synthesize_sourced(service, operation, usable, profile)
    kind = DOCUMENTATION if made.documented else SYNTHESIZED
    if flagged and lint(service, operation, made.value):
        # neither is clean: AWS's own values, flaws and all, over synthesized ones
        return ExampleValues(flagged[0].value, flagged[0].provenance, tuple(dropped))
    provenance = Provenance(kind, references=made.references)
    return ExampleValues(made.value, provenance, tuple(dropped))
