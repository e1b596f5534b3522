"""Helpers of the hostile-input tests: run the CLI as a user would, craft models and values."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
        **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` with output captured (text, errors escaped)."""
    full_env = {**os.environ, **(env or {})}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("cwd", REPO)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], stderr=subprocess.PIPE, text=True,
        errors="backslashreplace", timeout=timeout, env=full_env, **kwargs,
    )  # fmt: skip


def assert_one_line_error(result: Any, *needles: str) -> str:
    """Exit 2, exactly one line on stderr, no traceback, each needle in it; the line."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def minimal_model(**overrides: Any) -> dict[str, Any]:
    """A small json-protocol service model: one operation with a string, a map, a list and a
    document member; ``overrides`` replace top-level parts."""
    model: dict[str, Any] = {
        "version": "2.0",
        "metadata": {
            "apiVersion": "2020-01-01", "endpointPrefix": "hostile", "jsonVersion": "1.1",
            "protocol": "json", "protocols": ["json"], "serviceFullName": "Hostile Test Service",
            "serviceId": "Hostile", "signatureVersion": "v4", "signingName": "hostile",
            "targetPrefix": "Hostile_20200101", "uid": "hostile-2020-01-01",
        },
        "operations": {
            "DoThing": {"name": "DoThing", "http": {"method": "POST", "requestUri": "/"},
                        "input": {"shape": "DoThingRequest"}, "output": {"shape": "DoThingResponse"}},
        },
        "shapes": {
            "DoThingRequest": {"type": "structure", "required": ["Name"], "members": {
                "Name": {"shape": "Text"}, "Tags": {"shape": "TagMap"}, "Items": {"shape": "TextList"},
                "Count": {"shape": "Count"}, "Size": {"shape": "Size"}, "Ratio": {"shape": "Ratio"},
                "When": {"shape": "When"}, "Doc": {"shape": "Doc"}, "Data": {"shape": "Data"}}},
            "DoThingResponse": {"type": "structure", "members": {"Name": {"shape": "Text"}}},
            "Text": {"type": "string"},
            "TagMap": {"type": "map", "key": {"shape": "Text"}, "value": {"shape": "Text"}},
            "TextList": {"type": "list", "member": {"shape": "Text"}},
            "Count": {"type": "integer"},
            "Size": {"type": "long"},
            "Ratio": {"type": "double"},
            "When": {"type": "timestamp"},
            "Doc": {"type": "structure", "members": {}, "document": True},
            "Data": {"type": "blob"},
        },
        "documentation": "A service made up by the tests.",
    }  # fmt: skip
    model.update(overrides)
    return model


def data_path(root: Path, model: dict[str, Any] | str, name: str = "hostiletest") -> dict[str, str]:
    """Write the model as ``<root>/<name>/2020-01-01/service-2.json``; the environment to use it."""
    folder = root / name / "2020-01-01"
    folder.mkdir(parents=True, exist_ok=True)
    text = model if isinstance(model, str) else json.dumps(model)
    (folder / "service-2.json").write_text(text, encoding="utf-8")
    return {"AWS_DATA_PATH": str(root)}


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """The CLI's ``main`` in this process (no interpreter start-up), with ``env`` set and every
    per-service cache (botocore's loader included) dropped before and after."""
    from generator.caches import release_service_caches
    from generator.cli import main
    from generator.model.load import service_names

    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    out, err = io.StringIO(), io.StringIO()
    handlers = {n: signal.getsignal(n) for n in (signal.SIGTERM, signal.SIGHUP)}
    release_service_caches()
    service_names.cache_clear()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        for number, handler in handlers.items():
            signal.signal(number, handler)
        release_service_caches()
        service_names.cache_clear()
    return Result(code, out.getvalue(), err.getvalue())
