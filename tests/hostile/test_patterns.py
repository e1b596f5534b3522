"""Patterns follow ECMA-262 as Smithy specifies: ``$`` matches only at the very end (not before a
trailing newline) and ``\\d`` only ASCII digits; escaped and bracketed ``$`` stay literal."""

from __future__ import annotations

import pytest

from generator.model.patterns import matches, to_engine_syntax

KINESIS_HASH_KEY = r"^(0|([1-9]\d{0,38}))$"


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        (KINESIS_HASH_KEY, "123", True),
        (KINESIS_HASH_KEY, "123\n", False),  # Python's $ would accept this
        (KINESIS_HASH_KEY, "\u0663", False),  # ARABIC-INDIC DIGIT THREE: not an ECMA \d
        (r"^[\d]+$", "12\u0663", False),
        (r"^\D$", "\u0663", True),
        (r"^a\$$", "a$", True),
        (r"^[$]$", "$", True),
        (r"^[^$]$", "x", True),
        (r"^[\]$]$", "$", True),
        (r"^x$", "x\n", False),
        (r"x$", "ax", True),
    ],
)
def test_ecma_semantics(pattern: str, value: str, expected: bool) -> None:
    assert matches(pattern, value) is expected, to_engine_syntax(pattern)


def test_kinesis_explicit_hash_key_with_trailing_newline_is_refused() -> None:
    from generator.errors import ValuesError
    from generator.model.lower import get_operation, load_service
    from generator.values.validate import from_document

    service = load_service("kinesis")
    operation = get_operation(service, "PutRecord")
    doc = {"StreamName": "s", "PartitionKey": "p", "Data": "x", "ExplicitHashKey": "123\n"}
    with pytest.raises(ValuesError, match="ExplicitHashKey"):
        from_document(service, operation, doc)
    doc["ExplicitHashKey"] = "123"
    from_document(service, operation, doc)
