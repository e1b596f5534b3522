"""Realistic values, judged by a real implementation: the default Python example of every
moto-implemented operation of 17 commonly used services runs unmodified on a moto server, and
at most 1% of the judged examples may be rejected by the service (or fail locally).

This is the issue's acceptance figure, measured in CI: it fails as soon as a change to value
synthesis, the AWS-authored example table or a renderer makes the service refuse more values.
An example that only needs setup and whose operation ran inside a scenario on moto (the
services' Python scenarios run first) counts as ``in-scenario``.
"""

from __future__ import annotations

from generator.verify import moto
from generator.verify.scenario_moto import proven, run_on_moto

SERVICES = (
    "s3 dynamodb sqs sns iam lambda kms events logs secretsmanager ssm stepfunctions ecr "
    "cloudwatch ec2 cognito-idp glue"
).split()
LIMIT = 0.01


def test_moto_accepts_the_default_examples_of_17_services() -> None:
    scenarios = run_on_moto(SERVICES, ["python"])
    judgements = moto.run([(service, None) for service in SERVICES], proven=proven(scenarios))
    table = moto.counts(judgements)
    print(moto.format_table(judgements))
    total = table["total"]
    assert total["judged"] >= 900, "too few examples were judged: moto or the runner broke"
    assert total["rejected_share"] <= LIMIT, moto.format_table(judgements)
    assert total[moto.IN_SCENARIO] >= 100, "scenarios prove too few examples that need setup"
