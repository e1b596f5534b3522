"""What ``sdk-parity --version`` prints: this program's version and the SDK versions it targets.

Input: the installed distributions (sdk-parity, botocore, awscli) and the pins the examples are
written against - the AWS CLI version 2 of ``naming/data/cli_v2.json``, the Java BOM constant of the Java target, the JavaScript clients pinned in
``generator/verify/toolchains/js/package.json`` and the Go modules of
``generator/verify/toolchains/go/go.mod``. Output: lines of text. Nothing is fetched.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import botocore

from generator import __version__
from generator.naming import cli as names
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


def version_lines() -> list[str]:
    installed = _installed("sdk-parity")
    own = installed if installed != "not installed" else __version__
    return [
        f"sdk-parity {own}",
        f"botocore {botocore.__version__}",
        f"awscli {_installed('awscli')}",
        f"AWS CLI version 2 {names.data_table('v2')['awscli']} (its capability table)",
        f"AWS SDK for Java 2.x BOM {JAVA_BOM}",
        f"AWS SDK for JavaScript v3 clients {js_clients()}",
        f"AWS SDK for Go v2 {go_modules()}",
    ]
