"""Members whose Java setter takes another type than the model implies (java_gaps.json
``types``, found by reflection over the real jars by tools/java_sdk_gaps.py): the Java renderer
writes the value in the SDK's type, or refuses with the reason when no value of that type sends
what botocore sends.

budgets ``Spend.Amount`` is a string in the model and a ``java.math.BigDecimal`` in the Java SDK
(its codegen customization); the SDK still sends a JSON string, ``BigDecimal.toString()``.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.capabilities import java as java_caps
from generator.errors import UnsupportedError
from generator.model.lower import load_service
from generator.targets.java import java_decimal_text, render_java
from generator.values.validate import from_document
from tools.java_sdk_gaps import expected_type, load_model


def _budget(amount: str) -> dict[str, Any]:
    return {"AccountId": "111122223333",
            "Budget": {"BudgetName": "b", "BudgetLimit": {"Amount": amount, "Unit": "USD"},
                       "TimeUnit": "MONTHLY", "BudgetType": "COST"}}  # fmt: skip


def _java(service_name: str, operation: str, document: dict[str, Any]) -> str:
    service = load_service(service_name)
    op = service.operation(operation)
    return render_java(service, op, from_document(service, op, document, "test"), operation).text


def test_budgets_spend_amount_is_recorded_as_big_decimal() -> None:
    assert java_caps.sdk_member_type("budgets", "Spend", "Amount") == "java.math.BigDecimal"
    assert java_caps.sdk_member_type("budgets", "Spend", "Unit") is None
    assert java_caps.sdk_member_type("no-such-service", "Spend", "Amount") is None


@pytest.mark.parametrize("operation", ["CreateBudget", "UpdateBudget"])
def test_big_decimal_member_is_written_as_new_big_decimal_of_the_text(operation: str) -> None:
    document = _budget("100.50")
    if operation == "UpdateBudget":
        document = {"AccountId": "111122223333", "NewBudget": document["Budget"]}
    text = _java("budgets", operation, document)
    assert "import java.math.BigDecimal;\n" in text
    assert '.amount(new BigDecimal("100.50"))' in text
    assert '.amount("100.50")' not in text


@pytest.mark.parametrize(
    ("amount", "sent"),
    [("0.0000001", "1E-7"), ("+5", "5"), ("1e3", "1E+3"), ("00100", "100"), ("-0", "0")],
)
def test_decimal_text_java_would_respell_is_refused(amount: str, sent: str) -> None:
    assert java_decimal_text(amount) == sent
    with pytest.raises(UnsupportedError) as caught:
        _java("budgets", "CreateBudget", _budget(amount))
    assert "Spend.Amount as java.math.BigDecimal" in caught.value.message
    assert f"a BigDecimal is sent as {sent!r}" in caught.value.message


def test_text_that_is_no_decimal_is_refused() -> None:
    assert java_decimal_text("1,000") is None
    with pytest.raises(UnsupportedError, match="not a BigDecimal"):
        _java("budgets", "CreateBudget", _budget("1,000"))


@pytest.mark.parametrize("text", ["100", "100.0", "0.000001", "1E+3", "-1.5E-10", "12345678901234567890.5"])
def test_decimal_text_java_keeps(text: str) -> None:
    assert java_decimal_text(text) == text


def test_sweep_asks_for_the_type_the_renderer_writes() -> None:
    model = load_model("budgets")
    shapes = model["shapes"]
    assert expected_type(model, shapes["Spend"]["members"]["Amount"]["shape"]) == "java.lang.String"
    assert expected_type(model, "GenericTimestamp") == "java.time.Instant"
    assert expected_type(model, "Budget") is None  # a structure: its class is probed instead
    cost_filters = shapes["Budget"]["members"]["CostFilters"]["shape"]  # map of string lists
    assert expected_type(model, cost_filters) is None
    ddb = load_model("dynamodb")
    assert expected_type(ddb, "StringSetAttributeValue") == "java.util.Collection<java.lang.String>"
    assert expected_type(ddb, "AttributeValue") is None


def test_other_recorded_type_is_only_in_responses() -> None:
    # chime-sdk-voice PhoneNumberOrder.FocDate: a string in the model, an Instant in the SDK,
    # reachable only from outputs, so no example writes it (the renderer would refuse it).
    assert java_caps.sdk_member_type("chime-sdk-voice", "PhoneNumberOrder", "FocDate") == (
        "java.time.Instant"
    )
    model = load_model("chime-sdk-voice")
    inputs = {spec["input"]["shape"] for spec in model["operations"].values() if "input" in spec}
    shapes, seen = model["shapes"], set()
    while inputs:
        name = inputs.pop()
        if name in seen or name not in shapes:
            continue
        seen.add(name)
        shape = shapes[name]
        inputs |= {m["shape"] for m in shape.get("members", {}).values()}
        inputs |= {shape[k]["shape"] for k in ("member", "key", "value") if k in shape}
    assert "PhoneNumberOrder" not in seen
