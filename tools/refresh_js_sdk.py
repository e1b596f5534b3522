"""Refresh ``generator/naming/data/js.json``: the paginators of each pinned JavaScript v3 client.

Usage: ``.venv/bin/python -m tools.refresh_js_sdk`` after ``bash .ci/setup-jsgo`` (which runs
``npm ci`` of ``generator/verify/toolchains/js/package-lock.json`` into ``.cache/js``).

A v3 client exports ``paginate<Op>`` for each operation its Smithy model marks ``@paginated``,
made by ``createPaginator(<Client>, <Op>Command, inputToken, outputToken, pageSizeToken)`` in the
package's ``dist-cjs/index.js``. That list is not botocore's: botocore has hand-written
paginators the Smithy models lack (apigateway ``GetAuthorizers``) and lacks some they have
(translate ``ListLanguages``). So the JavaScript examples use a paginator only where the pinned
client exports one, read here from the installed package: per package its version and, per
operation, ``[inputToken, outputToken, pageSizeToken or null]``. A client not pinned here has
no entry; its examples call the operation once (``naming.js.paginator``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from generator.naming import js
from generator.verify import jstool

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "generator" / "naming" / "data" / "js.json"
_PAGINATOR = re.compile(
    r"createPaginator\(\s*\w+,\s*(\w+)Command,\s*\"([^\"]*)\",\s*\"([^\"]*)\"(?:,\s*\"([^\"]*)\")?\s*\)"
)
ABOUT = (
    "Paginators of the AWS SDK for JavaScript v3 clients pinned in "
    "generator/verify/toolchains/js/package.json, read from each installed package's "
    "dist-cjs/index.js (createPaginator calls) by tools/refresh_js_sdk.py: package -> version "
    "and operation -> [inputToken, outputToken, pageSizeToken or null]. Read by "
    "naming.js.paginator."
)


def paginators(index_js: str) -> dict[str, list[str | None]]:
    """Operation -> [input token, output token, page size token or None] of a client bundle."""
    out: dict[str, list[str | None]] = {}
    for operation, token_in, token_out, page_size in _PAGINATOR.findall(index_js):
        out[operation] = [token_in, token_out, page_size or None]
    return dict(sorted(out.items()))


def build(cache: Path) -> dict[str, Any]:
    installed = jstool.installed_packages(cache)
    packages: dict[str, Any] = {}
    for package in sorted(js.pinned_packages()):
        if not package.startswith(js.PACKAGE_PREFIX):
            continue
        if package not in installed:
            raise SystemExit(f"refresh_js_sdk: {package} is not installed in {cache}: run .ci/setup-jsgo")
        bundle = cache / "node_modules" / package / "dist-cjs" / "index.js"
        packages[package] = {
            "version": installed[package],
            "paginators": paginators(bundle.read_text(encoding="utf-8")),
        }
    return {"_about": ABOUT, "packages": packages}


def main(argv: list[str] | None = None) -> int:
    del argv
    data = build(jstool.DEFAULT_CACHE_DIR)
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    count = sum(len(p["paginators"]) for p in data["packages"].values())
    print(f"refresh_js_sdk: {len(data['packages'])} packages, {count} paginators", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
