"""Target ``docs``: a Markdown page in the structure of the AWS developer guides' task pages.

Input: the service IR, the operation and the snippets (or the reasons a target cannot express
the operation). Output: the page text: title, description converted from the model's HTML, a
parameters table (name, type, required, constraints, description) and the CLI and SDK sections.
Every code block is the runnable file itself or its marked excerpt, byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.ir import Member, Operation, Service, Shape
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
    name: str
    type: str
    required: str
    constraints: str
    description: str
    pattern: str = ""


_ROOT_LINK = re.compile(r"\]\((/[^)\s]*)\)")


def doc_markdown(html: str) -> str:
    """Model documentation as Markdown; links relative to the AWS docs site's root (the models
    write ``/AmazonS3/latest/...``) are made absolute so they resolve from any page."""
    return _ROOT_LINK.sub(r"](https://docs.aws.amazon.com\1)", to_markdown(html))


def md_escape(text: str) -> str:
    """Escape text for a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


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


def cell_code_span(text: str) -> str:
    """A code span inside a table cell.

    GFM renderers (markdown-it) need a pipe escaped even in a code span and drop the backslash;
    python-markdown keeps it. Text with a pipe (patterns) is therefore shown outside the table.
    """
    return code_span(text).replace("|", "\\|")


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
        parts.append("One of: " + ", ".join(cell_code_span(e) for e in c.enum))
    if c.pattern:
        parts.append(f"Pattern: [below](#{patterns_anchor})" if patterns_anchor else "Pattern")
    return "; ".join(parts) or "–"


def _rows(
    service: Service, shape: Shape, prefix: str, depth: int, seen: frozenset[str], anchor: str
) -> list[Row]:
    rows: list[Row] = []
    for member in shape.members:
        target = service.shape(member.target)
        rows.append(_row(service, member, target, prefix, anchor))
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


def _row(service: Service, member: Member, target: Shape, prefix: str, anchor: str) -> Row:
    doc = first_sentence(doc_markdown(member.documentation or target.documentation))
    return Row(
        name=cell_code_span(prefix + member.name),
        type=md_escape(type_name(service, target)),
        required="Yes" if member.required else "No",
        constraints=constraints(target, anchor),
        description=doc.replace("|", "\\|") or "–",
        pattern=code_span(target.constraints.pattern) if target.constraints.pattern else "",
    )


def parameter_rows(service: Service, operation: Operation, patterns_anchor: str = "") -> list[Row]:
    """The parameter table's rows; ``patterns_anchor`` is where the page lists the patterns."""
    if operation.input is None:
        return []
    shape = service.shape(operation.input)
    return _rows(service, shape, "", 1, frozenset({shape.name}), patterns_anchor)[:MAX_ROWS]


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
    return render(
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
    )
