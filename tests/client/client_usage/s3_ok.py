"""Correct use of the generated S3 client in tests and for presigned URLs: mypy --strict and
pyright report nothing."""

from __future__ import annotations

import io
from typing import Unpack

from sdk_parity_s3 import (
    DeleteObjectOutput,
    GetObjectOutput,
    GetObjectRequest,
    NoSuchKey,
    PresignedPost,
    PutObjectKwargs,
    PutObjectOutput,
    S3Client,
    Stubber,
)

client = S3Client(region_name="us-east-1")


def share(bucket: str, key: str) -> str:
    download: str = client.generate_presigned_url(client.get_object, expires_in=600)(
        bucket=bucket, key=key, response_content_type="text/csv"
    )
    upload = client.generate_presigned_url(client.put_object)
    return download + upload(bucket=bucket, key=key, content_type="text/csv")


def form(bucket: str) -> dict[str, str]:
    post: PresignedPost = client.generate_presigned_post(
        bucket=bucket, key="uploads/${filename}", conditions=[["content-length-range", 1, 1024]]
    )
    return {"url": post.url, **post.fields}


def upload(**kwargs: Unpack[PutObjectKwargs]) -> str | None:
    return client.put_object(**kwargs).e_tag


def stubbed_test() -> None:
    data = b"id,total\n1,42\n"
    with client.stub() as stub:
        checked: Stubber = stub
        checked.add_response(
            client.put_object,
            PutObjectOutput(e_tag='"etag"'),
            expected={"Bucket": "amzn-s3-demo-bucket", "Key": "report.csv", "Body": stub.ANY},
        )
        stub.add_response(
            client.get_object,
            GetObjectOutput(body=io.BytesIO(data), content_length=len(data)),
            expected=GetObjectRequest(bucket="amzn-s3-demo-bucket", key="report.csv"),
        )
        stub.add_client_error(client.get_object, NoSuchKey, http_status=404)
        stub.add_response(client.delete_object, DeleteObjectOutput(delete_marker=True))
        kwargs: PutObjectKwargs = {"bucket": "amzn-s3-demo-bucket", "key": "report.csv", "body": data}
        client.put_object(**kwargs)
        body = client.get_object(bucket="amzn-s3-demo-bucket", key="report.csv").body
        assert body is not None and body.read() == data
        stub.assert_no_pending_responses()
