"""diff: what changed for the docs between two botocore releases (stage above generate)."""
