"""What the AWS CLI v1 cannot send: removed, replaced, split and event-stream commands, and the
operations and members that the model bundled with awscli lacks (model lag).

Stage ``capabilities``. Input: a botocore service name, an operation and member names. Output:
a reason (or ``None``) that the CLI target turns into "not expressible" and that value
synthesis uses to leave out members the CLI cannot carry. Data: ``naming/data/cli_*.json``,
refreshed by ``tools/cli_names.py`` from the installed awscli; and the table of awscli
customizations that change how a parameter is given (``data/cli/customizations.json``: lambda
zip files, blob and streaming forms, extra required options, preview services, Session
Manager commands, the timestamp precision of awscli's bundled serializer), each entry with its
rendering rule or refusal.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any

from botocore.exceptions import DataNotFoundError  # type: ignore[import-untyped, unused-ignore]
from botocore.model import OperationNotFoundError  # type: ignore[import-untyped, unused-ignore]

from generator.model.ir import Service
from generator.naming import cli as names
from generator.values.tree import Value, iso8601

_CUSTOMIZATIONS = Path(__file__).resolve().parents[1] / "data" / "cli" / "customizations.json"


@cache
def customizations() -> list[dict[str, Any]]:
    """The entries of ``data/cli/customizations.json`` (service, operation, parameter, rule)."""
    entries: list[dict[str, Any]] = json.loads(_CUSTOMIZATIONS.read_text(encoding="utf-8"))["entries"]
    return entries


def customizations_for(service: str, operation: str, rule: str | None = None) -> list[dict[str, Any]]:
    """The entries that name this operation (or every operation of the service) exactly."""
    return [
        e for e in customizations()
        if e["service"] == service and e["operation"] in (operation, "*")
        and (rule is None or e["rule"] == rule)
    ]


def rule_entry(rule: str) -> dict[str, Any]:
    """The one generic entry (service ``*``) of a rule."""
    return next(e for e in customizations() if e["rule"] == rule and e["service"] == "*")


def is_zip(data: bytes) -> bool:
    """True if the bytes open as a zip archive, the test awscli's lambda ``--zip-file`` applies."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.infolist()
    except zipfile.BadZipFile:
        return False
    return True


def _at(value: Value, path: str) -> Value | None:
    node: Value | None = value
    for name in path.split("."):
        node = node.field(name) if node is not None else None
    return node


def value_reason(service: str, operation: str, value: Value) -> str | None:
    """Why the CLI cannot send these values although it can send the operation, or None: a
    ``--zip-file`` whose bytes are no zip archive, or a member awscli fills in itself when unset
    (ec2 bundle-instance's upload policy)."""
    for entry in customizations_for(service, operation, "zip-file"):
        node = _at(value, entry["parameter"])
        if node is not None and node.kind == "blob" and not is_zip(node.scalar):
            return (
                f"{entry['parameter']} is not a zip archive, and '{entry['option']}' accepts only "
                f"zip content ({entry['source']}: '--zip-file must be a zip file with the "
                "fileb:// prefix')"
            )
    for entry in customizations_for(service, operation, "refuse-unless-set"):
        if _at(value, entry["parameter"]) is None:
            return str(entry["reason"])
    return None


def sent_by_cli(service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """Members the CLI adds to the request itself for these top-level params (ec2 describe-volumes'
    page size of 1000, ``page-size`` entries): what a verifier must expect the CLI to send on top
    of the example's values. Empty for almost every operation."""
    added: dict[str, Any] = {}
    for entry in customizations_for(service, operation, "page-size"):
        if set(params) <= set(entry["unless_other_than"]):
            added.update(entry["adds"])
    return added


def extra_options(service: str, operation: str) -> list[list[str]]:
    """Options that are not API members but that the CLI requires (iam create-virtual-mfa-device)."""
    return [list(pair) for e in customizations_for(service, operation, "extra-options") for pair in e["options"]]


def customization_refusal(service: str, operation: str) -> str | None:
    """The reason of a ``refuse`` entry (sdb, a preview service), or None."""
    for entry in customizations_for(service, operation, "refuse"):
        return str(entry["reason"])
    return None


def service_caveat(service: str) -> str | None:
    """Why ``aws <word>`` needs care even though it exists (preview or hidden service)."""
    services = names.data_table("services")
    word = names.service_word(service)
    if word in services["preview_services"]:
        return (
            f"preview service: 'aws {word}' only prints a notice unless "
            f"'aws configure set preview.{word} true' ({services['preview_services'][word]})"
        )
    if word in services["undocumented_services"]:
        return f"hidden from help but callable ({services['undocumented_services'][word]})"
    return None


def replaced_by_custom_command(service: str, operation: str) -> bool:
    """True when the operation's command name is taken by hand-written awscli code."""
    return names.lookup(names.data_table("customizations"), "replaced_commands", service, operation) is not None


def removal_kind(service: str, operation: str) -> str | None:
    """``removed``, ``replaced``, ``split``, ``event-stream`` or None (usable)."""
    word = names.service_word(service)
    if names.command_name(operation) in names.data_table("removed_commands")["removals"].get(word, []):
        return "removed"
    if replaced_by_custom_command(service, operation):
        return "replaced"
    if names.split_commands(service, operation):
        return "split"
    if operation in names.data_table("services")["event_stream_outfile"].get(service, []):
        return None  # s3 select-object-content: customizations/s3events.py writes the stream
    return "event-stream" if _has_event_stream(service, operation) else None


def removed_reason(service: str, operation: str) -> str | None:
    """Why ``aws <word> <command>`` cannot send this operation, or None if it can."""
    kind = removal_kind(service, operation)
    word, cmd = names.service_word(service), names.command_name(operation)
    if kind == "removed":
        return f"'aws {word} {cmd}' is removed by awscli/customizations/removals.py" + (
            " (event stream)" if _has_event_stream(service, operation) else ""
        )
    if kind == "replaced":
        info = names.data_table("customizations")["replaced_commands"][service][operation]
        return (
            f"'aws {word} {info['command']}' is a custom command ({info['source']}) with its "
            f"own arguments, not the {operation} API call"
        )
    if kind == "split":
        commands = " and ".join(f"'aws {word} {c}'" for c in names.split_commands(service, operation))
        return f"{operation} is split into {commands} (awscli/customizations/rds.py)"
    if kind == "event-stream":
        return (
            f"'aws {word} {cmd}' has an event stream, which awscli v1 cannot read or print "
            "(awscli/utils.py json_encoder rejects EventStream)"
        )
    return None


def _has_event_stream(service: str, operation: str) -> bool:
    try:
        om = names.operation_model(service, operation)
    except (DataNotFoundError, OperationNotFoundError):
        return False
    return om.get_event_stream_input() is not None or om.get_event_stream_output() is not None


def command_caveat(service: str, operation: str) -> str | None:
    """Something to know about a usable command: wrapped by awscli code, deprecated, preview."""
    word, cmd = names.service_word(service), names.command_name(operation)
    wrapped = names.lookup(names.data_table("customizations"), "wrapped_commands", service, operation)
    if wrapped is not None:
        return (
            f"'aws {word} {cmd}' sends the API call, then runs extra awscli code "
            f"({wrapped['source']}): {wrapped.get('note', wrapped['class'])}"
        )
    try:
        deprecated = bool(names.operation_model(service, operation).deprecated)
    except (DataNotFoundError, OperationNotFoundError):
        deprecated = False
    if deprecated:
        return f"'aws {word} {cmd}' is deprecated: callable but hidden from help"
    return service_caveat(service)


def cli_command(service: str, operation: str) -> str | None:
    """The command to run for the operation, or None if :func:`removed_reason` says why not."""
    return None if removal_kind(service, operation) else names.command_name(operation)


def missing_from_cli_model(service: str, operation: str | None, member: str | None = None) -> bool:
    """True if awscli's vendored model (1.43.62 for awscli 1.46.3) lacks it (model lag)."""
    gaps = names.data_table("model_gaps")
    if service in gaps["services"]:
        return True
    if operation is None:
        return False
    if operation in gaps["operations"].get(service, []):
        return True
    if member is None:
        return False
    return member in (names.lookup(gaps, "members", service, operation) or [])


def missing_from_cli_model_path(service: str, operation: str, path: tuple[str, ...]) -> bool:
    """True if the CLI's model lacks a nested input member, given by member names from the
    input shape down (list and map levels skipped): ec2 RunInstances
    ``("Monitoring", "MetricCategoryIds")``. The CLI rejects such values client-side
    ("Unknown parameter in Monitoring"). Also True if a prefix is missing."""
    if len(path) == 1:
        return missing_from_cli_model(service, operation, path[0])
    if missing_from_cli_model(service, operation, path[0] if path else None):
        return True
    nested = set(names.lookup(names.data_table("model_gaps"), "nested_members", service, operation) or ())
    return any(".".join(path[:n]) in nested for n in range(2, len(path) + 1))


def unusable_reason(service: str, operation: str) -> str | None:
    """:func:`removed_reason`, a ``refuse`` customization, or that the installed CLI's model does not know the operation."""
    reason = removed_reason(service, operation) or customization_refusal(service, operation)
    if reason is None and missing_from_cli_model(service, operation):
        gaps = names.data_table("model_gaps")
        reason = (
            f"not in the model bundled with awscli {gaps['awscli']} "
            f"(botocore {gaps['cli_botocore']})"
        )
    return reason


# ------------------------------------------------- model drift (awscli's bundled model differs)


def model_drift_reason(
    service: str, operation: str, set_paths: set[tuple[str, ...]], table: str = "model_drift"
) -> str | None:
    """Why the CLI would send another request than botocore for an example that sets exactly
    ``set_paths`` (member paths from the input down, list and map levels skipped), because the
    model awscli bundles with its own botocore has the operation differently: another request
    line, a member typed differently that the example sets, or a member it requires that the
    example leaves out. Data: ``naming/data/cli_model_drift.json`` (``tools/cli_model_drift.py``);
    ``table="v2"``: the same comparison for AWS CLI version 2's models (``cli_v2.json``)."""
    drift = names.data_table(table)
    where = f"the model bundled with awscli {drift['awscli']} (botocore {drift['cli_botocore']})"
    request = names.lookup(drift, "requests", service, operation)
    if request is not None:
        return f"{where} has another request for {operation} ({request}): the CLI sends that one"
    for path, detail in (names.lookup(drift, "types", service, operation) or {}).items():
        if tuple(path.split(".")) in set_paths:
            return f"{where} types {path} differently ({detail}): the CLI would send another value"
    for path in names.lookup(drift, "required", service, operation) or ():
        parts = tuple(path.split("."))
        if parts not in set_paths and (len(parts) == 1 or parts[:-1] in set_paths):
            if not _in_botocore_model(service, operation, parts):
                return (
                    f"{where} requires {path}, a member botocore's model does not have: the CLI "
                    "refuses the command without it, and an example of botocore's request cannot set it"
                )
            return (
                f"{where} requires {path}, botocore's does not, and these values leave it out: "
                "the CLI refuses the command"
            )
    return None


def required_by_cli_model(service: str, operation: str, member: str) -> bool:
    """True if the model bundled with awscli requires this top-level input member where
    botocore's does not (the ``required`` drift)."""
    return member in (names.lookup(names.data_table("model_drift"), "required", service, operation) or ())


def _in_botocore_model(service: str, operation: str, path: tuple[str, ...]) -> bool:
    """True if botocore's input shape has the member at ``path`` (list and map levels skipped)."""
    shape = names.operation_model(service, operation).input_shape
    for name in path:
        while shape is not None and shape.type_name in ("list", "map"):
            shape = shape.member if shape.type_name == "list" else shape.value
        if shape is None or shape.type_name != "structure" or name not in shape.members:
            return False
        shape = shape.members[name]
    return True


# ------------------------------------------- timestamp precision (awscli's vendored serializer)


def _wire_format(service: Service, shape: str, location: str) -> str:
    """The format botocore's serializers give a timestamp: the shape's ``timestampFormat``,
    else the protocol's and location's default (CBOR always sends epoch seconds)."""
    if service.protocol == "smithy-rpc-v2-cbor":
        return "unixtimestamp"
    declared = service.shapes[shape].timestamp_format.lower() if shape in service.shapes else ""
    if declared:
        return declared
    if location == "header":
        return "rfc822"
    if location in ("querystring", "uri"):
        return "iso8601"
    return "unixtimestamp" if service.protocol in ("json", "rest-json") else "iso8601"


def _timestamps(value: Value, path: tuple[str, ...], location: str) -> list[tuple[tuple[str, ...], Value, str]]:
    if value.kind == "timestamp":
        return [(path, value, location)]
    out: list[tuple[tuple[str, ...], Value, str]] = []
    for name, child in value.fields:
        out += _timestamps(child, path + (name,), location)
    for item in value.items:
        out += _timestamps(item, path, location)
    for _key, item in value.entries:
        out += _timestamps(item, path, location)
    return out


def timestamp_precision_reason(
    service: Service, operation: str, value: Value, millisecond_services: Collection[str] | None = None
) -> str | None:
    """Why the CLI cannot send a timestamp of these values to botocore's precision, or None.

    awscli's vendored botocore serializes epoch-seconds timestamps as whole seconds (standalone
    botocore keeps the microseconds), and with millisecond precision for the services of the
    ``timestamp-precision`` entry (``millisecond_services`` names others: AWS CLI version 2's
    serializer has none), so a fractional second would be lost on the wire."""
    entry = rule_entry("timestamp-precision")
    kept = entry["millisecond_services"] if millisecond_services is None else millisecond_services
    millisecond = service.name in kept
    input_shape = service.operations[operation].input
    members = service.shapes[input_shape].members if input_shape else ()
    for member in members:
        child = value.field(member.name)
        if child is None:
            continue
        for path, node, location in _timestamps(child, (member.name,), member.location):
            form = _wire_format(service, node.shape, location)
            micro = node.scalar.microsecond
            if form == "rfc822":
                continue  # whole seconds in both serializers
            lost = micro % 1000 != 0 if millisecond else form == "unixtimestamp" and micro != 0
            if lost:
                kept = "milliseconds" if millisecond else "whole seconds"
                return f"{'.'.join(path)} = {iso8601(node.scalar)}, sent as {form} in {kept}: {entry['reason']}"
    return None
