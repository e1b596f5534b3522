"""The hostile-value matrix: 35 strings x (map key, map value, list item, top level, blob), each
string standing *first* in its argument (where the CLI reads prefixes), plus raw blobs of every
byte value. Each example is rendered, run unmodified (the AWS CLI, boto3, the Java SDK) against
the loopback endpoint and judged against botocore's own request for the same parameters: it must
arrive exactly, or be refused with a reason (a NUL cannot be a command-line argument).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from support import require_tool
from test_hostile import CURATED

from generator.model.lower import get_operation, load_service
from generator.values.tree import Value
from generator.values.validate import from_document
from generator.verify.collect import render_examples
from generator.verify.examples import NOT_EXPRESSIBLE, PARITY, Example, Verdict
from generator.verify.run import execute

LANGS = ("cli", "python", "java")
STRINGS = [*CURATED, " [1, 2]", "NUL \x00 inside"]
# The default run: the strings the CLI reads specially when they stand first, and the raw blobs;
# the whole matrix is the slow test (about 12 minutes on two shared cores).
QUICK = ["--looks-like-an-option", "file://etc/passwd", " [1, 2]", "NUL \x00 inside"]
TABLE = "hostile-table"
KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _documents(text: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Where the string goes: first map key and map value, the only list item, a top-level
    string, and a top-level blob (its UTF-8 bytes)."""
    return {
        ("dynamodb", "PutItem"): {
            "TableName": TABLE, "Item": {text: {"S": "v"}},
            "ExpressionAttributeNames": {"#n": text}, "ConditionExpression": text,
        },
        ("dynamodb", "Scan"): {"TableName": TABLE, "AttributesToGet": [text]},
        ("kms", "Encrypt"): {"KeyId": KEY, "Plaintext": text},
    }  # fmt: skip


RAW_BLOBS = [bytes(range(256)), b"-x payload", "café \U0001f600".encode(), bytes(range(0xC0, 0x100)), b"%s\\n%%"]


def _examples(strings: list[str], blobs: list[bytes]) -> tuple[list[Example], list[Verdict]]:
    examples: list[Example] = []
    verdicts: list[Verdict] = []
    for index, text in enumerate(strings):
        for (service_name, op_name), doc in _documents(text).items():
            service = load_service(service_name)
            operation = get_operation(service, op_name)
            value = from_document(service, operation, doc)
            more, refused = render_examples(service, operation, value, LANGS, label=f"s{index}")
            examples += more
            verdicts += refused
    kms = load_service("kms")
    encrypt = get_operation(kms, "Encrypt")
    for index, data in enumerate(blobs):
        value = from_document(kms, encrypt, {"KeyId": KEY, "Plaintext": "x"})
        fields = tuple((n, Value(v.shape, "blob", scalar=data) if n == "Plaintext" else v) for n, v in value.fields)
        more, refused = render_examples(kms, encrypt, Value(value.shape, value.kind, fields=fields),
                                        LANGS, label=f"b{index}")  # fmt: skip
        examples += more
        verdicts += refused
    big: list[tuple[str, str, dict[str, Any], bytes | None]] = [
        ("sns", "Publish", {"TopicArn": "arn:aws:sns:us-east-1:111122223333:t", "Message": "é" * 70000}, None),
        ("dynamodb", "PutItem", {"TableName": TABLE, "Item": {"k": {"S": "x" * 70000}}}, None),
        ("kinesis", "PutRecord", {"StreamName": "s", "PartitionKey": "p", "Data": "x"}, bytes(range(256)) * 400),
    ]  # javac's 65,535-byte constant limit: long strings and a 100 kB blob
    for index, (service_name, op_name, doc, raw) in enumerate(big):
        service = load_service(service_name)
        operation = get_operation(service, op_name)
        value = from_document(service, operation, doc)
        if raw is not None:
            fields = tuple((n, Value(v.shape, "blob", scalar=raw) if v.kind == "blob" else v) for n, v in value.fields)
            value = Value(value.shape, value.kind, fields=fields)
        more, refused = render_examples(service, operation, value, LANGS, label=f"big{index}")
        examples += more
        verdicts += refused
    return examples, verdicts


def _matrix(strings: list[str], blobs: list[bytes]) -> None:
    require_tool("javac", "the Java examples are compiled")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")
    examples, verdicts = _examples(strings, blobs)
    ran, _ = execute(examples, workers=3)
    verdicts += ran
    counts: Counter[tuple[str, str]] = Counter()
    failures = []
    for v in verdicts:
        counts[(v.lang, v.status)] += 1
        if v.status == NOT_EXPRESSIBLE:
            assert v.detail, f"{v.lang} {v.operation} {v.label}: refused without a reason"
            if v.label.startswith("b") and "MAX_ARG_STRLEN" not in v.detail:  # raw blobs and big values
                failures.append(f"{v.lang} {v.operation} {v.label}: raw blob refused: {v.detail}")
        elif v.status != PARITY:
            failures.append(f"{v.lang} {v.service}:{v.operation} {v.label}: {v.status} {v.detail[:200]}")
    print("\nhostile matrix:", dict(sorted(counts.items())))
    assert len(verdicts) == (len(strings) * 3 + len(blobs) + 3) * len(LANGS)
    assert not failures, "\n".join(failures[:30])
    # only the NUL string may be refused, and only by the CLI
    refused = {(v.lang, v.label) for v in verdicts if v.status == NOT_EXPRESSIBLE}
    nul = f"s{len(strings) - 1}"
    allowed = {("cli", nul)} | {("cli", v.label) for v in verdicts if "MAX_ARG_STRLEN" in v.detail}
    assert refused <= allowed, sorted(refused)


def test_cli_prefix_strings_and_raw_blobs_reach_the_wire() -> None:
    _matrix(QUICK, RAW_BLOBS[:2])


@pytest.mark.slow
def test_whole_hostile_value_matrix_reaches_the_wire_or_is_refused() -> None:
    _matrix(STRINGS, RAW_BLOBS)
