"""Model access and operation identification for raw requests.

Model access: :func:`resolve_protocol` (the protocol botocore speaks) and
:func:`moto_service_model` / :func:`moto_operation_model` -- moto's model
facade (needed by ``moto.core.parse`` / ``moto.core.serialize``) built from
the *same* service description as the caller's botocore model, cached per
model object.

Stage: first half of request decoding (used by ``decode.decode_request``).
Input: a botocore ``ServiceModel`` plus the raw HTTP method, path (with query
string), headers and body of one request.
Output: the operation name, the protocol the request is written in and, for
REST protocols, the URI label values (already percent-decoded) and the
literal query keys of the matched template.

The protocol is the one botocore would use (:func:`resolve_protocol`) unless
the request is plainly written in another protocol the model lists
(:func:`detect_protocol`).  Identification by protocol:

* ``json`` -- the ``X-Amz-Target`` header (``<targetPrefix>.<Operation>``);
* ``query`` / ``ec2`` -- the ``Action`` form field (body, else query string);
* ``smithy-rpc-v2-cbor`` -- the path ``.../service/<Service>/operation/<Op>``;
* ``rest-json`` / ``rest-xml`` -- HTTP method plus the ``requestUri`` template:
  ``{Label}`` matches one path segment, ``{Label+}`` matches one or more
  segments, literal query parts (``?tagging``, ``?list-type=2``) must be present
  with the same value.  When several templates match, the most specific wins:
  first the operation an ``x-id`` query parameter names (the Smithy-based
  SDKs, JavaScript v3 and Go v2, send ``GET /?x-id=ListDirectoryBuckets``:
  their models keep the ``x-id`` literal that botocore's drop), then those
  whose required header/query members are all present, then most literal
  query parts, most literal path characters, fewest greedy labels, most
  required header/query members present, most query parameters that are
  members of the operation, and finally non-deprecated operations (so S3
  ``PutBucketLifecycle`` requests, which share method, URI and XML root with
  ``PutBucketLifecycleConfiguration``, are identified as the latter).

Operations indistinguishable on the wire: several REST operations share one
request template (method, URI path and literal query): S3
``GetBucketLifecycle`` and ``GetBucketLifecycleConfiguration``,
``PutBucketNotification`` and ``PutBucketNotificationConfiguration``,
``ListBuckets`` and ``ListDirectoryBuckets`` (``GET /``), ... (13 groups, all
in s3, in botocore 1.44.8).  No request botocore sends tells them apart (a
Smithy-based SDK's ``x-id`` does, and then there is no alternative), so the
match names the most specific one as :attr:`RouteMatch.operation` and every
other operation of the same template that the request could have been sent
for (its required header and query members present, every query key a
literal of the template or one of its members) as
:attr:`RouteMatch.alternatives`; a reader that knows which operation was
meant (the judge: the example's own) decodes the request as that one.  The
other protocols name the operation on the wire (``X-Amz-Target``,
``Action``, the rpc-v2-cbor path), so their matches have no alternatives.
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

import botocore.loaders
from botocore.model import OperationModel, ServiceModel
from moto.core.model import OperationModel as MotoOperationModel
from moto.core.model import ServiceModel as MotoServiceModel

__all__ = [
    "Route",
    "RouteMatch",
    "UnknownOperationError",
    "detect_protocol",
    "identify_operation",
    "moto_operation_model",
    "moto_service_model",
    "resolve_protocol",
    "supported_protocols",
]

_CBOR_PATH = re.compile(r"/service/(?P<service>[^/]+)/operation/(?P<op>[^/?]+)/?$")
_LABEL = re.compile(r"\{([^}]+)\}")
_OPERATION_QUERY = "x-id"  # ``?x-id=ListDirectoryBuckets``: the operation, named by the SDK


class UnknownOperationError(LookupError):
    """The request does not address any operation of the service model."""


def resolve_protocol(service_model: ServiceModel) -> str:
    """Return the wire protocol botocore itself uses for ``service_model``.

    botocore >= 1.37 exposes ``resolved_protocol``: the first entry of its own
    priority list (json, rest-json, rest-xml, smithy-rpc-v2-cbor, query, ec2)
    that the model's ``metadata.protocols`` supports -- so cloudwatch, which
    lists ``smithy-rpc-v2-cbor`` first, is spoken as ``json``.
    """
    resolved = getattr(service_model, "resolved_protocol", None)
    if isinstance(resolved, str) and resolved:
        return resolved
    return str(service_model.metadata["protocol"])


_MOTO_MODELS: weakref.WeakKeyDictionary[ServiceModel, MotoServiceModel] = (
    weakref.WeakKeyDictionary()
)
_MOTO_LOCK = threading.Lock()


def moto_service_model(service_model: ServiceModel) -> MotoServiceModel:
    """moto's ``ServiceModel`` for the description behind ``service_model``."""
    with _MOTO_LOCK:
        cached = _MOTO_MODELS.get(service_model)
        if cached is None:
            description: Any = getattr(service_model, "_service_description", None)
            if not isinstance(description, dict):
                loader = botocore.loaders.create_loader()
                description = loader.load_service_model(service_model.service_name, "service-2")
            cached = MotoServiceModel(description, service_model.service_name)
            _MOTO_MODELS[service_model] = cached
        return cached


def moto_operation_model(op: OperationModel) -> MotoOperationModel:
    """moto's ``OperationModel`` for ``op``."""
    model: MotoOperationModel = moto_service_model(op.service_model).operation_model(op.name)
    return model


@dataclass(frozen=True)
class Route:
    """One compiled REST ``requestUri`` template."""

    operation: str
    method: str
    pattern: re.Pattern[str]
    labels: tuple[tuple[str, str], ...]  # (regex group name, label name)
    literal_query: tuple[tuple[str, str], ...]
    literal_chars: int
    greedy: int
    required_headers: tuple[str, ...]
    required_query: tuple[str, ...]
    query_members: tuple[str, ...]
    deprecated: bool
    query_map: bool = False  # a querystring map member takes any further query key

    @property
    def template(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        """What the request line shows of the operation: method, path pattern, literal query."""
        return (self.method, self.pattern.pattern, self.literal_query)

    def explains(self, query_keys: set[str]) -> bool:
        """Whether every query key is a literal of the template or a member of the operation."""
        if self.query_map:
            return True
        known = {k for k, _ in self.literal_query} | set(self.query_members)
        return query_keys <= known


@dataclass(frozen=True)
class RouteMatch:
    """Result of :func:`identify_operation`."""

    operation: str
    uri_params: dict[str, str]
    literal_query: frozenset[str]
    protocol: str
    alternatives: tuple[RouteMatch, ...] = ()  # same request template, other operations

    @property
    def operations(self) -> tuple[str, ...]:
        """Every operation the request may stand for, the identified one first."""
        return (self.operation, *(alt.operation for alt in self.alternatives))


def _request_uri(op: OperationModel) -> str:
    http = op.http
    uri = str(http.get("requestUri", "/"))
    # botocore's S3 handler strips a leading "/{Bucket}" from the requestUri of
    # a model a client has used (keeping it in "authPath"); undo that here so
    # a shared model still routes path-style requests.
    auth_path = str(http.get("authPath", ""))
    if auth_path.startswith("/{Bucket}") and not uri.startswith("/{Bucket}"):
        uri = "/{Bucket}" + uri
    return uri


def _compile(op: OperationModel) -> Route:
    uri = _request_uri(op)
    path, _, query = uri.partition("?")
    regex = ["^"]
    labels: list[tuple[str, str]] = []
    literal_chars = 0
    greedy = 0
    pos = 0
    for i, m in enumerate(_LABEL.finditer(path)):
        literal = path[pos : m.start()]
        regex.append(re.escape(literal))
        literal_chars += len(literal)
        name = m.group(1)
        group = f"g{i}"
        if name.endswith("+"):
            greedy += 1
            name = name[:-1]
            regex.append(f"(?P<{group}>.+)")
        else:
            regex.append(f"(?P<{group}>[^/]+)")
        labels.append((group, name))
        pos = m.end()
    tail = path[pos:]
    literal_chars += len(tail)
    regex.append(re.escape(tail.rstrip("/")) + "/?$")
    required_headers: list[str] = []
    required_query: list[str] = []
    query_members: list[str] = []
    query_map = False
    shape = op.input_shape
    if shape is not None:
        for member_name, member in shape.members.items():
            if member.serialization.get("location") == "querystring":
                query_members.append(str(member.serialization.get("name", member_name)))
                query_map = query_map or member.type_name == "map"
        for member_name in shape.required_members:
            member = shape.members[member_name]
            location = member.serialization.get("location")
            wire = str(member.serialization.get("name", member_name))
            if location == "header":
                required_headers.append(wire.lower())
            elif location == "querystring":
                required_query.append(wire)
    return Route(
        operation=op.name,
        method=str(op.http.get("method", "POST")).upper(),
        pattern=re.compile("".join(regex)),
        labels=tuple(labels),
        literal_query=tuple(parse_qsl(query, keep_blank_values=True)),
        literal_chars=literal_chars,
        greedy=greedy,
        required_headers=tuple(required_headers),
        required_query=tuple(required_query),
        query_members=tuple(query_members),
        deprecated=bool(op.deprecated),
        query_map=query_map,
    )


_ROUTES: weakref.WeakKeyDictionary[ServiceModel, tuple[Route, ...]] = weakref.WeakKeyDictionary()
_ROUTES_LOCK = threading.Lock()


def rest_routes(service_model: ServiceModel) -> tuple[Route, ...]:
    """Compiled REST routes of ``service_model`` (cached per model object)."""
    with _ROUTES_LOCK:
        cached = _ROUTES.get(service_model)
    if cached is not None:
        return cached
    routes = tuple(
        _compile(service_model.operation_model(name)) for name in service_model.operation_names
    )
    with _ROUTES_LOCK:
        _ROUTES[service_model] = routes
    return routes


def _match_rest(
    service_model: ServiceModel,
    protocol: str,
    method: str,
    path: str,
    query: list[tuple[str, str]],
    headers: Mapping[str, str],
) -> RouteMatch:
    named = dict(query).get(_OPERATION_QUERY)  # the Smithy SDKs name the operation
    query_keys = {k for k, _ in query} - {_OPERATION_QUERY}
    query_pairs = set(query)
    header_keys = {k.lower() for k in headers}
    best: tuple[tuple[bool, bool, int, int, int, int, int, bool], Route, dict[str, str]] | None
    best = None
    matched: list[tuple[Route, dict[str, str]]] = []  # those the request may be sent for
    for route in rest_routes(service_model):
        if route.method != method:
            continue
        m = route.pattern.match(path)
        if m is None:
            continue
        if not all((k, v) in query_pairs if v else k in query_keys for k, v in route.literal_query):
            continue
        present = sum(h in header_keys for h in route.required_headers) + sum(
            q in query_keys for q in route.required_query
        )
        complete = present == len(route.required_headers) + len(route.required_query)
        score = (
            route.operation == named,
            complete,
            len(route.literal_query),
            route.literal_chars,
            -route.greedy,
            present,
            sum(q in query_keys for q in route.query_members),
            not route.deprecated,
        )
        params = {name: unquote(m.group(group)) for group, name in route.labels}
        if complete and route.explains(query_keys):
            matched.append((route, params))
        if best is None or score > best[0]:
            best = (score, route, params)
    if best is None:
        raise UnknownOperationError(f"no {method} operation matches {path!r}")
    route = best[1]
    alternatives = tuple(
        RouteMatch(
            operation=other.operation,
            uri_params=params,
            literal_query=frozenset(k for k, _ in other.literal_query),
            protocol=protocol,
        )
        for other, params in matched
        if other is not route and other.template == route.template and named != route.operation
    )
    return RouteMatch(
        operation=route.operation,
        uri_params=best[2],
        literal_query=frozenset(k for k, _ in route.literal_query),
        protocol=protocol,
        alternatives=alternatives,
    )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lname = name.lower()
    for key, value in headers.items():
        if key.lower() == lname:
            return value
    return None


def _checked(service_model: ServiceModel, name: str, protocol: str) -> RouteMatch:
    if name not in service_model.operation_names:
        raise UnknownOperationError(f"{service_model.service_name} has no operation {name!r}")
    return RouteMatch(operation=name, uri_params={}, literal_query=frozenset(), protocol=protocol)


def supported_protocols(service_model: ServiceModel) -> tuple[str, ...]:
    """Every protocol the model allows (``metadata.protocols``, else ``protocol``)."""
    listed = service_model.metadata.get("protocols")
    if listed:
        return tuple(str(p) for p in listed)
    return (str(service_model.metadata["protocol"]),)


def detect_protocol(
    service_model: ServiceModel, path_with_query: str, headers: Mapping[str, str]
) -> str:
    """The protocol a request is written in, among those the model supports.

    botocore always speaks :func:`resolve_protocol`, but other SDKs (or an older
    botocore, e.g. the AWS CLI's vendored copy) may pick another protocol of
    ``metadata.protocols`` -- e.g. rpc-v2-cbor rather than json.  The request
    tells which: an ``smithy-protocol: rpc-v2-cbor`` header, an
    ``X-Amz-Target`` header, or a form-encoded body (query/ec2).
    """
    resolved = resolve_protocol(service_model)
    candidates = supported_protocols(service_model)
    if len(candidates) < 2:
        return resolved
    path = path_with_query.partition("?")[0]
    smithy = (_header(headers, "smithy-protocol") or "").lower()
    if smithy == "rpc-v2-cbor" and "smithy-rpc-v2-cbor" in candidates and _CBOR_PATH.search(path):
        return "smithy-rpc-v2-cbor"
    if _header(headers, "X-Amz-Target") and "json" in candidates:
        return "json"
    content_type = (_header(headers, "Content-Type") or "").lower()
    if content_type.startswith("application/x-www-form-urlencoded"):
        for protocol in ("query", "ec2"):
            if protocol in candidates:
                return protocol
    return resolved


def identify_operation(
    service_model: ServiceModel,
    method: str,
    path_with_query: str,
    headers: Mapping[str, str],
    body: bytes,
) -> RouteMatch:
    """Find the operation a raw request addresses; raise UnknownOperationError."""
    protocol = detect_protocol(service_model, path_with_query, headers)
    path, _, raw_query = path_with_query.partition("?")
    method = method.upper()
    if protocol == "json":
        target = _header(headers, "X-Amz-Target")
        if not target:
            raise UnknownOperationError("json request without X-Amz-Target")
        return _checked(service_model, target.rsplit(".", 1)[-1], protocol)
    if protocol in ("query", "ec2"):
        fields = dict(parse_qsl(raw_query, keep_blank_values=True))
        if method == "POST" and body:
            fields.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        action = fields.get("Action")
        if not action:
            raise UnknownOperationError(f"{protocol} request without Action")
        return _checked(service_model, action, protocol)
    if protocol == "smithy-rpc-v2-cbor":
        m = _CBOR_PATH.search(path)
        if m is None:
            raise UnknownOperationError(f"not an rpc-v2-cbor path: {path!r}")
        return _checked(service_model, unquote(m.group("op")), protocol)
    if protocol in ("rest-json", "rest-xml"):
        query = parse_qsl(raw_query, keep_blank_values=True)
        return _match_rest(service_model, protocol, method, path or "/", query, headers)
    raise UnknownOperationError(f"unsupported protocol {protocol!r}")
