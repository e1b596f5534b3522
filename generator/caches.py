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


class _Holder(dict[tuple[Any, ...], tuple[Any, Any]]):
    def cache_clear(self) -> None:
        self.clear()


def per_loaded_service(func: F) -> F:
    """Memoize ``func(service, *args)`` per loaded :class:`~generator.model.ir.Service` object
    (a Service holds dicts and is not hashable: results are keyed by its identity, checked on
    every hit), registered like :func:`per_service`."""
    holder = _Holder()
    _REGISTERED.append(holder)

    def cached(service: Any, *args: Any) -> Any:
        key = (id(service), *args)
        hit = holder.get(key)
        if hit is not None and hit[0] is service:
            return hit[1]
        result = func(service, *args)
        holder[key] = (service, result)
        return result

    cached.__doc__ = func.__doc__
    return cached  # type: ignore[return-value]
