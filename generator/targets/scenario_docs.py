"""Target ``docs``, scenarios: a scenario's page in the style of the AWS Code Library's "Basics".

Input: a :class:`~generator.lifecycle.ir.Lifecycle`, its programs (or why a language cannot
write one). Output: the Markdown page: what the scenario does, where its steps come from, a
table of the steps (each operation linked to its own page in the same service), the
prerequisites it creates, then the AWS CLI script and a tab per SDK, each the runnable file
byte for byte.
"""

from __future__ import annotations

from generator.lifecycle.ir import (
    BOTO3,
    CREATE,
    LIST,
    PREREQUISITE_CREATE,
    PREREQUISITE_WAIT,
    READ,
    READ_AGAIN,
    SMITHY,
    UPDATE,
    WAIT,
    Lifecycle,
    Step,
)
from generator.model.ir import Service
from generator.render.controls import escape_controls
from generator.render.env import render
from generator.targets import Snippet
from generator.targets.docs import CLI_SECTION, TAB_LABELS, fence, md_text
from generator.targets.scenario import summary


def page_path(service: str, resource: str) -> str:
    """Where a scenario's page is, under the output root."""
    return f"{service}/scenarios/{resource}.md"


def _source(lifecycle: Lifecycle) -> str:
    noun = lifecycle.resource.replace("-", " ")
    if lifecycle.source == SMITHY:
        return f"Its operations are the lifecycle bindings of the {noun} resource in AWS's Smithy model."
    if lifecycle.source == BOTO3:
        return f"Its operations are those boto3's resource model (resources-1.json) gives the {noun}."
    names = ", ".join(dict.fromkeys(s.operation for s in lifecycle.steps if s.service == lifecycle.service))
    return f"Its operations were matched by their names and members: {names}."


def _text(step: Step, main: str) -> str:
    noun = step.resource.replace("-", " ")
    change = ", ".join(step.change)
    waiting = (f"Wait with the {step.waiter} waiter until the {noun} is ready." if step.waiter
               else f"Poll until the {noun} is {step.poll.ready[0]}." if step.poll and step.poll.ready
               else "")  # fmt: skip
    texts = {
        PREREQUISITE_CREATE: f"Create the {noun} the {main} needs.",
        PREREQUISITE_WAIT: waiting,
        CREATE: f"Create the {noun}.",
        WAIT: waiting,
        READ: f"Read the {noun}.",
        LIST: f"Page through the list until it shows the {noun}.",
        UPDATE: f"Update the {noun}: {change}." if change else f"Update the {noun}.",
        READ_AGAIN: f"Read the {noun} again.",
    }
    if step.cleanup:
        what = (f"Wait with the {step.waiter} waiter until the {noun} is gone." if step.waiter
                else f"Poll until the {noun} is gone." if step.poll
                else f"Delete the {noun}.")  # fmt: skip
        return "*cleanup*: " + md_text(what).replace("\\*", "*")
    return md_text(texts.get(step.role, step.message))


def _operation(step: Step, service: str) -> str:
    if step.service == service:
        return f"[{step.operation}](../{step.operation}.md)"
    return f"`{step.service} {step.operation}`"


def render_scenario_docs(
    service: Service, lifecycle: Lifecycle, snippets: dict[str, Snippet], reasons: dict[str, str]
) -> str:
    """The scenario's page; ``reasons`` says why a language has no program."""
    noun = lifecycle.resource.replace("-", " ")

    def block(lang: str) -> dict[str, str] | None:
        snippet = snippets.get(lang)
        if snippet is None:
            return None
        return {"code": snippet.excerpt, "fence": fence(snippet.excerpt)}

    tabs = []
    for lang, label in TAB_LABELS.items():
        code = block(lang)
        reason = md_text(f"No {label.replace(chr(92), '')} program: {reasons.get(lang, 'not rendered')}.")
        tabs.append({"label": label, "reason": reason, **(code or {"code": "", "fence": ""})})
    steps = [
        {"number": number, "operation": _operation(step, service.name), "text": _text(step, noun)}
        for number, step in enumerate(lifecycle.steps, start=1)
    ]
    prerequisites = [
        md_text(f"the {p.resource.replace('-', ' ')} ({p.service}), which the create's {p.member} takes")
        for p in lifecycle.prerequisites
    ]
    title = lifecycle.title
    # as an operation's page: model text shown with its control characters escaped
    return escape_controls(render(
        "docs/scenario.md.j2",
        title=md_text(title),
        anchor=f"{service.name}-scenario-{lifecycle.resource}",
        article="an" if noun[:1] in "aeiou" else "a",
        noun=md_text(noun),
        service_title=md_text(service.full_name),
        summary=md_text(" ".join(summary(lifecycle))),
        api_version=service.api_version,
        source=md_text(_source(lifecycle)),
        steps=steps,
        prerequisites=prerequisites,
        cli=block(CLI_SECTION),
        cli_reason=md_text(f"No AWS CLI script: {reasons.get(CLI_SECTION, 'not rendered')}."),
        tabs=tabs,
    ))
