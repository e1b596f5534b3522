"""Targets: each turns (service, operation, value tree) into the text of one artifact."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Snippet:
    """A rendered runnable example, with the excerpt the docs page shows."""

    lang: str
    path: str
    text: str
    excerpt: str


@dataclass(frozen=True)
class Artifact:
    """One file of the output tree: its path under the output root and its whole text."""

    path: str
    content: str
