"""``pyformat.statement``: one generated statement laid out as black lays it out, for each
form the Python scenario programs write (several assignment targets, a long string, a
comparison, a ``for`` header, a ``def``, ``raise``, ``return``, a lookup on a call result),
each held to ``black.format_str`` at the indentation it is written at."""

from __future__ import annotations

import black
import pytest

from generator.render.pyformat.statement import statement_lines

CASES = [
    (8, "configuration_profile_application_id, configuration_profile_id, configuration_profile_name"
        " = create_configuration_profile(appconfig, application_id)"),
    (8, "environment_application_id, environment_id, environment_name = create_environment(appconfig,"
        " application_id)"),
    (8, "hosted_configuration_version_application_id, hosted_configuration_version_configuration_prof"
        "ile_id = create_hosted_configuration_version(appconfig, application_id, configuration_profile_id)"),
    (8, "payment_connector_id, payment_instrument_id, payment_manager_arn = create_payment_instrument("
        "bedrock_agentcore, payment_instrument_payment_manager_arn, payment_instrument_payment_connector_id)"),
    (4, 'extension_association_resource_identifier = "arn:aws:appconfig:us-west-2:123456789012:'
        'application/Finance"'),
    (4, "retry_count_for_the_resource_that_is_created_in_this_scenario_and_deleted_after = -12345"),
    (12, 'if item.get("AcmeExternalAccountBindingArn") == acme_external_account_binding_arn:'),
    (8, 'if wanted_thing_with_a_long_name in page.get("SomeVeryLongKeyNameForTheListOfThings", []):'),
    (4, 'for item in page.get("SomeVeryLongKeyNameForTheListOfThingsAndEvenLongerThanThat", []):'),
    (4, 'paginator = bedrock_agentcore_control.get_paginator("list_payment_credential_providers")'),
    (4, 'waiter = elastic_container_service.get_waiter("services_inactive_after_the_long_delete")'),
    (0, "def create_payment_instrument(bedrock_agentcore, payment_instrument_payment_manager_arn, x):"),
    (0, "def create_payment_instrument(bedrock_agentcore, payment_instrument_payment_manager_arn, "
        "payment_instrument_payment_connector_id, payment_instrument_name):"),
    (8, 'status = response.get("Something", {}).get("SomeVeryLongKeyNameForTheListOfThingsAndEven")'),
    (8, 'raise RuntimeError(f"ListSomethingVeryLong did not list the thing {some_long_variable_name}.")'),
    (8, "if not list_things_that_are_long_and_longer(bedrock_agentcore_control, payment_manager_id):"),
    (8, 'print(f"Created the ingestion destination {ingestion_destination_arn} in {app_bundle_arn}.")'),
    (4, "response = client.create_thing(ThingName=thing_name_that_is_long, ThingDescription=description)"),
    (8, "short_name = create_thing(client)"),
    (12, "if local_gateway_route_table_virtual_interface_group_association_id is not None:"),
    (12, 'if error.response["Error"]["Code"] == "ApprovalRuleTemplateDoesNotExistException":'),
    (8, "if configured_model_algorithm_association_arn in (item.configured_model_algorithm_arns or []):"),
    (4, "for item in response.local_gateway_route_table_virtual_interface_group_associations or []:"),
    (4, "for item in ec2.paginate_describe_local_gateway_route_table_virtual_interface_group_associations():"),
    (4, "return response.local_gateway_virtual_interface_group.local_gateway_virtual_interface_group_id"),
    (4, 'return response["MediaInsightsPipelineConfiguration"]["MediaInsightsPipelineConfigurationId"], '
        'response["MediaInsightsPipelineConfiguration"]["MediaInsightsPipelineConfigurationName"]'),
    (4, 'return response["TableDescription"]["TableName"], response["TableDescription"]["TableArn"], x'),
]


def _black(indent: int, text: str) -> str:
    """``text`` formatted by black at ``indent`` (inside as many blocks as that takes)."""
    levels = indent // 4
    before = "" if levels == 0 else "def f():\n" + "".join("    " * k + "for x in y:\n" for k in range(1, levels))
    body = " " * (indent + 4) + "pass\n" if text.endswith(":") else ""
    out = black.format_str(before + " " * indent + text + "\n" + body, mode=black.Mode())
    return out[len(before) : len(out) - len(body)]


@pytest.mark.parametrize(("indent", "text"), CASES)
def test_statement_is_laid_out_as_black_lays_it_out(indent: int, text: str) -> None:
    assert "\n".join(statement_lines(indent, text)) + "\n" == _black(indent, text)


def test_text_outside_the_subset_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot lay out"):
        statement_lines(4, "x = " + "a" * 90 + " + lambda: 1")
