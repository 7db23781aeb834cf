"""One file in, one Article, Problem or Skipped out. Never an exception for anything in a file."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from frontmatter import YAMLHandler
from frontmatter.default_handlers import SafeLoader as FrontMatterSafeLoader

from newsreader.infer import infer_excerpt, infer_title, shorten
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
MAX_TOPICS = 100
MAX_FIELD_LENGTH = 20_000
MAX_TITLE_LENGTH = 1_000
# Real front matter nests five or six levels. libyaml builds nodes recursively in C, so a file
# nesting some tens of thousands of `[` would overflow the stack and crash the process.
MAX_YAML_DEPTH = 100
# Merge keys (`<<: *a`) copy every key of the merged mapping; nested merges grow exponentially.
MAX_MERGED_KEYS = 10_000
# Real front matter is a few kilobytes; YAML takes about a second a megabyte to load.
MAX_FRONT_MATTER_CHARS = 1_000_000
# The front matter starts on the file's second line, after the opening `---`.
FRONT_MATTER_FIRST_LINE = 2

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


class KeyedDict(dict[Any, Any]):
    """A YAML mapping that remembers the (0-based) front matter line of each key."""

    key_lines: dict[Any, int]


class LinedList(list[Any]):
    """A YAML sequence that remembers the (0-based) front matter line of each item."""

    item_lines: list[int]


class ArticleYamlLoader(FrontMatterSafeLoader):  # type: ignore[misc,valid-type]
    """python-frontmatter's safe loader (libyaml's CSafeLoader when present), for untrusted files.

    Mappings and lists remember their lines so that notes can name them; a value that looks
    like a date or number but is not one (`2023-02-30`, a 5,000-digit number) stays text for
    the field reader to report, instead of failing the whole file; merge keys have a budget.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.merged_keys = 0

    def construct_keyed_map(self, node: yaml.MappingNode) -> Any:
        data = KeyedDict()
        data.key_lines = {}
        yield data
        data.update(self.construct_mapping(node))
        # construct_mapping flattened the merge keys, so node.value holds the final pairs.
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node)
            if isinstance(key, str | int | float | bool | date) or key is None:
                data.key_lines[key] = key_node.start_mark.line

    def construct_lined_seq(self, node: yaml.SequenceNode) -> Any:
        data = LinedList()
        data.item_lines = [item.start_mark.line for item in node.value]
        yield data
        data.extend(self.construct_sequence(node))

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_lenient_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """PyYAML's merge-key expansion, stopping once a document has merged too many keys."""
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        own: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:value":
                key_node.tag = "tag:yaml.org,2002:str"
            if key_node.tag != "tag:yaml.org,2002:merge":
                own.append((key_node, value_node))
                continue
            if isinstance(value_node, yaml.MappingNode):
                sources = [value_node]
            elif isinstance(value_node, yaml.SequenceNode):
                # Earlier mappings in the list win, so they go last.
                sources = list(reversed(value_node.value))
            else:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"expected a mapping or list of mappings for merging, found {value_node.id}",
                    value_node.start_mark,
                )
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        f"expected a mapping for merging, found {source.id}",
                        source.start_mark,
                    )
                self.flatten_mapping(source)
                self.merged_keys += len(source.value)
                if self.merged_keys > MAX_MERGED_KEYS:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"merge keys (<<) expand to more than {MAX_MERGED_KEYS:,} keys",
                        value_node.start_mark,
                    )
                merged.extend(source.value)
        node.value = merged + own


ArticleYamlLoader.add_constructor("tag:yaml.org,2002:map", ArticleYamlLoader.construct_keyed_map)
ArticleYamlLoader.add_constructor("tag:yaml.org,2002:seq", ArticleYamlLoader.construct_lined_seq)
ArticleYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", ArticleYamlLoader.construct_lenient_timestamp
)
ArticleYamlLoader.add_constructor("tag:yaml.org,2002:int", ArticleYamlLoader.construct_lenient_int)


# Flags that exist only on some systems are left out where they do not (O_BINARY: Windows).
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Read one article file. Every failure becomes a Problem naming the file."""
    try:
        # Non-blocking, so that a named pipe or device named like an article cannot stall the
        # open; the checks then look at what was actually opened, not at what the name was.
        descriptor = os.open(path, _OPEN_FLAGS)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                return Problem(path, "is a folder, not a file")
            if not stat.S_ISREG(info.st_mode):
                return Problem(path, "not a regular file")
            if info.st_size > max_bytes:
                return Problem(
                    path, f"file is {info.st_size:,} bytes, over the {max_bytes:,} byte limit"
                )
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
    try:
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
        kind = _type_name(metadata)
        reason = f"front matter is {kind}, not a mapping of keys to values"
        return Problem(source, reason, FRONT_MATTER_FIRST_LINE)
    return _front_matter_article(metadata, body, text, source, notes)


class TooDeeplyNested(ValueError):
    """Front matter that nests collections deeper than MAX_YAML_DEPTH."""

    def __init__(self, line: int) -> None:
        super().__init__(f"nested too deeply at front matter line {line + 1}")
        # The 0-based front matter line where the nesting went too deep.
        self.line = line


def load_front_matter(front_matter: str) -> Any:
    """The YAML data of a front matter, through python-frontmatter's handler and a safe loader.

    Raises yaml.YAMLError (with the position) for invalid YAML and TooDeeplyNested before
    handing libyaml a document that could overflow its stack.
    """
    if _nesting_bound(front_matter) > MAX_YAML_DEPTH:
        too_deep_at = _line_too_deep(front_matter, MAX_YAML_DEPTH)
        if too_deep_at is not None:
            raise TooDeeplyNested(too_deep_at)
    return YAML_HANDLER.load(front_matter, Loader=ArticleYamlLoader)


_LEADING_INDICATORS = re.compile(r"^[ \t?:-]+", re.MULTILINE)


def _nesting_bound(text: str) -> int:
    """An upper bound on how deep YAML `text` nests, found without parsing it.

    A nested block collection starts further right than its parent, or (a sequence under a
    mapping key) at the same column, so block depth is at most twice the widest run of
    indentation and indicators; every flow level needs a `[` or `{`, with at most one
    single-pair mapping inside each.
    """
    widest = max((len(match.group()) for match in _LEADING_INDICATORS.finditer(text)), default=0)
    flow_openers = text.count("[") + text.count("{")
    return 2 * (widest + 1) + 2 * flow_openers + 1


def _line_too_deep(text: str, limit: int) -> int | None:
    """The line where `text` nests deeper than `limit`, None if it does not.

    Found from libyaml's events, which it produces without recursing.
    """
    depth = 0
    for event in yaml.parse(text, Loader=ArticleYamlLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                return event.start_mark.line
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _body_only_article(text: str, source: Path, notes: list[Note]) -> LoadResult:
    body = clean_text(text).strip()
    if not body:
        return Problem(source, "file has no text")
    title, title_line = infer_title(body)
    return Article(
        id=content_id(body),
        title=title or clean_line(source.stem) or "untitled",
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
    body_text: str,
    whole_text: str,
    source: Path,
    notes: list[Note],
) -> LoadResult:
    fields = _FieldReader(metadata, notes)
    body = clean_text(body_text).strip()
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
    url = original_url or web_url or fields.url("website")
    published_at = fields.datetime("publishedDateTime") or fields.datetime("startDateTime")
    heat = fields.integer("heat")
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
        body=body,
        kind=fields.line("type")[:100] or ("event" if "startDateTime" in metadata else "article"),
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


def _key_line(mapping: Mapping[Any, Any], key: str) -> int | None:
    """The file line of `key` in a mapping the YAML loader built, when it is known."""
    key_lines = getattr(mapping, "key_lines", None)
    line = key_lines.get(key) if key_lines else None
    return None if line is None else line + FRONT_MATTER_FIRST_LINE


def _item_line(items: list[Any], index: int) -> int | None:
    """The file line of the item at `index` of a list the YAML loader built."""
    item_lines = getattr(items, "item_lines", None)
    if not item_lines or index >= len(item_lines):
        return None
    return item_lines[index] + FRONT_MATTER_FIRST_LINE


class _FieldReader:
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

    def _wrong_type(self, label: str, expected: str, value: object, line: int | None) -> None:
        self._note(label, f"expected {expected}, found {_type_name(value)}", line)

    def _field(
        self, key: str, source: Mapping[Any, Any] | None, within: str
    ) -> tuple[Any, str, int | None]:
        """The value of `key`, its label for notes, and its line."""
        mapping = self.metadata if source is None else source
        label = f"{within}, {key}" if within else key
        return mapping.get(key), label, _key_line(mapping, key)

    # Scalars ----------------------------------------------------------------------------

    def line(self, key: str, source: Mapping[Any, Any] | None = None, within: str = "") -> str:
        """Text on one line (whitespace folded)."""
        value, label, line = self._field(key, source, within)
        return clean_line(self._as_text(label, value, line))[:MAX_FIELD_LENGTH]

    def text(self, key: str, source: Mapping[Any, Any] | None = None, within: str = "") -> str:
        """Text that may run over several lines."""
        value, label, line = self._field(key, source, within)
        return clean_text(self._as_text(label, value, line)).strip()[:MAX_FIELD_LENGTH]

    def _as_text(self, label: str, value: object, line: int | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, int | float | datetime | date) and not isinstance(value, bool):
            return str(value)
        self._wrong_type(label, "text", value, line)
        return ""

    def url(
        self, key: str, source: Mapping[Any, Any] | None = None, within: str = ""
    ) -> str | None:
        return tidy_url(self.line(key, source, within)) or None

    def integer(
        self, key: str, source: Mapping[Any, Any] | None = None, within: str = ""
    ) -> int | None:
        value, label, line = self._field(key, source, within)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
            return int(value)
        self._wrong_type(label, "a whole number", value, line)
        return None

    def boolean(self, key: str) -> bool | None:
        value, label, line = self._field(key, None, "")
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            return value.strip().lower() in ("true", "yes")
        self._wrong_type(label, "true or false", value, line)
        return None

    def datetime(
        self, key: str, source: Mapping[Any, Any] | None = None, within: str = ""
    ) -> datetime | None:
        value, label, line = self._field(key, source, within)
        if value is None or value == "":
            return None
        parsed = parse_datetime(value)
        if parsed is None:
            if isinstance(value, datetime | date):
                self._note(label, "the date is out of range", line)
            else:
                self._wrong_type(label, "a date and time", value, line)
        return parsed

    # Structures -------------------------------------------------------------------------

    def provider(
        self, key: str, source: Mapping[Any, Any] | None = None, within: str = ""
    ) -> Provider | None:
        value, label, line = self._field(key, source, within)
        if value is None:
            return None
        if isinstance(value, str):
            name = clean_line(value)[:MAX_FIELD_LENGTH]
            return Provider(name=name) if name else None
        if not isinstance(value, dict):
            self._wrong_type(label, "a mapping with name and domain", value, line)
            return None
        name = self.line("name", value, label) or None
        domain = self.line("domain", value, label) or None
        return Provider(name, domain) if name or domain else None

    def topics(self, key: str) -> tuple[str, ...]:
        value, label, line = self._field(key, None, "")
        if value is None:
            return ()
        if isinstance(value, str):
            # One topic written without the list around it: kept, and noted.
            self._wrong_type(label, "a list", value, line)
            value = [value]
        if not isinstance(value, list):
            self._wrong_type(label, "a list", value, line)
            return ()
        topics: dict[str, None] = {}
        for index, item in enumerate(value[:MAX_TOPICS]):
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                topic = clean_line(str(item))[:200]
                if topic:
                    topics[topic] = None
            elif item is not None:
                item_label = f"{label} item {index + 1}"
                self._wrong_type(item_label, "text", item, _item_line(value, index))
        return tuple(topics)

    def images(self, key: str) -> tuple[Image, ...]:
        value, label, line = self._field(key, None, "")
        if value is None:
            return ()
        if not isinstance(value, list):
            self._wrong_type(label, "a list", value, line)
            return ()
        images: list[Image] = []
        for index, item in enumerate(value[:MAX_RELATED]):
            item_label = f"{label} item {index + 1}"
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
                line = _item_line(value, index)
                self._wrong_type(item_label, "a mapping with a url", item, line)
        return tuple(images)

    def related(self, key: str) -> tuple[Related, ...]:
        value, label, line = self._field(key, None, "")
        if value is None:
            return ()
        if not isinstance(value, list):
            self._wrong_type(label, "a list", value, line)
            return ()
        items: list[Related] = []
        for index, item in enumerate(value[:MAX_RELATED]):
            item_label = f"{label} item {index + 1}"
            if not isinstance(item, dict):
                self._wrong_type(item_label, "a mapping", item, _item_line(value, index))
                continue
            url = self.url("originalUrl", item, item_label) or self.url("webUrl", item, item_label)
            title = (
                self.line("title", item, item_label) or self.line("name", item, item_label) or url
            )
            if not title:
                self._note(item_label, "has no title or URL", _item_line(value, index))
                continue
            items.append(
                Related(
                    title=shorten(title, MAX_TITLE_LENGTH),
                    excerpt=self.text("excerpt", item, item_label),
                    published_at=self.datetime("publishedDateTime", item, item_label),
                    url=url,
                    provider=self.provider("provider", item, item_label),
                    quality=self.integer("quality", item, item_label),
                )
            )
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
            extra[clean_line(str(key))[:200]] = _bounded_copy(value, budget, [])
        if budget[0] <= 0:
            self.notes.append(Note("front matter is very large; part of it was not kept"))
        return extra


RECURSIVE_VALUE = "(refers to itself)"


def _bounded_copy(value: Any, budget: list[int], containers: list[int]) -> Any:
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
        return clean_text(value)[:MAX_FIELD_LENGTH]
    if isinstance(value, dict | list):
        if id(value) in containers:
            return RECURSIVE_VALUE
        containers.append(id(value))
        try:
            return _bounded_copy_items(value, budget, containers)
        finally:
            containers.pop()
    if isinstance(value, datetime):
        moment = _as_utc(value)
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
            copied[clean_line(str(key))[:200]] = _bounded_copy(item, budget, containers)
        return copied
    items = []
    for item in value:
        if budget[0] <= 0:
            break
        items.append(_bounded_copy(item, budget, containers))
    return items


def parse_datetime(value: object) -> datetime | None:
    """An aware UTC datetime from a YAML datetime or date, or an ISO 8601 string.

    None for anything else, and for times so near the ends of the calendar that showing them
    in a local zone would overflow.
    """
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, date):
        return _as_utc(datetime(value.year, value.month, value.day))
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


def _as_utc(value: datetime) -> datetime | None:
    # Naive times in these files are UTC: the site writes them with a Z.
    try:
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return moment if 1 < moment.year < 9999 else None
