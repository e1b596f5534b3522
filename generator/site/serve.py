"""``sdk-parity site --serve``: the built site on 127.0.0.1, under the file-system policy.

Stage: an edge. Input: the site folder and a port. Output: HTTP responses. A request is
answered only with a regular file beneath the site folder, reached and opened without following
a link (:func:`generator.generate.fs.open_regular`); anything else - a link planted in the
folder, ``..``, a hidden name, a FIFO - is 404, and folders are never listed. The port is
checked (0-65535; 0 picks a free one) and bound before the site is built, so a busy port is
one line and exit 2 at once, not after the build.
"""

from __future__ import annotations

import email.utils
import errno
import http.server
import socket
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from generator.errors import SdkParityError
from generator.generate import fs

HOST = "127.0.0.1"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files of ``root`` only (see the module docstring)."""

    root: Path = Path(".")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.root), **kwargs)

    def send_head(self) -> BinaryIO | None:
        text = unquote(urlsplit(self.path).path)
        parts = [p for p in text.split("/") if p]
        if any(p.startswith(".") or "\x00" in p or "\\" in p for p in parts):
            self.send_error(404, "File not found")
            return None
        relative = "/".join(parts)
        kind = fs.kind_of(self.root, relative) if parts else fs.FOLDER
        if kind == fs.FOLDER:
            if not text.endswith("/"):
                self.send_response(301)
                self.send_header("Location", text + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            relative = f"{relative}/index.html" if relative else "index.html"
        opened = fs.open_regular(self.root, relative) if relative else None
        if opened is None:
            self.send_error(404, "File not found")
            return None
        handle, size = opened
        self.send_response(200)
        self.send_header("Content-type", self.guess_type(relative))
        self.send_header("Content-Length", str(size))
        self.send_header("Last-Modified", email.utils.formatdate(usegmt=True))
        self.end_headers()
        return handle

    def list_directory(self, path: Any) -> None:  # never reached: folders are never listed
        self.send_error(404, "File not found")


def valid_port(port: int) -> int:
    if not 0 <= port <= 65535:
        raise SdkParityError(f"--port must be 0 to 65535, got {port}")
    return port


def bind(site_dir: Path, port: int) -> http.server.ThreadingHTTPServer:
    """A server for ``site_dir`` bound to 127.0.0.1:``port`` (not serving yet), or one line:
    the port is out of range, in use, or not allowed."""
    valid_port(port)
    handler = type("BoundSiteHandler", (SiteHandler,), {"root": site_dir})
    try:
        return http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SdkParityError(f"port {port} on {HOST} is in use; choose another with --port") from None
        raise SdkParityError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
    except (OverflowError, socket.gaierror) as exc:
        raise SdkParityError(f"cannot listen on {HOST}:{port}: {exc}") from None


def serve(server: http.server.ThreadingHTTPServer, site_dir: Path) -> None:  # pragma: no cover - interactive
    print(f"serving {site_dir} on http://{HOST}:{server.server_address[1]}/", flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
