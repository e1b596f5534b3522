# mypy: disable-error-code="import-untyped"
"""Sweep: compare ``generator.naming.cli`` with the real AWS CLI v1's argument tables.

Two halves, run in two processes (see the "two botocores" trap in NAMING_RULES.md):

* the *probe* (``--probe``) runs in a child process that imports ``awscli``. It builds
  the CLI driver, walks ``driver.subcommand_table``-style command tables of every
  service (``ServiceCommand._get_command_table()``) and every operation's
  ``arg_table``, and prints JSON: which argument names exist, which model member each
  is bound to (``_serialized_name``), whether it is undocumented, the argument class
  and its module (= the customization that made it), whether a ``file://`` value is
  fetched (``paramfile``), plus the CLI's own naming tables (``ARGUMENT_RENAMES``,
  ``HIDDEN_ALIASES``, removals, ``PARAMFILE_DISABLED``, service renames ...).
  ``--tables`` prints only the tables.
* the *comparison* (default) runs here, with standalone botocore, asks
  ``generator.naming.cli`` the same questions and reports every disagreement.

Usage::

    .venv/bin/python -m tools.cli_names              # full sweep, summary
    .venv/bin/python -m tools.cli_names --details    # list every mismatch
    .venv/bin/python -m tools.cli_names --json out.json
    .venv/bin/python -m tools.cli_names --emit-data  # regenerate every
        # generator/naming/data/cli_*.json from the installed awscli, then compare
    .venv/bin/python -m tools.cli_names --save-probe p.json / --probe-file p.json

A full run takes 2-3 minutes (≈19,000 argument tables probed, then compared).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PYTHON = ROOT / ".venv" / "bin" / "python"

# Argument classes that the CLI builds for plain model members (awscli/clidriver.py
# ServiceOperation.ARG_TYPES / DEFAULT_ARG_CLASS) and for generic customizations.
_GENERIC_MEMBER_CLASSES = frozenset({"CLIArgument", "ListArgument", "BooleanArgument"})
_EC2_BOOL_CLASSES = frozenset({"PositiveBooleanArgument", "NegativeBooleanParameter"})
_GENERIC_EXTRA = {
    "cli-input-json": "CliInputJSONArgument",
    "generate-cli-skeleton": "GenerateCliSkeletonArgument",
    "starting-token": "PageArgument",
    "page-size": "PageArgument",
    "max-items": "PageArgument",
    "outfile": "StreamingOutputArgument",
}


# --------------------------------------------------------------------------------------
# Child side: everything below until "Parent side" runs only in the awscli process.
# --------------------------------------------------------------------------------------


def _source_of(obj: Any) -> str:
    """``awscli/customizations/emr/describecluster.py``: the file defining obj's class."""
    module = sys.modules[type(obj).__module__]
    path = Path(module.__file__ or "").resolve().as_posix()
    return path[path.rindex("/awscli/") + 1 :] if "/awscli/" in path else path


def _probe_tables() -> dict[str, Any]:
    """The CLI's naming tables, read from the installed awscli modules."""
    import awscli.clidriver
    from awscli import paramfile
    from awscli.argprocess import ParamShorthand
    from awscli.customizations import argrename, removals

    try:  # awscli v1 only: v2 has no preview services
        from awscli.customizations import preview

        preview_services = list(preview.PREVIEW_SERVICES)
    except ImportError:
        preview_services = []

    recorded: list[tuple[str, list[str]]] = []

    class _Recorder:
        def register(self, event: str, handler: Any, *args: Any, **kwargs: Any) -> None:
            recorded.append((event, list(handler.keywords["commands_to_remove"])))

    removals.register_removals(_Recorder())
    removed: dict[str, list[str]] = {}
    for event, commands in recorded:
        word = event.split(".", 1)[1]
        removed.setdefault(word, []).extend(commands)

    # ParamShorthand._uses_old_list_case keeps its table in a local variable; read it
    # back from the function's constants by calling it for the known shape of keys.
    old_list_case: list[list[str]] = []
    checker = ParamShorthand()
    code = ParamShorthand._uses_old_list_case.__code__
    strings: list[str] = []
    for const in code.co_consts:
        if isinstance(const, str):
            strings.append(const)
        elif isinstance(const, tuple):
            strings.extend(c for c in const if isinstance(c, str))
    for svc in strings:
        for op in strings:
            for arg in strings:
                if checker._uses_old_list_case(svc, op, arg):
                    old_list_case.append([svc, op, arg])
    cli_data = json.loads(
        (Path(awscli.clidriver.__file__).parent / "data" / "cli.json").read_text()
    )
    return {
        "global_options": sorted(set(cli_data["options"]) | {"version"}),
        "argument_renames": dict(argrename.ARGUMENT_RENAMES),
        "hidden_aliases": dict(argrename.HIDDEN_ALIASES),
        "removals": removed,
        "paramfile_disabled": sorted(getattr(paramfile, "PARAMFILE_DISABLED", ())),  # v1 only
        "preview_services": preview_services,
        "old_list_case": sorted(old_list_case),
    }


def _shape_outline(model: Any) -> dict[str, Any]:
    """Container shapes of a model: structure member -> target, list/map -> element."""
    outline: dict[str, Any] = {}
    for name, shape in model._service_description["shapes"].items():
        kind = shape.get("type")
        if kind == "structure":
            outline[name] = {m: ref["shape"] for m, ref in shape.get("members", {}).items()}
        elif kind == "list":
            outline[name] = shape["member"]["shape"]
        elif kind == "map":
            outline[name] = shape["value"]["shape"]
    return outline


def _probe(only: set[tuple[str, str]] | None) -> dict[str, Any]:
    import awscli
    import botocore
    from awscli.argprocess import ParamShorthand, unpack_argument
    from awscli.clidriver import ServiceCommand, ServiceOperation, create_clidriver
    from awscli.paramfile import register_uri_param_handler

    driver = create_clidriver()
    session = driver.session
    emitter = session.get_component("event_emitter")
    # awscli v2 (2.9) has no event aliaser: its events carry the names as they are
    alias = getattr(emitter, "_alias_event_name", lambda name: name)
    shorthand = ParamShorthand()
    register_uri_param_handler(session)
    fd, tmp_name = tempfile.mkstemp(suffix=".txt")
    with os.fdopen(fd, "w") as fh:
        fh.write("PARAMFILE-CONTENT")
    probe_value = "file://" + tmp_name
    top = driver._get_command_table()
    out: dict[str, Any] = {
        "awscli": awscli.__version__,
        "botocore": botocore.__version__,
        "tables": _probe_tables(),
        "services": {},
        "ops": {},
        "partial": only is not None,
    }
    only_services = None if only is None else {svc for svc, _ in only}
    for word, cmd in top.items():
        entry: dict[str, Any] = {
            "class": type(cmd).__name__,
            "source": _source_of(cmd),
            "undocumented": bool(getattr(cmd, "_UNDOCUMENTED", False)),
        }
        if isinstance(cmd, ServiceCommand):
            entry["botocore"] = cmd._service_name
        out["services"][word] = entry
    seen_services: set[str] = set()
    for word, cmd in top.items():
        if not isinstance(cmd, ServiceCommand):
            continue
        svc = cmd._service_name
        if svc in seen_services:  # hidden aliases such as runtime.sagemaker
            continue
        if only_services is not None and svc not in only_services:
            continue
        seen_services.add(svc)
        model = cmd.service_model
        table = cmd._get_command_table()
        ops: dict[str, Any] = out["ops"].setdefault(svc, {})
        custom: dict[str, dict[str, str]] = {}
        out.setdefault("shapes", {})[svc] = _shape_outline(model)
        try:
            pages = session.get_paginator_model(svc)._paginator_config
        except Exception:  # noqa: BLE001 - DataNotFoundError: no paginators
            pages = {}
        for op_name in model.operation_names:
            if only is None or (svc, op_name) in only:
                om = model.operation_model(op_name)
                members = list(om.input_shape.members) if om.input_shape else []
                ops[op_name] = {"members": members, "commands": {}}
                if om.input_shape is not None:
                    ops[op_name]["input"] = om.input_shape.name
                if op_name in pages:
                    cfg = pages[op_name]
                    ops[op_name]["paginator"] = {
                        k: cfg[k] for k in ("input_token", "limit_key") if k in cfg
                    }
        for cname, sub in table.items():
            if not isinstance(sub, ServiceOperation):
                custom[cname] = {"class": type(sub).__name__, "source": _source_of(sub)}
                continue
            om = sub._operation_model
            if om.name not in ops:
                continue
            input_members = om.input_shape.members if om.input_shape is not None else {}
            args = []
            for aname, arg in sub.arg_table.items():
                cls = type(arg).__name__
                bound = getattr(arg, "_serialized_name", None)
                rec: dict[str, Any] = {
                    "name": aname,
                    "cls": cls,
                    "source": _source_of(arg),
                    "undocumented": bool(getattr(arg, "_UNDOCUMENTED", False)),
                    "required": bool(arg.required),
                    "positional": not arg.cli_name.startswith("--"),
                    "type": getattr(getattr(arg, "argument_model", None), "type_name", None),
                }
                if cls == "NegativeBooleanParameter" or (
                    cls == "BooleanArgument" and getattr(arg, "_action", "") == "store_false"
                ):
                    rec["negative"] = True
                if cls == "InjectingArgument":
                    rec["hoist"] = [bound, arg._original_member_name]
                    bound = None
                elif hasattr(arg, "_param_to_overwrite"):
                    rec["hoist"] = [arg._param_to_overwrite, arg._source_arg_blob_member]
                elif cls == "ZipFileArgument":
                    rec["hoist"] = [arg._param_to_replace, "ZipFile"]
                elif hasattr(arg, "_parameter_to_overwrite"):  # v2's rekognition ImageArgument
                    rec["hoist"] = [arg._parameter_to_overwrite, "Bytes"]
                elif cls == "FileArgument" and rec["source"].endswith("/translate.py"):
                    rec["hoist"] = ["TerminologyData", "File"]  # v2's translate --data-file
                elif cls != "PageArgument" and bound is not None and bound not in input_members:
                    # bound to a member of one top-level structure (configservice
                    # put-configuration-recorder --recording-group): that member's own option
                    parents = [
                        name for name, shape in input_members.items()
                        if shape.type_name == "structure" and bound in shape.members
                    ]
                    if len(parents) == 1:
                        rec["hoist"] = [parents[0], bound]
                if cls == "PageArgument" or bound not in input_members:
                    bound = None
                rec["member"] = bound
                if bound is not None:
                    unpack = (session, model.endpoint_prefix, cname, arg, probe_value)
                    try:  # v1 also takes the parsed globals
                        value = unpack_argument(*unpack, None)
                    except TypeError:  # v2: (session, service, operation, argument, value)
                        value = unpack_argument(*unpack)
                    rec["paramfile"] = value != probe_value
                    if not rec["paramfile"]:
                        event = alias(
                            f"load-cli-arg.{model.endpoint_prefix}.{cname}.{aname}"
                        )
                        rec["paramfile_key"] = event.split(".", 1)[1]
                    if rec["type"] == "list":
                        event = alias(f"process-cli-arg.{svc}.{cname}")
                        service_id = event.split(".")[1]
                        if shorthand._uses_old_list_case(service_id, cname, aname):
                            rec["old_list_case"] = True
                args.append(rec)
            ops[om.name]["commands"][cname] = {
                "class": type(sub).__name__,
                "source": _source_of(sub),
                "undocumented": bool(getattr(sub, "_UNDOCUMENTED", False)),
                "args": args,
            }
        out["services"][word]["custom_commands"] = custom
    os.unlink(tmp_name)
    return out


def _child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe", action="store_true")
    parser.add_argument("--tables", action="store_true")
    parser.add_argument("--only", default=None, help="service:Operation,...")
    ns = parser.parse_args(argv)
    if ns.tables:
        json.dump(_probe_tables(), sys.stdout, sort_keys=True)
        return 0
    only = None
    if ns.only:
        only = {(s, o) for s, _, o in (x.partition(":") for x in ns.only.split(",") if x)}
    json.dump(_probe(only), sys.stdout, sort_keys=True)
    return 0


# --------------------------------------------------------------------------------------
# Parent side: never imports awscli.
# --------------------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # Keep the user's config out: preview services and cli_follow_urlparam live there.
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env.pop("AWS_PROFILE", None)
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    env["PYTHONPATH"] = str(ROOT)  # the probe runs as ``-m tools.cli_names`` from a neutral folder
    return env


def run_probe(
    only: list[tuple[str, str]] | None = None, python: str | os.PathLike[str] | None = None
) -> dict[str, Any]:
    """Run the awscli probe in a separate interpreter and return its JSON."""
    cmd = [str(python or DEFAULT_PYTHON), "-m", "tools.cli_names", "--probe"]
    if only is not None:
        cmd += ["--only", ",".join(f"{s}:{o}" for s, o in only)]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, check=True, env=child_env(), cwd=tempfile.gettempdir()
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def run_tables(python: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Only the CLI's naming tables (fast)."""
    cmd = [str(python or DEFAULT_PYTHON), "-m", "tools.cli_names", "--tables"]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, check=True, env=child_env(), cwd=tempfile.gettempdir()
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


@dataclass
class Report:
    """Outcome of a comparison."""

    awscli: str = ""
    cli_botocore: str = ""
    services_compared: int = 0
    ops_compared: int = 0
    members_compared: int = 0
    members_from_table: int = 0
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    drift: Counter[str] = field(default_factory=Counter)
    drift_examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, **info: Any) -> None:
        self.mismatches.append({"kind": kind, **info})

    def note_drift(self, kind: str, example: str) -> None:
        self.drift[kind] += 1
        self.drift_examples.setdefault(kind, [])
        if len(self.drift_examples[kind]) < 20:
            self.drift_examples[kind].append(example)

    def summary(self) -> str:
        kinds = Counter(m["kind"] for m in self.mismatches)
        lines = [
            f"awscli {self.awscli} (vendored botocore {self.cli_botocore}) vs standalone botocore",
            f"services compared: {self.services_compared}",
            f"operations compared: {self.ops_compared}",
            (
                f"members compared: {self.members_compared} "
                f"({self.members_from_table} answered by cli_customizations.json, "
                "the rest by the generic rules)"
            ),
            f"mismatches: {len(self.mismatches)} {dict(kinds)}",
            f"model drift (not mismatches): {dict(self.drift)}",
        ]
        return "\n".join(lines)


def _ensure_path() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def _expected_members(cli: Any, svc: str, op: str, member: str) -> dict[str, Any]:
    mo = cli.member_option(svc, op, member)
    documented: set[str] = set()
    hidden: set[str] = set()
    if mo.option is not None:
        (documented if mo.documented else hidden).add(mo.option)
    if mo.negative is not None:
        (documented if mo.documented else hidden).add(mo.negative)
    hidden.update(mo.aliases)
    return {
        "documented": sorted(n[2:] for n in documented),
        "hidden": sorted(n[2:] for n in hidden),
        "paramfile": not cli.paramfile_disabled(svc, op, member),
        "custom": mo.kind == "custom",
    }


def compare(probe: dict[str, Any], report: Report | None = None) -> Report:
    """Compare a probe result with ``generator.naming.cli`` (standalone botocore)."""
    _ensure_path()
    import botocore.session

    from generator.capabilities import cli as cli_caps
    from generator.naming import cli

    report = report or Report()
    report.awscli = probe["awscli"]
    report.cli_botocore = probe["botocore"]
    session = botocore.session.get_session()
    available = set(session.get_available_services())
    # Service word: the command bound to each botocore service (documented one first;
    # sms-voice is only hidden, runtime.sagemaker is a hidden alias of sagemaker-runtime).
    words: dict[str, str] = {}
    for w, e in sorted(probe["services"].items(), key=lambda kv: kv[1]["undocumented"]):
        if e.get("botocore"):
            words.setdefault(e["botocore"], w)
    for svc, ops in sorted(probe["ops"].items()):
        if svc not in available:
            report.note_drift("service-only-in-cli", svc)
            continue
        report.services_compared += 1
        got_word = cli.service_word(svc)
        if got_word != words.get(svc):
            report.add("service-word", service=svc, ours=got_word, cli=words.get(svc))
        model = session.get_service_model(svc)
        ours_ops = set(model.operation_names)
        for op, rec in sorted(ops.items()):
            if op not in ours_ops:
                report.note_drift("op-only-in-cli", f"{svc}.{op}")
                continue
            report.ops_compared += 1
            _compare_op(cli, report, svc, op, rec, model)
        for op in sorted(ours_ops - set(ops)):
            if probe.get("partial"):
                continue
            report.note_drift("op-only-in-standalone", f"{svc}.{op}")
            if not cli_caps.missing_from_cli_model(svc, op):
                report.add(
                    "model-gap-table",
                    service=svc,
                    operation=op,
                    detail="op absent from the CLI model but not listed in cli_model_gaps.json",
                )
    if not probe.get("partial"):
        for svc in sorted(available - set(probe["ops"])):
            report.note_drift("service-only-in-standalone", svc)
            if not cli_caps.missing_from_cli_model(svc, None):
                report.add(
                    "model-gap-table",
                    service=svc,
                    detail="service absent from the CLI but not in cli_model_gaps.json",
                )
    return report


def _real_command(rec: dict[str, Any], expected: str) -> tuple[str | None, dict[str, Any] | None]:
    cmds = rec["commands"]
    if expected in cmds:
        return expected, cmds[expected]
    documented = [c for c, v in cmds.items() if not v["undocumented"]]
    if documented:
        return documented[0], cmds[documented[0]]
    if cmds:
        c = next(iter(cmds))
        return c, cmds[c]
    return None, None


def _compare_op(
    cli: Any, report: Report, svc: str, op: str, rec: dict[str, Any], model: Any
) -> None:
    from generator.capabilities import cli as cli_caps  # the parent side imports generator late

    om = model.operation_model(op)
    expected_cmd = cli.command_name(op)
    reason = cli_caps.removed_reason(svc, op)
    split = cli.split_commands(svc, op)
    cname, real = _real_command(rec, expected_cmd)
    if split:
        if sorted(split) != sorted(rec["commands"]):
            report.add(
                "split", service=svc, operation=op, ours=sorted(split), cli=sorted(rec["commands"])
            )
        for sub, cmd_rec in rec["commands"].items():
            _compare_args(cli, report, svc, op, om, sub, cmd_rec, rec["members"], split[sub])
        return
    if real is None:
        if cli_caps.removal_kind(svc, op) not in ("removed", "replaced"):
            report.add(
                "command-missing", service=svc, operation=op, ours=expected_cmd, reason=reason
            )
        return
    if cname != expected_cmd:
        report.add("command-name", service=svc, operation=op, ours=expected_cmd, cli=cname)
    wrapped = cli_caps.command_caveat(svc, op) or ""
    if (real["class"] != "ServiceOperation") != ("runs extra awscli code" in wrapped):
        report.add("wrapped", service=svc, operation=op, ours=wrapped, cli=real["class"])
    if sorted(c for c in rec["commands"] if c != cname) != sorted(cli.command_aliases(svc, op)):
        report.add(
            "command-aliases",
            service=svc,
            operation=op,
            ours=cli.command_aliases(svc, op),
            cli=sorted(rec["commands"]),
        )
    if cli_caps.removal_kind(svc, op) in ("removed", "replaced", "split"):
        report.add("removed", service=svc, operation=op, ours=reason, cli="present")
    _compare_args(cli, report, svc, op, om, cname, real, rec["members"], None)


def _compare_args(
    cli: Any,
    report: Report,
    svc: str,
    op: str,
    om: Any,
    cname: str | None,
    real: dict[str, Any],
    cli_members: list[str],
    split_members: dict[str, tuple[str, ...]] | None,
) -> None:
    from generator.capabilities import cli as cli_caps  # the parent side imports generator late

    args = real["args"]
    ours_members = list(om.input_shape.members) if om.input_shape is not None else []
    for m in sorted(set(cli_members) ^ set(ours_members)):
        where = "cli" if m in cli_members else "standalone"
        report.note_drift(f"member-only-in-{where}", f"{svc}.{op}.{m}")
        if where == "standalone" and not cli_caps.missing_from_cli_model(svc, op, m):
            report.add(
                "model-gap-table",
                service=svc,
                operation=op,
                member=m,
                detail="member absent from the CLI model but not in cli_model_gaps.json",
            )
    by_member: dict[str, list[dict[str, Any]]] = {}
    for a in args:
        if a["member"] is not None:
            by_member.setdefault(a["member"], []).append(a)
    for m in ours_members:
        if m not in cli_members:
            continue
        report.members_compared += 1
        if cli.lookup(cli.data_table("customizations"), "members", svc, op, m) is not None:
            report.members_from_table += 1
        got = by_member.get(m, [])
        real_doc = sorted(a["name"] for a in got if not a["undocumented"])
        real_hidden = sorted(a["name"] for a in got if a["undocumented"])
        real_custom = any(a["cls"] not in _GENERIC_MEMBER_CLASSES | _EC2_BOOL_CLASSES for a in got)
        if split_members is not None:
            exp_doc = sorted(o[2:] for o in split_members.get(m, ()))
            if exp_doc != real_doc:
                report.add(
                    "option",
                    service=svc,
                    operation=op,
                    command=cname,
                    member=m,
                    ours=exp_doc,
                    cli=real_doc,
                )
            continue
        exp = _expected_members(cli, svc, op, m)
        if exp["documented"] != real_doc or exp["hidden"] != real_hidden:
            report.add(
                "option",
                service=svc,
                operation=op,
                command=cname,
                member=m,
                ours={"doc": exp["documented"], "hidden": exp["hidden"]},
                cli={"doc": real_doc, "hidden": real_hidden},
            )
        if exp["custom"] != real_custom:
            report.add(
                "custom-arg",
                service=svc,
                operation=op,
                member=m,
                ours=exp["custom"],
                cli=[a["cls"] for a in got],
            )
        real_pf = [a["paramfile"] for a in got if "paramfile" in a]
        if real_pf and any(pf != exp["paramfile"] for pf in real_pf):
            report.add(
                "paramfile", service=svc, operation=op, member=m, ours=exp["paramfile"], cli=real_pf
            )
    # Arguments that are not bound to a member: generic extras and customization extras.
    names = {a["name"]: a for a in args}
    exp_outfile = cli.positional_outfile(om)
    real_outfile = "outfile" in names and names["outfile"]["positional"]
    if exp_outfile != real_outfile:
        report.add("outfile", service=svc, operation=op, ours=exp_outfile, cli=real_outfile)
    exp_cij = cli.cli_input_json_supported(om)
    if exp_cij != ("cli-input-json" in names):
        report.add(
            "cli-input-json", service=svc, operation=op, ours=exp_cij, cli="cli-input-json" in names
        )
    exp_pag = {o[2:] for o in cli.pagination_options(svc, op)}
    real_pag = {a["name"] for a in args if a["cls"] == "PageArgument"}
    if exp_pag != real_pag:
        report.add(
            "pagination", service=svc, operation=op, ours=sorted(exp_pag), cli=sorted(real_pag)
        )
    if split_members is None:
        exp_extra = {o[2:] for o in cli.extra_options(svc, op)}
        real_extra = {
            a["name"]
            for a in args
            if a["member"] is None
            and not a["positional"]
            and _GENERIC_EXTRA.get(a["name"]) != a["cls"]
        }
        if exp_extra != real_extra:
            report.add(
                "extra-options",
                service=svc,
                operation=op,
                ours=sorted(exp_extra),
                cli=sorted(real_extra),
            )
        for a in args:
            if "hoist" in a:
                got_h = cli.hoisted_option(svc, op, tuple(a["hoist"]))
                if got_h != "--" + a["name"]:
                    report.add(
                        "hoist",
                        service=svc,
                        operation=op,
                        path=a["hoist"],
                        ours=got_h,
                        cli="--" + a["name"],
                    )


# --------------------------------------------------------------------------------------
# Data emission: the probe-derived tables in generator/naming/data.
# --------------------------------------------------------------------------------------

DATA_DIR = ROOT / "generator" / "naming" / "data"

# Facts read from the awscli sources (file that makes each decision).
SERVICE_WORD_SOURCES = {
    "s3api": "awscli/customizations/s3/s3.py",
    "deploy": "awscli/customizations/codedeploy/codedeploy.py",
    "configservice": "awscli/customizations/configservice/rename_cmd.py",
}
HIDDEN_SERVICE_SOURCES = {
    "runtime.sagemaker": "awscli/customizations/sagemaker.py",
    "sms-voice": "awscli/customizations/sms_voice.py",
}
# Customizations that rename/remove model arguments with plain argument classes, so the
# probe cannot name the file from the argument's class.
OP_SOURCES = {
    ("ec2", "AuthorizeSecurityGroupIngress"): "awscli/customizations/ec2/secgroupsimplify.py",
    ("ec2", "AuthorizeSecurityGroupEgress"): "awscli/customizations/ec2/secgroupsimplify.py",
    ("ec2", "RevokeSecurityGroupIngress"): "awscli/customizations/ec2/secgroupsimplify.py",
    ("ec2", "RevokeSecurityGroupEgress"): "awscli/customizations/ec2/secgroupsimplify.py",
    ("kinesis", "ListStreams"): "awscli/customizations/kinesis.py",
    ("ses", "SendEmail"): "awscli/customizations/sessendemail.py",
    ("ec2", "RunInstances"): "awscli/customizations/ec2/runinstances.py, addcount.py",
    ("rds", "ModifyOptionGroup"): "awscli/customizations/rds.py",
    ("cloudsearch", "DefineExpression"): "awscli/customizations/cloudsearch.py (flatten.py)",
    ("cloudsearch", "DefineIndexField"): "awscli/customizations/cloudsearch.py (flatten.py)",
    ("datapipeline", "ActivatePipeline"): "awscli/customizations/datapipeline/__init__.py",
    ("datapipeline", "PutPipelineDefinition"): "awscli/customizations/datapipeline/__init__.py",
    ("emr", "AddTags"): "awscli/customizations/emr/addtags.py",
    ("emr", "ListClusters"): "awscli/customizations/emr/listclusters.py",
}
NOTES = {
    ("ec2", "RunInstances", "MinCount"): "use --count N or --count MIN:MAX (default 1)",
    ("ec2", "RunInstances", "MaxCount"): "use --count N or --count MIN:MAX (default 1)",
    ("emr", "AddTags", "Tags"): "--tags takes Key=Value words, not shorthand structures",
}
WRAPPED_NOTES = {
    "ECSExecuteCommand": "starts session-manager-plugin after ExecuteCommand",
    "StartSessionCommand": "starts session-manager-plugin after StartSession",
}


def _write(name: str, payload: dict[str, Any]) -> Path:
    path = DATA_DIR / f"cli_{name}.json"
    path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _bound(args: list[dict[str, Any]], member: str) -> list[dict[str, Any]]:
    return [a for a in args if a["member"] == member]


def _outcome(args: list[dict[str, Any]]) -> dict[str, Any]:
    """What the real argument table says about one member."""
    main = [a for a in args if not a.get("negative") and not a["undocumented"]]
    hidden_main = [a for a in args if not a.get("negative") and a["undocumented"]]
    neg = [a for a in args if a.get("negative")]
    primary = main or hidden_main[:1]
    aliases = [a for a in hidden_main if not primary or a is not primary[0]]
    return {
        "option": "--" + primary[0]["name"] if primary else None,
        "negative": "--" + neg[0]["name"] if neg else None,
        "documented": bool(main) or not primary,
        "aliases": sorted("--" + a["name"] for a in aliases),
    }


def _nested_gaps(
    shape: Any, cli_name: str, outline: dict[str, Any], memo: dict[tuple[str, str], list[str]]
) -> list[str]:
    """Dotted member paths below the top level that the CLI's model lacks.

    List and map levels are transparent (``BlockDeviceMappings.Ebs.Iops``); the walk stops
    at a missing member and at recursion. ``memo`` is shared per service.
    """

    def walk(sh: Any, cli: str | None) -> list[str]:
        if cli is None or cli not in outline:
            return []
        key = (sh.name, cli)
        if key in memo:
            return memo[key]
        memo[key] = []  # cut recursion
        node = outline[cli]
        out: list[str] = []
        if sh.type_name == "structure" and isinstance(node, dict):
            for member, target in sh.members.items():
                if member not in node:
                    out.append(member)
                else:
                    out.extend(f"{member}.{p}" for p in walk(target, node[member]))
        elif sh.type_name == "list" and isinstance(node, str):
            out = walk(sh.member, node)
        elif sh.type_name == "map" and isinstance(node, str):
            out = walk(sh.value, node)
        memo[key] = out
        return out

    if shape.type_name != "structure" or not isinstance(outline.get(cli_name), dict):
        return []
    top = outline[cli_name]
    found = [
        f"{member}.{p}"
        for member, target in shape.members.items()
        if member in top
        for p in walk(target, top[member])
    ]
    return sorted(set(found))


def emit_data(probe: dict[str, Any]) -> list[Path]:
    """Write the cli_*.json tables derived from a probe; return the paths written."""
    _ensure_path()
    import botocore
    import botocore.session

    from generator.caches import release_service_caches
    from generator.naming import cli

    tables = probe["tables"]
    written: list[Path] = []
    services = probe["services"]
    words = {e["botocore"]: w for w, e in services.items() if e.get("botocore")}
    written.append(
        _write(
            "services",
            {
                "_about": "AWS CLI v1 service words and service-level customizations "
                f"(awscli {probe['awscli']}).",
                "awscli": probe["awscli"],
                "service_words": {
                    b: {"word": w, "source": SERVICE_WORD_SOURCES[w]}
                    for w, e in services.items()
                    if (b := e.get("botocore")) and b != w and not e["undocumented"]
                },
                "hidden_service_aliases": {
                    w: {"service": e["botocore"], "source": HIDDEN_SERVICE_SOURCES[w]}
                    for w, e in services.items()
                    if e.get("botocore") and e["undocumented"] and e["botocore"] != w
                },
                "undocumented_services": {
                    w: HIDDEN_SERVICE_SOURCES[w]
                    for w, e in services.items()
                    if e.get("botocore") == w and e["undocumented"]
                },
                "preview_services": {
                    w: "awscli/customizations/preview.py" for w in tables["preview_services"]
                },
                "non_api_commands": {
                    w: e["source"] for w, e in services.items() if not e.get("botocore")
                },
                "top_level_bool_services": {"ec2": "awscli/customizations/toplevelbool.py"},
                "event_stream_outfile": {"s3": ["SelectObjectContent"]},
                "event_stream_outfile_source": "awscli/customizations/s3events.py",
                "global_options": tables["global_options"],
                "global_options_source": "awscli/data/cli.json, awscli/argparser.py MainArgParser",
            },
        )
    )
    written.append(
        _write(
            "argument_renames",
            {
                "_about": "Verbatim from awscli/customizations/argrename.py. Keys are "
                "<service word>.<command or *>.<argument name before renaming>.",
                "awscli": probe["awscli"],
                "argument_renames": tables["argument_renames"],
                "hidden_aliases": tables["hidden_aliases"],
            },
        )
    )
    written.append(
        _write(
            "removed_commands",
            {
                "_about": "Verbatim from awscli/customizations/removals.py: word -> commands.",
                "awscli": probe["awscli"],
                "removals": tables["removals"],
            },
        )
    )

    session = botocore.session.get_session()
    available = set(session.get_available_services())
    members_tbl: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    hoists: dict[str, Any] = {}
    replaced: dict[str, Any] = {}
    splits: dict[str, Any] = {}
    aliases: dict[str, Any] = {}
    wrapped: dict[str, Any] = {}
    paramfile: dict[str, Any] = {}
    paramfile_keys: set[str] = set()
    old_list: dict[str, Any] = {}
    gaps: dict[str, Any] = {
        "services": [],
        "operations": {},
        "members": {},
        "nested_members": {},
        "paginators": {},
    }
    unexplained: list[str] = []
    for svc, ops in sorted(probe["ops"].items()):  # pass 1: model gaps, paginators
        if svc not in available:
            continue
        model = session.get_service_model(svc)
        memo: dict[tuple[str, str], list[str]] = {}
        missing_ops = sorted(set(model.operation_names) - set(ops))
        if missing_ops:
            gaps["operations"][svc] = missing_ops
        for op, rec in sorted(ops.items()):
            if op not in model.operation_names:
                continue
            om = model.operation_model(op)
            ours = list(om.input_shape.members) if om.input_shape is not None else []
            only_ours = sorted(set(ours) - set(rec["members"]))
            if only_ours:
                gaps["members"].setdefault(svc, {})[op] = only_ours
            ours_pag = cli._paginators(svc).get(op)
            ours_cfg = (
                None
                if ours_pag is None
                else {k: ours_pag[k] for k in ("input_token", "limit_key") if k in ours_pag}
            )
            if ours_cfg != rec.get("paginator"):
                gaps["paginators"].setdefault(svc, {})[op] = rec.get("paginator")
            if "input" in rec and om.input_shape is not None:
                nested = _nested_gaps(om.input_shape, rec["input"], probe["shapes"][svc], memo)
                if nested:
                    gaps["nested_members"].setdefault(svc, {})[op] = nested
    gaps["services"] = sorted(available - set(probe["ops"]))
    written.append(
        _write(
            "model_gaps",
            {
                "_about": "Services, operations and top-level members in standalone botocore "
                "that the model bundled with awscli lacks (the CLI answers 'Invalid choice' "
                "or 'Unknown options'); 'nested_members': dotted paths below the top level "
                "that it lacks ('Unknown parameter in ...'); 'paginators': operations whose "
                "paginator differs in the CLI's model (its config, or null for none). "
                "Derived by tools/cli_names.py --emit-data.",
                "awscli": probe["awscli"],
                "cli_botocore": probe["botocore"],
                "standalone_botocore": botocore.__version__,
                **gaps,
            },
        )
    )
    cli.data_table.cache_clear()  # the tables were just rewritten
    cli.arg_handlers.cache_clear()
    release_service_caches()
    for svc, ops in sorted(probe["ops"].items()):  # pass 2: customizations
        if svc not in available:
            continue
        model = session.get_service_model(svc)
        word = words[svc]
        custom_cmds = services[word].get("custom_commands", {})
        for op, rec in sorted(ops.items()):
            if op not in model.operation_names:
                continue
            om = model.operation_model(op)
            ours = list(om.input_shape.members) if om.input_shape is not None else []
            expected = cli.command_name(op)
            cmds = rec["commands"]
            if not cmds:
                if expected in custom_cmds:
                    replaced.setdefault(svc, {})[op] = {
                        "command": expected,
                        **custom_cmds[expected],
                    }
                continue
            documented = [c for c, v in cmds.items() if not v["undocumented"]]
            if expected not in cmds and len(documented) > 1:
                splits.setdefault(svc, {})[op] = {
                    c: {
                        m: sorted(
                            "--" + a["name"] for a in _bound(v["args"], m) if not a["undocumented"]
                        )
                        for m in rec["members"]
                    }
                    for c, v in cmds.items()
                }
                continue
            main = expected if expected in cmds else (documented or list(cmds))[0]
            extra_names = sorted(c for c in cmds if c != main)
            if extra_names:
                aliases.setdefault(svc, {})[op] = extra_names
            real = cmds[main]
            if real["class"] != "ServiceOperation":
                wrapped.setdefault(svc, {})[op] = {
                    "class": real["class"],
                    "source": real["source"],
                    "note": WRAPPED_NOTES.get(real["class"], real["class"]),
                }
            for a in real["args"]:
                if a["member"] is not None:
                    if "paramfile_key" in a:
                        paramfile.setdefault(svc, {}).setdefault(op, []).append(a["member"])
                        paramfile_keys.add(a["paramfile_key"])
                    if a.get("old_list_case"):
                        old_list.setdefault(svc, {}).setdefault(op, []).append(a["member"])
                    continue
                if a["positional"] or _GENERIC_EXTRA.get(a["name"]) == a["cls"]:
                    continue
                extras.setdefault(svc, {}).setdefault(op, {})[a["name"]] = {
                    "class": a["cls"],
                    "source": a["source"],
                }
                if "hoist" in a:
                    hoists.setdefault(svc, {}).setdefault(op, {})[".".join(a["hoist"])] = a["name"]
            for m in ours:
                if m not in rec["members"]:
                    continue
                got = _bound(real["args"], m)
                real_out = _outcome(got)
                gen = cli.generic_member_option(svc, op, m)
                gen_out = {
                    "option": gen.option,
                    "negative": gen.negative,
                    "documented": gen.documented,
                    "aliases": sorted(gen.aliases),
                }
                classes = sorted({a["cls"] for a in got})
                custom = [
                    a for a in got if a["cls"] not in _GENERIC_MEMBER_CLASSES | _EC2_BOOL_CLASSES
                ]
                if real_out == gen_out and not custom:
                    continue
                if not custom and got and gen.option is not None and (svc, op) not in OP_SOURCES:
                    unexplained.append(f"{svc}.{op}.{m}: generic {gen_out} real {real_out}")
                    continue
                source = custom[0]["source"] if custom else OP_SOURCES.get((svc, op), "?")
                if source == "?":
                    unexplained.append(f"{svc}.{op}.{m}: no source; real {real_out}")
                entry: dict[str, Any] = {
                    **real_out,
                    "kind": "custom" if custom else ("none" if not got else "value"),
                    "classes": classes,
                    "source": source,
                }
                if (svc, op, m) in NOTES:
                    entry["note"] = NOTES[(svc, op, m)]
                elif not got:
                    added = sorted(extras.get(svc, {}).get(op, {}))
                    entry["note"] = "set through " + ", ".join("--" + n for n in added)
                members_tbl.setdefault(svc, {}).setdefault(op, {})[m] = entry
    written.append(
        _write(
            "customizations",
            {
                "_about": "Per-operation results of awscli customizations that the generic "
                "rules in "
                "generator/naming/cli.py do not produce. Derived from the real argument "
                "tables by tools/cli_names.py --emit-data; each entry names the awscli "
                "file responsible.",
                "awscli": probe["awscli"],
                "members": members_tbl,
                "extra_options": extras,
                "hoists": hoists,
                "replaced_commands": replaced,
                "split_commands": splits,
                "command_aliases": aliases,
                "wrapped_commands": wrapped,
            },
        )
    )
    written.append(
        _write(
            "paramfile_disabled",
            {
                "_about": "awscli/paramfile.py PARAMFILE_DISABLED: keys are "
                "<endpoint prefix as aliased by botocore EVENT_ALIASES>.<command>.<argument>; "
                "'resolved' maps them to model names (derived from the real CLI).",
                "awscli": probe["awscli"],
                "keys": tables["paramfile_disabled"],
                "keys_without_effect": sorted(set(tables["paramfile_disabled"]) - paramfile_keys),
                "resolved": paramfile,
            },
        )
    )
    written.append(
        _write(
            "shorthand_old_list_case",
            {
                "_about": "awscli/argprocess.py ParamShorthand._uses_old_list_case: "
                "list-of-one-key-"
                "structure arguments that take bare values; keys are "
                "[service id as aliased, command, argument].",
                "awscli": probe["awscli"],
                "keys": tables["old_list_case"],
                "resolved": old_list,
            },
        )
    )
    if unexplained:
        print("needs a rule fix or a source:", *unexplained, sep="\n  ", file=sys.stderr)
    return written


def compare_all(python: str | os.PathLike[str] | None = None) -> Report:
    """Probe every operation of every service the CLI knows and compare."""
    return compare(run_probe(python=python))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--probe" in argv or "--tables" in argv:
        return _child_main(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every mismatch")
    parser.add_argument("--json", help="write the full report as JSON to this file")
    parser.add_argument("--probe-file", help="reuse a saved probe JSON instead of running awscli")
    parser.add_argument("--save-probe", help="save the probe JSON here")
    parser.add_argument(
        "--emit-data",
        action="store_true",
        help="regenerate probe-derived data tables, then compare",
    )
    ns = parser.parse_args(argv)
    if ns.probe_file:
        probe = json.loads(Path(ns.probe_file).read_text())
    else:
        probe = run_probe()
    if ns.save_probe:
        Path(ns.save_probe).write_text(json.dumps(probe))
    if ns.emit_data:
        for path in emit_data(probe):
            print(f"wrote {path.relative_to(ROOT)}")
    report = compare(probe)
    print(report.summary())
    if ns.details:
        for m in report.mismatches:
            print(json.dumps(m, sort_keys=True))
        for kind, ex in report.drift_examples.items():
            print(f"drift {kind}: {report.drift[kind]} e.g. {ex[:5]}")
    if ns.json:
        Path(ns.json).write_text(
            json.dumps(
                {
                    "summary": report.summary(),
                    "mismatches": report.mismatches,
                    "drift": dict(report.drift),
                    "drift_examples": report.drift_examples,
                },
                indent=1,
                sort_keys=True,
            )
        )
    return 0 if not report.mismatches else 1


if __name__ == "__main__":
    sys.exit(main())
