"""Reference clients: boto3 clients aimed at the endpoint that tag the requests of reference calls.

Stage: the "expected" side of the wire proof, lowest layer. :class:`~.server.Endpoint` builds
its cached clients with :func:`new_reference_client`; :mod:`.reference` sets :data:`CALL`'s
token around one call so that call's capture is found among concurrent ones.

A reference client sends only to the loopback address (``127.0.0.1``, ``*.127.0.0.1``,
``localhost``): where botocore itself picks another host whatever the endpoint URL (signin's
control-plane endpoint rules, machinelearning ``Predict``'s ``PredictEndpoint`` member), the
call raises :class:`LeftLoopbackError` naming the URL instead of connecting to AWS.
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from botocore.config import Config
from botocore.tokens import ScopedEnvTokenProvider, TokenProviderChain

REFERENCE_HEADER = "x-sdk-parity-ref"
CALL = threading.local()


def reference_config() -> Config:
    """Client config of the reference calls: one attempt, no host prefix.

    ``total_max_attempts=1`` rather than ``max_attempts=1``: the latter counts
    *retries* and would resend (and re-capture) a request answered with 5xx.
    """
    return Config(retries={"total_max_attempts": 1}, inject_host_prefix=False)


class LeftLoopbackError(RuntimeError):
    """botocore would send a reference request to a host other than the loopback endpoint."""


def _loopback_only(request: Any, **_: Any) -> None:
    host = (urlsplit(str(request.url)).hostname or "").lower()
    if host not in ("127.0.0.1", "localhost") and not host.endswith(".127.0.0.1"):
        raise LeftLoopbackError(
            f"botocore sends this request to {str(request.url)[:120]}, not to the endpoint URL"
        )


def _tag_request(request: Any, **_: Any) -> None:
    token = getattr(CALL, "token", None)
    if token is not None:
        request.headers[REFERENCE_HEADER] = token


def token_provider(botocore_session: Any, environ: Mapping[str, str]) -> Any:
    """botocore's bearer-token chain reading ``AWS_BEARER_TOKEN_*`` from ``environ`` (which the
    caller may fill later) instead of this process's environment; for the reference session's
    ``token_provider`` component."""
    return TokenProviderChain([ScopedEnvTokenProvider(botocore_session, environ=environ)])


def new_reference_client(
    boto3_session: Any, service_name: str, url: str, env: Mapping[str, str] | None = None
) -> Any:
    """A boto3 client aimed at ``url`` that tags requests of reference calls; ``env`` is what an
    example gets besides the endpoint URL (:func:`.tls.client_env`): its CA bundle is trusted."""
    verify = (env or {}).get("AWS_CA_BUNDLE")
    client = boto3_session.client(
        service_name, endpoint_url=url, config=reference_config(), verify=verify
    )
    client.meta.events.register("before-send", _tag_request)
    client.meta.events.register("before-send", _loopback_only)
    return client
