"""Stage ``diff`` (output): a :class:`~generator.diff.run.DiffReport` as Markdown and as JSON.

Input: the report of two releases. Output: text - Markdown for a release note (per service:
operations added, removed, deprecated; the member, enum and constraint changes that reach a
request, then those that reach only a response; documentation whose text changed; paginators
and waiters; the generated files that change; the values files that stop validating, with the
lines ``generate`` prints) and JSON for tooling (everything, no list shortened). Both are
deterministic: no timing, no machine path but the values files' as given.
"""

from __future__ import annotations

import json
from typing import Any

from generator.diff.compare import KINDS, LENGTH, MEMBER_ADDED, RANGE, Finding, ModelChanges
from generator.diff.impact import STATUSES, Files, ValuesCheck
from generator.diff.run import DiffReport, ServiceDiff
from generator.targets.client.package import package_root
from generator.targets.docs import page_path
from generator.targets.registry import example_paths

FORMAT = 1
LIST_CAP = 30  # names shown in a Markdown list before "and N more"
TABLE_CAP = 60  # rows of a Markdown table
_PLAIN = (MEMBER_ADDED, LENGTH, RANGE)  # details that are words and numbers, not model text
CELL_CAP = 160  # characters of one table cell's detail


def generate_lines(check: ValuesCheck) -> list[str]:
    """What ``sdk-parity generate`` prints on stderr for this values file under the new release."""
    return [f"sdk-parity: error: {check.error}", *(f"  {d}" for d in check.details)]


# --------------------------------------------------------------------------- JSON


def _finding(f: Finding) -> dict[str, Any]:
    return {"kind": f.kind, "where": f.where, "detail": f.detail, "inputs": list(f.inputs),
            "outputs": list(f.outputs)}  # fmt: skip


def _files(service: str, files: Files) -> dict[str, Any]:
    def entry(op: str) -> dict[str, Any]:
        return {"operation": op, "page": page_path(service, op), "examples": example_paths(service, op)}

    return {
        "changed": [{**entry(op), "reasons": r} for op, r in files.changed.items()],
        "rerendered": [{**entry(op), "reasons": r} for op, r in files.rerendered.items()],
        "added": [entry(op) for op in files.added],
        "removed": [entry(op) for op in files.removed],
        "package": {"status": files.package, "path": package_root(service)} if files.package else None,
    }


def _values(check: ValuesCheck) -> dict[str, Any]:
    return {"file": check.file, "operation": check.operation, "status": check.status,
            "error": check.error, "details": list(check.details), "before": check.before}  # fmt: skip


def _service_json(s: ServiceDiff) -> dict[str, Any]:
    m = s.model
    return {
        "name": s.name,
        "full_name": s.full_name,
        "status": m.status,
        "problem": s.problem,
        "service_changes": m.service,
        "operations": {
            "added": m.operations_added, "removed": m.operations_removed,
            "deprecated": m.operations_deprecated,
            "changes": [_finding(f) for f in m.operation_changes],
        },  # fmt: skip
        "findings": [_finding(f) for f in m.findings],
        "text_changed": {"operations": m.operations_text_changed, "shapes": m.text_changed},
        "paginators": {"added": m.paginators_added, "removed": m.paginators_removed,
                       "changed": m.paginators_changed},  # fmt: skip
        "waiters": {"added": m.waiters_added, "removed": m.waiters_removed, "changed": m.waiters_changed},
        "files": _files(s.name, s.files),
        "values": [_values(c) for c in s.values],
    }


def as_json(report: DiffReport) -> str:
    document = {
        "format": FORMAT,
        "from": {"botocore": report.old.version, "installed": report.old.installed},
        "to": {"botocore": report.new.version, "installed": report.new.installed},
        "services_in_scope": report.in_scope,
        "services_unchanged": report.unchanged,
        "values_files_unchanged": report.values_unchanged,
        "values_breaking": [
            {"service": name, **_values(check)} for name, check in report.breaking
        ],
        "services": [_service_json(s) for s in report.services],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- Markdown


def _code(text: str) -> str:
    """``text`` as a code span that survives a table cell (pipes escaped, one line)."""
    text = " ".join(text.split())
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def _names(names: list[str], cap: int = LIST_CAP) -> str:
    shown = ", ".join(_code(n) for n in names[:cap])
    return shown + (f" and {len(names) - cap} more" if len(names) > cap else "")


def _used_by(ops: tuple[str, ...], cap: int = 4) -> str:
    shown = ", ".join(ops[:cap])
    return shown + (f" and {len(ops) - cap} more" if len(ops) > cap else "")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _short(text: str, cap: int) -> str:
    return text if len(text) <= cap else text[: cap - 3] + "..."


def _narrowed(old: str, new: str, cap: int, context: int = 12) -> tuple[str, str]:
    """Two long texts cut to the part where they differ (with some context either side)."""
    if len(old) <= cap and len(new) <= cap:
        return old, new
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start = max(0, head - context)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - tail + context)
        middle = _short(text[start:end], cap)
        return ("..." if start else "") + middle + ("..." if end < len(text) else "")

    return cut(old), cut(new)


def _cell(text: str, code: bool = True) -> str:
    """A detail in a table cell: shortened (a change to where its two sides differ), one line,
    pipes escaped; model text as code."""
    sides = text.split(" -> ")
    if len(sides) == 2:
        text = " -> ".join(_narrowed(sides[0], sides[1], CELL_CAP // 2))
    else:
        text = _short(text, CELL_CAP)
    if not code:
        return " ".join(text.split()).replace("|", "\\|")
    return _code(text) if text else ""


def _table(findings: list[Finding], uses: str) -> list[str]:
    rows = sorted(findings, key=lambda f: (KINDS.index(f.kind) if f.kind in KINDS else 99, f.where))
    lines = ["| change | where | detail | operations |", "| --- | --- | --- | --- |"]
    for f in rows[:TABLE_CAP]:
        ops = f.inputs if uses == "inputs" else f.outputs
        detail = _cell(f.detail, code=f.kind not in _PLAIN)
        lines.append(f"| {f.kind} | {_code(f.where)} | {detail} | {_used_by(ops)} |")
    if len(rows) > TABLE_CAP:
        lines.append(f"| ... | {len(rows) - TABLE_CAP} more in the JSON report | | |")
    return lines + [""]


def _model_section(m: ModelChanges) -> list[str]:
    out: list[str] = []
    for label, names in (
        ("Operations added", m.operations_added), ("Operations removed", m.operations_removed),
        ("Operations deprecated", m.operations_deprecated),
    ):  # fmt: skip
        if names:
            out.append(f"- **{label} ({len(names)}):** {_names(names)}")
    for f in m.operation_changes:
        out.append(f"- {_code(f.where)}: {f.kind}: {_cell(f.detail)}")
    for label, added, removed, changed in (
        ("Paginators", m.paginators_added, m.paginators_removed, m.paginators_changed),
        ("Waiters", m.waiters_added, m.waiters_removed, m.waiters_changed),
    ):
        parts = [f"{what} {_names(names)}" for what, names in
                 (("added", added), ("removed", removed), ("changed", changed)) if names]  # fmt: skip
        if parts:
            out.append(f"- **{label}:** " + "; ".join(parts))
    text = [(what, names) for what, names in
            (("operations", m.operations_text_changed), ("shapes and members", m.text_changed)) if names]  # fmt: skip
    if text:
        out.append("- **Documentation text changed:** " + "; ".join(
            f"{what}: {len(names)} ({_names(names, 12)})" for what, names in text))
    if out:
        out.append("")
    request = [f for f in m.findings if f.inputs]
    response = [f for f in m.findings if not f.inputs]
    if request:
        out += ["**Changes to requests** (what a values file may send):", "", *_table(request, "inputs")]
    if response:
        out += ["**Changes to responses and errors only:**", "", *_table(response, "outputs")]
    return out


def _files_section(service: str, files: Files) -> list[str]:
    lines = []
    if files.changed:
        lines.append(f"- pages and examples whose model slice changed: {len(files.changed)} "
                     f"({_names(list(files.changed), 12)})")  # fmt: skip
    if files.rerendered:
        why = sorted({r for reasons in files.rerendered.values() for r in reasons})
        lines.append(f"- rendered again for service-wide inputs only ({', '.join(why)}), "
                     f"usually unchanged: {len(files.rerendered)}")  # fmt: skip
    if files.added:
        lines.append(f"- new pages and examples: {len(files.added)}")
    if files.removed:
        lines.append(f"- pages and examples removed: {len(files.removed)}")
    if files.package:
        lines.append(f"- typed client package {_code(package_root(service) + '/')}: {files.package}")
    return ["**Generated files:**", "", *lines, ""] if lines else []


def _values_section(checks: list[ValuesCheck]) -> list[str]:
    if not checks:
        return []
    lines = ["**Values files:**", ""]
    for status in STATUSES:
        lines += [f"- {_code(c.file)}: {status}" for c in checks if c.status == status]
    return lines + [""]


def _service_md(s: ServiceDiff) -> list[str]:
    status = {"added": " - new in this release", "removed": " - removed"}.get(s.model.status, "")
    lines = [f"## {s.full_name} ({_code(s.name)}){status}", ""]
    if s.problem:
        return lines + [f"Not compared: {s.problem}", ""]
    if s.model.service:
        lines += [f"Service: {'; '.join(s.model.service)}.", ""]
    return lines + _model_section(s.model) + _files_section(s.name, s.files) + _values_section(s.values)


def _summary(report: DiffReport) -> list[str]:
    services = report.services
    added = sum(1 for s in services if s.model.status == "added")
    removed = sum(1 for s in services if s.model.status == "removed")
    count = {k: sum(len(getattr(s.model, k)) for s in services)
             for k in ("operations_added", "operations_removed", "operations_deprecated")}  # fmt: skip
    checked = sum(len(s.values) for s in services) + report.values_unchanged
    pages = sum(len(s.files.changed) + len(s.files.added) for s in services)
    return [
        f"{len(services)} of {report.in_scope} services changed ({added} added, {removed} removed), "
        f"{report.unchanged} unchanged. Operations: {count['operations_added']} added, "
        f"{count['operations_removed']} removed, {count['operations_deprecated']} deprecated. "
        f"Pages whose content changes or that are new: {pages}. Values files: {checked} checked, "
        f"{len(report.breaking)} stop validating.",
        "",
    ]


def as_markdown(report: DiffReport) -> str:
    title = f"# What changed for the docs: botocore {report.old.version} to {report.new.version}"
    lines = [title, "", *_summary(report)]
    if report.breaking:
        lines += ["## Values files that stop validating", ""]
        for name, check in report.breaking:
            lines += [f"{_code(check.file)} ({name} {check.operation}); `generate` prints:", "",
                      *(f"    {line}" for line in generate_lines(check)), ""]  # fmt: skip
    for service in report.services:
        lines += _service_md(service)
    return "\n".join(lines).rstrip("\n") + "\n"
