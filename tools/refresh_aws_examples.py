"""Refresh generator/data/aws_examples/: the AWS CLI's example pages as boto3 parameters.

Input: the example pages shipped in the installed awscli (``awscli/examples/<cli name>/*.rst``).
Output: ``generator/data/aws_examples/<botocore service>.json``, deterministic::

    {"Query": [{"title": "To query a table", "source": "awscli/examples/dynamodb/query.rst",
                "params": {"TableName": "MusicCollection", ...}}, ...], ...}

Each ``aws ...`` command line of a page is split with ``shlex`` and handed to awscli itself:
the CLI driver's own parsers pick the service and operation command and parse the options
(global options included), and the operation command builds its call parameters with its own
argument table, ``unpack_argument`` (shorthand, JSON, ``file://``) and customizations
(``--cli-input-json``, renamed and boolean arguments); a recording operation caller takes the
parameters where the CLI would send the request. ``file://`` and ``fileb://`` are resolved
from the page's "Contents of ``name``" blocks, never from disk or the network. Parameters that
are not members of the operation's input (pagination settings, ``outfile``) are dropped and
counted; timestamps become ISO 8601 strings and blobs strings, as a boto3 caller writes them.

    python -m tools.refresh_aws_examples          # rewrite the tables, print counts
    python -m tools.refresh_aws_examples --check  # exit 1 when the committed tables are stale
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shlex
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import awscli
from awscli.clidriver import CLIDriver, ServiceCommand, ServiceOperation, create_clidriver
from awscli.paramfile import URIArgumentHandler
from awscli.utils import emit_top_level_args_parsed_event
from botocore.model import OperationModel, Shape
from botocore.utils import parse_timestamp

from tools.aws_example_pages import CommandText, Page, parse_page

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "generator" / "data" / "aws_examples"
EXAMPLES_ROOT = Path(awscli.__file__).resolve().parent / "examples"
SHELL_SYNTAX = ("|", "||", "&&", ";", ">", ">>", "<", "2>", "&")


class Dropped(Exception):
    """An example that cannot become parameters; ``reason`` is a short, countable phrase."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Report:
    pages: int = 0
    commands: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    dropped_args: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [
            f"pages: {self.pages}",
            f"commands: {self.commands}",
            f"examples kept: {self.kept}",
            f"examples dropped: {sum(self.dropped.values())}",
        ]
        out += [f"  {n:6d}  {reason}" for reason, n in self.dropped.most_common()]
        out.append(f"arguments dropped from kept examples: {sum(self.dropped_args.values())}")
        out += [f"  {n:6d}  {reason}" for reason, n in self.dropped_args.most_common(15)]
        return out


class _Recorder:
    """Stands in for awscli's CLIOperationCaller: records what would be sent."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def invoke(
        self, service_name: str, operation_name: str, parameters: dict[str, Any], _globals: Any
    ) -> int:
        self.calls.append((service_name, operation_name, parameters))
        return 0


class _PageFiles:
    """``file://`` / ``fileb://`` handlers that read the current page's inline file blocks."""

    def __init__(self) -> None:
        self.files: Mapping[str, str] = {}

    def _lookup(self, prefix: str, path: str) -> str:
        name = path[len(prefix) :]
        for key in (name, name.replace("\\", "/").rsplit("/", 1)[-1]):
            if key in self.files:
                return self.files[key]
        raise Dropped(f"{prefix} file not shown in the page")

    def text(self, prefix: str, path: str) -> str:
        return self._lookup(prefix, path)

    def binary(self, prefix: str, path: str) -> str:
        # A blob is given to boto3 as a string meaning its UTF-8 bytes; keep the text.
        return self._lookup(prefix, path)

    def handler(self) -> URIArgumentHandler:
        return URIArgumentHandler({"file://": (self.text, {}), "fileb://": (self.binary, {})})


class CliParameters:
    """awscli's own command-line processing, from an argv to (operation model, parameters)."""

    def __init__(self) -> None:
        self.driver: CLIDriver = create_clidriver()
        session = self.driver.session
        # Never read the user's config or credentials; the recorder sends nothing.
        session.set_config_variable("config_file", "/nonexistent/aws-config")
        session.set_config_variable("credentials_file", "/nonexistent/aws-credentials")
        session.set_config_variable("region", "us-east-1")
        self.files = _PageFiles()
        # In place of the session-initialized registration, which would read real files
        # and follow http(s):// parameters.
        session.register("load-cli-arg", self.files.handler())
        self.command_table = self.driver._get_command_table()
        self.parser = self.driver._create_parser(self.command_table)

    def service_names(self) -> dict[str, str]:
        """CLI service command name -> botocore service name."""
        return {
            name: cmd.service_model.service_name
            for name, cmd in self.command_table.items()
            if isinstance(cmd, ServiceCommand)
        }

    def parse(
        self, argv: list[str], files: Mapping[str, str]
    ) -> tuple[OperationModel, dict[str, Any]]:
        self.files.files = files
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            try:
                return self._parse(argv)
            except Dropped:
                raise
            except SystemExit as e:
                raise Dropped("rejected by the CLI's argument parser") from e
            except Exception as e:  # awscli's own errors: ParamError, ParamSyntaxError, ...
                raise Dropped(f"rejected by awscli: {type(e).__name__}") from e

    def _parse(self, argv: list[str]) -> tuple[OperationModel, dict[str, Any]]:
        parsed_globals, remaining = self.parser.parse_known_args(argv)
        service_cmd = self.command_table.get(parsed_globals.command)
        if not isinstance(service_cmd, ServiceCommand):
            raise Dropped("custom command (not a model operation)")
        emit_top_level_args_parsed_event(self.driver.session, parsed_globals, remaining)
        op_table = service_cmd._get_command_table()
        op_args, op_remaining = service_cmd._create_parser().parse_known_args(remaining)
        operation = op_table.get(op_args.operation)
        if not isinstance(operation, ServiceOperation):
            raise Dropped("custom command (not a model operation)")
        recorder = _Recorder()
        operation._operation_caller = recorder
        operation(op_remaining, parsed_globals)
        if not recorder.calls:
            raise Dropped("the CLI sends no request (--generate-cli-skeleton, help)")
        return operation._operation_model, recorder.calls[-1][2]


def split_command(text: str) -> list[str]:
    """The argv of one ``aws ...`` command line (without ``aws``)."""
    try:
        argv = shlex.split(text, comments=False, posix=True)
    except ValueError as e:
        raise Dropped("not parseable by shlex") from e
    if not argv or argv[0] != "aws" or len(argv) < 3:
        raise Dropped("not a complete aws command")
    if any(tok in SHELL_SYNTAX for tok in argv) or any(
        "$(" in tok or "${" in tok or "`" in tok for tok in argv
    ):
        raise Dropped("shell syntax (pipe, redirect, substitution)")
    return argv[1:]


def json_value(value: Any, shape: Shape | None) -> Any:
    """Parameters as a boto3 caller writes them in JSON: timestamps ISO 8601, blobs strings."""
    type_name = shape.type_name if shape is not None else None
    if isinstance(value, dict):
        if type_name == "structure":
            assert shape is not None
            return {k: json_value(v, shape.members.get(k)) for k, v in value.items()}
        if type_name == "map":
            return {k: json_value(v, getattr(shape, "value", None)) for k, v in value.items()}
        return {k: json_value(v, None) for k, v in value.items()}
    if isinstance(value, list):
        member = getattr(shape, "member", None) if type_name == "list" else None
        return [json_value(v, member) for v in value]
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError as e:
            raise Dropped("binary blob that is not UTF-8 text") from e
    if type_name == "timestamp" and isinstance(value, str | int | float):
        try:
            return parse_timestamp(value).isoformat()
        except (ValueError, TypeError, OverflowError):
            return value
    if isinstance(value, Decimal):  # awscli reads some JSON numbers as Decimal
        return int(value) if type_name in ("integer", "long") else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def input_members(
    operation: OperationModel, params: Mapping[str, Any], report: Report
) -> dict[str, Any]:
    shape = operation.input_shape
    members = shape.members if shape is not None else {}
    kept: dict[str, Any] = {}
    for key, value in params.items():
        if key in members:
            kept[key] = json_value(value, members[key])
        else:
            report.dropped_args[f"not an input member: {key}"] += 1
    return kept


@dataclass(frozen=True)
class Example:
    service: str
    operation: str
    title: str
    source: str
    params: dict[str, Any]


def page_examples(cli: CliParameters, page: Page, source: str, report: Report) -> list[Example]:
    examples: list[Example] = []
    for command in page.commands:
        report.commands += 1
        try:
            example = command_example(cli, page, command, source, report)
        except Dropped as e:
            report.dropped[e.reason] += 1
            continue
        examples.append(example)
    return examples


def command_example(
    cli: CliParameters, page: Page, command: CommandText, source: str, report: Report
) -> Example:
    argv = split_command(command.text)
    operation, params = cli.parse(argv, page.files_for(command))
    kept = input_members(operation, params, report)
    if params and not kept:
        raise Dropped("only arguments that are not input members")
    try:
        json.dumps(kept)
    except TypeError as e:  # e.g. a streaming body the CLI opened as a local file
        raise Dropped("a value that is not JSON (local file or stream)") from e
    return Example(
        service=operation.service_model.service_name,
        operation=operation.name,
        title=command.title,
        source=source,
        params=kept,
    )


def example_pages(root: Path, cli_names: Iterable[str] | None = None) -> list[Path]:
    dirs = sorted(p for p in root.iterdir() if p.is_dir())
    if cli_names is not None:
        wanted = set(cli_names)
        dirs = [d for d in dirs if d.name in wanted]
    return [page for d in dirs for page in sorted(d.rglob("*.rst"))]


def build_tables(
    cli_names: Iterable[str] | None = None, root: Path = EXAMPLES_ROOT
) -> tuple[dict[str, dict[str, list[dict[str, Any]]]], Report]:
    """{botocore service: {operation: [example]}} from the pages under ``root``."""
    cli = CliParameters()
    report = Report()
    tables: dict[str, dict[str, list[dict[str, Any]]]] = {}
    seen: set[str] = set()
    # Relative paths that awscli opens itself (streaming bodies) must find nothing.
    with tempfile.TemporaryDirectory() as empty, contextlib.chdir(empty):
        for path in example_pages(root, cli_names):
            _add_page(cli, root, path, tables, seen, report)
    return tables, report


def _add_page(
    cli: CliParameters,
    root: Path,
    path: Path,
    tables: dict[str, dict[str, list[dict[str, Any]]]],
    seen: set[str],
    report: Report,
) -> None:
    report.pages += 1
    source = "awscli/examples/" + path.relative_to(root).as_posix()
    page = parse_page(path.read_text(encoding="utf-8"))
    for ex in page_examples(cli, page, source, report):
        key = json.dumps([ex.service, ex.operation, ex.params], sort_keys=True)
        if key in seen:
            report.dropped["same parameters as an earlier example"] += 1
            continue
        seen.add(key)
        report.kept += 1
        entry = {"title": ex.title, "source": ex.source, "params": ex.params}
        tables.setdefault(ex.service, {}).setdefault(ex.operation, []).append(entry)


def render(table: Mapping[str, Any]) -> str:
    return json.dumps(table, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def validation_failures(tables: Mapping[str, Mapping[str, list[dict[str, Any]]]]) -> int:
    """How many examples botocore's ParamValidator rejects for the operation's input shape."""
    import botocore.session
    from botocore.validate import ParamValidator

    session = botocore.session.get_session()
    validator = ParamValidator()
    failures = 0
    for service, operations in tables.items():
        model = session.get_service_model(service)
        for operation, examples in operations.items():
            shape = model.operation_model(operation).input_shape
            for ex in examples:
                if shape is not None and validator.validate(ex["params"], shape).has_errors():
                    failures += 1
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the tables are stale")
    args = parser.parse_args(argv)
    tables, report = build_tables()
    files = {f"{service}.json": render(table) for service, table in tables.items()}
    for line in report.lines():
        print(line)
    failures = validation_failures(tables)
    print(f"pass botocore's ParamValidator: {report.kept - failures} of {report.kept}")
    existing = {p.name: p for p in OUTPUT_DIR.glob("*.json")} if OUTPUT_DIR.exists() else {}
    stale = sorted(
        set(existing) - set(files)
        | {n for n, t in files.items() if n not in existing or existing[n].read_text() != t}
    )
    if args.check:
        if stale:
            print(f"stale: {', '.join(stale)}; run: python -m tools.refresh_aws_examples")
            return 1
        return 0
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for name in set(existing) - set(files):
        existing[name].unlink()
    for name, text in files.items():
        (OUTPUT_DIR / name).write_text(text, encoding="utf-8")
    size = sum(len(t.encode()) for t in files.values())
    print(f"wrote {len(files)} files, {size} bytes, to {OUTPUT_DIR} ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
