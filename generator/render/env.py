"""Stage ``render``: the Jinja2 environment shared by every target.

Templates live in ``templates/<target>/`` at the repository root (one template per artifact);
the environment is strict (``StrictUndefined``) and keeps whitespace predictable
(``trim_blocks``, ``lstrip_blocks``, ``keep_trailing_newline``). Templates hold no logic beyond
loops and conditionals: every expression string is computed by the target modules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
