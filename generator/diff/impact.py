"""Stage ``diff``: what a model change does to the generated tree and to a user's values files.

Input: the two :class:`~generator.diff.compare.Side` of a service and the user's values files
for it. Output: :class:`Files` - the operations whose page and examples ``generate`` would
render again, the operations that gain or lose them, and whether the typed client package
changes - and one :class:`ValuesCheck` per values file.

Which operations change is decided without rendering anything: each side's operations are keyed
by the incremental catalog's model slices (:class:`generator.generate.catalog.Slices`: the
operation, every shape it reaches, its paginator, its AWS-authored examples, the service's
metadata and the names its typed-client example takes from the whole package), so an
operation is listed exactly when ``generate --all`` would re-render it after the upgrade.
A values file is validated as ``generate --values-dir`` validates it, under each release; the
error kept is the one ``generate`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.diff.compare import Side
from generator.errors import SdkParityError
from generator.generate.catalog import Slices
from generator.generate.pipeline import read_values
from generator.model.lower import get_operation
from generator.values.validate import from_document

BREAKS = "breaks"  # valid under the old release, not under the new one
FIXED = "fixed"  # the other way round
STILL_VALID = "valid"
STILL_INVALID = "invalid in both"
UNUSED = "no such operation"  # names an operation neither release has: generate ignores it
STATUSES = (BREAKS, FIXED, STILL_INVALID, STILL_VALID, UNUSED)


@dataclass
class Files:
    """Generated files a release change touches, by operation (sorted). An operation is in
    ``changed`` when its own model slice differs (reasons: ``operation``, ``paginator``, ``AWS
    examples``, ``shapes: A, B``) and in ``rerendered`` when only service-wide inputs do (the
    service's metadata or documentation, its set of shape names, the typed client's names):
    ``generate`` renders those again, and their text usually comes out the same."""

    changed: dict[str, list[str]] = field(default_factory=dict)
    rerendered: dict[str, list[str]] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)  # page and examples appear
    removed: list[str] = field(default_factory=list)  # page and examples go away
    package: str = ""  # "changed", "added", "removed" or "" (the typed client package)


@dataclass(frozen=True)
class ValuesCheck:
    """One values file under both releases. ``error`` and ``details`` are what ``generate``
    prints under the new release (the first line after ``sdk-parity: error: ``, then one line
    per further problem); ``before`` the first line under the old one."""

    file: str
    operation: str
    status: str
    error: str = ""
    details: tuple[str, ...] = ()
    before: str = ""


SERVICE_WIDE = ("service",)


def _shape_lines(text: str | bytes) -> dict[str, str]:
    lines = text.decode() if isinstance(text, bytes) else text
    return dict(line.split(" ", 1) for line in lines.splitlines())


def _service_reasons(old: Side, new: Side) -> list[str]:
    a, b = old.raw.service, new.raw.service
    reasons = []
    if a.get("metadata") != b.get("metadata"):
        reasons.append("service metadata")
    if a.get("documentation") != b.get("documentation"):
        reasons.append("service documentation")
    if set(a.get("shapes", {})) != set(b.get("shapes", {})):
        reasons.append("shape names")
    return reasons


def _reasons(
    old: dict[str, str | bytes], new: dict[str, str | bytes], service_wide: list[str]
) -> list[str]:
    """Why an operation's key differs, in words."""
    reasons = []
    for part in old:
        if old[part] == new[part]:
            continue
        if part == "shapes":
            before, after = _shape_lines(old[part]), _shape_lines(new[part])
            names = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
            reasons.append("shapes: " + ", ".join(names))
        elif part == "service":
            reasons += service_wide or ["service"]
        else:
            reasons.append({"examples": "AWS examples", "typed names": "typed-client names"}.get(part, part))
    return reasons


def generated_files(old: Side | None, new: Side | None) -> Files:
    """Which pages, examples and package ``generate`` writes differently under ``new``."""
    if old is None or new is None:
        present = new or old
        ops = sorted(present.service.operations) if present is not None else []
        if new is not None:
            return Files(added=ops, package="added")
        return Files(removed=ops, package="removed" if present is not None else "")
    a = Slices(old.raw, old.service, "", old.examples)
    b = Slices(new.raw, new.service, "", new.examples)
    files = Files(
        added=sorted(set(new.service.operations) - set(old.service.operations)),
        removed=sorted(set(old.service.operations) - set(new.service.operations)),
        package="changed" if a.whole(old.waiters) != b.whole(new.waiters) else "",
    )
    service_wide = _service_reasons(old, new)
    for name in sorted(set(old.service.operations) & set(new.service.operations)):
        before, after = a.parts(name, b""), b.parts(name, b"")
        if before == after:
            continue
        reasons = _reasons(before, after, service_wide)
        own = any(before[p] != after[p] for p in before if p not in SERVICE_WIDE)
        (files.changed if own else files.rerendered)[name] = reasons
    return files


def _problem(side: Side | None, service: str, operation: str, path: Path) -> SdkParityError | None:
    """The error ``generate`` raises for this values file under one release, or None."""
    if side is None:
        return SdkParityError(f"unknown service '{service}'", path=service)
    try:
        op = get_operation(side.service, operation)
        from_document(side.service, op, read_values(path), str(path))
    except SdkParityError as exc:
        return exc
    return None


def check_values(old: Side | None, new: Side | None, service: str, files: list[Path]) -> list[ValuesCheck]:
    """Each values file (``DIR/<service>/<Operation>.json``) validated under both releases."""
    checks = []
    known = set(old.service.operations if old else ()) | set(new.service.operations if new else ())
    for path in files:
        operation = path.name.removesuffix(".json")
        if operation not in known:
            checks.append(ValuesCheck(str(path), operation, UNUSED))
            continue
        before = _problem(old, service, operation, path)
        after = _problem(new, service, operation, path)
        if after is None:
            status = STILL_VALID if before is None else FIXED
        else:
            status = BREAKS if before is None else STILL_INVALID
        checks.append(ValuesCheck(
            str(path), operation, status,
            error=str(after) if after else "",
            details=after.details if after else (),
            before=str(before) if before else "",
        ))  # fmt: skip
    return checks
