"""Hostile values: strings chosen to break generators reach the wire intact in every language.

Each string (a curated list plus strings drawn by hypothesis with a fixed seed) is placed in
every position a generator treats differently: a top-level member (one string per free-form
member of DynamoDB and SNS operations: the json and query protocols), and inside two carriers -
DynamoDB ``PutItem`` (map key and nested value of ``Item``, list items of ``L`` and ``SS``,
map value of ``ExpressionAttributeNames``) and SNS ``Publish`` (map key and nested value of
``MessageAttributes``). The values go through the public path - a values folder read by
``verify`` - so they are validated against the model, rendered, run unmodified with each
language's SDK and decoded from the wire. Every placement must arrive exactly as intended, or
the generator must refuse the example with a reason.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from support import require_tool

from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.values.tree import to_json
from generator.verify.command import verify
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE, PARITY

LANGS = ("cli", "python", "java", "client")
LONG = "0123456789abcdef" * 256  # 4096 characters
CURATED = [
    "it's a \"quoted\" value",
    "'single' and \"double\" and `back`",
    "C:\\Users\\x\\new\\table",
    "trailing backslash \\",
    "\\u0022 is not an escape here \\n",
    "$(echo hostile)",
    "`echo hostile`",
    "$HOME and ${HOME} and $0 and $$",
    "line one\nline two\n",
    "tab\tseparated\tvalues",
    "carriage\rreturn",
    "ctrl \x01\x02\x07\x08\x0b\x0c\x1b[31m\x1f\x7f end",
    "non-BMP \U0001f600 \U0001d11e \U00010348, BMP \u00e9 \u00df \u4e2d\u6587",
    "\u202eRTL \u200bzero\u200dwidth \ufeffBOM \u2028LS \u2029PS \x85NEL",
    "*/ closes a comment /* opens one",
    '"""triple double"""',
    "'''triple single'''",
    "{{ jinja }} {% raw %} {# comment #}",
    "%s %d %(name)s %% {0} {name}",
    "-leading-dash",
    "--looks-like-an-option",
    "-",
    "file://etc/passwd",
    "fileb://payload.bin",
    "http://example.com/x?y=1&z=2",
    "https://example.com/",
    "a=b,c=d,[e],{f:g}",
    '{"json": [1, 2]}',
    "[1, 2, 3]",
    "; rm -rf / && echo | cat > /dev/null # comment",
    "  leading and trailing spaces  ",
    "null",
    LONG,
    (LONG[:1000] + "\n\"'`$\\") * 3,
]
DRAWN = 12
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40
)
# Operations with free-form top-level strings (no pattern, enum or short maximum), in order.
TOP_LEVEL_OPS = {
    "dynamodb": ["PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "Scan", "ExecuteStatement"],
    "sns": ["Publish", "ConfirmSubscription", "CreatePlatformEndpoint", "Subscribe", "AddPermission",
            "RemovePermission", "SetTopicAttributes", "SetSubscriptionAttributes", "CreateTopic",
            "PutDataProtectionPolicy", "CreatePlatformApplication", "Unsubscribe", "DeleteTopic"],
}  # fmt: skip


def drawn_strings(count: int) -> list[str]:
    """``count`` distinct strings drawn by hypothesis with a fixed seed (no NUL, no surrogate)."""
    found: list[str] = []

    @seed(20240101)
    @settings(max_examples=count * 4, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), deadline=None)  # fmt: skip
    @given(TEXT)
    def draw(text: str) -> None:
        if text not in found and text not in CURATED and len(found) < count:
            found.append(text)

    draw()
    return found


@dataclass(frozen=True)
class Placement:
    text: str
    source: str  # curated / hypothesis
    position: str  # top-level / nested / list / map-key / map-value
    service: str
    operation: str
    path: tuple[Any, ...]  # where the value is in the decoded request (map-key: the map)


def _free(service: Any, member: Any) -> bool:
    shape = service.shape(member.target)
    c = shape.constraints
    return (
        shape.kind == "string" and not c.pattern and not c.enum and (c.max is None or c.max >= 8192)
        and (c.min or 0) <= 1 and not member.location and not member.jsonvalue
        and not member.idempotency_token and member.name not in ("NextToken", "nextToken")
    )  # fmt: skip


def build(values_dir: Path) -> tuple[list[tuple[str, list[str]]], list[Placement]]:
    strings = [(s, "curated") for s in CURATED] + [(s, "hypothesis") for s in drawn_strings(DRAWN)]
    assert not {"list", "set"} & {s for s, _ in strings}
    docs: dict[tuple[str, str], dict[str, Any]] = {}
    slots: list[tuple[str, str, str]] = []
    for service_name, operations in TOP_LEVEL_OPS.items():
        service = load_service(service_name)
        for name in operations:
            op = service.operation(name)
            docs[(service_name, name)] = to_json(example_value(service, op, None))
            assert op.input is not None
            slots += [(service_name, name, m.name) for m in service.shape(op.input).members if _free(service, m)]
    assert len(slots) >= len(strings), f"{len(slots)} top-level slots for {len(strings)} strings"
    placements: list[Placement] = []
    item: dict[str, Any] = {"list": {"L": []}, "set": {"SS": []}}
    names: dict[str, str] = {}
    attributes: dict[str, Any] = {}
    for index, (text, source) in enumerate(strings):
        service_name, operation, member = slots[index]
        docs[(service_name, operation)][member] = text
        put = ("dynamodb", "PutItem")
        publish = ("sns", "Publish")
        item[text] = {"S": text}
        item["list"]["L"].append({"S": text})
        item["set"]["SS"].append(text)
        names[f"#n{index}"] = text
        attributes[text] = {"DataType": "String", "StringValue": text}
        placements += [
            Placement(text, source, "top-level", service_name, operation, (member,)),
            Placement(text, source, "map-key", *put, ("Item",)),
            Placement(text, source, "nested", *put, ("Item", text, "S")),
            Placement(text, source, "list", *put, ("Item", "list", "L", index, "S")),
            Placement(text, source, "list", *put, ("Item", "set", "SS", index)),
            Placement(text, source, "map-value", *put, ("ExpressionAttributeNames", f"#n{index}")),
            Placement(text, source, "map-key", *publish, ("MessageAttributes",)),
            Placement(text, source, "nested", *publish, ("MessageAttributes", text, "StringValue")),
        ]
    docs[("dynamodb", "PutItem")].update(Item=item, ExpressionAttributeNames=names)
    docs[("sns", "Publish")]["MessageAttributes"] = attributes
    for (service_name, operation), doc in docs.items():
        path = values_dir / service_name / f"{operation}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return [(s, ops) for s, ops in TOP_LEVEL_OPS.items()], placements


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def arrived(sent: Any, placement: Placement) -> bool:
    try:
        found = _at(sent, placement.path)
    except (KeyError, IndexError, TypeError):
        return False
    if placement.position == "map-key":
        return isinstance(found, dict) and placement.text in found
    return bool(found == placement.text)


def test_hostile_values_reach_the_wire_in_every_language(tmp_path: Path) -> None:
    require_tool("javac", "the Java examples are compiled")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")
    plan, placements = build(tmp_path / "values")
    outcome = verify(plan, LANGS, tmp_path / "values", workers=3)
    verdicts = {(v.service, v.operation, v.lang): v for v in outcome.verdicts}
    tried: Counter[str] = Counter()
    equal: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    failures: list[str] = []
    for lang in LANGS:
        for p in placements:
            verdict = verdicts[(p.service, p.operation, lang)]
            tried[lang] += 1
            if verdict.status == NOT_EXPRESSIBLE:
                assert verdict.detail, f"{lang} {p.operation}: refused without a reason"
                refused[lang] += 1
            elif verdict.status == PARITY and arrived(verdict.sent, p):
                equal[lang] += 1
            else:
                why = verdict.detail if verdict.status == MISMATCH else "value differs on the wire"
                failures.append(f"{lang} {p.service}:{p.operation} {p.position} {p.text[:40]!r}: {why}")
    strings = {(p.text, p.source) for p in placements}
    print(f"\nhostile values: {len(strings)} strings "
          f"({sum(1 for _, s in strings if s == 'hypothesis')} drawn by hypothesis), "
          f"{len(placements)} placements per language")  # fmt: skip
    for lang in LANGS:
        print(f"  {lang:7} tried {tried[lang]:4}  on the wire as intended {equal[lang]:4}  "
              f"refused with a reason {refused[lang]:4}")  # fmt: skip
    reasons = sorted({v.detail for v in outcome.verdicts if v.status == NOT_EXPRESSIBLE})
    for reason in reasons:
        print(f"  refused: {reason}")
    assert not failures, "\n".join(sorted(set(failures))[:40])
    assert all(equal[lang] > 0 for lang in LANGS)
