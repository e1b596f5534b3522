"""The command-line edge: parse arguments, hand them to :mod:`generator.commands`, turn errors
into exit codes.

Exit codes: 0 ok, 1 drift (``check``), 2 bad input or usage, always with one line on stderr
naming the problem (and its path in the model or the values file; further problems of a values
file each on an indented line below it) and never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import signal
import sys
import textwrap
from pathlib import Path
from typing import Any, NoReturn

from generator import commands
from generator.commands import CATALOG_OUT, DEFAULT_OUT, SITE_OUT
from generator.errors import SdkParityError, UnsupportedError
from generator.targets.registry import EXAMPLE_NAMES, LANGUAGES, SCENARIO_NAMES
from generator.values.synthesize import PROFILES
from generator.verify import options as verify_options

DESCRIPTION = (
    "Generate runnable examples and Markdown docs pages for any operation of any AWS service "
    "from botocore's models, and prove on the wire that each sends the request botocore would. "
    f"Targets: {', '.join(t.title for t in LANGUAGES)}."
)
NAMES_NOTE = (
    "Operations may be written as the model (CreateMetricAttribution), the AWS CLI "
    "(create-metric-attribution) or boto3 (create_metric_attribution) spells them."
)
def _path(text: str) -> Path:
    """A path argument; an empty one is refused (``Path("")`` would mean the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path (write . for the current folder)")
    return Path(text)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port (0 to 65535; 0 picks a free one)")
    return port


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


def _examples(*lines: str, note: bool = False) -> str:
    text = "examples:\n" + "".join(f"  {line}\n" for line in lines)
    return text + (f"\n{textwrap.fill(NAMES_NOTE, 78)}\n" if note else "")


def _command(sub: Any, name: str, help_text: str, epilog: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    return _build()[0]


def _build() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser and its sub-command parsers by name."""
    parser = _Parser(
        prog="sdk-parity", description=textwrap.fill(DESCRIPTION, 78),
        epilog=_examples(
            "sdk-parity snippet personalize create-metric-attribution --lang cli",
            "sdk-parity generate --services personalize,s3 --out docs-out",
            "sdk-parity check --out docs-out",
            "sdk-parity COMMAND --help",
        ) + "\nExit codes: 0 ok, 1 drift or failed examples, 2 bad input (one line on stderr).\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="store_true",
        help="print the versions of sdk-parity, botocore, awscli and the SDKs it targets",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    snippet = _command(sub, "snippet", "print one runnable example", _examples(
        "sdk-parity snippet personalize CreateMetricAttribution --lang python",
        "sdk-parity snippet s3 put-object --lang cli --values put.json", note=True))
    snippet.add_argument("service", metavar="SERVICE", help="botocore service name (or AWS CLI word)")
    snippet.add_argument("operation", metavar="OPERATION", help="in any of the three spellings")
    snippet.add_argument("--lang", required=True, choices=list(EXAMPLE_NAMES))
    snippet.add_argument("--values", type=_path, metavar="FILE", help="JSON values file (boto3 keyword arguments)")
    _profile_option(snippet)

    generate = _command(sub, "generate", "write the artifact tree", _examples(
        "sdk-parity generate                      # the committed output/ tree",
        "sdk-parity generate personalize create_metric_attribution --out out",
        "sdk-parity generate --services personalize,s3 --out out",
        "sdk-parity generate --all --workers 2", note=True))
    generate.add_argument("service", nargs="?", metavar="SERVICE", help="default: personalize")
    generate.add_argument("operations", nargs="*", metavar="OPERATION", help="default: all")
    generate.add_argument("--values-dir", type=_path, metavar="DIR", help="folder of <service>/<Operation>.json")
    generate.add_argument("--out", type=_path, metavar="DIR", help=f"default: output/, or {CATALOG_OUT.name}/ with --all/--services")
    generate.add_argument("--all", action="store_true", help="every botocore service, every target")
    generate.add_argument("--services", metavar="S1,S2", help="comma-separated services, every target")
    generate.add_argument("--workers", type=int, default=0, metavar="N", help="processes (default: one per core)")
    generate.add_argument("--no-cache", action="store_true", help="ignore the incremental cache")
    _profile_option(generate)

    scenario = _command(
        sub, "scenario", "list a service's scenarios, or print one as a runnable program",
        _examples(
            "sdk-parity scenario dynamodb               # its resources, one a line",
            "sdk-parity scenario dynamodb table --lang python",
            "sdk-parity scenario lambda function --lang cli",
        ) + "\nA scenario creates a resource, waits until it is ready, reads it, finds it in its list,\n"
        "updates it, reads it again, deletes it and waits until it is gone; its cleanup runs even\n"
        "when a step fails (docs/scenarios.md).\n")
    scenario.add_argument("service", metavar="SERVICE", help="botocore service name (or AWS CLI word)")
    scenario.add_argument("resource", nargs="?", metavar="RESOURCE",
                          help="a resource as the listing names it (default: list them)")
    scenario.add_argument("--lang", choices=list(SCENARIO_NAMES), default=None,
                          help="the program's language (required with RESOURCE)")

    check = _command(
        sub, "check", "exit 1 when a generated tree differs from a fresh generation", _examples(
            "sdk-parity check                         # output/",
            "sdk-parity check --out out --diff",
        ) + "\nChecks what the generate and client runs recorded in DIR wrote there; exit 2 "
        "when DIR\nholds nothing generated.\n")
    check.add_argument("--out", type=_path, default=DEFAULT_OUT, metavar="DIR",
                       help="the tree to check (default: output/)")
    check.add_argument("--diff", action="store_true", help="also print the full unified diff")

    listing = _command(sub, "list", "list the services, or a service's operations", _examples(
        "sdk-parity list                          # name, operation count, full name",
        "sdk-parity list personalize"))
    listing.add_argument("service", nargs="?", metavar="SERVICE", help="default: list the services")

    client = _command(
        sub, "client", "write a typed Python client package for a service", _examples(
            "sdk-parity client personalize --out build",
            "sdk-parity client s3 --operations put-object,GetObject --out build", note=True))
    client.add_argument("service", metavar="SERVICE")
    client.add_argument("--operations", metavar="OP1,OP2", help="comma-separated operation names (default: all)")
    client.add_argument("--out", type=_path, default=DEFAULT_OUT, metavar="DIR",
                        help="writes DIR/python/sdk-parity-SERVICE/ (default: output/)")

    site = _command(
        sub, "site", "build the docs pages as a static HTML site (MkDocs Material)", _examples(
            "sdk-parity site personalize s3 --out site",
            "sdk-parity site personalize --verify-report wire.json --verify-report moto.json",
            "sdk-parity site --serve --port 8000"))
    site.add_argument("services", nargs="*", metavar="SERVICE", help="default: personalize")
    site.add_argument("--all", action="store_true", help="every botocore service")
    site.add_argument("--values-dir", type=_path, metavar="DIR", help="default: the bundled values (the seed's)")
    site.add_argument("--out", type=_path, default=SITE_OUT, metavar="DIR", help=f"default: {SITE_OUT.name}/")
    site.add_argument("--clean", action="store_true",
                      help="empty DIR first (needed when it holds files the site did not write)")
    site.add_argument("--verify-report", type=_path, action="append", metavar="FILE",
                      help="a report of sdk-parity verify --report (the wire) or verify --against moto "
                      "--report; each example then says what it proves (repeat for both)")
    site.add_argument("--workers", type=int, default=None, metavar="N",
                      help="build processes (default: one per core)")
    site.add_argument("--serve", action="store_true", help="then serve it on 127.0.0.1")
    site.add_argument("--port", type=_port, default=8000, metavar="N", help="default: 8000")

    diff = _command(
        sub, "diff", "what changed for the docs between two botocore releases", _examples(
            "sdk-parity diff --from 1.44.0                 # to the installed botocore",
            "sdk-parity diff --from 1.44.0 --to 1.44.8 s3 glue --report changes.md",
            "sdk-parity diff --from 1.44.0 --values-dir values --json changes.json",
        ) + "\nThe other release is fetched once with pip into the cache, never installed. Exit 1 "
        "when a\nvalues file that validates under --from does not under --to.\n")
    diff.add_argument("services", nargs="*", metavar="SERVICE", help="default: every service")
    diff.add_argument("--from", dest="old", required=True, metavar="VERSION", help="the botocore release to compare from")
    diff.add_argument("--to", dest="new", metavar="VERSION", help="default: the installed botocore")
    diff.add_argument("--values-dir", type=Path, metavar="DIR", help="folder of <service>/<Operation>.json to check under both")
    diff.add_argument("--report", type=Path, metavar="FILE.md", help="write the Markdown report here (default: stdout)")
    diff.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    diff.add_argument("--workers", type=int, default=0, metavar="N", help="processes (default: one per core)")
    diff.add_argument("--cache", type=Path, metavar="DIR", help="where releases are kept (default: .cache/botocore/)")

    # the verifier itself (boto3, moto, the endpoint) is imported only when verify runs
    verify_options.add_parser(sub)
    verify = sub.choices["verify"]
    verify.formatter_class = argparse.RawDescriptionHelpFormatter
    verify.description = "Run every example against a loopback endpoint and compare with botocore."
    verify.epilog = _examples(
        "sdk-parity verify                        # every Personalize operation",
        "sdk-parity verify personalize create-metric-attribution --lang cli,python",
        "sdk-parity verify --services personalize,s3 --report report.json",
        "sdk-parity verify --against moto sqs",
        "sdk-parity verify --all --shard 2/4 --report r2.json   # one job of a CI matrix",
        "sdk-parity verify merge r1.json r2.json r3.json r4.json --report all.json", note=True)
    return parser, dict(sub.choices)


def usage_text() -> str:
    """Every command's ``--help``, as docs/commands.md shows it."""
    parser, choices = _build()
    return "\n".join([parser.format_help(), *(choice.format_help() for choice in choices.values())])


COMMANDS = {
    "snippet": commands.cmd_snippet,
    "generate": commands.cmd_generate,
    "check": commands.cmd_check,
    "scenario": commands.cmd_scenario,
    "list": commands.cmd_list,
    "client": commands.cmd_client,
    "verify": commands.cmd_verify,
    "site": commands.cmd_site,
    "diff": commands.cmd_diff,
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        return commands.cmd_version()
    if args.command is None:
        parser.error("a COMMAND is required (or --version); see sdk-parity --help")
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
        for detail in exc.details:
            sys.stderr.write(f"  {one_line(detail)}\n")
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
