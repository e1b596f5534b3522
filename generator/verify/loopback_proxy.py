"""Verify, the harness's HTTP proxy: requests to ``<label>.127.0.0.1`` reach the loopback endpoint.

Stage: verify (started by runners whose SDK resolves host names itself and has no hook for a
wildcard name: the AWS SDKs for Rust and Go). Input: proxied HTTP requests (absolute-form targets, or
``CONNECT`` for HTTPS); output: the same requests sent on to ``127.0.0.1`` at the port they name.
Imports nothing of sdk-parity.

An operation with an endpoint ``hostPrefix`` (deadline's ``management.``) or an endpoint rule
that puts a member in the host (s3control's ``<AccountId>.``) sends its request to
``http://management.127.0.0.1:PORT/...``; that name resolves nowhere. botocore, node and the JVM
get a resolver hook (:mod:`generator.verify.loopback_dns`); the Rust SDK's default client
(behavior version 2025-08-07 and later) and Go's default transport read
``HTTP_PROXY``/``NO_PROXY`` instead, so their runs are given
``HTTP_PROXY`` = this proxy and ``NO_PROXY=127.0.0.1``: plain ``127.0.0.1`` requests go straight
to the endpoint, and only a prefixed name comes here. The proxy rewrites the request line to the
origin form, asks for ``Connection: close`` and relays bytes both ways; the ``Host`` header is
left as the SDK wrote it, so the prefix is still checked on the wire.
"""

from __future__ import annotations

import re
import socket
import socketserver
import threading
from urllib.parse import urlsplit

_LINE = re.compile(rb"^([A-Z]+) (\S+) (HTTP/1\.[01])\r\n", re.S)
_MAX_HEAD = 256 * 1024


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        client: socket.socket = self.request
        head = b""
        while b"\r\n\r\n" not in head and len(head) < _MAX_HEAD:
            chunk = client.recv(65536)
            if not chunk:
                return
            head += chunk
        match = _LINE.match(head)
        if match is None:
            client.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return
        method, target, version = match.groups()
        if method == b"CONNECT":
            port = int(target.rsplit(b":", 1)[1])
            upstream = socket.create_connection(("127.0.0.1", port))
            client.sendall(version + b" 200 Connection established\r\n\r\n")
            rest = head[head.index(b"\r\n\r\n") + 4 :]
        else:
            url = urlsplit(target.decode("latin-1"))
            port = url.port or 80
            path = (url.path or "/") + (f"?{url.query}" if url.query else "")
            end = head.index(b"\r\n\r\n")
            headers = [
                line for line in head[match.end() : end].split(b"\r\n")
                if line and not line.lower().startswith((b"connection:", b"proxy-connection:"))
            ]  # fmt: skip
            headers.append(b"Connection: close")
            upstream = socket.create_connection(("127.0.0.1", port))
            upstream.sendall(
                method + b" " + path.encode("latin-1") + b" " + version + b"\r\n"
                + b"\r\n".join(headers) + b"\r\n\r\n"
            )  # fmt: skip
            rest = head[end + 4 :]
        with upstream:
            if rest:
                upstream.sendall(rest)
            back = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
            back.start()
            _pipe(client, upstream)
            back.join(timeout=120)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class LoopbackProxy:
    """An HTTP proxy on 127.0.0.1 for the names under ``.127.0.0.1`` (a context manager)."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sdk-parity-loopback-proxy", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def env(self) -> dict[str, str]:
        """The variables that send only prefixed names through this proxy."""
        return {"HTTP_PROXY": self.url, "HTTPS_PROXY": self.url, "NO_PROXY": "127.0.0.1"}

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LoopbackProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
