# mypy: disable-error-code="import-untyped"
"""What AWS CLI version 2 reads differently from the version 1 the CLI examples are written for.

The CLI examples are written for awscli 1.x (``generator/naming/cli.py`` and the
``cli_*.json`` tables come from its argument tables). AWS CLI version 2 bundles its own, older
copy of botocore and its models (2.9.19: botocore 2.0.0dev155, early 2023), so an example may
name a service, an operation, a member or an option that version 2 does not have, or version 2
may read a word differently. This tool finds out, per operation version 1 can send:

* from version 2's own argument tables - ``tools/cli_names.py``'s probe, run by version 2's
  Python (``generator/verify/clitool.py`` finds it): services and operations it lacks, members
  it lacks or gives another option, its pagination options, the values it reads as a file where
  version 1 takes them literally (``PARAMFILE_DISABLED`` is version 1 only), hoisted options,
  options it requires, and global options a member option would collide with;
* from version 2's data folder, read as JSON (``tools/cli_model_drift.py``): nested members its
  models lack, and where its models differ from botocore's (request line, member types,
  required members).

``--emit-data`` writes ``generator/naming/data/cli_v2.json`` (read by
``generator/capabilities/cli_v2.py``); without it, prints a summary. A run takes about a minute
(the probe walks every argument table of version 2).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tools import cli_model_drift, cli_names

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "generator" / "naming" / "data" / "cli_v2.json"
_LACKS = "lacks"
_PAGE = ("--starting-token", "--page-size", "--max-items")


def v2_package(python: str) -> Path:
    """The folder of the ``awscli`` package version 2's Python imports."""
    proc = subprocess.run(
        [python, "-c", "import awscli; print(awscli.__file__)"], capture_output=True, text=True,
        check=True, cwd="/", env=cli_names.child_env() | {"PYTHONPATH": ""},
    )  # fmt: skip
    return Path(proc.stdout.strip()).parent


def _clash(option: str, globals_: list[str]) -> str | None:
    """The global option of version 2 that argparse would match for ``option`` (or None)."""
    hits = [g for g in globals_ if g == option or g.startswith(option)]
    return "|".join(hits) if hits else None


def _shape_gaps(
    shape: Any, cli_name: str, outline: dict[str, Any], gaps: dict[str, set[str]],
    seen: set[tuple[str, str]], top: bool = True,
) -> None:  # fmt: skip
    """Record, per botocore structure below the input, the members that the structure version
    2's model has in the same place lacks (``outline``: version 2's structures, lists and maps
    as the probe gives them). Kept per structure, not per member path: one structure is reached
    by many paths (quicksight's dashboard definitions), and a user's value names the structure
    it sets a member of. The input's own members are the 'members' table's business."""
    key = (shape.name, cli_name)
    node = outline.get(cli_name)
    if key in seen or node is None:
        return
    seen.add(key)
    if shape.type_name == "structure" and isinstance(node, dict):
        for member, target in shape.members.items():
            if member not in node:
                if not top:
                    gaps.setdefault(shape.name, set()).add(member)
            else:
                _shape_gaps(target, node[member], outline, gaps, seen, top=False)
    elif shape.type_name == "list" and isinstance(node, str):
        _shape_gaps(shape.member, node, outline, gaps, seen, top=False)
    elif shape.type_name == "map" and isinstance(node, str):
        _shape_gaps(shape.value, node, outline, gaps, seen, top=False)


def _operation(
    cli: Any, svc: str, op: str, om: Any, rec: dict[str, Any], v2_globals: list[str],
    table: dict[str, Any],
) -> None:  # fmt: skip
    """Record what version 2's argument table of one operation does otherwise."""
    command = cli.command_name(op)
    real = rec["commands"].get(command)
    if real is None:
        found = ", ".join(sorted(rec["commands"])) or "none"
        table["commands"].setdefault(svc, {})[op] = (
            f"'aws {cli.service_word(svc)} {command}' is not a command of AWS CLI "
            f"{table['awscli']} (its commands for {op}: {found})"
        )
        return
    args = real["args"]
    lacking: list[str] = []
    options: dict[str, str] = {}
    for member in om.input_shape.members if om.input_shape is not None else ():
        if member not in rec["members"]:
            lacking.append(member)
            continue
        mo = cli.member_option(svc, op, member)
        bound = [a for a in args if a["member"] == member]
        have = {"--" + a["name"] for a in bound}
        for flag in (mo.option, mo.negative):
            if flag is None or flag in _PAGE:
                continue
            if flag not in have:
                options[member] = f"it has no {flag} option for it ({', '.join(sorted(have)) or 'none'})"
            elif (clash := _clash(flag, v2_globals)) and not cli.global_option_clash(flag):
                options[member] = f"its global option {clash} takes {flag}"
        if any(a.get("old_list_case") for a in bound) != cli.old_list_case(svc, op, member):
            options[member] = "it reads the list's shorthand words another way (old list case)"
        if cli.paramfile_disabled(svc, op, member) and any(a.get("paramfile") for a in bound):
            table["paramfile"].setdefault(svc, {}).setdefault(op, []).append(member)
    if lacking:
        table["members"].setdefault(svc, {})[op] = sorted(lacking)
    if options:
        table["options"].setdefault(svc, {})[op] = dict(sorted(options.items()))
    v2_pages = {"--" + a["name"] for a in args if a["cls"] == "PageArgument"}
    if set(cli.pagination_options(svc, op)) != v2_pages:
        table["pagination"].setdefault(svc, {})[op] = sorted(v2_pages)
    v2_hoists = {".".join(a["hoist"]): "--" + a["name"] for a in args if "hoist" in a}
    v1_hoists = cli.lookup(cli.data_table("customizations"), "hoists", svc, op) or {}
    lost = sorted(p for p, name in v1_hoists.items() if v2_hoists.get(p) != "--" + name)
    if lost:
        table["hoists"].setdefault(svc, {})[op] = lost


def _protocols(v2_data: Path, botocore_data: Path, absent: set[str]) -> dict[str, str]:
    """Services whose requests version 2 sends in a protocol botocore's model no longer lists
    (sqs: query in 2.9.19, json only in botocore now): another request altogether."""
    v2_models, our_models = cli_model_drift._models(v2_data), cli_model_drift._models(botocore_data)
    found: dict[str, str] = {}
    for service in sorted(set(v2_models) & set(our_models) - absent):
        theirs = cli_model_drift._read(v2_models[service])["metadata"]
        ours = cli_model_drift._read(our_models[service])["metadata"]
        listed = ours.get("protocols") or [ours["protocol"]]
        if theirs["protocol"] not in listed:
            found[service] = f"{theirs['protocol']} (botocore's model: {', '.join(listed)})"
    return found


def derive(probe: dict[str, Any], v2_data: Path, botocore_data: Path) -> dict[str, Any]:
    """The table (see the module docstring) from a version 2 probe and the two data folders."""
    cli_names._ensure_path()
    import botocore.session

    from generator.capabilities import cli as cli_caps
    from generator.naming import cli

    session = botocore.session.get_session()
    v2_globals = ["--" + g for g in probe["tables"]["global_options"]]
    table: dict[str, Any] = {
        "awscli": probe["awscli"], "services": [], "operations": {}, "commands": {},
        "members": {}, "options": {}, "nested_members": {}, "pagination": {}, "paramfile": {},
        "hoists": {},
    }  # fmt: skip
    for svc in sorted(session.get_available_services()):
        if svc not in probe["ops"]:
            table["services"].append(svc)
            continue
        model = session.get_service_model(svc)
        gaps: dict[str, set[str]] = {}  # botocore structure -> members version 2's lacks
        seen: set[tuple[str, str]] = set()
        for op in sorted(model.operation_names):
            if cli_caps.unusable_reason(svc, op) is not None:
                continue  # version 1 cannot send it: there is no example to run
            rec = probe["ops"][svc].get(op)
            if rec is None:
                table["operations"].setdefault(svc, []).append(op)
                continue
            om = model.operation_model(op)
            _operation(cli, svc, op, om, rec, v2_globals, table)
            if "input" in rec and om.input_shape is not None:
                _shape_gaps(om.input_shape, rec["input"], probe["shapes"][svc], gaps, seen)
        if gaps:
            table["nested_members"][svc] = {shape: sorted(found) for shape, found in sorted(gaps.items())}
    drift = cli_model_drift.compare(v2_data, botocore_data)
    table["protocols"] = _protocols(v2_data, botocore_data, set(table["services"]))
    return {**table, **drift}


def build(probe_file: Path | None = None) -> dict[str, Any]:
    """Probe the installed AWS CLI version 2 (or read a saved probe) and derive the table."""
    cli_names._ensure_path()
    from generator.verify import clitool

    v2 = clitool.v2()
    if not v2.python:
        raise SystemExit(f"cli_v2: {v2.aws} is not a Python script; the probe needs its Python")
    if probe_file is not None:
        probe = json.loads(probe_file.read_text(encoding="utf-8"))
    else:
        probe = cli_names.run_probe(python=v2.python)
    package = v2_package(v2.python)
    _, site = cli_model_drift.awscli_root()
    return {
        "_about": (
            "What AWS CLI version 2 reads differently from the version 1 the CLI examples are "
            "written for, per operation version 1 can send: 'services' and 'operations' it "
            "lacks, 'commands' named otherwise, 'members' (top level) it lacks, 'options' of members it "
            "gives another option or reads otherwise, 'nested_members' (per botocore structure below the input: the members its models lack there), 'pagination' (its options where they "
            "differ), 'paramfile' (members whose file:// value it reads as a file), 'hoists' it "
            "lacks, 'protocols' it sends that botocore's model no longer lists, and where its models differ from botocore's ('requests', 'required', 'types'). Derived by tools/cli_v2.py --emit-data from the installed AWS CLI 2."
        ),
        "cli_botocore": probe["botocore"],
        "awscli_v1": cli_model_drift.read_version(cli_model_drift.awscli_root()[0] / "__init__.py"),
        "botocore": cli_model_drift.read_version(site / "botocore" / "__init__.py"),
        **derive(probe, package / "botocore" / "data", site / "botocore" / "data"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emit-data", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    parser.add_argument("--probe-file", type=Path, help="a saved probe (tools.cli_names --probe, run by version 2's Python)")
    ns = parser.parse_args(argv)
    table = build(ns.probe_file)
    text = json.dumps(table, indent=1, sort_keys=True) + "\n"
    if ns.emit_data:
        tmp = OUT.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(OUT)
        print(f"wrote {OUT.relative_to(ROOT)}")
    else:
        for key, value in sorted(table.items()):
            if isinstance(value, list):
                print(f"{key}: {len(value)}")
            elif isinstance(value, dict):
                print(f"{key}: {sum(len(v) for v in value.values())} operations in {len(value)} services")
            elif not key.startswith("_"):
                print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
