"""What AWS CLI version 2 cannot run of a CLI example written for version 1, and why.

Stage ``capabilities``. Input: the service IR, an operation, the example's value tree and the
options its script writes. Output: a reason (or ``None``): the CLI target records it on the
example (:attr:`generator.targets.Snippet.not_for`), the docs page prints it, and ``verify``
reports the version 2 column of that example as ``not expressible`` with it instead of running
it. Data: ``naming/data/cli_v2.json``, refreshed by ``tools/cli_v2.py`` from the installed AWS
CLI 2 (its argument tables and its data folder).

Version 2 bundles an older model than version 1 (2.9.19: botocore 2.0.0dev155, early 2023), so
most reasons are model lag: a service, operation or member it does not have, another protocol
(sqs: query), request line or member type, a member it requires. Then what its own code reads otherwise: pagination
options of operations its model has no paginator for, a ``file://`` value of a member version 1
takes literally (``PARAMFILE_DISABLED``), and epoch-seconds timestamps, which its serializer
sends in whole seconds. Blob text inside JSON or shorthand is not refused: the script passes
``--cli-binary-format raw-in-base64-out`` to version 2 itself (see ``targets/cli.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from generator.capabilities import cli as cli_caps
from generator.model.ir import Service
from generator.naming import cli as names
from generator.values.tree import Value, member_paths

EDITION = "cli-v2"  # the verify column of the examples run with AWS CLI version 2
_PAGE_OPTIONS = ("--starting-token", "--page-size", "--max-items")
_PARAMFILE_PREFIXES = ("file://", "fileb://")


def table() -> dict[str, Any]:
    return names.data_table("v2")


def versions() -> tuple[str, str]:
    """The AWS CLI versions the examples are proven with: (version 1, version 2)."""
    return str(names.data_table("model_gaps")["awscli"]), str(table()["awscli"])


def _bundled() -> str:
    data = table()
    return f"the model bundled with awscli {data['awscli']} (botocore {data['cli_botocore']})"


def _model_reason(service: str, operation: str, paths: set[tuple[str, ...]]) -> str | None:
    """Services, operations, commands and members version 2's model lacks."""
    data, where = table(), _bundled()
    if service in data["services"]:
        return f"{where} has no {service} service ('aws {names.service_word(service)}')"
    protocol = data["protocols"].get(service)
    if protocol is not None:
        return f"{where} speaks {protocol} to {service}: another request than botocore's"
    if operation in data["operations"].get(service, ()):
        return f"{where} has no {operation} operation"
    command = names.lookup(data, "commands", service, operation)
    if command is not None:
        return str(command)
    lacking = set(names.lookup(data, "members", service, operation) or ())
    for path in sorted(paths):
        if len(path) == 1 and path[0] in lacking:
            return f"{where} does not have {path[0]}"
    why = names.lookup(data, "options", service, operation) or {}
    for path in sorted(paths):
        if len(path) == 1 and path[0] in why:
            return f"awscli {data['awscli']}: {path[0]}: {why[path[0]]}"
    return None


def _nested_reason(service: str, value: Value) -> str | None:
    nested: dict[str, list[str]] = table()["nested_members"].get(service, {})
    for path, shape, member in member_paths(value):
        if len(path) > 1 and member in nested.get(shape, ()):
            return f"{_bundled()} does not have {'.'.join(path)} (a member of {shape})"
    return None


def _options_reason(service: str, operation: str, value: Value, options: Collection[str]) -> str | None:
    """Pagination, hoisted options and file:// values: what version 2's own code reads otherwise."""
    data = table()
    version = data["awscli"]
    pages = names.lookup(data, "pagination", service, operation)
    if pages is not None:
        for option in sorted(set(options) & set(_PAGE_OPTIONS)):
            if option not in pages:
                return (
                    f"awscli {version} does not paginate {operation} (the model it bundles has no "
                    f"paginator for it), so it has no {option} option"
                )
    for path in names.lookup(data, "hoists", service, operation) or ():
        hoisted = names.hoisted_option(service, operation, tuple(path.split(".")))
        if hoisted is not None and hoisted in options:
            return f"awscli {version} has no {hoisted} option (for {path})"
    for member in names.lookup(data, "paramfile", service, operation) or ():
        child = value.field(member)
        text = str(child.scalar) if child is not None and child.kind in ("string", "enum") else ""
        if text.lower().startswith(_PARAMFILE_PREFIXES):
            return (
                f"awscli {version} reads a {text.split('://')[0]}:// value of {member} as a file to "
                "load (version 1 sends it as it is: awscli/paramfile.py PARAMFILE_DISABLED)"
            )
    return None


def refusal(service: Service, operation: str, value: Value, options: Collection[str]) -> str | None:
    """Why AWS CLI version 2 cannot run the version 1 example of these values, which writes
    ``options`` (every ``--option`` of its ``aws`` line), or None when it runs unchanged."""
    paths = {path for path, _shape, _member in member_paths(value)}
    return (
        _model_reason(service.name, operation, paths)
        or cli_caps.model_drift_reason(service.name, operation, paths, table="v2")
        or _nested_reason(service.name, value)
        or _options_reason(service.name, operation, value, options)
        or cli_caps.timestamp_precision_reason(service, operation, value, millisecond_services=())
    )


def page_note(v2: str | None, text_blobs: bool) -> str:
    """What the docs page says under a CLI script (Markdown): the AWS CLI versions it is proven
    with, or why it is for version 1 only (``v2``: :func:`refusal`'s reason); ``text_blobs``:
    the script gives blobs as text, which it tells version 2 with ``--cli-binary-format``."""
    v1_version, v2_version = versions()
    if v2:
        return (
            f"For AWS CLI version 1 \\(proven on the wire with awscli {v1_version}\\)\\. "
            f"Not for version 2: {v2}\\."
        )
    blobs = (
        " Version 2 reads blob values inside JSON or shorthand as base64 unless given "
        "`--cli-binary-format raw-in-base64-out`, an option version 1 does not have, so the "
        "script adds it when `aws --version` names version 2\\."
        if text_blobs
        else ""
    )
    return (
        "Runs unchanged with AWS CLI version 1 and version 2 \\(proven on the wire with awscli "
        f"{v1_version} and {v2_version}\\)\\.{blobs}"
    )
