"""The harness's HTTP proxy (generator.verify.loopback_proxy): a request for a host-prefixed name
under 127.0.0.1 reaches the loopback server at the port it names, with its Host header unchanged."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from generator.verify.loopback_proxy import LoopbackProxy


def test_proxied_request_arrives_in_origin_form_with_its_host() -> None:
    seen: list[tuple[str, str, str, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((self.path, self.headers["Host"], self.headers["Connection"], body))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        with LoopbackProxy() as proxy:
            assert proxy.env()["NO_PROXY"] == "127.0.0.1"
            host, proxy_port = proxy.url.removeprefix("http://").split(":")
            connection = http.client.HTTPConnection(host, int(proxy_port), timeout=10)
            target = f"http://management.127.0.0.1:{port}/ex-3/2023-10-12/farms?x=1"
            connection.request(
                "POST", target, body=b"{}", headers={"Host": f"management.127.0.0.1:{port}"}
            )
            response = connection.getresponse()
            assert (response.status, response.read()) == (200, b"ok")
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [("/ex-3/2023-10-12/farms?x=1", f"management.127.0.0.1:{port}", "close", b"{}")]


def test_the_endpoint_says_it_closes_a_connection_the_proxy_asked_to_close() -> None:
    """The proxy asks the endpoint for ``Connection: close``; the endpoint's answer must say
    so, or a client (Go's transport) sends its next request on the proxied connection the
    proxy has closed, and fails with EOF (a Go scenario's later host-prefixed steps did)."""
    from generator.verify.endpoint import Endpoint

    endpoint = Endpoint()
    try:
        host, port = endpoint.url("sts").removeprefix("http://").split(":")
        answers = {}
        for connection_header in ("close", "keep-alive"):
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request(
                "POST", "/", body=b"Action=GetCallerIdentity&Version=2011-06-15",
                headers={"Content-Type": "application/x-www-form-urlencoded", "Connection": connection_header},
            )  # fmt: skip
            response = connection.getresponse()
            response.read()
            answers[connection_header] = (response.status, response.getheader("Connection"))
            connection.close()
    finally:
        endpoint.close()
    assert answers == {"close": (200, "close"), "keep-alive": (200, None)}, answers
