"""Known gaps: examples that are right but cannot be proven on the loopback endpoint.

Stage ``capabilities``. Input: a service, an operation and a language. Output: the cause (or
``None``) that ``verify`` reports as a ``known gap`` instead of running the example. Data:
``data/verify/known_gaps.json``, one entry per cause, each naming where the behaviour lives
(the SDK's source or model file).

Two kinds of trouble end differently, and only the second is here:

* an example the SDK cannot send as the model says (awscli needs a plugin, a model the CLI
  bundles differs) is *wrong*: the target refuses it when rendering, with the reason
  (``data/cli/customizations.json``, :mod:`generator.capabilities.cli`), and it is not published;
* an example that sends exactly what botocore sends, to a place the harness cannot reach (a host
  the endpoint rules fix whatever the endpoint URL, a host taken from a member), is *right* and
  published; ``verify`` cannot capture its request on 127.0.0.1 and says why, counted apart from
  mismatches. ``tests/verify/test_known_gaps.py`` runs each entry anyway and checks it still fails
  the way the entry says, so an entry the harness or the SDKs outgrow is noticed.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import SdkParityError

_DATA = Path(__file__).resolve().parents[1] / "data" / "verify" / "known_gaps.json"
_FIELDS = {"service", "operations", "langs", "cause", "source", "symptom"}


@cache
def entries() -> tuple[dict[str, Any], ...]:
    """The entries of ``data/verify/known_gaps.json``, checked for their fields."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data["entries"]
    for index, entry in enumerate(found):
        if set(entry) != _FIELDS:
            raise SdkParityError(
                f"{_DATA.name}: entries[{index}] must have exactly the fields {sorted(_FIELDS)}"
            )
    return tuple(found)


def known_gap(service: str, operation: str, lang: str) -> str | None:
    """Why this example cannot be proven here (``None``: it can)."""
    for entry in entries():
        if entry["service"] != service or lang not in entry["langs"]:
            continue
        if entry["operations"] == "*" or operation in entry["operations"]:
            return str(entry["cause"])
    return None
