"""Typed fields out of a front matter mapping; each value of the wrong type becomes a Note.

The values come from untrusted files: text is sanitised and cut to length, lists are bounded,
and a field that cannot be read is left empty with a note naming its key and line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from newsreader.loading.front_matter import item_line, key_line
from newsreader.loading.raw_values import (
    MAX_FIELD_LENGTH,
    MAX_RAW_NODES,
    bounded_copy,
    parse_datetime,
)
from newsreader.loading.yaml_subset import SharedMapping
from newsreader.model.records import Image, Item, Note, Provider, Related
from newsreader.text.html import readable_field
from newsreader.text.infer import shorten
from newsreader.text.sanitize import clean_line, clean_text
from newsreader.text.urls import check_openable, tidy_url

MAX_RELATED = 100
MAX_ITEMS = 1_000
MAX_TOPICS = 100
MAX_TITLE_LENGTH = 1_000
_WHOLE_NUMBER = re.compile(r"\s*-?\d{1,18}\s*")
# Scores and counts; anything beyond is noted. The loader keeps huge YAML integers as the text
# written: such text (longer than any number in range) is noted as out of range too.
MAX_NUMBER = 10**12
_NUMBER_LIKE = re.compile(r"\s*[-+]?(?:\d[\d_:]*|0x[\da-fA-F_]+|0b[01_]+|0o?[0-7_]+)\s*")
_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off"})

_MODELLED_KEYS = frozenset(
    {
        "title",
        "name",
        "excerpt",
        "description",
        "publishedDateTime",
        "startDateTime",
        "originalUrl",
        "webUrl",
        "website",
        "provider",
        "topics",
        "images",
        "quality",
        "heat",
        "published",
        "related",
        "secured",
        "type",
        "items",
        "length",
        "price",
    }
)


def type_name(value: object) -> str:
    """How a value's type reads in a message: `a list`, `a number`, `nothing`."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, datetime | date):
        return "a date"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, set):
        return "a set"
    return f"a {type(value).__name__}"


class FieldReader:
    """Reads typed fields out of a front matter mapping, noting each wrong type it meets.

    Every getter takes the key, the mapping to read it from (the front matter itself when
    None) and `within`, the label of that mapping (`related item 2`), for the notes.
    """

    def __init__(self, metadata: Mapping[Any, Any], notes: list[Note]) -> None:
        self.metadata = metadata
        self.notes = notes
        self._notes_by_label: dict[str, Note] = {}

    # Reporting --------------------------------------------------------------------------

    def note_on(self, label: str) -> Note | None:
        """The first note about the field with this label, if any."""
        return self._notes_by_label.get(label)

    def _note(self, label: str, reason: str, line: int | None) -> None:
        note = Note(f"{label}: {reason}", line)
        self.notes.append(note)
        self._notes_by_label.setdefault(label, note)

    def _wrong_type(
        self, key: str, source: Mapping[Any, Any] | None, within: str, expected: str, value: object
    ) -> None:
        label, line = self._where(key, source, within)
        self._note(label, f"expected {expected}, found {type_name(value)}", line)

    def _where(
        self, key: str, source: Mapping[Any, Any] | None, within: str
    ) -> tuple[str, int | None]:
        """The label of a field for notes, and its line. Worked out only for a note."""
        mapping = self.metadata if source is None else source
        return (f"{within}, {key}" if within else key), key_line(mapping, key)

    # Scalars ----------------------------------------------------------------------------

    def line(self, key: str, source: Mapping[Any, Any] | None = None, within: str = "") -> str:
        """Text on one line (whitespace folded, markup and character references read)."""
        value = (self.metadata if source is None else source).get(key)
        if value.__class__ is not str:
            value = self._as_text(value, key, source, within)
        return clean_line(readable_field(value))[:MAX_FIELD_LENGTH]

    def text(self, key: str, source: Mapping[Any, Any] | None = None, within: str = "") -> str:
        """Text that may run over several lines (markup and character references read)."""
        value = (self.metadata if source is None else source).get(key)
        if value.__class__ is not str:
            value = self._as_text(value, key, source, within)
        return clean_text(readable_field(value)).strip()[:MAX_FIELD_LENGTH]

    def _as_text(
        self, value: object, key: str, source: Mapping[Any, Any] | None, within: str
    ) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, int | float | datetime | date) and not isinstance(value, bool):
            return str(value)
        self._wrong_type(key, source, within, "text", value)
        return ""

    def url(
        self, key: str, source: Mapping[Any, Any] | None = None, within: str = ""
    ) -> str | None:
        value = (self.metadata if source is None else source).get(key)
        if value.__class__ is not str:
            value = self._as_text(value, key, source, within)
        return tidy_url(value)[:MAX_FIELD_LENGTH] or None

    def integer(
        self, key: str, source: Mapping[Any, Any] | None = None, within: str = ""
    ) -> int | None:
        value = (self.metadata if source is None else source).get(key)
        if value is None or value == "":
            return None
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif (isinstance(value, float) and value.is_integer()) or (
            isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value)
        ):
            number = int(value)
        elif not (isinstance(value, str) and len(value) > 12 and _NUMBER_LIKE.fullmatch(value)):
            self._wrong_type(key, source, within, "a whole number", value)
            return None
        if number is None or not -MAX_NUMBER <= number <= MAX_NUMBER:
            label, line = self._where(key, source, within)
            self._note(label, f"number out of range (more than {MAX_NUMBER:,} either way)", line)
            return None
        return number

    def boolean(self, key: str) -> bool | None:
        value = self.metadata.get(key)
        if value is None or isinstance(value, bool):
            return value
        # The loader keeps YAML 1.1's yes/no/on/off as text; here they still mean true or false.
        if isinstance(value, str) and value.strip().lower() in _BOOLEAN_WORDS:
            return value.strip().lower() in ("true", "yes", "on")
        self._wrong_type(key, None, "", "true or false", value)
        return None

    def datetime(
        self, key: str, source: Mapping[Any, Any] | None = None, within: str = ""
    ) -> datetime | None:
        value = (self.metadata if source is None else source).get(key)
        if value is None or value == "":
            return None
        parsed = parse_datetime(value)
        if parsed is None:
            if isinstance(value, datetime | date):
                label, line = self._where(key, source, within)
                self._note(label, "the date is out of range", line)
            else:
                self._wrong_type(key, source, within, "a date and time", value)
        return parsed

    # Structures -------------------------------------------------------------------------

    def provider(
        self, key: str, source: Mapping[Any, Any] | None = None, within: str = ""
    ) -> Provider | None:
        value = (self.metadata if source is None else source).get(key)
        if value is None:
            return None
        if isinstance(value, str):
            name = clean_line(readable_field(value))[:MAX_FIELD_LENGTH]
            return Provider(name=name) if name else None
        if not isinstance(value, dict):
            self._wrong_type(key, source, within, "a mapping with name and domain", value)
            return None
        label = f"{within}, {key}" if within else key
        given_name = self.line("name", value, label) or None
        domain = self.line("domain", value, label) or None
        return Provider(given_name, domain) if given_name or domain else None

    def topics(self, key: str) -> tuple[str, ...]:
        value = self.metadata.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            # One topic written without the list around it: kept, and noted.
            self._wrong_type(key, None, "", "a list", value)
            value = [value]
        if not isinstance(value, list):
            self._wrong_type(key, None, "", "a list", value)
            return ()
        topics: dict[str, None] = {}
        for index, item in enumerate(value[:MAX_TOPICS]):
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                topic = clean_line(readable_field(str(item)))[:200]
                if topic:
                    # Many articles name the same few topics: one string each.
                    topics[sys.intern(topic)] = None
            elif item is not None:
                item_label = f"{key} item {index + 1}"
                self._note(
                    item_label, f"expected text, found {type_name(item)}", item_line(value, index)
                )
        return tuple(topics)

    def _list(self, key: str) -> list[Any]:
        """The list under `key`; empty (with a note) when it holds something else."""
        value = self.metadata.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong_type(key, None, "", "a list", value)
            return []
        return value

    def images(self, key: str) -> tuple[Image, ...]:
        value = self._list(key)
        images: list[Image] = []
        for index, item in enumerate(value[:MAX_RELATED]):
            item_label = f"{key} item {index + 1}"
            url = self.url("url", item, item_label) if isinstance(item, dict) else None
            if url:
                images.append(
                    Image(
                        url=url,
                        width=self.integer("width", item, item_label),
                        height=self.integer("height", item, item_label),
                        title=self.line("title", item, item_label) or None,
                    )
                )
            elif item is not None:
                reason = f"expected a mapping with a url, found {type_name(item)}"
                self._note(item_label, reason, item_line(value, index))
        return tuple(images)

    def related(self, key: str) -> tuple[Related, ...]:
        value = self._list(key)
        items: list[Related] = []
        for index, item in enumerate(value[:MAX_RELATED]):
            # The same item, read before in another file, with nothing to note: the same record.
            known = getattr(item, "related_record", None)
            if known is not None:
                items.append(known)
                continue
            item_label = f"{key} item {index + 1}"
            if not isinstance(item, dict):
                reason = f"expected a mapping, found {type_name(item)}"
                self._note(item_label, reason, item_line(value, index))
                continue
            noted = len(self.notes)
            url = self.url("originalUrl", item, item_label) or self.url("webUrl", item, item_label)
            title = (
                self.line("title", item, item_label) or self.line("name", item, item_label) or url
            )
            if not title:
                self._note(item_label, "has no title or URL", item_line(value, index))
                continue
            record = Related(
                title=shorten(title, MAX_TITLE_LENGTH),
                excerpt=self.text("excerpt", item, item_label),
                published_at=self.datetime("publishedDateTime", item, item_label),
                url=url,
                provider=self.provider("provider", item, item_label),
                quality=self.integer("quality", item, item_label),
            )
            if isinstance(item, SharedMapping) and len(self.notes) == noted:
                item.related_record = record
            items.append(record)
        return tuple(items)

    def items(self, key: str) -> tuple[Item, ...]:
        """A collection's items: mappings with a title and a URL, URLs, or references to other
        records of the site (`videos/a-slug`)."""
        value = self._list(key)
        items: list[Item] = []
        for index, item in enumerate(value[:MAX_ITEMS]):
            item_label = f"{key} item {index + 1}"
            if isinstance(item, dict):
                url = (
                    self.url("url", item, item_label)
                    or self.url("originalUrl", item, item_label)
                    or self.url("webUrl", item, item_label)
                )
                title = (
                    self.line("title", item, item_label)
                    or self.line("name", item, item_label)
                    or url
                )
                if title:
                    items.append(Item(shorten(title, MAX_TITLE_LENGTH), url))
                else:
                    self._note(item_label, "has no title or URL", item_line(value, index))
            elif isinstance(item, str):
                text = tidy_url(item)[:MAX_TITLE_LENGTH]
                if check_openable(text).ok:
                    items.append(Item(text, text))
                elif text:
                    items.append(Item(text, reference=text))
            elif item is not None:
                reason = f"expected a mapping or text, found {type_name(item)}"
                self._note(item_label, reason, item_line(value, index))
        return tuple(items)

    def unmodelled(self) -> dict[str, Any]:
        """Every key the model has no field for, sanitised and bounded in size."""
        budget = [MAX_RAW_NODES]
        extra: dict[str, Any] = {}
        for key, value in self.metadata.items():
            if budget[0] <= 0:
                break
            if key in _MODELLED_KEYS:
                continue
            extra[sys.intern(clean_line(str(key))[:200])] = bounded_copy(value, budget, [])
        if budget[0] <= 0:
            self.notes.append(Note("front matter is very large; part of it was not kept"))
        return extra
