"""On the wire: a member the Java SDK types differently from the model (java_gaps.json ``types``)
still sends botocore's request.

budgets ``Spend.Amount`` is a string in the model and a ``java.math.BigDecimal`` in the Java SDK.
The example writes ``new BigDecimal("100")``; the SDK keeps the model's string on the wire
(``BigDecimal.toString()``), so the JSON body holds ``"Amount":"100"`` - the same JSON string
botocore sends, not a number. A text Java would respell (``0.0000001`` is sent as ``1E-7``) is
refused as not expressible rather than sent differently.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.serialize import create_serializer
from support import require_tool

from generator.generate.pipeline import example_value, render_snippet
from generator.model.lower import load_service
from generator.values.tree import to_params
from generator.verify import javatool
from generator.verify.command import Outcome, verify
from generator.verify.examples import NOT_EXPRESSIBLE, PARITY


def _toolchain() -> None:
    require_tool("javac", "a JDK is needed to compile the Java examples")
    require_tool("mvn", "Maven resolves the AWS SDK for Java 2.x")


def _statuses(outcome: Outcome) -> dict[tuple[str, str], tuple[str, str]]:
    return {(v.operation, v.lang): (v.status, v.detail) for v in outcome.verdicts}


def _values_dir(root: Path, amount: str) -> Path:
    budget = {"BudgetName": "b", "BudgetLimit": {"Amount": amount, "Unit": "USD"},
              "TimeUnit": "MONTHLY", "BudgetType": "COST"}  # fmt: skip
    documents = {"CreateBudget": {"AccountId": "111122223333", "Budget": budget},
                 "UpdateBudget": {"AccountId": "111122223333", "NewBudget": budget}}  # fmt: skip
    for operation, document in documents.items():
        path = root / "budgets" / f"{operation}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document), encoding="utf-8")
    return root


def test_budgets_big_decimal_amount_reaches_parity_in_java() -> None:
    _toolchain()
    statuses = _statuses(verify([("budgets", ["CreateBudget", "UpdateBudget"])], ("java",), None, workers=1))
    assert statuses == {("CreateBudget", "java"): (PARITY, ""), ("UpdateBudget", "java"): (PARITY, "")}


def test_budgets_amount_java_would_respell_is_not_expressible(tmp_path: Path) -> None:
    _toolchain()
    kept = _values_dir(tmp_path / "kept", "100.50")
    statuses = _statuses(verify([("budgets", ["CreateBudget", "UpdateBudget"])], ("java",), kept, workers=1))
    assert {k: s for k, (s, _) in statuses.items()} == {
        ("CreateBudget", "java"): PARITY, ("UpdateBudget", "java"): PARITY,
    }  # fmt: skip
    respelled = _values_dir(tmp_path / "respelled", "0.0000001")
    statuses = _statuses(verify([("budgets", ["CreateBudget"])], ("java",), respelled, workers=1))
    status, detail = statuses[("CreateBudget", "java")]
    assert status == NOT_EXPRESSIBLE
    assert "java.math.BigDecimal" in detail and "'1E-7'" in detail, detail


class _Recorder(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server hook's name
        self.bodies.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[bytes]]]:
    bodies: list[bytes] = []
    handler = type("Handler", (_Recorder,), {"bodies": bodies})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", bodies
    finally:
        server.shutdown()
        server.server_close()


def test_java_sends_the_amount_as_botocores_json_string(
    tmp_path: Path, recorder: tuple[str, list[bytes]]
) -> None:
    # The endpoint's decoder reads a JSON number for a string member as its text, so parity
    # alone would not show a number sent for a string: compare the raw bodies here.
    _toolchain()
    url, bodies = recorder
    service = load_service("budgets")
    operation = service.operation("CreateBudget")
    value = example_value(service, operation, None)
    snippet = render_snippet(service, operation, value, "java")
    assert "new BigDecimal(" in snippet.text
    source = tmp_path / "src" / snippet.path
    source.parent.mkdir(parents=True)
    source.write_text(snippet.text, encoding="utf-8")
    resolution = javatool.resolve(["budgets"])
    javatool.compile_java([source], resolution.classpath, tmp_path / "classes")
    env = {"AWS_ENDPOINT_URL_BUDGETS": url, "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1",
           "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"}  # fmt: skip
    report = javatool.run_mains([f"com.example.budgets.{source.stem}"],
                                f"{tmp_path / 'classes'}:{resolution.classpath}", env)  # fmt: skip
    assert report.results[0].ok, report.results[0].error
    assert len(bodies) == 1
    sent = json.loads(bodies[0])
    model = botocore.session.get_session().get_service_model("budgets").operation_model("CreateBudget")
    request = create_serializer("json").serialize_to_request(to_params(value), model)
    expected = json.loads(request["body"])
    amount = expected["Budget"]["BudgetLimit"]["Amount"]
    assert isinstance(amount, str)
    assert sent["Budget"]["BudgetLimit"]["Amount"] == amount  # a JSON string, not a number
    assert sent == expected
