"""generator.verify.javatool against the real AWS SDK for Java 2.x: resolve, compile, run, and check by
reflection that the names generator.naming.java produces exist in the jars.

Needs mvn, javac and java (skipped with a printed reason where missing, failed under CI=true).
The first run downloads the SDK jars from Maven Central into ~/.m2; later runs reuse the
classpath cached under .cache/java and start no Maven.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import botocore.session
import pytest
from support import require_tool

from generator.naming import java
from generator.verify import javatool

MODULES = ("personalize", "dynamodb", "s3", "rds", "lambda", "ec2", "cloudsearchdomain",
           "codeartifact", "iotwireless", "ssooidc")  # fmt: skip
_LOADER = botocore.session.get_session().get_component("data_loader")


def _model(service: str) -> dict[str, Any]:
    model: dict[str, Any] = _LOADER.load_service_model(service, "service-2")
    return model


@pytest.fixture(scope="module")
def sdk() -> javatool.Resolution:
    for tool in ("mvn", "javac", "java"):
        require_tool(tool, "needed to resolve, compile and run the AWS SDK for Java 2.x")
    return javatool.resolve(MODULES)


def test_a_second_resolve_starts_no_maven(
    sdk: javatool.Resolution, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_subprocess(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"Maven started again: {args}")

    monkeypatch.setattr(javatool.subprocess, "run", no_subprocess)
    again = javatool.resolve(reversed(MODULES))  # order does not matter
    assert again.from_cache and again.classpath == sdk.classpath
    assert javatool.classpath(MODULES) == sdk.classpath
    jars = sdk.classpath.split(":")
    assert any("/personalize-" in j for j in jars) and any("/apache-client-" in j for j in jars)
    assert sdk.bom_version in javatool.BOM_VERSIONS


def test_missing_maven_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(javatool.ToolchainMissing, match="mvn not found"):
        javatool.resolve(["personalize"], tmp_path / "cache")
    with pytest.raises(javatool.ToolchainMissing, match="javac not found"):
        javatool.compile_java([tmp_path / "A.java"], "", tmp_path / "out")


def test_compile_errors_carry_javac_diagnostics(tmp_path: Path) -> None:
    require_tool("javac")
    bad = tmp_path / "Bad.java"
    bad.write_text("public class Bad { void f() { int x = ; } }\n", encoding="utf-8")
    with pytest.raises(javatool.CompileError) as info:
        javatool.compile_java([bad], "", tmp_path / "out")
    assert "Bad.java:1: error" in info.value.diagnostics


# --- a personalize program, compiled and run against a loopback endpoint ---------------------


def _personalize_program() -> str:
    sid = "Personalize"
    pkg, mdl = java.package(sid), java.model_package(sid)
    op = "CreateMetricAttribution"
    req, resp = java.request_class(op), java.response_class(op)

    def m(shape: str, member: str) -> str:
        return java.member_method(sid, shape, member)

    return f"""\
import {pkg}.{java.client_class(sid)};
import {mdl}.{req};
import {mdl}.{resp};
import {mdl}.{java.shape_class(sid, "MetricAttribute")};
import {mdl}.{java.shape_class(sid, "MetricAttributionOutput")};
import {mdl}.{java.shape_class(sid, "S3DataConfig")};
import {mdl}.{java.base_exception(sid)};

public class CreateMetricAttributionExample {{
    public static void main(String[] args) {{
        try ({java.client_class(sid)} client = {java.client_class(sid)}.builder().build()) {{
            {req} request = {req}.builder()
                .{m("CreateMetricAttributionRequest", "name")}("clicks")
                .{m("CreateMetricAttributionRequest", "datasetGroupArn")}("arn:aws:personalize:us-east-1:123456789012:dataset-group/dg")
                .{m("CreateMetricAttributionRequest", "metrics")}(MetricAttribute.builder()
                    .{m("MetricAttribute", "eventType")}("click")
                    .{m("MetricAttribute", "metricName")}("CLICK_COUNT")
                    .{m("MetricAttribute", "expression")}("SUM(DatasetType.INTERACTIONS.EVENT_VALUE)")
                    .build())
                .{m("CreateMetricAttributionRequest", "metricsOutputConfig")}(MetricAttributionOutput.builder()
                    .{m("MetricAttributionOutput", "s3DataDestination")}(S3DataConfig.builder()
                        .{m("S3DataConfig", "path")}("s3://bucket/prefix/")
                        .{m("S3DataConfig", "kmsKeyArn")}("arn:aws:kms:us-east-1:123456789012:key/k")
                        .build())
                    .{m("MetricAttributionOutput", "roleArn")}("arn:aws:iam::123456789012:role/r")
                    .build())
                .build();
            {resp} response = client.{java.method_name(op)}(request);
            System.out.println(response.{m("CreateMetricAttributionResponse", "metricAttributionArn")}());
        }} catch ({java.base_exception(sid)} e) {{
            System.err.println(e.awsErrorDetails().errorMessage());
            throw e;
        }}
    }}
}}
"""


_HELPERS = {
    "Boom": 'throw new IllegalStateException("boom");',
    "Hang": "try { Thread.sleep(60_000); } catch (InterruptedException e) { }",
    "Env": 'System.out.println(System.getenv("AWS_REGION")); System.err.println("to stderr");',
    "Exit": "System.exit(3);",
    "After": 'System.out.println("never");',
}


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Recorder.seen.append((self.path, dict(self.headers.items()), body))
        reply = json.dumps({"metricAttributionArn": "arn:aws:personalize:::metric-attribution/x"})
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply.encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def loopback() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def compiled(sdk: javatool.Resolution, tmp_path_factory: pytest.TempPathFactory) -> str:
    src = tmp_path_factory.mktemp("src")
    sources = [src / "CreateMetricAttributionExample.java"]
    sources[0].write_text(_personalize_program(), encoding="utf-8")
    for name, body in _HELPERS.items():
        path = src / f"{name}.java"
        path.write_text(
            f"public class {name} {{ public static void main(String[] a) {{ {body} }} }}\n",
            encoding="utf-8",
        )
        sources.append(path)
    out = tmp_path_factory.mktemp("classes")
    javatool.compile_java(sources, sdk.classpath, out)
    assert (out / "CreateMetricAttributionExample.class").is_file()
    return f"{out}:{sdk.classpath}"


def test_personalize_example_runs_against_loopback(compiled: str, loopback: str) -> None:
    env = {"AWS_ENDPOINT_URL": loopback, "AWS_REGION": "us-east-1",
           "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"}  # fmt: skip
    report = javatool.run_mains(["CreateMetricAttributionExample"], compiled, env)
    result = report.results[0]
    assert result.ok, result.error + result.stderr + report.jvm_stderr
    assert result.stdout.strip() == "arn:aws:personalize:::metric-attribution/x"
    path, headers, body = _Recorder.seen[0]
    assert path == "/"
    assert headers["X-Amz-Target"] == "AmazonPersonalize.CreateMetricAttribution"
    sent = json.loads(body)
    assert sent["metrics"][0]["metricName"] == "CLICK_COUNT"
    assert sent["metricsOutputConfig"]["s3DataDestination"]["path"] == "s3://bucket/prefix/"


def test_runner_isolates_each_class(compiled: str) -> None:
    report = javatool.run_mains(
        ["Boom", "Hang", "Env"], compiled, {"AWS_REGION": "eu-west-3"}, per_class_timeout=2
    )
    boom, hang, env = report.results
    assert boom.status == "failed" and "IllegalStateException: boom" in boom.error
    assert hang.status == "timeout" and "Thread.sleep" in hang.error
    assert env.ok and env.stdout.strip() == "eu-west-3" and env.stderr.strip() == "to stderr"


def test_system_exit_ends_the_run(compiled: str) -> None:
    report = javatool.run_mains(["Exit", "After"], compiled)
    assert [r.status for r in report.results] == ["exited", "not-run"]
    assert report.exit_code == 3


def test_sdk_classes_are_mapped_from_a_class_data_archive_after_the_first_run(
    compiled: str, loopback: str, tmp_path: Path
) -> None:
    """The examples' folder is loaded apart, so a jar-only class path gets an AppCDS archive
    written by the first JVM and mapped by the next ones; the examples run the same."""
    classes, sdk_classpath = compiled.split(":", 1)
    env = {"AWS_ENDPOINT_URL": loopback, "AWS_REGION": "us-east-1",
           "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"}  # fmt: skip
    stamps = []
    for run in range(2):
        report = javatool.run_mains(
            ["CreateMetricAttributionExample", "Env"], sdk_classpath, env,
            cache_dir=tmp_path, extra_classpath=[classes],
        )  # fmt: skip
        assert all(r.ok for r in report.results), (run, report)
        archives = list((tmp_path / "cds").glob("*.jsa"))
        assert len(archives) == 1 and not list((tmp_path / "cds").glob("*.tmp")), run
        assert archives[0].stat().st_size > 1_000_000  # the SDK's classes, not just the runner's
        stamps.append(archives[0].stat().st_mtime_ns)
    assert stamps[0] == stamps[1]  # mapped by the second JVM, not written again


# --- reflection probe: do the generated names exist in the jars? ----------------------------

_PROBE = """\
import java.io.*;
import java.lang.reflect.Method;
import java.util.*;

public class NameProbe {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] f = line.split(" ");
            boolean ok;
            try {
                Class<?> c = Class.forName(f[0], false, NameProbe.class.getClassLoader());
                ok = f.length == 1 || Arrays.stream(c.getMethods()).map(Method::getName).anyMatch(f[1]::equals);
            } catch (ClassNotFoundException e) {
                ok = false;
            }
            System.out.println((ok ? "OK " : "MISSING ") + line);
        }
    }
}
"""


def _owner(service: str, shape: str) -> str:
    """Fully qualified class generated for a botocore shape."""
    model = _model(service)
    sid = model["metadata"]["serviceId"]
    for op, spec in model["operations"].items():
        if spec.get("input", {}).get("shape") == shape:
            return f"{java.model_package(sid)}.{java.request_class(op, sid)}"
        if spec.get("output", {}).get("shape") == shape:
            return f"{java.model_package(sid)}.{java.response_class(op, sid)}"
    if model["shapes"][shape].get("exception"):
        return f"{java.model_package(sid)}.{java.exception_class(shape, sid)}"
    return f"{java.model_package(sid)}.{java.shape_class(sid, shape)}"


def _probe_lines() -> list[str]:
    lines = []
    for service in ("personalize", "dynamodb", "dynamodbstreams", "ec2", "sso-oidc", "rds",
                    "lambda", "s3", "cloudsearchdomain", "codeartifact", "iotwireless"):  # fmt: skip
        sid = _model(service)["metadata"]["serviceId"]
        lines += [f"{java.package(sid)}.{java.client_class(sid)}",
                  f"{java.model_package(sid)}.{java.base_exception(sid)}"]  # fmt: skip
    operations = [("personalize", "CreateMetricAttribution"), ("rds", "DescribeDBInstances"),
                  ("lambda", "Invoke"), ("dynamodb", "PutItem"), ("sso-oidc", "CreateToken"),
                  ("cloudsearchdomain", "Search"), ("codeartifact", "DescribePackage"),
                  ("iotwireless", "CreateWirelessDevice"), ("s3", "PutObject"),
                  ("ec2", "DescribeInstances")]  # fmt: skip
    for service, op in operations:
        sid = _model(service)["metadata"]["serviceId"]
        lines += [f"{java.package(sid)}.{java.client_class(sid)} {java.method_name(op)}",
                  f"{java.model_package(sid)}.{java.request_class(op, sid)}",
                  f"{java.model_package(sid)}.{java.response_class(op, sid)}"]  # fmt: skip
    for service, shape in [("personalize", "S3DataConfig"), ("personalize", "MetricAttribute"),
                           ("s3", "Object"), ("s3", "Error"), ("rds", "DBInstance"),
                           ("rds", "DBInstanceNotFoundFault"), ("iotwireless", "OtaaV1_1"),
                           ("dynamodb", "InternalServerError")]:  # fmt: skip
        lines.append(_owner(service, shape))
    members = [("rds", "DescribeDBInstancesMessage", "DBInstanceIdentifier"),
               ("dynamodb", "ReplicaDescription", "KMSMasterKeyId"),
               ("lambda", "CreateFunctionRequest", "KMSKeyArn"),
               ("s3", "PutObjectRequest", "SSEKMSKeyId"),
               ("s3", "CopyObjectRequest", "Bucket"),
               ("ec2", "S3Storage", "AWSAccessKeyId"),
               ("ec2", "AttachClassicLinkVpcResult", "Return"),
               ("ec2", "Image", "Public"),
               ("cloudsearchdomain", "SearchRequest", "return"),
               ("codeartifact", "DescribePackageRequest", "package"),
               ("dynamodb", "AttributeValue", "NULL"),
               ("iotwireless", "CreateWirelessDeviceRequest", "LoRaWAN"),
               ("iotwireless", "LoRaWANDevice", "OtaaV1_1"),
               ("iotwireless", "LoRaWANDevice", "FPorts"),
               ("sso-oidc", "AuthorizationPendingException", "error_description")]  # fmt: skip
    for service, shape, member in members:
        model = _model(service)
        sid, exc = model["metadata"]["serviceId"], bool(model["shapes"][shape].get("exception"))
        method = java.member_method(sid, shape, member, is_exception=exc)
        lines.append(f"{_owner(service, shape)}$Builder {method}")
    for service, shape, member in [("lambda", "CreateFunctionRequest", "Architectures"),
                                   ("ec2", "DescribeInstanceTypesRequest", "InstanceTypes"),
                                   ("personalize", "CampaignConfig", "rankingInfluence")]:  # fmt: skip
        sid = _model(service)["metadata"]["serviceId"]
        method = java.enum_setter_for_list(sid, shape, member)
        lines.append(f"{_owner(service, shape)}$Builder {method}")
    return lines


def test_generated_names_exist_in_the_real_jars(sdk: javatool.Resolution, tmp_path: Path) -> None:
    src = tmp_path / "NameProbe.java"
    src.write_text(_PROBE, encoding="utf-8")
    javatool.compile_java([src], "", tmp_path)
    control = "software.amazon.awssdk.services.rds.RdsClient describeDbInstances"  # wrong case
    lines = [*_probe_lines(), control]
    proc = subprocess.run(
        [javatool.find_tool("java"), "-cp", f"{tmp_path}:{sdk.classpath}", "NameProbe"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, check=True,
    )  # fmt: skip
    verdicts = proc.stdout.splitlines()
    assert len(verdicts) == len(lines)
    assert verdicts[-1] == f"MISSING {control}"  # the probe can say no
    missing = [v for v in verdicts[:-1] if not v.startswith("OK ")]
    assert not missing, "\n".join(missing)
