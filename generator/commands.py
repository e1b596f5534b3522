"""What each ``sdk-parity`` sub-command does, once :mod:`generator.cli` has parsed its arguments.

Stage: the command-line edge (with :mod:`generator.cli`). Input: the parsed arguments. Output:
text on stdout (examples, listings, ``check``'s summary), one line on stderr saying where files
were written, and an exit code; problems are raised as :class:`SdkParityError` for the caller to
print. Names are resolved here in any of the spellings :mod:`generator.naming.spellings` accepts.
Every command that writes a tree also records what it generated there (the run record of
:mod:`generator.generate.write`), so that ``check --out DIR`` compares exactly that.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from generator.diff.releases import DEFAULT_CACHE as DEFAULT_RELEASES
from generator.diff.releases import release
from generator.diff.report import as_json, as_markdown
from generator.diff.run import diff_releases
from generator.errors import SdkParityError
from generator.generate import fs
from generator.generate.catalog import generate_catalog
from generator.generate.pipeline import (
    DEFAULT_SERVICE,
    DEFAULT_VALUES,
    default_plan,
    example_value,
    generate,
    render_snippet,
    service_scenarios,
)
from generator.generate.publish import SiteFolder
from generator.generate.write import (
    RUN_RECORD,
    DamagedRecord,
    TreeStatus,
    WriteReport,
    diff_tree,
    load_record,
    read_run_record,
    tree_status,
    unique_runs,
    write_changed,
    write_tree,
)
from generator.lifecycle.plan import lifecycle, lifecycles
from generator.model import index
from generator.model.load import service_names
from generator.model.lower import load_service
from generator.naming.spellings import resolve_operation, resolve_service
from generator.render.controls import escape_controls
from generator.targets import Artifact
from generator.targets.client.package import render_client
from generator.targets.registry import SCENARIO_NAMES, render_scenario
from generator.values.synthesize import PROFILES
from generator.versions import version_lines

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "output"
CATALOG_OUT = REPO / "catalog"
SITE_OUT = REPO / "site"
LIST_CACHE = index.DEFAULT_CACHE  # the service index of ``list`` (and ``verify --shard``)
SHOWN_PATHS = 10  # how many paths ``check``'s summary names

Plan = list[tuple[str, list[str] | None]]


def operation_names(service_name: str, names: list[str] | None) -> tuple[str, list[str] | None]:
    """The service's and the operations' model names, from any accepted spelling."""
    service = resolve_service(service_name) if not service_name.endswith(".json") else service_name
    if not names:
        return service, None
    operations = load_service(service).operations
    return service, [resolve_operation(service, operations, name) for name in names]


def _comma_list(text: str, problem: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise SdkParityError(problem, path=repr(text))
    return names


def _wrote(count: int, where: Path, detail: str = "") -> None:
    files = "file" if count == 1 else "files"
    print(f"wrote {count} {files} to {where}{f' ({detail})' if detail else ''}", file=sys.stderr)


# ----------------------------------------------------------------------------- run record


def _values_label(values_dir: Path | None) -> str | None:
    if values_dir is None:
        return None
    if values_dir.resolve() == DEFAULT_VALUES.resolve():
        return "bundled"  # no machine's path in a committed tree
    return str(values_dir.resolve())


def _values_dir(label: str | None) -> Path | None:
    if label is None:
        return None
    return DEFAULT_VALUES if label == "bundled" else Path(label)


def _prepare_out(out: Path) -> None:
    """Before any work: ``out`` is a folder (or not there yet), and its run record (rewritten
    at the end) is a regular file or absent - a FIFO, a folder or a link there is refused now,
    not after minutes of rendering."""
    if not os.path.lexists(out):
        return  # created when the files are written (a bad values file leaves no folder behind)
    if not out.is_dir():
        raise SdkParityError("cannot write output directory: it is not a folder", path=str(out))
    try:
        load_record(out)
    except DamagedRecord:
        pass  # rebuilt from this run on: nothing it listed is deleted


def _kept(report: WriteReport) -> None:
    for path in report.kept:
        print(f"  kept {escape_controls(path)}: no longer generated, but changed since sdk-parity wrote it",
              file=sys.stderr)


def _run(plan: Plan, clients: Plan, values_dir: Path | None, profile: str) -> dict[str, Any]:
    return {
        "plan": [[s, ops] for s, ops in plan],
        "clients": [[s, ops] for s, ops in clients],
        "values": _values_label(values_dir),
        "profile": profile,
    }


def _regenerate(runs: list[dict[str, Any]]) -> list[Artifact]:
    """The artifacts the recorded runs produce now (a later run's file wins over an earlier's).

    Each operation is rendered once per values folder and profile, and each client package
    once, however many runs name it: a record of thousands of runs costs what its distinct
    operations cost."""
    files: dict[str, Artifact] = {}
    rendered: dict[tuple[Any, ...], list[Artifact]] = {}
    for run in unique_runs(runs):
        if run["profile"] not in PROFILES:
            raise SdkParityError(f"unknown values profile {run['profile']!r} in the run record")
        for service, ops in run["plan"]:
            names = ops if ops else list(load_service(service).operations)
            for name in names:
                key: tuple[Any, ...] = (service, name, run["values"], run["profile"])
                if key not in rendered:
                    rendered[key] = generate(
                        [(service, [name])], _values_dir(run["values"]), run["profile"]
                    ).artifacts
                files.update((a.path, a) for a in rendered[key])
            if not ops:  # a whole service: its scenarios too
                key = ("scenarios", service)
                if key not in rendered:
                    rendered[key] = service_scenarios(service).artifacts
                files.update((a.path, a) for a in rendered[key])
        for service, ops in run["clients"]:
            key = ("client", service, tuple(ops) if ops else None, "")
            if key not in rendered:
                rendered[key] = render_client(load_service(service), ops)
            files.update((a.path, a) for a in rendered[key])
    return [files[path] for path in sorted(files)]


# ----------------------------------------------------------------------------- commands


def cmd_snippet(args: argparse.Namespace) -> int:
    name, operations = operation_names(args.service, [args.operation])
    service = load_service(name)
    assert operations is not None
    operation = service.operations[operations[0]]
    value = example_value(service, operation, args.values, args.values_profile)
    sys.stdout.write(render_snippet(service, operation, value, args.lang, args.values).text)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    if args.values_dir is not None and not args.values_dir.is_dir():
        raise SdkParityError("values folder not found (or not a folder)", path=str(args.values_dir))
    if args.all or args.services is not None:
        return _cmd_catalog(args)
    if args.no_cache or args.workers:
        raise SdkParityError("--workers and --no-cache apply to --all and --services runs")
    out = args.out or DEFAULT_OUT
    if args.service is None:
        plan: Plan = default_plan()
        values_dir: Path | None = DEFAULT_VALUES
        clients: Plan = [(DEFAULT_SERVICE, None)]
        prune = out.resolve() == DEFAULT_OUT.resolve()
    else:
        plan = [operation_names(args.service, args.operations or None)]
        values_dir, clients, prune = args.values_dir, [], False
    _prepare_out(out)
    outcome = generate(plan, values_dir, args.values_profile)
    for service, ops in clients:
        outcome.artifacts.extend(render_client(load_service(service), ops))
    run = _run(plan, clients, values_dir, args.values_profile)
    report = write_tree(outcome.artifacts, out, prune=prune, run=run)
    detail = f"{report.written} changed, {report.removed} removed, {len(outcome.skipped)} skipped"
    _wrote(len(outcome.artifacts), out, detail)
    _kept(report)
    for service, operation, lang, reason in outcome.skipped:
        print(f"  skipped {service}:{operation} [{lang}]: {reason}", file=sys.stderr)
    return 0


def _cmd_catalog(args: argparse.Namespace) -> int:
    if args.service is not None:
        raise SdkParityError("--all and --services take no SERVICE argument", path=args.service)
    if args.all and args.services:
        raise SdkParityError("give --all or --services, not both")
    if args.workers < 0:
        raise SdkParityError(f"--workers must be 0 (one per core) or more, got {args.workers}")
    if args.all:
        names = list(service_names())
    else:
        wanted = _comma_list(args.services, "--services names no service")
        names = sorted({resolve_service(n) for n in wanted})
    values_dir = args.values_dir if args.values_dir is not None else DEFAULT_VALUES
    out = args.out or CATALOG_OUT
    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    with progress_bar(interactive, len(names)) as progress:
        report = generate_catalog(
            names, out, values_dir, workers=args.workers, use_cache=not args.no_cache,
            prune=args.all, progress=progress, profile=args.values_profile,
        )
    plan: Plan = [(name, None) for name in names]
    write_tree([], out, run=_run(plan, plan, values_dir, args.values_profile), replace=args.all)
    print(report.text(), file=sys.stderr)
    _wrote(report.written, out, f"{report.removed} removed; unchanged files are not rewritten")
    if report.crashes:
        return 3
    if report.errors:
        raise SdkParityError(report.errors[0], details=tuple(report.errors[1:]))
    return 0


def progress_bar(interactive: bool, total: int) -> Any:
    """A rich progress bar on a terminal; nothing otherwise (CI logs stay quiet)."""

    if not interactive:
        return contextlib.nullcontext(None)
    # deferred: rich's progress bar is only drawn on a terminal
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    @contextlib.contextmanager
    def bar() -> Any:
        columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        with Progress(*columns, transient=True) as rich_progress:
            task = rich_progress.add_task("services", total=total)

            def update(service: str, done: int, _total: int) -> None:
                rich_progress.update(task, completed=done, description=service)

            yield update

    return bar()


def _summary(out: Path, status: TreeStatus, total: int) -> str:
    lines = [
        f"{out}: {len(status.stale)} stale, {len(status.missing)} missing, "
        f"{len(status.extra)} extra (of {total} files the recorded runs generate)"
    ]
    paths = [("stale", p) for p in status.stale] + [("missing", p) for p in status.missing]
    paths += [("extra", p) for p in status.extra]
    lines += [f"  {kind:<8}{escape_controls(path)}" for kind, path in paths[:SHOWN_PATHS]]
    if len(paths) > SHOWN_PATHS:
        lines.append(f"  ... {len(paths) - SHOWN_PATHS} more (--diff shows every change)")
    return "\n".join(lines) + "\n"


def cmd_check(args: argparse.Namespace) -> int:
    out: Path = args.out
    runs = read_run_record(out) if out.is_dir() else None  # a FIFO or a folder there: exit 2
    if not runs:
        raise SdkParityError(
            f"nothing generated here to check (no {RUN_RECORD}, which generate and client "
            f"leave); write it first with: sdk-parity generate --out {out}",
            path=str(out),
        )
    artifacts = _regenerate(runs)
    status = tree_status(artifacts, out)
    if not status:
        print(f"{out}: up to date ({len(artifacts)} files)", file=sys.stderr)
        return 0
    sys.stdout.write(_summary(out, status, len(artifacts)))
    if args.diff:
        sys.stdout.write(diff_tree(artifacts, out))
    update = "sdk-parity generate" if out.resolve() == DEFAULT_OUT.resolve() else (
        f"the same sdk-parity generate command with --out {out}"
    )
    print(f"{out} is stale; update it with: {update}", file=sys.stderr)
    return 1


def write_cache(path: Path, text: str) -> None:
    """A cache file written atomically by the write stage (``.cache/...``)."""
    try:
        write_changed([Artifact(path.name, text)], path.parent)
    except SdkParityError as exc:
        raise OSError(str(exc)) from None


def service_index(cache: Path | None = LIST_CACHE) -> list[index.ServiceEntry]:
    """Every service's full name and operations, from the cache when it is fresh."""
    return index.service_index(cache, write_cache)


def cmd_list(args: argparse.Namespace) -> int:
    if args.service is not None and args.service.endswith(".json"):  # a model file: read it
        for name in load_service(args.service).operations:
            print(name)
        return 0
    if args.service is None:
        entries = service_index()
        width = max(len(e.name) for e in entries)
        for e in entries:
            print(f"{e.name:<{width}}  {len(e.operations):>4}  {e.full_name}")
        return 0
    # one service: its model is read and checked (a crafted or damaged model is refused with
    # its path, as every other command refuses it); the index serves the whole listing
    for name in load_service(operation_names(args.service, None)[0]).operations:
        print(name)
    return 0


def cmd_client(args: argparse.Namespace) -> int:
    ops = None
    if args.operations is not None:
        ops = _comma_list(args.operations, "--operations names no operation")
    name, operations = operation_names(args.service, ops)
    _prepare_out(args.out)
    artifacts = render_client(load_service(name), operations)
    run = _run([], [(name, operations)], None, "minimal")
    report = write_tree(artifacts, args.out, run=run)
    top = os.path.commonpath([a.path for a in artifacts]) if artifacts else ""
    folder = args.out / top if top and fs.kind_of(args.out, top) == fs.FOLDER else args.out
    _wrote(len(artifacts), folder, f"{report.written} changed")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    # deferred: the site builder loads MkDocs (the optional ``site`` extra)
    from generator.site.build import build_site
    from generator.site.proven import load_reports
    from generator.site.serve import bind, serve

    if args.all and args.services:
        raise SdkParityError("give SERVICE names or --all, not both")
    if args.all:
        names = list(service_names())
    else:
        names = sorted({resolve_service(n) for n in args.services or [DEFAULT_SERVICE]})
    values_dir = args.values_dir if args.values_dir is not None else DEFAULT_VALUES
    if not values_dir.is_dir():
        raise SdkParityError("values folder not found", path=str(values_dir))
    if args.workers is not None and args.workers < 0:
        raise SdkParityError(f"--workers must be 0 (one per core) or more, got {args.workers}")
    proofs = load_reports(args.verify_report) if args.verify_report else None
    server = bind(args.out, args.port) if args.serve else None  # a busy port: exit 2 now
    folder = SiteFolder(args.out, clean=args.clean)  # refused: a file, theirs, unwritable
    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    with folder.staging() as built:
        with progress_bar(interactive, len(names)) as progress:
            report = build_site([(name, None) for name in names], values_dir, built, progress,
                                workers=args.workers or 0, proofs=proofs)
        broken = report.broken  # checked as the pages were written (check_links reads a built folder)
        _published, removed, kept = folder.publish(built)
    print(f"site: {report.text()}; {len(broken)} broken links", file=sys.stderr)
    print(f"wrote the site to {args.out} ({removed} files of the previous build removed)", file=sys.stderr)
    for path in kept:
        print(f"  kept {escape_controls(path)}: no longer built, but changed since", file=sys.stderr)
    for line in broken[:20]:
        print(f"  broken: {line}", file=sys.stderr)
    if broken:
        return 1
    if server is not None:
        serve(server, args.out)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    # deferred: verify loads boto3, moto and the endpoint, which generation never needs
    from generator.verify import command as verify_mod
    from generator.verify.options import MERGE

    if args.scenarios and args.service is not None:  # SERVICE ...: every name a service
        args.service = resolve_service(args.service)
        args.operations = [resolve_service(name) for name in args.operations]
    elif args.service is not None and args.service != MERGE:  # merge takes report files
        args.service, operations = operation_names(args.service, list(args.operations) or None)
        args.operations = operations or []
    return verify_mod.run(args)


def _report_path(path: Path | None, option: str) -> None:
    if path is not None and (path.is_dir() or not path.name):
        raise SdkParityError(f"{option} names a folder, not a file", path=str(path))


def cmd_diff(args: argparse.Namespace) -> int:
    _report_path(args.report, "--report")
    _report_path(args.json, "--json")
    if args.report is not None and args.json is not None and args.report.resolve() == args.json.resolve():
        raise SdkParityError("--report and --json name the same file", path=str(args.report))
    if args.values_dir is not None and not args.values_dir.is_dir():
        raise SdkParityError("values folder not found (or not a folder)", path=str(args.values_dir))
    if args.workers < 0:
        raise SdkParityError("--workers must be 0 (one per core) or more", path=str(args.workers))
    cache = args.cache or DEFAULT_RELEASES
    old = release(args.old, cache)
    new = release(args.new, cache)
    report = diff_releases(old, new, list(args.services), args.values_dir, cache, args.workers)
    markdown = as_markdown(report)
    for path, text in ((args.report, markdown), (args.json, as_json(report) if args.json else "")):
        if path is not None:
            write_changed([Artifact(path.name, text)], path.parent)
            print(f"wrote {path}", file=sys.stderr)
    if args.report is None:
        sys.stdout.write(markdown)
    breaking = report.breaking
    print(
        f"botocore {old.version} to {new.version}: {len(report.services)} of {report.in_scope} "
        f"services changed, {len(breaking)} values files stop validating; {report.seconds:.1f} s",
        file=sys.stderr,
    )
    return 1 if breaking else 0


def cmd_version() -> int:
    print("\n".join(version_lines()))
    return 0


def cmd_scenario(args: argparse.Namespace) -> int:
    """``scenario SERVICE``: the service's scenarios, one resource a line; ``scenario SERVICE
    RESOURCE --lang L``: that scenario's program."""
    service = resolve_service(args.service)
    if args.resource is None:
        if args.lang is not None:
            raise SdkParityError("--lang needs a RESOURCE: sdk-parity scenario SERVICE RESOURCE --lang L")
        for found in lifecycles(service):
            print(found.resource)
        return 0
    if args.lang is None:
        raise SdkParityError(f"--lang is required with a RESOURCE: choose from {', '.join(SCENARIO_NAMES)}")
    chosen = lifecycle(service, args.resource)
    services = {name: load_service(name) for name in chosen.services()}
    sys.stdout.write(render_scenario(chosen, args.lang, services).text)
    return 0
