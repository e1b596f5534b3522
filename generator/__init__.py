"""sdk-parity: generate AWS SDK examples from botocore models."""

__version__ = "0.1.0"
