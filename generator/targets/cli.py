"""Target ``cli``: a POSIX shell script that calls the AWS CLI with the example's values.

Input: the service IR, one operation and its value tree. Output: the script text. Names come
from :mod:`generator.naming.cli`; how each value is passed follows awscli v1's argument
processing (``awscli/argprocess.py``, ``awscli/shorthand.py``, ``awscli/paramfile.py``):

* scalars are plain words (``--opt=value`` when the value starts with ``-``), booleans are
  ``--flag`` / ``--no-flag``, timestamps ISO 8601, lists of plain scalars space separated;
* structures, maps and lists of structures use shorthand when every leaf is shorthand-safe,
  JSON otherwise (documents are always JSON); every word is quoted with ``shlex.quote``;
* a top-level blob is written to a temporary file and passed as ``fileb://`` (read the same by
  CLI v1 and v2); a streaming input blob is passed as a file path; nested blobs are text, which
  v1 encodes itself;
* a top-level string the CLI would treat as a file or URL to read (``file://``, ``fileb://``,
  ``http://``, ``https://``) goes through ``--cli-input-json`` instead, where no such
  substitution happens;
* a streaming output gets the positional ``outfile`` the CLI requires; such a command has no
  ``--cli-input-json``, so a value only that option could carry is refused;
* the awscli customizations of ``generator/data/cli/customizations.json`` apply: a lambda
  ``--zip-file`` must hold a zip archive (other bytes are refused), required extra options are
  added (iam create-virtual-mfa-device ``--bootstrap-method``/``--outfile``), values missing a
  member awscli would fill in itself are refused (ec2 bundle-instance's upload policy), a
  ``refuse`` entry (sdb, a preview service; ecs execute-command and ssm start-session, which
  run the Session Manager plugin) makes the operation not expressible, and a fractional second
  that awscli's bundled serializer drops (epoch-seconds timestamps) is refused;
* a nested member awscli gives its own option is hoisted there (lambda ``--zip-file``,
  configservice put-configuration-recorder ``--recording-group``);
* a paginator's limit key goes through ``--page-size`` (pagination stays on), unless the model
  requires it: argparse then demands the member's own option (``--max-results``);
* one rule for every position (:func:`literal_word`): an argument word the CLI would read
  specially (leading ``-``, a paramfile prefix, leading whitespace, ``[`` or ``{``) is passed in
  a form the CLI takes literally (``--opt=value``, JSON, ``--cli-input-json``); a NUL character,
  which no shell argument can hold, and an argument over Linux's 128 KiB limit are refused;
* blob files are written by ``printf`` with every byte outside plain ASCII as an octal escape.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
from typing import Any

from generator.capabilities import cli as cli_caps
from generator.capabilities import cli_v2
from generator.errors import LimitError, UnsupportedError
from generator.model.ir import Member, Operation, Service
from generator.naming import cli as names
from generator.render.controls import CONTROL_RUNS, CONTROLS, has_controls
from generator.render.env import render
from generator.targets import Snippet, cli_syntax, uses_paginator
from generator.values.limits import (
    CLI_ARGUMENT_BYTES,
    CLI_COMMAND_LINE_BYTES,
    CLI_POINTER_BYTES,
    CLI_WORKDIR_BYTES,
)
from generator.values.tree import Value, iso8601, member_paths, to_json

_SCALARS = ("string", "enum", "integer", "long", "float", "double", "timestamp")


def _json_dumps(data: Any, **options: Any) -> str:
    """JSON text with the characters a terminal or an editor would act on as ``\\uXXXX``
    escapes (json.dumps writes C0 controls so; DEL, C1, U+2028 and bidi controls it does not)."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_text(value: Value) -> str:
    data = to_json(value)
    compact = _json_dumps(data, separators=(",", ":"))
    if len(compact) <= 72:
        return compact
    return _json_dumps(data, indent=2)


def _has(value: Value, kinds: tuple[str, ...]) -> bool:
    if value.kind in kinds:
        return True
    children = [v for _, v in value.fields] + list(value.items)
    children += [v for pair in value.entries for v in pair]
    return any(_has(child, kinds) for child in children)


def _leaf_text(value: Value) -> str:
    if value.kind == "timestamp":
        return iso8601(value.scalar)
    if value.kind == "boolean":
        return "true" if value.scalar else "false"
    return str(value.scalar)


def _shorthand(value: Value, top: bool) -> str | None:
    """Shorthand syntax (awscli/shorthand.py) for a value, or None when it is not safe."""
    if value.kind in ("structure", "map"):
        if value.kind == "structure":
            pairs = list(value.fields)
        else:
            pairs = [(str(k.scalar), v) for k, v in value.entries]
        if not pairs:
            return None
        parts = []
        for key, child in pairs:
            text = _shorthand(child, False)
            if text is None or not cli_syntax.shorthand_key_ok(key):
                return None
            parts.append(f"{key}={text}")
        body = ",".join(parts)
        if top and not literal_word(body):
            return None  # a key like ``-x`` or ``http://`` would be read specially: JSON
        return body if top else "{" + body + "}"
    if value.kind == "list":
        inner = [_shorthand(item, False) for item in value.items]
        if top or not value.items or any(text is None for text in inner):
            return None
        return "[" + ",".join(t for t in inner if t is not None) + "]"
    if value.kind in ("integer", "long", "float", "double") and value.scalar < 0:
        return None
    if value.kind in (*_SCALARS, "boolean"):
        text = _leaf_text(value)
        return text if cli_syntax.shorthand_scalar_ok(text) else None
    return None


class Word(str):
    """A shell word that knows the argument it becomes (for the argument-size limits)."""

    argument: str


def _quote(text: str) -> str:
    """``text`` as one shell word: single-quoted (``shlex.quote``), with every character a
    terminal or an editor would act on (:mod:`generator.render.controls`) written by
    ``printf`` octal escapes, so neither the script nor the docs page showing it holds one."""
    if not has_controls(text):
        word = Word(shlex.quote(text))
    else:
        pieces: list[str] = []
        start = 0
        for run in CONTROL_RUNS.finditer(text):
            if run.start() > start:
                pieces.append("'" + text[start : run.start()].replace("'", "'\"'\"'") + "'")
            octal = "".join(f"\\{byte:03o}" for byte in run.group().encode("utf-8"))
            pieces.append(f'"$(printf \'{octal}\')"')
            start = run.end()
        if start < len(text):
            pieces.append("'" + text[start:].replace("'", "'\"'\"'") + "'")
        word = Word("".join(pieces))
    word.argument = text
    return word


def _unquoted(word: str) -> str:
    """The argument a shell word becomes (words are ``shlex.quote`` output or plain)."""
    if isinstance(word, Word):
        return word.argument
    parts = shlex.split(word) if word else [""]
    return parts[0] if len(parts) == 1 else word


def _argument_bytes(word: str) -> int:
    """The bytes of the argument a word becomes (linear in its length)."""
    if isinstance(word, Word):
        return len(word.argument.encode("utf-8"))
    if "$workdir" in word:
        return len(word.encode("utf-8")) + CLI_WORKDIR_BYTES
    return len(word.encode("utf-8"))


def _early_size_problem(service: Service, operation: Operation, value: Value) -> str:
    """What :func:`_size_problem` will say, found before any word is built when the strings
    alone decide it (a million list items, a 2 MB string): each string is in some argument."""
    total = 0
    for name, child in value.fields:
        sizes = [len(text.encode("utf-8")) for text in _strings(child)]
        if sizes and max(sizes) > CLI_ARGUMENT_BYTES:
            option = names.member_option(service.name, operation.name, name).option or name
            return (f"{option}: an argument of at least {max(sizes)} bytes exceeds the {CLI_ARGUMENT_BYTES + 1}"
                    "-byte limit of one command-line argument (Linux MAX_ARG_STRLEN)")
        total += sum(sizes)
    if total > CLI_COMMAND_LINE_BYTES:
        return (f"the values' strings alone are {total} bytes, more than the {CLI_COMMAND_LINE_BYTES} "
                "bytes a command may take (ARG_MAX, less room for the environment)")
    return ""


def _size_problem(argv: list[str], where: dict[int, str]) -> str:
    """Why the command line cannot be run (one argument over MAX_ARG_STRLEN, or all of them
    over ARG_MAX), naming the option; or ''."""
    sizes = [_argument_bytes(word) for word in argv]
    for index, size in enumerate(sizes):
        if size > CLI_ARGUMENT_BYTES:
            return (f"{where.get(index, 'an argument')}: an argument of {size} bytes exceeds the "
                    f"{CLI_ARGUMENT_BYTES + 1}-byte limit of one command-line argument (Linux MAX_ARG_STRLEN)")
    total = sum(sizes) + len(sizes) * (1 + CLI_POINTER_BYTES)
    if total > CLI_COMMAND_LINE_BYTES:
        return (f"a command line of {total} bytes ({len(sizes)} arguments) exceeds the {CLI_COMMAND_LINE_BYTES} "
                "bytes a command may take (ARG_MAX, less room for the environment)")
    return ""


def literal_word(word: str) -> bool:
    """True if the CLI takes this argument word as it is (the one rule for every position).

    A word starting with ``-`` is read as an option, ``file://``/``fileb://``/``http://``/
    ``https://`` make the CLI read a file or fetch a URL, and leading whitespace, ``[`` or ``{``
    switch list and structure arguments to JSON parsing.
    """
    return bool(word) and not word.startswith("-") and not _is_paramfile(word) and not (
        word[0].isspace() or word[0] in "[{"
    )


def _strings(value: Value) -> list[str]:
    """Every string the CLI would pass through the shell (map keys and documents included)."""
    out: list[str] = []
    if value.kind in ("string", "enum"):
        out.append(str(value.scalar))
    elif value.kind == "document":
        stack = [value.document]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, dict):
                out += [str(k) for k in node]
                stack += list(node.values())
            elif isinstance(node, list):
                stack += node
    for child in [v for _, v in value.fields] + list(value.items) + [v for p in value.entries for v in p]:
        out += _strings(child)
    return out


def _scalar_words(option: str, text: str) -> list[str]:
    if text.startswith("-"):
        return [_quote(f"{option}={text}")]
    return [option, _quote(text)]


def _list_words(service: Service, operation: Operation, member: Member, option: str, value: Value) -> list[str]:
    item_kind = value.items[0].kind if value.items else ""
    if item_kind in _SCALARS and not names.old_list_case(service.name, operation.name, member.name):
        words = [_leaf_text(item) for item in value.items]
        risky = not all(literal_word(w) for w in words)
        if words and not risky:
            return [option, *(_quote(w) for w in words)]
    elif (
        item_kind in ("structure", "map")
        and not _has(value, ("blob", "document"))
        # awscli reads each word of these as the one member's bare value, so
        # 'Key=x' would be sent as the key itself; JSON ('[...]') is parsed as JSON
        and not names.old_list_case(service.name, operation.name, member.name)
    ):
        shorthand = [_shorthand(item, True) for item in value.items]
        if shorthand and all(s is not None and literal_word(s) for s in shorthand):
            return [option, *(_quote(s) for s in shorthand if s is not None)]
    return [option, _quote(_json_text(value))]


def _is_paramfile(text: str) -> bool:
    return text.lower().startswith(("file://", "fileb://", "http://", "https://"))


def _option_words(
    service: Service,
    operation: Operation,
    member: Member,
    option: names.CliMemberOption,
    value: Value,
    files: list[dict[str, str]],
) -> list[str] | None:
    """The words that set one top-level member, or None to send it in --cli-input-json."""
    target = service.shape(member.target)
    flag = option.option or option.set_via
    if flag is None or option.global_clash:
        return None
    kind = value.kind
    if option.kind == "boolean-structure" and option.negative:
        inner = value.field("Value")
        if inner is not None and len(value.fields) == 1:
            return [flag if inner.scalar else option.negative]
        return [flag, _quote(_json_text(value))]
    if kind == "boolean":
        if option.negative is None:
            return None
        return [flag if value.scalar else option.negative]
    if kind == "blob":
        data: bytes = value.scalar
        filename = f"{member.name}.bin"
        files.append({"name": filename, "printf": cli_syntax.printf_octal(data)})
        prefix = "" if service.is_streaming(member) else "fileb://"
        return [flag, f'"{prefix}$workdir/{filename}"']
    if (member.jsonvalue and member.location == "header") or kind == "document":
        # awscli parses only a jsonvalue *header* as JSON (argprocess.is_json_value_header);
        # a jsonvalue body member (a policy document string) is taken as the text itself
        return [flag, _quote(_json_text(value))]
    if kind in _SCALARS:
        text = _leaf_text(value)
        if _is_paramfile(text) and not names.paramfile_disabled(service.name, operation.name, member.name):
            return None  # the CLI would read it as a file or URL: send it in --cli-input-json
        return _scalar_words(flag, text)
    if kind == "list":
        return _list_words(service, operation, member, flag, value)
    if kind in ("structure", "map") and not _has(value, ("blob", "document")):
        shorthand = _shorthand(value, True)
        if shorthand is not None and target.kind != "union":
            return [flag, _quote(shorthand)]
    return [flag, _quote(_json_text(value))]


def _hoisted_words(option: str, value: Value) -> list[str]:
    """A nested member given through its own option: the words of a top-level one."""
    if value.kind in ("structure", "map") and not _has(value, ("blob", "document")):
        shorthand = _shorthand(value, True)
        if shorthand is not None:
            return [option, _quote(shorthand)]
    if value.kind in _SCALARS:
        return _scalar_words(option, _leaf_text(value))
    return [option, _quote(_json_text(value))]


def _hoist(
    service: Service, operation: Operation, name: str, value: Value, files: list[dict[str, str]]
) -> tuple[Value | None, list[list[str]]]:
    """Nested members the CLI takes through their own option: blobs (lambda ``--zip-file``,
    rekognition ``--image-bytes``) and configservice put-configuration-recorder's
    ``--recording-group``, which its ``--configuration-recorder`` no longer accepts.

    Returns the value without them (None if only blobs were taken out and nothing is left)
    and the hoisted options.
    """
    hoisted: list[list[str]] = []
    blobs_only = True

    def strip(node: Value, path: tuple[str, ...]) -> Value:
        nonlocal blobs_only
        if node.kind != "structure":
            return node
        kept: list[tuple[str, Value]] = []
        for field, child in node.fields:
            option = names.hoisted_option(service.name, operation.name, path + (field,))
            if option is not None and child.kind == "blob":
                filename = f"{field}.bin"
                files.append({"name": filename, "printf": cli_syntax.printf_octal(child.scalar)})
                hoisted.append([option, f'"fileb://$workdir/{filename}"'])
                continue
            if option is not None and path == (name,):
                hoisted.append(_hoisted_words(option, child))
                blobs_only = False
                continue
            kept.append((field, strip(child, path + (field,))))
        return Value(node.shape, node.kind, fields=tuple(kept))

    stripped = strip(value, (name,))
    if hoisted and blobs_only and stripped.kind == "structure" and not stripped.fields:
        return None, hoisted
    return stripped, hoisted


def _outfile(service: Service, operation: Operation) -> str:
    """The positional ``outfile`` the CLI requires for a blob payload or an s3 event stream."""
    if names.positional_outfile(names.operation_model(service.name, operation.name)):
        return '"$workdir/response-body"'
    return ""


def example_path(service: str, operation: str) -> str:
    """Where ``generate`` writes the CLI example of an operation."""
    return f"{service}/cli/{names.command_name(operation)}.sh"


@dataclasses.dataclass(frozen=True)
class Invocation:
    """One ``aws`` command line: its command words, its arguments (the words of each option,
    laid out one option per line) and the files written first (``printf`` formats); ``v2``
    why AWS CLI version 2 cannot run it (``None``: it can), ``text_blobs`` whether a blob is
    given as text (version 2 then needs ``--cli-binary-format raw-in-base64-out``)."""

    command: str
    arguments: tuple[tuple[str, ...], ...]
    files: tuple[dict[str, str], ...]
    v2: str | None = None
    text_blobs: bool = False

    @property
    def lines(self) -> list[str]:
        return [_layout(list(words)) for words in self.arguments]

    @property
    def workdir(self) -> bool:
        return bool(self.files) or any("$workdir" in w for words in self.arguments for w in words)


def render_cli(service: Service, operation: Operation, value: Value, title: str) -> Snippet:
    call = invocation(service, operation, value)
    text = render(
        "cli/snippet.sh.j2",
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        command=call.command,
        lines=call.lines,
        files=list(call.files),
        workdir=call.workdir,
        binary_format=call.text_blobs and call.v2 is None,
    )
    not_for = ((cli_v2.EDITION, call.v2),) if call.v2 else ()
    return Snippet("cli", example_path(service.name, operation.name), text, text,
                   cli_v2.page_note(call.v2, call.text_blobs), not_for)


def invocation(service: Service, operation: Operation, value: Value) -> Invocation:
    """The ``aws`` command for ``operation`` with ``value`` (see the module doc); raises
    :class:`UnsupportedError` with the reason the CLI cannot send it."""
    where = f"{service.name}:{operation.name}"
    reason = cli_caps.unusable_reason(service.name, operation.name)
    if reason:
        raise UnsupportedError(reason, path=where)
    for member_path, _shape, _member in member_paths(value):
        if cli_caps.missing_from_cli_model_path(service.name, operation.name, member_path):
            raise UnsupportedError(
                f"the AWS CLI's bundled model does not know {'.'.join(member_path)}", path=where
            )
    value_reason = cli_caps.value_reason(service.name, operation.name, value) or (
        cli_caps.timestamp_precision_reason(service, operation.name, value)
    )
    if value_reason:
        raise UnsupportedError(value_reason, path=where)
    drift = cli_caps.model_drift_reason(
        service.name, operation.name, {path for path, _shape, _member in member_paths(value)}
    )
    if drift:
        raise UnsupportedError(drift, path=where)
    texts = _strings(value)
    if any("\x00" in text for text in texts):
        raise UnsupportedError("a NUL character cannot be passed in a command-line argument", path=where)
    too_large = _early_size_problem(service, operation, value)
    if too_large:
        raise LimitError(too_large, path=where)
    input_shape = service.shape(operation.input) if operation.input else None
    files: list[dict[str, str]] = []
    arguments: list[list[str]] = []
    input_json: dict[str, Any] = {}
    lists = text_blobs = False
    paginates = uses_paginator(operation, value)
    for name, child in value.fields:
        assert input_shape is not None
        member = input_shape.member(name)
        assert member is not None
        if service.shape(member.target).event_stream:
            raise UnsupportedError("the AWS CLI cannot send an event stream", path=where)
        option = names.member_option(service.name, operation.name, name)
        if option.set_via == "--page-size" and paginates and not (
            member.required or cli_caps.required_by_cli_model(service.name, operation.name, name)
        ):
            # the limit key's own option would turn the CLI's pagination off; --page-size
            # sends the same member and keeps it on. A required limit key keeps its own
            # option, which argparse demands (awscli/customizations/paginate.py only hides it)
            option = dataclasses.replace(option, option=option.set_via, global_clash=None)
        remaining, hoisted = _hoist(service, operation, name, child, files)
        arguments.extend(hoisted)
        if remaining is not None:
            words = _option_words(service, operation, member, option, remaining, files)
            # a blob given as text (not read from a fileb:// file): version 2 takes it as base64
            text_blobs = text_blobs or (
                _has(remaining, ("blob",)) and (remaining.kind != "blob" or words is None)
            )
            if words is None:
                input_json[name] = to_json(remaining)
            else:
                lists = lists or (remaining.kind == "list" and len(words) > 1)
                arguments.append(words)
    arguments.extend(cli_caps.extra_options(service.name, operation.name))
    outfile = _outfile(service, operation)
    if input_json and outfile:
        raise UnsupportedError(
            f"{', '.join(sorted(input_json))}: {cli_caps.rule_entry('no-input-json-with-outfile')['reason']}",
            path=where,
        )
    if input_json:
        payload = _json_dumps(input_json, separators=(",", ":"))
        arguments.append(["--cli-input-json", _quote(payload)])
    if outfile:
        if lists:
            arguments.insert(0, [outfile])  # before any nargs='*' list option
        else:
            arguments.append([outfile])
    command = f"aws {names.service_word(service.name)} {names.command_name(operation.name)}"
    argv = [*command.split(), *(w for words in arguments for w in words)]
    owners: dict[int, str] = {}
    for words in arguments:
        label = words[0] if words[0].startswith("--") and len(words[0]) <= 60 else "an argument"
        for _word in words:
            owners[len(owners) + 3] = label
    too_large = _size_problem(argv, owners)
    if too_large:
        raise LimitError(too_large, path=where)
    options = {_unquoted(words[0]).split("=")[0] for words in arguments if words[0].startswith(("--", "'--"))}
    v2 = cli_v2.refusal(service, operation.name, value, options)
    return Invocation(command, tuple(tuple(words) for words in arguments), tuple(files), v2, text_blobs)


def _layout(words: list[str]) -> str:
    """One option per line; a long list of values gets one value per continuation line."""
    line = " ".join(words)
    if len(line) <= 100 or len(words) <= 2:
        return line
    return (" \\\n        ").join([words[0], *words[1:]])
