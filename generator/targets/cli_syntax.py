"""How the AWS CLI v1 reads a value: shorthand, JSON, paramfile prefixes, ``--opt=value``.

Stage: the CLI target's value syntax (awscli/argprocess.py, awscli/paramfile.py,
awscli/shorthand.py; the rules are in ``docs/cli-naming-rules.md``). Input: botocore shapes and
string values. Output: whether a value can be written in a form and which form a top-level
argument takes (:func:`value_style`).
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from generator.naming.cli import SCALAR_TYPES, ValueStyle


def _is_document(shape: Any) -> bool:
    """botocore defines ``is_document_type`` on structures only (awscli uses getattr too)."""
    return bool(getattr(shape, "is_document_type", False))


def _walk_has_document(shape: Any, seen: set[str]) -> bool:
    if _is_document(shape):
        return True
    if shape.name in seen:
        return False
    seen.add(shape.name)
    if shape.type_name == "structure":
        return any(_walk_has_document(m, seen) for m in shape.members.values())
    if shape.type_name == "list":
        return _walk_has_document(shape.member, seen)
    if shape.type_name == "map":
        return _walk_has_document(shape.value, seen)
    return False


def contains_document(shape: Any) -> bool:
    """True if a document type appears anywhere inside ``shape`` (then prefer JSON)."""
    return _walk_has_document(shape, set())


def is_document_container(shape: Any) -> bool:
    """awscli/utils.py: a document, or lists/maps whose leaves are documents."""
    while shape.type_name in ("list", "map") and not _is_document(shape):
        shape = shape.member if shape.type_name == "list" else shape.value
    return _is_document(shape)


def shorthand_ok(shape: Any) -> bool:
    """awscli/argprocess.py ``_supports_shorthand_syntax`` for a top-level argument shape."""
    if is_document_container(shape):
        return False
    if shape.type_name == "list":
        return shape.member.type_name in ("structure", "list", "map")
    return shape.type_name in ("structure", "map")


def value_style(shape: Any) -> ValueStyle:
    """How a top-level argument of this shape is best written (see the module docstring).

    ``shorthand-or-json`` is only returned when no document can occur inside; shorthand
    would still work for a value that leaves the document members out, but JSON is safe.
    """
    if _is_document(shape) or shape.serialization.get("jsonvalue"):
        return "json"
    if shape.type_name == "boolean":
        return "flag"
    if shape.type_name == "blob":
        return "file-path" if shape.serialization.get("streaming") else "blob"
    if shape.type_name in SCALAR_TYPES:
        return "scalar"
    if shape.type_name == "list" and shape.member.type_name in SCALAR_TYPES:
        return "json" if _is_document(shape.member) else "scalar-list"
    if shorthand_ok(shape) and not contains_document(shape):
        return "shorthand-or-json"
    return "json"


_SAFE = r"-A-Za-z0-9_./:@+*!#$%&()<>?^`|~\u0080-\uffff"
_SHORTHAND_SAFE = re.compile(rf"[{_SAFE}](?:[{_SAFE} ]*[{_SAFE}])?")
_SHORTHAND_KEY = re.compile(r"[A-Za-z0-9_.#/:-]+")


def shorthand_scalar_ok(value: str) -> bool:
    """True if ``value`` can stand unquoted as a shorthand value.

    Conservative: no ``,``, ``=``, quotes, brackets, braces, backslashes, no leading or
    trailing blanks (the parser would drop them), not empty. Otherwise quote it or use JSON.
    """
    return bool(_SHORTHAND_SAFE.fullmatch(value))


def shorthand_key_ok(key: str) -> bool:
    """True if ``key`` is a valid shorthand key (map keys outside this need JSON)."""
    return bool(_SHORTHAND_KEY.fullmatch(key))


def paramfile_prefix(value: str) -> str | None:
    """The prefix that makes the CLI fetch ``value`` instead of sending it, or None."""
    for prefix in ("file://", "fileb://", "http://", "https://"):
        if value.startswith(prefix):
            return prefix
    return None


_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


def needs_equals_form(value: str) -> bool:
    """True if ``--opt value`` would misparse, so ``--opt=value`` is required."""
    return value.startswith("-") and not _NEGATIVE_NUMBER.match(value) and " " not in value


def printf_octal(data: bytes) -> str:
    """A printf format string that writes exactly these bytes."""
    out = []
    for byte in data:
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in " .,:/_=+@"):
            out.append(char)
        else:  # bytes above 0x7F, '-', '%', '\\' and control bytes as octal escapes
            out.append(f"\\{byte:03o}")
    return shlex.quote("".join(out))
