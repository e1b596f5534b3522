"""Auth schemes other than SigV4 on the wire: bearer tokens and SigV4a.

Bearer tokens (codecatalyst, account-access-runtime):
botocore sends a bearer token only over HTTPS and only when its token chain finds one, so the
endpoint serves these services over TLS with a certificate made for the run, and the examples
get the CA bundle and ``AWS_BEARER_TOKEN_<SIGNING NAME>`` in their environment
(``generator/verify/endpoint/tls.py``). Before, botocore refused them (``NoAuthTokenError``).

SigV4a (cloudfront-keyvaluestore): botocore signs it with awscrt, which the test dependencies
install (``botocore[crt]``); before, botocore refused (``MissingDependencyException``).

Java: the SDK's default token provider reads the token ``aws sso login`` cached (a config file
naming an SSO session, the token under ``~/.aws/sso/cache``) through the ``ssooidc`` module, and
signs SigV4a only with ``http-auth-aws-crt``: the harness resolves those modules with the
service's (``naming/java.runtime_modules``), writes the SSO files in the run's home folder and
trusts the run's certificate with a PKCS12 truststore (``generator/verify/java.py``); the Java
docs tab names the module a user adds. The Java tests need mvn, javac and java.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import ssl
import urllib.error
import urllib.request
from pathlib import Path

import botocore.session
from support import require_tool

from generator.generate.pipeline import (
    DEFAULT_VALUES,
    Outcome,
    example_value,
    generate_operation,
    render_snippet,
)
from generator.model.lower import load_service
from generator.verify import responses as verify_responses
from generator.verify.collect import collect
from generator.verify.command import verify
from generator.verify.endpoint import Endpoint
from generator.verify.endpoint.tls import TOKEN, bearer_service, token_variable
from generator.verify.examples import PARITY, Verdict
from generator.verify.java import SSO_SESSION, TAG_HEADER, run_java, service_modules, sso_login


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


# --- Java: the SDK reads the token an SSO login cached, and signs SigV4a with the AWS CRT ---


def _java_run(tmp_path: Path, plan: list[tuple[str, list[str]]]) -> tuple[list[Verdict], dict[str, list[str]]]:
    """Run the plan's Java examples against one endpoint: the verdicts, and per service the
    ``Authorization`` header of each request the Java examples sent (tagged with the class whose
    ``main`` sent it; the endpoint also captures botocore's reference calls, untagged)."""
    for tool in ("mvn", "javac", "java"):
        require_tool(tool, "needed to resolve, compile and run the AWS SDK for Java 2.x")
    examples, refused = collect(plan, ("java",), DEFAULT_VALUES, tmp_path)
    assert not refused, [(v.operation, v.detail) for v in refused]
    verdicts: list[Verdict] = []
    endpoint = verify_responses.new_endpoint()
    try:
        run_java(examples, endpoint, verdicts.append, {})
        signatures = {
            service: [
                next((v for k, v in c.headers.items() if k.lower() == "authorization"), "")
                for c in endpoint.captured(service)
                if any(k.lower() == TAG_HEADER for k in c.headers)
            ]
            for service, _ops in plan
        }  # fmt: skip
    finally:
        endpoint.close()
    return verdicts, signatures


def test_java_bearer_examples_send_the_token_an_sso_login_cached(tmp_path: Path) -> None:
    # before: "Unable to load token from any of the providers in the chain" for every one
    plan = [("codecatalyst", ["ListSpaces", "CreateProject", "GetUserDetails"]), ("sqs", ["ListQueues"])]
    verdicts, signatures = _java_run(tmp_path, plan)
    assert sorted((v.operation, v.status) for v in verdicts) == [
        ("CreateProject", PARITY), ("GetUserDetails", PARITY), ("ListQueues", PARITY),
        ("ListSpaces", PARITY),
    ], [v.detail for v in verdicts]  # fmt: skip
    assert signatures["codecatalyst"] == [f"Bearer {TOKEN}"] * 3
    # the SigV4 service of the same JVM still signs with the environment's keys, over HTTP
    assert [s.split(" ", 1)[0] for s in signatures["sqs"]] == ["AWS4-HMAC-SHA256"]


def test_java_sigv4a_examples_are_signed_with_sigv4a(tmp_path: Path) -> None:
    # before: "'aws.auth#sigv4a' signer could not be retrieved", then "host must not be null"
    plan = [("cloudfront-keyvaluestore", ["DescribeKeyValueStore", "PutKey", "UpdateKeys"])]
    verdicts, signatures = _java_run(tmp_path, plan)
    assert [v.status for v in verdicts] == [PARITY] * 3, [v.detail for v in verdicts]
    assert [s.split(" ", 1)[0] for s in signatures["cloudfront-keyvaluestore"]] == [
        "AWS4-ECDSA-P256-SHA256"
    ] * 3


def test_sso_login_files_are_where_the_java_sdk_reads_them(tmp_path: Path) -> None:
    now = dt.datetime(2026, 12, 1, 4, 0, tzinfo=dt.UTC)
    config = sso_login(tmp_path, "a-token", now)
    assert config == tmp_path / ".aws" / "config"
    text = config.read_text(encoding="utf-8")
    assert f"sso_session = {SSO_SESSION}\n" in text and f"[sso-session {SSO_SESSION}]\n" in text
    assert "sso_start_url = https://" in text and "sso_region = us-east-1" in text
    # the cache file is named by the SHA-1 of the session name, as `aws sso login` names it
    (cached,) = (tmp_path / ".aws" / "sso" / "cache").iterdir()
    assert cached.name == hashlib.sha1(SSO_SESSION.encode()).hexdigest() + ".json"  # noqa: S324
    token = json.loads(cached.read_text(encoding="utf-8"))
    assert token["accessToken"] == "a-token" and token["expiresAt"] == "2026-12-01T05:00:00Z"


def test_java_modules_of_a_service_add_what_its_auth_needs() -> None:
    assert service_modules("codecatalyst") == ["codecatalyst", "ssooidc"]
    assert service_modules("cloudfront-keyvaluestore") == ["cloudfrontkeyvaluestore", "http-auth-aws-crt"]
    assert service_modules("personalize") == ["personalize"]


def test_java_docs_tab_names_the_module_a_user_adds() -> None:
    pages = {}
    for name, operation in [("codecatalyst", "ListSpaces"), ("cloudfront-keyvaluestore", "GetKey"),
                            ("personalize", "ListCampaigns")]:  # fmt: skip
        service = load_service(name)
        op = service.operation(operation)
        pages[name] = render_snippet(service, op, example_value(service, op, None), "java").note
    assert pages["codecatalyst"].startswith(
        "Besides `software.amazon.awssdk:codecatalyst`, this example needs "
        "`software.amazon.awssdk:ssooidc` on the class path: the default token provider"
    )
    assert "`software.amazon.awssdk:http-auth-aws-crt` on the class path" in pages["cloudfront-keyvaluestore"]
    assert "SigV4a" in pages["cloudfront-keyvaluestore"]
    assert pages["personalize"] == ""


def test_java_docs_page_prints_the_note_under_the_java_code_only() -> None:
    outcome = Outcome()
    service = load_service("codecatalyst")
    generate_operation(service, service.operation("ListSpaces"), None, outcome)
    (page,) = [a.content for a in outcome.artifacts if a.path == "codecatalyst/ListSpaces.md"]
    tabs = page.split("------\n#### [ ")
    (java_tab,) = [t for t in tabs if t.startswith("SDK for Java 2\\.x")]
    assert java_tab.rstrip().endswith(
        "```\n\nBesides `software.amazon.awssdk:codecatalyst`, this example needs "
        "`software.amazon.awssdk:ssooidc` on the class path: the default token provider reads "
        "through it the token that `aws sso login` cached for the profile's `sso_session`\\."
    )
    assert page.count("Besides `software.amazon.awssdk:") == 1
