"""Wrong use of the generated S3 client's stubber and presigned URLs: every line marked
``# wrong`` is an error for mypy --strict and strict pyright, and no other line is."""

from __future__ import annotations

from sdk_parity_s3 import PutObjectOutput, S3Client

client = S3Client(region_name="us-east-1")
presign = client.generate_presigned_url(client.get_object)

# a parameter the operation does not have
presign(bucket="amzn-s3-demo-bucket", kye="report.csv")  # wrong
# a required parameter left out
presign(key="report.csv")  # wrong
# the URL is a str, not bytes
url: bytes = presign(bucket="amzn-s3-demo-bucket", key="report.csv")  # wrong
with client.stub() as stub:
    # (another operation's result: mypy reports it, pyright widens the result's type
    # variable to accept both, and the stubber refuses it at run time)
    # an expected request that is not a request
    stub.add_response(client.put_object, PutObjectOutput(), expected=["Bucket"])  # wrong
# presigned POST takes the bucket and key by keyword, typed
client.generate_presigned_post(bucket="amzn-s3-demo-bucket", key=7)  # wrong
