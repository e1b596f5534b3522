"""Stage ``values``: numbers, enum values and places that read as a real request.

Input: a member's name, its documentation and the names of the structures around it (and an
enum's values). Output: the number to prefer before the member's range is applied
(:func:`preferred_number`), the enum value the documentation says is supported
(:func:`stated_enum`), whether a member is the end of a range (:func:`ends`), the places a
position takes (:data:`PLACES`) and a polygon's value tree (:func:`polygon`).

A key that lives one second or a port 1 is valid and says nothing; an API key lives an hour
(``secondsToLive=3600``), a retention is a week, a time of day is the working day, 9 to 17 on
the hour (Amazon Connect's hours of operation), a metric's period five minutes, a port 443.
"""

from __future__ import annotations

import re

from generator.model.ir import Service, Shape
from generator.values.tree import Value

_END = re.compile(r"(?i:^(end|to|until|before|stop|finish|expir|latest))|[a-z](End|To|Until|Before|Stop)[A-Z]")
_WEIGHT = re.compile(r"(weight|percent|percentage)$", re.I)
# a number of a unit reads as a real setting, not 1 (within the member's range, as every number)
_UNITS = (
    (re.compile(r"milli|inms$"), 1000),
    (re.compile(r"^period$|^periodinseconds$"), 300),  # a metric's period: five minutes
    (re.compile(r"seconds?|secs?$|ttl|timeout"), 3600),
    (re.compile(r"[a-z]minutes?$|mins?$"), 60),
    (re.compile(r"[a-z]hours?$|inhours"), 24),
    (re.compile(r"days?$|indays"), 7),
    (re.compile(r"(^|[a-z]{2})port$"), 443),
)
# a time of day: the working day's start and end (connect's hours of operation, backup windows)
_HOUR_OF_DAY = re.compile(r"^(start|end)?hours?(ofday)?$")

# a position as a list of numbers, [longitude, latitude] (Amazon Location's Position, Origin, ...)
POSITION = re.compile(r"(?i)(position|origin|destination|coordinates?|point|center|waypoint)s?$")
PLACES = ((-122.3321, 47.6062), (-122.2015, 47.6101))  # Seattle, then Bellevue

_SUPPORTED = re.compile(r"[^.]*\b(supported|valid|allowed|possible|accepted) values?\b[^.]*", re.I)


def ends(member: str) -> bool:
    """Whether the member is the end of a range (``EndTime``, ``ToDate``, ``untilTime``)."""
    return bool(_END.search(member))


def preferred_number(member: str, documentation: str, around: tuple[str, ...]) -> float:
    """The number a person would write for this member (``around``: the names of the
    structures that hold it, nearest last)."""
    name = member.lower()
    preferred = 10 if ("max" in name or "limit" in name or "size" in name) else 1
    if "max" not in name and "min" not in name:
        preferred = next((n for unit, n in _UNITS if unit.search(name)), preferred)
    if name == "period" and "second" not in documentation.lower():
        preferred = 1  # a period of some other unit (pca-connector-ad's PeriodType)
    if _HOUR_OF_DAY.match(name):
        preferred = 17 if any(ends(part) for part in (member, *around)) else 9
    elif name in ("minute", "minutes", "minuteofhour"):
        preferred = 0  # on the hour
    if _WEIGHT.search(name):
        preferred = 100  # one weighted item: the weights sum to 100
    return float(preferred)


def stated_enum(documentation: str, enum: tuple[str, ...]) -> str:
    """The first of the enum's values that the documentation's "Supported values are ACTIVE,
    PAUSED, and CANCELLED" names (pinpoint's journey state, whose enum starts with DRAFT)."""
    found = _SUPPORTED.search(re.sub(r"<[^>]+>", "", documentation)) if documentation else None
    if found is None:
        return ""
    sentence = found.group(0)
    at = {value: m.start() for value in enum if (m := re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", sentence))}
    if len(at) < 2 and not re.search(r"\bonly\b", sentence):
        return ""  # one value named in a list of several is no statement of which are supported
    return min(at, key=lambda value: at[value]) if at else ""


def polygon(service: Service, shape: Shape, trail: tuple[str, ...]) -> Value | None:
    """A polygon as a list of linear rings of [longitude, latitude]: one closed ring, counter-
    clockwise, around downtown Seattle (Amazon Location's geofences), not four equal points."""
    if not trail or not re.search(r"(?i)polygon$", trail[-1]) or shape.item is None:
        return None
    ring_shape = service.shape(shape.item.target)
    position = service.shape(ring_shape.item.target) if ring_shape.item else None
    number = service.shape(position.item.target) if position and position.item else None
    if ring_shape.kind != "list" or position is None or position.kind != "list" or number is None:
        return None
    if number.kind not in ("double", "float"):
        return None
    corners = ((-122.34, 47.60), (-122.32, 47.60), (-122.32, 47.62), (-122.34, 47.62), (-122.34, 47.60))
    points = tuple(
        Value(position.name, "list", items=tuple(Value(number.name, number.kind, scalar=c) for c in corner))
        for corner in corners
    )
    return Value(shape.name, "list", items=(Value(ring_shape.name, "list", items=points),))
