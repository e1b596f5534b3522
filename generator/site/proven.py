"""What was proven about each example of the site, read from ``verify`` reports.

Stage: site (an edge: it reads the report files). Input: the JSON reports ``sdk-parity verify
--report FILE`` writes (the wire: a verdict per example and language, with the SDK and its
version per service, the date and each example's digest) and ``verify --against moto --report
FILE`` (a judgement per Python example: accepted, needs setup, not in moto, rejected). Output:
per example a short Markdown line (:meth:`Proofs.line`), e.g. ``Verified 2026-05-01: AWS SDK for
Java 2.x 2.57.8 sends botocore's request; moto 5.1.4 accepts it.``

A line says only what a report says about exactly that example: a verdict counts only when the
digest it was recorded with is the digest of the example the page shows
(:func:`generator.targets.example_digest`), so a report of other values, of an older generator
or without digests proves nothing here. What moto accepted was the Python example's request; the
line of another language repeats it only where both that example and the Python one send
botocore's request. No report, or nothing in it about an example: no line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import SdkParityError
from generator.generate import fs

PARITY, MISMATCH = "parity", "mismatch"  # the verdicts of generator.verify.examples
# moto's judgement (generator.verify.moto's statuses) -> what the line says, after the wire claim
# ("...sends botocore's request; moto 5.1.4 accepts it") and alone (on the Python tab only)
_MOTO = {
    "ok": ("moto {v} accepts it", "moto {v} accepts this example's request"),
    "needs-setup": ("moto {v} needs its resources set up first ({code})",
                    "moto {v} needs this example's resources set up first ({code})"),
    "not-implemented": ("not in moto {v}", "this operation is not in moto {v}"),
    "rejected": ("moto {v} rejects it ({code})", "moto {v} rejects this example's request ({code})"),
}
PYTHON = "python"  # the language moto runs (verify --against moto runs the Python examples)


@dataclass(frozen=True)
class _Wire:
    status: str
    example: str
    date: str
    sdk: str


@dataclass(frozen=True)
class _Moto:
    status: str
    code: str
    example: str
    date: str
    version: str


@dataclass
class Proofs:
    """Every verdict of the reports read, by (service, operation, language) and by operation."""

    wire: dict[tuple[str, str, str], _Wire] = field(default_factory=dict)
    moto: dict[tuple[str, str], _Moto] = field(default_factory=dict)

    def for_services(self, names: set[str]) -> Proofs:
        """Only what concerns ``names`` (what a site builder process needs)."""
        return Proofs({k: v for k, v in self.wire.items() if k[0] in names},
                      {k: v for k, v in self.moto.items() if k[0] in names})

    def _wire(self, service: str, operation: str, lang: str, digest: str) -> _Wire | None:
        found = self.wire.get((service, operation, lang))
        return found if found is not None and digest and found.example == digest else None

    def line(self, service: str, operation: str, lang: str, digests: dict[str, str]) -> str:
        """The example's line as plain text ("" when no report says anything about it);
        ``digests`` maps each language to the digest of the page's example in it."""
        claims: list[tuple[str, str]] = []  # (date, what was proven)
        wire = self._wire(service, operation, lang, digests.get(lang, ""))
        if wire is not None and wire.status in (PARITY, MISMATCH) and wire.sdk:
            sends = "sends" if wire.status == PARITY else "does not send"
            claims.append((wire.date, f"{wire.sdk} {sends} botocore's request"))
        moto = self.moto.get((service, operation))
        if moto is not None and moto.example == digests.get(PYTHON) and moto.status in _MOTO:
            python = self._wire(service, operation, PYTHON, digests.get(PYTHON, ""))
            same_request = (wire is not None and wire.status == PARITY
                            and python is not None and python.status == PARITY)
            if lang == PYTHON or same_request:
                after, alone = _MOTO[moto.status]
                said = (after if claims else alone).format(v=moto.version, code=moto.code or "an error")
                claims.append((moto.date, said))
        if not claims:
            return ""
        if len({date for date, _ in claims}) == 1:
            text = f"Verified {claims[0][0]}: " + "; ".join(c for _, c in claims) + "."
        else:
            text = "Verified: " + "; ".join(f"{c} ({date})" for date, c in claims) + "."
        return text[0].upper() + text[1:]


MAX_REPORT = 1024 * 1024 * 1024  # a whole-catalog report of every language is about 100 MB


def load_reports(paths: list[Path]) -> Proofs:
    """Read the reports (wire and moto, in any order; a later report overrides an earlier one
    about the same example). A file that is not such a report is a :class:`SdkParityError`."""
    proofs = Proofs()
    for path in paths:
        raw = fs.read_input(path, MAX_REPORT, "the verify report")  # a FIFO never blocks
        try:
            data = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise SdkParityError("the verify report is nested too deeply", path=str(path)) from None
        except ValueError as exc:
            raise SdkParityError(f"the verify report is not JSON: {exc}".split(";")[0], path=str(path)) from None
        try:
            _read(data, proofs)
        except (KeyError, TypeError, AttributeError, ValueError):
            raise SdkParityError(
                "not a report of sdk-parity verify --report (a results or examples list, a date)",
                path=str(path),
            ) from None
    return proofs


def _read(data: Any, proofs: Proofs) -> None:
    date = str(data["date"])
    if "results" in data:
        sdks: dict[str, dict[str, str]] = data.get("sdks", {})
        for row in data["results"]:
            service, operation, lang = str(row["service"]), str(row["operation"]), str(row["lang"])
            if row.get("label"):  # a hostile-value round, not the published example
                continue
            sdk = str(sdks.get(service, {}).get(lang, ""))
            proofs.wire[(service, operation, lang)] = _Wire(
                str(row["status"]), str(row.get("example", "")), date, sdk)
    elif "examples" in data:
        version = str(data["moto"])
        for row in data["examples"]:
            proofs.moto[(str(row["service"]), str(row["operation"]))] = _Moto(
                str(row["status"]), str(row.get("code", "")), str(row.get("example", "")), date, version)
    else:
        raise KeyError("results")
