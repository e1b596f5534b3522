"""Errors as values: every failure the user can cause carries a path into the model or values.

The CLI edge turns a :class:`SdkParityError` into one line on stderr and exit code 2 (and, when
it carries ``details``, one more indented line for each further problem).
"""

from __future__ import annotations


class SdkParityError(Exception):
    """A problem the user can fix: bad input, unknown name, unwritable output."""

    def __init__(self, message: str, path: str = "", details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.details = details  # further problems, one line each, shown indented under the first

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValuesError(SdkParityError):
    """A values document that does not fit the operation's input shape."""


class UnsupportedError(SdkParityError):
    """An operation a target cannot express (event stream, removed CLI command, ...)."""


class Drift(Exception):
    """``check`` found generated output that differs from the committed tree."""


class LimitError(UnsupportedError):
    """A value larger than a target can run (``generator/data/limits.json``): a refusal for
    values sdk-parity chose, an error (exit 2) for a values file the user gave."""
