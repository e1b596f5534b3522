"""Verify, paging: answers that make a paginator ask for a second page, and botocore's request
for that page.

Stage: verify (harness-side; the examples are not changed). Input: the operation being
answered, the request just captured for it and botocore's paginator model. Output: the
response value of a :class:`Pages` factory and the params botocore's paginator sends for the
next page (:meth:`Pages.next_params`).

* A first page (a request of a paginated operation without any of the paginator's input
  tokens) keeps the synthesized output tokens and sets ``more_results``: an SDK paginator asks
  again. Every later page has neither (:func:`generator.verify.scripts.strip_tokens`), so a
  paginator stops after two pages.
* The tokens handed out are kept per (service, operation, request tag). The next page's
  request is then botocore's for the example's params plus each input token set to the output
  token's value, which is what botocore's ``PageIterator`` sends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import botocore.session

from generator.verify import scripts
from generator.verify.endpoint import Endpoint
from generator.verify.endpoint.refclient import REFERENCE_HEADER

Factory = Callable[[Any], dict[str, Any]]


def _tokens(raw: Any) -> list[str]:
    return [str(t) for t in (raw if isinstance(raw, list) else [raw] if raw else [])]


def _at(value: Any, path: str) -> Any:
    """The value at a dotted output path (the first alternative of ``A || B``)."""
    for part in path.split("||")[0].strip().split("."):
        if "[" in part or not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class Pages:
    """A response factory around ``inner`` (which must keep the tokens: ``strip=False``) for
    an endpoint given later in ``endpoint_ref``; requests must come one at a time."""

    def __init__(
        self,
        endpoint_ref: list[Endpoint],
        inner: Factory,
        session: botocore.session.Session | None = None,
    ) -> None:
        self.endpoint_ref = endpoint_ref
        self.inner = inner
        self.session = session or botocore.session.get_session()
        self.strip = scripts.paginator_tokens(self.session)
        self.models: dict[str, Any] = {}
        self.issued: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.lock = threading.Lock()

    def config(self, service: str, operation: str) -> dict[str, Any] | None:
        """botocore's paginator of the operation, or None."""
        if service not in self.models:
            try:
                self.models[service] = self.session.get_paginator_model(service)
            except Exception:  # noqa: BLE001 - a service without paginators
                self.models[service] = None
        model = self.models[service]
        if model is None:
            return None
        try:
            return dict(model.get_paginator(operation))
        except ValueError:
            return None

    def __call__(self, operation_model: Any) -> dict[str, Any]:
        out = self.inner(operation_model)
        service = operation_model.service_model.service_name
        config = self.config(service, operation_model.name)
        if config is None:
            return out
        captured = self.endpoint_ref[0].captured(service) if self.endpoint_ref else []
        request = captured[-1] if captured else None
        inputs = _tokens(config.get("input_token"))
        params = request.params if request is not None else {}
        reference = request is not None and REFERENCE_HEADER in {h.lower() for h in request.headers}
        paths, more = self.strip(service, operation_model.name)
        if reference or any(params.get(token) is not None for token in inputs):
            return scripts.strip_tokens(out, paths, more)  # a later page: the last one
        issued = {
            token: _at(out, path)
            for token, path in zip(inputs, _tokens(config.get("output_token")), strict=False)
        }
        issued = {token: value for token, value in issued.items() if value not in (None, "", {})}
        if not issued:
            return scripts.strip_tokens(out, paths, more)
        if more:
            scripts.set_flag(out, more, True)
        if request is not None:
            with self.lock:
                self.issued[(service, operation_model.name, request.tag)] = issued
        return out

    def next_params(
        self, service: str, operation: str, tag: str, params: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """botocore's params for the page after the first one answered to ``tag``: the
        example's params with every input token the first page handed out (None: none)."""
        with self.lock:
            issued = self.issued.get((service, operation, tag))
        if not issued:
            return None
        return {**params, **issued}
