"""What botocore adds to a request by itself, for the SDKs that send only what they are given.

Stage: capabilities. Input: an operation and its example value tree. Output: the value tree an
SDK without botocore's handlers must be given to send the request botocore sends for the
original one (the reference every example is judged against).

botocore sets ``EncodingType=url`` on every S3 object listing it sends when the caller did not
(``set_list_objects_encoding_type_url``, and it decodes the keys of the answer again); the AWS
SDKs for JavaScript v3 and Go v2 send no ``EncodingType`` unless told to, so their examples
state it.
"""

from __future__ import annotations

from dataclasses import replace

from generator.model.ir import Operation, Service
from generator.values.tree import Value

_URL_ENCODED_LISTINGS = frozenset({"ListObjects", "ListObjectsV2", "ListObjectVersions"})


def with_implicit_members(service: Service, operation: Operation, value: Value) -> Value:
    """``value`` plus the members botocore would have added to the request itself."""
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
    tree-hash checksum of the empty body itself, which the Java and JavaScript SDKs do not."""
    if service.name != "glacier" or value.field("checksum") is not None:
        return False
    if operation.name not in ("UploadArchive", "UploadMultipartPart"):
        return False
    body = value.field("body")
    return body is None or not body.scalar
