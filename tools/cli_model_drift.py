"""Where the model awscli bundles differs from botocore's for an operation both have.

awscli 1.x ships its own copy of botocore (``awscli/botocore``, with its own ``data/``), older
than the standalone botocore the other examples use, and the CLI sends what *its* model says.
``tools/cli_names.py`` records what that model lacks (operations, members); this records what
it has differently: the HTTP request line of an operation, a member whose type differs, a
member it requires that botocore does not. Paths name members from the input shape down, list
and map levels skipped (as ``generator.values.tree.member_paths``).

Reads both data folders as JSON (no awscli import). ``--emit-data`` writes
``generator/naming/data/cli_model_drift.json``; without it, prints the table.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "generator" / "naming" / "data" / "cli_model_drift.json"


def _read(path: Path) -> Any:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    return json.loads(path.read_text(encoding="utf-8"))


def _models(data: Path) -> dict[str, Path]:
    """Service name -> the newest API version's service-2 file under a botocore data folder."""
    out: dict[str, Path] = {}
    for service in sorted(p for p in data.iterdir() if p.is_dir()):
        versions = sorted(v for v in service.iterdir() if v.is_dir())
        for version in reversed(versions):
            found = [version / n for n in ("service-2.json", "service-2.json.gz") if (version / n).is_file()]
            if found:
                out[service.name] = found[0]
                break
    return out


def _kind(shapes: dict[str, Any], name: str) -> str:
    """A shape's type with its list/map element types: ``list<map<string,string>>``."""
    shape = shapes[name]
    kind = shape["type"]
    if kind == "list":
        return f"list<{_kind(shapes, shape['member']['shape'])}>"
    if kind == "map":
        return f"map<{_kind(shapes, shape['key']['shape'])},{_kind(shapes, shape['value']['shape'])}>"
    return str(kind)


def _element(shapes: dict[str, Any], name: str) -> str:
    """The structure below list/map levels (or the shape itself)."""
    shape = shapes[name]
    while shape["type"] in ("list", "map"):
        name = shape["member" if shape["type"] == "list" else "value"]["shape"]
        shape = shapes[name]
    return name


def _walk(
    cli: dict[str, Any], ours: dict[str, Any], cli_name: str, our_name: str, path: tuple[str, ...],
    seen: set[tuple[str, str]], required: list[str], types: dict[str, str],
) -> None:
    cli_shape, our_shape = cli[_element(cli, cli_name)], ours[_element(ours, our_name)]
    key = (_element(cli, cli_name), _element(ours, our_name))
    if key in seen or cli_shape["type"] != "structure" or our_shape["type"] != "structure":
        return
    seen.add(key)
    ours_required = set(our_shape.get("required", ()))
    for member in cli_shape.get("required", ()):
        # also a member botocore's model lacks altogether (glue PutAttachment FormTypeId,
        # renamed FormTypeIdentifier later): the CLI demands an option no example can set
        if member not in ours_required:
            required.append(".".join((*path, member)))
    for member, ref in cli_shape.get("members", {}).items():
        our_ref = our_shape.get("members", {}).get(member)
        if our_ref is None:
            continue  # a member awscli lacks is cli_model_gaps.json's business, not this
        cli_kind, our_kind = _kind(cli, ref["shape"]), _kind(ours, our_ref["shape"])
        dotted = ".".join((*path, member))
        if cli_kind != our_kind:
            types[dotted] = f"{cli_kind} in awscli's model, {our_kind} in botocore's"
            continue
        _walk(cli, ours, ref["shape"], our_ref["shape"], (*path, member), seen, required, types)


def compare(cli_data: Path, our_data: Path) -> dict[str, Any]:
    """The drift table (see the module docstring)."""
    table: dict[str, Any] = {"requests": {}, "required": {}, "types": {}}
    cli_models, our_models = _models(cli_data), _models(our_data)
    for service in sorted(set(cli_models) & set(our_models)):
        cli, ours = _read(cli_models[service]), _read(our_models[service])
        for op, our_op in sorted(ours["operations"].items()):
            cli_op = cli["operations"].get(op)
            if cli_op is None:
                continue
            cli_http, our_http = cli_op.get("http", {}), our_op.get("http", {})
            cli_line = f"{cli_http.get('method')} {cli_http.get('requestUri')}"
            our_line = f"{our_http.get('method')} {our_http.get('requestUri')}"
            if cli_line != our_line:
                table["requests"].setdefault(service, {})[op] = (
                    f"{cli_line} in awscli's model, {our_line} in botocore's"
                )
            if "input" not in cli_op or "input" not in our_op:
                continue
            required: list[str] = []
            types: dict[str, str] = {}
            _walk(cli["shapes"], ours["shapes"], cli_op["input"]["shape"], our_op["input"]["shape"],
                  (), set(), required, types)
            if required:
                table["required"].setdefault(service, {})[op] = sorted(required)
            if types:
                table["types"].setdefault(service, {})[op] = dict(sorted(types.items()))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emit-data", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    ns = parser.parse_args(argv)
    cli_root, site = awscli_root()
    cli_data = cli_root / "botocore" / "data"
    our_data = site / "botocore" / "data"
    table = {
        "_about": (
            "Operations both models have, where the model bundled with awscli (its own copy of "
            "botocore) differs from standalone botocore's: 'requests': the HTTP request line; "
            "'required': member paths it requires and botocore does not; 'types': member paths "
            "whose type differs. Derived by tools/cli_model_drift.py --emit-data."
        ),
        "awscli": read_version(cli_root / "__init__.py"),
        "cli_botocore": read_version(cli_root / "botocore" / "__init__.py"),
        "botocore": read_version(site / "botocore" / "__init__.py"),
        **compare(cli_data, our_data),
    }
    text = json.dumps(table, indent=1, sort_keys=True) + "\n"
    if ns.emit_data:
        tmp = OUT.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(OUT)
        print(f"wrote {OUT.relative_to(ROOT)}")
    else:
        sys.stdout.write(text)
    return 0


def awscli_root() -> tuple[Path, Path]:
    """awscli's package folder and the site-packages holding it, found without importing
    awscli (importing it puts its own botocore first on the import path)."""
    spec = importlib.util.find_spec("awscli")
    if spec is None or spec.origin is None:
        raise SystemExit("cli_model_drift: awscli is not installed")
    root = Path(spec.origin).parent
    return root, root.parent


def read_version(init: Path) -> str:
    for line in init.read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("'\"")
    return ""


if __name__ == "__main__":
    sys.exit(main())
