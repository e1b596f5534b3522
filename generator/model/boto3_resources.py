"""Stage ``model``: the resource definitions boto3 ships (``boto3/data/<service>/.../resources-1.json``).

Input: a service name. Output: :func:`resources` - one :class:`Boto3Resource` per resource type
boto3 models for the service (dynamodb, ec2, iam, s3, sns, sqs, cloudformation, cloudwatch,
glacier): the service action that creates it with where each identifier comes from (the
response path, ``TableDescription.TableName``, or the request parameter the user chose,
``Bucket``), its ``load`` operation, its ``Delete`` action, its update action (``Update``,
``SetAttributes``, ``ModifyAttribute``), the ``hasMany`` collection that lists it with the
identifiers' path in that response (``Roles[].RoleName``), and each operation's parameters
that take an identifier. Read with botocore's loader over boto3's data folder, at the newest
API version boto3 has for the service (as ``boto3.resource`` does); a service boto3 has no
resources for has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import DataNotFoundError
from botocore.loaders import Loader

from generator.caches import per_service

DATA = Path(boto3.__file__).resolve().parent / "data"
_UPDATE_ACTIONS = ("Update", "SetAttributes", "ModifyAttribute")


@dataclass(frozen=True)
class Boto3Resource:
    """One boto3 resource type and the operations around it (see the module doc)."""

    name: str
    create: str = ""
    delete: str = ""
    load: str = ""
    update: str = ""
    list: str = ""
    identity: tuple[tuple[str, str, str], ...] = ()  # (identifier, "input"|"output", path)
    list_path: str = ""
    params: tuple[tuple[str, str, str], ...] = ()  # (operation, input member path, identifier)


def _loader() -> Loader:
    return Loader(extra_search_paths=[str(DATA)], include_default_search_paths=False)


def _document(service: str) -> dict[str, Any]:
    loader = _loader()
    try:
        versions = loader.list_api_versions(service, "resources-1")
    except DataNotFoundError:
        return {}
    if not versions:
        return {}
    try:
        document: dict[str, Any] = loader.load_service_model(service, "resources-1", versions[-1])
    except DataNotFoundError:
        return {}
    return document


def _identity(spec: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    found = []
    for ident in spec.get("resource", {}).get("identifiers", []):
        side = {"response": "output", "requestParameter": "input"}.get(ident.get("source", ""))
        if side and ident.get("path"):
            found.append((str(ident["target"]), side, str(ident["path"])))
    return tuple(found)


def _params(request: dict[str, Any]) -> list[tuple[str, str, str]]:
    operation = str(request.get("operation", ""))
    return [
        (operation, str(p["target"]), str(p["name"]))
        for p in request.get("params", [])
        if p.get("source") == "identifier" and p.get("target") and p.get("name")
    ]


def _resource(name: str, entry: dict[str, Any], service: dict[str, Any]) -> Boto3Resource:
    creates = [a for a in service.get("actions", {}).values()
               if a.get("resource", {}).get("type") == name]  # fmt: skip
    create = next((a for a in creates if str(a["request"]["operation"]).startswith("Create")), None)
    lists = [h for h in service.get("hasMany", {}).values() if h.get("resource", {}).get("type") == name]
    actions = entry.get("actions", {})
    params: list[tuple[str, str, str]] = []
    load = entry.get("load", {}).get("request", {})
    params += _params(load)
    delete = actions.get("Delete", {}).get("request", {})
    params += _params(delete)
    update_action: dict[str, Any] = next((actions[a] for a in _UPDATE_ACTIONS if a in actions), {})
    update = update_action.get("request", {})
    params += _params(update)
    listing = lists[0] if lists else {}
    list_ids = _identity(listing)
    return Boto3Resource(
        name=name,
        create=str(create["request"]["operation"]) if create else "",
        delete=str(delete.get("operation", "")),
        load=str(load.get("operation", "")),
        update=str(update.get("operation", "")),
        list=str(listing.get("request", {}).get("operation", "")),
        identity=_identity(create) if create else (),
        list_path=list_ids[0][2] if list_ids else "",
        params=tuple(params),
    )


@per_service(maxsize=16)
def resources(service_name: str) -> tuple[Boto3Resource, ...]:
    """The service's boto3 resource types, sorted by name (none without a resources file)."""
    document = _document(service_name)
    service = document.get("service", {})
    entries = document.get("resources", {})
    return tuple(_resource(name, entries[name], service) for name in sorted(entries))

