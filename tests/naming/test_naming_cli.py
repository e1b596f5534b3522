"""AWS CLI v1 naming (``generator.naming.cli``): tricky names, drift against the installed
awscli, and the value rules of the module docstring proven by running the real CLI.

Everything that needs ``awscli`` runs in a subprocess: importing it here would swap the
standalone botocore for awscli's vendored copy.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.capabilities import cli as cli_caps
from generator.naming import cli
from generator.targets import cli_syntax
from tools import cli_names as sweep

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"


needs_awscli = pytest.mark.skipif(not PYTHON.exists(), reason="project .venv with awscli missing")


# ------------------------------------------------------------------------- pure names


@pytest.mark.parametrize(
    ("service", "word"),
    [("s3", "s3api"), ("codedeploy", "deploy"), ("config", "configservice"), ("ec2", "ec2")],
)
def test_service_word_follows_cli_renames(service: str, word: str) -> None:
    assert cli.service_word(service) == word


@pytest.mark.parametrize(
    ("operation", "command"),
    [
        ("ListWebACLs", "list-web-acls"),
        ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"),
        ("ExecutePartiQLStatement", "execute-partiql-statement"),
        ("CreateOAuth2Token", "create-oauth2-token"),
        ("DescribeDBInstances", "describe-db-instances"),
        ("PutObject", "put-object"),
    ],
)
def test_command_name_is_xform_name(operation: str, command: str) -> None:
    assert cli.command_name(operation) == command


@pytest.mark.parametrize(
    ("service", "operation", "member", "option"),
    [
        ("personalize", "CreateSolution", "performHPO", "--perform-hpo"),
        ("personalize", "CreateMetricAttribution", "datasetGroupArn", "--dataset-group-arn"),
        ("eks", "CreateCluster", "version", "--kubernetes-version"),
        ("cloudsearchdomain", "Search", "query", "--search-query"),
        ("cloudsearchdomain", "Search", "return", "--return"),
        ("iotwireless", "CreateWirelessDevice", "LoRaWAN", "--lorawan"),
        ("glue", "GetUnfilteredTableMetadata", "Region", "--resource-region"),
        ("s3", "PutObject", "Body", "--body"),
        ("s3", "PutObject", "Bucket", "--bucket"),
        ("sns", "Subscribe", "Endpoint", "--notification-endpoint"),
        ("ses", "SendEmail", "Source", "--from"),
        ("route53domains", "ViewBilling", "Start", "--start-time"),
        ("rds", "DescribeDBInstances", "DBInstanceIdentifier", "--db-instance-identifier"),
        ("ec2", "RunInstances", "MinCount", None),
        ("iam", "ListUsers", "MaxItems", None),
        ("iam", "ListUsers", "Marker", "--marker"),
        ("sso-oidc", "CreateToken", "clientId", "--client-id"),
    ],
)
def test_option_name(service: str, operation: str, member: str, option: str | None) -> None:
    assert cli.option_name(service, operation, member) == option


@pytest.mark.parametrize(
    ("service", "operation", "member", "forms"),
    [
        ("ec2", "CreateImage", "NoReboot", ("--no-reboot", "--reboot")),
        ("ec2", "CreateNetworkAclEntry", "Egress", ("--egress", "--ingress")),
        (
            "ecs",
            "CreateService",
            "enableExecuteCommand",
            ("--enable-execute-command", "--disable-execute-command"),
        ),
        (
            "ec2",
            "ModifyInstanceAttribute",
            "SourceDestCheck",
            ("--source-dest-check", "--no-source-dest-check"),
        ),
        (
            "apigateway",
            "CreateDeployment",
            "tracingEnabled",
            ("--tracing-enabled", "--no-tracing-enabled"),
        ),
    ],
)
def test_boolean_forms(service: str, operation: str, member: str, forms: tuple[str, str]) -> None:
    assert cli.boolean_options(service, operation, member) == forms


def test_pagination_limit_key_is_shadowed_and_sent_by_page_size() -> None:
    mo = cli.member_option("iam", "ListUsers", "MaxItems")
    assert (mo.option, mo.shadowed_by, mo.set_via) == (None, "--max-items", "--page-size")
    marker = cli.member_option("iam", "ListUsers", "Marker")
    assert (marker.documented, marker.set_via) == (False, "--starting-token")
    assert cli.pagination_options("iam", "ListUsers") == (
        "--starting-token",
        "--page-size",
        "--max-items",
    )
    assert cli.pagination_options("eks", "CreateCluster") == ()


def test_hidden_aliases_and_hoists() -> None:
    assert cli.hidden_aliases("route53domains", "ViewBilling", "Start") == ("--start",)
    assert cli.hidden_aliases("storagegateway", "DescribeTapes", "TapeARNs") == ("--tape-ar-ns",)
    assert cli.hoisted_option("rekognition", "DetectLabels", ("Image", "Bytes")) == "--image-bytes"
    assert cli.hoisted_option("lambda", "CreateFunction", ("Code", "ZipFile")) == "--zip-file"
    assert "--count" in cli.extra_options("ec2", "RunInstances")


@pytest.mark.parametrize(
    ("service", "operation", "kind"),
    [
        ("kinesis", "SubscribeToShard", "removed"),
        ("bedrock-runtime", "ConverseStream", "removed"),
        ("lambda", "InvokeWithResponseStream", "removed"),
        ("healthlake", "UpdateProfileWithAgent", "event-stream"),
        ("emr", "DescribeCluster", "replaced"),
        ("emr", "RunJobFlow", "removed"),
        ("rds", "ModifyOptionGroup", "split"),
        ("s3", "SelectObjectContent", None),
        ("lambda", "Invoke", None),
        ("bedrock-runtime", "Converse", None),
    ],
)
def test_removal(service: str, operation: str, kind: str | None) -> None:
    assert cli_caps.removal_kind(service, operation) == kind
    assert (cli_caps.removed_reason(service, operation) is None) == (kind is None)


def test_outfile_and_cli_input_json() -> None:
    get_object = cli.operation_model("s3", "GetObject")
    assert cli.positional_outfile(get_object)
    assert not cli.cli_input_json_supported(get_object)
    assert cli.positional_outfile(cli.operation_model("s3", "SelectObjectContent"))
    assert cli.positional_outfile(cli.operation_model("lambda", "Invoke"))  # Payload streams
    assert not cli.positional_outfile(cli.operation_model("s3", "PutObject"))
    assert cli.cli_input_json_supported(cli.operation_model("s3", "PutObject"))
    assert not cli.cli_input_json_supported(cli.operation_model("iam", "CreateVirtualMFADevice"))


@pytest.mark.parametrize(
    ("service", "operation", "member", "disabled"),
    [
        ("sqs", "GetQueueAttributes", "QueueUrl", True),
        ("sqs", "CreateQueue", "QueueName", False),
        ("sns", "Subscribe", "Endpoint", True),
        ("cloudformation", "CreateStack", "TemplateURL", True),
        ("cloudformation", "CreateStack", "TemplateBody", False),
    ],
)
def test_paramfile_disabled(service: str, operation: str, member: str, disabled: bool) -> None:
    assert cli.paramfile_disabled(service, operation, member) is disabled


@pytest.mark.parametrize(
    ("option", "clash"),
    [
        ("--query", "--query"),
        ("--version", "--version"),
        ("--reg", "--region"),
        ("--query-string", None),
        ("--output-location", None),
        ("--kubernetes-version", None),
    ],
)
def test_global_option_clash(option: str, clash: str | None) -> None:
    assert cli.global_option_clash(option) == clash
    assert "|" in (cli.global_option_clash("--no") or "")


def _input_shape(service: str, operation: str, member: str) -> Any:
    return cli.operation_model(service, operation).input_shape.members[member]


@pytest.mark.parametrize(
    ("service", "operation", "member", "style"),
    [
        ("bedrock-runtime", "Converse", "additionalModelRequestFields", "json"),
        ("bedrock-runtime", "Converse", "toolConfig", "json"),
        ("bedrock-runtime", "Converse", "inferenceConfig", "shorthand-or-json"),
        ("cloudwatch", "GetMetricStatistics", "Statistics", "scalar-list"),
        ("cloudwatch", "GetMetricStatistics", "StartTime", "scalar"),
        ("s3", "PutObject", "Body", "file-path"),
        ("kms", "Encrypt", "Plaintext", "blob"),
        ("ec2", "DescribeInstances", "DryRun", "flag"),
        ("dynamodb", "PutItem", "Item", "shorthand-or-json"),
    ],
)
def test_value_style(service: str, operation: str, member: str, style: str) -> None:
    assert cli_syntax.value_style(_input_shape(service, operation, member)) == style


def test_shorthand_helpers() -> None:
    assert cli_syntax.shorthand_ok(_input_shape("personalize", "CreateMetricAttribution", "metrics"))
    assert not cli_syntax.shorthand_ok(_input_shape("cloudwatch", "GetMetricStatistics", "Statistics"))
    assert cli_syntax.shorthand_scalar_ok("arn:aws:iam::123:role/x-y")
    assert not cli_syntax.shorthand_scalar_ok("a,b")
    assert not cli_syntax.shorthand_scalar_ok(" padded")
    assert cli_syntax.shorthand_key_ok("Name") and not cli_syntax.shorthand_key_ok("a b")
    assert cli.old_list_case("elb", "RegisterInstancesWithLoadBalancer", "Instances")
    assert cli_syntax.needs_equals_form("-abc") and not cli_syntax.needs_equals_form("-5")
    assert cli_syntax.paramfile_prefix("https://x") == "https://"


def test_model_gaps_and_caveats() -> None:
    assert cli_caps.missing_from_cli_model("abuse-signal", None)
    assert not cli_caps.missing_from_cli_model("s3", "PutObject", "Body")
    assert "session-manager-plugin" in (cli_caps.command_caveat("ecs", "ExecuteCommand") or "")
    assert "preview" in (cli_caps.service_caveat("sdb") or "")
    assert cli.command_aliases("cloudwatch", "GetOTelEnrichment") == ("get-o-tel-enrichment",)
    assert cli_caps.unusable_reason("s3", "PutObject") is None
    run_instances = ("ec2", "RunInstances")
    assert cli_caps.missing_from_cli_model_path(*run_instances, ("Monitoring", "MetricCategoryIds"))
    assert not cli_caps.missing_from_cli_model_path(*run_instances, ("Monitoring", "Enabled"))


# ------------------------------------------------------------------------- drift vs awscli


@needs_awscli
def test_data_tables_match_installed_awscli() -> None:
    """The verbatim tables equal awscli's own (read in a subprocess)."""
    tables = sweep.run_tables()
    renames = cli.data_table("argument_renames")
    assert renames["argument_renames"] == tables["argument_renames"]
    assert renames["hidden_aliases"] == tables["hidden_aliases"]
    assert cli.data_table("removed_commands")["removals"] == tables["removals"]
    assert cli.data_table("paramfile_disabled")["keys"] == tables["paramfile_disabled"]
    assert cli.data_table("shorthand_old_list_case")["keys"] == tables["old_list_case"]
    services = cli.data_table("services")
    assert sorted(services["preview_services"]) == sorted(tables["preview_services"])
    assert services["global_options"] == tables["global_options"]


_SAMPLE_TEXT = """
eks:CreateCluster eks:UpdateClusterVersion eks:CreateNodegroup cloudsearchdomain:Search
cloudsearchdomain:Suggest iotwireless:CreateWirelessDevice s3:PutObject s3:GetObject
s3:SelectObjectContent s3:ListObjectsV2 ec2:CreateImage ec2:RunInstances
ec2:ModifyInstanceAttribute ec2:DescribeInstances ec2:CreateNetworkAclEntry
ec2:AuthorizeSecurityGroupIngress personalize:CreateSolution
personalize:CreateMetricAttribution lambda:Invoke lambda:CreateFunction iam:ListUsers
iam:EnableMFADevice iam:CreateVirtualMFADevice dynamodb:PutItem dynamodb:Query
dynamodb:ExecuteStatement bedrock-runtime:Converse bedrock-runtime:ConverseStream
kinesis:PutRecords kinesis:SubscribeToShard cloudwatch:GetMetricStatistics
cloudwatch:PutMetricData cloudwatch:GetOTelEnrichment rds:DescribeDBInstances
rds:ModifyOptionGroup sqs:GetQueueAttributes sns:Subscribe
glue:GetUnfilteredTableMetadata route53domains:ViewBilling ses:SendEmail
deadline:CreateJob codeartifact:DescribePackage apigateway:CreateDeployment
sso-oidc:CreateToken elb:RegisterInstancesWithLoadBalancer storagegateway:DescribeTapes
storagegateway:CreateCachediSCSIVolume waf:ListWebACLs omics:ListBatch
rekognition:DetectLabels translate:ImportTerminology emr:DescribeCluster
healthlake:UpdateProfileWithAgent ecs:ExecuteCommand codedeploy:CreateDeployment
config:PutConfigurationRecorder
"""
SAMPLE = [(s, o) for s, _, o in (w.partition(":") for w in _SAMPLE_TEXT.split())]


@needs_awscli
def test_sample_operations_match_real_argument_tables() -> None:
    """~55 operations: every option, boolean form, alias, paramfile flag, outfile,
    pagination argument, extra option and hoist agrees with the real CLI's arg_table."""
    probe = sweep.run_probe(only=SAMPLE)
    assert {(s, o) for s, ops in probe["ops"].items() for o in ops} == set(SAMPLE)
    report = sweep.compare(probe)
    assert report.ops_compared == len(SAMPLE)
    assert report.mismatches == []


@needs_awscli
@pytest.mark.slow
def test_every_operation_matches_real_argument_tables() -> None:
    report = sweep.compare_all()
    assert report.ops_compared > 18000
    assert report.mismatches == []


# ------------------------------------------------------------------------- value rules, run

_RUNNER = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from awscli.clidriver import create_clidriver

    class Sent(BaseException):
        pass

    def before_call(model, params, **kwargs):
        body = params["body"]
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        raise Sent(json.dumps({"body": body, "url": params.get("url")}, default=str))

    results = []
    for argv in json.load(sys.stdin):
        driver = create_clidriver()
        driver.session.register("before-call", before_call)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = driver.main(argv)
            results.append({"rc": rc, "out": out.getvalue(), "err": err.getvalue()[-300:]})
        except Sent as sent:
            results.append({"rc": "sent", **json.loads(str(sent))})
        except SystemExit as exc:
            results.append({"rc": exc.code, "out": out.getvalue(), "err": err.getvalue()[-300:]})
    print(json.dumps(results))
    """
)


def _run_cli(cases: list[list[str]], tmp_path: Path) -> list[dict[str, Any]]:
    env = sweep.child_env()
    env.update(AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret")
    proc = subprocess.run(
        [str(PYTHON), "-c", _RUNNER],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tmp_path,
    )
    results: list[dict[str, Any]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return results


@needs_awscli
def test_value_rules_hold_in_the_real_cli(tmp_path: Path) -> None:
    (tmp_path / "h.txt").write_text("hello")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01\xff")
    h, b = tmp_path / "h.txt", tmp_path / "b.bin"
    lines = textwrap.dedent(
        """
        blob-top: kms encrypt --key-id k --plaintext hello
        blob-fileb: kms encrypt --key-id k --plaintext fileb://$B
        blob-nested: kinesis put-records --stream-name s --records Data=hello,PartitionKey=p
        blob-nested-fileb: kinesis put-records --stream-name s
            --records Data@=fileb://$B,PartitionKey=p
        dash-space: ec2 describe-instances --instance-ids -abc
        dash-equals: ec2 describe-instances --instance-ids=-abc
        old-list: elb register-instances-with-load-balancer --load-balancer-name l
            --instances InstanceId=i-1
        doc-shorthand: bedrock-runtime converse --model-id m
            --messages 'role=user,content=[{text=hi}]'
            --tool-config 'tools=[{toolSpec={name=n,inputSchema={json={a=1}}}}]'
        epoch: cloudwatch get-metric-statistics --namespace n --metric-name m --period 60
            --start-time 1704067200 --end-time 2024-01-02T00:00:00Z --statistics Average
        eks-version: eks create-cluster --name c --role-arn r --resources-vpc-config subnetIds=s
            --kubernetes-version 1.29
        global-version: eks create-cluster --name c --version 1.29
        global-prefix: sqs list-queues --reg us-west-2
        nested-gap: ec2 run-instances --image-id i
            --monitoring Enabled=true,MetricCategoryIds=[x]
        outfile-last: polly synthesize-speech --text hi --output-format mp3 --voice-id Joanna
            --lexicon-names a b $H.mp3
        outfile-first: polly synthesize-speech $H.mp3 --text hi --output-format mp3
            --voice-id Joanna --lexicon-names a b
        search-query: cloudsearchdomain search --endpoint-url https://x.example --search-query q
        paramfile-on: sqs create-queue --queue-name file://$H
        paramfile-off: sqs get-queue-attributes --queue-url file://$H
        streaming: s3api put-object --bucket b --key k --body $H
        streaming-fileb: s3api put-object --bucket b --key k --body fileb://$H
        """
    ).replace("\n    ", " ")
    cases = {
        name: shlex.split(cmd.replace("$B", str(b)).replace("$H", str(h)))
        for name, cmd in (line.split(": ", 1) for line in lines.strip().splitlines())
    }
    got = dict(zip(cases, _run_cli(list(cases.values()), tmp_path), strict=True))
    assert json.loads(got["blob-top"]["body"])["Plaintext"] == "aGVsbG8="
    assert json.loads(got["blob-fileb"]["body"])["Plaintext"] == "AAH/"
    assert json.loads(got["blob-nested"]["body"])["Records"][0]["Data"] == "aGVsbG8="
    assert json.loads(got["blob-nested-fileb"]["body"])["Records"][0]["Data"] == "AAH/"
    assert got["dash-space"]["rc"] == 255 and "Unknown options: -abc" in got["dash-space"]["err"]
    assert got["dash-equals"]["body"]["InstanceId.1"] == "-abc"
    assert got["old-list"]["body"]["Instances.member.1.InstanceId"] == "InstanceId=i-1"
    assert "does not support document types" in got["doc-shorthand"]["err"]
    assert json.loads(got["epoch"]["body"])["StartTime"] == 1704067200
    assert json.loads(got["eks-version"]["body"])["version"] == "1.29"
    assert got["global-version"]["rc"] == 0 and "aws-cli/" in got["global-version"]["out"]
    assert "us-west-2" in got["global-prefix"]["url"]  # --reg was read as --region
    assert "required: outfile" in got["outfile-last"]["err"]  # swallowed by nargs='*'
    assert json.loads(got["outfile-first"]["body"])["LexiconNames"] == ["a", "b"]
    assert 'Unknown parameter in Monitoring: "MetricCategoryIds"' in got["nested-gap"]["err"]
    assert got["search-query"]["rc"] == "sent"
    assert json.loads(got["paramfile-on"]["body"])["QueueName"] == "hello"
    assert json.loads(got["paramfile-off"]["body"])["QueueUrl"] == f"file://{h}"
    assert got["streaming"]["body"] == "hello"
    assert "must be a path to a file" in got["streaming-fileb"]["err"]
