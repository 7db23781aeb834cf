"""The list pane: articles under collapsible group headers, drawn a line at a time.

Only the lines on screen are ever rendered, and moving the cursor costs the same with ten
articles or a hundred thousand: rows are found by bisecting a table of their first lines. What
each row says is drawn by article_rows.py.

The rows themselves (groups flattened, their first lines, the headers' unread counts) are a
RowTable (row_table.py); this widget draws them and moves its cursor over them. It stays
above ~400 lines as one widget: its keys, mouse, scrolling and cursor act on one row table
and one cursor together, and splitting them would only pass that state back and forth.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.core.present import DATE_FORMAT, ROW_FORMAT
from newsreader.model.records import Article
from newsreader.model.store import Group
from newsreader.search.query import StateView
from newsreader.ui.widgets.article_rows import (
    ARTICLE_HEIGHT,
    DENSE_ARTICLE_HEIGHT,
    HEADER_HEIGHT,
    Row,
    RowStyles,
    dense_text,
    header_text,
    meta_text,
    title_text,
)
from newsreader.ui.widgets.row_table import RowTable


class ArticleList(ScrollView, can_focus=True):
    """Articles grouped under headers: the title on one line, provider and date dimmed below."""

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--group",
        "article-list--meta",
        "article-list--unread",
        "article-list--read",
        "article-list--star",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        & > .article-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .article-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .article-list--group { color: $text-accent; text-style: bold; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--unread { text-style: bold; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--star { color: $text-warning; }
    }
    """

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next row", id="list.down", show=False),
        Binding("up,k", "cursor_up", "Previous row", id="list.up", show=False),
        Binding("home,g", "first", "First row", id="list.first", show=False),
        Binding("end,G", "last", "Last row", id="list.last", show=False),
        Binding("pagedown", "page_down", "Page down", id="list.page_down", show=False),
        Binding("pageup", "page_up", "Page up", id="list.page_up", show=False),
        Binding("left,h", "collapse", "Collapse group", id="list.collapse", show=False),
        Binding("right,l", "expand", "Expand group", id="list.expand", show=False),
        Binding("enter", "select", "Open article / toggle group", id="list.select", show=False),
        Binding(
            "space", "app.page_detail", "Page the detail pane", id="list.page_detail", show=False
        ),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class ArticleChosen(Message):
        """Enter was pressed (or a double click made) on an article."""

        def __init__(self, article: Article) -> None:
            self.article = article
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._table = RowTable()
        self._strips: LRUCache[tuple[int, int, int, bool], Strip] = LRUCache(512)
        self.date_format = DATE_FORMAT
        # One line per article (title, provider and date, as row_format says) or two.
        self.dense = False
        self.row_format = ROW_FORMAT
        # Whether the reader has moved the cursor (or opened or closed a group) yet: until
        # then a new list starts at its top, so that the list opens where it begins.
        self.user_moved = False
        # True while the cursor is being moved by the reader (a key, a click, the palette),
        # so that whoever watches the cursor can tell such a move from a new list.
        self.moving_by_user = False

    # Content ----------------------------------------------------------------------------

    def show_groups(self, groups: Sequence[Group], marks: StateView | None = None) -> None:
        """Replace the list with these groups, keeping the cursor on the same article if shown.

        `marks` tells which articles are read and starred.
        """
        # Until the reader moves, the list opens at its top (saved searches first), wherever
        # the article shown while the first files were read ends up in the whole list.
        current = self.highlighted_article if self.user_moved else None
        # Where the highlighted row sits on screen, so that it stays there when rows are
        # added or removed above it (a file changed on disk, more files loaded).
        on_screen = (
            self._table.tops[self.cursor] - self.scroll_offset.y
            if current is not None and self.cursor < len(self._table.tops)
            else None
        )
        if marks is not None:
            self._table.marks = marks
        self._table.set_groups(groups)
        self._rebuild(keep=current)
        if not self.user_moved:
            self.scroll_to(y=0, animate=False, immediate=True)
        now = self.highlighted_article
        if (
            on_screen is not None
            and current is not None
            and now is not None
            and now.id == current.id
        ):
            self.scroll_to(
                y=max(self._table.tops[self.cursor] - on_screen, 0), animate=False, immediate=True
            )

    def marks_changed(self, article_ids: Sequence[str]) -> None:
        """Redraw after read or starred marks changed for these articles."""
        self._table.marks_changed(article_ids)
        self._strips.clear()
        self.refresh()

    @property
    def groups(self) -> list[Group]:
        return list(self._table.groups)

    @property
    def article_count(self) -> int:
        """Distinct articles in the list, collapsed groups included."""
        return len(self._table.group_index())

    def article_ids(self) -> list[str]:
        """Every article in the list, collapsed groups included, each once."""
        return list(self._table.group_index())

    def move_to_article(self, article_id: str) -> bool:
        """Put the cursor on the first row of this article; False when it is not shown."""
        for index, article in enumerate(self._table.row_articles):
            if article is not None and article.id == article_id:
                self._move_to(index)
                return True
        return False

    def move_to_group(self, name: str) -> bool:
        """Put the cursor on a group's header, at the top of the list with as many of its
        articles below as fit; False when there is no such group."""
        for index, article in enumerate(self._table.row_articles):
            if article is None and self._table.groups[self._table.row_groups[index]].name == name:
                self._move_to(index)
                self.scroll_to(y=self._table.tops[index], animate=False, immediate=True)
                return True
        return False

    def next_unread(self, step: int) -> bool:
        """Move to the next (step 1) or previous (step -1) unread article; False if none."""
        is_read = self._table.marks.is_read
        index = self.cursor + step
        articles = self._table.row_articles
        while 0 <= index < len(articles):
            article = articles[index]
            if article is not None and not is_read(article.id):
                self._move_to(index)
                return True
            index += step
        return False

    def next_unread_group(self) -> bool:
        """Move to the first unread article of the next group that has one (a collapsed
        group is opened); False if no group below has any."""
        rows = self._table.row_articles
        current = self._table.row_groups[self.cursor] if rows else -1
        for index in range(current + 1, len(self._table.groups)):
            if self._table.unread_count(index):
                name = self._table.groups[index].name
                if name in self._table.collapsed:
                    self._table.collapsed.discard(name)
                    self._rebuild(keep_group=index)
                header = self._table.row_groups.index(index)
                self._move_to(header)
                self.scroll_to(y=self._table.tops[header], animate=False, immediate=True)
                return self.next_unread(1)
        return False

    def set_all_collapsed(self, collapsed: bool) -> None:
        """Collapse (or expand) every group, the cursor on its group's header (or row)."""
        self.user_moved = True
        group = self._table.row_groups[self.cursor] if self._table.row_articles else None
        keep = None if collapsed else self.highlighted_article
        self._table.collapsed = {each.name for each in self._table.groups} if collapsed else set()
        self._rebuild(keep=keep, keep_group=group if keep is None else None)

    @property
    def highlighted_article(self) -> Article | None:
        if 0 <= self.cursor < len(self._table.row_articles):
            return self._table.row_articles[self.cursor]
        return None

    @property
    def highlighted_group(self) -> Group | None:
        """The group the cursor is in (on its header or one of its articles)."""
        if 0 <= self.cursor < len(self._table.row_groups):
            return self._table.groups[self._table.row_groups[self.cursor]]
        return None

    def is_collapsed(self, group: Group) -> bool:
        return group.name in self._table.collapsed

    @property
    def highlighted_row(self) -> Row | None:
        return self._row(self.cursor) if 0 <= self.cursor < len(self._table.row_articles) else None

    @property
    def _article_height(self) -> int:
        return DENSE_ARTICLE_HEIGHT if self.dense else ARTICLE_HEIGHT

    def _row_height(self, index: int) -> int:
        return HEADER_HEIGHT if self._table.row_articles[index] is None else self._article_height

    def set_dense(self, dense: bool) -> None:
        """One line per article, or two; the highlighted row stays where it is on screen."""
        if dense != self.dense:
            self.dense = dense
            self.show_groups(self._table.groups)

    def _row(self, index: int) -> Row:
        return self._table.row(index)

    @property
    def row_count(self) -> int:
        return len(self._table.row_articles)

    def _rebuild(self, keep: Article | None = None, keep_group: int | None = None) -> None:
        """Flatten the groups into rows (collapsed groups show their header only)."""
        keep_id = keep.id if keep is not None else None
        target = self._table.rebuild(self._article_height, keep_id, keep_group)
        row_articles, line = self._table.row_articles, self._table.line_count
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, line)
        if target is None:
            # Start on the first article rather than on a header.
            target = 1 if len(row_articles) > 1 and row_articles[1] is not None else 0
        self.cursor = min(target, max(len(row_articles) - 1, 0))
        self.refresh()

    # Drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        line = y + scroll_y
        width = self.scrollable_content_region.width
        if line >= self._table.line_count or not self._table.row_articles:
            return Strip.blank(width, self.rich_style)
        index = bisect_right(self._table.tops, line) - 1
        offset = line - self._table.tops[index]
        is_cursor = index == self.cursor
        key = (index, offset, width, is_cursor)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(self._row(index), offset, width, is_cursor)
            self._strips[key] = strip
        return strip

    def _render_row_line(self, row: Row, offset: int, width: int, is_cursor: bool) -> Strip:
        text = self._row_text(row, offset)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        # The parts' own styles say only what they change (colour, bold), over the widget's
        # background; the cursor's comes last, so it covers every line of the row alike.
        cursor = self._component("article-list--cursor") if is_cursor else None
        return Strip(Segment.apply_style(segments, self.rich_style, cursor), width).simplify()

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _row_text(self, row: Row, offset: int) -> Text:
        styles = RowStyles(
            group=self._component("article-list--group"),
            meta=self._component("article-list--meta"),
            unread=self._component("article-list--unread"),
            read=self._component("article-list--read"),
            star=self._component("article-list--star"),
        )
        if row.article is None:
            group = self._table.groups[row.group]
            collapsed = group.name in self._table.collapsed
            return header_text(group, collapsed, self._table.unread_count(row.group), styles)
        article = row.article
        if self.dense:
            width = self.scrollable_content_region.width
            return dense_text(
                article, self._table.marks, self.date_format, self.row_format, width, styles
            )
        if offset == 0:
            return title_text(article, self._table.marks, styles)
        return meta_text(article, self._table.marks, self.date_format, styles)

    def watch_cursor(self, previous: int, cursor: int) -> None:
        self._refresh_row(previous)
        self._refresh_row(cursor)
        self._scroll_cursor_into_view()

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self._table.row_articles):
            top = self._table.tops[index] - round(self.scroll_offset.y)
            self.refresh(Region(0, top, self.size.width, self._row_height(index)))

    def _scroll_cursor_into_view(self) -> None:
        if not 0 <= self.cursor < len(self._table.row_articles):
            return
        top = self._table.tops[self.cursor]
        height = self._row_height(self.cursor)
        self.scroll_to_region(Region(0, top, 1, height), animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self._table.line_count)

    # Keys -------------------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        """Move the cursor where the reader asked (every move of theirs comes through here)."""
        if not self._table.row_articles:
            return
        self.user_moved = True
        self.moving_by_user = True
        try:
            self.cursor = max(0, min(index, len(self._table.row_articles) - 1))
        finally:
            self.moving_by_user = False

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._table.row_articles) - 1)

    def action_page_down(self) -> None:
        self._move_to(
            self._table.row_at_line(self._cursor_line() + self.scrollable_content_region.height)
        )

    def action_page_up(self) -> None:
        self._move_to(
            self._table.row_at_line(self._cursor_line() - self.scrollable_content_region.height)
        )

    def _cursor_line(self) -> int:
        return self._table.tops[self.cursor] if self._table.row_articles else 0

    def action_collapse(self) -> None:
        """Collapse the group under the cursor, or go up to the article's group."""
        row = self.highlighted_row
        if row is None:
            return
        name = self._table.groups[row.group].name
        if row.article is not None:
            self._move_to(self._table.header_row(row.group, self.cursor))
        elif name not in self._table.collapsed:
            self.user_moved = True
            self._table.collapsed.add(name)
            self._rebuild(keep_group=row.group)

    def action_expand(self) -> None:
        """Expand the group under the cursor, or step onto its first article when open."""
        row = self.highlighted_row
        if row is None or row.article is not None:
            return
        name = self._table.groups[row.group].name
        if name in self._table.collapsed:
            self.user_moved = True
            self._table.collapsed.discard(name)
            self._rebuild(keep_group=row.group)
        else:
            self._move_to(self.cursor + 1)

    def action_select(self) -> None:
        row = self.highlighted_row
        if row is None:
            return
        if row.article is not None:
            self.post_message(self.ArticleChosen(row.article))
        else:
            self.toggle_group(row.group)

    def toggle_group(self, group: int) -> None:
        self.user_moved = True
        name = self._table.groups[group].name
        if name in self._table.collapsed:
            self._table.collapsed.discard(name)
        else:
            self._table.collapsed.add(name)
        self._rebuild(keep_group=group)

    # Mouse ------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        line = event.y + round(self.scroll_offset.y)
        if not self._table.row_articles or line >= self._table.line_count:
            return
        index = self._table.row_at_line(line)
        row = self._row(index)
        if row.article is None:
            self.toggle_group(row.group)
        elif event.chain >= 2 and index == self.cursor:
            self.post_message(self.ArticleChosen(row.article))
        else:
            self._move_to(index)
