"""Loopback AWS endpoint: answers any botocore operation and records requests.

Stage: wire proof.  SDK calls are sent to :class:`Endpoint`; each request is
decoded with the botocore model into boto3-kwargs params (:class:`Captured`)
and answered with a serialised response for the output shape.
Input: HTTP requests from boto3 / AWS CLI / Java SDK on 127.0.0.1.
Output: captured, model-decoded requests; :func:`reference_params` for what
botocore itself sends.

Modules: ``route`` (model access, operation identification), ``decode`` (request decoding on
moto's parsers), ``cbor`` (rpc-v2-cbor bodies), ``values`` (normalisation),
``respond`` (synthesised/serialised responses), ``server`` (the endpoint),
``reference`` (what botocore itself sends), ``presigned`` (presigned URLs an SDK injects,
verified and compared without their per-run parts).
"""

from generator.verify.endpoint.decode import (
    DecodeError,
    auto_filled_members,
    decode_request,
    without_auto_filled,
)
from generator.verify.endpoint.presigned import with_stable_presigned_urls
from generator.verify.endpoint.reference import (
    ReferenceResult,
    reference_call,
    reference_config,
    reference_params,
)
from generator.verify.endpoint.respond import (
    ResponseFactory,
    WireResponse,
    serialize_response,
    synthesize_output,
)
from generator.verify.endpoint.route import UnknownOperationError, resolve_protocol
from generator.verify.endpoint.server import Captured, Endpoint, ErrorAnswer, Rejected, Responder

__all__ = [
    "Captured",
    "DecodeError",
    "Endpoint",
    "ErrorAnswer",
    "ReferenceResult",
    "Rejected",
    "Responder",
    "ResponseFactory",
    "UnknownOperationError",
    "WireResponse",
    "auto_filled_members",
    "decode_request",
    "reference_call",
    "reference_config",
    "reference_params",
    "resolve_protocol",
    "serialize_response",
    "synthesize_output",
    "with_stable_presigned_urls",
    "without_auto_filled",
]
