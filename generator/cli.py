"""The command-line edge: parse arguments, run a pipeline, turn errors into exit codes.

Exit codes: 0 ok, 1 drift (``check``), 2 bad input or usage, always with one line on stderr
naming the problem (and its path in the model or the values file) and never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn

from generator.errors import SdkParityError, UnsupportedError
from generator.generate.catalog import generate_catalog
from generator.generate.pipeline import (
    DEFAULT_SERVICE,
    DEFAULT_VALUES,
    default_outcome,
    example_value,
    generate,
    render_snippet,
)
from generator.generate.write import diff_tree, write_tree
from generator.model.load import resolve_service_name, service_names
from generator.model.lower import get_operation, load_service
from generator.targets.client.package import render_client
from generator.targets.registry import EXAMPLE_NAMES
from generator.values.synthesize import PROFILES

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "output"
CATALOG_OUT = REPO / "catalog"
SITE_OUT = REPO / "site"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"sdk-parity: error: {message}\n")
        raise SystemExit(2)


def _profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--values-profile", choices=list(PROFILES), default="minimal",
        help="minimal (default): required members, or an AWS-authored example's; "
        "full: also every optional member of the top two levels",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sdk-parity", description=__doc__.split("\n")[0] if __doc__ else "")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    snippet = sub.add_parser("snippet", help="print one runnable example")
    snippet.add_argument("service")
    snippet.add_argument("operation")
    snippet.add_argument("--lang", required=True, choices=list(EXAMPLE_NAMES))
    snippet.add_argument("--values", type=Path, help="JSON values file (boto3 keyword arguments)")
    _profile_option(snippet)

    generate = sub.add_parser("generate", help="write the artifact tree")
    generate.add_argument("service", nargs="?")
    generate.add_argument("operations", nargs="*")
    generate.add_argument("--values-dir", type=Path, help="folder of <service>/<Operation>.json")
    generate.add_argument("--out", type=Path, help=f"default: output/, or {CATALOG_OUT.name}/ with --all/--services")
    generate.add_argument("--all", action="store_true", help="every botocore service, every target")
    generate.add_argument("--services", help="comma-separated services, every target")
    generate.add_argument("--workers", type=int, default=0, help="processes (default: one per core)")
    generate.add_argument("--no-cache", action="store_true", help="ignore the incremental cache")
    _profile_option(generate)

    check = sub.add_parser("check", help="exit 1 when output/ differs from a fresh generation")
    check.add_argument("--out", type=Path, default=DEFAULT_OUT)

    listing = sub.add_parser("list", help="list a service's operations")
    listing.add_argument("service")

    client = sub.add_parser("client", help="write a typed Python client package for a service")
    client.add_argument("service")
    client.add_argument("--operations", help="comma-separated operation names (default: all)")
    client.add_argument("--out", type=Path, default=DEFAULT_OUT)


    site = sub.add_parser("site", help="build the docs pages as a static HTML site (MkDocs Material)")
    site.add_argument("services", nargs="*", help="default: personalize")
    site.add_argument("--all", action="store_true", help="every botocore service")
    site.add_argument("--values-dir", type=Path, help="default: the bundled values (the seed's)")
    site.add_argument("--out", type=Path, default=SITE_OUT, help=f"default: {SITE_OUT.name}/")
    site.add_argument("--serve", action="store_true", help="then serve it on 127.0.0.1")
    site.add_argument("--port", type=int, default=8000)

    # deferred: verify loads boto3, moto and the endpoint, which generation never needs
    from generator.verify import command as verify_mod

    verify_mod.add_parser(sub)
    return parser


def _cmd_snippet(args: argparse.Namespace) -> int:
    service = load_service(args.service)
    operation = get_operation(service, args.operation)
    value = example_value(service, operation, args.values, args.values_profile)
    snippet = render_snippet(service, operation, value, args.lang)
    sys.stdout.write(snippet.text)
    return 0




def _cmd_generate(args: argparse.Namespace) -> int:

    if args.values_dir is not None and not args.values_dir.is_dir():
        raise SdkParityError("values folder not found (or not a folder)", path=str(args.values_dir))
    if args.all or args.services is not None:
        return _cmd_catalog(args)
    if args.no_cache or args.workers:
        raise SdkParityError("--workers and --no-cache apply to --all and --services runs")
    args.out = args.out or DEFAULT_OUT
    if args.service is None:
        outcome = default_outcome(args.values_profile)
        prune = args.out.resolve() == DEFAULT_OUT.resolve()
    else:
        outcome = generate(
            [(args.service, args.operations or None)], args.values_dir, args.values_profile
        )
        prune = False
    written, removed = write_tree(outcome.artifacts, args.out, prune=prune)
    print(
        f"{len(outcome.artifacts)} files generated ({written} written, {removed} removed), "
        f"{len(outcome.skipped)} skipped",
        file=sys.stderr,
    )
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
        wanted = [n.strip() for n in args.services.split(",") if n.strip()]
        if not wanted:
            raise SdkParityError("--services names no service", path=repr(args.services))
        names = sorted({resolve_service_name(n) for n in wanted})
    values_dir = args.values_dir if args.values_dir is not None else DEFAULT_VALUES
    if args.values_dir is not None and not args.values_dir.is_dir():
        raise SdkParityError("values folder not found", path=str(args.values_dir))
    out = args.out or CATALOG_OUT
    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    with _progress(interactive, len(names)) as progress:
        report = generate_catalog(
            names, out, values_dir, workers=args.workers, use_cache=not args.no_cache,
            prune=args.all, progress=progress, profile=args.values_profile,
        )
    print(report.text(), file=sys.stderr)
    if report.crashes:
        return 3
    if report.errors:
        extra = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
        raise SdkParityError(f"{report.errors[0]}{extra}")
    return 0


def _progress(interactive: bool, total: int) -> Any:
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


def _cmd_check(args: argparse.Namespace) -> int:
    diff = diff_tree(default_outcome().artifacts, args.out)
    if diff:
        sys.stdout.write(diff)
        print("output/ is stale; update it with: sdk-parity generate", file=sys.stderr)
        return 1
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    for name in load_service(args.service).operations:
        print(name)
    return 0


def _cmd_client(args: argparse.Namespace) -> int:
    service = load_service(args.service)
    operations = None
    if args.operations:
        operations = [get_operation(service, n.strip()).name for n in args.operations.split(",")]
    artifacts = render_client(service, operations)
    written, _ = write_tree(artifacts, args.out, prune=False)
    print(f"{len(artifacts)} files generated ({written} written)", file=sys.stderr)
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    # deferred: the site builder loads MkDocs (the optional ``site`` extra)
    from generator.site.build import build_site, check_links, serve

    if args.all and args.services:
        raise SdkParityError("give SERVICE names or --all, not both")
    if args.all:
        names = list(service_names())
    else:
        names = sorted({resolve_service_name(n) for n in args.services or [DEFAULT_SERVICE]})
    values_dir = args.values_dir if args.values_dir is not None else DEFAULT_VALUES
    if not values_dir.is_dir():
        raise SdkParityError("values folder not found", path=str(values_dir))
    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    with _progress(interactive, len(names)) as progress:
        report = build_site([(name, None) for name in names], values_dir, args.out, progress)
    broken = check_links(args.out)
    print(f"site: {report.text()}; {len(broken)} broken links -> {args.out}", file=sys.stderr)
    for line in broken[:20]:
        print(f"  broken: {line}", file=sys.stderr)
    if broken:
        return 1
    if args.serve:
        serve(args.out, args.port)
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    # deferred: verify loads boto3, moto and the endpoint, which generation never needs
    from generator.verify import command as verify_mod

    return verify_mod.run(args)


COMMANDS = {
    "snippet": _cmd_snippet,
    "generate": _cmd_generate,
    "check": _cmd_check,
    "list": _cmd_list,
    "client": _cmd_client,
    "verify": _cmd_verify,
    "site": _cmd_site,
}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """Control characters, ANSI escapes and line breaks from input shown escaped, on one line."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def _terminate(signum: int, _frame: Any) -> None:
    """SIGTERM/SIGHUP unwind like Ctrl-C, so temporary files are removed on the way out."""
    raise SystemExit(128 + signum)


def _stdout_failed(exc: OSError) -> int:
    sys.stderr.write(f"sdk-parity: error: cannot write to standard output: {exc.strerror}\n")
    # nothing more reaches the broken stream (not even the interpreter's final flush)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 2


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _terminate)
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()
        return code
    except UnsupportedError as exc:
        sys.stderr.write(f"sdk-parity: cannot express: {one_line(str(exc))}\n")
        return 2
    except SdkParityError as exc:
        sys.stderr.write(f"sdk-parity: error: {one_line(str(exc))}\n")
        return 2
    except RecursionError:
        sys.stderr.write("sdk-parity: error: input nested too deeply (model or values)\n")
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EIO, errno.EBADF) and exc.filename is None:
            return _stdout_failed(exc)
        raise
