"""Fuzzing over real shapes: hypothesis replaces the leaves of synthesized values of real
operations with hostile text and numbers. Every document is either refused by validation
(ValuesError) or rendered by every target (or refused with UnsupportedError); what is rendered
must be well formed: Python compiles, the shell script parses, the docs page has exactly one code
block per rendered language. Bounded (a fixed number of examples, derandomized) for CI time.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.errors import UnsupportedError, ValuesError
from generator.model.lower import get_operation, load_service
from generator.render.titles import title
from generator.targets.docs import render_docs
from generator.targets.registry import EXAMPLE_NAMES, render_example
from generator.values.synthesize import synthesize
from generator.values.tree import to_json
from generator.values.validate import from_document

OPERATIONS = [("dynamodb", "PutItem"), ("sns", "Publish"), ("kms", "Encrypt"), ("sqs", "SendMessage"),
              ("personalize", "CreateMetricAttribution")]  # fmt: skip
HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["-x", "--opt", "file://x", "fileb://y", "http://h", "https://h", " [1]", "{}",
                     "\n    ```\n<script>alert(1)</script>\n```", "a\x00b", "\ud800", "$(id)", "'\"`\\",
                     "\u2028", "\x1b[31m", "café"]),
)  # fmt: skip
NUMBERS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True))  # fmt: skip


def _leaves(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(doc, dict):
        out = [(path + (("key", k),), k) for k in doc]
        for k, v in doc.items():
            out += _leaves(v, path + (k,))
        return out
    if isinstance(doc, list):
        return [leaf for i, v in enumerate(doc) for leaf in _leaves(v, path + (i,))]
    return [(path, doc)]


def _replace(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    step, rest = path[0], path[1:]
    if isinstance(step, tuple) and step[0] == "key":  # rename a map key / member
        return {(new if k == step[1] else k): v for k, v in doc.items()} if isinstance(new, str) else doc
    if isinstance(doc, dict):
        return {k: (_replace(v, rest, new) if k == step else v) for k, v in doc.items()}
    return [(_replace(v, rest, new) if i == step else v) for i, v in enumerate(doc)]


def _code_blocks(page: str) -> int:
    return sum(1 for token in MarkdownIt("commonmark").parse(page) if token.type == "fence")


def _check(service_name: str, op_name: str, doc: Any, scripts: list[str]) -> None:
    service = load_service(service_name)
    operation = get_operation(service, op_name)
    try:
        value = from_document(service, operation, doc)
    except ValuesError as exc:
        assert exc.path or exc.message
        return
    snippets = {}
    reasons = {}
    for lang in EXAMPLE_NAMES:
        try:
            snippets[lang] = render_example(service, operation, value, lang, title(op_name))
        except UnsupportedError as exc:
            assert exc.message
            reasons[lang] = exc.message
    if "python" in snippets:
        compile(snippets["python"].text, "example.py", "exec")
    if "cli" in snippets:
        scripts.append(snippets["cli"].text)
    page = render_docs(service, operation, snippets, reasons)
    assert _code_blocks(page) == len(snippets), page


@pytest.mark.parametrize(("service_name", "op_name"), OPERATIONS)
def test_fuzzed_values_of_real_shapes_are_refused_or_well_formed(
    service_name: str, op_name: str, tmp_path: Path
) -> None:
    service = load_service(service_name)
    base = to_json(synthesize(service, get_operation(service, op_name)))
    leaves = _leaves(base)
    scripts: list[str] = []

    @settings(max_examples=25, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.lists(st.tuples(st.integers(0, len(leaves) - 1), st.one_of(HOSTILE_TEXT, NUMBERS)),
                    min_size=1, max_size=4))  # fmt: skip
    def fuzz(changes: list[tuple[int, Any]]) -> None:
        doc = base
        for index, new in changes:
            doc = _replace(doc, leaves[index][0], new)
        _check(service_name, op_name, doc, scripts)

    fuzz()
    assert scripts, "every fuzzed document was refused: the fuzzing proves nothing"
    for index, script in enumerate(scripts):
        (tmp_path / f"s{index}.sh").write_text(script, encoding="utf-8")
    if scripts:
        parsed = subprocess.run(["sh", "-c", 'for f; do sh -n "$f" || exit 1; done', "sh",
                                 *sorted(str(p) for p in tmp_path.glob("*.sh"))],
                                capture_output=True, text=True)  # fmt: skip
        assert parsed.returncode == 0, parsed.stderr


def test_a_value_with_an_indented_fence_keeps_one_code_block_per_language() -> None:
    service = load_service("sns")
    operation = get_operation(service, "Publish")
    doc = to_json(synthesize(service, operation))
    doc["Message"] = "text\n   ```\n<script>alert(1)</script>\n  ~~~\n````\nend"
    scripts: list[str] = []
    _check("sns", "Publish", doc, scripts)
    assert scripts
