"""Scenarios end to end against moto: the scenarios of the ten services CI proves run
unmodified in Python, the AWS CLI, the typed client, JavaScript and Go on a moto server on 127.0.0.1; of those whose every
operation moto implements and that need nothing made beforehand, at least 95% per language
succeed at every step and leave nothing behind, and every other result names its cause.

The harness is shown to notice what it must: a scenario that leaves its resource behind, and
the step that failed."""

from __future__ import annotations

import dataclasses

from generator.verify.moto import MotoServer
from generator.verify.scenario_command import format_table, moto_rows, moto_summary
from generator.verify.scenario_moto import (
    FAILED,
    LEFT_BEHIND,
    MOTO_LACKS,
    OK,
    Checker,
    run_on_moto,
    run_one,
)
from generator.verify.scenarios import collect

SERVICES = ("dynamodb", "sqs", "sns", "s3", "lambda", "iam", "kms", "secretsmanager",
            "stepfunctions", "ecr")  # fmt: skip
LIMIT = 0.95


def test_scenarios_of_ten_services_succeed_on_moto_and_leave_nothing_behind() -> None:
    results = run_on_moto(SERVICES, ["python", "cli", "client", "js", "go"])
    table = format_table(moto_rows(results))
    print(table)
    summary = moto_summary(results)
    for lang in ("python", "cli", "client", "js", "go"):
        assert summary["counts"][lang].get(OK, 0) >= 20, table
        assert summary["pass_rate"][lang] >= LIMIT, table
    for result in results:
        if result.status != OK:
            assert result.detail, f"{result.service} {result.resource}: no cause given"
        if result.status == MOTO_LACKS:
            assert result.lacks or "NotImplemented" in result.detail, result


def test_a_scenario_that_leaves_its_resource_behind_is_caught() -> None:
    programs, _ = collect(["sqs"], ["python"])
    (program,) = programs
    lines = program.text.split("\n")
    start = lines.index("    finally:")
    kept = [line for line in lines[start:] if "delete_queue(sqs" in line]
    assert kept
    broken = "\n".join(line for line in lines if line not in kept).replace(
        "Deleted the queue", "Did not delete the queue"
    )
    server = MotoServer()
    try:
        result = run_one(dataclasses.replace(program, text=broken), server, {}, Checker(server.url), 60.0)
    finally:
        server.close()
    assert result.status == LEFT_BEHIND, result
    assert result.detail.startswith("queue: ") and "still" in result.detail


def test_the_step_that_failed_is_named_with_its_error() -> None:
    programs, _ = collect(["dynamodb"], ["cli"])
    program = next(p for p in programs if p.lifecycle.resource == "table")
    broken = program.text.replace("ReadCapacityUnits=10", "ReadCapacityUnits=0")
    assert broken != program.text
    server = MotoServer()
    try:
        result = run_one(dataclasses.replace(program, text=broken), server, {}, Checker(server.url), 60.0)
    finally:
        server.close()
    assert (result.status, result.step, result.operation) == (FAILED, 5, "UpdateTable"), result
    assert "ReadCapacityUnits" in result.detail  # the CLI refuses the value before sending it
