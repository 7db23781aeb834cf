"""Front matter values as read from YAML, kept safely: the keys the model has no field for,
copied within bounds (alias bombs, self-containing lists), and dates and times made UTC."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from typing import Any

from newsreader.text.sanitize import clean_line, clean_text

# Bounds on what is kept of a front matter's unknown keys: alias bombs expand to millions of
# nodes when walked, and a deep nesting costs a stack frame a level.
MAX_RAW_NODES = 20_000
MAX_RAW_DEPTH = 40
# The longest text a value keeps.
MAX_FIELD_LENGTH = 20_000
RECURSIVE_VALUE = "(refers to itself)"
# Unmodelled text values this short are interned.
SHARED_TEXT_LENGTH = 32


def bounded_copy(value: Any, budget: list[int], containers: list[int]) -> Any:
    """A sanitised copy of YAML data that stops after a fixed number of nodes or levels.

    Aliases make YAML documents whose expansion is exponential in their size, and can make
    a list contain itself: this copy never visits more than the budget, and writes a value
    that contains itself (one of `containers`, the ids of the lists and mappings above it)
    as RECURSIVE_VALUE.
    """
    budget[0] -= 1
    if budget[0] <= 0 or len(containers) > MAX_RAW_DEPTH:
        return None
    if isinstance(value, str):
        text = clean_text(value)[:MAX_FIELD_LENGTH]
        # Short values recur ("news", "en"): one string each.
        return sys.intern(text) if len(text) <= SHARED_TEXT_LENGTH else text
    if isinstance(value, dict | list):
        if id(value) in containers:
            return RECURSIVE_VALUE
        containers.append(id(value))
        try:
            return _bounded_copy_items(value, budget, containers)
        finally:
            containers.pop()
    if isinstance(value, datetime):
        moment = as_utc(value)
        return (moment or value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float) or value is None:
        return value
    return clean_line(repr(value)[:MAX_FIELD_LENGTH])


def _bounded_copy_items(
    value: dict[Any, Any] | list[Any], budget: list[int], containers: list[int]
) -> dict[str, Any] | list[Any]:
    if isinstance(value, dict):
        copied: dict[str, Any] = {}
        for key, item in value.items():
            if budget[0] <= 0:
                break
            copied[clean_line(str(key))[:200]] = bounded_copy(item, budget, containers)
        return copied
    items = []
    for item in value:
        if budget[0] <= 0:
            break
        items.append(bounded_copy(item, budget, containers))
    return items


def parse_datetime(value: object) -> datetime | None:
    """An aware UTC datetime from a YAML datetime or date, or an ISO 8601 string.

    None for anything else, and for times so near the ends of the calendar that showing them
    in a local zone would overflow.
    """
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        return as_utc(datetime(value.year, value.month, value.day))
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            return None
        try:
            parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text)
        except ValueError:
            return None
        return as_utc(parsed)
    return None


def as_utc(value: datetime) -> datetime | None:
    """`value` in UTC (naive times in these files are UTC: the site writes them with a Z);
    None for a time too near the ends of the calendar to show in a local zone."""
    try:
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return moment if 1 < moment.year < 9999 else None
