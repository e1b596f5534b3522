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
from the page's "Contents of ``name``" blocks (never from the user's disk, never http(s)://). Parameters that
are not members of the operation's input (pagination settings, ``outfile``) are dropped and
counted; timestamps become ISO 8601 strings and blobs strings, as a boto3 caller writes them.

    python -m tools.refresh_aws_examples          # rewrite the tables, print counts
    python -m tools.refresh_aws_examples --check  # exit 1 when the committed tables are stale

Each command runs as it would in a fresh ``aws`` process (the event handlers that earlier
commands' customizations registered are reset), in an empty working directory holding the
page's inline files, where awscli's own ``file://`` readers (``--cli-input-json``, shorthand
``@=file://``) find them. No customization can send a request or look for credentials.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import multiprocessing
import os
import re
import shlex
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import awscli
from awscli.clidriver import CLIDriver, ServiceCommand, ServiceOperation, create_clidriver
from awscli.paramfile import LOCAL_PREFIX_MAP, URIArgumentHandler
from awscli.utils import emit_top_level_args_parsed_event
from botocore.hooks import HierarchicalEmitter
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

    def add(self, other: Report) -> None:
        self.pages += other.pages
        self.commands += other.commands
        self.kept += other.kept
        self.dropped.update(other.dropped)
        self.dropped_args.update(other.dropped_args)


class _Recorder:
    """Stands in for awscli's CLIOperationCaller: records what would be sent."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def invoke(
        self, service_name: str, operation_name: str, parameters: dict[str, Any], _globals: Any
    ) -> int:
        self.calls.append((service_name, operation_name, parameters))
        return 0


# A customization that makes a client of its own session (not the driver's) still finds fake
# keys, no metadata service, no config files and an endpoint nothing listens on.
ISOLATED_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
    "AWS_MAX_ATTEMPTS": "1",
}


_KEPT = ("AWS_DATA_PATH", "AWS_CA_BUNDLE")


@contextlib.contextmanager
def isolated_environment() -> Iterator[None]:
    """``ISOLATED_ENVIRONMENT`` in place of the ``AWS_*`` variables (but awscli's data path and
    the CA bundle), restored afterwards."""
    saved = dict(os.environ)
    try:
        for name in [n for n in os.environ if n.startswith("AWS_") and n not in _KEPT]:
            del os.environ[name]
        os.environ.update(ISOLATED_ENVIRONMENT)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _refuse_request(**_kwargs: Any) -> None:
    """``before-send``: a customization that makes its own call never reaches the network."""
    raise Dropped("a customization makes its own request")


_FILE_REFERENCE = re.compile(r"(?P<prefix>fileb?://)(?P<path>[^\s,'\"\]\}]+)")


def local_file_argv(argv: list[str], names: Iterable[str]) -> list[str]:
    """``file://`` and ``fileb://`` paths of the page's inline files, as names in the working
    directory (``file://C:\\policies\\trust.json`` -> ``file://trust.json``)."""
    shown = set(names)

    def local(match: re.Match[str]) -> str:
        base = match.group("path").replace("\\", "/").rsplit("/", 1)[-1]
        return match.group("prefix") + base if base in shown else match.group(0)

    return [_FILE_REFERENCE.sub(local, token) for token in argv]


class CliParameters:
    """awscli's own command-line processing, from an argv to (operation model, parameters).

    The CLI is a one-shot process: customizations register event handlers while a command
    runs (ec2's ``--no-<flag>`` pairs register a check on every later ec2 operation, global
    options register signers) and the handlers would stay for every later command of a
    shared driver. So each command runs on the event handlers a fresh process has at that
    point: the driver's, plus the ones its service's command table registered; the
    operation's argument table is rebuilt, and the session's own variables restored.
    """

    def __init__(self) -> None:
        with isolated_environment():  # create_clidriver reads the config file for plugins
            self._setup()

    def _setup(self) -> None:
        self.driver: CLIDriver = create_clidriver()
        session = self.driver.session
        # Never read the user's config or credentials, never look for credentials (the
        # instance metadata service) and never send a request: fake keys, and a
        # ``before-send`` handler that refuses whatever a customization would send.
        session.set_config_variable("config_file", "/nonexistent/aws-config")
        session.set_config_variable("credentials_file", "/nonexistent/aws-credentials")
        session.set_config_variable("region", "us-east-1")
        session.set_credentials(
            ISOLATED_ENVIRONMENT["AWS_ACCESS_KEY_ID"], ISOLATED_ENVIRONMENT["AWS_SECRET_ACCESS_KEY"]
        )
        session.register("before-send", _refuse_request)
        # What the CLI registers on ``session-initialized``, without http(s):// (which would
        # fetch the URL): file:// and fileb:// read the working directory.
        session.register("load-cli-arg", URIArgumentHandler(copy.deepcopy(LOCAL_PREFIX_MAP)))
        self.command_table = self.driver._get_command_table()
        self.parser = self.driver._create_parser(self.command_table)
        aliaser = session.get_component("event_emitter")
        self._emitter: HierarchicalEmitter = aliaser._emitter
        self._driver_state = copy.copy(self._emitter)
        self._service_states: dict[str, HierarchicalEmitter] = {}
        self._session_vars = dict(session._session_instance_vars)

    def service_names(self) -> dict[str, str]:
        """CLI service command name -> botocore service name."""
        return {
            name: cmd.service_model.service_name
            for name, cmd in self.command_table.items()
            if isinstance(cmd, ServiceCommand)
        }

    def _restore(self, state: HierarchicalEmitter) -> None:
        fresh = copy.copy(state)  # copies the handler trie
        fresh._lookup_cache = {}
        self._emitter.__dict__.update(fresh.__dict__)

    def _enter_service(self, name: str, command: ServiceCommand) -> None:
        """The handlers of a fresh process once ``command``'s operation table is built."""
        state = self._service_states.get(name)
        if state is None:
            self._restore(self._driver_state)
            command._get_command_table()
            state = self._service_states[name] = copy.copy(self._emitter)
        self._restore(state)
        vars_ = self.driver.session._session_instance_vars
        vars_.clear()
        vars_.update(self._session_vars)

    def parse(
        self, argv: list[str], files: Mapping[str, str]
    ) -> tuple[OperationModel, dict[str, Any]]:
        """Run one command in an empty working directory holding only the page's files."""
        sink = io.StringIO()
        with (
            isolated_environment(),
            tempfile.TemporaryDirectory() as work,
            contextlib.chdir(work),
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
        ):
            for name, body in files.items():
                Path(work, name).write_text(body, encoding="utf-8")
            try:
                return self._parse(local_file_argv(argv, files))
            except Dropped:
                raise
            except SystemExit as e:
                raise Dropped("rejected by the CLI's argument parser") from e
            except Exception as e:  # awscli's own errors: ParamError, ParamSyntaxError, ...
                raise Dropped(_error_reason(e)) from e

    def _parse(self, argv: list[str]) -> tuple[OperationModel, dict[str, Any]]:
        parsed_globals, remaining = self.parser.parse_known_args(argv)
        service_cmd = self.command_table.get(parsed_globals.command)
        if not isinstance(service_cmd, ServiceCommand):
            raise Dropped("custom command (not a model operation)")
        self._enter_service(parsed_globals.command, service_cmd)
        emit_top_level_args_parsed_event(self.driver.session, parsed_globals, remaining)
        op_table = service_cmd._get_command_table()
        op_args, op_remaining = service_cmd._create_parser().parse_known_args(remaining)
        operation = op_table.get(op_args.operation)
        if not isinstance(operation, ServiceOperation):
            raise Dropped("custom command (not a model operation)")
        recorder = _Recorder()
        operation._operation_caller = recorder
        operation._arg_table = None  # built anew, registering its handlers, as in a fresh CLI
        try:
            operation(op_remaining, parsed_globals)
        finally:
            operation._arg_table = None
        if not recorder.calls:
            raise Dropped("the CLI sends no request (--generate-cli-skeleton, help)")
        return operation._operation_model, recorder.calls[-1][2]


_MISSING_FILE = re.compile(r"Unable to load paramfile (fileb?://)\S*: \[Errno 2\]")


def _error_reason(error: Exception) -> str:
    """A file the page does not show (awscli reports it as a ResourceLoadingError, or as a
    ParamError of the argument), or the type of awscli's error."""
    missing = _MISSING_FILE.search(str(error))
    if missing is not None:
        return f"{missing.group(1)} file not shown in the page"
    return f"rejected by awscli: {type(error).__name__}"


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
    return _without_v2_raw_blobs(argv[1:])


def _without_v2_raw_blobs(argv: list[str]) -> list[str]:
    """Without AWS CLI v2's ``--cli-binary-format raw-in-base64-out``: the installed v1 driver
    does not know the option, and reads blob arguments as raw text anyway."""
    out: list[str] = []
    k = 0
    while k < len(argv):
        if argv[k] == "--cli-binary-format=raw-in-base64-out":
            k += 1
        elif argv[k : k + 2] == ["--cli-binary-format", "raw-in-base64-out"]:
            k += 2
        else:
            out.append(argv[k])
            k += 1
    return out


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


def service_dirs(root: Path, cli_names: Iterable[str] | None = None) -> list[Path]:
    dirs = sorted(p for p in root.iterdir() if p.is_dir())
    if cli_names is not None:
        wanted = set(cli_names)
        dirs = [d for d in dirs if d.name in wanted]
    return dirs


def example_pages(root: Path, cli_names: Iterable[str] | None = None) -> list[Path]:
    return [page for d in service_dirs(root, cli_names) for page in sorted(d.rglob("*.rst"))]


@dataclass
class DirResult:
    """The examples of one service directory's pages, in page order, and its counts."""

    service: str | None  # the botocore service of the directory's CLI command
    examples: list[Example]
    report: Report


_worker_cli: CliParameters | None = None


def _dir_examples(directory: Path, root: Path, cli: CliParameters | None = None) -> DirResult:
    global _worker_cli
    if cli is None:
        if _worker_cli is None:
            _worker_cli = CliParameters()
        cli = _worker_cli
    result = DirResult(cli.service_names().get(directory.name), [], Report())
    for path in sorted(directory.rglob("*.rst")):
        result.report.pages += 1
        source = "awscli/examples/" + path.relative_to(root).as_posix()
        page = parse_page(path.read_text(encoding="utf-8"))
        result.examples += page_examples(cli, page, source, result.report)
    return result


def build_tables(
    cli_names: Iterable[str] | None = None, root: Path = EXAMPLES_ROOT, workers: int = 1
) -> tuple[dict[str, dict[str, list[dict[str, Any]]]], Report]:
    """{botocore service: {operation: [example]}} from the pages under ``root``.

    Every command runs as in a fresh CLI process (see ``CliParameters``), so the result of a
    page does not depend on which pages ran before it, in this process or another: the
    directories can be read by ``workers`` processes, and are merged in their sorted order.
    An example with the same parameters as an earlier one is dropped; the examples of a
    service's own directory come first, so a copy of its page in another directory (awscli
    1.46 ships twelve s3api pages in networkmanager/ too) never replaces the original, and
    reading only some directories gives their entries of the full table.
    """
    dirs = service_dirs(root, cli_names)
    with isolated_environment():
        per_dir = _read_dirs(dirs, root, workers)
    report = Report()
    for d in dirs:
        report.add(per_dir[d].report)
    tables: dict[str, dict[str, list[dict[str, Any]]]] = {}
    seen: set[str] = set()
    for own in (True, False):
        for d in dirs:
            result = per_dir[d]
            for ex in result.examples:
                if (ex.service == result.service) == own:
                    _add_example(ex, tables, seen, report)
    return tables, report


def _read_dirs(dirs: list[Path], root: Path, workers: int) -> dict[Path, DirResult]:
    if workers > 1 and len(dirs) > 1:
        # The largest directories first, so that the last ones to finish are small; spawned
        # workers start from the isolated environment.
        by_size = sorted(dirs, key=lambda d: (-sum(1 for _ in d.rglob("*.rst")), d.name))
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {d: pool.submit(_dir_examples, d, root) for d in by_size}
            return {d: futures[d].result() for d in dirs}
    cli = CliParameters()
    return {d: _dir_examples(d, root, cli) for d in dirs}


def _add_example(
    ex: Example,
    tables: dict[str, dict[str, list[dict[str, Any]]]],
    seen: set[str],
    report: Report,
) -> None:
    key = json.dumps([ex.service, ex.operation, ex.params], sort_keys=True)
    if key in seen:
        report.dropped["same parameters as an earlier example"] += 1
        return
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
    parser.add_argument(
        "--workers", type=int, default=2, help="processes reading service directories (2)"
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    tables, report = build_tables(workers=args.workers)
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
