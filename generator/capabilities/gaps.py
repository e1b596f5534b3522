"""Known gaps: examples an SDK's own behaviour keeps from the wire proof, with the cause.

Stage ``capabilities``. Input: a service, an operation and a language. Output: the cause (or
``None``). Data: ``data/verify/known_gaps.json``, one entry per cause, each naming where the
behaviour lives (the SDK's source, jar or model file). Two kinds end differently:

* ``unprovable`` - the example is *right* (it sends what botocore sends, on AWS), but to a place
  the harness cannot reach (a host the endpoint rules fix whatever the endpoint URL, a host
  taken from a member): it is published, and ``verify`` reports it as a ``known gap``
  (:func:`known_gap`), counted apart from mismatches;
* ``refused`` - the SDK sends something else than botocore's request for the same values (a
  Java SDK built from an older model: another path, method or host prefix): the example would
  be wrong, so its target refuses it with the cause (:func:`refusal`, called for every target
  by :func:`generator.targets.registry.render_example`) and it is not published.

The AWS CLI's own refusals (awscli customizations, the model awscli bundles) live beside its
other capability data (``data/cli/customizations.json``, :mod:`generator.capabilities.cli`).
``tests/verify/test_known_gaps.py`` runs each entry anyway and checks it still fails the way the
entry's ``symptom`` says, so an entry the harness or the SDKs have outgrown is noticed.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import SdkParityError

_DATA = Path(__file__).resolve().parents[1] / "data" / "verify" / "known_gaps.json"
_FIELDS = {"service", "operations", "langs", "kind", "cause", "source", "symptom"}
KINDS = ("unprovable", "refused")


@cache
def entries() -> tuple[dict[str, Any], ...]:
    """The entries of ``data/verify/known_gaps.json``, checked for their fields."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data["entries"]
    for index, entry in enumerate(found):
        if set(entry) != _FIELDS or entry["kind"] not in KINDS:
            raise SdkParityError(
                f"{_DATA.name}: entries[{index}] must have exactly the fields {sorted(_FIELDS)}"
                f" and a kind in {KINDS}"
            )
    return tuple(found)


def _cause(service: str, operation: str, lang: str, kind: str) -> str | None:
    for entry in entries():
        if entry["kind"] != kind or entry["service"] != service or lang not in entry["langs"]:
            continue
        if operation in entry["operations"]:  # named one by one: a new operation is not hidden
            return str(entry["cause"])
    return None


def known_gap(service: str, operation: str, lang: str) -> str | None:
    """Why this (right) example cannot be proven here (``None``: it can)."""
    return _cause(service, operation, lang, "unprovable")


def refusal(service: str, operation: str, lang: str) -> str | None:
    """Why this language's SDK cannot send botocore's request for the operation (``None``: it can)."""
    return _cause(service, operation, lang, "refused")
