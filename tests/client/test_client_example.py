"""The typed-client example of an operation: named by the whole package, keyed accordingly.

A class name in the package can depend on a shape that only *another* operation reaches (the
plan numbers colliding names in a fixed order), so the example takes its names from the plan
of the whole service - the package users install - and the catalog's operation key carries
those names (``example_names``). The model below is built for the collision; everything else
is the real generator.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import black

from generator.model.load import RawModel
from generator.model.lower import lower_model
from generator.targets.client.example import example_names, render_client_example
from generator.targets.client.package import render_client
from generator.targets.client.plan import make_plan
from generator.values.validate import from_document

MODEL: dict[str, Any] = {
    "version": "2.0",
    "metadata": {
        "apiVersion": "2024-01-01", "endpointPrefix": "demo", "jsonVersion": "1.1",
        "protocol": "json", "serviceFullName": "Demo Service", "serviceId": "Demo",
        "signatureVersion": "v4", "targetPrefix": "Demo", "uid": "demo-2024-01-01",
    },
    "operations": {
        "PutThing": {
            "name": "PutThing", "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "PutThingRequest"}, "output": {"shape": "PutThingResponse"},
        },
        "SetMode": {
            "name": "SetMode", "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "SetModeRequest"},
        },
    },
    "shapes": {
        "PutThingRequest": {
            "type": "structure", "required": ["thing"],
            "members": {"thing": {"shape": "ModeLiteral"}},
        },
        "ModeLiteral": {"type": "structure", "members": {"name": {"shape": "Name"}}},
        "PutThingResponse": {"type": "structure", "members": {"thingId": {"shape": "Name"}}},
        "SetModeRequest": {"type": "structure", "members": {"mode": {"shape": "Mode"}}},
        "Mode": {"type": "string", "enum": ["ON", "OFF"]},
        "Name": {"type": "string"},
    },
}


def _service(model: dict[str, Any]) -> Any:
    return lower_model(RawModel("demo", model, {}))


def test_example_takes_class_names_from_the_whole_package_plan() -> None:
    service = _service(MODEL)
    op = service.operations["PutThing"]
    # alone, PutThing would call its structure ModeLiteral; in the package the enum Mode of
    # SetMode claims ModeLiteral (its Literal alias) first, so the structure is ModeLiteral_
    assert make_plan(service, ["PutThing"]).classes["ModeLiteral"] == "ModeLiteral"
    assert make_plan(service, None).classes["ModeLiteral"] == "ModeLiteral_"
    value = from_document(service, op, {"thing": {"name": "lamp"}}, "test")
    text = render_client_example(service, op, value, "Putting a thing").text
    assert "from sdk_parity_demo.models import ModeLiteral_\n" in text
    assert 'thing=ModeLiteral_(name="lamp"),' in text or 'thing=ModeLiteral_(name="lamp")' in text
    assert "print(response.thing_id)" in text
    models = next(a.content for a in render_client(service, None) if a.path.endswith("models.pyi"))
    assert re.search(r"^class ModeLiteral_\b", models, re.M)
    assert black.format_str(text, mode=black.Mode()) == text


def test_operation_key_names_change_when_another_operation_renames_a_class() -> None:
    service = _service(MODEL)
    alone = copy.deepcopy(MODEL)
    del alone["operations"]["SetMode"]
    del alone["shapes"]["SetModeRequest"]
    smaller = _service(alone)
    before = example_names(service, service.operations["PutThing"])
    after = example_names(smaller, smaller.operations["PutThing"])
    assert "ModeLiteral ModeLiteral_" in before.splitlines()
    assert "ModeLiteral ModeLiteral" in after.splitlines()
    assert before != after
