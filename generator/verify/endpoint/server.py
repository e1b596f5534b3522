"""Loopback HTTP endpoint that answers any botocore operation and records it.

Stage: the wire harness.  SDKs (boto3, the AWS CLI, the Java SDK) are pointed
at ``Endpoint.url(service)``; every request is decoded with the service model
(``decode.py``), recorded as a :class:`Captured` and answered with a response
serialised for the operation's output shape (``respond.py``).
Input: HTTP requests on 127.0.0.1.
Output: ``Endpoint.captured(service)`` records; ``reference.reference_params`` gives
the decoded params of the request botocore itself sends for given params.

One ``ThreadingHTTPServer`` per service, bound to 127.0.0.1 on an ephemeral
port and started on the first ``url()`` call; requests are routed to their
service by port and any ``Host`` header is accepted (absolute-form request
targets, as sent to an HTTP proxy, are accepted too).  A request that matches
no operation or does not decode is answered with a protocol-shaped 404/400
error and recorded in ``Endpoint.rejected(service)``, not in ``captured``.

Host prefixes and reference calls: see ``reference.py``.

A presigned request (its query string carries ``X-Amz-Signature``) is checked as AWS would
check it: its SigV4 query signature is recomputed from the request as received (method,
``Host``, path, query, the signed headers) with the harness's credentials
(``presigned.signature_verifies``), and ``Captured.signature`` says whether it verified.

Protocols: requests are decoded and answered in the protocol they are written
in, among those the model lists (``route.detect_protocol``): botocore speaks
``resolved_protocol`` (json for cloudwatch), another SDK may send rpc-v2-cbor
or query to the same service and gets a response in kind.
``Captured.protocol`` records which.

Responses come from the endpoint's ``response_factory`` (default
``respond.synthesize_output``); a factory that raises yields a 500
``InternalFailure`` (the request is still captured, and also listed in
``rejected`` with the reason).  Event-stream outputs carry the events the
factory returns (the default: one event); see ``respond.py``.
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

import boto3.session
import botocore.session
from botocore.model import OperationModel, ServiceModel

from generator.verify import loopback_dns
from generator.verify.endpoint.decode import decode_operation, identify
from generator.verify.endpoint.presigned import is_query_signed, signature_verifies
from generator.verify.endpoint.refclient import (
    REFERENCE_HEADER,
    new_reference_client,
    token_provider,
)
from generator.verify.endpoint.respond import (
    ResponseFactory,
    WireResponse,
    error_response,
    serialize_response,
    synthesize_output,
    with_own_address,
    with_xml_root,
)
from generator.verify.endpoint.route import UnknownOperationError, detect_protocol
from generator.verify.endpoint.tls import Certificate, bearer_service, client_env
from generator.verify.endpoint.values import DecodeError

__all__ = ["Captured", "Endpoint", "ErrorAnswer", "Rejected", "Responder"]

_NO_BODY_STATUS = frozenset({204, 304})


@dataclass(frozen=True)
class Captured:
    """One decoded request an SDK sent.

    ``operation`` is the operation the request was identified as and ``params`` its decoded
    params; ``alternatives`` holds, for a request several operations send alike (S3
    ``GetBucketLifecycle`` and ``GetBucketLifecycleConfiguration``: see ``route.py``), each
    other operation with the request decoded as that one. :meth:`params_for` gives the
    request as the operation a reader knows was called.
    """

    operation: str
    params: dict[str, Any]
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    protocol: str = ""  # the wire protocol the request was written in
    tag: str = ""  # the path prefix the request came in under (``Endpoint(path_tags=...)``)
    alternatives: tuple[tuple[str, dict[str, Any]], ...] = ()
    signature: bool | None = None  # a presigned (query-signed) request: whether it verified

    @property
    def operations(self) -> tuple[str, ...]:
        """Every operation this request may stand for, the identified one first."""
        return (self.operation, *(name for name, _ in self.alternatives))

    def params_for(self, operation: str) -> dict[str, Any] | None:
        """The request decoded as ``operation``, or ``None`` when it cannot be that one."""
        if operation == self.operation:
            return self.params
        return next((params for name, params in self.alternatives if name == operation), None)


@dataclass(frozen=True)
class ErrorAnswer:
    """What a :data:`Responder` returns for a request that must fail: a protocol-shaped error
    with this status and code (a scenario's waiter that waits for ``ResourceNotFoundException``,
    an error injected at one step)."""

    status: int
    code: str
    message: str = ""


# Answers an SDK's request (not a reference call) instead of the response factory: the
# operation's output as a boto3 dict, an ErrorAnswer, or None to leave it to the factory.
Responder = Callable[[OperationModel, "Captured"], "dict[str, Any] | ErrorAnswer | None"]


@dataclass(frozen=True)
class Rejected:
    """A request that was not answered with a success response."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    reason: str


class _Service:
    """Per-service state: model, server, records."""

    def __init__(self, name: str, model: ServiceModel, endpoint: Endpoint) -> None:
        self.name = name
        self.model = model
        self.endpoint = endpoint
        self.lock = threading.Lock()
        self.captured: list[Captured] = []
        self.rejected: list[Rejected] = []
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.service = self
        self.tls = bearer_service(model)
        if self.tls:  # the handshake happens in the request's thread, on its first read
            self.server.socket = endpoint.certificate().server_context().wrap_socket(
                self.server.socket, server_side=True, do_handshake_on_connect=False
            )
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sdk-parity-endpoint-{name}",
            daemon=True,
        )
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def _reject(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes,
        status: int,
        reason: str,
    ) -> None:
        with self.lock:
            self.rejected.append(Rejected(method, path, headers, body, status, reason))

    def dispatch(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes,
        tag: str = "",
        signature: bool | None = None,
    ) -> WireResponse:
        try:
            match, method, path, headers_seen, body = identify(
                self.model, method, path, headers, body
            )
            headers = dict(headers_seen)
        except UnknownOperationError as exc:
            protocol = detect_protocol(self.model, path, headers)
            status = 404 if protocol.startswith("rest-") else 400
            self._reject(method, path, headers, body, status, str(exc))
            return error_response(
                self.model, status, "UnknownOperationException", str(exc), protocol
            )
        op = self.model.operation_model(match.operation)
        try:
            params = decode_operation(op, match, method, path, headers, body)
        except DecodeError as exc:
            self._reject(method, path, headers, body, 400, str(exc))
            return error_response(
                self.model, 400, "SerializationException", str(exc), match.protocol
            )
        alternatives: list[tuple[str, dict[str, Any]]] = []
        for alt in match.alternatives:
            try:  # an operation the body does not decode as is not one the request stands for
                alt_op = self.model.operation_model(alt.operation)
                alternatives.append(
                    (alt.operation, decode_operation(alt_op, alt, method, path, headers, body))
                )
            except DecodeError:
                continue
        captured = Captured(
            match.operation, params, method, path, headers, body, match.protocol, tag,
            tuple(alternatives), signature,
        )  # fmt: skip
        with self.lock:
            self.captured.append(captured)
        try:
            answer = self.endpoint.answer(op, captured)
            if isinstance(answer, ErrorAnswer):
                return error_response(self.model, answer.status, answer.code, answer.message,
                                      match.protocol)  # fmt: skip
            value = answer if answer is not None else self.endpoint.response_factory(op)
            scheme = "https" if self.tls else "http"
            own = f"{scheme}://127.0.0.1:{self.port}" + (f"/{tag}" if tag else "")
            value = with_own_address(op, value, own)  # endpoint discovery leads back here
            response = serialize_response(op, value, match.protocol)
            root = self.endpoint.xml_root(op) if self.endpoint.xml_root else None
            return with_xml_root(response, root) if root else response
        except Exception as exc:  # noqa: BLE001 - a broken factory must not hang the SDK
            reason = f"response for {op.name} failed: {exc!r}"
            self._reject(method, path, headers, body, 500, reason)
            return error_response(self.model, 500, "InternalFailure", reason, match.protocol)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    service: _Service

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-request (a JVM exiting, a CLI killed by a timeout) is
        normal here; anything else is still reported, as ``socketserver`` does."""

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = bytearray()
            while True:
                line = self.rfile.readline()
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(chunks)
                chunks += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self) -> None:
        body = self._read_body()
        target = self.path
        if "://" in target.split("?", 1)[0]:
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers: dict[str, str] = {}
        for key, value in self.headers.items():
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        signature: bool | None = None
        if is_query_signed(target):  # a presigned URL: checked as AWS checks its signature
            scheme = "https" if self.server.service.tls else "http"
            url = f"{scheme}://{headers.get('Host', '')}{target}"
            signature = signature_verifies(url, method=self.command, headers=headers)
        target, tag = self.server.service.endpoint.split_tag(target)
        wire = self.server.service.dispatch(self.command, target, headers, body, tag, signature)
        self.send_response(wire.status)
        for key, value in wire.headers.items():
            self.send_header(key, value)
        if self.close_connection:  # the client (or the loopback proxy) asked to close: say so,
            self.send_header("Connection", "close")  # or a client reuses the connection it closes
        send_body = self.command != "HEAD" and wire.status not in _NO_BODY_STATUS
        if wire.status not in _NO_BODY_STATUS:
            self.send_header("Content-Length", str(len(wire.body) if send_body else 0))
        self.end_headers()
        if send_body and wire.body:
            self.wfile.write(wire.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _handle


class Endpoint:
    """Context manager owning one loopback server per service (see module doc)."""

    def __init__(
        self,
        response_factory: ResponseFactory | None = None,
        *,
        session: botocore.session.Session | None = None,
        path_tags: str | None = None,
        xml_root: Callable[[OperationModel], str | None] | None = None,
    ) -> None:
        """``path_tags``: a regular expression for a leading path segment (e.g.
        ``r"/ex-\\d+"``) that clients put in front of every request path to tag it (an SDK
        given ``AWS_ENDPOINT_URL=http://127.0.0.1:PORT/ex-7``); a request path that starts with
        a match has it removed before routing and recorded as ``Captured.tag``."""
        self.response_factory: ResponseFactory = response_factory or synthesize_output
        self.responder: Responder | None = None  # see :meth:`answer`
        # the root element an SDK insists on in a rest-xml answer, where the AWS service names it
        # after the output's Smithy @xmlName (S3's ListBucketResult) and botocore's model does not
        self.xml_root = xml_root
        self._path_tags = re.compile(f"^({path_tags})(?=[/?]|$)") if path_tags else None
        # An own botocore session is shared with the reference clients so each
        # service model is loaded once (route.py copes with botocore's S3
        # handler editing the shared requestUri).  A caller's session is only
        # used for models: the reference clients get their own.
        self._own_session = session is None
        self._session = session or botocore.session.get_session()
        self._boto3_session: Any = None
        self._lock = threading.Lock()
        self._cert_lock = threading.Lock()
        self._services: dict[str, _Service] = {}
        self._clients: dict[str, Any] = {}
        self._closed = False
        self._certificate: Certificate | None = None
        self._tokens: dict[str, str] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _service(self, service_name: str) -> _Service:
        with self._lock:
            if self._closed:
                raise RuntimeError("Endpoint is closed")
            svc = self._services.get(service_name)
            if svc is None:
                model = self._session.get_service_model(service_name)
                svc = _Service(service_name, model, self)
                self._services[service_name] = svc
            return svc

    def answer(
        self, operation: OperationModel, captured: Captured
    ) -> dict[str, Any] | ErrorAnswer | None:
        """The :attr:`responder`'s answer to an SDK's request (a scenario's responses that
        carry its identifiers forward), or ``None``: the response factory answers. Reference
        calls (``x-sdk-parity-ref``) always get the factory's answer."""
        responder = self.responder
        if responder is None or any(k.lower() == REFERENCE_HEADER for k in captured.headers):
            return None
        return responder(operation, captured)

    def split_tag(self, target: str) -> tuple[str, str]:
        """(the request target without its tag prefix, the tag without its slash)."""
        if self._path_tags is None:
            return target, ""
        match = self._path_tags.match(target)
        if match is None:
            return target, ""
        rest = target[match.end() :]
        if not rest.startswith("/"):
            rest = "/" + rest
        return rest, match.group(1).strip("/")

    def url(self, service_name: str) -> str:
        """``http://127.0.0.1:<port>`` of the service's server (started lazily; ``https`` for a
        service signed with a bearer token, see :mod:`.tls`); this process's reference calls
        then resolve ``<label>.127.0.0.1`` too (:mod:`generator.verify.loopback_dns`)."""
        loopback_dns.install()
        svc = self._service(service_name)
        return f"{'https' if svc.tls else 'http'}://127.0.0.1:{svc.port}"

    def certificate(self) -> Certificate:
        """The run's self-signed certificate (made on first use, removed by :meth:`close`)."""
        with self._cert_lock:
            if self._certificate is None:
                self._certificate = Certificate()
            return self._certificate

    def client_env(self, service_name: str) -> dict[str, str]:
        """What an example process needs in its environment besides the endpoint URL to reach
        ``service_name`` here: for an HTTPS service, the CA bundle and the bearer token."""
        svc = self._service(service_name)
        return client_env(svc.model, self.certificate()) if svc.tls else {}

    def service_model(self, service_name: str) -> ServiceModel:
        """The botocore model requests to ``service_name`` are decoded with."""
        return self._service(service_name).model

    def captured(self, service_name: str) -> list[Captured]:
        """Decoded requests received for ``service_name``, oldest first."""
        svc = self._services.get(service_name)
        if svc is None:
            return []
        with svc.lock:
            return list(svc.captured)

    def rejected(self, service_name: str) -> list[Rejected]:
        """Requests answered with an error (unknown operation, undecodable)."""
        svc = self._services.get(service_name)
        if svc is None:
            return []
        with svc.lock:
            return list(svc.rejected)

    def clear(self) -> None:
        """Forget all captured and rejected requests of every service."""
        with self._lock:
            services = list(self._services.values())
        for svc in services:
            with svc.lock:
                svc.captured.clear()
                svc.rejected.clear()

    def close(self) -> None:
        """Stop every server; idempotent."""
        with self._lock:
            self._closed = True
            services = list(self._services.values())
            self._services.clear()
            clients = list(self._clients.values())
            self._clients.clear()
        for client in clients:
            client.close()
        closers = [threading.Thread(target=svc.close) for svc in services]
        for closer in closers:
            closer.start()
        for closer in closers:
            closer.join()
        with self._cert_lock:
            if self._certificate is not None:
                self._certificate.remove()
                self._certificate = None

    def reference_client(self, service_name: str) -> Any:
        """A cached boto3 client for ``service_name`` aimed at this endpoint."""
        url = self.url(service_name)
        env = self.client_env(service_name)
        with self._lock:
            client = self._clients.get(service_name)
            if client is None:
                if self._boto3_session is None:
                    own = self._session if self._own_session else botocore.session.get_session()
                    own.register_component("token_provider", token_provider(own, self._tokens))
                    self._boto3_session = boto3.session.Session(
                        aws_access_key_id="testing",
                        aws_secret_access_key="testing",
                        region_name="us-east-1",
                        botocore_session=own,
                    )
                tokens = {k: v for k, v in env.items() if k.startswith("AWS_BEARER_TOKEN_")}
                self._tokens.update(tokens)  # read by the reference session's token provider
                client = new_reference_client(self._boto3_session, service_name, url, env)
                self._clients[service_name] = client
            return client
