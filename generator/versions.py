"""What ``sdk-parity --version`` prints: this program's version and the SDK versions it targets;
and, per service, the SDK each language's example runs on (``verify`` writes it into its report).

Input: the installed distributions (sdk-parity, botocore, boto3, awscli) and the pins the
examples are written against - the AWS CLI version 2 of ``naming/data/cli_v2.json``, the Java
BOM constant of the Java target, the JavaScript clients pinned in
``generator/verify/toolchains/js/package.json``, the Go modules of
``generator/verify/toolchains/go/go.mod`` and the Rust crates of
``generator/verify/toolchains/rust/Cargo.lock``. Output: lines of text. Nothing is fetched.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import botocore

from generator import __version__
from generator.naming import cli as names
from generator.naming import go as go_names
from generator.naming import js as js_names
from generator.naming import rust as rust_names
from generator.targets.java import SDK_VERSION as JAVA_BOM

TOOLCHAINS = Path(__file__).resolve().parent / "verify" / "toolchains"


def _installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _span(versions: list[str]) -> str:
    ordered = sorted(set(versions), key=_version_key)
    if not ordered:
        return "none pinned"
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}"


def js_clients() -> str:
    """``3.952.0 to 3.1169.0 (17 clients)``: the pinned ``@aws-sdk/client-*`` packages."""
    try:
        pins = json.loads((TOOLCHAINS / "js" / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "unknown (no package.json)"
    deps = {**pins.get("dependencies", {}), **pins.get("devDependencies", {})}
    clients = [v.lstrip("^~=") for k, v in deps.items() if k.startswith("@aws-sdk/client-")]
    return f"{_span(clients)} ({len(clients)} clients)"


def go_modules() -> str:
    """``v1.48.0 (+ 20 service modules)``: the pinned ``aws-sdk-go-v2`` core and services."""
    try:
        text = (TOOLCHAINS / "go" / "go.mod").read_text(encoding="utf-8")
    except OSError:
        return "unknown (no go.mod)"
    core = re.search(r"^\s*github\.com/aws/aws-sdk-go-v2 (v\S+)", text, re.MULTILINE)
    services = re.findall(r"^\s*github\.com/aws/aws-sdk-go-v2/service/\S+ v\S+", text, re.MULTILINE)
    return f"{core.group(1) if core else 'unknown'} (+ {len(services)} service modules)"


def rust_crates() -> str:
    """``aws-config 1.13.0 (+ 49 service crates)``: the pinned AWS SDK for Rust crates."""
    try:
        text = (TOOLCHAINS / "rust" / "Cargo.lock").read_text(encoding="utf-8")
    except OSError:
        return "unknown (no Cargo.lock)"
    packages = dict(re.findall(r'^name = "([^"]+)"\nversion = "([^"]+)"', text, re.MULTILINE))
    services = [name for name in packages if name.startswith("aws-sdk-")]
    config = packages.get("aws-config", "unknown")
    return f"aws-config {config} (+ {len(services)} service crates)"


def version_lines() -> list[str]:
    return [
        f"sdk-parity {_own_version()}",
        f"botocore {botocore.__version__}",
        f"awscli {_installed('awscli')}",
        f"AWS CLI version 2 {names.data_table('v2')['awscli']} (its capability table)",
        f"AWS SDK for Java 2.x BOM {JAVA_BOM}",
        f"AWS SDK for JavaScript v3 clients {js_clients()}",
        f"AWS SDK for Go v2 {go_modules()}",
        f"AWS SDK for Rust {rust_crates()}",
    ]


def _own_version() -> str:
    installed = _installed("sdk-parity")
    return installed if installed != "not installed" else __version__


def example_sdks(service_id: str) -> dict[str, str]:
    """Language -> the SDK and version its examples of a service run on, as a reader names it
    (``AWS SDK for Java 2.x 2.57.8``); a language whose SDK is not here (not installed, or no
    client pinned for the service) is left out."""
    awscli, boto3 = _installed("awscli"), _installed("boto3")
    js, go = js_names.pinned_version(service_id), go_names.module_version(service_id)
    rust = rust_names.crate_version(service_id)
    go_module = go_names.module(service_id).removeprefix(go_names.MODULE_ROOT + "/")
    sdks = {
        "cli": f"AWS CLI {awscli}" if awscli != "not installed" else "",
        "cli-v2": f"AWS CLI {names.data_table('v2')['awscli']}",  # the edition its table is from
        "python": f"AWS SDK for Python (Boto3) {boto3}" if boto3 != "not installed" else "",
        "java": f"AWS SDK for Java 2.x {JAVA_BOM}",
        "js": f"AWS SDK for JavaScript v3 {js_names.package(service_id)} {js}" if js else "",
        "go": f"AWS SDK for Go v2 {go_module} {go}" if go else "",
        "rust": f"AWS SDK for Rust {rust_names.crate(service_id)} {rust}" if rust else "",
        "client": f"the typed Python client of sdk-parity {_own_version()} on botocore {botocore.__version__}",
    }
    return {lang: text for lang, text in sdks.items() if text}
