"""Site pages: the docs target's Markdown pages, reshaped for MkDocs Material, plus the pages
only the site has (home, one overview per service, related operations).

Stage: render (site). Input: the rendered docs page text (one artifact of
:func:`generator.pipeline.generate`, never rendered a second time) and the service IR. Output:
Markdown text for the site's docs folder. Pure; :mod:`generator.site` writes and builds.

The page transform is line based and relies only on the docs template's own structure:
a heading ends with ``<a name="ID"></a>`` (becomes ``{ #ID }``), the CLI section holds one fenced
block, and the SDK section is a run of ``------`` / ``#### [ label ]`` blocks (the AWS guides'
tab markup), which become ``pymdownx.tabbed`` content tabs with the language on the fence.
Adding a language to the docs target adds a tab here with no change.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from generator.model.ir import Operation, Service
from generator.render.env import render
from generator.render.htmldoc import first_sentence
from generator.site.code import PageCode, Tab, proven_html
from generator.targets.docs import CLI_SECTION, TAB_LABELS, doc_markdown, md_text
from generator.targets.registry import TARGETS

CLI_LABEL = "AWS CLI"
LEXERS = {t.name: t.lexer for t in TARGETS}
_HEADING = re.compile(r'^(#{1,6} .*?)<a name="([^"]+)"></a>\s*$')
_TAB = re.compile(r"^#### \[ (.*) \]\s*$")
_FENCE = re.compile(r"^(`{3,})\s*$")
_ANY_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_PLACEHOLDER = "<!--sdk-parity-code-{}-->"
_CODE_SPAN = re.compile(r"(`+) ?(.+?) ?\1(?!`)")
_SYNTAX = set("\\`*_{}[]()#+-.!<>&|~:")
_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_ID_SUFFIXES = ("Arn", "ARN", "Id", "ID", "Identifier")
_TWO_WORD_VERBS = ("Batch",)
MAX_LINKS = 12
_CODE_SECTIONS = ("-cli", "-sdk")
_NOTES = ("**Important:**", "**Note:**")


def unescape(text: str) -> str:
    """Markdown text with its backslash escapes removed (tab labels are plain strings)."""
    return _UNESCAPE.sub(r"\1", text)


def _lang_for(label: str) -> str:
    """The language of a tab label ("" for none)."""
    for lang, tab_label in TAB_LABELS.items():
        if unescape(tab_label) == label:
            return lang
    return CLI_SECTION if label == CLI_LABEL else ""


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line if line else "" for line in lines]


@dataclass(frozen=True)
class _Tab:
    label: str
    lang: str
    body: list[str]  # the docs page's lines: the fenced code, a note; or the reason there is none


def site_page(
    page: str, related: str = "", proven: dict[str, str] | None = None,
    blocks: list[str] | None = None,
) -> str:  # fmt: skip
    """The docs page in MkDocs Material's form: attr-list anchors, content tabs, related links;
    ``proven`` maps a language to the line (plain text) its tab shows above the code.

    The tab sets are the Markdown of pymdownx.tabbed and superfences; or, given ``blocks``, their
    HTML written here (:mod:`generator.site.code`, the same HTML) is appended to ``blocks`` and
    the page holds a placeholder, :data:`CODE_PLACEHOLDER` with the block's index, that
    :class:`generator.site.hooks.CodeBlocks` replaces in the page MkDocs wrote (raw HTML in the
    Markdown would cost Python-Markdown more to pass through than the highlighting it saves)."""
    proven = proven or {}
    if related:
        page = page.rstrip("\n") + "\n\n" + related
    lines = page.split("\n")  # line feeds only: the code blocks stay the scripts byte for byte
    out: list[str] = []
    writer: PageCode | None = None
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = _HEADING.match(line)
        if heading:
            section = heading.group(2)
            if writer is None and section.endswith(_CODE_SECTIONS):
                writer = PageCode(_fenced_blocks(lines[:i]))
            # the example sections stay out of the search index: their code is most of a
            # page's text, and indexing it made up a third of the build and most of the index
            exclude = " data-search-exclude" if section.endswith(_CODE_SECTIONS) else ""
            out.append(f"{heading.group(1)} {{ #{section}{exclude} }}")
            i += 1
            continue
        fence = _FENCE.match(line)
        tabs: list[_Tab] = []
        if fence and section.endswith("-cli"):
            end = lines.index(fence.group(1), i + 1)
            tabs.append(_Tab(CLI_LABEL, CLI_SECTION, lines[i : end + 1]))
            i = end + 1
        while line == "------" and (label_line := _TAB.match(lines[i + 1]) if i + 1 < len(lines) else None):
            label = unescape(label_line.group(1))
            body: list[str] = []
            i += 2
            while i < len(lines) and lines[i] != "------":
                body.append(lines[i])
                i += 1
            tabs.append(_Tab(label, _lang_for(label), body))
            line = lines[i] if i < len(lines) else ""
        if tabs:
            assert writer is not None, "example tabs come after the example section's heading"
            if blocks is None:
                out += _markdown(tabs, proven)
            else:
                blocks.append(_html(tabs, proven, writer))
                out += ["", CODE_PLACEHOLDER.format(len(blocks) - 1), ""]
            continue
        if line == "------":  # the closing rule of the tab run
            i += 1
            continue
        out.append(_parsable(line) if "<![" in line else line)
        i += 1
    return "\n".join(out).rstrip("\n") + "\n"


def _parsable(line: str) -> str:
    """The line without ``<![``, which MkDocs' pass of Python's HTML parser over the Markdown
    takes for the start of a marked section and fails on (a pattern's ``(?<![.-])``): a code
    span holding it becomes the HTML of a code span, text gets the character reference."""
    spans = _CODE_SPAN.sub(lambda m: _code_html(m.group(2)) if "<![" in m.group(2) else m.group(0), line)
    return spans.replace("\\<![", "&lt;![").replace("<![", "&lt;![")


def _code_html(text: str) -> str:
    """A code span as HTML whose text Python-Markdown leaves alone (it reads Markdown between
    inline tags): every character Markdown or HTML could take as syntax as a reference."""
    return "<code>" + "".join(f"&#{ord(c)};" if c in _SYNTAX else c for c in text) + "</code>"


def _fenced_blocks(lines: list[str]) -> int:
    """How many fenced code blocks the lines hold (the docs' description may quote code)."""
    count, open_fence = 0, ""
    for line in lines:
        match = _ANY_FENCE.match(line)
        if match is None:
            continue
        if not open_fence:
            count, open_fence = count + 1, match.group(1)
        elif match.group(1).startswith(open_fence) and not line.strip()[len(match.group(1)):]:
            open_fence = ""
    return count


def _split(body: list[str]) -> tuple[list[str], list[str]]:
    """A tab's lines as its fenced code (the fence lines included; none when the SDK cannot call
    the operation) and what follows it, blank lines around both dropped."""
    while body and not body[0].strip():
        body = body[1:]
    fence = _FENCE.match(body[0]) if body else None
    if fence is None:
        return [], _strip(body)
    end = body.index(fence.group(1), 1)
    return body[: end + 1], _strip(body[end + 1 :])


def _strip(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _markdown(tabs: list[_Tab], proven: dict[str, str]) -> list[str]:
    out: list[str] = []
    for tab in tabs:
        code, rest = _split(tab.body)
        if code:
            code = [code[0] + LEXERS.get(tab.lang, "text"), *code[1:]]
        line = proven.get(tab.lang, "")
        above = [md_text(line), "{ .sdk-parity-proven }", ""] if line else []
        body = above + code + ([""] + rest if code and rest else rest)
        out += [f'=== "{tab.label}"', "", *_indent(body), ""]
    return out if len(tabs) > 1 else out[:-1]


def _html(tabs: list[_Tab], proven: dict[str, str], writer: PageCode) -> str:
    written = []
    for tab in tabs:
        code, rest = _split(tab.body)
        line = proven.get(tab.lang, "")
        written.append(Tab(tab.label, LEXERS.get(tab.lang, "text"), proven_html(line) if line else "",
                           "\n".join(code[1:-1]), "\n".join(rest)))
    return writer.tab_set(written)


# ---------------------------------------------------------------- resources and relations


def split_name(operation: str) -> tuple[str, str]:
    """``CreateMetricAttribution`` -> (``Create``, ``MetricAttribution``); plural nouns of
    ``List`` operations are singular (``ListCampaigns`` -> ``Campaign``)."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+|[A-Z]+", operation)
    if not words:
        return operation, ""
    take = 2 if words[0] in _TWO_WORD_VERBS and len(words) > 2 else 1
    verb, noun = "".join(words[:take]), "".join(words[take:])
    return verb, singular(noun) or verb


def singular(noun: str) -> str:
    """A plural resource noun made singular, for grouping (``Policies`` -> ``Policy``)."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "xes", "ches", "shes", "iases")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is", "as")) and len(noun) > 2:
        return noun[:-1]
    return noun


def resource_groups(service: Service) -> dict[str, list[str]]:
    """Resource noun -> its operations (names in model order), nouns sorted."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in service.operations:
        groups[split_name(name)[1]].append(name)
    return dict(sorted(groups.items()))


def _identifiers(service: Service, shape_name: str | None) -> set[str]:
    if shape_name is None:
        return set()
    return {m.name for m in service.shape(shape_name).members if m.name.endswith(_ID_SUFFIXES)}


@dataclass(frozen=True)
class Relations:
    same_resource: tuple[str, ...]
    inputs_from: tuple[tuple[str, tuple[str, ...]], ...]  # identifier -> producers
    outputs_to: tuple[tuple[str, tuple[str, ...]], ...]  # identifier -> consumers


def relations(service: Service) -> dict[str, Relations]:
    """For each operation: the other operations on its resource, the operations that produce the
    identifiers it takes (``Create``/``Start``/... returning ``fooArn``), and those that take the
    identifiers it returns."""
    ins = {n: _identifiers(service, op.input) for n, op in service.operations.items()}
    outs = {n: _identifiers(service, op.output) for n, op in service.operations.items()}
    producers: dict[str, list[str]] = defaultdict(list)
    consumers: dict[str, list[str]] = defaultdict(list)
    for name in service.operations:
        for ident in outs[name] - ins[name]:  # created here, not merely echoed back
            producers[ident].append(name)
        for ident in ins[name]:
            consumers[ident].append(name)
    groups = resource_groups(service)
    result: dict[str, Relations] = {}
    for name in service.operations:
        noun = split_name(name)[1]
        same = tuple(n for n in groups[noun] if n != name)
        inputs_from = tuple(
            (ident, tuple(p for p in producers[ident] if p != name)[:MAX_LINKS])
            for ident in sorted(ins[name]) if any(p != name for p in producers[ident])
        )
        outputs_to = tuple(
            (ident, tuple(c for c in consumers[ident] if c != name)[:MAX_LINKS])
            for ident in sorted(outs[name] - ins[name])
            if any(c != name for c in consumers[ident])
        )
        result[name] = Relations(same[:MAX_LINKS], inputs_from, outputs_to)
    return result


def related_section(service: Service, operation: str, rel: Relations, pages: set[str]) -> str:
    """The "Related operations" section, linking only to operations that have a page."""

    def keep(pairs: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, list[str]]]:
        kept = [(ident, [n for n in names if n in pages]) for ident, names in pairs]
        return [(ident, names) for ident, names in kept if names]

    return render(
        "site/related.md.j2", anchor=f"{service.name}-{operation}-related",
        noun=split_name(operation)[1], same=[n for n in rel.same_resource if n in pages],
        inputs_from=keep(rel.inputs_from), outputs_to=keep(rel.outputs_to),
    )


# ---------------------------------------------------------------- home and overviews


def _summary(operation: Operation) -> str:
    """The first sentence of the operation's documentation, skipping leading notes."""
    paragraphs = [p for p in doc_markdown(operation.documentation).split("\n\n") if p.strip()]
    while len(paragraphs) > 1 and paragraphs[0].startswith(_NOTES):
        label_only = paragraphs.pop(0).strip() in _NOTES
        if label_only and len(paragraphs) > 1:  # the note's text is the next paragraph
            paragraphs.pop(0)
    text = first_sentence(paragraphs[0]) if paragraphs else ""
    text = text.removeprefix("**Important:** ").removeprefix("**Note:** ")
    return text.replace("|", "\\|").replace("\n", " ") or "–"


def overview_page(service: Service, pages: set[str], scenarios: list[tuple[str, str]] | None = None) -> str:
    """The service's overview: its model documentation, its scenarios (resource, title), then
    its operations by resource."""
    groups = [
        (noun, [(n, _summary(service.operation(n))) for n in names if n in pages])
        for noun, names in resource_groups(service).items()
    ]
    return render(
        "site/overview.md.j2",
        service=service,
        description=doc_markdown(service.documentation) or f"{service.full_name}\\.",
        groups=[(noun, ops) for noun, ops in groups if ops],
        count=len(pages),
        scenarios=scenarios or [],
    )


@dataclass(frozen=True)
class Listed:
    """A service as the home page lists it (what a build of its pages reports back)."""

    name: str
    full_name: str
    api_version: str
    pages: int


def home_page(services: list[Listed], languages: list[str]) -> str:
    """The home page: what the site holds (``languages``: the examples' tab titles) and a row
    per service."""
    listed = ", ".join(languages[:-1]) + f" and {languages[-1]}" if len(languages) > 1 else "".join(languages)
    return render("site/home.md.j2", services=services, languages=md_text(listed),
                  total=sum(s.pages for s in services))
