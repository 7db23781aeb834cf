"""How articles read as text: dates in the reader's zone, meta lines, and the `show` layout.

Everything here returns plain strings or Rich `Text` built from plain strings, never markup,
so article text is shown exactly as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.text import Text
from rich.tree import Tree

from newsreader.model.records import Article, Item, Related
from newsreader.text.body import markdown_link
from newsreader.text.sanitize import printable
from newsreader.text.urls import check_openable

DATE_FORMAT = "%Y-%m-%d %H:%M"
# An adult's silent reading speed, for "6 min read".
WORDS_PER_MINUTE = 230
# What Markdown bodies (and HTML bodies, written as Markdown) hold besides words: list
# bullets, heading marks, quote marks, rules and table bars.
_MARKDOWN_MARKS = ("-", "*", "+", ">", "|", "---", "***", *("#" * n for n in range(1, 7)))
# An ISO 8601 duration, as the site gives a video's or course's length: `PT1H9M3S`.
_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?"
)


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
    if article.length:
        parts.append(f"length {duration_label(article.length)}")
    if article.price:
        parts.append(f"price {article.price}")
    words = word_count(article.body)
    if words:
        minutes = max(1, round(words / WORDS_PER_MINUTE))
        parts += [f"{words:,} word{'s' if words != 1 else ''}", f"{minutes} min read"]
    # File names are not sanitised at load time (they name the file): spell out what they hide.
    parts.append(printable(article.source.name))
    if article.body_from is not None:
        parts.append(f"text from {printable(article.body_from.name)}")
    if article.text_fetched_from is not None:
        host = urlsplit(article.text_fetched_from).hostname or article.text_fetched_from
        parts.append(f"text fetched from {printable(host)}")
    return parts


def word_count(text: str) -> int:
    """The words of a text; the marks of its Markdown (`#`, `-`, `>`, `|`) are not words."""
    tokens = Counter(text.split())
    return tokens.total() - sum(tokens[mark] for mark in _MARKDOWN_MARKS)


def duration_label(length: str) -> str:
    """`PT1H9M3S` as `1 h 9 min 3 s`; a length written any other way as it is."""
    match = _DURATION.fullmatch(length.strip())
    if match is None or not any(match.groupdict().values()):
        return length
    hours = int(match["days"] or 0) * 24 + int(match["hours"] or 0)
    amounts = ((hours, "h"), (int(match["minutes"] or 0), "min"), (int(match["seconds"] or 0), "s"))
    return " ".join(f"{amount} {unit}" for amount, unit in amounts if amount) or "0 s"


def shows_encrypted_note(article: Article) -> bool:
    """Whether to say that the full text is encrypted: only where there is no text to show
    instead (a file can hold both the encrypted text and a body, or items)."""
    return article.has_secured_text and not article.has_body and not article.items


def text_to_show(article: Article) -> str:
    """The body, and a collection's items as a Markdown list of linked titles after it."""
    if not article.items:
        return article.body
    items = "\n".join(f"- {item_line(item)}" for item in article.items)
    return f"{article.body}\n\n{items}" if article.has_body else items


def item_line(item: Item) -> str:
    """A collection's item as Markdown: its title, linked when its URL may be opened."""
    check = check_openable(item.url)
    return markdown_link(item.title, check.url) if check.url else item.title


# The fewest columns a related article's title is given before its details are cut.
RELATED_TITLE_MIN = 20


def related_label(item: Related, width: int | None = None) -> Text:
    """One related article on a line: title, then provider, date and quality dimmed.

    With a width, the line fits it: the title keeps most of the width (three fifths, or all
    it needs), the quality and then the date giving way first, and whatever is still too
    long is shortened.
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

    def detail_text() -> str:
        return "  " + " · ".join(details) if details else ""

    label = Text(item.title, no_wrap=True)
    if width is not None:
        wanted = min(len(item.title), max(width * 3 // 5, RELATED_TITLE_MIN))
        while len(details) > 1 and width - len(detail_text()) < wanted:
            details.pop()
        label.truncate(max(width - len(detail_text()), wanted), overflow="ellipsis")
    label.append(detail_text(), style="dim")
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
    if shows_encrypted_note(article):
        parts += [Text(""), Text("(the full text is encrypted in the file)", style="dim")]
    text = text_to_show(article)
    if text:
        parts += [Text(""), Text(text)]
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


# The fields a one-line row's format may name, and the format used when none is set.
ROW_FIELDS = ("title", "provider", "date", "topics", "quality")
ROW_FORMAT = "{title}  {provider} · {date}"


def row_fields(article: Article, date_format: str = DATE_FORMAT) -> dict[str, str]:
    """What a one-line row can show of an article, by field name, each as text."""
    return {
        "title": article.title,
        "provider": article.provider_label or "",
        "date": local_time(article.published_at, date_format) or "undated",
        "topics": ", ".join(article.topics),
        "quality": "" if article.quality is None else str(article.quality),
    }


FIELD_SEPARATOR = " · "


def without_empty_fields(text: str) -> str:
    """A formatted part of a row with the separators of fields that came out empty left out.

    `{provider} · {date}` for an article with no provider reads `2026-12-01`, not ` · 2026-12-01`;
    the spaces the part starts and ends with are kept, as they space it from the title. Only
    the separator written with its spaces counts, so a format without it is left as written.
    """
    parts = text.split(FIELD_SEPARATOR)
    if len(parts) == 1:
        return text
    lead = parts[0][: len(parts[0]) - len(parts[0].lstrip())]
    trail = parts[-1][len(parts[-1].rstrip()) :]
    kept = FIELD_SEPARATOR.join(field for part in parts if (field := part.strip()))
    return f"{lead}{kept}{trail}"


def split_row_format(row_format: str) -> tuple[str, str]:
    """The format's text before and after `{title}` (each still to be formatted)."""
    before, _, after = row_format.partition("{title}")
    return before, after


def counted(number: int, noun: str) -> str:
    """`1 article`, `2,000 articles`: a number with its noun, plural when it is not one."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
