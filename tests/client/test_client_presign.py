"""Target ``client``: presigned URLs, checked as AWS checks them, on the loopback endpoint.

``client.generate_presigned_url(client.get_object)`` returns a function taking the method's
own parameters (validated like a call) and giving botocore's presigned URL. The URL is then
used the way its recipient uses it - a plain HTTP GET or PUT, no SDK, no credentials - against
the loopback endpoint, which identifies the operation from the request and recomputes its
query signature with the harness's credentials (``Captured.signature``), for both signature
versions botocore presigns S3 URLs with (SigV2 by default, SigV4 with
``Config(signature_version="s3v4")``); a URL changed after signing fails that check.
``generate_presigned_post`` (s3) gives the form fields of a browser upload, whose policy
signature is checked the same way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from botocore.config import Config
from client_usage.harness import generate, import_package

from generator.verify.endpoint import Endpoint
from generator.verify.endpoint.presigned import HARNESS_CREDENTIALS, signature_verifies

BUCKET = "amzn-s3-demo-bucket"


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package("s3", generate("s3", tmp_path_factory.mktemp("s3")))


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with Endpoint() as running:
        yield running


SIGNATURES = {"sigv2": None, "sigv4": "s3v4"}


@pytest.fixture(params=sorted(SIGNATURES))
def client(request: pytest.FixtureRequest, s3: ModuleType, endpoint: Endpoint) -> object:
    endpoint.clear()
    key, secret = HARNESS_CREDENTIALS
    version = SIGNATURES[request.param]
    return s3.S3Client(
        region_name="us-east-1",
        endpoint_url=endpoint.url("s3"),
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(signature_version=version) if version else None,
    )


def _send(url: str, method: str, body: bytes | None = None) -> int:
    """Send ``url`` as its recipient would (``curl``): no header but Host and the length."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        connection.request(method, f"{parts.path}?{parts.query}", body=body)
        return connection.getresponse().status
    finally:
        connection.close()


def test_get_object_url_passes_the_endpoints_signature_check(
    client: object, endpoint: Endpoint
) -> None:
    presign = client.generate_presigned_url(client.get_object, expires_in=600)  # type: ignore[attr-defined]
    url = presign(bucket=BUCKET, key="photos/2024/cat.jpg", response_content_type="image/jpeg")
    assert signature_verifies(url)
    assert _send(url, "GET") == 200
    [captured] = endpoint.captured("s3")
    assert captured.operation == "GetObject"
    assert captured.params["Bucket"] == BUCKET and captured.params["Key"] == "photos/2024/cat.jpg"
    assert captured.params["ResponseContentType"] == "image/jpeg"
    assert captured.signature is True
    assert "X-Amz-Expires=600" in url or "Expires=" in url


def test_put_object_url_passes_the_endpoints_signature_check(
    client: object, endpoint: Endpoint
) -> None:
    url = client.generate_presigned_url(client.put_object)(bucket=BUCKET, key="uploads/report.csv")  # type: ignore[attr-defined]
    assert _send(url, "PUT", b"id,total\n1,42\n") == 200
    [captured] = endpoint.captured("s3")
    assert captured.operation == "PutObject" and captured.params["Key"] == "uploads/report.csv"
    assert captured.body == b"id,total\n1,42\n"
    assert captured.signature is True


def test_a_url_changed_after_signing_fails_the_check(client: object, endpoint: Endpoint) -> None:
    url = client.generate_presigned_url(client.get_object)(bucket=BUCKET, key="photos/cat.jpg")  # type: ignore[attr-defined]
    forged = url.replace("photos/cat.jpg", "photos/dog.jpg")
    assert not signature_verifies(forged)
    _send(forged, "GET")
    [captured] = endpoint.captured("s3")
    assert captured.params["Key"] == "photos/dog.jpg" and captured.signature is False


def test_parameters_are_validated_and_unpresignable_operations_refused(
    s3: ModuleType, client: object
) -> None:
    presign = client.generate_presigned_url(client.get_object)  # type: ignore[attr-defined]
    with pytest.raises(s3.ParamValidationError, match="bucket: missing required value"):
        presign(key="photos/cat.jpg")
    with pytest.raises(TypeError, match="did you mean 'key'"):
        presign(bucket=BUCKET, kye="photos/cat.jpg")
    with pytest.raises(ValueError, match="PutBucketPolicy cannot be presigned"):
        client.generate_presigned_url(client.put_bucket_policy)  # type: ignore[attr-defined]


def test_json_protocol_operations_cannot_be_presigned(tmp_path: Path) -> None:
    pz = import_package("personalize", generate("personalize", tmp_path))
    client = pz.PersonalizeClient(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with pytest.raises(ValueError, match="ListSchemas cannot be presigned"):
        client.generate_presigned_url(client.list_schemas)


def test_presigned_post_fields_carry_a_policy_signed_for_the_bucket(
    s3: ModuleType, endpoint: Endpoint
) -> None:
    access, secret = HARNESS_CREDENTIALS
    client = s3.S3Client(
        region_name="us-east-1",
        endpoint_url=endpoint.url("s3"),
        aws_access_key_id=access,
        aws_secret_access_key=secret,
        config=Config(signature_version="s3v4"),
    )
    post = client.generate_presigned_post(
        bucket=BUCKET,
        key="uploads/${filename}",
        fields={"Content-Type": "text/csv"},
        conditions=[{"Content-Type": "text/csv"}, ["content-length-range", 1, 1048576]],
        expires_in=900,
    )
    assert isinstance(post, s3.PresignedPost)
    assert post.url.endswith(f"/{BUCKET}")
    fields = post.fields
    assert fields["key"] == "uploads/${filename}" and fields["Content-Type"] == "text/csv"
    policy = json.loads(base64.b64decode(fields["policy"]))
    assert {"bucket": BUCKET} in policy["conditions"]
    assert ["content-length-range", 1, 1048576] in policy["conditions"]
    # the SigV4 POST policy signature: HMAC of the base64 policy with the day's signing key
    scope = fields["x-amz-credential"].split("/")
    assert scope[0] == access and scope[2:] == ["us-east-1", "s3", "aws4_request"]
    key = ("AWS4" + secret).encode()
    for part in (scope[1], "us-east-1", "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    wanted = hmac.new(key, fields["policy"].encode(), hashlib.sha256).hexdigest()
    assert fields["x-amz-signature"] == wanted


def test_only_clients_whose_boto3_client_presigns_posts_have_it(tmp_path: Path) -> None:
    pz = import_package("personalize", generate("personalize", tmp_path))
    assert not hasattr(pz.PersonalizeClient, "generate_presigned_post")
