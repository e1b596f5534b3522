"""Verify, core: what is verified (examples) and what came of it (verdicts).

Stage: verify. Input: a plan (services and their operations), the languages and an optional
values folder. Output: :class:`Example` s - one rendered, runnable example per operation and
language with the boto3 params its values stand for - and :class:`Verdict` s: ``parity``,
``mismatch`` (with a short diff) or ``not expressible`` (with the reason) per operation and
language. :func:`judge` turns what an example sent into a verdict; it compares the request the
example sent, decoded with the model, with the request botocore itself sends for the same
values (both without the members an SDK fills in by itself, such as idempotency tokens the
example did not set).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from generator.targets import example_digest
from generator.targets.registry import NAMES
from generator.verify.endpoint.refclient import REFERENCE_HEADER

if TYPE_CHECKING:  # the heavy modules (botocore, moto) load when a run starts, not at parse time
    from generator.verify.endpoint import Captured, Endpoint

PARITY = "parity"
MISMATCH = "mismatch"
NOT_EXPRESSIBLE = "not expressible"
UNAVAILABLE = "not available here"  # in the detail of a verdict whose SDK module is missing here
KNOWN_GAP = "known gap"  # the detail's start for an example the harness cannot prove (capabilities.gaps)
LANGS = NAMES

Plan = Sequence[tuple[str, Sequence[str] | None]]
Done = Callable[["Verdict"], None]


@dataclass(frozen=True)
class Example:
    """One rendered example, exactly as published, and the boto3 params it must send.

    ``label`` tells apart several examples of one operation (hostile-value rounds); ``pythonpath``
    is where a typed-client script imports its generated package from.
    """

    service: str
    operation: str
    lang: str
    text: str
    params: dict[str, Any]
    label: str = ""
    pythonpath: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.service, self.operation, self.lang, self.label)


@dataclass(frozen=True)
class Verdict:
    """The outcome for one operation in one language. ``sent``/``expected`` are the decoded
    requests compared (not part of the report); ``seconds`` is the time spent running it;
    ``example`` the digest of the example that ran (:func:`~generator.targets.example_digest`)."""

    service: str
    operation: str
    lang: str
    status: str
    detail: str = ""
    label: str = ""
    seconds: float = 0.0
    sent: Any = field(default=None, compare=False, repr=False)
    expected: Any = field(default=None, compare=False, repr=False)
    example: str = ""

    @property
    def key(self) -> tuple[str, str, int, str]:
        order = LANGS.index(self.lang) if self.lang in LANGS else len(LANGS)
        return (self.service, self.operation, order, self.label)

    def row(self) -> dict[str, str]:
        """The verdict as one deterministic JSON object of the report."""
        row = {"service": self.service, "operation": self.operation, "lang": self.lang}
        if self.label:
            row["label"] = self.label
        row["status"] = self.status
        if self.detail:
            row["detail"] = self.detail
        if self.example:
            row["example"] = self.example
        return row


def with_digests(verdicts: Iterable[Verdict], examples: Iterable[Example]) -> list[Verdict]:
    """The verdicts, each carrying the digest of the example it judged (refusals have none)."""
    digests = {ex.key: example_digest(ex.text) for ex in examples}
    return [replace(v, example=digests.get((v.service, v.operation, v.lang, v.label), v.example))
            for v in verdicts]


def report_date() -> str:
    """The day a report is written (UTC), or the day of ``SOURCE_DATE_EPOCH`` when it is set
    (reproducible builds); a site prints it beside each verdict."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def not_expressible(example_or_key: Example | tuple[str, str, str], reason: str) -> Verdict:
    if isinstance(example_or_key, Example):
        ex = example_or_key
        return Verdict(ex.service, ex.operation, ex.lang, NOT_EXPRESSIBLE, reason, ex.label)
    service, operation, lang = example_or_key
    return Verdict(service, operation, lang, NOT_EXPRESSIBLE, reason)


# --- comparing ---------------------------------------------------------------------------


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, dt.datetime):
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


ABSENT = object()


def _diff(sent: Any, want: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(sent, dict) and isinstance(want, dict):
        for key in sorted(set(sent) | set(want), key=str):
            where = f"{path}.{key}" if path else str(key)
            _diff(sent.get(key, ABSENT), want.get(key, ABSENT), where, out)
    elif isinstance(sent, list) and isinstance(want, list) and len(sent) == len(want):
        for index, (left, right) in enumerate(zip(sent, want, strict=True)):
            _diff(left, right, f"{path}[{index}]", out)
    elif sent is ABSENT or want is ABSENT or sent != want:
        out.append((path or "request", sent, want))


def differences(sent: Any, want: Any) -> list[tuple[str, Any, Any]]:
    """Where two decoded requests differ: (member path, sent, botocore's) per differing member;
    :data:`ABSENT` stands for a member one side does not send."""
    out: list[tuple[str, Any, Any]] = []
    _diff(sent, want, "", out)
    return out


def shown(value: Any, limit: int = 60) -> str:
    """A value as the reports show it (``not sent`` for an absent member)."""
    return "not sent" if value is ABSENT else _short(value, limit)


def diff_lines(sent: Any, want: Any) -> list[str]:
    """Where two decoded requests differ, one line per differing member path."""
    out: list[str] = []
    for where, left, right in differences(sent, want):
        if left is ABSENT:
            out.append(f"{where}: not sent (want {_short(right)})")
        elif right is ABSENT:
            out.append(f"{where}: sent {_short(left)}, botocore sends nothing")
        else:
            out.append(f"{where}: sent {_short(left)}, want {_short(right)}")
    return out


def short_diff(sent: Any, want: Any, limit: int = 3) -> str:
    lines = diff_lines(sent, want)
    more = f" (+{len(lines) - limit} more)" if len(lines) > limit else ""
    return "; ".join(lines[:limit]) + more


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    line = lines[-1] if lines else ""
    return line if len(line) <= 200 else line[:197] + "..."


def judge(
    example: Example,
    *,
    ok: bool,
    error: str,
    sent: dict[str, Any] | None,
    expected: dict[str, Any],
    seconds: float,
    later_pages: Sequence[tuple[dict[str, Any] | None, dict[str, Any]]] = (),
) -> Verdict:
    """Parity when the example ran without error and sent exactly botocore's request - and,
    for an example that pages through results, each later page's request too (``later_pages``:
    from page 2 on, what it sent, or None, and botocore's request for that page; made by
    :func:`generator.verify.paging.later_pages`). A mismatch there names the page, and its
    verdict carries that page's requests."""

    def verdict(status: str, detail: str, got: Any = sent, want: Any = expected) -> Verdict:
        ex = example
        return Verdict(
            ex.service, ex.operation, ex.lang, status, detail, ex.label, seconds, got, want
        )

    if not ok:
        return verdict(MISMATCH, error or "the example failed")
    if sent is None:
        return verdict(MISMATCH, "no request reached the endpoint")
    if sent != expected:
        return verdict(MISMATCH, short_diff(sent, expected))
    for number, (page, want) in enumerate(later_pages, start=2):
        label = f"page {number}"
        if page is None:
            return verdict(MISMATCH, f"{label}: no request reached the endpoint", None, {label: want})
        if page != want:
            return verdict(MISMATCH, f"{label}: {short_diff(page, want)}", {label: page}, {label: want})
    return verdict(PARITY, "")


def masked(endpoint: Endpoint, example: Example, decoded: dict[str, Any]) -> dict[str, Any]:
    """A decoded request without the members an SDK fills in that the example did not set,
    and with the presigned URLs an SDK makes up checked and stripped of their per-run parts
    (``endpoint/presigned.py``)."""
    from generator.verify.endpoint import (  # deferred: loads moto
        with_stable_presigned_urls,
        without_auto_filled,
    )

    op = endpoint.service_model(example.service).operation_model(example.operation)
    kept = without_auto_filled(op, decoded, example.params)
    return with_stable_presigned_urls(kept, example.params)


def expected_request(endpoint: Endpoint, example: Example) -> tuple[dict[str, Any], str]:
    """botocore's own request for the example's params, decoded and masked; or ``({}, why)``
    when botocore refuses to send it."""
    from generator.verify.endpoint import reference_params  # deferred: loads moto

    problem = ""
    for _attempt in range(2):  # again on a fresh connection: a request whose Content-Length
        try:  # disagrees with its body leaves stray bytes on the one before
            decoded = reference_params(
                endpoint, example.service, example.operation, example.params
            )
            return masked(endpoint, example, decoded), ""
        except Exception as exc:  # noqa: BLE001 - botocore's refusal is the verdict's detail
            problem = f"botocore refuses these values: {type(exc).__name__}: {str(exc)[:200]}"
    return {}, problem


def failure_text(returncode: int, stderr: str) -> str:
    return f"exit {returncode}: {_last_line(stderr) or 'no output'}"


def requests_of(
    endpoint: Endpoint, example: Example, captures: Iterable[Captured]
) -> list[dict[str, Any]]:
    """Every one of ``captures`` that may be a request of the example's operation, in order,
    decoded as that operation and masked (a paginating example's pages)."""
    found: list[dict[str, Any]] = []
    for capture in captures:
        params = capture.params_for(example.operation)
        if params is not None:
            found.append(masked(endpoint, example, params))
    return found


def request_of(
    endpoint: Endpoint, example: Example, captures: Iterable[Captured]
) -> dict[str, Any] | None:
    """The first of ``captures`` that may be a request of the example's operation, decoded as
    that operation and masked (or ``None``). A request several operations send alike (see
    ``endpoint/route.py``) counts for each of them: the example says which one it called."""
    for capture in captures:
        params = capture.params_for(example.operation)
        if params is not None:
            return masked(endpoint, example, params)
    return None


def sent_request(endpoint: Endpoint, example: Example, seen: int) -> dict[str, Any] | None:
    """What the example sent: the first capture of its operation after the first ``seen``
    captures of its service that is not a reference call, decoded and masked (or ``None``)."""
    captured = [
        c for c in endpoint.captured(example.service)[seen:]
        if REFERENCE_HEADER not in {h.lower() for h in c.headers}
    ]  # fmt: skip
    return request_of(endpoint, example, captured)


def reproduce_command(verdict: Verdict, values_dir: str = "") -> str:
    """The command that verifies this one example alone."""
    values = f" --values-dir {values_dir}" if values_dir else ""
    return f"sdk-parity verify {verdict.service} {verdict.operation} --lang {verdict.lang}{values}"


def mismatch_entry(verdict: Verdict, values_dir: str = "", limit: int = 20) -> dict[str, Any]:
    """A mismatch as a person acts on it: the operation, the language, each member path that
    differs with the value sent and botocore's (or the error when nothing comparable was
    sent), and the command that reproduces it alone."""
    entry: dict[str, Any] = {
        "service": verdict.service, "operation": verdict.operation, "lang": verdict.lang,
    }  # fmt: skip
    if verdict.label:
        entry["label"] = verdict.label
    found = (
        differences(verdict.sent, verdict.expected)
        if verdict.sent is not None and verdict.expected is not None
        else []
    )
    if found:
        entry["differences"] = [
            {"path": where, "sent": shown(left, 200), "expected": shown(right, 200)}
            for where, left, right in found[:limit]
        ]
        if len(found) > limit:
            entry["more_differences"] = len(found) - limit
    else:
        entry["error"] = verdict.detail
    entry["reproduce"] = reproduce_command(verdict, values_dir)
    return entry


def category(status: str, detail: str) -> str:
    """The summary column of a verdict: its status, ``sdk module not available`` for a
    not-expressible verdict whose SDK module this machine cannot get, or ``known gap`` for an
    example the harness cannot prove (:mod:`generator.capabilities.gaps`)."""
    if status == NOT_EXPRESSIBLE and UNAVAILABLE in detail:
        return "sdk module not available"
    if status == NOT_EXPRESSIBLE and detail.startswith(KNOWN_GAP + ":"):
        return KNOWN_GAP
    return status


def harness_failure(example: Example, exc: Exception) -> Verdict:
    """The verdict of an example whose runner itself failed (no JDK, a crashed endpoint...)."""
    text = str(exc).strip()
    detail = f"harness error: {type(exc).__name__}: {text.splitlines()[0][:200] if text else ''}"
    return Verdict(example.service, example.operation, example.lang, MISMATCH, detail, example.label)
