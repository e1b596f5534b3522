"""Target ``client``: required stays required in what a request carries, responses stay tolerant.

A structure a request can carry keeps the model's required members required in its
constructor (and its dict form), whether or not responses carry it too; a structure only
responses carry builds with every member optional, as it reads. Two checks:

* the type checkers themselves: a probe that builds every structure (and union member) of a
  package with no argument is an error for ``mypy --strict`` and strict pyright on exactly
  the lines of the classes with a required member a request can carry - Personalize (whose
  ``MetricAttribute`` is both a request and a response structure), DynamoDB and SQS here,
  every 20th service of the catalog with ``-m slow``;
* the whole catalog (``pytest -m slow``): every package's ``models.pyi`` declares each such
  class's ``__init__`` with those members keyword-only, without a default and without
  ``None`` in their type, and every other member optional - the form the probes show both
  checkers enforce.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from client_usage.harness import (
    generate,
    mypy_diagnostics,
    pyright_diagnostics,
    run_mypy,
    run_pyright,
)

from generator.model.load import service_names
from generator.model.lower import load_service
from generator.naming.python import package_name
from generator.targets.client.package import render_client
from generator.targets.client.plan import Plan, make_plan


def _classes(plan: Plan) -> dict[str, bool]:
    """Every structure and union member class -> whether building it bare is an error."""
    found: dict[str, bool] = {}
    for name in plan.structures:
        shape = plan.shape(name)
        found[plan.classes[name]] = plan.requested(name) and any(m.required for m in shape.members)
    for (union, _), variant in plan.variants.items():
        found[variant] = not plan.shape(union).event_stream
    return found


def _error_lines(diagnostics: list[str], name: str) -> set[int]:
    return {
        int(d.split(":")[1])
        for d in diagnostics
        if d.split(":")[0].endswith(name) and "error:" in d
    }


def _check(services: list[str], tmp_path: Path) -> None:
    for service in services:
        src = generate(service, tmp_path / service)
        plan = make_plan(load_service(service), None)
        classes = _classes(plan)
        name = f"probe_{package_name(service)}.py"
        lines = [f"from {package_name(service)} import models", ""]
        wanted: set[int] = set()
        for cls, required in sorted(classes.items()):
            lines.append(f"models.{cls}()")
            if required:
                wanted.add(len(lines))
        (src / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert wanted and len(wanted) < len(classes), service  # both kinds are probed
        mypy = mypy_diagnostics(run_mypy(src, [name]))
        assert _error_lines(mypy, name) == wanted, (service, mypy[:10])
        pyright = pyright_diagnostics(run_pyright(src, [name]), src)
        assert _error_lines(pyright, name) == wanted, (service, pyright[:10])


def test_bare_request_structures_are_type_errors_and_response_ones_are_not(
    tmp_path: Path,
) -> None:
    _check(["personalize", "dynamodb", "sqs"], tmp_path)


@pytest.mark.slow
def test_bare_request_structures_are_type_errors_in_a_catalog_sample(tmp_path: Path) -> None:
    _check(service_names()[::20], tmp_path)


def _init_params(tree: ast.Module) -> dict[str, dict[str, tuple[bool, str]]]:
    """class -> its ``__init__``'s keyword-only parameters: (has a default, annotation)."""
    found: dict[str, dict[str, tuple[bool, str]]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                args = item.args
                found[node.name] = {
                    a.arg: (d is not None, ast.unparse(a.annotation) if a.annotation else "")
                    for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                }
    return found


@pytest.mark.slow
@pytest.mark.parametrize("service", service_names())
def test_every_package_keeps_required_members_required_in_requests(service: str) -> None:
    svc = load_service(service)
    plan = make_plan(svc, None)
    stub = next(a.content for a in render_client(svc, None) if a.path.endswith("/models.pyi"))
    inits = _init_params(ast.parse(stub))
    for name in plan.structures:
        shape = plan.shape(name)
        params = inits[plan.classes[name]]
        for member in shape.members:
            default, annotation = params[plan.field(name, member.name)]
            required = member.required and plan.requested(name)
            where = f"{service}:{name}.{member.name}"
            assert default is not required, where
            assert ("None" in annotation.split(" | ")) is not required, (where, annotation)
