"""Helpers shared by the typed-client tests: generate a package and import it, run checkers.

Not a test module. Packages are generated into a temporary folder with the same code the
CLI uses (``render_client`` + ``write_tree``); checkers run as subprocesses of this
interpreter (``python -m mypy``, ``python -m pyright``), so the tests never depend on PATH.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from generator.generate.write import write_tree
from generator.model.lower import load_service
from generator.naming.python import distribution_name, package_name
from generator.targets.client.package import render_client

USAGE = Path(__file__).resolve().parent
UPDATE_ENV = "SDK_PARITY_UPDATE_SNAPSHOTS"


def generate(service: str, out: Path, operations: list[str] | None = None) -> Path:
    """Write the package of ``service`` under ``out``; return its ``src`` folder."""
    write_tree(render_client(load_service(service), operations), out, prune=True)
    return out / "python" / distribution_name(service) / "src"


def import_package(service: str, src: Path) -> ModuleType:
    """Import the generated package from ``src`` (replacing an import of another copy)."""
    name = package_name(service)
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    return importlib.import_module(name)


def run_mypy(root: Path, targets: list[str]) -> str:
    """``mypy --strict`` on ``targets`` (relative to ``root``); its output, paths relative."""
    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary"]
    command += [
        "--cache-dir",
        str(root / ".mypy_cache"),
        "--hide-error-context",
        *targets,
    ]
    done = subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False
    )
    return done.stdout + done.stderr


def run_pyright(root: Path, targets: list[str]) -> str:
    """pyright in strict mode on ``targets`` (relative to ``root``); its JSON report."""
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.11", "include": targets}
    (root / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pyright",
        "--outputjson",
        "--pythonpath",
        sys.executable,
    ]
    done = subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False
    )
    return done.stdout


def pyright_diagnostics(output: str, root: Path) -> list[str]:
    """pyright's diagnostics as ``file:line:col - error: message (rule)``, paths relative."""
    try:
        report = json.loads(output)
    except ValueError:
        return [f"unreadable pyright output: {output[:2000]}"]
    found: list[str] = []
    for item in report.get("generalDiagnostics", []):
        if item["severity"] not in ("error", "warning"):
            continue
        path = Path(item["file"]).relative_to(root).as_posix()
        start = item["range"]["start"]
        message = item["message"].replace("\xa0", " ")
        rule = f" ({item['rule']})" if item.get("rule") else ""
        found.append(
            f"{path}:{start['line'] + 1}:{start['character'] + 1} - "
            f"{item['severity']}: {message}{rule}"
        )
    return found


def mypy_diagnostics(output: str) -> list[str]:
    return [
        line for line in output.splitlines() if re.match(r".+:\d+: (error|note)", line)
    ]
