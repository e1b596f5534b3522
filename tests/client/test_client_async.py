"""Target ``client``: the async client (``aio.py``, on aiobotocore) of the generated packages.

aiobotocore pins a botocore older than this project's, so the scenarios run in a venv of
their own, made the way a user installs the package: ``.ci/setup-async`` creates
``.cache/async-venv`` afresh and has pip resolve ``sdk-parity-personalize[async]`` (the
committed package) against PyPI, next to moto's server and pytest. There pytest runs
``client_usage/async_scenarios.py`` - the sync moto scenarios, awaited - against a
``moto_server`` on 127.0.0.1: Personalize through the installed package, DynamoDB through a
freshly generated one on ``PYTHONPATH`` (its model changed after the botocore releases
aiobotocore accepts, so its extra does not resolve yet). Under ``CI=true`` a venv that cannot
be built - the extra not resolving among them - fails the test; elsewhere it is skipped. The
other tests run here: the package without aiobotocore, the async surface against the sync one.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from client_usage.harness import USAGE, generate, import_package
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from generator.targets.client.floors import floor as floor_of

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = USAGE / "async_scenarios.py"


@pytest.fixture(scope="module")
def async_python() -> Path:
    """The async venv's python, built on first use."""
    built = subprocess.run(
        ["bash", str(ROOT / ".ci/setup-async")], capture_output=True, text=True, check=False
    )
    if built.returncode != 0:
        reason = f"cannot build the async venv: {built.stderr.strip()[-2000:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return ROOT / built.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def pz(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package("personalize", generate("personalize", tmp_path_factory.mktemp("pz")))


def test_async_scenarios_pass_against_a_moto_server(async_python: Path, tmp_path: Path) -> None:
    sources = [generate("dynamodb", tmp_path / "dynamodb")]  # personalize: the installed one
    ini = tmp_path / "pytest.ini"  # none of this project's pytest settings or conftest
    ini.write_text("[pytest]\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(s) for s in sources)}
    command = [str(async_python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["--noconftest", "-c", str(ini), "--rootdir", str(tmp_path), str(SCENARIOS)]
    ran = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    report = ran.stdout + ran.stderr
    assert ran.returncode == 0, report
    assert "11 passed" in report, report


INSTALLED = """
import importlib.metadata as md, json, sdk_parity_personalize as pz
print(json.dumps({
    "file": pz.__file__,
    "version": md.version("sdk-parity-personalize"),
    "requires": md.requires("sdk-parity-personalize"),
    "botocore": md.version("botocore"),
    "aiobotocore": md.version("aiobotocore"),
    "aiobotocore_requires": md.requires("aiobotocore"),
}))
"""


def test_the_async_extra_resolved_in_a_fresh_venv(async_python: Path) -> None:
    """pip installed the committed package with its ``[async]`` extra and everything it
    asks for (``pip check`` passed in ``.ci/setup-async``); here: what it resolved to."""
    ran = subprocess.run(
        [str(async_python), "-c", INSTALLED], capture_output=True, text=True, check=True
    )
    found = json.loads(ran.stdout)
    assert "site-packages" in found["file"]
    project = tomllib.loads((ROOT / "output/python/sdk-parity-personalize/pyproject.toml").read_text())
    assert found["version"] == project["project"]["version"]
    floor = floor_of("personalize")
    assert f"botocore>={floor.botocore}" in found["requires"]
    assert any(r.startswith("aiobotocore>=") and "extra" in r for r in found["requires"])
    assert Version(found["botocore"]) >= Version(floor.botocore)
    assert Version(found["botocore"]) in SpecifierSet(floor.accepted)
    assert found["aiobotocore"] == floor.aiobotocore


def test_package_imports_and_sync_client_works_without_aiobotocore(
    pz: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not any(name.split(".")[0] == "aiobotocore" for name in sys.modules)
    assert pz.PersonalizeClient(region_name="us-east-1").boto3_client is not None
    client = pz.AsyncPersonalizeClient(region_name="us-east-1")
    monkeypatch.setitem(sys.modules, "aiobotocore.session", None)  # as if not installed

    async def enter() -> None:
        async with client:
            pass

    with pytest.raises(ImportError, match=r"\[async\]"):
        asyncio.run(enter())
    with pytest.raises(RuntimeError, match="async with"):
        _ = client.aiobotocore_client


def test_async_client_has_every_sync_method_with_the_same_parameters(pz: ModuleType) -> None:
    sync, aio = pz.PersonalizeClient, pz.AsyncPersonalizeClient
    methods = set(pz._schema.METHODS)
    assert len(methods) > 100
    for name in methods:
        sync_method, aio_method = getattr(sync, name), getattr(aio, name)
        assert (
            inspect.signature(sync_method).parameters == inspect.signature(aio_method).parameters
        ), name
        paginator = name.startswith("paginate_")
        assert inspect.iscoroutinefunction(aio_method) is not paginator, name
        assert not inspect.iscoroutinefunction(sync_method), name
    stub = (pz._schema.__file__.rpartition("/")[0]) + "/aio.pyi"
    text = open(stub, encoding="utf-8").read()
    for name in methods:
        keyword = "def" if name.startswith("paginate_") else "async def"
        assert f"    {keyword} {name}(" in text, name
    for line in text.splitlines():
        if line.startswith("    def paginate_"):
            returned = text.split(line, 1)[1].split(") -> ", 1)[1]
            assert returned.startswith(("AsyncItemIterator[", "AsyncPageIterator[")), line


def test_async_client_leaves_out_operations_that_stream_events(tmp_path: Path) -> None:
    runtime = import_package("bedrock-runtime", generate("bedrock-runtime", tmp_path))
    sync, aio = runtime.BedrockRuntimeClient, runtime.AsyncBedrockRuntimeClient
    assert hasattr(sync, "converse_stream") and not hasattr(aio, "converse_stream")
    assert hasattr(aio, "converse")
    assert "ConverseStream" in (aio.__doc__ or "")


def test_pyproject_declares_the_async_extra_and_the_botocore_floor(tmp_path: Path) -> None:
    src = generate("personalize", tmp_path)
    project = tomllib.loads((src.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["optional-dependencies"] == {"async": ["aiobotocore>=3.10"]}
    assert not any("aiobotocore" in d for d in project["project"]["dependencies"])
    floor = floor_of("personalize").botocore
    assert f"botocore>={floor}" in project["project"]["dependencies"]
    assert f"boto3>={floor}" in project["project"]["dependencies"]
