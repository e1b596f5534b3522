"""Refresh the AWS SDK for Go v2 pins and naming data from the Go module proxy and the modules.

Usage: ``python -m tools.refresh_go_sdk`` (asks the proxy, ~5 minutes and ~1.5 GB of module
cache in ``.cache/go/mod``), or ``python -m tools.refresh_go_sdk --offline`` (no question asked:
reads the modules the go.mod already pins, after ``bash .ci/setup-jsgo``).

Input: every botocore service (its Go package is its sdkId, see ``generator.naming.go``), the
proxy's answers (:mod:`tools.go_proxy`) and the sources of every served module. Output:

* ``generator/verify/toolchains/go/go.mod`` + ``go.sum``: every served service module pinned;
* ``generator/naming/data/go/modules.json``: per package the version pinned and how it was
  chosen, or the proxy's answer to each question asked and the date (the renderer's skip reason);
* ``generator/naming/data/go/<package>.json``, one per pinned module, from its sources:
  ``api_op_*.go`` (the operations, the fields of each ``<Op>Input``/``<Op>Output`` and each
  paginator's token and limit fields), ``types/types.go`` (every structure and union member
  struct), ``types/enums.go`` (value -> constant), ``types/errors.go`` (the error structs) and
  the serializers (``always_sent``: non-pointer numbers and booleans sent even when zero) and
  ``validators.go`` (``required``: the fields the client refuses to leave out).

Field types are the only way to know whether a number or boolean is a pointer (Smithy
nullability plus Go customizations; botocore's ``box`` trait disagrees), and a model member
without a field is one Go renames (``String_``) or removes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from tools import go_proxy

REPO = Path(__file__).resolve().parent.parent
GO_MOD = REPO / "generator" / "verify" / "toolchains" / "go" / "go.mod"
DATA = REPO / "generator" / "naming" / "data" / "go"
MODULES = DATA / "modules.json"
CACHE = REPO / ".cache" / "go"
SERVICE_PREFIX = go_proxy.SERVICE_PREFIX
_REQUIRE = re.compile(r"^\s*(\S+)\s+(v\S+)(?:\s*//.*)?$", re.M)
_STRUCT = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.M | re.S)
_FIELD = re.compile(r"^\t([A-Z]\w*)\s+(\S[^/]*?)\s*(?://.*)?$")
_CONST = re.compile(r'^\t(\w+)\s+(\w+)\s*=\s*("(?:[^"\\]|\\.)*")\s*$', re.M)
_OPERATION = re.compile(r"^func \(c \*Client\) (\w+)\(ctx context\.Context", re.M)
_PAGINATOR = re.compile(r"^func \(p \*(\w+)Paginator\) NextPage\(.*?^\}", re.M | re.S)


def pinned_services(go_mod: Path = GO_MOD) -> dict[str, str]:
    """Go package -> module version for every service module the go.mod pins."""
    out: dict[str, str] = {}
    for module, version in _REQUIRE.findall(go_mod.read_text(encoding="utf-8")):
        if module.startswith(SERVICE_PREFIX) and "/" not in module[len(SERVICE_PREFIX) :]:
            out[module[len(SERVICE_PREFIX) :]] = version
    return out


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
            if match and match.group(1) != "ResultMetadata":
                fields[match.group(1)] = match.group(2).strip()
        out[name] = fields
    return out


def enums(source: str) -> dict[str, dict[str, str]]:
    """Enum type -> value -> constant, from ``Const Type = "value"`` lines."""
    out: dict[str, dict[str, str]] = {}
    for const, type_name, literal in _CONST.findall(source):
        out.setdefault(type_name, {})[json.loads(literal)] = const
    return out


def paginators(source: str) -> dict[str, dict[str, str]]:
    """Operation -> its Go paginator: the input token field (``in``), the output token path
    (``out``, dotted when nested) and the limit field its ``Limit`` option sets (``limit``)."""
    out: dict[str, dict[str, str]] = {}
    for match in _PAGINATOR.finditer(source):
        body = match.group(0)
        found = {
            "in": re.search(r"\bparams\.(\w+) = p\.nextToken\b", body),
            "out": re.search(r"\bp\.nextToken = result\.([\w.]+)", body),
            "limit": re.search(r"\bparams\.(\w+) = limit\b", body),
        }
        out[match.group(1)] = {key: m.group(1) for key, m in found.items() if m}
    return out


_VALIDATOR = re.compile(r"^func validate\w*\(v \*(?:types\.)?(\w+)\) error \{\n(.*?)^\}", re.M | re.S)
_REQUIRED = re.compile(
    r"if (?:v\.(\w+) == nil|len\(v\.(\w+)\) == 0) \{\n\s*invalidParams\.Add\(smithy\.NewErrParamRequired\("
)


def required(source: str) -> dict[str, list[str]]:
    """Struct -> the fields its validator (``validators.go``) refuses to leave out: the SDK
    checks them before it sends anything, whatever botocore's model says."""
    out: dict[str, set[str]] = {}
    for owner, body in _VALIDATOR.findall(source):
        for pointer, sized in _REQUIRED.findall(body):
            out.setdefault(owner, set()).add(pointer or sized)
    return {owner: sorted(fields) for owner, fields in sorted(out.items())}


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
                for name in scalars:
                    if not re.search(rf"\bv\.{name}\b", line) or line.lstrip().startswith("if "):
                        continue
                    depth = len(line) - len(line.lstrip("\t"))
                    guarded = False
                    for before in reversed(lines[:index]):
                        if before.strip() and len(before) - len(before.lstrip("\t")) < depth:
                            guarded = before.lstrip().startswith("if ") and f"v.{name}" in before
                            break
                    if not guarded:
                        out.setdefault(owner, set()).add(name)
    return {owner: sorted(names) for owner, names in sorted(out.items())}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def read_module(folder: Path, version: str) -> dict[str, Any]:
    """The naming table of one module folder (see the module doc)."""
    inputs: dict[str, dict[str, str]] = {}
    outputs: dict[str, dict[str, str]] = {}
    operations: list[str] = []
    pages: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("api_op_*.go")):
        source = path.read_text(encoding="utf-8")
        operations += _OPERATION.findall(source)
        pages.update(paginators(source))
        for name, fields in structs(source).items():
            if name.endswith("Input"):
                inputs[name] = fields
            elif name.endswith("Output"):
                outputs[name] = fields
    types_dir = folder / "types"
    shapes = structs(_read(types_dir / "types.go"))
    sources = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.go"))]
    sources += [p.read_text(encoding="utf-8") for p in sorted(types_dir.glob("*.go"))]
    return {
        "version": version,
        "always_sent": always_sent(sources, {**shapes, **inputs}),
        "operations": sorted(operations),
        "paginators": pages,
        "inputs": inputs,
        "outputs": outputs,
        "types": shapes,
        "enums": enums(_read(types_dir / "enums.go")),
        "errors": sorted(structs(_read(types_dir / "errors.go"))),
        "required": required(_read(folder / "validators.go")),
    }


def needed_packages() -> list[str]:
    """The Go package of every botocore service (two services may share one)."""
    import botocore.session  # the catalog's services; deferred: the parsers need no botocore

    from generator.naming import go

    session = botocore.session.get_session()
    return sorted(
        {
            go.package(session.get_service_model(name).metadata["serviceId"])
            for name in session.get_available_services()
        }
    )


def module_folder(cache: Path, package: str, version: str) -> Path:
    return cache / "mod" / f"{_escape_path(SERVICE_PREFIX + package)}@{version}"


def _dump(data: Any) -> str:
    return json.dumps(data, indent=0, sort_keys=True, separators=(",", ":")) + "\n"


def ask_everything(packages: list[str], today: str) -> dict[str, Any]:
    """Ask the proxy about every package; rewrite go.mod/go.sum; the modules table."""
    env = go_proxy.proxy_env(CACHE)
    before = pinned_services()
    core = re.search(
        r"^\s*" + re.escape(go_proxy.CORE) + r"\s+(v\S+)", GO_MOD.read_text(encoding="utf-8"), re.M
    )
    if core is None:
        raise SystemExit(f"{GO_MOD} pins no {go_proxy.CORE}")
    core_dir = CACHE / "mod" / f"{_escape_path(go_proxy.CORE)}@{core.group(1)}"
    if not core_dir.is_dir():
        raise SystemExit(f"{core_dir} missing: run `bash .ci/setup-jsgo` first")
    named = go_proxy.changelog_releases(core_dir)
    table: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        answers = []
        for number, package in enumerate(packages, 1):
            answer = go_proxy.ask(
                package, env, Path(scratch), before.get(package), named.get(package, [])
            )
            answers.append(answer)
            state = answer.version or "; ".join(f"{q}: {a}" for q, a in answer.refused)
            print(f"[{number}/{len(packages)}] {package}: {state}", flush=True)
        go_mod, go_sum = go_proxy.pin(answers, GO_MOD, env, Path(scratch) / "pins")
    GO_MOD.write_text(go_mod, encoding="utf-8")
    GO_MOD.with_name("go.sum").write_text(go_sum, encoding="utf-8")
    for answer in answers:
        if answer.version:
            table[answer.package] = {"version": answer.version, "how": answer.how}
        else:
            table[answer.package] = {"asked": today, "refused": [list(r) for r in answer.refused]}
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offline", action="store_true",
                        help="ask nothing: re-read the modules go.mod pins")  # fmt: skip
    args = parser.parse_args(argv)
    packages = needed_packages()
    if args.offline:
        old = json.loads(MODULES.read_text(encoding="utf-8"))["modules"]
        table = {p: old[p] for p in packages if p in old}
    else:
        table = ask_everything(packages, dt.date.today().isoformat())
    pinned = pinned_services()  # go get (in ask_everything) downloaded every pinned module
    staged = Path(tempfile.mkdtemp(prefix="go-naming-", dir=DATA.parent))
    try:
        for package in packages:
            if package not in pinned:
                continue
            folder = module_folder(CACHE, package, pinned[package])
            if not folder.is_dir():
                raise SystemExit(f"{folder} missing: run `bash .ci/setup-jsgo` first")
            (staged / f"{package}.json").write_text(
                _dump(read_module(folder, pinned[package])), encoding="utf-8"
            )
        (staged / "modules.json").write_text(
            _dump({"_comment": "Written by `python -m tools.refresh_go_sdk`; do not edit.",
                   "modules": table}), encoding="utf-8",
        )  # fmt: skip
        shutil.rmtree(DATA, ignore_errors=True)
        staged.rename(DATA)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    served = sum(1 for entry in table.values() if "version" in entry)
    print(f"wrote {DATA.relative_to(REPO)}: {served} of {len(table)} Go service modules served")


if __name__ == "__main__":
    main()
