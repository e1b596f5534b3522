"""Helpers of the browser tests: Debian's Chromium driven by Playwright, a built site served on
127.0.0.1, and the measure of what overflows the content column sideways."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support import in_ci

CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = ((1280, 800), (1024, 768))  # a laptop, and a small one
SHOW_EVERY_TAB = ".tabbed-block { display: block !important; }"  # measure every tab's code at once

# What sticks out of the content column: the page scrolling sideways, an element reaching past
# the column's edges, or a box that scrolls (or clips) sideways - code blocks included. The
# column is Material's .md-content (its inner margins are the theme's own, and a table's
# scroll wrapper uses them); an element inside a box already named is not named again.
OVERFLOW = """() => {
  const column = document.querySelector('.md-content');
  const box = column.getBoundingClientRect();
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) found.push(`the page: ${root.scrollWidth} > ${root.clientWidth} px`);
  const named = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  for (const el of column.querySelectorAll('*')) {
    if (named.some((n) => n.contains(el))) continue;
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.right > box.right + 0.5 || r.left < box.left - 0.5) {
      found.push(`${name(el)}: ${Math.round(r.left)}..${Math.round(r.right)} px, column ${Math.round(box.left)}..${Math.round(box.right)}`);
      named.push(el);
      continue;
    }
    const x = getComputedStyle(el).overflowX;
    if (x !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name(el)} scrolls: ${el.scrollWidth} > ${el.clientWidth} px`);
      named.push(el);
    }
  }
  return found;
}"""


def require_browser() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install -e '.[site]')")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if in_ci():
            pytest.fail(message + " (CI=true: missing tools fail instead of skipping)")
        pytest.skip(message)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on an ephemeral port of 127.0.0.1; yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def overflows(page: Any, base: str, paths: list[str]) -> dict[str, list[str]]:
    """``"WIDTHxHEIGHT path"`` -> what overflows, for every path at every width (every tab's
    code shown at once); empty when nothing does."""
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(f"{base}/{path}")
        page.add_style_tag(content=SHOW_EVERY_TAB)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            problems = page.evaluate(OVERFLOW)
            if problems:
                found[f"{width}x{height} {path}"] = problems
    return found
