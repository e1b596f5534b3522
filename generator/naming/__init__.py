"""Naming authorities: one module per target language decides its identifiers."""
