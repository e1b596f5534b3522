"""Verify, paging: a second page for every paginated operation, and botocore's request for it.

Stage: verify (harness-side; the examples run as published). Input: an operation's botocore
model and paginator, and the requests an example sent. Output: :func:`next_page` (the tokens
of page 2), :func:`first_page` (a synthesized response made a first page) and
:func:`later_pages` (what the one judge, :func:`generator.verify.examples.judge`, compares from
page 2 on).

The loopback endpoint has no data, so a paginator would stop after one page and a wrong second
request would go unseen. So:

* :func:`next_page` reads botocore's paginator: each input token gets a value synthesized for
  its own shape (``synthesize_value``, so it passes the input's constraints; structures cut to
  their required members or their first one, as a service's token is); the first page
  carries that value at each output token's path (nested ones such as rds
  ``EngineDefaults.Marker``; the first alternative of ``NextMarker || Contents[-1].Key``) and
  sets ``more_results`` (iam ``IsTruncated``, CloudFront ``DistributionList.IsTruncated``);
* the endpoint (:func:`generator.verify.responses.consistent_factory` with ``pages=True``)
  answers a request that carries none of the input tokens with that first page and a request
  that carries one with the last page (no token), so a paginating example sends exactly two
  requests;
* :func:`later_pages` pairs the example's second request with botocore's request for the
  example's params plus the tokens (``reference_params``: botocore's own serialization of the
  page its ``PageIterator`` would ask for).

The tokens depend on the model only, so every runner, in any process, knows page 2 without
asking the endpoint what it handed out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.exceptions
import botocore.session
from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

from generator.verify.endpoint import Endpoint
from generator.verify.endpoint.respond import synthesize_value
from generator.verify.examples import Example, expected_request

Page = tuple[dict[str, Any] | None, dict[str, Any]]


@dataclass(frozen=True)
class NextPage:
    """How the endpoint makes a second page: ``request`` - the input tokens (member -> value)
    the second page's request carries; ``response`` - the output token paths
    (``("EngineDefaults", "Marker")``) and their values in the first page's response;
    ``more_results`` - the path of the member set true on the first page (``()``: none)."""

    request: dict[str, Any]
    response: tuple[tuple[tuple[str, ...], Any], ...]
    more_results: tuple[str, ...]

    def is_first(self, params: Mapping[str, Any]) -> bool:
        """Whether a request with these params asks for the first page (no input token)."""
        return all(params.get(token) is None for token in self.request)


@cache
def _paginators(service: str) -> Any:
    """botocore's paginator model of the service (None: it has none)."""
    try:
        return botocore.session.get_session().get_paginator_model(service)
    except (botocore.exceptions.UnknownServiceError, botocore.exceptions.DataNotFoundError):
        return None


def _token_path(expression: str) -> tuple[str, ...] | None:
    """``EngineDefaults.Marker`` -> its path; of ``NextMarker || Contents[-1].Key`` the first
    alternative; None for what is no plain path (``Contents[-1].Key``)."""
    parts = tuple(expression.split("||")[0].strip().split("."))
    return parts if all(p.isidentifier() for p in parts) else None


def _smallest(shape: Shape, value: Any) -> Any:
    """``value`` cut to the smallest token an SDK reads back: a structure keeps its required
    members, or its first one when none is required. DynamoDB's ``LastEvaluatedKey`` then
    holds ``{"S": ...}`` as a service's does, not every ``AttributeValue`` member (botocore does
    not mark that shape a union; the Go SDK rejects one with several members)."""
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        keep = [k for k in value if k in shape.required_members] or list(value)[:1]
        return {k: _smallest(shape.members[k], value[k]) for k in keep if k in shape.members}
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [_smallest(shape.member, v) for v in value]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {k: _smallest(shape.value, v) for k, v in value.items()}
    return value


def _listed(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def next_page(operation_model: OperationModel) -> NextPage | None:
    """The second page of the operation's botocore paginator, or None (no paginator, or a token
    that is no plain member path)."""
    model = _paginators(operation_model.service_model.service_name)
    input_shape = operation_model.input_shape
    if model is None or input_shape is None:
        return None
    try:
        config = model.get_paginator(operation_model.name)
    except ValueError:  # the operation has no paginator
        return None
    ins, outs = _listed(config["input_token"]), _listed(config["output_token"])
    if len(ins) != len(outs) or any(i not in input_shape.members for i in ins):
        return None
    members = input_shape.members
    request = {i: _smallest(members[i], synthesize_value(members[i])) for i in ins}
    if any(v is None for v in request.values()):
        return None
    response: list[tuple[tuple[str, ...], Any]] = []
    for expression, token in zip(outs, ins, strict=True):
        path = _token_path(expression)
        if path is None:
            return None
        response.append((path, request[token]))
    more = _token_path(str(config.get("more_results", "") or ""))
    return NextPage(request, tuple(response), more or ())


def _put(out: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    holder = out
    for part in path[:-1]:
        holder = holder.setdefault(part, {})
        if not isinstance(holder, dict):
            return
    holder[path[-1]] = value


def first_page(page: NextPage, out: dict[str, Any]) -> dict[str, Any]:
    """``out`` (a last page: no token) made the first page: the tokens and ``more_results``."""
    for path, value in page.response:
        _put(out, path, value)
    if page.more_results:
        _put(out, page.more_results, True)
    return out


def later_pages(
    endpoint: Endpoint, example: Example, sent: Sequence[dict[str, Any]], paginates: bool
) -> tuple[list[Page], str]:
    """For an example that iterates its paginator (``paginates``: the runner reads that from
    its language's text): [(its second request, or None; botocore's request for page 2)], or a
    reason botocore refuses that page. ``sent``: the example's requests of its operation, in
    order (:func:`generator.verify.examples.requests_of`)."""
    if not paginates:
        return [], ""
    op = endpoint.service_model(example.service).operation_model(example.operation)
    page = next_page(op)
    if page is None or not page.is_first(example.params):
        return [], ""
    second = dataclasses.replace(example, params={**example.params, **page.request})
    expected, problem = expected_request(endpoint, second)
    return [(sent[1] if len(sent) > 1 else None, expected)], problem
