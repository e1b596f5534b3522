"""naming.java.runtime_modules: the SDK modules an example needs besides its client module,
checked against the botocore models they follow from.

Bearer-token services need ``ssooidc`` (the default token provider reads an SSO login's cached
token through it); services whose every endpoint signs with SigV4a need ``http-auth-aws-crt``.
"""

from __future__ import annotations

from typing import Any

import botocore.session

from generator.naming import java
from generator.verify.endpoint.tls import bearer_service


def _auth_schemes(rules: list[dict[str, Any]]) -> list[str]:
    """The first auth scheme of every endpoint of a rule set ("" for an endpoint naming none)."""
    found: list[str] = []
    for rule in rules:
        if rule.get("type") == "endpoint":
            schemes = rule["endpoint"].get("properties", {}).get("authSchemes", [])
            found.append(schemes[0]["name"] if schemes else "")
        elif rule.get("type") == "tree":
            found += _auth_schemes(rule["rules"])
    return found


def test_runtime_modules_follow_the_models() -> None:
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    expected: dict[str, tuple[str, ...]] = {}
    for name in session.get_available_services():
        if bearer_service(session.get_service_model(name)):
            expected[name] = ("ssooidc",)
        schemes = _auth_schemes(loader.load_service_model(name, "endpoint-rule-set-1")["rules"])
        if schemes and all(s == "sigv4a" for s in schemes):
            expected[name] = expected.get(name, ()) + ("http-auth-aws-crt",)
        assert java.runtime_modules(name) == expected.get(name, ()), name
    assert expected["codecatalyst"] == ("ssooidc",)
    assert expected["cloudfront-keyvaluestore"] == ("http-auth-aws-crt",)
    # s3 signs SigV4a only for multi-region access points: no module for every example
    assert java.runtime_modules("s3") == ()


def test_every_runtime_module_has_a_reason_for_the_docs_page() -> None:
    for module in ("ssooidc", "http-auth-aws-crt"):
        assert java.runtime_module_reason(module)
