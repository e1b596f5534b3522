"""TLS for the loopback endpoint: services that authenticate with a bearer token.

Stage: the wire harness, beside ``server.py``.

A few services sign with a bearer token instead of SigV4 (codecatalyst, account-access-runtime:
their model's ``signatureVersion`` is ``bearer``). botocore refuses to send a bearer token over
plain HTTP (``Bearer authorization requires an HTTPS endpoint``), as AWS's other SDKs do, so the
endpoint serves such a service over HTTPS with a certificate made for the run, and the runtimes
that send the examples are told to trust it and where their token is, the same way a user's
machine would tell them:

* :func:`bearer_service` - whether a model's requests carry a bearer token;
* :class:`Certificate` - a self-signed certificate for ``127.0.0.1`` and ``localhost`` (an EC
  P-256 key, valid from a day before to a day after the run), its PEM files in a folder of its own;
* :func:`client_env` - the environment an example process needs: ``AWS_CA_BUNDLE`` (botocore,
  the AWS CLI, boto3) and the token in ``AWS_BEARER_TOKEN_<SIGNING NAME>``, which botocore's token
  chain reads first (``ScopedEnvTokenProvider``); the token is a fixed string, the endpoint does
  not check it (it checks no credentials at all).
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import ssl
import tempfile
from pathlib import Path

from botocore.model import ServiceModel

TOKEN = "sdk-parity-test-token"
_BEARER = "smithy.api#httpBearerAuth"


def bearer_service(model: ServiceModel) -> bool:
    """True when the service's first (or only) way to authenticate is a bearer token."""
    metadata = model.metadata
    schemes = metadata.get("auth") or []
    return metadata.get("signatureVersion") == "bearer" or (bool(schemes) and schemes[0] == _BEARER)


def token_variable(model: ServiceModel) -> str:
    """The environment variable botocore reads the service's bearer token from."""
    name = str(model.signing_name).replace("-", "_").replace(" ", "_").upper()
    return f"AWS_BEARER_TOKEN_{name}"


class Certificate:
    """A self-signed certificate for the loopback address, written to a folder of its own."""

    def __init__(self) -> None:
        # deferred: cryptography (a moto dependency) loads only for a run that needs TLS
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sdk-parity loopback")])
        now = dt.datetime.now(dt.UTC)
        names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        self.folder = Path(tempfile.mkdtemp(prefix="sdk-parity-tls-"))
        self.cert_file = self.folder / "cert.pem"
        self.key_file = self.folder / "key.pem"
        self.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        self.key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def client_env(model: ServiceModel, certificate: Certificate) -> dict[str, str]:
    """The environment that lets botocore-based examples reach the service's HTTPS endpoint
    with a bearer token."""
    return {"AWS_CA_BUNDLE": str(certificate.cert_file), token_variable(model): TOKEN}
