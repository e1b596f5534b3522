"""What botocore adds to a request by itself, for the SDKs that send only what they are given.

Stage: capabilities. Input: an operation and its example value tree. Output: the value tree an
SDK without botocore's handlers must be given to send the request botocore sends for the
original one (the reference every example is judged against).

botocore sets ``EncodingType=url`` on every S3 object listing it sends when the caller did not
(``set_list_objects_encoding_type_url``, and it decodes the keys of the answer again); the AWS
SDKs for Java 2.x, JavaScript v3 and Go v2 send no ``EncodingType`` unless told to, so their
examples state it.

botocore also keeps only the last piece of a Route 53 id (``fix_route53_ids``); the Java SDK
sends the id it is given, so the examples of the SDKs without that handler state the piece.

botocore also deletes a few methods from its client classes (operations that need HTTP/2, a
bidirectional event stream): :func:`missing_python_method` gives the reason a boto3 example
cannot call them.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from botocore import xform_name  # type: ignore[import-untyped, unused-ignore]
from botocore.handlers import BUILTIN_HANDLERS  # type: ignore[import-untyped, unused-ignore]
from botocore.utils import hyphenize_service_id  # type: ignore[import-untyped, unused-ignore]

from generator.caches import per_service
from generator.model.ir import Operation, Service
from generator.values.tree import Value

_URL_ENCODED_LISTINGS = frozenset({"ListObjects", "ListObjectsV2", "ListObjectVersions"})


_ROUTE53_ID_SHAPES = frozenset({"ResourceId", "DelegationSetId", "ChangeId"})


def with_implicit_members(service: Service, operation: Operation, value: Value) -> Value:
    """``value`` plus the members botocore would have added to the request itself, and with the
    values botocore rewrites as it rewrites them."""
    return _with_encoding_type(service, operation, _route53_ids(service, value))


def _route53_ids(service: Service, value: Value) -> Value:
    """botocore sends only the last piece of a Route 53 id (``/change/C2682N5HXP0BZ4`` goes out
    as ``C2682N5HXP0BZ4``: ``fix_route53_ids``), so ids copied from a response work; the Java
    SDK sends what it is given, so its example states the piece."""
    if service.name != "route53" or not any("/" in str(v.scalar) for _, v in value.fields):
        return value
    fields = tuple(
        (name, replace(v, scalar=v.scalar.split("/")[-1]))
        if v.shape in _ROUTE53_ID_SHAPES and isinstance(v.scalar, str) else (name, v)
        for name, v in value.fields
    )  # fmt: skip
    return replace(value, fields=fields)


def _with_encoding_type(service: Service, operation: Operation, value: Value) -> Value:
    if (
        service.name != "s3"
        or operation.name not in _URL_ENCODED_LISTINGS
        or operation.input is None
        or value.field("EncodingType") is not None
    ):
        return value
    member = next(
        (m for m in service.shape(operation.input).members if m.name == "EncodingType"), None
    )
    if member is None:
        return value
    encoding = Value(shape=member.target, kind="enum", scalar="url")
    return replace(value, fields=(*value.fields, ("EncodingType", encoding)))


def glacier_checksum_left_to_botocore(service: Service, operation: Operation, value: Value) -> bool:
    """True for a Glacier upload whose values give no body and no checksum: botocore sends the
    tree-hash checksum of the empty body itself, which the Java, JavaScript and Go SDKs do not."""
    if service.name != "glacier" or value.field("checksum") is not None:
        return False
    if operation.name not in ("UploadArchive", "UploadMultipartPart"):
        return False
    body = value.field("body")
    return body is None or not body.scalar


# ----------------------------------------------------------------- methods boto3 does not have


@lru_cache(maxsize=256)
def _removed_methods(service_id: str, methods: frozenset[str]) -> dict[str, str]:
    """Method name -> why, for the methods botocore's own ``creating-client-class`` handlers
    delete from a service's client class (operations that need HTTP/2, which botocore lacks).
    The handlers are botocore's table, run on a plain dict: no client is created."""
    event = f"creating-client-class.{service_id}"
    removed: dict[str, str] = {}
    for name, handler, *_ in BUILTIN_HANDLERS:  # (event, handler[, REGISTER_FIRST/LAST])
        if name != event:
            continue
        attributes = dict.fromkeys(methods)
        handler(class_attributes=attributes, base_classes=[])
        for method in methods - set(attributes):
            doc = (handler.__doc__ or "removed by botocore").strip().splitlines()[0]
            removed[method] = f"{doc} ({handler.__module__}.{handler.__name__})"
    return removed


@per_service(maxsize=8)
def _boto3_methods(operations: tuple[str, ...]) -> frozenset[str]:
    return frozenset(xform_name(name) for name in operations)


def missing_python_method(service: Service, operation: Operation) -> str | None:
    """Why boto3's client has no method for ``operation`` (botocore deletes it), or None."""
    methods = _boto3_methods(tuple(service.operations))
    reason = _removed_methods(hyphenize_service_id(service.service_id), methods).get(xform_name(operation.name))
    if reason is None:
        return None
    return f"boto3's {service.name} client has no {xform_name(operation.name)}: {reason}"


# ----------------------------------------------------------------- what boto3's client adds


def presigns_posts(service: Service) -> bool:
    """Whether boto3's client of ``service`` has ``generate_presigned_post`` (botocore adds it
    with its own ``creating-client-class.<service>`` handler: s3 today)."""
    event = f"creating-client-class.{hyphenize_service_id(service.service_id)}"
    return any(
        name == event and getattr(handler, "__name__", "") == "add_generate_presigned_post"
        for name, handler, *_ in BUILTIN_HANDLERS
    )


_URL_PROTOCOLS = frozenset({"query", "ec2"})
_REST_PROTOCOLS = frozenset({"rest-json", "rest-xml"})


def presignable(service: Service, operation: Operation) -> bool:
    """Whether botocore's ``generate_presigned_url`` makes a URL that carries the whole request.

    Query and EC2 requests: botocore's query signer moves the form body into the query
    string. REST requests: when every input member goes in the path, query string or headers
    (the URL's user sends the headers), or is the streaming payload the user uploads (s3
    PutObject). JSON, CBOR and REST requests with a body: the body would be lost.
    """
    if service.protocol in _URL_PROTOCOLS:
        return True
    if service.protocol not in _REST_PROTOCOLS:
        return False
    if operation.input is None:
        return True
    shape = service.shape(operation.input)
    stream = service.payload_blob(operation.input)
    for member in shape.members:
        if member.location in ("uri", "querystring", "header", "headers"):
            continue
        if stream is not None and member.name == stream.name and service.is_streaming(member):
            continue
        return False
    return True
