"""Refresh generator/data/smithy/: what AWS's Smithy models add to botocore's (examples, resources).

Input: for every botocore service, the Smithy JSON AST that AWS publishes on Maven Central as
``software.amazon.api.models:<artifact>`` (the artifact id is the model's ``sdkId``, which is
botocore's ``serviceId``, lower-cased with hyphens for spaces; :mod:`tools.smithy_maven`),
newest version, cached in ``.cache/smithy/``. Output, deterministic (sorted keys, one-space
indent), each file written atomically and only after every service was read:

- ``examples/<service>.json``: ``{"examples": {operation: [...]}, "smokeTests": {...}}``;
- ``resources/<service>.json``: ``{"resources": {...}, "arnReferences": {...}}``;
- ``index.json``: per botocore service, the artifact and version each table came from and the
  disagreements with botocore's model (``drift``), or the repository's own answer when it
  serves no such artifact, with the date it was asked.

See :mod:`tools.smithy_ast` for the tables' shape and what counts as drift.

    python -m tools.refresh_smithy_models                  # ask Maven Central, rewrite the tables
    python -m tools.refresh_smithy_models --services dynamodb,sqs
    python -m tools.refresh_smithy_models --check          # exit 1 when a committed table differs
                                                           # from its jar (the index's versions)
    python -m tools.refresh_smithy_models --models DIR --out OUT   # JSON AST files of a local
                                                           # checkout instead of Maven Central

Exit codes: 0 done, 1 stale (``--check``), 2 Maven Central unreachable or bad arguments (one line,
nothing written).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import zipfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import botocore.session

from tools import smithy_maven
from tools.smithy_ast import NotThisService, Tables, derive

OUTPUT = Path(__file__).resolve().parent.parent / "generator" / "data" / "smithy"
INDEX = "index.json"


def render(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def jar_shapes(path: Path) -> tuple[str, dict[str, Any]]:
    """(model file, merged shapes) of every JSON AST file a model jar's manifest lists."""
    with zipfile.ZipFile(path) as archive:
        manifest = archive.read("META-INF/smithy/manifest").decode("utf-8").split()
        files = sorted(name for name in manifest if name.endswith(".json"))
        shapes: dict[str, Any] = {}
        for name in files:
            shapes.update(json.loads(archive.read(f"META-INF/smithy/{name}"))["shapes"])
    return ",".join(files), shapes


def sdk_ids(services: Iterable[str]) -> dict[str, str]:
    """{botocore service: serviceId} (the Smithy model's sdkId)."""
    session = botocore.session.get_session()
    return {
        name: str(session.get_service_model(name).metadata["serviceId"]) for name in services
    }


def service_tables(service: str, sdk_id: str, shapes: Mapping[str, Any]) -> Tables:
    model = botocore.session.get_session().get_service_model(service)
    tables = derive(shapes, sdk_id, model)
    smithy_version = next(
        (s.get("version") for s in shapes.values()
         if s.get("type") == "service"
         and s.get("traits", {}).get("aws.api#service", {}).get("sdkId") == sdk_id),
        None,
    )  # fmt: skip
    if smithy_version != model.api_version:
        tables.drift.insert(0, f"API version {smithy_version} (botocore: {model.api_version})")
    return tables


def files_of(tables: Tables, origin: str) -> dict[str, str]:
    """{path under OUTPUT: text} of one service's tables (none for an empty table); ``origin``
    names the model they came from (``software.amazon.api.models:dynamodb:1.0.14``)."""
    files: dict[str, str] = {}
    if tables.examples or tables.smoke_tests:
        files[f"examples/{tables.service}.json"] = render(
            {"examples": tables.examples, "origin": origin, "smokeTests": tables.smoke_tests}
        )
    if tables.resources or tables.arn_references:
        files[f"resources/{tables.service}.json"] = render(
            {
                "arnReferences": tables.arn_references,
                "origin": origin,
                "resources": tables.resources,
            }
        )
    return files


def index_entry(artifact: str, origin: dict[str, str], tables: Tables) -> dict[str, Any]:
    return {
        "artifact": artifact,
        **origin,
        "examples": sum(len(v) for v in tables.examples.values()),
        "smokeTests": sum(len(v) for v in tables.smoke_tests.values()),
        "resources": len(tables.resources),
        "arnReferences": len(tables.arn_references),
        "drift": tables.drift,
    }


def from_maven(
    ids: Mapping[str, str], today: str, pinned: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """(index entries, files) of each service, from Maven Central (or the ``pinned`` versions)."""
    artifacts = sorted({smithy_maven.artifact_id(v) for v in ids.values()})
    if pinned is None:
        with ThreadPoolExecutor(4) as pool:
            answers = dict(zip(artifacts, pool.map(smithy_maven.newest, artifacts), strict=True))
    else:
        answers = {}
        for service, sdk_id in ids.items():
            entry = pinned.get(service, {})
            artifact = smithy_maven.artifact_id(sdk_id)
            answers[artifact] = smithy_maven.Answer(
                artifact, entry.get("version", ""), entry.get("answer", "not in the index")
            )
    index: dict[str, Any] = {}
    files: dict[str, str] = {}
    for service, sdk_id in sorted(ids.items()):
        answer = answers[smithy_maven.artifact_id(sdk_id)]
        if not answer.version:
            index[service] = {"answer": answer.refusal, "artifact": answer.artifact}
            index[service]["checked"] = (pinned or {}).get(service, {}).get("checked", today)
            continue
        model, shapes = jar_shapes(smithy_maven.jar(answer.artifact, answer.version))
        try:
            tables = service_tables(service, sdk_id, shapes)
        except NotThisService as exc:
            refusal = f"{answer.artifact}:{answer.version} holds no such service ({exc})"
            index[service] = {"answer": refusal, "artifact": answer.artifact, "checked": today}
            continue
        origin = {"version": answer.version, "model": model}
        index[service] = index_entry(answer.artifact, origin, tables)
        files.update(files_of(tables, f"{smithy_maven.GROUP}:{answer.artifact}:{answer.version}"))
    return index, files


def from_directory(root: Path, ids: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(index entries, files) from the JSON AST files under ``root`` (a local checkout)."""
    by_sdk_id: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path in sorted(root.rglob("*.json")):
        try:
            shapes = json.loads(path.read_text(encoding="utf-8")).get("shapes", {})
        except (ValueError, AttributeError):
            continue
        for shape in shapes.values():
            sdk_id = shape.get("traits", {}).get("aws.api#service", {}).get("sdkId")
            if shape.get("type") == "service" and sdk_id:
                by_sdk_id[sdk_id] = (path, shapes)
    index: dict[str, Any] = {}
    files: dict[str, str] = {}
    for service, sdk_id in sorted(ids.items()):
        artifact = smithy_maven.artifact_id(sdk_id)
        if sdk_id not in by_sdk_id:
            index[service] = {"answer": f"no model under {root}", "artifact": artifact}
            continue
        path, shapes = by_sdk_id[sdk_id]
        tables = service_tables(service, sdk_id, shapes)
        index[service] = index_entry(artifact, {"model": str(path.relative_to(root))}, tables)
        files.update(files_of(tables, str(path.relative_to(root))))
    return index, files


def write(
    out: Path, services: Iterable[str], index: Mapping[str, Any], files: Mapping[str, str]
) -> None:
    """Replace the refreshed services' files and index entries under ``out``, atomically."""
    index_path = out / INDEX
    merged: dict[str, Any] = {}
    if index_path.is_file():
        merged = json.loads(index_path.read_text(encoding="utf-8"))
    merged.update(index)
    texts = dict(files)
    texts[INDEX] = render(merged)
    for service in services:
        for folder in ("examples", "resources"):
            stale = out / folder / f"{service}.json"
            if stale.is_file() and f"{folder}/{service}.json" not in texts:
                stale.unlink()
    for relative, text in sorted(texts.items()):
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)


def stale(
    out: Path, files: Mapping[str, str], services: Iterable[str], index: Mapping[str, Any]
) -> list[str]:
    """The files under ``out`` that differ from ``files`` for the given services, and
    ``index.json`` when its entries for them differ from ``index``."""
    services = list(services)
    differ = []
    path = out / INDEX
    committed = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if any(committed.get(s) != index.get(s) for s in services):
        differ.append(INDEX)
    for service in services:
        for folder in ("examples", "resources"):
            relative = f"{folder}/{service}.json"
            path = out / relative
            committed = path.read_text(encoding="utf-8") if path.is_file() else None
            if committed != files.get(relative):
                differ.append(relative)
    return differ


def summary(index: Mapping[str, Any]) -> list[str]:
    served = [e for e in index.values() if "version" in e or "model" in e]
    lines = [
        f"services: {len(index)}, with a Smithy model: {len(served)}",
        f"examples: {sum(e['examples'] for e in served)} "
        f"in {sum(1 for e in served if e['examples'])} services",
        f"smoke tests: {sum(e['smokeTests'] for e in served)} "
        f"in {sum(1 for e in served if e['smokeTests'])} services",
        f"resources: {sum(e['resources'] for e in served)} "
        f"in {sum(1 for e in served if e['resources'])} services, "
        f"ARN references: {sum(e['arnReferences'] for e in served)}",
        f"drift: {sum(len(e['drift']) for e in served)} lines "
        f"in {sum(1 for e in served if e['drift'])} services",
    ]
    for service, entry in sorted(index.items()):
        lines += [f"  {service}: {line}" for line in entry.get("drift", [])[:5]]
        if len(entry.get("drift", [])) > 5:
            lines.append(f"  {service}: ... {len(entry['drift']) - 5} more")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", help="comma-separated botocore services (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="re-derive from the index's jar versions; exit 1 if a table differs")
    parser.add_argument("--models", type=Path, help="read JSON AST files under DIR, not Maven")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="where the tables go")
    args = parser.parse_args(argv)  # fmt: skip
    available = botocore.session.get_session().get_available_services()
    wanted = args.services.split(",") if args.services else available
    unknown = sorted(set(wanted) - set(available))
    if unknown:
        print(f"error: unknown botocore service {unknown[0]!r}", file=sys.stderr)
        return 2
    if args.models is not None and args.out.resolve() == OUTPUT.resolve():
        print("error: --models writes only with --out (committed tables come from Maven)",
              file=sys.stderr)  # fmt: skip
        return 2
    ids = sdk_ids(wanted)
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    try:
        if args.models is not None:
            index, files = from_directory(args.models, ids)
        elif args.check:
            pinned = json.loads((args.out / INDEX).read_text(encoding="utf-8"))
            index, files = from_maven(ids, today, pinned)
        else:
            index, files = from_maven(ids, today)
    except smithy_maven.Unreachable as exc:
        print(f"error: Maven Central: {exc}", file=sys.stderr)
        return 2
    if args.check:
        differ = stale(args.out, files, ids, index)
        for relative in differ:
            print(f"stale: {args.out / relative}")
        print(f"{len(differ)} stale of {len(ids)} services")
        return 1 if differ else 0
    write(args.out, ids, index, files)
    print("\n".join(summary(index)))
    print(f"wrote {len(files) + 1} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
