"""Model text is data: crafted models on AWS_DATA_PATH are refused with the model path (exit 2,
one line), never turned into code or paths outside ``--out``."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_support import assert_one_line_error, data_path, invoke, minimal_model, run


def _rename_member(model: dict[str, Any], name: str) -> None:
    members = model["shapes"]["DoThingRequest"]["members"]
    members[name] = members.pop("Tags")


def _rename_operation(model: dict[str, Any], name: str) -> None:
    model["operations"][name] = model["operations"].pop("DoThing")


def _deep_chain(model: dict[str, Any]) -> None:
    shapes = model["shapes"]
    for i in range(3000):
        shapes[f"Chain{i}"] = {"type": "structure", "required": ["Next"],
                               "members": {"Next": {"shape": f"Chain{i + 1}"}}}
    shapes["Chain3000"] = {"type": "string"}
    shapes["DoThingRequest"]["members"]["Deep"] = {"shape": "Chain0"}
    shapes["DoThingRequest"]["required"].append("Deep")


MUTATIONS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "full name with a newline and a command": (
        lambda m: m["metadata"].update(serviceFullName="X\ntouch /tmp/pwned #"), "serviceFullName"),
    "member name with a semicolon": (lambda m: _rename_member(m, "A;touch x"), "DoThingRequest"),
    "member name with a quote": (lambda m: _rename_member(m, 'A"+System.exit(1)+"'), "DoThingRequest"),
    "operation name with a path": (lambda m: _rename_operation(m, "../../../../tmp/x/EVIL"), "hostiletest"),
    "shape name with a newline": (
        lambda m: m["shapes"].update({"Bad\nName": {"type": "string"}}), "hostiletest"),
    "dangling shape": (
        lambda m: m["shapes"]["DoThingRequest"]["members"].update(Lost={"shape": "Nowhere"}), "Lost"),
    "unknown shape type": (lambda m: m["shapes"]["Text"].update(type="quantum"), "Text"),
    "self-recursive required member": (
        lambda m: m["shapes"].update(Loop={"type": "structure", "required": ["Again"],
                                           "members": {"Again": {"shape": "Loop"}}}), "cycle"),
    "shapes of the wrong type": (lambda m: m.update(shapes=[1, 2]), "shapes"),
    "member of the wrong type": (lambda m: m["shapes"]["DoThingRequest"].update(members=5), "DoThingRequest"),
    "required not a list": (lambda m: m["shapes"]["DoThingRequest"].update(required="Name"), "DoThingRequest"),
    "min greater than max": (lambda m: m["shapes"]["Text"].update(min=5, max=2), "min 5"),
    "numeric enum": (lambda m: m["shapes"]["Text"].update(enum=[1, 2]), "enum"),
    "bound of the wrong type": (lambda m: m["shapes"]["Count"].update(max="9"), "bound"),
    "api version with a newline": (lambda m: m["metadata"].update(apiVersion="1\nrm -rf /"), "apiVersion"),
}


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_crafted_model_is_refused_with_its_path(case: str, tmp_path: Path) -> None:
    mutate, needle = MUTATIONS[case]
    model = copy.deepcopy(minimal_model())
    mutate(model)
    env = data_path(tmp_path / "models", model)
    for args in (["list", "hostiletest"], ["snippet", "hostiletest", "DoThing", "--lang", "cli"]):
        assert_one_line_error(invoke(*args, env=env), needle)
    assert not Path("/tmp/pwned").exists()


def test_three_thousand_deep_required_chain_is_refused_or_rendered(tmp_path: Path) -> None:
    model = minimal_model()
    _deep_chain(model)
    env = data_path(tmp_path / "models", model)
    result = invoke("snippet", "hostiletest", "DoThing", "--lang", "python", env=env)
    if result.returncode != 0:
        assert_one_line_error(result)


@pytest.mark.parametrize("text", ['{"version": "2.0", "operations": {', "[1, 2", "\xff\xfe", "[" * 20000])
def test_corrupted_model_file_gives_one_line(text: str, tmp_path: Path) -> None:
    env = data_path(tmp_path / "models", text)
    for args in (["list", "hostiletest"], ["snippet", "hostiletest", "DoThing", "--lang", "python"]):
        assert_one_line_error(invoke(*args, env=env), "hostiletest")


def test_crafted_operation_name_writes_nothing_outside_out(tmp_path: Path) -> None:
    model = minimal_model()
    _rename_operation(model, "../../../../escape/EVIL")
    env = data_path(tmp_path / "models", model)
    out = tmp_path / "deep" / "a" / "b" / "out"
    result = run("generate", "hostiletest", "--out", str(out), env=env)
    assert_one_line_error(result, "not a plain identifier")
    assert not any(p.name.startswith("EVIL") for p in tmp_path.rglob("*"))


def test_plain_crafted_model_still_works(tmp_path: Path) -> None:
    env = data_path(tmp_path / "models", minimal_model())
    result = invoke("snippet", "hostiletest", "DoThing", "--lang", "python", env=env)
    assert result.returncode == 0, result.stderr
    assert "Hostile Test Service" in result.stdout


def test_every_botocore_model_passes_the_checks() -> None:
    import botocore.session

    from generator.model.sanity import check_model

    loader = botocore.session.get_session().get_component("data_loader")
    names = loader.list_available_services("service-2")
    step = 1 if os.environ.get("SDK_PARITY_ALL_MODELS") else max(1, len(names) // 40)
    for name in names[::step]:  # a spread of 40 by default; the full sweep takes 20 s
        check_model(name, loader.load_service_model(name, "service-2"))
