"""How articles read as text: dates in the reader's zone, meta lines, and the `show` layout.

Everything here returns plain strings or Rich `Text` built from plain strings, never markup,
so article text is shown exactly as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.text import Text
from rich.tree import Tree

from newsreader.model.records import Article, Related
from newsreader.text.sanitize import printable

DATE_FORMAT = "%Y-%m-%d %H:%M"
# An adult's silent reading speed, for "6 min read".
WORDS_PER_MINUTE = 230


def local_time(moment: datetime | None, date_format: str = DATE_FORMAT) -> str:
    """A UTC time shown in the reader's local zone; empty when unknown."""
    return moment.astimezone().strftime(date_format) if moment else ""


def local_date(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d") if moment else ""


def tags_label(tags: Sequence[str]) -> str:
    """Tags as the meta lines show them: `#later #work` (empty without tags)."""
    return " ".join(f"#{tag}" for tag in tags)


def meta_parts(article: Article, date_format: str = DATE_FORMAT) -> list[str]:
    """Provider, local time, topics, quality, heat, length, source file and merged text file."""
    parts: list[str] = []
    if article.provider_label:
        parts.append(article.provider_label)
    if article.published_at:
        parts.append(local_time(article.published_at, date_format))
    if article.topics:
        topics = ", ".join(article.topics)
        parts.append(f"{topics} (inferred)" if article.topics_inferred else topics)
    if article.quality is not None:
        parts.append(f"quality {article.quality}")
    if article.heat is not None:
        parts.append(f"heat {article.heat}")
    words = len(article.body.split())
    if words:
        minutes = max(1, round(words / WORDS_PER_MINUTE))
        parts += [f"{words:,} word{'s' if words != 1 else ''}", f"{minutes} min read"]
    # File names are not sanitised at load time (they name the file): spell out what they hide.
    parts.append(printable(article.source.name))
    if article.body_from is not None:
        parts.append(f"text from {printable(article.body_from.name)}")
    return parts


def related_label(item: Related, width: int | None = None) -> Text:
    """One related article on a line: title, then provider, date and quality dimmed.

    With a width, the title is shortened so that the whole line fits and the details show.
    """
    details = [
        part
        for part in (
            item.provider.label if item.provider else None,
            local_date(item.published_at),
            f"quality {item.quality}" if item.quality is not None else None,
        )
        if part
    ]
    detail_text = "  " + " · ".join(details) if details else ""
    label = Text(item.title, no_wrap=True)
    if width is not None:
        label.truncate(max(width - len(detail_text), min(width, 20)), overflow="ellipsis")
    label.append(detail_text, style="dim")
    if width is not None:
        label.truncate(width, overflow="ellipsis")
    return label


def article_renderable(article: Article) -> RenderableType:
    """The whole article for a terminal: title, meta line, excerpt, body and related tree."""
    parts: list[RenderableType] = [
        Text(article.title, style="bold"),
        Text(" · ".join(meta_parts(article)) + f" · id {article.id}", style="dim"),
    ]
    if article.url:
        parts.append(Text(article.url, style="underline"))
    if article.excerpt:
        parts += [Text(""), Text(article.excerpt, style="italic")]
    if article.has_secured_text:
        parts += [Text(""), Text("(the full text is encrypted in the file)", style="dim")]
    if article.body:
        parts += [Text(""), Text(article.body)]
    if article.related:
        tree = Tree(Text(f"Related ({len(article.related)})", style="bold"))
        for item in article.related:
            node = tree.add(related_label(item))
            if item.excerpt:
                node.add(Text(item.excerpt))
            if item.url:
                node.add(Text(item.url, style="underline"))
        parts += [Text(""), tree]
    return RenderGroup(*parts)
