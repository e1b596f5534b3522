"""Python literals written by the python target survive exactly and are black-stable."""

from __future__ import annotations

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.pyformat.literals import bytes_literal, string

HOSTILE = ["a", "it's", 'say "hi"', "both ' and \"", "back\\slash", "a\\'b", 'a\\"b', "\\",
           "nl\n", "\U0001F600", "\x00\x07\x7f", '"""', "'''", "\\'\\\"", "{{ }} %s $(x) `y`"]


def _check(literal: str, expected: object) -> None:
    assert eval(literal) == expected  # noqa: S307 - the point is to read the literal back
    source = f"x = {literal}\n"
    assert black.format_str(source, mode=black.Mode()) == source


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_round_trip_and_are_black_stable(text: str) -> None:
    _check(string(text), text)
    _check(bytes_literal(text.encode("utf-8")), text.encode("utf-8"))


@settings(max_examples=300, derandomize=True)
@given(st.text())
def test_any_string_round_trips(text: str) -> None:
    _check(string(text), text)


@settings(max_examples=300, derandomize=True)
@given(st.binary())
def test_any_bytes_round_trip(data: bytes) -> None:
    _check(bytes_literal(data), data)
