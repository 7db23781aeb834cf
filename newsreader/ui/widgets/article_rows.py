"""What one row of the article list says, as styled text: a group header, an article's title
line and its dimmed meta line, or a dense one-line row. The list (article_list.py) decides
which rows there are and where; this decides what each shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from newsreader.core.present import (
    DATE_FORMAT,
    local_time,
    row_fields,
    split_row_format,
    tags_label,
    without_empty_fields,
)
from newsreader.model.records import Article
from newsreader.model.store import Group
from newsreader.search.query import StateView

HEADER_HEIGHT = 1
ARTICLE_HEIGHT = 2
DENSE_ARTICLE_HEIGHT = 1
# A one-line row's title keeps at least this many columns, however long the rest of it.
MIN_DENSE_TITLE = 12
# Characters that join or restyle emoji, whose width terminals disagree on (a ZWJ family is
# one wide cell pair in some, three in others; a text symbol with VS16 one cell or two): a row
# cut to the column's width by one count would spill over it by another. Rows leave them out.
_UNSTEADY_WIDTH = dict.fromkeys(
    [0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
)


def steady_width(text: str) -> str:
    """`text` without the characters whose width terminals disagree on (for list rows)."""
    return text.translate(_UNSTEADY_WIDTH)


@dataclass(frozen=True, slots=True)
class Row:
    """One entry of the list: a group header (article None) or an article in a group."""

    group: int
    article: Article | None = None


@dataclass(frozen=True, slots=True)
class RowStyles:
    """The list's component styles a row's parts are drawn in (from its CSS)."""

    group: Style
    meta: Style
    unread: Style
    read: Style
    star: Style


def header_text(group: Group, collapsed: bool, unread: int, styles: RowStyles) -> Text:
    """A group's header: open or closed, its name, and unread/total (… while still coming)."""
    icon = "▶ " if collapsed else "▼ "
    counts = f"  {unread:,}/{len(group.articles):,}" if group.complete else "  …"
    return Text.assemble(icon, (steady_width(group.name), styles.group), (counts, styles.meta))


def title_text(article: Article, marks: StateView, styles: RowStyles) -> Text:
    """An article's first line: unread dot, star, and title."""
    unread = not marks.is_read(article.id)
    title_style = styles.unread if unread else styles.read
    return Text.assemble(
        ("●" if unread else " ", title_style),
        ("★ " if marks.is_starred(article.id) else "  ", styles.star),
        (steady_width(article.title), title_style),
    )


def meta_text(article: Article, marks: StateView, date_format: str, styles: RowStyles) -> Text:
    """An article's second line, dimmed: provider, date and tags."""
    line = meta_line(article, date_format, marks.tags_of(article.id))
    return Text("   " + steady_width(line), styles.meta)


def dense_text(
    article: Article,
    marks: StateView,
    date_format: str,
    row_format: str,
    width: int,
    styles: RowStyles,
) -> Text:
    """Marks, then the row format with the title cut to leave the rest of it in `width`."""
    unread = not marks.is_read(article.id)
    title_style = styles.unread if unread else styles.read
    fields = row_fields(article, date_format)
    before, after = (
        steady_width(without_empty_fields(part.format(**fields)))
        for part in split_row_format(row_format)
    )
    room = width - 3 - len(before) - len(after)
    title = Text(steady_width(article.title), title_style)
    title.truncate(max(room, MIN_DENSE_TITLE), overflow="ellipsis", pad=True)
    return Text.assemble(
        ("●" if unread else " ", title_style),
        ("★ " if marks.is_starred(article.id) else "  ", styles.star),
        (before, styles.meta),
        title,
        (after, styles.meta),
    )


def meta_line(article: Article, date_format: str = DATE_FORMAT, tags: Sequence[str] = ()) -> str:
    """Provider, local date and time, and tags, for the dimmed second line of a row."""
    parts = [article.provider_label or "", local_time(article.published_at, date_format)]
    line = " · ".join(part for part in parts if part) or "undated"
    return f"{line} · {tags_label(tags)}" if tags else line
