"""Python identifiers: boto3's method and client names, and the typed client's snake_case.

The single place where Python names are decided. boto3 keeps model member names verbatim as
keyword arguments and names methods with botocore's ``xform_name``; the typed client uses
snake_case fields and appends ``_`` to names that clash with keywords or builtins.
"""

from __future__ import annotations

import builtins
import keyword
import re

from botocore import xform_name

RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


def client_variable(service_name: str) -> str:
    """``personalize``, ``bedrock_runtime``: the variable holding a boto3 client."""
    name = re.sub(r"\W", "_", service_name)
    return name + "_client" if name in RESERVED or name[0].isdigit() else name


def boto3_method(operation: str) -> str:
    return str(xform_name(operation))


def function_name(operation: str) -> str:
    name = boto3_method(operation)
    return name + "_" if name in RESERVED else name


def is_identifier_keyword(name: str) -> bool:
    """A keyword argument that cannot be written as ``name=...`` in a call."""
    return keyword.iskeyword(name) or not name.isidentifier()


def snake(name: str) -> str:
    """snake_case for the typed client (``DBInstanceIdentifier`` -> ``db_instance_identifier``)."""
    text = str(xform_name(name)).replace("-", "_")
    text = re.sub(r"\W", "_", text)
    if text and text[0].isdigit():
        text = "_" + text
    return text + "_" if text in RESERVED else text
