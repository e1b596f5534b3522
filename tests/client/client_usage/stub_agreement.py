"""Helpers for the typed-client tests: the ``.pyi`` stubs and the runtime say the same thing.

Not a test module. The stubs are what type checkers read; the runtime builds the same names
from ``_schema.py`` on first use. :func:`disagreements` lists where they differ: a name of
``models.pyi`` missing at run time (or of another kind), a structure whose fields or whose
constructor's required members differ, a ``TypedDict`` with other keys, an enum with other
members, a method of ``client.pyi`` or ``aio.pyi`` the runtime lacks or builds with other
parameters, an export of ``__init__.pyi`` the package does not give.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
from pathlib import Path
from types import ModuleType


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def _init(node: ast.ClassDef) -> ast.FunctionDef | None:
    return next(
        (f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None
    )


def _fields(node: ast.ClassDef) -> list[str]:
    return [
        f.target.id
        for f in node.body
        if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)
    ]


def _methods(tree: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    client = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    return {
        f.name: f
        for f in client.body
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and not f.name.startswith("_")
    }


def _model_problems(package: ModuleType, tree: ast.Module) -> list[str]:
    models = package.models
    problems: list[str] = []
    for name, node in _classes(tree).items():
        runtime = getattr(models, name, None)
        if runtime is None:
            problems.append(f"models.{name}: not built at run time")
            continue
        bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
        if "TypedDict" in bases:
            keys = [
                f.target.id for f in node.body
                if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)
            ]  # fmt: skip
            required = {
                f.target.id for f in node.body
                if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)
                and ast.unparse(f.annotation).startswith("Required[")
            }  # fmt: skip
            if set(keys) != set(runtime.__annotations__):
                problems.append(f"models.{name}: other keys at run time")
            if required != set(runtime.__required_keys__):
                problems.append(f"models.{name}: other required keys at run time")
        elif "StrEnum" in bases:
            members = [
                f.targets[0].id for f in node.body
                if isinstance(f, ast.Assign) and isinstance(f.targets[0], ast.Name)
            ]  # fmt: skip
            if not (isinstance(runtime, type) and issubclass(runtime, enum.StrEnum)):
                problems.append(f"models.{name}: not an enum at run time")
            elif members != [m.name for m in runtime]:
                problems.append(f"models.{name}: other members at run time")
        else:
            fields = _fields(node)
            if [f.name for f in dataclasses.fields(runtime) if f.name != "boto3_response"] != fields:
                problems.append(f"models.{name}: other fields at run time")
            init = _init(node)
            if init is not None:
                stub = {a.arg for a in init.args.kwonlyargs} - {"boto3_response"}
                if stub != set(fields):
                    problems.append(f"models.{name}: __init__ takes other names than its fields")
    return problems


def _method_problems(cls: type, tree: ast.Module, where: str) -> list[str]:
    problems: list[str] = []
    for name, node in _methods(tree).items():
        method = getattr(cls, name, None)
        if method is None:
            problems.append(f"{where}.{name}: not built at run time")
            continue
        if name in ("stub", "generate_presigned_url", "generate_presigned_post"):
            continue
        params = inspect.signature(method).parameters
        wanted = {a.arg: d is None for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)}
        got = {n: p.default is inspect.Parameter.empty for n, p in params.items() if n != "self"}
        if wanted != got:
            problems.append(f"{where}.{name}: {sorted(wanted.items())} != {sorted(got.items())}")
        if isinstance(node, ast.AsyncFunctionDef) != inspect.iscoroutinefunction(method):
            problems.append(f"{where}.{name}: async in one and not the other")
    return problems


def disagreements(package: ModuleType) -> list[str]:
    """Every place the stubs and the runtime of ``package`` differ (see the module doc)."""
    root = Path(package.__file__ or "").parent
    read = {n: ast.parse((root / f"{n}.pyi").read_text(encoding="utf-8")) for n in ("models", "client", "aio", "__init__")}
    problems = _model_problems(package, read["models"])
    client = next(n.name for n in read["client"].body if isinstance(n, ast.ClassDef))
    aio = next(n.name for n in read["aio"].body if isinstance(n, ast.ClassDef))
    problems += _method_problems(getattr(package, client), read["client"], client)
    problems += _method_problems(getattr(package, aio), read["aio"], aio)
    exported = next(
        ast.literal_eval(n.value) for n in read["__init__"].body
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "__all__"
    )  # fmt: skip
    if set(exported) != set(package.__all__):
        problems.append("__init__.pyi: other exports than the package's __all__")
    problems += [f"{package.__name__}.{n}: not exported" for n in exported if getattr(package, n, None) is None]
    return problems
