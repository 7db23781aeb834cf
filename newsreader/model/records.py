"""The records newsreader works with: articles, their parts, and problems found while loading."""

from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, cast

UNCATEGORISED = "Uncategorised"
# Bodies at least this long are kept compressed by `Article.packed`: a tenth of the memory
# for most texts; shorter ones would gain little.
PACKED_MIN_CHARS = 128


@dataclass(frozen=True, slots=True)
class Provider:
    """Who published an article."""

    name: str | None = None
    domain: str | None = None

    @property
    def label(self) -> str | None:
        """The name to show, falling back to the domain."""
        return self.name or self.domain


@dataclass(frozen=True, slots=True)
class Image:
    """A lead image or logo; the URL may be site-relative."""

    url: str
    width: int | None = None
    height: int | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Related:
    """An article that the file lists as related to its own."""

    title: str
    excerpt: str = ""
    published_at: datetime | None = None
    url: str | None = None
    provider: Provider | None = None
    quality: int | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a collection's `items:` list: a title and its link.

    The site lists a collection's items by reference to its other records (`videos/a-slug`,
    from the folder above the collection's); until that record is found among the files
    read, the reference stands as the title, with no link.
    """

    title: str
    url: str | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article (or titled record) loaded from one file.

    Hashed by its id: equal articles have equal ids, and the raw front matter it keeps is a
    mapping, which has no hash of its own.
    """

    id: str
    title: str
    source: Path
    # Kept as UTF-8 when that is smaller (see `_Excerpt`); reading it always gives the text.
    excerpt: str = ""
    published_at: datetime | None = None
    url: str | None = None
    web_url: str | None = None
    provider: Provider | None = None
    topics: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    quality: int | None = None
    heat: int | None = None
    is_published: bool | None = None
    related: tuple[Related, ...] = ()
    has_secured_text: bool = False
    # The text. A long one can be kept compressed (given as `pack_text` gives it, or by
    # `packed()`); reading `body` always gives the text.
    body: str = ""
    kind: str = "article"
    title_inferred: bool = False
    has_front_matter: bool = True
    # Keys the loader does not model, as found in the file (sanitised).
    extra: dict[str, Any] = field(default_factory=dict)
    # What was wrong with individual fields; the article still loaded.
    notes: tuple[Note, ...] = ()
    # Lines taken out of the body as boilerplate (newsletter blurbs, "follow us", link lists).
    removed_text: tuple[str, ...] = ()
    # The body-only file this article's body came from, when the two were merged.
    body_from: Path | None = None
    # Topics found in the article's words rather than given by its file.
    topics_inferred: bool = False
    # What records of other kinds hold: a collection's items, a video's or course's length
    # (as written: `PT9M3S`), a learning item's price (`Free`, `$49`).
    items: tuple[Item, ...] = ()
    length: str | None = None
    price: str | None = None
    # The page the body was fetched from (reader mode's kept text); None: the file's own body.
    text_fetched_from: str | None = None

    @property
    def provider_label(self) -> str | None:
        return self.provider.label if self.provider else None

    @property
    def has_body(self) -> bool:
        """Whether there is a body, without unpacking it."""
        return bool(_BODY_SLOT.__get__(self))

    @property
    def stored_body(self) -> str | bytes:
        """The body as kept: the text, or its UTF-8 compressed by zlib once packed."""
        return _BODY_SLOT.__get__(self)

    @property
    def stored_excerpt(self) -> str | bytes:
        """The excerpt as kept: the text, or its UTF-8."""
        return _EXCERPT_SLOT.__get__(self)

    def packed(self) -> Article:
        """This article with a long body kept compressed (itself if it is short).

        Worth it for articles that are kept (a whole collection); reading `body` then
        unpacks the text each time.
        """
        stored = _BODY_SLOT.__get__(self)
        if type(stored) is str and len(stored) < PACKED_MIN_CHARS:
            return self
        # The slot keeps text or compressed text; `body` reads either as text.
        return replace(self, body=cast(str, pack_text(unpack_text(stored))))

    def __hash__(self) -> int:
        return hash(self.id)

    def unpacked(self) -> Article:
        """This article with its body kept as text (itself if it is), for work that reads
        the body many times."""
        stored = _BODY_SLOT.__get__(self)
        return self if type(stored) is str else replace(self, body=unpack_text(stored))

    def changed(self, **changes: Any) -> Article:
        """`dataclasses.replace` that moves the body over as kept, packed or not.

        (`replace` itself gives an equal article, with its body unpacked.)
        """
        changes.setdefault("body", _BODY_SLOT.__get__(self))
        changes.setdefault("excerpt", _EXCERPT_SLOT.__get__(self))
        return replace(self, **changes)

    @property
    def topic_groups(self) -> tuple[str, ...]:
        """The topics this article is listed under in topic groupings."""
        return self.topics or (UNCATEGORISED,)


def pack_text(text: str, *, compress: bool = True) -> str | bytes:
    """A body as an article keeps it: a text of at least PACKED_MIN_CHARS as its UTF-8 in a
    zlib stream, compressed (a third of the memory or less, but slower to make) or stored as
    it is (half the memory of a str with characters beyond Latin-1, and quick to make).
    `unpack_text` gives either back exactly (lone surrogates too)."""
    if len(text) < PACKED_MIN_CHARS:
        return text
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1 if compress else 0)


def unpack_text(stored: str | bytes) -> str:
    """The text of a body as kept: itself, or unpacked."""
    if type(stored) is str:
        return stored
    return zlib.decompress(cast(bytes, stored)).decode("utf-8", "surrogatepass")


class _Body:
    """`Article.body`: whatever the slot keeps (text, or compressed text), read as text."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __get__(self, article: Article | None, owner: type | None = None) -> Any:
        if article is None:
            return self
        return unpack_text(self._slot.__get__(article, owner))

    def __set__(self, article: Article, value: str | bytes) -> None:
        # Only the dataclass's __init__ sets it (the article is frozen); bytes are packed text.
        if not isinstance(value, str | bytes):
            raise TypeError(f"an article's body is text, not {type(value).__name__}")
        self._slot.__set__(article, value)


class _Excerpt:
    """`Article.excerpt`: kept as UTF-8 when that takes less memory than the str (which
    takes two or four bytes a character for any beyond Latin-1: curly quotes, emoji), read
    as text."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __get__(self, article: Article | None, owner: type | None = None) -> Any:
        if article is None:
            return self
        value = self._slot.__get__(article, owner)
        return value if type(value) is str else value.decode("utf-8", "surrogatepass")

    def __set__(self, article: Article, value: str | bytes) -> None:
        # Only the dataclass's __init__ sets it (the article is frozen); bytes are UTF-8.
        if type(value) is str:
            if not value.isascii():
                encoded = value.encode("utf-8", "surrogatepass")
                if sys.getsizeof(encoded) < sys.getsizeof(value):
                    value = encoded
        elif not isinstance(value, str | bytes):
            raise TypeError(f"an article's excerpt is text, not {type(value).__name__}")
        self._slot.__set__(article, value)


# The slots the dataclass made for `body` and `excerpt`, behind descriptors that give the
# text of what they keep.
_BODY_SLOT = Article.__dict__["body"]
Article.body = _Body(_BODY_SLOT)  # type: ignore[assignment,misc]
_EXCERPT_SLOT = Article.__dict__["excerpt"]
Article.excerpt = _Excerpt(_EXCERPT_SLOT)  # type: ignore[assignment,misc]


@dataclass(frozen=True, slots=True)
class Note:
    """Something wrong with one field of a file that still loaded."""

    reason: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A file, or a part of one, that could not be loaded as it stands."""

    source: Path
    reason: str
    line: int | None = None

    def describe(self) -> str:
        """`file:line: reason`, the line left out where it is not known."""
        where = f"{self.source}:{self.line}" if self.line else str(self.source)
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that is deliberately not shown (a data record with no title or name)."""

    source: Path
    reason: str


LoadResult = Article | Problem | Skipped
