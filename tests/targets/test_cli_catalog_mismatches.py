"""CLI examples that the whole-catalog verify run found sending another request than botocore
(issue 13), each checked with the real awscli: the form the generator writes reaches parity, and
the form it avoids is the one awscli rejects.

* a paginator's limit key the model requires (cognito-identity ListIdentityPools MaxResults):
  awscli/customizations/paginate.py only hides ``--max-results``, argparse still demands it,
  so the example passes it and not ``--page-size``;
* configservice put-configuration-recorder: ``recordingGroup`` has its own ``--recording-group``
  (awscli/customizations/configservice/putconfigurationrecorder.py);
* a member awscli's bundled model requires and botocore's lacks (glue PutAttachment
  ``FormTypeId``): refused as model drift;
* a synthesized response past the depth limit keeps each structure's optional scalars, so
  datapipeline's Field carries a value for awscli's definition translator.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.session import get_session

from generator.capabilities import cli as cli_caps
from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.naming import cli as names
from generator.targets.cli import render_cli
from generator.values.validate import from_document
from generator.verify.command import verify
from generator.verify.endpoint.respond import synthesize_output
from generator.verify.examples import PARITY

REQUIRED_LIMIT_KEYS = [
    ("cognito-identity", "ListIdentityPools"), ("cognito-idp", "ListUserPools"),
    ("ec2", "DescribeByoipCidrs"), ("fms", "ListAppsLists"), ("fms", "ListProtocolsLists"),
    ("fms", "ListThirdPartyFirewallFirewallPolicies"),
]  # fmt: skip
RECORDER = {"ConfigurationRecorder": {
    "name": "default", "roleARN": "arn:aws:iam::123456789012:role/config-role",
    "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
}}  # fmt: skip


def _script(service: str, operation: str, document: dict[str, object]) -> str:
    ir = load_service(service)
    op = ir.operations[operation]
    return render_cli(ir, op, from_document(ir, op, document, "test"), operation).text


def _aws(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The real awscli, without user config, pointed at a closed loopback port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret",
        AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1",
    )
    return subprocess.run(
        [sys.executable, "-m", "awscli", *args, "--endpoint-url", "http://127.0.0.1:9"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60, check=False,
    )


def test_required_limit_keys_are_exactly_these_in_botocore() -> None:
    session = get_session()
    found = []
    for service in session.get_available_services():
        try:
            model = session.get_service_model(service)
            paginators = session.get_paginator_model(service)._paginator_config
        except (DataNotFoundError, UnknownServiceError):
            continue  # a name with no service model (pinpoint) or no paginators
        for operation, config in paginators.items():
            key = config.get("limit_key")
            if key and operation in model.operation_names:
                if key in model.operation_model(operation).input_shape.required_members:
                    found.append((service, operation))
    assert sorted(found) == sorted(REQUIRED_LIMIT_KEYS)


def test_required_limit_key_keeps_its_own_option(tmp_path: Path) -> None:
    for service, operation in REQUIRED_LIMIT_KEYS:
        ir = load_service(service)
        op = ir.operations[operation]
        script = render_cli(ir, op, example_value(ir, op, None), operation).text
        assert "--max-results " in script and "--page-size" not in script, (service, operation)
    # an optional limit key still goes through --page-size, which keeps the CLI paginating
    assert "--page-size 10" in _script("iam", "ListUsers", {"MaxItems": 10})
    # awscli demands the hidden option itself: --page-size alone is rejected
    proc = _aws(["cognito-identity", "list-identity-pools", "--page-size", "10"], tmp_path)
    assert proc.returncode == 2 and "required: --max-results" in proc.stderr
    plan = [("cognito-identity", ["ListIdentityPools"]), ("ec2", ["DescribeByoipCidrs"])]
    statuses = {(v.service, v.operation, v.lang): v.status for v in verify(plan, ("cli",), None, workers=2).verdicts}
    assert set(statuses.values()) == {PARITY} and len(statuses) == 2, statuses


def test_recording_group_has_its_own_option(tmp_path: Path) -> None:
    assert names.hoisted_option("config", "PutConfigurationRecorder",
                                ("ConfigurationRecorder", "recordingGroup")) == "--recording-group"
    script = _script("config", "PutConfigurationRecorder", RECORDER)
    assert "--recording-group allSupported=true,includeGlobalResourceTypes=true" in script
    assert "recordingGroup" not in script
    # only the recording group: --configuration-recorder is still required, given as {}
    only_group = {"ConfigurationRecorder": {"recordingGroup": {"allSupported": True}}}
    assert "--configuration-recorder '{}'" in _script("config", "PutConfigurationRecorder", only_group)
    statuses = {v.lang: v.status for v in verify([("config", ["PutConfigurationRecorder"])], ("cli",), None,
                                                 workers=1).verdicts}
    assert statuses == {"cli": PARITY}
    # the nested form: awscli's --configuration-recorder no longer knows recordingGroup
    proc = _aws(["configservice", "put-configuration-recorder", "--configuration-recorder",
                 "name=default,recordingGroup={allSupported=true}"], tmp_path)
    assert proc.returncode == 255 and "recordingGroup" in proc.stderr, proc.stderr


def test_member_required_by_awscli_model_and_missing_from_botocores_is_refused(tmp_path: Path) -> None:
    document = {"AssetIdentifier": "a", "AttachmentName": "n", "Content": "{}"}
    with pytest.raises(UnsupportedError, match="requires FormTypeId, a member botocore's model does not have"):
        _script("glue", "PutAttachment", document)
    assert cli_caps.model_drift_reason("glue", "PutAttachment", {("AssetIdentifier",)}) is not None
    proc = _aws(["glue", "put-attachment", "--asset-identifier", "a", "--attachment-name", "n",
                 "--content", "{}"], tmp_path)
    assert proc.returncode == 2 and "required: --form-type-id" in proc.stderr


def test_structures_past_the_depth_limit_keep_their_optional_scalars() -> None:
    model = get_session().get_service_model("datapipeline").operation_model("GetPipelineDefinition")
    output = synthesize_output(model)
    fields = output["pipelineObjects"][0]["fields"]
    assert fields and all("stringValue" in f for f in fields), fields
    statuses = {v.lang: v.status for v in verify([("datapipeline", ["GetPipelineDefinition"])], ("cli",), None,
                                                 workers=1).verdicts}
    assert statuses == {"cli": PARITY}
