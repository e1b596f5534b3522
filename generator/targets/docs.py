"""Target ``docs``: a Markdown page in the structure of the AWS developer guides' task pages.

Input: the service IR, the operation and the snippets (or the reasons a target cannot express
the operation). Output: the page text: title, description converted from the model's HTML, the
parameter list (each member's name, type and whether it is required on one line, its description
and constraints on the lines below, nested members indented under their parent - a list, not a
table, so it reads at any width, on GitHub as in the site) and the CLI and SDK sections.
Every code block is the runnable file itself or its marked excerpt, byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.ir import Member, Operation, Service, Shape
from generator.render.controls import escape_controls
from generator.render.env import render
from generator.render.htmldoc import first_sentence, to_markdown
from generator.render.titles import title as operation_title
from generator.targets import Snippet
from generator.targets.registry import TARGETS

MAX_ROWS = 80
MAX_DEPTH = 3


def _md_title(text: str) -> str:
    """A target's title as Markdown text (the guides escape these characters)."""
    for char in "().":
        text = text.replace(char, "\\" + char)
    return text


TAB_LABELS = {t.name: _md_title(t.title) for t in TARGETS if t.docs == "sdk"}
CLI_SECTION = next(t.name for t in TARGETS if t.docs == "cli")
_TYPE_NAMES = {
    "string": "String", "enum": "String", "integer": "Integer", "long": "Long",
    "float": "Float", "double": "Double", "boolean": "Boolean", "blob": "Blob",
    "timestamp": "Timestamp", "document": "Document",
}


@dataclass(frozen=True)
class Row:
    """One member in the parameter list: its line, then its description and constraints
    below it; nested members follow their parent one level deeper (``depth`` 0 at the top)."""

    name: str  # the member's own name as a code span (its parent shows the rest of the path)
    path: str  # the whole path as a code span (``metrics[].eventType``), for the patterns list
    depth: int
    type: str
    required: bool
    constraints: str
    description: str
    pattern: str = ""

    @property
    def indent(self) -> str:
        return "    " * self.depth

    @property
    def lines(self) -> list[str]:
        """The item's lines: name, type and required; the description; the constraints."""
        head = f"{self.name} – {self.type}, {'**required**' if self.required else 'optional'}"
        return [head, *(block_safe(t) for t in (self.description, self.constraints) if t)]


_ROOT_LINK = re.compile(r"\]\((/[^)\s]*)\)")
_RELATIVE_LINK = re.compile(r"\[([^\]]*)\]\((?!\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/))\s*([^)\s]*)\)")
_GUIDE = re.compile(r"^[a-z0-9-]+/latest/")  # gamelift/latest/apireference/API_X.html


def _relative(match: re.Match[str]) -> str:
    text, target = match.group(1), match.group(2)
    if _GUIDE.match(target):  # the docs site's root without its slash
        return f"[{text}](https://docs.aws.amazon.com/{target})"
    return text  # relative to a page of the AWS docs the model does not name (or an anchor in it)


def doc_markdown(html: str) -> str:
    """Model documentation as Markdown; links relative to the AWS docs site's root (the models
    write ``/AmazonS3/latest/...``, a few ``gamelift/latest/...``) are made absolute so they
    resolve from any page; a link relative to a page the model does not name (``API_X.html``)
    keeps its text only."""
    return _RELATIVE_LINK.sub(_relative, _ROOT_LINK.sub(r"](https://docs.aws.amazon.com\1)", to_markdown(html)))


def md_escape(text: str) -> str:
    """Escape text for one line of Markdown (backslashes kept, no line break)."""
    return text.replace("\\", "\\\\").replace("\n", " ")


# what can open a block at a line's start even in a paragraph's continuation line (a heading,
# a list item, a quote, a fence, a thematic break or setext underline, an HTML block)
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|>|`{3}|~{3}|[=-]+\s*$|\*\*\*|___|<)")


def block_safe(text: str) -> str:
    """A line of inline Markdown that cannot start a block where it stands (a description that
    begins with ``# `` or ``1. `` stays text inside its list item)."""
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    end = match.end()
    if text[:end].isdigit():  # ``1. `` -> ``1\. `` (a digit cannot be escaped)
        return f"{text[:end]}\\{text[end:]}"
    if text[0] in "=~<":  # Python-Markdown has no escape for these
        return "&#8203;" + text  # a zero-width space first
    return "\\" + text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~-])")


def md_text(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text (no markup, no HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


_AWS_PAGE = re.compile(r"https://(docs\.aws\.amazon\.com|aws\.amazon\.com)/[\w./#%~+-]*")


def _provenance(sentence: str, references: tuple[tuple[str, str], ...]) -> str:
    """The provenance line, linking each value taken from AWS's documentation to its page."""
    links = [(m, src) for m, src in references if _AWS_PAGE.fullmatch(src)]
    if not links:
        return md_text(sentence)
    if len(links) == 1:
        cited = f"[source]({links[0][1]})"
    else:
        cited = "; ".join(f"{code_span(m)}: [source]({src})" for m, src in links)
    return f"{md_text(sentence.rstrip('.'))} ({cited})."


_REFERENCE = re.compile(r"^(?P<stem>[A-Za-z0-9]+?)(Arn|ARN|Name|Id|ID|Identifier)s?$")
# a member naming a resource of another service: (keyword, service, creating operation, noun)
_FOREIGN_RESOURCES = (
    ("role", "iam", "CreateRole", "IAM role"),
    ("bucket", "s3", "CreateBucket", "S3 bucket"),
    ("kmskey", "kms", "CreateKey", "KMS key"),
    ("topic", "sns", "CreateTopic", "SNS topic"),
    ("queue", "sqs", "CreateQueue", "SQS queue"),
    ("function", "lambda", "CreateFunction", "Lambda function"),
)


@dataclass(frozen=True)
class Prerequisite:
    """A resource that must exist before the example runs, and the operation that creates it."""

    noun: str
    service: str
    operation: str
    link: str  # the page of the creating operation when it is in this service, else ""


def _words(name: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).lower()


def prerequisites(service: Service, operation: Operation) -> list[Prerequisite]:
    """Resources the required members reference by ARN, name or ID, each with the operation
    that creates it (``Create<Noun>`` of this service, or of the owning service for roles,
    buckets, keys, topics, queues and functions)."""
    if operation.input is None:
        return []
    found: dict[tuple[str, str], Prerequisite] = {}

    def visit(shape: Shape, depth: int) -> None:
        for member in shape.members:
            if not member.required:
                continue
            target = service.shape(member.target)
            if target.kind == "structure" and depth < 2:
                visit(target, depth + 1)
            match = _REFERENCE.match(member.name[:1].upper() + member.name[1:])
            if match is None:
                continue
            stem = match.group("stem")
            lowered = stem.lower()
            for keyword, owner, creator, noun in _FOREIGN_RESOURCES:
                if keyword in lowered:
                    found.setdefault((owner, creator), Prerequisite(noun, owner, creator, ""))
                    break
            else:
                creator = f"Create{stem}"
                if creator in service.operations and creator != operation.name:
                    page = f"{creator}.md"
                    found.setdefault((service.name, creator),
                                     Prerequisite(_words(stem), service.name, creator, page))

    visit(service.shape(operation.input), 0)
    return sorted(found.values(), key=lambda p: (p.service != service.name, p.service, p.operation))


def code_span(text: str) -> str:
    """A code span outside a table: the text shows exactly as given in every renderer."""
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fence(code: str) -> str:
    """A backtick fence longer than every backtick run in the code, wherever it stands (an
    indented run of a value's continuation line could otherwise close the block early)."""
    run = max((len(m) for m in re.findall(r"`{3,}", code)), default=0)
    return "`" * max(3, run + 1)


def type_name(service: Service, shape: Shape) -> str:
    if shape.kind == "list":
        assert shape.item is not None
        inner = type_name(service, service.shape(shape.item.target))
        return "Array of " + (inner[:-6] + "objects" if inner.endswith(" object") else inner)
    if shape.kind == "map":
        assert shape.key is not None and shape.value is not None
        key = type_name(service, service.shape(shape.key.target))
        return f"Map of {key} to " + type_name(service, service.shape(shape.value.target))
    if shape.kind == "structure":
        return f"{shape.name} object"
    if shape.kind == "union":
        return f"{shape.name} object (exactly one member)"
    return _TYPE_NAMES[shape.kind] + (" (streaming)" if shape.streaming else "")


def constraints(shape: Shape, patterns_anchor: str = "") -> str:
    c = shape.constraints
    parts: list[str] = []
    unit = {"list": " items", "map": " entries", "blob": " bytes"}.get(shape.kind, "")
    numeric = shape.kind in ("integer", "long", "float", "double")
    label = "Value" if numeric else ("Size" if unit else "Length")
    if c.min is not None and c.max is not None:
        parts.append(f"{label} {c.min:g}–{c.max:g}{unit}")
    elif c.max is not None:
        parts.append(f"{label} at most {c.max:g}{unit}")
    elif c.min is not None:
        parts.append(f"{label} at least {c.min:g}{unit}")
    if c.enum:
        parts.append("One of: " + ", ".join(code_span(e) for e in c.enum))
    if c.pattern:
        parts.append(f"Pattern: [below](#{patterns_anchor})" if patterns_anchor else "Pattern")
    return "; ".join(parts)


def _rows(
    service: Service, shape: Shape, prefix: str, depth: int, seen: frozenset[str], anchor: str
) -> list[Row]:
    rows: list[Row] = []
    for member in shape.members:
        target = service.shape(member.target)
        rows.append(_row(service, member, target, prefix, depth, anchor))
        inner = target
        while inner.kind in ("list", "map"):
            ref = inner.item if inner.kind == "list" else inner.value
            assert ref is not None
            inner = service.shape(ref.target)
        nested = inner.kind in ("structure", "union") and inner.name not in seen
        if nested and depth < MAX_DEPTH:
            suffix = "[]" if target.kind == "list" else ("{}" if target.kind == "map" else "")
            rows += _rows(
                service, inner, f"{prefix}{member.name}{suffix}.", depth + 1,
                seen | {inner.name}, anchor,
            )
    return rows


def _row(
    service: Service, member: Member, target: Shape, prefix: str, depth: int, anchor: str
) -> Row:
    return Row(
        name=code_span(member.name),
        path=code_span(prefix + member.name),
        depth=depth - 1,
        type=md_escape(type_name(service, target)),
        required=member.required,
        constraints=constraints(target, anchor),
        description=first_sentence(doc_markdown(member.documentation or target.documentation)),
        pattern=code_span(target.constraints.pattern) if target.constraints.pattern else "",
    )


def parameter_rows(service: Service, operation: Operation, patterns_anchor: str = "") -> list[Row]:
    """The parameter list's members, parents before their nested members; ``patterns_anchor``
    is where the page lists the patterns."""
    if operation.input is None:
        return []
    shape = service.shape(operation.input)
    return _rows(service, shape, "", 1, frozenset({shape.name}), patterns_anchor)[:MAX_ROWS]


def page_path(service: str, operation: str) -> str:
    """Where ``generate`` writes the docs page of an operation."""
    return f"{service}/{operation}.md"


def render_docs(
    service: Service,
    operation: Operation,
    snippets: dict[str, Snippet],
    reasons: dict[str, str],
    provenance: str = "",
    paginated: bool = False,
    references: tuple[tuple[str, str], ...] = (),
    in_context: tuple[tuple[str, str], ...] = (),
) -> str:
    """The page; ``paginated`` says the examples iterate the operation's paginator (the page
    then says how the CLI, which has no paginator object, pages by itself); ``in_context``
    lists the scenarios that show the operation among the others (title, relative link)."""
    title = operation_title(operation.name)
    title_md = title.replace("(", "\\(").replace(")", "\\)")

    def block(lang: str) -> dict[str, str] | None:
        snippet = snippets.get(lang)
        if snippet is None:
            return None
        return {"code": snippet.excerpt, "fence": fence(snippet.excerpt), "note": snippet.note}

    tabs = []
    for lang, label in TAB_LABELS.items():
        code = block(lang)
        tabs.append({"label": label, "reason": reasons.get(lang, ""), **(code or {"code": "", "fence": "", "note": ""})})
    description = doc_markdown(operation.documentation) or f"Calls {operation.name}\\."
    # the examples hold no control character (their literals escape them); the model's text
    # and reasons might: shown escaped, so the page cannot drive a terminal or reorder lines
    return escape_controls(render(
        "docs/page.md.j2",
        title=title,
        title_md=title_md,
        anchor=f"{service.name}-{operation.name}",
        description=description,
        operation=operation.name,
        service_title=service.full_name,
        api_version=service.api_version,
        rows=parameter_rows(service, operation, f"{service.name}-{operation.name}-patterns"),
        cli=block(CLI_SECTION),
        cli_reason=reasons.get(CLI_SECTION, ""),
        page_tokens=", ".join(
            code_span(t) for t in (operation.paginator.input_token if operation.paginator else ())
        ) if paginated else "",
        tabs=tabs,
        provenance=_provenance(provenance, references) if provenance else "",
        prerequisites=prerequisites(service, operation),
        in_context=[{"title": md_text(title), "link": link} for title, link in in_context],
    ))
