"""Reference calls: what botocore itself sends for given params.

Stage: the "expected" side of the wire proof.
Input: an ``Endpoint``, a service, an operation (model name or client method
name) and boto3 params.
Output: :func:`reference_params` -- the params decoded from the request a real
botocore client sent; :func:`reference_call` also returns the capture and the
parsed response.  botocore errors (validation, ``ClientError``) propagate, so
a returned result means the call succeeded.

``Endpoint.reference_client`` caches one boto3 client per service
(credentials ``testing``, region ``us-east-1``, :func:`reference_config`); it
tags each request with an ``x-sdk-parity-ref`` header so the capture of that
very call is found even when other clients hit the endpoint concurrently.
Retries are off (``total_max_attempts=1``).

Host prefixes: operations with ``endpoint.hostPrefix`` (deadline
``management.``, servicediscovery ``data-``) make botocore prepend the prefix
to the endpoint host, giving ``management.127.0.0.1:<port>`` (or
``management.localhost``), which does not resolve -- botocore does not skip the
prefix for IP endpoints.  The harness therefore disables host-prefix
injection: :func:`reference_config` passes ``Config(inject_host_prefix=False)``;
for the AWS CLI set ``AWS_DISABLE_HOST_PREFIX_INJECTION=true`` in the
subprocess environment, for the Java SDK 2.x
``SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION``.  The prefix carries
no parameter information for these operations (host labels are also bound to
the body/URI), so the decoded params are unaffected.
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from botocore import xform_name

from generator.verify.endpoint.refclient import CALL, REFERENCE_HEADER, reference_config
from generator.verify.endpoint.server import Captured, Endpoint

__all__ = [
    "REFERENCE_HEADER",
    "ReferenceResult",
    "reference_call",
    "reference_config",
    "reference_params",
]



@dataclass(frozen=True)
class ReferenceResult:
    """What a reference call sent (decoded) and what botocore returned."""

    params: dict[str, Any]
    captured: Captured
    response: dict[str, Any]


def reference_call(
    ep: Endpoint, service_name: str, operation_name: str, params: dict[str, Any]
) -> ReferenceResult:
    """Call the operation with a real botocore client through ``ep``.

    ``operation_name`` is the model name (``PutItem``) or the client method
    name (``put_item``).  botocore errors (validation, ClientError) propagate.
    """
    client = ep.reference_client(service_name)
    model = ep.service_model(service_name)
    if operation_name in model.operation_names:
        method_name = xform_name(operation_name)
    else:
        method_name = operation_name
        operation_name = next(
            (n for n in model.operation_names if xform_name(n) == method_name), operation_name
        )
    token = uuid.uuid4().hex
    CALL.token = token
    try:
        response = getattr(client, method_name)(**params)
    finally:
        CALL.token = None
    for cap in reversed(ep.captured(service_name)):
        tags = [v for k, v in cap.headers.items() if k.lower() == REFERENCE_HEADER]
        if tags == [token]:
            called = cap.params_for(operation_name)  # the operation called, not a look-alike
            return ReferenceResult(cap.params if called is None else called, cap, dict(response))
    raise LookupError(f"{service_name}.{operation_name}: request was not captured")


def reference_params(
    ep: Endpoint, service_name: str, operation_name: str, params: dict[str, Any]
) -> dict[str, Any]:
    """Decoded params of the request botocore itself sends for ``params``."""
    return reference_call(ep, service_name, operation_name, params).params
