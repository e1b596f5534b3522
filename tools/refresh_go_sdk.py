"""Refresh ``generator/naming/data/go.json`` from the Go module sources in the module cache.

Usage: ``python -m tools.refresh_go_sdk`` after ``bash .ci/setup-jsgo`` (which runs
``go mod download`` for the pinned ``generator/verify/toolchains/go/go.mod``).

For every ``service/<pkg>`` module pinned in that go.mod (only those: the Go proxy here serves
exact versions of a few modules, see SDK_JS_GO_NOTES.md) it reads

* ``api_op_*.go``: the fields of each ``<Op>Input`` struct and which operations exist;
* ``types/types.go``: the fields of every structure and union member struct;
* ``types/enums.go``: the constant of each enum value;

and writes, per Go package: the module version, per struct its fields with their Go types
(``*string`` for a pointer, ``[]types.Tag``, ``int32`` ...), per enum type value -> constant.
Field types are the only way to know whether a number or boolean is a pointer (Smithy nullability
plus Go customizations; botocore's ``box`` trait disagrees), and the field list shows the members
Go renames (``String_``) or removes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GO_MOD = REPO / "generator" / "verify" / "toolchains" / "go" / "go.mod"
OUT = REPO / "generator" / "naming" / "data" / "go.json"
SERVICE_PREFIX = "github.com/aws/aws-sdk-go-v2/service/"
_REQUIRE = re.compile(r"^\s*(\S+)\s+(v\S+)\s*$", re.M)
_STRUCT = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.M | re.S)
_FIELD = re.compile(r"^\t([A-Z]\w*)\s+(\S[^/]*?)\s*(?://.*)?$")
_CONST = re.compile(r'^\t(\w+)\s+(\w+)\s*=\s*("(?:[^"\\]|\\.)*")\s*$', re.M)
_OPERATION = re.compile(r"^func \(c \*Client\) (\w+)\(ctx context\.Context", re.M)


def pinned_services(go_mod: Path = GO_MOD) -> dict[str, str]:
    """Go package -> module version for every service module the go.mod pins."""
    text = go_mod.read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for module, version in _REQUIRE.findall(text):
        if module.startswith(SERVICE_PREFIX) and "/" not in module[len(SERVICE_PREFIX) :]:
            package = module[len(SERVICE_PREFIX) :]
            if package != "internal":
                out[package] = version
    return out


def module_cache(env: dict[str, str] | None = None) -> Path:
    value = (env or os.environ).get("GOMODCACHE")
    if value:
        return Path(value)
    result = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True)
    return Path(result.stdout.strip())


def _escape_path(module: str) -> str:
    """The module cache's case encoding: an upper-case letter becomes ``!`` + lower case."""
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), module)


def structs(source: str) -> dict[str, dict[str, str]]:
    """Every ``type X struct {...}`` of a Go file: exported field -> Go type."""
    out: dict[str, dict[str, str]] = {}
    for name, body in _STRUCT.findall(source):
        fields: dict[str, str] = {}
        for line in body.splitlines():
            match = _FIELD.match(line)
            if match:
                fields[match.group(1)] = match.group(2).strip()
        out[name] = fields
    return out


def enums(source: str) -> dict[str, dict[str, str]]:
    """Enum type -> value -> constant, from ``Const Type = "value"`` lines."""
    out: dict[str, dict[str, str]] = {}
    for const, type_name, literal in _CONST.findall(source):
        out.setdefault(type_name, {})[json.loads(literal)] = const
    return out


_FUNC = re.compile(
    r"^func (?:\(v \*(\w+)\) SerializeMembers\(|\w+\(v \*(?:types\.)?(\w+), )(.*?)^\}",
    re.M | re.S,
)
_SCALARS = frozenset({"int32", "int64", "float32", "float64", "bool"})


def always_sent(sources: list[str], shapes: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Struct -> its non-pointer number/boolean fields that the serializers write even when
    zero (no enclosing ``if v.Field``): Go sends them whether or not the example sets them."""
    out: dict[str, set[str]] = {}
    for source in sources:
        for method_owner, func_owner, body in _FUNC.findall(source):
            owner = method_owner or func_owner
            fields = shapes.get(owner, {})
            scalars = {f for f, t in fields.items() if t in _SCALARS}
            if not scalars:
                continue
            lines = body.splitlines()
            for index, line in enumerate(lines):
                for field in scalars:
                    if not re.search(rf"\bv\.{field}\b", line) or line.lstrip().startswith("if "):
                        continue
                    depth = len(line) - len(line.lstrip("\t"))
                    guarded = False
                    for before in reversed(lines[:index]):
                        if before.strip() and len(before) - len(before.lstrip("\t")) < depth:
                            guarded = before.lstrip().startswith("if ") and f"v.{field}" in before
                            break
                    if not guarded:
                        out.setdefault(owner, set()).add(field)
    return {owner: sorted(fields) for owner, fields in sorted(out.items())}


def read_module(folder: Path, version: str) -> dict[str, Any]:
    inputs: dict[str, dict[str, str]] = {}
    operations: list[str] = []
    for path in sorted(folder.glob("api_op_*.go")):
        source = path.read_text(encoding="utf-8")
        operations += _OPERATION.findall(source)
        for name, fields in structs(source).items():
            if name.endswith("Input"):
                inputs[name] = fields
    types_dir = folder / "types"
    shapes = (
        structs((types_dir / "types.go").read_text(encoding="utf-8"))
        if (types_dir / "types.go").is_file()
        else {}
    )
    enum_file = types_dir / "enums.go"
    enum_table = enums(enum_file.read_text(encoding="utf-8")) if enum_file.is_file() else {}
    errors_file = types_dir / "errors.go"
    errors = (
        sorted(structs(errors_file.read_text(encoding="utf-8"))) if errors_file.is_file() else []
    )
    all_structs = {**shapes, **inputs}
    sources = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.go"))]
    sources += [p.read_text(encoding="utf-8") for p in sorted(types_dir.glob("*.go"))]
    return {
        "version": version,
        "always_sent": always_sent(sources, all_structs),
        "operations": sorted(operations),
        "inputs": inputs,
        "types": shapes,
        "enums": enum_table,
        "errors": errors,
    }


def build(go_mod: Path = GO_MOD, cache: Path | None = None) -> dict[str, Any]:
    root = cache or module_cache()
    services: dict[str, Any] = {}
    for package, version in sorted(pinned_services(go_mod).items()):
        folder = root / f"{_escape_path(SERVICE_PREFIX + package)}@{version}"
        if not folder.is_dir():
            raise SystemExit(f"{folder} missing: run `bash .ci/setup-jsgo` first")
        services[package] = read_module(folder, version)
    return {
        "_comment": "Generated by `python -m tools.refresh_go_sdk` from the pinned Go modules; do not edit.",
        "services": services,
    }


def main() -> None:
    data = build()
    OUT.write_text(
        json.dumps(data, indent=0, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"wrote {OUT.relative_to(REPO)}: {len(data['services'])} Go service modules")


if __name__ == "__main__":
    main()
