"""One file in, one Article, Problem or Skipped out. Never an exception for anything in a file."""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
from pathlib import Path
from typing import Any, cast

import yaml

from newsreader.loading.fields import MAX_TITLE_LENGTH, FieldReader, type_name
from newsreader.loading.file_read import NotReadable, read_bounded
from newsreader.loading.front_matter import (
    FRONT_MATTER_FIRST_LINE,
    MAX_YAML_DEPTH,
    YAML_HANDLER,
    TooDeeplyNested,
    load_front_matter,
)
from newsreader.loading.yaml_subset import UNSUPPORTED
from newsreader.loading.yaml_subset import load as load_plain_yaml
from newsreader.model.records import Article, LoadResult, Note, Problem, Skipped, pack_text
from newsreader.text.html import readable_body
from newsreader.text.infer import infer_excerpt, infer_title, shorten
from newsreader.text.sanitize import clean_line
from newsreader.text.urls import canonical_url

__all__ = [
    "DEFAULT_MAX_BYTES",
    "YAML_HANDLER",
    "content_id",
    "decode",
    "load_bytes",
    "load_file",
    "parse_text",
    "url_id",
]

# Files larger than this are reported, not read: no article file comes near it.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Real front matter is a few kilobytes; YAML takes about a second a megabyte to load.
MAX_FRONT_MATTER_CHARS = 1_000_000
_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Read one article file. Every failure becomes a Problem naming the file."""
    try:
        data = read_bounded(path, max_bytes)
    except NotReadable as refusal:
        return Problem(path, refusal.reason)
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
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; a file with no UTF-8 in it at
    all as Latin-1 (Windows-1252); UTF-8 with damaged bytes with replacement."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(data) is None:
            # Not one character of the file is UTF-8: an older file in Latin-1, its accented
            # letters single bytes. Read as Windows-1252, the Latin-1 such files are written
            # in (curly quotes at 0x91-0x94); its five unused bytes are replaced.
            # A format the site's files come in, not a problem with the file: no note.
            return data.decode("cp1252", errors="replace"), None
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("utf-8", errors="replace")
        return text, Note("not valid UTF-8; undecodable bytes were replaced", line)


# A character of two, three or four bytes as UTF-8 writes it. Latin-1 text practically never
# holds one: it would take an accented capital followed by a symbol or a C1 control ("Ã©").
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def parse_text(text: str, source: Path, notes: list[Note] | None = None) -> LoadResult:
    """Split front matter from body and build the article."""
    notes = notes if notes is not None else []
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
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
    if len(front_matter) > MAX_FRONT_MATTER_CHARS:
        reason = (
            f"front matter is {len(front_matter):,} characters, "
            f"over the {MAX_FRONT_MATTER_CHARS:,} character limit"
        )
        return Problem(source, reason, FRONT_MATTER_FIRST_LINE)
    # Most front matter is plain enough for the fast reader; PyYAML reads the rest.
    metadata = load_plain_yaml(front_matter)
    try:
        if metadata is UNSUPPORTED:
            metadata = load_front_matter(front_matter)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + FRONT_MATTER_FIRST_LINE if mark else None
        reason = " ".join(str(error.problem or error.context or "invalid YAML").split())
        return Problem(source, f"front matter is not valid YAML: {clean_line(reason)}", line)
    except yaml.YAMLError as error:
        reason = clean_line(str(error))
        return Problem(source, f"front matter is not valid YAML: {reason}", FRONT_MATTER_FIRST_LINE)
    except TooDeeplyNested as error:
        reason = f"front matter nests more than {MAX_YAML_DEPTH} levels deep"
        return Problem(source, reason, error.line + FRONT_MATTER_FIRST_LINE)
    except RecursionError:
        return Problem(source, "front matter is nested too deeply", FRONT_MATTER_FIRST_LINE)
    if metadata is None:
        if not body.strip():
            return Problem(source, "front matter is empty and there is no body", 1)
        return _body_only_article(body, source, notes)
    if not isinstance(metadata, dict):
        kind = type_name(metadata)
        reason = f"front matter is {kind}, not a mapping of keys to values"
        return Problem(source, reason, FRONT_MATTER_FIRST_LINE)
    noted = list(notes)
    result = _front_matter_article(metadata, body, text, source, noted)
    if len(noted) == len(notes):
        return result
    # Something to note: read the front matter again, this time keeping the line of each key
    # and item, so that the notes can name them. Few files need it; it costs a third more.
    with_lines = load_front_matter(front_matter, with_lines=True)
    return _front_matter_article(with_lines, body, text, source, notes)


def _body_only_article(text: str, source: Path, notes: list[Note]) -> LoadResult:
    body = readable_body(text)
    if not body:
        return Problem(source, "file has no text")
    title, title_line = infer_title(body)
    return Article(
        id=content_id(body),
        title=title or clean_line(source.stem) or "untitled",
        source=source,
        excerpt=infer_excerpt(body, title_line),
        body=cast(str, pack_text(body, compress=False)),
        kind="text",
        title_inferred=True,
        has_front_matter=False,
        notes=tuple(notes),
    )


def _front_matter_article(
    metadata: dict[Any, Any],
    body_text: str,
    whole_text: str,
    source: Path,
    notes: list[Note],
) -> LoadResult:
    fields = FieldReader(metadata, notes)
    body = readable_body(body_text)
    title = fields.line("title") or fields.line("name")
    title_inferred = False
    title_line: int | None = None
    if not title:
        if not body:
            broken_title = fields.note_on("title") or fields.note_on("name")
            if broken_title is not None:
                # Not a record without a title, but an article whose title cannot be read.
                return Problem(source, broken_title.reason, broken_title.line)
            return Skipped(source, "no title or name")
        title, title_line = infer_title(body)
        title_inferred = True
    excerpt = fields.text("excerpt") or fields.text("description")
    if not excerpt and body:
        excerpt = infer_excerpt(body, title_line)
    original_url = fields.url("originalUrl")
    web_url = fields.url("webUrl")
    if web_url == original_url:
        web_url = original_url  # most files give one URL twice: kept once
    url = original_url or web_url or fields.url("website")
    published_at = fields.datetime("publishedDateTime") or fields.datetime("startDateTime")
    heat = fields.integer("heat")
    # Read before the article is made: each can add a note.
    items = fields.items("items")
    length = fields.line("length") or None
    price = fields.line("price") or None
    return Article(
        id=url_id(url) if url else content_id(whole_text),
        title=shorten(title, MAX_TITLE_LENGTH),
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
        # Kept as UTF-8 (quick to make, half the memory often); preparing the collection
        # compresses it. `Article.body` reads either form as text.
        body=cast(str, pack_text(body, compress=False)),
        kind=sys.intern(
            fields.line("type")[:100] or ("event" if "startDateTime" in metadata else "article")
        ),
        title_inferred=title_inferred,
        extra=fields.unmodelled(),
        notes=tuple(notes),
        items=items,
        length=length,
        price=price,
    )


def url_id(url: str) -> str:
    """The article id for an article with a URL: stable across restarts, moves and copies."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:12]


def content_id(text: str) -> str:
    """The article id for an article without a URL, from its text (whitespace folded)."""
    folded = " ".join(text.split())
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]
