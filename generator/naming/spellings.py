"""The names a user may type for a service or an operation, mapped back to the model's.

Stage ``naming`` (reverse direction), used by the command line. Input: a name as the user
wrote it and the model's names. Output: the model's name. An operation may be written as the
model spells it (``CreateMetricAttribution``), as the AWS CLI does (``create-metric-attribution``,
:func:`generator.naming.cli.command_name`, hidden command aliases included) or as the boto3 /
typed-client method (``create_metric_attribution``, :mod:`generator.naming.python`); a service
as botocore names it or as the word after ``aws`` (``s3api`` -> ``s3``). A spelling that fits
several operations is refused with the candidates; an unknown one gets did-you-mean
suggestions in the spelling the user chose.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from generator.errors import SdkParityError
from generator.model.load import service_names, suggest
from generator.naming import cli, python


def operation_spellings(service: str, operation: str) -> tuple[str, ...]:
    """Every accepted spelling of one operation, the model's first."""
    names = [
        operation,
        cli.command_name(operation),
        *cli.command_aliases(service, operation),
        python.boto3_method(operation),
        python.function_name(operation),
    ]
    return tuple(dict.fromkeys(names))


def _spelling_style(name: str) -> str:
    if "-" in name:
        return "cli"
    if "_" in name or name.islower():
        return "python"
    return "model"


def resolve_operation(service: str, operations: Iterable[str], name: str) -> str:
    """The model's name of the operation ``name`` (any accepted spelling) of ``service``."""
    ops = list(operations)
    if name in ops:
        return name
    matches: dict[str, list[str]] = {}
    for operation in ops:
        for spelling in operation_spellings(service, operation):
            matches.setdefault(spelling, []).append(operation)
    found = list(dict.fromkeys(matches.get(name, [])))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise SdkParityError(
            f"operation name '{name}' of service '{service}' is ambiguous: it may be "
            f"{' or '.join(sorted(found))}",
            path=f"{service}:{name}",
        )
    style = _spelling_style(name)
    candidates = {
        "model": ops,
        "cli": [cli.command_name(o) for o in ops],
        "python": [python.boto3_method(o) for o in ops],
    }[style]
    raise SdkParityError(
        f"unknown operation '{name}' of service '{service}'{suggest(name, candidates)}",
        path=f"{service}:{name}",
    )


def resolve_service(name: str) -> str:
    """The botocore name of a service given by that name or by its AWS CLI word."""
    names = service_names()
    if name in names:
        return name
    words = {cli.service_word(n): n for n in names if cli.service_word(n) != n}
    if name in words:
        return words[name]
    hint = suggest(name, names)
    if not hint:  # short names (``s4``) are too far apart for the usual cutoff
        close = difflib.get_close_matches(name.lower(), names, n=3, cutoff=0.5)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise SdkParityError(f"unknown service '{name}'{hint}", path=name)
