"""Model text is data: the checks a raw model passes before it is lowered.

Stage: between ``load`` and ``lower``. Input: the raw model dict of one service (botocore's or
one a user put on ``AWS_DATA_PATH``). Output: nothing, or :class:`SdkParityError` naming the
model path of the first problem. Names become identifiers, file names and words of shell
scripts, so every operation, shape and member name must be a plain identifier; the free text
that reaches comments (``serviceFullName``, ``serviceId``, ``apiVersion``) must be a single line
of ordinary characters. Every reference must name an existing shape, bounds must be numbers
with min <= max, enums lists of strings, and no structure may require itself (no finite value
exists). Every botocore model passes (tested).
"""

from __future__ import annotations

import re
from typing import Any

from generator.errors import SdkParityError

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,254}")
SERVICE_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{0,99}")
_TEXT = {
    "serviceFullName": re.compile(r"[A-Za-z0-9 ()/:.,&+_-]{1,200}"),
    "serviceId": re.compile(r"[A-Za-z0-9 ._-]{1,100}"),
    "apiVersion": re.compile(r"[A-Za-z0-9._-]{0,40}"),
    "endpointPrefix": re.compile(r"[A-Za-z0-9._-]{1,100}"),
    "signingName": re.compile(r"[A-Za-z0-9._-]{1,100}"),
    "targetPrefix": re.compile(r"[A-Za-z0-9._-]{0,100}"),
}
_TYPES = {"structure", "list", "map", "string", "integer", "long", "float", "double", "boolean",
          "blob", "timestamp", "bigdecimal", "biginteger", "byte", "short"}  # fmt: skip


def shown(text: Any) -> str:
    """A model name quoted for an error line (control characters escaped)."""
    return ascii(text)[:120]


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SdkParityError("expected a JSON object", path=where)
    return value


def _ref(ref: Any, shapes: dict[str, Any], where: str) -> str:
    target = _dict(ref, where).get("shape")
    if not isinstance(target, str) or target not in shapes:
        raise SdkParityError(f"refers to the missing shape {shown(target)}", path=where)
    return target


def _name(name: Any, where: str) -> None:
    if not isinstance(name, str) or not IDENTIFIER.fullmatch(name):
        raise SdkParityError(f"the name {shown(name)} is not a plain identifier", path=where)


def check_model(service_name: str, model: Any) -> None:
    """Raise :class:`SdkParityError` (with the model path) unless the raw model is safe to use."""
    if not SERVICE_NAME.fullmatch(service_name):
        raise SdkParityError(f"the service name {shown(service_name)} is not a plain name")
    where = service_name
    model = _dict(model, where)
    meta = _dict(model.get("metadata", {}), f"{where}:metadata")
    for key, pattern in _TEXT.items():
        if key in meta and not (isinstance(meta[key], str) and pattern.fullmatch(meta[key])):
            raise SdkParityError(f"unexpected characters in {shown(meta[key])}", path=f"{where}:metadata.{key}")
    if not isinstance(model.get("documentation", ""), str):
        raise SdkParityError("documentation is not a string", path=f"{where}:documentation")
    shapes = _dict(model.get("shapes", {}), f"{where}:shapes")
    required: dict[str, list[str]] = {}
    for name, body in shapes.items():
        at = f"{where}:{name}"
        _name(name, at)
        body = _dict(body, at)
        if body.get("type") not in _TYPES:
            raise SdkParityError(f"unsupported shape type {shown(body.get('type'))}", path=at)
        low, high = body.get("min"), body.get("max")
        for bound in (low, high):
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, (int, float))):
                raise SdkParityError(f"a length or range bound is not a number: {shown(bound)}", path=at)
        if low is not None and high is not None and low > high:
            raise SdkParityError(f"min {low} is greater than max {high}: no value exists", path=at)
        enum = body.get("enum", [])
        if not isinstance(enum, list) or not all(isinstance(e, str) for e in enum):
            raise SdkParityError("'enum' is not a list of strings", path=at)
        if body["type"] == "list":
            _ref(body.get("member"), shapes, f"{at}.member")
        elif body["type"] == "map":
            _ref(body.get("key"), shapes, f"{at}.key")
            _ref(body.get("value"), shapes, f"{at}.value")
        elif body["type"] == "structure":
            members = _dict(body.get("members", {}), at)
            needed = body.get("required", [])
            if not isinstance(needed, list) or not all(isinstance(n, str) for n in needed):
                raise SdkParityError("'required' is not a list of names", path=at)
            for member, ref in members.items():
                _name(member, f"{at}.{member}")
                target = _ref(ref, shapes, f"{at}.{member}")
                if member in needed and not body.get("union"):
                    required.setdefault(name, []).append(target)
    operations = _dict(model.get("operations", {}), f"{where}:operations")
    for name, body in operations.items():
        at = f"{where}:{name}"
        _name(name, at)
        body = _dict(body, at)
        for part in ("input", "output"):
            if part in body:
                _ref(body[part], shapes, f"{at}.{part}")
        errors = body.get("errors", [])
        if not isinstance(errors, list):
            raise SdkParityError("'errors' is not a list", path=f"{at}.errors")
        for error in errors:
            _ref(error, shapes, f"{at}.errors")
    _check_required_cycles(where, shapes, required)


def _check_required_cycles(where: str, shapes: dict[str, Any], required: dict[str, list[str]]) -> None:
    """A structure that requires itself (directly or through required structures) has no value."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    for root in sorted(required):
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                path.append(node)
            children = [t for t in required.get(node, []) if shapes[t].get("type") == "structure"]
            if index < len(children):
                stack.append((node, index + 1))
                child = children[index]
                if state.get(child) == 1:
                    cycle = " -> ".join(path[path.index(child):] + [child])
                    raise SdkParityError(f"required members form a cycle, no value exists: {cycle}",
                                         path=f"{where}:{child}")
                if not state.get(child):
                    stack.append((child, 0))
                continue
            state[node] = 2
            path.pop()
