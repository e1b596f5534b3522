"""Presigned URLs an SDK puts in a request: checked, then compared without their per-run parts.

Stage: the comparison side of the wire proof (used by ``verify.examples.masked`` on both the
example's request and botocore's reference request), and the endpoint's check of a
presigned request it receives (``server``: :attr:`Captured.signature`).
Input: a decoded request (boto3 params), the params the example passed, and the credentials
the harness gives every SDK.
Output: the request with each presigned URL the SDK made up itself rewritten to its stable
form, or left as sent when its signature does not verify.

botocore injects a SigV4 presigned URL into some requests (``botocore/handlers.py``:
``inject_presigned_url_ec2`` for ec2 ``CopySnapshot``'s ``PresignedUrl``,
``inject_presigned_url_rds`` for the ``PreSignedUrl`` of rds ``CopyDBSnapshot``,
``CreateDBInstanceReadReplica``, ..., neptune and docdb): a ``GET`` of the same operation
in the source region, signed by query string. Two such URLs made for the same values differ
in exactly these parts, which depend on the run and not on the values:

* ``X-Amz-Date`` (the signing clock, to the second) and the date in ``X-Amz-Credential``;
* ``X-Amz-Signature``, an HMAC over the URL including the two above;
* the port of the loopback endpoint (``127.0.0.1:<port>``; another run, another port).

So a URL is first checked: its signature is recomputed (botocore's ``SigV4QueryAuth`` over
the URL as sent, at its own ``X-Amz-Date``, with the harness's credentials) and must equal
``X-Amz-Signature``. Only a URL that verifies is rewritten, with those parts replaced by
``<per run>`` / ``<verified>``; everything else (scheme, host, path, the operation's own
parameters, ``X-Amz-Algorithm``, the access key, region and service of the scope,
``X-Amz-Expires``, ``X-Amz-SignedHeaders``) is compared as sent. A URL the example passed
itself is a value like any other and is compared whole.
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from botocore.auth import HmacV1QueryAuth, S3SigV4QueryAuth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

__all__ = [
    "HARNESS_CREDENTIALS",
    "PER_RUN",
    "VERIFIED",
    "is_query_signed",
    "signature_verifies",
    "stable_presigned",
    "with_stable_presigned_urls",
]

HARNESS_CREDENTIALS = ("testing", "testing")  # what every SDK run by the harness signs with
PER_RUN = "<per run>"
VERIFIED = "<verified>"
_AMZ_DATE = re.compile(r"^\d{8}T\d{6}Z$")
_LOOPBACK_HOST = re.compile(r"^(?P<host>(?:[^/@]*\.)?127\.0\.0\.1|localhost):\d+$")


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def _is_presigned(value: Any) -> bool:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return False
    keys = {k for k, _ in _query(value)}
    return {"X-Amz-Signature", "X-Amz-Date", "X-Amz-Credential"} <= keys


def signature_verifies(
    url: str,
    credentials: tuple[str, str] = HARNESS_CREDENTIALS,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
) -> bool:
    """Whether ``url``'s ``X-Amz-Signature`` is the SigV4 query signature of the rest of it,
    sent with ``method`` and ``headers`` (those ``X-Amz-SignedHeaders`` names besides
    ``host``). S3 URLs are checked as S3 signs them (path as it is, ``UNSIGNED-PAYLOAD``);
    an S3 URL signed the older way (``AWSAccessKeyId``, ``Signature``, ``Expires``: what
    botocore makes unless the client's config asks for ``s3v4``) is checked as SigV2."""
    parts = urlsplit(url)
    query = _query(url)
    fields = dict(query)
    if "Signature" in fields and "AWSAccessKeyId" in fields:
        return _sigv2_verifies(url, credentials, method, headers or {})
    scope = fields.get("X-Amz-Credential", "").split("/")
    amz_date = fields.get("X-Amz-Date", "")
    if len(scope) != 5 or scope[0] != credentials[0] or not _AMZ_DATE.match(amz_date):
        return False
    if scope[1] != amz_date[:8] or not fields.get("X-Amz-Expires", "").isdigit():
        return False
    raw = [p for p in parts.query.split("&") if not p.startswith("X-Amz-Signature=")]
    unsigned = parts._replace(query="&".join(raw)).geturl()
    signer = S3SigV4QueryAuth if scope[3] == "s3" else SigV4QueryAuth
    auth = signer(
        Credentials(*credentials), scope[3], scope[2], expires=int(fields["X-Amz-Expires"])
    )
    signed = set(fields.get("X-Amz-SignedHeaders", "host").split(";")) - {"host"}
    sent = {k: v for k, v in (headers or {}).items() if k.lower() in signed}
    request = AWSRequest(method=method, url=unsigned, headers=sent)
    request.context["timestamp"] = amz_date
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    return hmac.compare_digest(expected, fields.get("X-Amz-Signature", ""))


_SIGV2_FIELDS = frozenset({"AWSAccessKeyId", "Signature", "Expires"})


class _SigV2At(HmacV1QueryAuth):  # type: ignore[misc]
    """botocore's SigV2 query signer at the URL's own expiry (it signs ``now + expires``)."""

    def __init__(self, credentials: Credentials, expires_at: str) -> None:
        super().__init__(credentials)
        self._expires_at = expires_at

    def _get_date(self) -> str:  # the signed "Date" of a query signature is its expiry
        return self._expires_at


def _sigv2_verifies(
    url: str, credentials: tuple[str, str], method: str, headers: Mapping[str, str]
) -> bool:
    """The S3 SigV2 query signature: HMAC-SHA1 of the method, the content headers, the
    expiry and the path with its subresources (botocore's ``HmacV1QueryAuth``)."""
    parts = urlsplit(url)
    fields = dict(_query(url))
    if fields.get("AWSAccessKeyId") != credentials[0] or not fields["Expires"].isdigit():
        return False
    kept = [p for p in parts.query.split("&") if p.partition("=")[0] not in _SIGV2_FIELDS]
    signed = HTTPHeaders()
    for key, value in headers.items():
        lower = key.lower()
        if lower in ("content-md5", "content-type") or lower.startswith("x-amz-"):
            signed[key] = value
    auth = _SigV2At(Credentials(*credentials), fields["Expires"])
    expected = auth.get_signature(method, parts._replace(query="&".join(kept)), signed)
    return hmac.compare_digest(expected, fields.get("Signature", ""))


def is_query_signed(target: str) -> bool:
    """Whether a request target carries a query signature (a presigned URL's): SigV4, or
    S3's older SigV2."""
    query = urlsplit(target).query
    return "X-Amz-Signature=" in query or ("Signature=" in query and "AWSAccessKeyId=" in query)


def stable_presigned(url: str) -> str:
    """``url`` with its per-run parts replaced (see the module doc); call only on a URL whose
    signature verifies."""
    parts = urlsplit(url)
    netloc = parts.netloc
    loopback = _LOOPBACK_HOST.match(netloc)
    if loopback is not None:
        netloc = f"{loopback.group('host')}:{PER_RUN}"
    pairs: list[str] = []
    for raw in parts.query.split("&"):
        key, sep, value = raw.partition("=")
        if key == "X-Amz-Date":
            value = PER_RUN
        elif key == "X-Amz-Signature":
            value = VERIFIED
        elif key == "X-Amz-Credential":
            pieces = value.split("%2F") if "%2F" in value else value.split("/")
            glue = "%2F" if "%2F" in value else "/"
            if len(pieces) == 5:
                pieces[1] = PER_RUN
            value = glue.join(pieces)
        pairs.append(f"{key}{sep}{value}")
    return parts._replace(netloc=netloc, query="&".join(pairs)).geturl()


def with_stable_presigned_urls(
    decoded: Mapping[str, Any], passed: Mapping[str, Any]
) -> dict[str, Any]:
    """``decoded`` with each top-level presigned URL the caller did not pass made stable,
    when its signature verifies (one that does not is left as sent, so it shows as a
    difference)."""
    out = dict(decoded)
    for name, value in decoded.items():
        if name in passed or not _is_presigned(value):
            continue
        if signature_verifies(value):
            out[name] = stable_presigned(value)
    return out
