"""Refresh ``generator/naming/data/rust.json`` from the pinned AWS SDK for Rust crates' sources.

Usage: ``python -m tools.refresh_rust_sdk`` after ``bash .ci/setup-rust`` (which runs ``cargo fetch``
for ``generator/verify/toolchains/rust/Cargo.lock``, so the crates' sources are unpacked in
``.cache/rust/cargo/registry/src/``).

For every ``aws-sdk-<name>`` crate the lock file pins it reads the code smithy-rs generated:

* ``src/operation/<op>.rs`` and ``src/operation/<op>/builders.rs``: the operation struct, its
  fluent builder's setters (``set_<member>`` and the type it takes), whether it has
  ``into_paginator`` and the variants of its error enum;
* ``src/types/_<shape>.rs``: each structure builder's setters and whether its ``build()`` returns
  a ``Result`` (a required member without a default), each enum's value -> variant (from its
  ``From<&str>``), each union's variant -> type;

and writes per crate: its version and those tables, with types written without their crate
paths (``Vec<Tag>``, ``HashMap<String, AttributeValue>``, ``Blob``). The names follow smithy-rs'
rules (``generator/naming/rust.py`` implements them); the table is what the published crate
really has, so a member the crate lacks (a model newer than the crate) or a rename is found.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PINS = REPO / "generator" / "verify" / "toolchains" / "rust"
OUT = REPO / "generator" / "naming" / "data" / "rust.json"
CRATE_PREFIX = "aws-sdk-"
_PACKAGE = re.compile(r'^\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', re.M)
_SETTER = re.compile(
    r"pub fn set_(\w+)\(\s*mut self,\s*input:\s*::std::option::Option<(.+?)>,?\s*\)\s*->\s*Self",
    re.S,
)
_STRUCT = re.compile(r"^pub struct (\w+) \{", re.M)
_OP_STRUCT = re.compile(r"^pub struct (\w+);", re.M)
_FROM_STR = re.compile(r"impl ::std::convert::From<&str> for (\w+) \{(.*?)\n\}", re.S)
_ARM = re.compile(r'^\s*("(?:[^"\\]|\\.)*") => \w+::(\w+),$', re.M)
_XML_ROOT = re.compile(r'if !start_el\.matches\("([^"]+)"\)')  # the root a deserializer insists on
_ENUM = re.compile(r"^pub enum (\w+) \{\n(.*?)^\}", re.M | re.S)
_VARIANT = re.compile(r"^    (\w+)\((.*)\),$", re.M)
_UNIT_VARIANT = re.compile(r"^    (\w+),$", re.M)
_PATHS = (
    "::std::string::", "::std::vec::", "::std::collections::", "::std::option::",
    "::aws_smithy_types::byte_stream::", "::aws_smithy_types::", "crate::primitives::",
    "crate::types::", "::std::",
)  # fmt: skip


def short_type(text: str) -> str:
    """A Rust type without crate paths or spaces: ``::std::vec::Vec<crate::types::Tag>`` ->
    ``Vec<Tag>``."""
    out = re.sub(r"\s+", "", text).rstrip(",")
    for path in _PATHS:
        out = out.replace(path, "")
    return out.replace(",>", ">").replace(",", ", ")


def pinned_crates(lock: Path = PINS / "Cargo.lock") -> dict[str, str]:
    """Service crate name (``aws-sdk-personalize``) -> version, for every service crate pinned."""
    text = lock.read_text(encoding="utf-8")
    return {
        name: version for name, version in _PACKAGE.findall(text) if name.startswith(CRATE_PREFIX)
    }


def pinned_version(name: str, lock: Path = PINS / "Cargo.lock") -> str | None:
    """The version of any crate the lock file pins (``aws-config``), or None."""
    for found, version in _PACKAGE.findall(lock.read_text(encoding="utf-8")):
        if found == name:
            return version
    return None


def setters(source: str) -> dict[str, str]:
    """Member -> the type its ``set_<member>`` takes (inside ``Option``), in source order."""
    return {name: short_type(kind) for name, kind in _SETTER.findall(source)}


def read_operation(module: Path) -> dict[str, Any] | None:
    """One operation's tables from ``operation/<op>.rs`` and ``operation/<op>/builders.rs``."""
    source = module.read_text(encoding="utf-8")
    found = _OP_STRUCT.search(source)
    builders = module.with_suffix("") / "builders.rs"
    if found is None or not builders.is_file():
        return None
    name = found.group(1)
    fluent = builders.read_text(encoding="utf-8")
    start = fluent.find(f"impl {name}FluentBuilder {{")
    errors: list[str] = []
    for enum_name, body in _ENUM.findall(source):
        if enum_name == f"{name}Error":
            errors = [v for v, _ in _VARIANT.findall(body) if v != "Unhandled"]
    found_op = {
        "name": name,
        "setters": setters(fluent[start:] if start >= 0 else fluent),
        "paginator": "pub fn into_paginator(self)" in fluent,
        "errors": errors,
    }
    deserializer = module.parent.parent / "protocol_serde" / f"shape_{module.stem}.rs"
    if deserializer.is_file():
        root = _XML_ROOT.search(deserializer.read_text(encoding="utf-8"))
        if root is not None and root.group(1).lower() != f"{name}Response".lower():
            found_op["xml_root"] = root.group(1)  # S3's ListBucketResult, not <Op>Response
    return found_op


def read_types(folder: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(structures, enums, unions) of a crate's ``src/types``."""
    structs: dict[str, Any] = {}
    enums: dict[str, dict[str, str]] = {}
    unions: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("_*.rs")):
        source = path.read_text(encoding="utf-8")
        from_str = _FROM_STR.search(source)
        if from_str is not None:
            arms = {json.loads(v): variant for v, variant in _ARM.findall(from_str.group(2))}
            enums[from_str.group(1)] = arms
            continue
        builder = re.search(r"^pub struct (\w+)Builder \{", source, re.M)
        if builder is not None:
            name = builder.group(1)
            impl = source[source.find(f"impl {name}Builder {{") :]
            fallible = re.search(
                r"pub fn build\(\s*self,?\s*\)\s*->\s*::std::result::Result<", impl
            )
            structs[name] = {"setters": setters(impl), "fallible": fallible is not None}
            continue
        for enum_name, body in _ENUM.findall(source):
            variants = {v: short_type(t) for v, t in _VARIANT.findall(body)}
            variants.update({v: "" for v in _UNIT_VARIANT.findall(body) if v != "Unknown"})
            unions[enum_name] = variants
    return structs, enums, unions


def read_crate(folder: Path, version: str) -> dict[str, Any]:
    src = folder / "src"
    operations: dict[str, Any] = {}
    for module in sorted((src / "operation").glob("*.rs")):
        found = read_operation(module)
        if found is not None:
            operations[module.stem] = found
    structs, enums, unions = read_types(src / "types")
    return {
        "version": version,
        "operations": operations,
        "structs": structs,
        "enums": enums,
        "unions": unions,
    }


def registry_src(cargo_home: Path | None = None) -> Path:
    """The folder cargo unpacks crates.io sources into (``$CARGO_HOME/registry/src/<index>``)."""
    home = cargo_home or Path(
        os.environ.get("SDK_PARITY_CARGO_HOME") or REPO / ".cache" / "rust" / "cargo"
    )
    found = sorted((home / "registry" / "src").glob("index.crates.io-*"))
    if not found:
        raise SystemExit(f"{home}/registry/src has no crates: run `bash .ci/setup-rust` first")
    return found[0]


def build(lock: Path = PINS / "Cargo.lock", source: Path | None = None) -> dict[str, Any]:
    root = source or registry_src()
    crates: dict[str, Any] = {}
    for name, version in sorted(pinned_crates(lock).items()):
        folder = root / f"{name}-{version}"
        if not (folder / "src").is_dir():
            raise SystemExit(f"{folder} missing: run `bash .ci/setup-rust` first")
        crates[name[len(CRATE_PREFIX) :]] = read_crate(folder, version)
    return {
        "_comment": "Generated by `python -m tools.refresh_rust_sdk` from the pinned crates' "
        "sources (generator/verify/toolchains/rust/Cargo.lock); do not edit.",
        "aws-config": pinned_version("aws-config", lock),
        "crates": crates,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=0, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> None:
    data = build()
    OUT.write_text(dumps(data), encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(data['crates'])} AWS SDK for Rust crates")


if __name__ == "__main__":
    main()
