"""Examples take the usual knobs without editing (issue 15).

The committed Personalize examples of ``output/`` are run as a user would, with options on the
command line, against the loopback endpoint: the CLI script passes its arguments on to ``aws``
(``"$@"``), the Python scripts take ``--region`` (and boto3's ``--profile``), the Java program
an optional Region argument, the JavaScript module ``--region`` and ``--profile`` (node's
``util.parseArgs``). What reached the wire proves it: the Region is the one in the
SigV4 credential scope of the ``Authorization`` header, the profile's access key is the one
signing. Without arguments every example runs exactly as ``verify`` runs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import require_tool

from generator.generate.pipeline import example_value, render_snippet
from generator.model.lower import load_service
from generator.naming import java as jnames
from generator.verify import inproc, javatool, jstool, scripts
from generator.verify import moto as moto_check
from generator.verify.endpoint import Endpoint

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "output" / "personalize"
CLI = OUT / "cli" / "create-metric-attribution.sh"
PYTHON = OUT / "python" / "create_metric_attribution.py"
CLIENT = OUT / "client" / "create_metric_attribution.py"
JAVA = OUT / "java" / "CreateMetricAttributionExample.java"
JS = OUT / "js" / "create-metric-attribution.js"
PACKAGE = REPO / "output" / "python" / "sdk-parity-personalize" / "src"
SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/[^/]+/aws4_request")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with scripts.new_endpoint() as ep:
        yield ep


def _signed(endpoint: Endpoint, service: str, before: int) -> list[tuple[str, str]]:
    """(access key, Region) of each request to ``service`` since the ``before``-th."""
    out = []
    for cap in endpoint.captured(service)[before:]:
        auth = next(v for k, v in cap.headers.items() if k.lower() == "authorization")
        match = SCOPE.search(auth)
        assert match is not None, auth
        out.append((match.group(1), match.group(2)))
    return out


def _run(
    endpoint: Endpoint,
    tmp_path: Path,
    command: list[str],
    env: dict[str, str],
    service: str = "personalize",
) -> tuple[str, list[tuple[str, str]]]:
    """Run ``command``; its stdout and (access key, Region) of each request it sent."""
    before = len(endpoint.captured(service))
    proc = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, _signed(endpoint, service, before)


def test_cli_script_passes_region_and_output_on_to_aws(endpoint: Endpoint, tmp_path: Path) -> None:
    require_tool("sh")
    env = scripts.base_env(endpoint.url("personalize"), tmp_path)
    env["PATH"] = f"{Path(scripts.AWS).parent}{os.pathsep}{env.get('PATH', '')}"
    plain, signed = _run(endpoint, tmp_path, ["sh", str(CLI)], env)
    assert signed == [("testing", "us-east-1")]
    arn = json.loads(plain)["metricAttributionArn"]
    text, signed = _run(
        endpoint, tmp_path, ["sh", str(CLI), "--region", "eu-west-1", "--output", "text"], env
    )
    assert signed == [("testing", "eu-west-1")]
    assert text == f"{arn}\n"  # the text output format: the bare value, not JSON


def test_cli_script_with_a_temporary_file_passes_its_arguments_too(
    endpoint: Endpoint, tmp_path: Path
) -> None:
    """kms Encrypt writes its plaintext blob with ``mktemp``/``trap`` before the ``aws`` line."""
    require_tool("sh")
    service = load_service("kms")
    operation = service.operation("Encrypt")
    script = tmp_path / "encrypt.sh"
    text = render_snippet(service, operation, example_value(service, operation, None), "cli").text
    assert "mktemp" in text and text.count("aws kms encrypt") == 1
    script.write_text(text, encoding="utf-8")
    env = scripts.base_env(endpoint.url("kms"), tmp_path)
    env["PATH"] = f"{Path(scripts.AWS).parent}{os.pathsep}{env.get('PATH', '')}"
    command = ["sh", str(script), "--region", "eu-west-1", "--output", "text"]
    out, signed = _run(endpoint, tmp_path, command, env, "kms")
    assert signed == [("testing", "eu-west-1")] and not out.lstrip().startswith("{")
    assert endpoint.captured("kms")[-1].params["Plaintext"] == b"Hello, World!"


def test_batch_mode_reads_the_script_without_arguments(tmp_path: Path) -> None:
    """``verify`` reads the script's argv with the shell: ``"$@"`` adds nothing there, and a
    user's arguments land at the end of the one ``aws`` command line."""
    require_tool("sh")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    argv = inproc.cli_argv(CLI, env, 30)
    assert argv is not None and argv[:2] == ["personalize", "create-metric-attribution"]
    assert argv[-1].startswith("s3DataDestination=")
    extra = ["--region", "eu-west-1", "--output", "text"]
    assert inproc.cli_argv(CLI, env, 30, extra) == [*argv, *extra]


def test_python_script_takes_region_and_profile(endpoint: Endpoint, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text(
        "[profile knobs]\nregion = ap-south-1\n"
        "aws_access_key_id = AKIDKNOBSPROFILE\naws_secret_access_key = knobs-secret\n",
        encoding="utf-8",
    )
    env = scripts.base_env(endpoint.url("personalize"), tmp_path)
    plain, signed = _run(endpoint, tmp_path, [sys.executable, str(PYTHON)], env)
    assert signed == [("testing", "us-east-1")] and "metricAttributionArn" in json.loads(plain)
    # the profile's Region applies only where the environment names none (boto3's order)
    env = {k: v for k, v in env.items() if k not in ("AWS_REGION", "AWS_DEFAULT_REGION")}
    env["AWS_CONFIG_FILE"] = str(config)
    _, signed = _run(endpoint, tmp_path, [sys.executable, str(PYTHON), "--profile", "knobs"], env)
    assert signed == [("AKIDKNOBSPROFILE", "ap-south-1")]
    command = [sys.executable, str(PYTHON), "--profile", "knobs", "--region", "eu-west-1"]
    _, signed = _run(endpoint, tmp_path, command, env)
    assert signed == [("AKIDKNOBSPROFILE", "eu-west-1")]


def test_python_script_help_names_the_options(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(PYTHON), "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "--region REGION" in proc.stdout and "--profile PROFILE" in proc.stdout
    bad = subprocess.run(
        [sys.executable, str(PYTHON), "--regoin", "x"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2 and "unrecognized arguments" in bad.stderr


def test_typed_client_script_takes_region(endpoint: Endpoint, tmp_path: Path) -> None:
    env = scripts.base_env(endpoint.url("personalize"), tmp_path)
    env["PYTHONPATH"] = str(PACKAGE)
    _, signed = _run(endpoint, tmp_path, [sys.executable, str(CLIENT)], env)
    assert signed == [("testing", "us-east-1")]
    _, signed = _run(
        endpoint, tmp_path, [sys.executable, str(CLIENT), "--region", "eu-west-1"], env
    )
    assert signed == [("testing", "eu-west-1")]


def test_java_program_takes_a_region_argument(endpoint: Endpoint, tmp_path: Path) -> None:
    require_tool("javac", "a JDK is needed to compile the Java examples")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")
    java = require_tool("java")
    module = jnames.maven_module("personalize", load_service("personalize").service_id)
    assert module is not None
    classpath = javatool.resolve([module]).classpath
    javatool.compile_java([JAVA], classpath, tmp_path / "classes")
    env = scripts.base_env(endpoint.url("personalize"), tmp_path)
    env["AWS_ENDPOINT_URL_PERSONALIZE"] = endpoint.url("personalize")
    command = [java, "-cp", f"{tmp_path / 'classes'}{os.pathsep}{classpath}",
               "com.example.personalize.CreateMetricAttributionExample"]  # fmt: skip
    out, signed = _run(endpoint, tmp_path, [*command, "eu-west-1"], env)
    assert signed == [("testing", "eu-west-1")] and "CreateMetricAttributionResponse" in out
    usage = subprocess.run([*command, "eu-west-1", "extra"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert usage.returncode == 1 and "[region]" in usage.stdout


def test_js_module_takes_region_and_profile(endpoint: Endpoint, tmp_path: Path) -> None:
    """Run as ``node <file> [--region R] [--profile P]`` from a folder whose ``node_modules``
    holds the pinned SDK (as in a user's project); without options the SDK's default chain
    (the environment, then the config files) decides, as ``verify`` runs it."""
    node = require_tool("node")
    require_tool("npm")
    folder = jstool.work_dir(jstool.install())
    try:
        _js_knobs(endpoint, tmp_path, node, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _js_knobs(endpoint: Endpoint, tmp_path: Path, node: str, folder: Path) -> None:
    script = folder / JS.name
    script.write_text(JS.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "config"
    config.write_text(
        "[profile knobs]\nregion = ap-south-1\n"
        "aws_access_key_id = AKIDKNOBSPROFILE\naws_secret_access_key = knobs-secret\n",
        encoding="utf-8",
    )
    env = jstool.child_env(scripts.base_env(endpoint.url("personalize"), tmp_path))
    _, signed = _run(endpoint, folder, [node, str(script)], env)
    assert signed == [("testing", "us-east-1")]
    _, signed = _run(endpoint, folder, [node, str(script), "--region", "eu-west-1"], env)
    assert signed == [("testing", "eu-west-1")]
    env = {k: v for k, v in env.items() if k not in ("AWS_REGION", "AWS_DEFAULT_REGION")}
    env["AWS_CONFIG_FILE"] = str(config)
    _, signed = _run(endpoint, folder, [node, str(script), "--profile", "knobs"], env)
    assert signed == [("AKIDKNOBSPROFILE", "ap-south-1")]
    command = [node, str(script), "--profile", "knobs", "--region", "eu-west-1"]
    _, signed = _run(endpoint, folder, command, env)
    assert signed == [("AKIDKNOBSPROFILE", "eu-west-1")]
    bad = subprocess.run([node, str(script), "--regoin", "x"], cwd=folder, env=env,
                         capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert bad.returncode == 1 and "Unknown option '--regoin'" in bad.stderr


def test_java_region_argument_beside_a_model_class_named_region(tmp_path: Path) -> None:
    """s3control's request uses its model's ``Region``: the SDK's is then written qualified."""
    require_tool("javac", "a JDK is needed to compile the Java examples")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")
    service = load_service("s3control")
    operation = service.operation("CreateMultiRegionAccessPoint")
    snippet = render_snippet(service, operation, example_value(service, operation, None), "java")
    assert "import software.amazon.awssdk.services.s3control.model.Region;" in snippet.text
    assert "builder.region(software.amazon.awssdk.regions.Region.of(args[0]));" in snippet.text
    source = tmp_path / "src" / snippet.path
    source.parent.mkdir(parents=True)
    source.write_text(snippet.text, encoding="utf-8")
    module = jnames.maven_module("s3control", service.service_id)
    assert module is not None
    javatool.compile_java([source], javatool.resolve([module]).classpath, tmp_path / "classes")
    assert list((tmp_path / "classes").rglob("CreateMultiRegionAccessPointExample.class"))


def test_moto_runs_examples_that_build_their_own_session_without_arguments() -> None:
    """``verify --against moto`` runs the examples in its own process: the host's ``sys.argv``
    must not reach their argparse, and each ``boto3.Session`` they build must carry the run's
    hooks without boto3 registering its s3 handlers twice on one botocore session."""
    saved = list(sys.argv)
    sys.argv[1:] = ["--not-an-example-option"]
    try:
        results = moto_check.run([("s3", ["CreateBucket", "ListBuckets", "GetBucketLocation"])])
    finally:
        sys.argv[:] = saved
    by_name = {j.operation: j for j in results}
    assert by_name["CreateBucket"].status == "ok" and by_name["ListBuckets"].status == "ok"
    assert by_name["GetBucketLocation"].status == "needs-setup", by_name["GetBucketLocation"]
