"""The table of AWS CLI customizations that change how a parameter is given
(``generator/data/cli/customizations.json``), each entry proven against the real awscli.

A ``render`` entry: the CLI example of an operation it names passes ``verify --lang cli`` (the
installed awscli sends botocore's own request to the loopback endpoint) and uses the entry's
form. A refusal: the generator says why, and the real awscli indeed rejects the form that the
generator does not write.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import awscli
import pytest
from botocore.session import get_session

from generator.capabilities import cli as cli_caps
from generator.errors import UnsupportedError
from generator.model.lower import load_service
from generator.targets.cli import render_cli
from generator.values.validate import from_document
from generator.verify.command import Outcome, verify
from generator.verify.examples import NOT_EXPRESSIBLE, PARITY

AWSCLI_DIR = Path(awscli.__file__).resolve().parent
EMPTY_ZIP = "PK\u0005\u0006" + "\u0000" * 18  # an empty zip archive, as values-file text
ROLE = "arn:aws:iam::123456789012:role/lambda-role"


def _zip_values(content: str) -> dict[str, dict[str, Any]]:
    return {
        "CreateFunction": {"FunctionName": "my-function", "Role": ROLE, "Runtime": "python3.12",
                           "Handler": "index.handler", "Code": {"ZipFile": content}},
        "PublishLayerVersion": {"LayerName": "my-layer", "Content": {"ZipFile": content}},
        "UpdateFunctionCode": {"FunctionName": "my-function", "ZipFile": content},
    }


ZIP_VALUES = _zip_values(EMPTY_ZIP)
SYSTEM_PATH = "/usr/bin:/bin"
RULES = {"zip-file", "refuse-unless-set", "extra-options", "refuse", "fileb", "streaming-input-path", "outfile",
         "no-input-json-with-outfile", "v2-only", "page-size", "timestamp-precision"}
# (service, operation, rule) of every entry -> the test below that proves it with the real awscli
PROOFS = {
    ("lambda", "CreateFunction", "zip-file"): "test_zip_file_entries",
    ("lambda", "PublishLayerVersion", "zip-file"): "test_zip_file_entries",
    ("lambda", "UpdateFunctionCode", "zip-file"): "test_zip_file_entries",
    ("iam", "CreateVirtualMFADevice", "extra-options"): "test_virtual_mfa_device_extra_options",
    ("ec2", "BundleInstance", "refuse-unless-set"): "test_bundle_instance_needs_an_upload_policy",
    ("ec2", "DescribeVolumes", "page-size"): "test_ec2_page_size_injection_is_expected_on_the_wire",
    ("ec2", "DescribeSnapshots", "page-size"): "test_ec2_page_size_injection_is_expected_on_the_wire",
    ("sdb", "*", "refuse"): "test_sdb_preview_service_is_refused",
    ("ecs", "ExecuteCommand", "refuse"): "test_session_manager_commands_are_refused",
    ("ssm", "StartSession", "refuse"): "test_session_manager_commands_are_refused",
    ("*", "*", "timestamp-precision"): "test_fractional_seconds_the_cli_serializer_drops_are_refused",
    ("*", "*", "fileb"): "test_generic_blob_streaming_and_outfile_forms",
    ("*", "*", "streaming-input-path"): "test_generic_blob_streaming_and_outfile_forms",
    ("*", "*", "outfile"): "test_generic_blob_streaming_and_outfile_forms",
    ("*", "*", "no-input-json-with-outfile"): "test_outfile_commands_have_no_cli_input_json",
    ("*", "*", "v2-only"): "test_cli_binary_format_is_written_for_version_2_only",
}


def _values_dir(root: Path, documents: dict[tuple[str, str], dict[str, Any]]) -> Path:
    for (service, operation), document in documents.items():
        path = root / service / f"{operation}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document), encoding="utf-8")
    return root


def _statuses(outcome: Outcome) -> dict[tuple[str, str, str], tuple[str, str]]:
    return {(v.service, v.operation, v.lang): (v.status, v.detail) for v in outcome.verdicts}


def _script(service: str, operation: str, document: dict[str, Any]) -> str:
    ir = load_service(service)
    op = ir.operations[operation]
    return render_cli(ir, op, from_document(ir, op, document, "test"), operation).text


def _aws(
    args: list[str], tmp_path: Path, config: str = "", endpoint: str = "http://127.0.0.1:9"
) -> subprocess.CompletedProcess[str]:
    """The real awscli, with no user config or credentials, pointed at a closed loopback port
    (or ``endpoint``), with a PATH of system folders only (no session-manager-plugin)."""
    (tmp_path / "config").write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_CONFIG_FILE=str(tmp_path / "config"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret",
        AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1", PATH=SYSTEM_PATH,
    )
    return subprocess.run(
        [sys.executable, "-m", "awscli", *args, "--endpoint-url", endpoint],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60, check=False,
    )


def test_table_entries_are_complete_and_name_real_awscli_code() -> None:
    entries = cli_caps.customizations()
    session = get_session()
    for entry in entries:
        assert entry["rule"] in RULES, entry
        assert entry["customization"] and entry["handling"], entry
        for source in entry["source"].split(", "):
            assert (AWSCLI_DIR.parent / source).is_file(), source
        if entry["rule"] in ("refuse", "refuse-unless-set", "no-input-json-with-outfile"):
            assert entry["reason"], entry
        if entry["service"] != "*":
            model = session.get_service_model(entry["service"])
            if entry["operation"] != "*":
                assert entry["operation"] in model.operation_names, entry
        if entry["rule"] == "zip-file":  # the parameter path leads to a blob
            shape = session.get_service_model(entry["service"]).operation_model(
                entry["operation"]).input_shape
            for name in entry["parameter"].split("."):
                shape = shape.members[name]
            assert shape.type_name == "blob", entry
    assert json.loads(
        (Path(cli_caps.__file__).parents[1] / "data/cli/customizations.json").read_text()
    )["awscli"] == awscli.__version__


def test_every_entry_is_proven_by_a_test_here() -> None:
    entries = {(e["service"], e["operation"], e["rule"]) for e in cli_caps.customizations()}
    assert entries == set(PROOFS)
    assert all(name in globals() for name in PROOFS.values())


def test_zip_file_entries(tmp_path: Path) -> None:
    # zip content: --zip-file fileb://FILE, and the example sends botocore's own request
    for operation, document in ZIP_VALUES.items():
        script = _script("lambda", operation, document)
        assert '--zip-file "fileb://$workdir/ZipFile.bin"' in script, operation
    good = _values_dir(tmp_path / "good", {("lambda", op): doc for op, doc in ZIP_VALUES.items()})
    statuses = _statuses(verify([("lambda", list(ZIP_VALUES))], ("cli", "python"), good, workers=2))
    assert {key: status for key, (status, _) in statuses.items()} == {
        ("lambda", op, lang): PARITY for op in ZIP_VALUES for lang in ("cli", "python")
    }
    # other bytes: refused with the reason (Python still sends them)
    bad = _values_dir(tmp_path / "bad", {("lambda", op): doc for op, doc in _zip_values("hello").items()})
    statuses = _statuses(verify([("lambda", list(ZIP_VALUES))], ("cli", "python"), bad, workers=2))
    for operation in ZIP_VALUES:
        status, detail = statuses[("lambda", operation, "cli")]
        assert status == NOT_EXPRESSIBLE and "is not a zip archive" in detail, detail
        assert "awscli/customizations/awslambda.py" in detail
        assert statuses[("lambda", operation, "python")][0] == PARITY
    # ... and the real awscli rejects exactly that form
    (tmp_path / "hello.bin").write_bytes(b"hello")
    zip_file = ["--zip-file", "fileb://hello.bin"]
    for args in (
        ["lambda", "create-function", "--function-name", "f", "--role", ROLE, *zip_file],
        ["lambda", "publish-layer-version", "--layer-name", "l", *zip_file],
        ["lambda", "update-function-code", "--function-name", "f", *zip_file],
    ):
        proc = _aws(args, tmp_path)
        assert proc.returncode == 255, (args, proc.stderr)
        assert "--zip-file must be a zip file with the fileb:// prefix" in proc.stderr
    # the nested member through --code is refused by awscli too: --zip-file is the only form
    proc = _aws(["lambda", "create-function", "--function-name", "f", "--role", ROLE,
                 "--code", "ZipFile=hello"], tmp_path)
    assert proc.returncode == 255 and "Please use the '--zip-file' option" in proc.stderr


def test_virtual_mfa_device_extra_options(tmp_path: Path) -> None:
    script = _script("iam", "CreateVirtualMFADevice", {"VirtualMFADeviceName": "my-device"})
    assert '--bootstrap-method Base32StringSeed \\\n    --outfile "$workdir/mfa-seed.txt"' in script
    assert "workdir=$(mktemp -d)" in script
    statuses = _statuses(verify([("iam", ["CreateVirtualMFADevice"])], ("cli",), None, workers=1))
    assert statuses[("iam", "CreateVirtualMFADevice", "cli")][0] == PARITY
    proc = _aws(["iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "d"], tmp_path)
    assert proc.returncode == 2
    assert "the following arguments are required: --outfile, --bootstrap-method" in proc.stderr


def test_bundle_instance_needs_an_upload_policy(tmp_path: Path) -> None:
    s3 = {"Bucket": "my-bucket", "Prefix": "winami", "AWSAccessKeyId": "AKIAIOSFODNN7EXAMPLE"}
    with_policy = {"InstanceId": "i-1234567890abcdef0",
                   "Storage": {"S3": {**s3, "UploadPolicy": "eyJleHBpcmF0aW9uIjoi"}}}
    values = _values_dir(tmp_path / "values", {("ec2", "BundleInstance"): with_policy})
    statuses = _statuses(verify([("ec2", ["BundleInstance"])], ("cli",), values, workers=1))
    assert statuses[("ec2", "BundleInstance", "cli")][0] == PARITY
    without = {"InstanceId": "i-1234567890abcdef0", "Storage": {"S3": s3}}
    with pytest.raises(UnsupportedError, match="upload policy valid for 24 hours"):
        _script("ec2", "BundleInstance", without)
    # the real awscli adds a policy of its own to what it sends (--debug logs the parameters)
    proc = _aws(["ec2", "bundle-instance", "--instance-id", "i-1", "--debug", "--storage",
                 "S3={Bucket=b,Prefix=p,AWSAccessKeyId=a}"], tmp_path)
    assert "'Storage.S3.UploadPolicy': 'eyJleHBpcmF0aW9u" in proc.stderr


def test_ec2_page_size_injection_is_expected_on_the_wire(tmp_path: Path) -> None:
    # the real awscli adds MaxResults=1000 when the command sets only whitelisted parameters
    proc = _aws(["ec2", "describe-snapshots", "--owner-ids", "self", "--debug"], tmp_path)
    assert "'MaxResults': 1000" in proc.stderr
    proc = _aws(["ec2", "describe-snapshots", "--snapshot-ids", "snap-1", "--debug"], tmp_path)
    assert "'MaxResults': 1000" not in proc.stderr
    assert cli_caps.sent_by_cli("ec2", "DescribeVolumes", {}) == {"MaxResults": 1000}
    assert cli_caps.sent_by_cli("ec2", "DescribeSnapshots", {"OwnerIds": ["self"]}) == {"MaxResults": 1000}
    assert cli_caps.sent_by_cli("ec2", "DescribeSnapshots", {"Filters": []}) == {}
    assert cli_caps.sent_by_cli("ec2", "DescribeInstances", {}) == {}
    # the example is written as a user types it, and verify expects what awscli then sends
    values = _values_dir(tmp_path / "values", {
        ("ec2", "DescribeVolumes"): {},
        ("ec2", "DescribeSnapshots"): {"OwnerIds": ["self"]},
    })  # fmt: skip
    assert "--max-results" not in _script("ec2", "DescribeVolumes", {})
    outcome = verify([("ec2", ["DescribeSnapshots", "DescribeVolumes"])], ("cli", "python"), values, workers=1)
    statuses = _statuses(outcome)
    assert {key: status for key, (status, _) in statuses.items()} == {
        ("ec2", op, lang): PARITY for op in ("DescribeSnapshots", "DescribeVolumes") for lang in ("cli", "python")
    }


def test_sdb_preview_service_is_refused(tmp_path: Path) -> None:
    operations = sorted(get_session().get_service_model("sdb").operation_names)
    statuses = _statuses(verify([("sdb", operations)], ("cli",), None, workers=1))
    assert len(statuses) == len(operations) == 10
    for status, detail in statuses.values():
        assert status == NOT_EXPRESSIBLE and "aws configure set preview.sdb true" in detail
    with pytest.raises(UnsupportedError, match="preview service"):
        _script("sdb", "ListDomains", {})
    refused = _aws(["sdb", "list-domains"], tmp_path)
    assert refused.returncode == 1 and "only available in a preview stage" in refused.stderr
    enabled = _aws(["sdb", "list-domains"], tmp_path, config="[preview]\nsdb = true\n")
    assert "preview stage" not in enabled.stderr and "Could not connect" in enabled.stderr


def test_generic_blob_streaming_and_outfile_forms(tmp_path: Path) -> None:
    blob = _script("kms", "Encrypt", {"KeyId": "alias/my-key", "Plaintext": "hello"})
    assert '--plaintext "fileb://$workdir/Plaintext.bin"' in blob
    upload = _script("s3", "PutObject", {"Bucket": "my-bucket", "Key": "k", "Body": "hello"})
    assert '--body "$workdir/Body.bin"' in upload
    download = _script("s3", "GetObject", {"Bucket": "my-bucket", "Key": "k"})
    # the positional outfile is the aws line's last word before the script's "$@"
    lines = [line.strip() for line in download.splitlines()]
    assert lines[lines.index('"$@"') - 1] == '"$workdir/response-body" \\'
    plan = [("kms", ["Encrypt"]), ("s3", ["GetObject", "PutObject"]), ("lambda", ["Invoke"])]
    statuses = _statuses(verify(plan, ("cli",), None, workers=2))
    assert {status for status, _ in statuses.values()} == {PARITY}, statuses
    assert len(statuses) == 4
    # the forms the generator avoids: fileb:// on a streaming blob, no outfile
    (tmp_path / "h.txt").write_text("hello")
    proc = _aws(["s3api", "put-object", "--bucket", "b", "--key", "k", "--body", "fileb://h.txt"], tmp_path)
    assert proc.returncode == 255 and "must be a path to a file" in proc.stderr
    proc = _aws(["s3api", "get-object", "--bucket", "b", "--key", "k"], tmp_path)
    assert proc.returncode == 2 and "required: outfile" in proc.stderr


def test_outfile_commands_have_no_cli_input_json(tmp_path: Path) -> None:
    # a key the CLI would read as a file goes through --cli-input-json elsewhere ...
    assert "--cli-input-json" in _script("s3", "HeadObject", {"Bucket": "b", "Key": "file://notes.txt"})
    # ... which get-object, a command with an outfile, lacks: refused with the reason
    with pytest.raises(UnsupportedError, match=r"Key: .*commands with an outfile lack"):
        _script("s3", "GetObject", {"Bucket": "b", "Key": "file://notes.txt"})
    proc = _aws(["s3api", "get-object", "--cli-input-json", '{"Bucket":"b","Key":"file://x"}', "out"], tmp_path)
    assert proc.returncode == 2 and "required: --bucket, --key" in proc.stderr
    proc = _aws(["s3api", "get-object", "--generate-cli-skeleton"], tmp_path)
    assert proc.returncode == 2 and "--generate-cli-skeleton" not in proc.stdout


def test_cli_binary_format_is_written_for_version_2_only(tmp_path: Path) -> None:
    """fileb:// needs no format; blob text inside JSON gets the option from the script, and only
    when ``aws --version`` names version 2 (tests/verify/test_cli_v2.py runs both versions)."""
    for operation, document in ZIP_VALUES.items():
        assert "--cli-binary-format" not in _script("lambda", operation, document)
    assert "--cli-binary-format" not in _script("kms", "Encrypt", {"KeyId": "k", "Plaintext": "hi"})
    nested = _script("kinesis", "PutRecords", {"StreamName": "s", "Records": [{"Data": "hi", "PartitionKey": "p"}]})
    switch = 'case "$(aws --version 2>&1)" in\n    aws-cli/1.*) ;;\n    *) set -- --cli-binary-format raw-in-base64-out "$@" ;;\nesac\n'
    assert switch in nested
    proc = _aws(["kms", "encrypt", "--key-id", "k", "--plaintext", "hi",
                 "--cli-binary-format", "raw-in-base64-out"], tmp_path)
    assert proc.returncode == 255, proc.stderr
    assert "Unknown options: --cli-binary-format, raw-in-base64-out" in proc.stderr


class _StartSessionHandler(BaseHTTPRequestHandler):
    """Answers every JSON call with a StartSession response and records its X-Amz-Target."""

    targets: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.targets.append(self.headers.get("X-Amz-Target", ""))
        body = json.dumps({"SessionId": "s-1", "TokenValue": "t", "StreamUrl": "wss://127.0.0.1/s"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


def test_session_manager_commands_are_refused(tmp_path: Path) -> None:
    plan = [("ecs", ["ExecuteCommand"]), ("ssm", ["StartSession"])]
    statuses = _statuses(verify(plan, ("cli",), None, workers=1))
    assert len(statuses) == 2
    for status, detail in statuses.values():
        assert status == NOT_EXPRESSIBLE and "Session Manager plugin" in detail, detail
    assert shutil.which("session-manager-plugin", path=SYSTEM_PATH) is None
    # ecs execute-command looks for the plugin before sending anything
    proc = _aws(["ecs", "execute-command", "--cluster", "c", "--task", "t", "--command", "ls",
                 "--interactive"], tmp_path)
    assert proc.returncode == 255 and "SessionManagerPlugin is not found" in proc.stderr, proc.stderr
    # ssm start-session sends StartSession, then terminates the session it cannot hand over
    _StartSessionHandler.targets = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StartSessionHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        proc = _aws(["ssm", "start-session", "--target", "i-1234567890abcdef0"], tmp_path,
                    endpoint=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 255 and "SessionManagerPlugin is not found" in proc.stderr, proc.stderr
    assert _StartSessionHandler.targets == ["AmazonSSM.StartSession", "AmazonSSM.TerminateSession"]


def test_fractional_seconds_the_cli_serializer_drops_are_refused(tmp_path: Path) -> None:
    association = {"Name": "AWS-UpdateSSMAgent", "InstanceId": "i-1234567890abcdef0",
                   "AssociationStatus": {"Name": "Pending", "Message": "m", "Date": "2015-02-20T08:31:11.939Z"}}
    # json protocol: epoch seconds, which awscli's bundled botocore sends as whole seconds
    with pytest.raises(UnsupportedError, match="AssociationStatus.Date = 2015-02-20T08:31:11.939000Z, "
                                               "sent as unixtimestamp in whole seconds"):
        _script("ssm", "UpdateAssociationStatus", association)
    whole = {**association, "AssociationStatus": {**association["AssociationStatus"], "Date": "2015-02-20T08:31:11Z"}}
    assert "Date=2015-02-20T08:31:11Z" in _script("ssm", "UpdateAssociationStatus", whole)
    # query protocol: ISO 8601, which keeps the microseconds in both serializers
    events = {"StartTime": "2014-04-08T23:18:00.939123Z", "EndTime": "2014-04-09T23:18:00Z"}
    assert "--start-time 2014-04-08T23:18:00.939123Z" in _script("rds", "DescribeEvents", events)
    # smithy-rpc-v2-cbor (cloudwatch): tag-1 epoch seconds, whole in awscli's serializer
    metric = {"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Period": 3600, "Statistics": ["Maximum"],
              "StartTime": "2014-04-08T23:18:00.5Z", "EndTime": "2014-04-09T23:18:00Z"}
    with pytest.raises(UnsupportedError, match="StartTime = 2014-04-08T23:18:00.500000Z, sent as unixtimestamp"):
        _script("cloudwatch", "GetMetricStatistics", metric)
    # bedrock-agentcore: millisecond precision (awscli/botocore/handlers.py)
    event = {"memoryId": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "actorId": "example-id",
             "payload": [{"conversational": {"content": {"text": "hi"}, "role": "ASSISTANT"}}]}
    assert "--event-timestamp" in _script("bedrock-agentcore", "CreateEvent",
                                          {**event, "eventTimestamp": "2024-01-01T00:00:00.939Z"})
    with pytest.raises(UnsupportedError, match="sent as unixtimestamp in milliseconds"):
        _script("bedrock-agentcore", "CreateEvent", {**event, "eventTimestamp": "2024-01-01T00:00:00.939123Z"})
    values = _values_dir(tmp_path / "values", {("ssm", "UpdateAssociationStatus"): whole,
                                               ("rds", "DescribeEvents"): events})
    plan = [("ssm", ["UpdateAssociationStatus"]), ("rds", ["DescribeEvents"])]
    statuses = _statuses(verify(plan, ("cli",), values, workers=2))
    assert {status for status, _ in statuses.values()} == {PARITY} and len(statuses) == 2, statuses
    # the real awscli: the fraction is gone from the body it sends
    proc = _aws(["ssm", "update-association-status", "--name", "n", "--instance-id", "i-1", "--debug",
                 "--association-status", "Date=2015-02-20T08:31:11.939Z,Name=Pending,Message=m"], tmp_path)
    assert '"Date": 1424421071,' in proc.stderr, proc.stderr[-2000:]
