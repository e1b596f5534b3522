"""Scenarios on the wire: every step of every scenario of the ten services CI proves sends
exactly botocore's request (the identifiers taken from the responses the endpoint sent), in
Python, the AWS CLI, the typed client, JavaScript and Go, and the cleanup runs after a failure
injected at each step.

The harness is shown to catch what it must: a value re-typed instead of taken from the
response, a corrupted value, a cleanup that does not run, and a CLI script run whole with the
real ``aws`` reaches the same verdict as in batch mode."""

from __future__ import annotations

import dataclasses

import pytest

from generator.model import patterns
from generator.model.lower import load_service
from generator.verify.examples import MISMATCH, NOT_EXPRESSIBLE, PARITY
from generator.verify.scenario_go import verify_go_scenarios
from generator.verify.scenario_js import verify_js_scenarios
from generator.verify.scenarios import (
    Harness,
    Program,
    ScenarioVerdict,
    collect,
    verify_program,
    verify_scenarios,
)

SERVICES = ("dynamodb", "sqs", "sns", "s3", "lambda", "iam", "kms", "secretsmanager",
            "stepfunctions", "ecr")  # fmt: skip


def _program(service: str, resource: str, lang: str) -> Program:
    programs, _ = collect([service], [lang])
    return next(p for p in programs if p.lifecycle.resource == resource)


def _assert_parity(verdicts: list[ScenarioVerdict], injected: bool) -> list[ScenarioVerdict]:
    wrong = [v for v in verdicts if v.status == MISMATCH]
    assert not wrong, "\n".join(f"{v.service} {v.resource} {v.lang}: {v.detail}" for v in wrong)
    parity = [v for v in verdicts if v.status == PARITY]
    for verdict in parity:
        assert verdict.steps and all(s.status == PARITY for s in verdict.steps)
        if injected:
            assert verdict.injected >= 2 and verdict.cleanup == "", (verdict.resource, verdict.lang)
    refused = [v for v in verdicts if v.status not in (PARITY, MISMATCH)]
    assert all("not in the model bundled with awscli" in v.detail for v in refused), refused
    return parity


def test_every_scenario_of_ten_services_is_at_parity_and_cleans_up_after_any_failure() -> None:
    """Python with a failure injected at each step; the CLI at parity (its cleanup - one
    ``trap`` function whatever the scenario - is proven below on scenarios with prerequisites
    and polls, which keeps CI minutes down)."""
    parity = _assert_parity(verify_scenarios(SERVICES, ("python",), workers=3), injected=True)
    assert len(parity) >= 30, f"too few scenarios verified: {len(parity)}"
    parity = _assert_parity(verify_scenarios(SERVICES, ("cli",), workers=3, inject=False), injected=False)
    assert len(parity) >= 30, f"too few scenarios verified: {len(parity)}"


def test_every_typed_client_scenario_of_ten_services_is_at_parity_and_cleans_up() -> None:
    """The typed client's programs, through the generated packages, with a failure injected
    at each step."""
    parity = _assert_parity(verify_scenarios(SERVICES, ("client",), workers=3), injected=True)
    assert len(parity) >= 32, f"too few scenarios verified: {len(parity)}"


@pytest.mark.parametrize(("service", "resource"), [
    ("lambda", "function"),  # a prerequisite IAM role, waiters after the create and the update
    ("personalize", "dataset"),  # two prerequisites, polls without a botocore waiter
    ("s3", "bucket"),  # a name the user chose (a flag, not a returned value, guards the cleanup)
])  # fmt: skip
def test_a_cli_script_cleans_up_after_a_failure_at_any_step(
    harness: Harness, service: str, resource: str
) -> None:
    verdict = verify_program(harness, _program(service, resource, "cli"))
    assert (verdict.status, verdict.cleanup) == (PARITY, ""), verdict.detail
    assert verdict.injected >= len(_program(service, resource, "cli").lifecycle.steps) - 1


@pytest.fixture(scope="module")
def harness() -> Harness:
    made = Harness()
    yield made  # type: ignore[misc]
    made.close()


def test_a_value_re_typed_instead_of_taken_from_the_response_is_a_mismatch(harness: Harness) -> None:
    program = _program("dynamodb", "table", "python")
    retyped = program.text.replace(
        "    return dynamodb.update_table(\n        TableName=table_name,",
        '    return dynamodb.update_table(\n        TableName="Music",',
    )
    assert retyped != program.text
    verdict = verify_program(harness, dataclasses.replace(program, text=retyped), inject=False)
    assert verdict.status == MISMATCH
    assert "(UpdateTable)" in verdict.detail and "TableName: sent 'Music'" in verdict.detail


def test_a_typed_client_value_re_typed_is_a_mismatch_and_an_invalid_one_is_refused(
    harness: Harness,
) -> None:
    program = _program("dynamodb", "table", "client")
    retyped = program.text.replace(
        "    return dynamodb.update_table(\n        table_name=table_name,",
        '    return dynamodb.update_table(\n        table_name="Music",',
    )
    assert retyped != program.text
    verdict = verify_program(harness, dataclasses.replace(program, text=retyped), inject=False)
    assert verdict.status == MISMATCH
    assert "(UpdateTable)" in verdict.detail and "TableName: sent 'Music'" in verdict.detail
    # the package checks values before sending: a capacity below the model's minimum of 1
    invalid = program.text.replace("read_capacity_units=10", "read_capacity_units=0")
    assert invalid != program.text
    verdict = verify_program(harness, dataclasses.replace(program, text=invalid), inject=False)
    assert verdict.status == MISMATCH
    assert "(UpdateTable) not sent" in verdict.detail and "read_capacity_units" in verdict.detail


def test_a_passed_on_identifier_fits_the_member_that_takes_it(harness: Harness) -> None:
    """The loopback answer's role ARN fits Lambda's ``Role`` pattern (the typed client checks
    it), and the judge compares the request with the ARN the endpoint actually sent."""
    program = _program("lambda", "function", "client")
    run, (code, _, stderr) = harness.run(program)
    assert code == 0, stderr
    create = next(i for i, s in enumerate(program.lifecycle.steps) if s.operation == "CreateFunction")
    role = run.params(create)["Role"]
    pattern = load_service("lambda").shape("RoleArn").constraints.pattern
    assert pattern and patterns.matches(pattern, role) is True, role


def test_every_javascript_scenario_of_ten_services_is_at_parity_and_cleans_up() -> None:
    """One tsc and one node for every program and every injected failure (none at a waiter's
    step: a JavaScript waiter retries an error it does not expect until its time limit)."""
    verdicts = verify_scenarios(SERVICES, ("js",))
    wrong = [v for v in verdicts if v.status == MISMATCH]
    assert not wrong, "\n".join(f"{v.service} {v.resource}: {v.detail}" for v in wrong)
    parity = [v for v in verdicts if v.status == PARITY]
    assert len(parity) >= 32, f"too few scenarios verified: {len(parity)}"
    for verdict in parity:
        assert verdict.steps and all(s.status == PARITY for s in verdict.steps)
        assert verdict.injected >= 1 and verdict.cleanup == "", (verdict.resource, verdict.injected)
    refused = [v for v in verdicts if v.status not in (PARITY, MISMATCH)]
    assert refused == [], refused  # every client the ten services need is pinned


def test_a_javascript_value_re_typed_is_a_mismatch_and_a_skipped_cleanup_is_caught() -> None:
    program = _program("dynamodb", "table", "js")
    retyped = program.text.replace(
        "new UpdateTableCommand({\n    TableName: tableName,", 'new UpdateTableCommand({\n    TableName: "Music",'
    )
    assert retyped != program.text
    lines = program.text.split("\n")
    start = lines.index("  } finally {")
    broken = "\n".join([*lines[:start], "  } catch (caught) {", "    throw caught;", "  }", "  {",
                         *lines[start + 1 :]])  # fmt: skip
    by_text = {v.detail: v for v in verify_js_scenarios([
        dataclasses.replace(program, text=retyped), dataclasses.replace(program, text=broken)])}  # fmt: skip
    details = sorted(by_text)
    assert len(details) == 2 and all(v.status == MISMATCH for v in by_text.values()), details
    assert any("(UpdateTable)" in d and "TableName: sent 'Music'" in d for d in details), details
    assert any("of the cleanup was not sent" in d for d in details), details


GO_SERVICES = ("dynamodb", "lambda", "s3")  # json, rest-json with IAM's query, rest-xml: lean CI


def test_every_go_scenario_of_three_services_is_at_parity_and_cleans_up() -> None:
    """One go build (a binary per service), a failure injected at every step but the first
    create (Go's waiters fail at once on an error they do not expect). Three services keep CI
    lean (the ten are proven on moto, and by `verify --scenarios ... --lang go`: docs)."""
    verdicts = verify_scenarios(GO_SERVICES, ("go",))
    wrong = [v for v in verdicts if v.status != PARITY]
    assert not wrong, "\n".join(f"{v.service} {v.resource}: {v.status}: {v.detail}" for v in wrong)
    assert len(verdicts) >= 9, f"too few scenarios verified: {len(verdicts)}"
    for verdict in verdicts:
        assert verdict.steps and all(s.status == PARITY for s in verdict.steps)
        assert verdict.injected == len(verdict.steps) - 1 and verdict.cleanup == "", verdict.resource


def test_a_go_value_re_typed_is_a_mismatch_and_a_skipped_cleanup_is_caught() -> None:
    program = _program("dynamodb", "table", "go")
    retyped = program.text.replace(
        "UpdateTable(ctx, &dynamodb.UpdateTableInput{\n\t\tTableName: aws.String(tableName),",
        'UpdateTable(ctx, &dynamodb.UpdateTableInput{\n\t\tTableName: aws.String("Music"),',
    )
    assert retyped != program.text
    # the cleanup runs only when every step succeeded
    broken = program.text.replace("\tdefer func() {\n", "\tdefer func() {\n\t\tif err != nil {\n\t\t\treturn\n\t\t}\n")
    assert broken != program.text
    by_text = {v.detail: v for v in verify_go_scenarios([
        dataclasses.replace(program, text=retyped), dataclasses.replace(program, text=broken)])}  # fmt: skip
    details = sorted(by_text)
    assert len(details) == 2 and all(v.status == MISMATCH for v in by_text.values()), details
    assert any("(UpdateTable)" in d and "TableName: sent 'Music'" in d for d in details), details
    assert any("of the cleanup was not sent" in d for d in details), details


def test_a_go_program_that_does_not_compile_is_named_with_the_compiler_error() -> None:
    program = _program("sqs", "queue", "go")
    missing = program.text.replace(".NewListQueuesPaginator(", ".NewListQueuesPagesPaginator(")
    typo = program.text.replace("return nil\n}\n\nfunc main()", "return nill\n}\n\nfunc main()")
    assert missing != program.text and typo != program.text
    found = verify_go_scenarios([dataclasses.replace(program, text=missing), dataclasses.replace(program, text=typo)])
    assert [v.status for v in found] == [NOT_EXPRESSIBLE, MISMATCH], found
    assert "undefined: sqs.NewListQueuesPagesPaginator" in found[0].detail
    assert found[1].detail.startswith("go build: ") and "nill" in found[1].detail


def test_a_prerequisite_of_the_resources_own_type_is_judged_as_its_own(harness: Harness) -> None:
    """API Gateway's deployment: the stage it needs needs a deployment first, so a failure
    before the main deployment exists removes only the prerequisite's with DeleteDeployment;
    that request is the prerequisite's cleanup step, not the main deployment's."""
    program = _program("apigateway", "deployment", "python")
    operations = [s.operation for s in program.lifecycle.steps]
    assert operations.count("CreateDeployment") == 2 and operations.count("DeleteDeployment") == 2
    verdict = verify_program(harness, program)
    assert verdict.status == PARITY and verdict.cleanup == "", verdict.detail
    assert verdict.injected == len(operations) - 1


def test_a_corrupted_value_names_its_step_and_member(harness: Harness) -> None:
    program = _program("sqs", "queue", "cli")
    corrupted = program.text.replace("VisibilityTimeout=60", "VisibilityTimeout=61")
    assert corrupted != program.text
    verdict = verify_program(harness, dataclasses.replace(program, text=corrupted), inject=False)
    assert verdict.status == MISMATCH
    assert "(SetQueueAttributes)" in verdict.detail and "Attributes.VisibilityTimeout" in verdict.detail


def test_a_cleanup_that_does_not_run_after_a_failure_is_caught(harness: Harness) -> None:
    program = _program("sns", "topic", "python")
    lines = program.text.split("\n")
    start = lines.index("    finally:")
    # the cleanup runs when every step succeeded, and only then
    broken = "\n".join([*lines[:start], "    except RuntimeError:", "        raise", "    else:",
                        *lines[start + 1 :]])  # fmt: skip
    verdict = verify_program(harness, dataclasses.replace(program, text=broken))
    assert verdict.status == MISMATCH
    assert "of the cleanup was not sent" in verdict.cleanup


def test_a_cli_script_run_whole_reaches_the_batch_verdict(harness: Harness) -> None:
    program = _program("sqs", "queue", "cli")
    batched = verify_program(harness, program, inject=False)
    harness.batched = False
    try:
        whole = verify_program(harness, program, inject=False)
    finally:
        harness.batched = True
    assert (batched.status, batched.detail) == (whole.status, whole.detail) == (PARITY, "")
    assert [s.status for s in whole.steps] == [s.status for s in batched.steps]
