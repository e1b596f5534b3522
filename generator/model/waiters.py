"""Stage ``model``: the waiters botocore ships for a service (``waiters-2.json``).

Input: a service name. Output: :func:`waiters` - one :class:`Waiter` per entry of the
service's ``waiters-2.json`` (190 services in botocore 1.44.8): the operation it polls, its
delay and attempts, and its acceptors in order (``success``/``failure``/``retry`` on a response
path, every or any element of a path, an HTTP status or an error code). Read through botocore's
own loader, at the API version of the service's model; a service without waiters has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import DataNotFoundError

from generator.caches import per_service
from generator.model.load import load_raw, loader


@dataclass(frozen=True)
class Acceptor:
    """One acceptor: when ``matcher`` (``path``, ``pathAll``, ``pathAny``, ``status``,
    ``error``) over ``argument`` gives ``expected``, the waiter enters ``state``."""

    state: str
    matcher: str
    expected: Any
    argument: str = ""


@dataclass(frozen=True)
class Waiter:
    """A botocore waiter: ``name`` (``TableExists``) polls ``operation`` (``DescribeTable``)."""

    name: str
    operation: str
    delay: int
    max_attempts: int
    acceptors: tuple[Acceptor, ...]

    def success(self) -> tuple[Acceptor, ...]:
        return tuple(a for a in self.acceptors if a.state == "success")


def _acceptor(raw: dict[str, Any]) -> Acceptor:
    return Acceptor(
        str(raw.get("state", "")), str(raw.get("matcher", "")), raw.get("expected"),
        str(raw.get("argument", "")),
    )  # fmt: skip


@per_service(maxsize=16)
def waiters(service_name: str) -> tuple[Waiter, ...]:
    """The service's waiters, sorted by name (none when botocore ships no ``waiters-2``)."""
    raw = load_raw(service_name)
    version = raw.service.get("metadata", {}).get("apiVersion")
    try:
        document = loader().load_service_model(raw.name, "waiters-2", version)
    except DataNotFoundError:
        return ()
    found = []
    for name, entry in sorted((document.get("waiters") or {}).items()):
        if not isinstance(entry, dict) or not entry.get("operation"):
            continue
        found.append(
            Waiter(
                name, str(entry["operation"]), int(entry.get("delay", 15)),
                int(entry.get("maxAttempts", 40)),
                tuple(_acceptor(a) for a in entry.get("acceptors", []) if isinstance(a, dict)),
            )
        )  # fmt: skip
    return tuple(found)


def waiter(service_name: str, name: str) -> Waiter | None:
    return next((w for w in waiters(service_name) if w.name == name), None)
