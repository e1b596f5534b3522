"""Per-service caches, owned in one place so that dropping a service is one call.

Stage: infrastructure of every stage. A function decorated with :func:`per_service` is memoized
like ``functools.lru_cache`` and registered here; :func:`release_service_caches` clears every
registered cache at once. ``generate --all`` calls it after each service, so a worker holds one
service's models at a time; no module reaches into another module's private caches.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol, TypeVar


class _Clearable(Protocol):
    def cache_clear(self) -> None: ...


_REGISTERED: list[_Clearable] = []
F = TypeVar("F", bound=Callable[..., Any])


def per_service(maxsize: int | None = 64) -> Callable[[F], F]:
    """Memoize a function whose results belong to one service's models, and register it."""

    def decorate(func: F) -> F:
        cached = lru_cache(maxsize=maxsize)(func)
        _REGISTERED.append(cached)
        return cached  # type: ignore[return-value]

    return decorate


def release_service_caches() -> None:
    """Drop every per-service cache (decoded models, lowered services, derived tables)."""
    for cached in _REGISTERED:
        cached.cache_clear()
