"""Auth schemes other than SigV4 on the wire: bearer tokens and SigV4a.

Bearer tokens (codecatalyst, account-access-runtime):
botocore sends a bearer token only over HTTPS and only when its token chain finds one, so the
endpoint serves these services over TLS with a certificate made for the run, and the examples
get the CA bundle and ``AWS_BEARER_TOKEN_<SIGNING NAME>`` in their environment
(``generator/verify/endpoint/tls.py``). Before, botocore refused them (``NoAuthTokenError``).

SigV4a (cloudfront-keyvaluestore): botocore signs it with awscrt, which the test dependencies
install (``botocore[crt]``); before, botocore refused (``MissingDependencyException``).
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request

import botocore.session
from support import require_tool

from generator.verify.command import verify
from generator.verify.endpoint import Endpoint
from generator.verify.endpoint.tls import bearer_service, token_variable
from generator.verify.examples import PARITY


def test_bearer_services_are_the_ones_whose_first_scheme_is_a_token() -> None:
    session = botocore.session.get_session()
    found = {
        name for name in session.get_available_services()
        if bearer_service(session.get_service_model(name))
    }  # fmt: skip
    # bedrock lists SigV4 first: a token is used only when the user sets one
    assert {"codecatalyst", "account-access-runtime"} <= found
    assert "bedrock" not in found and "s3" not in found
    model = session.get_service_model("account-access-runtime")
    assert token_variable(model) == "AWS_BEARER_TOKEN_ACCOUNT_ACCESS"


def test_bearer_service_is_served_over_tls_with_the_runs_certificate() -> None:
    with Endpoint() as endpoint:
        url = endpoint.url("codecatalyst")
        assert url.startswith("https://127.0.0.1:")
        assert endpoint.url("sqs").startswith("http://")
        env = endpoint.client_env("codecatalyst")
        assert env["AWS_BEARER_TOKEN_CODECATALYST"]
        assert endpoint.client_env("sqs") == {}
        trusted = ssl.create_default_context(cafile=env["AWS_CA_BUNDLE"])
        request = urllib.request.Request(url + "/session", method="GET")
        with urllib.request.urlopen(request, context=trusted, timeout=10) as answer:
            assert answer.status == 200
        assert [c.operation for c in endpoint.captured("codecatalyst")] == ["VerifySession"]
        untrusted = ssl.create_default_context()
        try:
            urllib.request.urlopen(url + "/session", context=untrusted, timeout=10)
        except urllib.error.URLError as exc:
            assert "CERTIFICATE_VERIFY_FAILED" in str(exc)
        else:
            raise AssertionError("an untrusted client accepted the run's certificate")
        folder = endpoint.certificate().folder
    assert not folder.exists()


def test_bearer_token_operations_reach_parity() -> None:
    require_tool("sh")
    plan = [
        ("codecatalyst", ["ListSpaces", "CreateProject", "GetUserDetails"]),
        ("account-access-runtime", ["ListRoles", "GetRoleCredentials"]),
    ]
    outcome = verify(plan, ("cli", "python", "client"), None, workers=2)
    statuses = {(v.service, v.operation, v.lang): (v.status, v.detail) for v in outcome.verdicts}
    assert len(statuses) == 15
    # awscli 1.46.3 bundles an older botocore without account-access-runtime: refused there
    bad = {
        key: status for key, status in statuses.items()
        if status[0] != PARITY and not (key[0] == "account-access-runtime" and key[2] == "cli")
    }  # fmt: skip
    assert not bad, bad


def test_sigv4a_operations_reach_parity() -> None:
    require_tool("sh")
    plan = [("cloudfront-keyvaluestore", ["DescribeKeyValueStore", "PutKey", "UpdateKeys"])]
    outcome = verify(plan, ("cli", "python", "client"), None, workers=2)
    statuses = {(v.service, v.operation, v.lang): (v.status, v.detail) for v in outcome.verdicts}
    assert len(statuses) == 9
    bad = {key: status for key, status in statuses.items() if status[0] != PARITY}
    assert not bad, bad
