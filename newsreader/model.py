"""The records newsreader works with: articles, their parts, and problems found while loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

UNCATEGORISED = "Uncategorised"


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
class Article:
    """One article (or titled record) loaded from one file."""

    id: str
    title: str
    source: Path
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

    @property
    def provider_label(self) -> str | None:
        return self.provider.label if self.provider else None

    @property
    def topic_groups(self) -> tuple[str, ...]:
        """The topics this article is listed under in topic groupings."""
        return self.topics or (UNCATEGORISED,)


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
