"""Verify, the harness's name resolution: every ``<label>.127.0.0.1`` is the loopback address.

Stage: verify (imported by the worker processes, by the process that makes botocore's reference
calls, and - through ``toolchains/pydns/sitecustomize.py`` - by a CLI script run whole). Input:
host names; output: addresses. Imports nothing of sdk-parity.

A few endpoint rule sets put a request member in the host name even under a custom endpoint
URL: s3control sends ``GetPublicAccessBlock`` for account ``123456789012`` to
``http://123456789012.127.0.0.1:PORT/...`` when the endpoint is ``http://127.0.0.1:PORT``. On
AWS that name is in DNS; here it resolves nowhere, so the SDK cannot even connect. The harness
therefore gives Python processes the resolution a wildcard DNS record would:
:func:`install` wraps ``socket.getaddrinfo`` so that a name ending in ``.127.0.0.1`` resolves as
``127.0.0.1`` (the endpoint routes by port and accepts any ``Host`` header, and the prefix is
checked on the wire like every other member). Nothing else changes: other names go to the
system resolver as before. The SDK still builds the host name itself, so a wrong prefix is
still a wrong request.

The other runtimes get the same resolution their own way: the JavaScript runner wraps node's
``dns.lookup`` for names ending in :data:`SUFFIX` (``jstool.py``, which writes this constant into
its runner), and the Java run is given a hosts file listing each name the examples need
(``java.py``, ``-Djdk.net.hosts.file``), since the JVM has no hook for a wildcard.
"""

from __future__ import annotations

import socket
from typing import Any

SUFFIX = ".127.0.0.1"  # a name under it is the loopback address


def install() -> None:
    """Resolve ``*.127.0.0.1`` to the loopback address in this process (idempotent)."""
    plain = socket.getaddrinfo
    if getattr(plain, "sdk_parity_loopback", False):
        return

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
        if isinstance(name, str) and name.rstrip(".").endswith(SUFFIX):
            host = "127.0.0.1"
        return plain(host, *args, **kwargs)

    getaddrinfo.sdk_parity_loopback = True  # type: ignore[attr-defined]
    socket.getaddrinfo = getaddrinfo
