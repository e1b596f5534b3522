"""Stage ``values``: the values a member's own documentation states.

Input: a member's documentation (the model's HTML). Output: candidate strings in the order the
documentation gives them: first the examples it shows ("For example SUM(Items.PRICE)", "such as
<code>alias/ExampleAlias</code>", "e.g. ..."), then the values it lists as valid ("supports the
following logical data types: <code>String</code>, <code>Number</code>, ..."). They are only
candidates: synthesis keeps the first that passes the member's length, enum and pattern.

Personalize's ``MetricAttribute.expression`` documents ``SUM(Items.PRICE)``; SQS's
``MessageAttributeValue.DataType`` lists ``String``, ``Number`` and ``Binary``; KMS's
``AliasName`` shows ``alias/ExampleAlias``: a generic placeholder would be rejected by each.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from generator.values.lint import TEMPLATE

_TAGS = re.compile(r"<(?!/?code\b)[^>]*>")
_CODE = re.compile(r"<code>(.*?)</code>", re.S)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z<])|</p>|<p>|\n")
_EXAMPLE_CUE = re.compile(r"\b(for example|for instance|such as|e\.g\.|example:)", re.I)
_LIST_CUE = re.compile(
    r"\b(valid values|allowed values|possible values|supported values|the following|one of|"
    r"must be either|can be either|accepted values|fixed value|only valid|only supported|"
    r"only allowed|this value is|the value is|must be set to)\b",
    re.I,
)
# a plain-text example right after the cue: SUM(Items.PRICE), us-east-1, 2024-01-01 ...
_PLAIN = re.compile(r"^[,:]?\s*([A-Za-z0-9][^\s,;<>\"']*(?:\([^)\s]*\))?)")
_MAX = 256
# plain text after "For example" is a value only when it does not read as a word of prose
_VALUE_LIKE = re.compile(r"[0-9()/:_=@.-]|[a-z][A-Z]|^[A-Z]{2,}")


def _clean(text: str) -> str:
    text = html.unescape(_TAGS.sub("", text)).strip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _usable(text: str) -> bool:
    return (
        0 < len(text) <= _MAX
        and any(ch.isalnum() for ch in text)  # "-" in "such as hyphens (-)" is no value
        and "<" not in text
        and not text.endswith((":", "-", "_", "/"))
        and all(text.count(a) == text.count(b) for a, b in ("()", "[]", "{}"))
        and "\n" not in text
        # two ARNs in one code span ("arn:...:bot/MyBot, arn:...:bot:MyBot") are two forms
        and not (text.startswith("arn:") and " " in text)
        # a template of a value, not a value ("s3://PATH/TO/YOUR/FILE", "your-media-file-name")
        and not TEMPLATE.search(text)
        # a fragment of a JSON document ('"entityType":"typeName"') is no value of its own
        and not (text.startswith('"') and '":' in text)
        # a query string ("device-ids=DeviceId1&device-ids=DeviceId2") shows the wire, no value
        and not ("=" in text and "&" in text)
    )


_RULES = re.compile(
    r"\bthe following (requirements|rules|conditions|restrictions|constraints|criteria)\b"
    r"|\bcharacters\b",  # "The characters accepted ... are the following:" lists kinds of characters
    re.I,
)
_LIST = re.compile(r"<ul>(.*?)</ul>", re.S)
_ONLY = re.compile(
    r"\b(?:the )?only (?:valid|supported|allowed) (?:\w+ ){0,2}(?:is|are)[:\s]+([A-Za-z0-9][\w.:/@-]*[\w])",
    re.I,
)
_ITEM = re.compile(r"<li>(.*?)</li>", re.S)
_ITEM_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/+-]{0,63}$")
_STARRED = re.compile(r"(?:^|<p>)\s*[*-]\s+(.*?)\s*</p>", re.S)


def _starred_end(rest: str) -> int:
    """Where a run of ``<p>* item</p>`` paragraphs starting ``rest`` ends (0: none starts it)."""
    at = 0
    while True:
        found = re.match(r"\s*(?:<p>)?\s*[*-]\s+.*?</p>", rest[at:], re.S)
        if found is None:
            return at
        at += found.end()


def _listed_items(documentation: str, after: int) -> list[str]:
    """The values of a bulleted list that starts right after ``after`` ("One of the following
    values:" then ``<ul><li>Interactions</li>...``): each item's code, else its text when it is
    one token."""
    rest = re.sub(r"^(\s|</p>|<p>|:)*", "", documentation[after:])
    block = _LIST.match(rest) if rest.startswith("<ul>") else None
    if block is not None:
        items = _ITEM.findall(block.group(1))
    else:  # paragraphs written as bullets: <p>* Device Code - <code>urn:...</code> </p> (sso-oidc)
        items = [m.group(1) for m in _STARRED.finditer(rest[: _starred_end(rest)])]
    found = []
    for item in items:
        codes = _CODE.findall(item)
        text = _clean(codes[0]) if codes else _clean(item)
        if _ITEM_VALUE.match(text):
            found.append(text)
    return found


@lru_cache(maxsize=8192)
def documented_candidates(documentation: str) -> tuple[str, ...]:
    """Values the documentation shows as examples, then values it lists as valid."""
    if not documentation:
        return ()
    examples: list[str] = []
    listed: list[str] = []
    for sentence in _SENTENCE.split(documentation):
        cue = _EXAMPLE_CUE.search(sentence)
        if cue is not None:
            after = sentence[cue.end():]
            codes = _CODE.findall(after)
            if codes:
                examples += [_clean(code) for code in codes]
            else:
                plain = _PLAIN.match(_TAGS.sub("", after).lstrip())
                if plain and _VALUE_LIKE.search(plain.group(1).rstrip(".")):
                    examples.append(_clean(plain.group(1)))
        only = _ONLY.search(_TAGS.sub("", sentence))
        if only is not None:  # "the only valid principal is acm.amazonaws.com"
            listed.append(_clean(only.group(1)))
        # "must meet the following requirements:" lists rules, not values (cloudtrail's
        # "Names like <code>my-_namespace</code> ... are not valid")
        if _LIST_CUE.search(sentence) and not _RULES.search(sentence):
            listed += [_clean(code) for code in _CODE.findall(sentence)]
            at = documentation.find(sentence)
            if at >= 0:
                listed += _listed_items(documentation, at + len(sentence))
    seen: set[str] = set()
    out: list[str] = []
    for text in examples + listed:
        if _usable(text) and text not in seen:
            seen.add(text)
            out.append(text)
    return tuple(out)
