"""The operations whose parameters are hardest to fit on a page.

Written by ``python -m tools.widest_parameters`` over botocore 1.44.8: the top
6 by the width the old parameter table needed and the top 6 by the longest
unbreakable word of today's nested list at its depth, in characters.
"""

from __future__ import annotations

BOTOCORE = "1.44.8"

# (service, operation, table, token)
WIDEST: list[tuple[str, str, int, int]] = [
    ("apigateway", "CreateAuthorizer", 227, 144),
    ("apigatewayv2", "CreateAuthorizer", 198, 144),
    ("apigatewayv2", "UpdateAuthorizer", 198, 144),
    ("ecs", "RegisterDaemonTaskDefinition", 248, 152),
    ("mediaconvert", "CreateJob", 246, 135),
    ("mediaconvert", "CreateJobTemplate", 246, 135),
    ("mediaconvert", "CreatePreset", 252, 157),
    ("mediaconvert", "UpdatePreset", 252, 157),
    ("sagemaker", "CreateFlowDefinition", 262, 88),
]
