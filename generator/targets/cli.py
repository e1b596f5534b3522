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
* a streaming output gets the positional ``outfile`` the CLI requires.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from ..errors import UnsupportedError
from ..ir import Member, Operation, Service, Shape
from ..naming import cli as names
from ..render import render
from ..values import Value, iso8601, to_json
from . import Snippet

_PARAMFILE_PREFIXES = ("file://", "fileb://", "http://", "https://")
_SHORTHAND_SAFE = re.compile(r"^[A-Za-z0-9_.:/@+\-()*!#%^&?~ ]+$")
_LIST_WORD_SAFE = re.compile(r"^[A-Za-z0-9_.:/@+=,()*%^~][A-Za-z0-9_.:/@+=,()*%^~\- ]*$")


def _json_scalar(value: Value) -> Any:
    return to_json(value)


def _json_text(value: Value) -> str:
    data = to_json(value)
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if len(compact) <= 72:
        return compact
    return json.dumps(data, ensure_ascii=False, indent=2)


def _has(value: Value, kinds: tuple[str, ...]) -> bool:
    if value.kind in kinds:
        return True
    children = [v for _, v in value.fields] + list(value.items)
    children += [v for pair in value.entries for v in pair]
    return any(_has(child, kinds) for child in children)


def _shorthand_leaf(value: Value) -> str | None:
    if value.kind == "timestamp":
        return iso8601(value.scalar)
    if value.kind == "boolean":
        return "true" if value.scalar else "false"
    if value.kind in ("integer", "long", "float", "double"):
        return str(value.scalar) if value.scalar >= 0 else None
    if value.kind in ("string", "enum"):
        text = str(value.scalar)
        if not _SHORTHAND_SAFE.match(text) or text != text.strip():
            return None
        return text
    return None


def _shorthand(value: Value, top: bool) -> str | None:
    """Shorthand syntax for a structure/map value, or None when it is not safe."""
    if value.kind in ("structure", "map"):
        pairs = value.fields if value.kind == "structure" else [
            (str(k.scalar), v) for k, v in value.entries
        ]
        if not pairs:
            return None
        parts = []
        for key, child in pairs:
            if not _SHORTHAND_SAFE.match(key) or " " in key:
                return None
            text = _shorthand(child, False)
            if text is None:
                return None
            parts.append(f"{key}={text}")
        body = ",".join(parts)
        return body if top else "{" + body + "}"
    if value.kind == "list":
        if not value.items or top:
            return None
        inner = [_shorthand(item, False) for item in value.items]
        if any(text is None for text in inner):
            return None
        return "[" + ",".join(t for t in inner if t is not None) + "]"
    return _shorthand_leaf(value)


def _quote(word: str) -> str:
    return shlex.quote(word)


def _option_words(
    service: Service, operation: Operation, member: Member, value: Value, files: list[dict[str, str]]
) -> list[str]:
    option = names.option_name(service.name, operation.name, member.name)
    target = service.shape(member.target)
    kind = value.kind
    if kind == "boolean":
        return [names.boolean_option(service.name, operation.name, member.name, bool(value.scalar))]
    if kind == "blob":
        data: bytes = value.scalar
        filename = f"{member.name}.bin"
        files.append({"name": filename, "printf": _printf_octal(data)})
        prefix = "" if target.streaming else "fileb://"
        return [option, f'"{prefix}$workdir/{filename}"']
    if kind in ("string", "enum", "integer", "long", "float", "double", "timestamp"):
        text = iso8601(value.scalar) if kind == "timestamp" else str(value.scalar)
        if text.startswith("-"):
            return [_quote(f"{option}={text}")]
        return [option, _quote(text)]
    if kind == "document" or _has(value, ("document",)):
        return [option, _quote(_json_text(value))]
    if kind == "list":
        item_kind = value.items[0].kind if value.items else ""
        if item_kind in ("string", "enum", "integer", "long", "float", "double", "timestamp"):
            words = [_shorthand_leaf(item) or "" for item in value.items]
            raw = [str(to_json(item)) for item in value.items]
            if all(w and _LIST_WORD_SAFE.match(w) and w == r for w, r in zip(words, raw)):
                return [option, *(_quote(w) for w in words)]
            return [option, _quote(_json_text(value))]
        if item_kind == "structure" and not _has(value, ("blob",)):
            shorthand = [_shorthand(item, True) for item in value.items]
            if all(s is not None for s in shorthand):
                return [option, *(_quote(s) for s in shorthand if s is not None)]
        return [option, _quote(_json_text(value))]
    if kind in ("structure", "map") and not _has(value, ("blob",)) and target.kind != "union":
        shorthand = _shorthand(value, True)
        if shorthand is not None:
            return [option, _quote(shorthand)]
    return [option, _quote(_json_text(value))]


def _printf_octal(data: bytes) -> str:
    """A printf format string that writes exactly these bytes."""
    out = []
    for byte in data:
        char = chr(byte)
        if char.isalnum() or char in " .,:/_-=+@":
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return _quote("".join(out))


def _needs_input_json(service: Service, operation: Operation, member: Member, value: Value) -> bool:
    if value.kind not in ("string", "enum"):
        return False
    text = str(value.scalar)
    if names.paramfile_disabled(service.name, operation.name, member.name):
        return False
    return text.lower().startswith(_PARAMFILE_PREFIXES)


def _outfile(service: Service, operation: Operation) -> str:
    if operation.output is None:
        return ""
    shape: Shape = service.shape(operation.output)
    if shape.payload:
        payload = shape.member(shape.payload)
        if payload is not None and service.shape(payload.target).streaming:
            return '"$workdir/response-body"'
    return ""


def render_cli(service: Service, operation: Operation, value: Value, title: str) -> Snippet:
    reason = names.removed_reason(service.name, operation.name)
    if reason:
        raise UnsupportedError(reason, path=f"{service.name}:{operation.name}")
    input_shape = service.shape(operation.input) if operation.input else None
    files: list[dict[str, str]] = []
    arguments: list[list[str]] = []
    input_json: dict[str, Any] = {}
    for name, child in value.fields:
        assert input_shape is not None
        member = input_shape.member(name)
        assert member is not None
        target = service.shape(member.target)
        if target.event_stream:
            raise UnsupportedError("the AWS CLI cannot send an event stream", path=name)
        if _needs_input_json(service, operation, member, child):
            input_json[name] = to_json(child)
            continue
        arguments.append(_option_words(service, operation, member, child, files))
    if input_json:
        arguments.append(
            ["--cli-input-json", _quote(json.dumps(input_json, ensure_ascii=False, separators=(",", ":")))]
        )
    outfile = _outfile(service, operation)
    if outfile:
        arguments.append([outfile])
    command = f"aws {names.service_word(service.name)} {names.command_name(operation.name)}"
    text = render(
        "cli/snippet.sh.j2",
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        command=command,
        lines=[" ".join(words) for words in arguments],
        files=files,
        workdir=bool(files or outfile),
    )
    path = f"{service.name}/cli/{names.command_name(operation.name)}.sh"
    return Snippet("cli", path, text, text)
