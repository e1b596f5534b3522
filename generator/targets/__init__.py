"""Targets: each turns (service, operation, value tree) into the text of one artifact."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from generator.model.ir import Operation
from generator.values.tree import Value


@dataclass(frozen=True)
class Snippet:
    """A rendered runnable example, with the excerpt the docs page shows."""

    lang: str
    path: str
    text: str
    excerpt: str
    note: str = ""  # Markdown the docs page prints under the code (a dependency to add)


def example_digest(text: str) -> str:
    """The fingerprint of a runnable example's whole text: ``verify`` records it beside each
    verdict and the site shows a verdict only under the example whose text has it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Artifact:
    """One file of the output tree: its path under the output root and its whole text."""

    path: str
    content: str


def uses_paginator(operation: Operation, value: Value) -> bool:
    """Whether the examples of ``operation`` iterate its SDK paginator: it has one in the model
    and the values set none of its input tokens (a paginator owns those; an example that sets
    one asks for that page only)."""
    paginator = operation.paginator
    if paginator is None:
        return False
    return all(value.field(token) is None for token in paginator.input_token)
