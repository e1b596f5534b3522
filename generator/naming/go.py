"""AWS SDK for Go v2 identifiers: module, package, input/type/field names, enum constants.

Stage: naming/go. Input: plain names from a botocore model (``metadata.serviceId``, operation,
shape and member names). Output: the identifiers smithy-go's code generator emits
(``SymbolVisitor``, ``EnumGenerator``) and the Go type of every field, read from
``data/go/<package>.json`` (written by ``python -m tools.refresh_go_sdk`` from the pinned
modules' sources, one file per module, loaded when a service first asks), because whether a
number or boolean is a pointer cannot be told from botocore. ``data/go/modules.json`` says, per
package, which version is pinned or what the Go module proxy answered when it was asked.

Rules (see /work/shared/SDK_JS_GO_NOTES.md): the package is the sdkId without spaces and hyphens,
lower-cased; operations take ``<Op>Input`` from the root package whatever the model calls the
input shape; other shapes live in ``types`` under their capitalized name; fields are the member
name with its first letter upper-cased (``performHPO`` -> ``PerformHPO``), and a name that
clashes gets a trailing ``_`` (``String_``); unions are ``<Union>Member<Member>`` structs with a
``Value`` field; enum constants are the type name + the value's words, title-cased.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, cast

from generator.caches import per_service

_DATA_DIR = Path(__file__).with_name("data") / "go"
MODULE_ROOT = "github.com/aws/aws-sdk-go-v2"
SERVICE_ROOT = f"{MODULE_ROOT}/service/"


@cache
def _modules() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((_DATA_DIR / "modules.json").read_text(encoding="utf-8")))


@per_service(maxsize=8)
def _package_data(package_name: str) -> dict[str, Any] | None:
    if "version" not in _modules()["modules"].get(package_name, {}):
        return None
    path = _DATA_DIR / f"{package_name}.json"
    return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))


def package(service_id: str) -> str:
    """``Personalize Runtime`` -> ``personalizeruntime``; ``SSO OIDC`` -> ``ssooidc``."""
    return re.sub(r"[\s\-]+", "", service_id).lower()


def module(service_id: str) -> str:
    return SERVICE_ROOT + package(service_id)


def _module_data(service_id: str) -> dict[str, Any] | None:
    return _package_data(package(service_id))


def module_version(service_id: str) -> str | None:
    """The pinned version of the service module, or None when it is not available here."""
    data = _module_data(service_id)
    return None if data is None else cast(str, data["version"])


def how_chosen(service_id: str) -> str:
    """How the pinned version was chosen (``the newest of 33 versions listed``), or ``""``."""
    entry = _modules()["modules"].get(package(service_id), {})
    return str(entry.get("how", ""))


def refusal(service_id: str) -> str:
    """Why the service's module is not pinned: the proxy's answers and the day it was asked."""
    entry = _modules()["modules"].get(package(service_id))
    if entry is None:
        return f"{module(service_id)} was not asked for (run python -m tools.refresh_go_sdk)"
    answers = "; ".join(f"{question}: {answer}" for question, answer in entry["refused"])
    return f"the Go module proxy refused {module(service_id)} on {entry['asked']} ({answers})"


def capitalize(name: str) -> str:
    return name[:1].upper() + name[1:]


def input_struct(operation: str) -> str:
    return f"{operation}Input"


def has_operation(service_id: str, operation: str) -> bool:
    data = _module_data(service_id)
    return data is not None and operation in data["operations"]


def output_fields(service_id: str, operation: str) -> dict[str, str] | None:
    """Field -> Go type of ``<Op>Output`` (None when unknown)."""
    data = _module_data(service_id)
    found = None if data is None else data["outputs"].get(f"{operation}Output")
    return cast(dict[str, str] | None, found)


def paginator(service_id: str, operation: str) -> dict[str, str] | None:
    """The operation's Go paginator (``New<Op>Paginator``): its input token field (``in``),
    output token path (``out``) and limit field (``limit``); None when Go has none."""
    data = _module_data(service_id)
    found = None if data is None else data["paginators"].get(operation)
    return cast(dict[str, str] | None, found)


def paginator_constructor(operation: str) -> str:
    return f"New{operation}Paginator"


def type_name(shape_name: str) -> str:
    """The ``types`` name of a structure, union or enum shape."""
    return capitalize(shape_name)


def struct_fields(service_id: str, struct: str, is_input: bool) -> dict[str, str] | None:
    """Field -> Go type of an input struct or a ``types`` struct (None when unknown)."""
    data = _module_data(service_id)
    if data is None:
        return None
    table = data["inputs"] if is_input else data["types"]
    found = table.get(struct)
    if found is None and not is_input:
        found = table.get(struct + "_")
    return cast(dict[str, str] | None, found)


def field_name(fields: dict[str, str], member: str) -> str | None:
    """The Go field of a model member: capitalized, or with the ``_`` escape; None if removed."""
    name = capitalize(member)
    for candidate in (name, name + "_"):
        if candidate in fields:
            return candidate
    return None


def always_sent(service_id: str, struct: str) -> list[str]:
    """Non-pointer number/boolean fields of a struct the SDK serializes even when zero."""
    data = _module_data(service_id)
    if data is None:
        return []
    return list(cast(dict[str, list[str]], data.get("always_sent", {})).get(struct, []))


def required_fields(service_id: str, struct: str) -> list[str]:
    """Fields of a struct the client's validator refuses to leave out (``validators.go``)."""
    data = _module_data(service_id)
    if data is None:
        return []
    return list(cast(dict[str, list[str]], data.get("required", {})).get(struct, []))


def enum_constant(service_id: str, enum_type: str, value: str) -> str | None:
    """The generated constant for an enum value (``DomainVideoOnDemand``), or None."""
    data = _module_data(service_id)
    if data is None:
        return None
    return cast(str | None, data["enums"].get(enum_type, {}).get(value))


def is_enum_type(service_id: str, name: str) -> bool:
    data = _module_data(service_id)
    return data is not None and name in data["enums"]


def is_struct_type(service_id: str, name: str) -> bool:
    data = _module_data(service_id)
    return data is not None and name in data["types"]


def union_member(union: str, member: str) -> str:
    """``AttributeValue`` + ``S`` -> ``AttributeValueMemberS``."""
    return f"{type_name(union)}Member{capitalize(member)}"


def error_struct(service_id: str, shape_name: str) -> str | None:
    """The ``types`` struct of a modeled error, or None when the module has no such error."""
    data = _module_data(service_id)
    name = type_name(shape_name)
    if data is None or name not in data["errors"]:
        return None
    return name


def snippet_tag(service_name: str, operation: str) -> str:
    return f"gov2.{service_name}.{operation}"


def example_dir(operation: str) -> str:
    """The folder of an example's ``main`` package: the operation name lower-cased."""
    return operation.lower()


def union_shapes(service_id: str) -> frozenset[str]:
    """Shapes the Go SDK treats as unions though botocore models them as structures (dynamodb
    ``AttributeValue``): a ``types`` name with ``<Name>Member<X>`` structs and no struct itself."""
    types = (_module_data(service_id) or {}).get("types", {})
    out = set()
    for name in types:
        head, sep, _tail = name.partition("Member")
        if sep and head and head not in types and list(types[name]) == ["Value"]:
            out.add(head)
    return frozenset(out)


# --- scenarios ("Basics" programs): the identifiers a scenario's main package declares -----------

GO_KEYWORDS = frozenset({
    "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
    "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
    "return", "select", "struct", "switch", "type", "var",
})  # fmt: skip
# names the scenario's own code uses: a variable must not shadow them
SCENARIO_RESERVED = frozenset({
    "ctx", "err", "output", "page", "paginator", "waiter", "status", "attempt", "item", "found",
    "cleanupErr", "region", "profile", "options", "cfg", "aws", "config", "context", "errors",
    "flag", "fmt", "log", "slices", "smithy", "time", "types", "main", "runScenario",
    # Go's predeclared identifiers: a variable must not shadow a type or a builtin the code uses
    "any", "append", "bool", "cap", "close", "copy", "delete", "error", "false", "int", "len",
    "make", "new", "nil", "panic", "print", "println", "recover", "string", "true",
})  # fmt: skip


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9A-Za-z]+", text) if w]


def _camel(words: list[str]) -> str:
    if not words:
        return "value"
    return words[0][:1].lower() + words[0][1:] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def scenario_variable(words: str) -> str:
    """``tableName`` for a scenario variable whose words are ``table-name``."""
    text = _camel(_words(words))
    return text + "_" if text in GO_KEYWORDS or text in SCENARIO_RESERVED else text


def scenario_client(service_name: str) -> str:
    """``dynamodbClient``, ``iamClient``: the client a scenario passes to its functions."""
    return _camel(_words(service_name)) + "Client"


def scenario_types_alias(service_id: str, main: bool) -> str:
    """The name a scenario imports a service's ``types`` package under: ``types`` for the
    scenario's own service, ``<package>types`` (``iamtypes``) for another one."""
    return "types" if main else package(service_id) + "types"


def scenario_routine(kind: str, operation: str, state: str, resource: str) -> str:
    """A scenario's function for a call: ``createTable``, ``waitForTableExists`` for a waiter,
    ``waitUntilDatasetGroupActive`` for a poll, ``findTable`` for the list search."""
    noun = _camel(_words(resource))
    if kind == "wait":
        return "waitFor" + state
    if kind == "list":
        return "find" + capitalize(noun)
    if kind == "poll":
        return f"waitUntil{capitalize(noun)}{capitalize(_camel(_words(state)))}"
    return operation[:1].lower() + operation[1:]


def waiter_constructor(waiter: str) -> str:
    """``NewTableExistsWaiter``: the client package's constructor for botocore's waiter."""
    return f"New{waiter}Waiter"


def scenario_dir(resource: str) -> str:
    """``dataset_group_basics``: the folder of a scenario's ``main`` package."""
    return "_".join(_words(resource.lower())) + "_basics"


def scenario_tag(service_name: str, resource: str) -> str:
    """``gov2.dynamodb.Scenario_TableBasics``: the scenario's snippet tag."""
    return f"gov2.{service_name}.Scenario_" + "".join(w.title() for w in resource.split("-")) + "Basics"
