"""Data-refresh tools: each rewrites one committed data table from its source (run as ``python -m tools.NAME``)."""
