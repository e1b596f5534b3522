"""The pipeline: load -> lower -> values -> render, for one operation or a whole plan.

Pure: everything is computed in memory and returned as artifacts; only :mod:`generator.generate.write`
touches the disk. A target that cannot express an operation raises
:class:`~generator.errors.UnsupportedError`; the pipeline records the reason and goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.capabilities.members import member_filter
from generator.errors import LimitError, SdkParityError, UnsupportedError, ValuesError
from generator.generate import fs
from generator.lifecycle.ir import Lifecycle
from generator.lifecycle.plan import lifecycles
from generator.model.ir import Operation, Service
from generator.model.lower import get_operation, load_service
from generator.render.titles import title
from generator.targets import Artifact, Snippet, uses_paginator
from generator.targets.client.package import render_client
from generator.targets.docs import page_path, render_docs
from generator.targets.registry import (
    DOCS,
    EXAMPLE_NAMES,
    SCENARIO_NAMES,
    render_example,
    render_scenario,
    target,
)
from generator.targets.scenario_docs import page_path as scenario_page_path
from generator.targets.scenario_docs import render_scenario_docs
from generator.values.limits import VALUES_FILE_BYTES, VALUES_NESTING
from generator.values.lint import lint
from generator.values.sources import AWS_EXAMPLE, VALUES_FILE, ExampleValues, Provenance, choose
from generator.values.tree import Value
from generator.values.validate import from_document

DEFAULT_SERVICE = "personalize"
DEFAULT_VALUES = Path(__file__).resolve().parents[1] / "data" / "values"


@dataclass
class Outcome:
    """What a run rendered: the files, what each target skipped (with the reason), and where
    each operation's values came from (:data:`generator.values.sources.KINDS`), and which
    artifact is each operation's example in each language."""

    artifacts: list[Artifact] = field(default_factory=list)
    skipped: list[tuple[str, str, str, str]] = field(default_factory=list)
    sources: list[tuple[str, str, str]] = field(default_factory=list)
    # (service, operation, kinds of the publishability checker's findings: generator.values.lint)
    flags: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    examples: list[tuple[str, str, str, str]] = field(default_factory=list)  # service, operation, language, path


MAX_VALUES_BYTES = VALUES_FILE_BYTES
MAX_DEPTH = VALUES_NESTING


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {ascii(key)[:80]}")
        seen[key] = value
    return seen


def _depth(doc: Any) -> int:
    deepest = 0
    stack = [(doc, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(node, dict):
            stack += [(v, level + 1) for v in node.values()]
        elif isinstance(node, list):
            stack += [(v, level + 1) for v in node]
    return deepest


def read_values(path: Path) -> Any:
    """A values document: only a regular file of at most 16 MiB, UTF-8 JSON, no duplicate key,
    nested at most 100 levels; anything else is a one-line :class:`SdkParityError`."""
    where = str(path)
    data = fs.read_input(path, MAX_VALUES_BYTES, "values file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SdkParityError(f"not UTF-8 text (byte {exc.start})", path=where) from None
    try:
        doc = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise SdkParityError(
            f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", path=where
        ) from None
    except RecursionError:
        raise SdkParityError(f"JSON nested deeper than {MAX_DEPTH} levels", path=where) from None
    except ValueError as exc:  # a duplicate key, an integer of more than 4,300 digits
        raise SdkParityError(f"invalid JSON: {exc}".split(";")[0], path=where) from None
    if _depth(doc) > MAX_DEPTH:
        raise SdkParityError(f"JSON nested deeper than {MAX_DEPTH} levels", path=where)
    return doc


def example_values(
    service: Service, operation: Operation, values_file: Path | None, profile: str = "minimal"
) -> ExampleValues:
    """The values of an operation's example and where they come from (see
    :mod:`generator.values.sources`: the values file, AWS-authored examples, synthesis)."""
    usable = member_filter(service, operation)
    if values_file is None:
        return choose(service, operation, usable, profile=profile)
    document = read_values(values_file)
    value = from_document(service, operation, document, str(values_file))
    return ExampleValues(value, Provenance(VALUES_FILE, source=values_file.name))


def example_value(
    service: Service, operation: Operation, values_file: Path | None, profile: str = "minimal"
) -> Value:
    """Just the value tree of :func:`example_values`."""
    return example_values(service, operation, values_file, profile).value


def values_file_for(values_dir: Path | None, service: str, operation: str) -> Path | None:
    if values_dir is None:
        return None
    candidate = values_dir / service / f"{operation}.json"
    return candidate if fs.probe_input(candidate) else None


def _too_large(exc: LimitError, lang: str, values_file: Path) -> ValuesError:
    """A limit a user's values file exceeds for one target: an error, not a skipped example."""
    return ValuesError(f"{exc.message} ({target(lang).title})", path=str(values_file))


def render_snippet(
    service: Service, operation: Operation, value: Value, lang: str, values_file: Path | None = None
) -> Snippet:
    try:
        return render_example(service, operation, value, lang, title(operation.name))
    except LimitError as exc:
        raise exc if values_file is None else _too_large(exc, lang, values_file) from None


def render_operation(
    service: Service, operation: Operation, value: Value, langs: Iterable[str] = EXAMPLE_NAMES,
    values_file: Path | None = None,
) -> tuple[dict[str, Snippet], dict[str, str]]:
    """Each language's example, or the reason it cannot be written. A limit exceeded by the
    values of ``values_file`` (the user's) is a :class:`ValuesError` instead: their example
    would not run (:mod:`generator.values.limits`)."""
    snippets: dict[str, Snippet] = {}
    reasons: dict[str, str] = {}
    for lang in langs:
        try:
            snippets[lang] = render_example(service, operation, value, lang, title(operation.name))
        except LimitError as exc:
            if values_file is not None:
                raise _too_large(exc, lang, values_file) from None
            reasons[lang] = exc.message
        except UnsupportedError as exc:
            reasons[lang] = exc.message
    return snippets, reasons


def generate_operation(
    service: Service,
    operation: Operation,
    values_dir: Path | None,
    outcome: Outcome,
    profile: str = "minimal",
    in_context: tuple[tuple[str, str], ...] = (),
) -> None:
    """The examples and page of one operation; ``in_context``: the (title, page path relative
    to the operation's page) of the scenarios that call it."""
    values_file = values_file_for(values_dir, service.name, operation.name)
    try:
        chosen = example_values(service, operation, values_file, profile)
    except UnsupportedError as exc:
        for lang in (*EXAMPLE_NAMES, DOCS):
            outcome.skipped.append((service.name, operation.name, lang, exc.message))
        return
    outcome.sources.append((service.name, operation.name, chosen.provenance.kind))
    trusted = chosen.provenance.kind == AWS_EXAMPLE  # AWS's own ARNs of types the IAM table lacks
    kinds = sorted({f.kind for f in lint(service, operation, chosen.value, trust_arn_types=trusted)})
    outcome.flags.append((service.name, operation.name, tuple(kinds)))
    own = values_file if chosen.provenance.kind == VALUES_FILE else None
    snippets, reasons = render_operation(service, operation, chosen.value, values_file=own)
    for lang, snippet in snippets.items():
        outcome.artifacts.append(Artifact(snippet.path, snippet.text))
        outcome.examples.append((service.name, operation.name, lang, snippet.path))
    for lang, reason in reasons.items():
        outcome.skipped.append((service.name, operation.name, lang, reason))
    page = render_docs(
        service, operation, snippets, reasons, chosen.provenance.sentence(),
        uses_paginator(operation, chosen.value), chosen.provenance.references, in_context,
    )
    outcome.artifacts.append(Artifact(page_path(service.name, operation.name), page))


def scenario_artifacts(lifecycle: Lifecycle, outcome: Outcome) -> None:
    """The programs of one scenario in every language that has a scenario renderer, and its
    page; what a language cannot express is recorded as skipped."""
    services = {name: load_service(name) for name in lifecycle.services()}
    snippets: dict[str, Snippet] = {}
    reasons: dict[str, str] = {}
    label = f"scenario:{lifecycle.resource}"
    for lang in SCENARIO_NAMES:
        try:
            snippets[lang] = render_scenario(lifecycle, lang, services)
        except UnsupportedError as exc:
            reasons[lang] = exc.message
            outcome.skipped.append((lifecycle.service, label, lang, exc.message))
    for snippet in snippets.values():
        outcome.artifacts.append(Artifact(snippet.path, snippet.text))
    page = render_scenario_docs(services[lifecycle.service], lifecycle, snippets, reasons)
    outcome.artifacts.append(Artifact(scenario_page_path(lifecycle.service, lifecycle.resource), page))


def in_context(found: tuple[Lifecycle, ...], operation: str) -> tuple[tuple[str, str], ...]:
    """The scenarios of ``found`` that call ``operation`` of their own service: (title, page
    path relative to the operation's page)."""
    return tuple(
        (f.title, f"scenarios/{f.resource}.md")
        for f in found
        if any(s.operation == operation and s.service == f.service for s in f.steps)
    )


def generate(
    plan: Iterable[tuple[str, list[str] | None]], values_dir: Path | None, profile: str = "minimal"
) -> Outcome:
    """Render every operation of the plan ((service, operations or None for all))."""
    outcome = Outcome()
    for service_name, operations in plan:
        service = load_service(service_name)
        found = lifecycles(service.name)
        names = operations if operations else list(service.operations)
        for name in names:
            operation = get_operation(service, name)
            generate_operation(service, operation, values_dir, outcome, profile,
                               in_context(found, operation.name))  # fmt: skip
        if not operations:  # a whole service: its scenarios too
            for lifecycle in found:
                scenario_artifacts(lifecycle, outcome)
    outcome.artifacts.sort(key=lambda a: a.path)
    return outcome


def service_scenarios(service_name: str) -> Outcome:
    """The scenarios a whole-service run writes (programs and pages), on their own: they
    depend on the models only, not on the values folder or profile."""
    outcome = Outcome()
    for lifecycle in lifecycles(service_name):
        scenario_artifacts(lifecycle, outcome)
    return outcome


def default_outcome(profile: str = "minimal") -> Outcome:
    """The committed default tree: the plan below plus the typed Personalize client package."""
    outcome = generate(default_plan(), DEFAULT_VALUES, profile)
    outcome.artifacts.extend(render_client(load_service(DEFAULT_SERVICE), None))
    outcome.artifacts.sort(key=lambda a: a.path)
    return outcome


def default_plan() -> list[tuple[str, list[str] | None]]:
    """The committed default: every Personalize operation (the seed's values where given)."""
    return [(DEFAULT_SERVICE, None)]
