"""One file in, one Article, Problem or Skipped out. Never an exception for anything in a file."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from frontmatter import YAMLHandler

from newsreader.infer import infer_excerpt, infer_title
from newsreader.model import Article, Image, LoadResult, Note, Problem, Provider, Related, Skipped
from newsreader.sanitize import clean_line, clean_text
from newsreader.urls import canonical_url, tidy_url

# Files larger than this are reported, not read: no article file comes near it.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Bounds on what is kept of a front matter's unknown keys: alias bombs expand to millions of
# nodes when walked, and a deep nesting costs a stack frame a level.
MAX_RAW_NODES = 20_000
MAX_RAW_DEPTH = 40
MAX_RELATED = 100
MAX_FIELD_LENGTH = 20_000

# python-frontmatter's YAML handler loads with yaml.CSafeLoader when libyaml is present and
# yaml.SafeLoader otherwise: safe tags only, never Python objects.
YAML_HANDLER = YAMLHandler()
_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

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
    }
)


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Read one article file. Every failure becomes a Problem naming the file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Problem(path, f"file is {size:,} bytes, over the {max_bytes:,} byte limit")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        return Problem(path, "is a folder, not a file")
    except FileNotFoundError:
        return Problem(path, "file disappeared while loading")
    except PermissionError:
        return Problem(path, "permission denied")
    except OSError as error:
        return Problem(path, f"cannot read: {error.strerror or error}")
    if len(data) > max_bytes:
        return Problem(path, f"file grew past the {max_bytes:,} byte limit while loading")
    return load_bytes(data, path)


def load_bytes(data: bytes, source: Path) -> LoadResult:
    """Parse the contents of an article file that has already been read."""
    if not data.strip():
        return Problem(source, "file is empty")
    text, decode_note = decode(data)
    if "\x00" in text:
        return Problem(source, "binary file (contains NUL bytes)")
    return parse_text(text, source, [decode_note] if decode_note else [])


def decode(data: bytes) -> tuple[str, Note | None]:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else with replacement."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("utf-8", errors="replace")
        return text, Note("not valid UTF-8; undecodable bytes were replaced", line)


def parse_text(text: str, source: Path, notes: list[Note] | None = None) -> LoadResult:
    """Split front matter from body and build the article."""
    notes = notes if notes is not None else []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip().strip("-").strip():
        return Problem(source, "only front matter markers, no content", 1)
    opening = _OPENING.match(text)
    if not opening:
        return _body_only_article(text, source, notes)
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        return Problem(source, "front matter is not closed (no second '---' line)", 1)
    front_matter = text[opening.end() : closing.start()]
    body = text[closing.end() :]
    try:
        metadata = YAML_HANDLER.load(front_matter)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else None
        reason = " ".join(str(error.problem or error.context or "invalid YAML").split())
        return Problem(source, f"front matter is not valid YAML: {reason}", line)
    except yaml.YAMLError as error:
        return Problem(source, f"front matter is not valid YAML: {error}", 2)
    except RecursionError:
        return Problem(source, "front matter is nested too deeply", 2)
    except (ValueError, TypeError, OverflowError) as error:
        return Problem(source, f"front matter has a value that cannot be read: {error}", 2)
    if metadata is None:
        if not body.strip():
            return Problem(source, "front matter is empty and there is no body", 1)
        return _body_only_article(body, source, notes)
    if not isinstance(metadata, dict):
        kind = _type_name(metadata)
        return Problem(source, f"front matter is {kind}, not a mapping of keys to values", 2)
    return _front_matter_article(metadata, front_matter, body, text, source, notes)


def _body_only_article(text: str, source: Path, notes: list[Note]) -> LoadResult:
    body = clean_text(text).strip()
    if not body:
        return Problem(source, "file has no text")
    title, title_line = infer_title(body)
    return Article(
        id=content_id(body),
        title=title or source.stem,
        source=source,
        excerpt=infer_excerpt(body, title_line),
        body=body,
        kind="text",
        title_inferred=True,
        has_front_matter=False,
        notes=tuple(notes),
    )


def _front_matter_article(
    metadata: dict[Any, Any],
    front_matter: str,
    body_text: str,
    whole_text: str,
    source: Path,
    notes: list[Note],
) -> LoadResult:
    fields = _FieldReader(metadata, front_matter, notes)
    body = fields.long_text_of(body_text).strip()
    title = fields.line("title") or fields.line("name")
    title_inferred = False
    title_line: int | None = None
    if not title:
        if not body:
            return Skipped(source, "no title or name")
        title, title_line = infer_title(body)
        title_inferred = True
    excerpt = fields.text("excerpt") or fields.text("description")
    if not excerpt and body:
        excerpt = infer_excerpt(body, title_line)
    original_url = fields.url("originalUrl")
    web_url = fields.url("webUrl")
    url = original_url or web_url or fields.url("website")
    published_at = fields.datetime("publishedDateTime") or fields.datetime("startDateTime")
    heat = fields.integer("heat")
    return Article(
        id=url_id(url) if url else content_id(whole_text),
        title=title,
        source=source,
        excerpt=excerpt,
        published_at=published_at,
        url=url,
        web_url=web_url,
        provider=fields.provider("provider"),
        topics=fields.topics("topics"),
        images=fields.images("images"),
        quality=fields.integer("quality"),
        heat=None if heat is None or heat < 0 else heat,
        is_published=fields.boolean("published"),
        related=fields.related("related"),
        has_secured_text=bool(metadata.get("secured")),
        body=body,
        kind=fields.line("type") or ("event" if "startDateTime" in metadata else "article"),
        title_inferred=title_inferred,
        extra=fields.unmodelled(),
        notes=tuple(notes),
    )


def url_id(url: str) -> str:
    """The article id for an article with a URL: stable across restarts, moves and copies."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:12]


def content_id(text: str) -> str:
    """The article id for an article without a URL, from its text (whitespace folded)."""
    folded = " ".join(text.split())
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]


def _type_name(value: object) -> str:
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
    return f"a {type(value).__name__}"


class _FieldReader:
    """Reads typed fields out of a front matter mapping, noting each wrong type it meets."""

    def __init__(self, metadata: Mapping[Any, Any], front_matter: str, notes: list[Note]) -> None:
        self.metadata = metadata
        self.front_matter = front_matter
        self.notes = notes

    # Reporting --------------------------------------------------------------------------

    def note(self, key: str, expected: str, value: object) -> None:
        self.notes.append(
            Note(f"{key}: expected {expected}, found {_type_name(value)}", self.line_of(key))
        )

    def line_of(self, key: str) -> int | None:
        """The file line of a top-level key (front matter starts on line 2)."""
        match = re.search(rf"^{re.escape(key)}\s*:", self.front_matter, re.MULTILINE)
        if match is None:
            return None
        return self.front_matter.count("\n", 0, match.start()) + 2

    # Scalars ----------------------------------------------------------------------------

    def long_text_of(self, value: str) -> str:
        return clean_text(value)

    def line(self, key: str, source: Mapping[Any, Any] | None = None) -> str:
        value = (self.metadata if source is None else source).get(key)
        return clean_line(self._as_text(key, value))[:MAX_FIELD_LENGTH]

    def text(self, key: str, source: Mapping[Any, Any] | None = None) -> str:
        value = (self.metadata if source is None else source).get(key)
        return clean_text(self._as_text(key, value)).strip()[:MAX_FIELD_LENGTH]

    def _as_text(self, key: str, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            self.note(key, "text", value)
            return ""
        if isinstance(value, int | float | datetime | date):
            return str(value)
        self.note(key, "text", value)
        return ""

    def url(self, key: str, source: Mapping[Any, Any] | None = None) -> str | None:
        text = self.line(key, source)
        return tidy_url(text) or None

    def integer(self, key: str, source: Mapping[Any, Any] | None = None) -> int | None:
        value = (self.metadata if source is None else source).get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.note(key, "a whole number", value)
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
            return int(value)
        self.note(key, "a whole number", value)
        return None

    def boolean(self, key: str) -> bool | None:
        value = self.metadata.get(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            return value.strip().lower() in ("true", "yes")
        self.note(key, "true or false", value)
        return None

    def datetime(self, key: str, source: Mapping[Any, Any] | None = None) -> datetime | None:
        value = (self.metadata if source is None else source).get(key)
        if value is None or value == "":
            return None
        parsed = parse_datetime(value)
        if parsed is None:
            self.note(key, "a date and time", value)
        return parsed

    # Structures -------------------------------------------------------------------------

    def provider(self, key: str, source: Mapping[Any, Any] | None = None) -> Provider | None:
        value = (self.metadata if source is None else source).get(key)
        if value is None:
            return None
        if isinstance(value, str):
            name = clean_line(value)
            return Provider(name=name) if name else None
        if not isinstance(value, dict):
            self.note(key, "a mapping with name and domain", value)
            return None
        name = self.line("name", value) or None
        domain = self.line("domain", value) or None
        return Provider(name, domain) if name or domain else None

    def topics(self, key: str) -> tuple[str, ...]:
        value = self.metadata.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            self.note(key, "a list", value)
            value = [value]
        if not isinstance(value, list):
            self.note(key, "a list", value)
            return ()
        topics: list[str] = []
        for item in value:
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                topic = clean_line(str(item))[:200]
                if topic and topic not in topics:
                    topics.append(topic)
            elif item is not None:
                self.note(f"{key} item", "text", item)
        return tuple(topics)

    def images(self, key: str) -> tuple[Image, ...]:
        value = self.metadata.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.note(key, "a list", value)
            return ()
        images: list[Image] = []
        for item in value[:MAX_RELATED]:
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                images.append(
                    Image(
                        url=tidy_url(clean_line(item["url"])),
                        width=self.integer("width", item),
                        height=self.integer("height", item),
                        title=self.line("title", item) or None,
                    )
                )
            elif item is not None:
                self.note(f"{key} item", "a mapping with a url", item)
        return tuple(images)

    def related(self, key: str) -> tuple[Related, ...]:
        value = self.metadata.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.note(key, "a list", value)
            return ()
        items: list[Related] = []
        for item in value[:MAX_RELATED]:
            if not isinstance(item, dict):
                self.note(f"{key} item", "a mapping", item)
                continue
            url = self.url("originalUrl", item) or self.url("webUrl", item)
            title = self.line("title", item) or self.line("name", item) or url
            if not title:
                self.notes.append(Note(f"{key} item has no title or URL", self.line_of(key)))
                continue
            items.append(
                Related(
                    title=title,
                    excerpt=self.text("excerpt", item),
                    published_at=self.datetime("publishedDateTime", item),
                    url=url,
                    provider=self.provider("provider", item),
                    quality=self.integer("quality", item),
                )
            )
        return tuple(items)

    def unmodelled(self) -> dict[str, Any]:
        """Every key the model has no field for, sanitised and bounded in size."""
        budget = [MAX_RAW_NODES]
        extra: dict[str, Any] = {}
        for key, value in self.metadata.items():
            if key in _MODELLED_KEYS:
                continue
            extra[clean_line(str(key))] = _bounded_copy(value, budget, 0)
        if budget[0] <= 0:
            self.notes.append(Note("front matter is very large; part of it was not kept"))
        return extra


def _bounded_copy(value: Any, budget: list[int], depth: int) -> Any:
    """A sanitised copy of YAML data that stops after a fixed number of nodes or levels.

    Aliases make YAML documents whose expansion is exponential in their size; this copy never
    visits more than the budget, however the data refers to itself.
    """
    budget[0] -= 1
    if budget[0] <= 0 or depth > MAX_RAW_DEPTH:
        return None
    if isinstance(value, str):
        return clean_text(value)[:MAX_FIELD_LENGTH]
    if isinstance(value, dict):
        copied: dict[str, Any] = {}
        for key, item in value.items():
            if budget[0] <= 0:
                break
            copied[clean_line(str(key))] = _bounded_copy(item, budget, depth + 1)
        return copied
    if isinstance(value, list):
        items = []
        for item in value:
            if budget[0] <= 0:
                break
            items.append(_bounded_copy(item, budget, depth + 1))
        return items
    if isinstance(value, datetime):
        return _as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float) or value is None:
        return value
    return clean_line(repr(value))


def parse_datetime(value: object) -> datetime | None:
    """An aware UTC datetime from a YAML datetime or date, or an ISO 8601 string."""
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            return None
        try:
            parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text)
        except ValueError:
            return None
        return _as_utc(parsed)
    return None


def _as_utc(value: datetime) -> datetime:
    # Naive times in these files are UTC: the site writes them with a Z.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
