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

from generator.caches import per_service

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


@per_service(maxsize=4096)
def snake(name: str) -> str:
    """snake_case for the typed client (``DBInstanceIdentifier`` -> ``db_instance_identifier``);
    cached: a service's member names repeat across its operations and shapes."""
    text = str(xform_name(name)).replace("-", "_")
    text = re.sub(r"\W", "_", text)
    if text and text[0].isdigit():
        text = "_" + text
    return text + "_" if text in RESERVED else text


# --------------------------------------------------------------------------- typed client

# Field names the generated dataclasses and methods cannot use as they are: ``self`` is the
# method receiver, ``datetime`` is imported into the module the annotations are read in, and
# ``l`` is an ambiguous name linters reject (E741).
FIELD_RESERVED = frozenset({"self", "cls", "datetime", "l"})


def distribution_name(service_name: str) -> str:
    """``sdk-parity-personalize``: the installable distribution of a service's typed client."""
    return "sdk-parity-" + re.sub(r"[^a-z0-9]+", "-", service_name.lower()).strip("-")


def package_name(service_name: str) -> str:
    """``sdk_parity_personalize``: the import package (the distribution name, PEP 503 style)."""
    return distribution_name(service_name).replace("-", "_")


def client_class(service_id: str) -> str:
    """``PersonalizeClient``, ``DynamoDBClient``, ``BedrockRuntimeClient``."""
    words = re.split(r"[^0-9A-Za-z]+", service_id)
    text = "".join(w[:1].upper() + w[1:] for w in words if w)
    if not text or text[0].isdigit():
        text = "Service" + text
    return text + "Client"


def error_base_class(service_id: str) -> str:
    """``PersonalizeError``: the base of every error the service returns."""
    return client_class(service_id).removesuffix("Client") + "Error"


def class_name(shape_name: str) -> str:
    """A class for a structure, enum or union shape: PascalCase, never a reserved name."""
    text = re.sub(r"\W", "_", shape_name).lstrip("_")
    if not text or text[0].isdigit():
        text = "Shape" + text
    text = text[0].upper() + text[1:]
    return text + "_" if text in RESERVED else text


def variant_class(union_class: str, member_name: str) -> str:
    """``AttributeValueS``: the class holding one member of a union."""
    words = re.split(r"[^0-9A-Za-z]+", member_name)
    return union_class + "".join(w[:1].upper() + w[1:] for w in words if w)


def field_name(member_name: str) -> str:
    """A dataclass field and keyword parameter: :func:`snake`, clear of the typed client's names."""
    text = snake(member_name)
    return text + "_" if text in FIELD_RESERVED else text


def enum_member(value: str) -> str:
    """``VIDEO_ON_DEMAND``, ``APPLICATION_JSON``, ``V2012_10_17``: a StrEnum member for a value."""
    text = re.sub(r"[^0-9A-Za-z]+", "_", str(xform_name(value))).strip("_").upper()
    if not text:
        return "EMPTY" if value == "" else "VALUE"
    return "V" + text if text[0].isdigit() else text


def unique(name: str, taken: set[str] | frozenset[str]) -> str:
    """``name``, or ``name`` with ``_`` (then ``_2``, ``_3`` ...) appended until it is free."""
    if name not in taken:
        return name
    candidate = name + "_"
    counter = 2
    while candidate in taken:
        candidate = f"{name}_{counter}"
        counter += 1
    return candidate


def method_name(operation: str) -> str:
    """A typed-client method: boto3's method name, with ``_`` after a keyword."""
    name = boto3_method(operation)
    return name + "_" if keyword.iskeyword(name) else name


def waiter_method(waiter: str) -> str:
    """``wait_until_table_exists`` for botocore's ``TableExists`` waiter."""
    return "wait_until_" + str(xform_name(waiter))


# --------------------------------------------------------------------------- scenarios


def scenario_variable(words: str) -> str:
    """``table_name`` for a scenario variable whose words are ``table-name``."""
    text = re.sub(r"\W", "_", words.replace("-", "_"))
    if not text or text[0].isdigit():
        text = "value_" + text
    return text + "_" if text in RESERVED else text


def scenario_file(resource: str) -> str:
    """``dataset_group_basics.py``: a scenario program's file name."""
    return re.sub(r"\W", "_", resource.replace("-", "_")) + "_basics.py"


def scenario_routine(kind: str, operation: str, waiter: str, resource: str) -> str:
    """A scenario's function for a call: boto3's method name (``create_table``), the waiter's
    method for a wait (``wait_until_table_exists``), ``wait_until_dataset_group_active`` for a
    poll, ``find_table`` for the list search."""
    if kind == "wait":
        return waiter_method(waiter)
    if kind == "list":
        return "find_" + scenario_variable(resource)
    if kind == "poll":  # ``waiter`` holds the state polled for: ``active``, ``deleted``
        return f"wait_until_{scenario_variable(resource)}_{scenario_variable(waiter.lower())}"
    return function_name(operation)


def scenario_flag(resource: str) -> str:
    """``bucket_created``: the flag a scenario sets once a create that returns nothing used
    later has succeeded."""
    return scenario_variable(resource) + "_created"
