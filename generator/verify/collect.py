"""Verify, collecting: the examples of a plan, rendered exactly as published.

Stage: verify. Input: a plan (services and their operations), the languages and an optional
values folder. Output: :class:`~generator.verify.examples.Example` s - one rendered, runnable
example per operation and language with the boto3 params its values stand for - and, for what a
target cannot express, a ``not expressible`` verdict at once. Typed-client examples are
rendered per package by :mod:`generator.verify.client`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.capabilities.gaps import known_gap
from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value, render_snippet, values_file_for
from generator.model.ir import Operation, Service
from generator.model.lower import get_operation, load_service
from generator.targets import Snippet
from generator.targets.registry import edition_snippet, target
from generator.values.tree import Value, to_params
from generator.verify.client import prepare as prepare_client
from generator.verify.examples import (
    KNOWN_GAP,
    NOT_EXPRESSIBLE,
    Example,
    Plan,
    Verdict,
    not_expressible,
)


def render_examples(
    service: Service, operation: Operation, value: Value, langs: Iterable[str], label: str = ""
) -> tuple[list[Example], list[Verdict]]:
    """The examples of one operation for one value tree, except those of a target whose
    examples import a generated package (rendered with it, see :mod:`generator.verify.client`)."""
    examples: list[Example] = []
    verdicts: list[Verdict] = []
    params = to_params(value)
    rendered: dict[str, Snippet | UnsupportedError] = {}  # an edition runs its target's example
    for lang in langs:
        spec = target(lang)
        if spec.package:  # rendered with its package, see generator.verify.client
            continue
        try:
            base = spec.edition_of or lang
            if base not in rendered:
                try:
                    rendered[base] = render_snippet(service, operation, value, base)
                except UnsupportedError as exc:
                    rendered[base] = exc
            found = rendered[base]
            if isinstance(found, UnsupportedError):
                raise found
            snippet = edition_snippet(found, lang, f"{service.name}:{operation.name}")
        except UnsupportedError as exc:
            reason = exc.message or str(exc)
            verdicts.append(
                Verdict(service.name, operation.name, lang, NOT_EXPRESSIBLE, reason, label)
            )
            continue
        examples.append(
            Example(service.name, operation.name, lang, snippet.text, params, label)
        )
    return examples, verdicts


def collect(
    plan: Plan, langs: Sequence[str], values_dir: Path | None, workdir: Path
) -> tuple[list[Example], list[Verdict]]:
    """Render every example of the plan; what cannot be expressed becomes a verdict at once.

    Raises :class:`~generator.errors.SdkParityError` for an unknown service or operation or a
    bad values file (the command turns it into exit 2)."""
    examples: list[Example] = []
    verdicts: list[Verdict] = []
    merged: dict[str, list[str] | None] = {}
    for service_name, operations in plan:  # one typed-client package per service
        known = merged.get(service_name, [])
        if not operations:
            merged[service_name] = None
        elif known is not None:
            merged[service_name] = known + [op for op in operations if op not in known]
    for service_name, operations in merged.items():
        service = load_service(service_name)
        names = list(operations) if operations else list(service.operations)
        typed: list[tuple[Operation, Value]] = []
        for name in names:
            operation = get_operation(service, name)
            try:
                value = example_value(
                    service, operation, values_file_for(values_dir, service.name, name)
                )
            except UnsupportedError as exc:
                for lang in langs:
                    verdicts.append(not_expressible((service.name, operation.name, lang), exc.message))
                continue
            more, refused = render_examples(service, operation, value, langs)
            examples += more
            verdicts += refused
            typed.append((operation, value))
        if any(target(lang).package for lang in langs) and typed:
            more, refused = prepare_client(service, typed, workdir)
            examples += more
            verdicts += refused
    return without_known_gaps(examples, verdicts)


def without_known_gaps(
    examples: list[Example], verdicts: list[Verdict]
) -> tuple[list[Example], list[Verdict]]:
    """The examples the harness can prove; the others become ``known gap`` verdicts with their
    cause (:mod:`generator.capabilities.gaps`)."""
    kept: list[Example] = []
    for example in examples:
        cause = known_gap(example.service, example.operation, example.lang)
        if cause is None:
            kept.append(example)
        else:
            verdicts.append(not_expressible(example, f"{KNOWN_GAP}: {cause}"))
    return kept, verdicts
