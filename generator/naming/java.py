"""Java 2.x identifiers: the single place where AWS SDK for Java 2.x names are decided.

Stage: naming/java. Input: plain names from a botocore model (serviceId, operation, shape and
member names, the model's ``shapes`` dict where a rule needs it). Output: the Java identifiers
the SDK's code generator emits for them - client and exception classes, packages, Maven
modules, client methods, request/response/model classes and builder methods.

The rules follow the SDK's codegen (``DefaultNamingStrategy``, ``CodegenNamingUtils``,
``Utils.unCapitalize``); per-service exceptions from its ``customization.config`` files and its
BOM live as data in ``data/java.json`` and ``data/java_bom.json`` (the modules each BOM lists,
written by ``tools/java_bom_modules.py``). Every service-level function takes the botocore
``serviceId`` (``metadata.serviceId``); shape and member names are the botocore ones, before any
renaming. ``tests/test_javatool.py`` checks the results against the real jars.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, cast

_DATA_FILE = Path(__file__).with_name("data") / "java.json"
_BOM_FILE = Path(__file__).with_name("data") / "java_bom.json"
SDK_GROUP_ID = "software.amazon.awssdk"
_PACKAGE_ROOT = "software.amazon.awssdk.services"
CONFLICT_SUFFIX = "Value"
COLLISION_PREFIX = "Default"


@cache
def _data() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(_DATA_FILE.read_text(encoding="utf-8")))


@cache
def _bom() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(_BOM_FILE.read_text(encoding="utf-8")))


def _names(key: str) -> frozenset[str]:
    return frozenset(cast(list[str], _data()[key]))


def _table(key: str) -> dict[str, Any]:
    return {k: v for k, v in cast(dict[str, Any], _data()[key]).items() if not k.startswith("_")}


# --- word-level helpers (the codegen's string utilities) ---------------------------------


def split_words(name: str) -> list[str]:
    """Split on word boundaries like the codegen: separators, camel case, acronym runs, digits.

    ``"SSO OIDC"`` -> ``["SSO", "OIDC"]``; ``"DynamoDB"`` -> ``["Dynamo", "DB"]``;
    ``"ACMSuccess"`` -> ``["ACM", "Success"]``; ``"s3ec2"`` -> ``["s3", "ec2"]``.
    """
    text = re.sub(r"[^A-Za-z0-9]+", " ", name)
    # A standalone v before a number is a version word (TESTv4 -> TEST v4, TestV4 -> Test V4).
    text = re.sub(r"([^a-z]{2,})v([0-9]+)", r"\1 v\2 ", text)
    text = re.sub(r"([^A-Z]{2,})V([0-9]+)", r"\1 V\2 ", text)
    text = " ".join(re.split(r"(?<=[a-z])(?=[A-Z][a-zA-Z0-9])", text))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    text = re.sub(r"([0-9])([a-zA-Z])", r"\1 \2", text)
    return re.sub(r" +", " ", text).strip().split(" ")


@lru_cache(maxsize=65536)
def pascal_case(name: str) -> str:
    """Lower-case every word, then capitalise it: ``DescribeDBInstances`` -> ``DescribeDbInstances``."""
    return "".join(capitalize(word.lower()) for word in split_words(name) if word)


def capitalize(name: str) -> str:
    """Upper-case the first character only."""
    return name[:1].upper() + name[1:]


def un_capitalize(name: str) -> str:
    """Lower a leading capital run, keeping the capital that starts the next word.

    ``KMSKeyId`` -> ``kmsKeyId``, ``DBInstanceIdentifier`` -> ``dbInstanceIdentifier``,
    ``NULL`` -> ``null``, ``OtaaV1_1`` -> ``otaaV1_1``, ``FPorts`` -> ``fPorts``.
    """
    if not name.strip():
        raise ValueError("name cannot be empty")
    i = 1
    while i < len(name) and name[i].isupper() and not (i < len(name) - 1 and name[i + 1].islower()):
        i += 1
    return name[:i].lower() + name[i:]


def is_java_keyword(word: str) -> bool:
    """Java keywords and literals, compared case-insensitively as the codegen does."""
    keywords = _names("java_keywords")
    return word in keywords or word.lower() in keywords


# --- services ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def service_name(service_id: str) -> str:
    """``Personalize``, ``DynamoDb``, ``Ec2``, ``SsoOidc``: pascalCase(serviceId) minus
    a leading ``Amazon``/``Aws`` and a trailing ``Service``."""
    name = pascal_case(service_id)
    for prefix in ("Amazon", "Aws"):
        name = name.removeprefix(prefix)
    return name.removesuffix("Service")


def _service_override(service_id: str) -> Mapping[str, str]:
    return cast(Mapping[str, str], _table("services").get(service_id, {}))


def client_class(service_id: str) -> str:
    """The synchronous client interface: ``PersonalizeClient``."""
    return service_name(service_id) + "Client"


def async_client_class(service_id: str) -> str:
    """The asynchronous client interface: ``PersonalizeAsyncClient``."""
    return service_name(service_id) + "AsyncClient"


def base_exception(service_id: str) -> str:
    """The service's modeled exception base class: ``PersonalizeException``."""
    return _service_override(service_id).get(
        "base_exception", service_name(service_id) + "Exception"
    )


def package(service_id: str) -> str:
    """The client package: ``software.amazon.awssdk.services.personalize``."""
    suffix = _service_override(service_id).get("client_package", service_name(service_id).lower())
    return f"{_PACKAGE_ROOT}.{suffix}"


def model_package(service_id: str) -> str:
    """The package of request, response, model and exception classes (``<package>.model``)."""
    base = _service_override(service_id).get("model_package", service_name(service_id).lower())
    return f"{_PACKAGE_ROOT}.{base}.model"


def maven_module(botocore_service_name: str, service_id: str) -> str | None:
    """The artifactId under ``software.amazon.awssdk`` holding the client, or None when the
    Java SDK has no client for the service. Default: lower-cased service name."""
    modules = _table("modules_by_botocore_name")
    if botocore_service_name in modules:
        return cast("str | None", modules[botocore_service_name])
    override = _service_override(service_id).get("module")
    return override if override is not None else service_name(service_id).lower()


def runtime_modules(botocore_service_name: str) -> tuple[str, ...]:
    """SDK modules an example of the service needs on the class path besides its client
    module, for how the service authenticates: ``ssooidc`` for a bearer-token service (the
    default token provider reads the ``aws sso login`` cache), ``http-auth-aws-crt`` for SigV4a."""
    return tuple(cast(list[str], _table("runtime_modules").get(botocore_service_name, [])))


def runtime_module_reason(module: str) -> str:
    """Why a runtime module is needed (Markdown, for the docs page)."""
    return str(_table("runtime_module_reasons")[module])


def bom_modules(bom_version: str) -> frozenset[str] | None:
    """Service modules listed by ``software.amazon.awssdk:bom`` at ``bom_version`` (recorded:
    the BOMs of ``javatool.BOM_VERSIONS``), or None for a version without a record."""
    modules = _bom()["boms"].get(bom_version)
    return None if modules is None else frozenset(cast(list[str], modules))


def newer_bom_module(module: str) -> tuple[str, str, str] | None:
    """For a module only the newest BOM lists (not the one the examples are written against):
    (that BOM's version, what Maven Central answered for the module here, the date asked);
    None for any other module."""
    answer = _bom()["newer"].get(module)
    return None if answer is None else (str(_bom()["newest"]), str(answer), str(_bom()["checked"]))


# --- operations ----------------------------------------------------------------------------


def method_name(operation: str) -> str:
    """Client method: ``describeDBInstances`` (acronyms kept, only the first run lowered)."""
    return un_capitalize(operation)


def _disambiguate(base: str, clashes: bool) -> str:
    return COLLISION_PREFIX + base if clashes else base


def request_class(operation: str, service_id: str | None = None) -> str:
    """``DescribeDbInstancesRequest``: named from the operation, never from the input shape.
    Prefixed ``Default`` when the operation is named like the service (give ``service_id``)."""
    clashes = service_id is not None and operation == service_name(service_id)
    return _disambiguate(pascal_case(operation) + "Request", clashes)


def response_class(operation: str, service_id: str | None = None) -> str:
    """``DescribeDbInstancesResponse``: named from the operation, never from the output shape."""
    clashes = service_id is not None and operation == service_name(service_id)
    return _disambiguate(pascal_case(operation) + "Response", clashes)


def is_operation_generated(service_id: str, operation: str) -> bool:
    """False for operations the service's customization drops from the Java SDK
    (s3 ``GetBucketLifecycle``, lambda ``InvokeAsync``)."""
    return operation not in _table("excluded_operations").get(service_id, [])


# --- shapes --------------------------------------------------------------------------------


def renamed_shape(service_id: str, shape_name: str) -> str:
    """The shape's name after the service's ``renameShapes`` customization."""
    renames = cast(Mapping[str, str], _table("rename_shapes").get(service_id, {}))
    return renames.get(shape_name, shape_name)


def shape_class(service_id: str, shape_name: str) -> str:
    """Class of a structure, union or enum shape that is not an operation's input or output
    (those are :func:`request_class`/:func:`response_class`) nor an error (:func:`exception_class`):
    capitalised only, no acronym folding and underscores kept (``S3DataConfig``, ``DBInstance``,
    iotwireless ``OtaaV1_1``); renamed by the service's customization (s3 ``Object`` ->
    ``S3Object``)."""
    return capitalize(renamed_shape(service_id, shape_name))


def exception_class(shape_name: str, service_id: str | None = None) -> str:
    """``ResourceNotFoundException`` kept, ``DBInstanceNotFoundFault`` -> ``DbInstanceNotFoundException``,
    ``InternalServerError`` -> ``InternalServerErrorException`` (pascalCase folds acronyms).
    Prefixed ``Default`` when it would equal the base exception (give ``service_id``)."""
    if shape_name.endswith("Fault"):
        name = pascal_case(shape_name.removesuffix("Fault")) + "Exception"
    elif shape_name.endswith("Exception"):
        name = pascal_case(shape_name)
    else:
        name = pascal_case(shape_name) + "Exception"
    clashes = service_id is not None and name == service_name(service_id) + "Exception"
    return _disambiguate(name, clashes)


def is_shape_generated(service_id: str, shape_name: str) -> bool:
    """False for shapes the service's customization drops (``deprecatedShapes``, shapes of
    dropped operations, and shapes a sharing service takes from its partner's model package)."""
    return shape_name not in _table("excluded_shapes").get(service_id, [])


def needs_qualified_name(class_name: str) -> bool:
    """True when a model class shares its simple name with a ``java.lang`` class (kinesis
    ``Record``, resiliencehubv2 ``System``): import it and ``java.lang`` loses, so write
    the model class or the ``java.lang`` one fully qualified."""
    return class_name in _names("java_lang_classes")


# --- members -------------------------------------------------------------------------------


def renamed_member(service_id: str, shape_name: str, member_name: str) -> str:
    """The member's name after the service's ``shapeModifiers``/``emitPropertyName``."""
    shapes = cast(Mapping[str, Mapping[str, str]], _table("rename_members").get(service_id, {}))
    return shapes.get(shape_name, {}).get(member_name, member_name)


def _reserved_for(is_exception: bool) -> frozenset[str]:
    common = _names("object_methods") | _names("pojo_methods")
    extra = _names("exception_methods") if is_exception else _names("structure_methods")
    return common | extra


def is_member_generated(service_id: str, shape_name: str, member_name: str) -> bool:
    """False for members the service's customization removes (cloudhsm
    ``CloudHsmServiceException.retryable``)."""
    excluded = cast(Mapping[str, list[str]], _table("excluded_members").get(service_id, {}))
    return member_name not in excluded.get(shape_name, []) and member_name not in excluded.get(
        "*", []
    )


def member_method(
    service_id: str, shape_name: str, member_name: str, *, is_exception: bool = False
) -> str:
    """Fluent setter/getter name of a member: ``dbInstanceIdentifier``, ``kmsKeyId``,
    ``returnValue`` (keyword), ``equalsValue`` (reserved method), dynamodb ``NULL`` -> ``nul``.

    ``is_exception``: the shape is an error shape, whose reserved names differ
    (``requestId``, ``statusCode``, ``message`` handling ...).
    """
    name = un_capitalize(renamed_member(service_id, shape_name, member_name))
    if is_java_keyword(name) or name in _reserved_for(is_exception):
        return un_capitalize(name + CONFLICT_SUFFIX)
    return name


def enum_setter_for_list(
    service_id: str, shape_name: str, member_name: str, *, is_exception: bool = False
) -> str:
    """Builder method taking strings for a list or map of enums: ``xWithStrings``."""
    return member_method(service_id, shape_name, member_name, is_exception=is_exception) + (
        "WithStrings"
    )


def enum_getter_as_string(
    service_id: str, shape_name: str, member_name: str, *, container: bool = False
) -> str:
    """Getter returning the raw string(s) of an enum member: ``xAsString`` / ``xAsStrings``."""
    base = member_method(service_id, shape_name, member_name)
    return base + ("AsStrings" if container else "AsString")


def is_or_contains_enum(shape_name: str, shapes: Mapping[str, Mapping[str, Any]]) -> bool:
    """An enum string, or a list/map whose member, key or value is (or contains) one - the
    members whose list/map setter is :func:`enum_setter_for_list`."""
    shape = shapes.get(shape_name, {})
    if "enum" in shape:
        return True
    if shape.get("type") == "list":
        return is_or_contains_enum(str(shape["member"]["shape"]), shapes)
    if shape.get("type") == "map":
        return is_or_contains_enum(str(shape["key"]["shape"]), shapes) or is_or_contains_enum(
            str(shape["value"]["shape"]), shapes
        )
    return False


def botocore_base64_members(service_name: str, operation: str) -> frozenset[str]:
    """Top-level members botocore base64-encodes itself and the Java SDK sends as given."""
    table = _table("botocore_base64_members").get(service_name, {})
    return frozenset(cast(list[str], table.get(operation, [])))
