"""The article list's rows: its groups flattened into rows (a collapsed group shows its header
only), the line each row starts on, and the unread counts its headers show.

The rows are parallel lists (the group of each row, its article or None on a header, the line
it starts on): plain lists keep a rebuild of 100,000 rows cheap, and a row is found from a line
by bisecting its first lines. Nothing here draws; ArticleList draws and moves its cursor over it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from newsreader.model.records import Article
from newsreader.model.store import Group
from newsreader.search.query import NO_STATE, StateView
from newsreader.ui.widgets.article_rows import HEADER_HEIGHT, Row


class RowTable:
    """The groups shown, which are collapsed, and the rows they make."""

    def __init__(self) -> None:
        self.groups: list[Group] = []
        self.collapsed: set[str] = set()
        """The names of the collapsed groups."""
        self.row_groups: list[int] = []
        self.row_articles: list[Article | None] = []
        self.tops: list[int] = []
        self.line_count = 0
        self.marks: StateView = NO_STATE
        """Which articles are read (for the unread counts)."""
        # Worked out when first needed (a header drawn, a mark changed), not on every rebuild.
        self._unread_counts: dict[int, int] = {}
        self._groups_of: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.row_articles)

    def set_groups(self, groups: Sequence[Group]) -> None:
        """Show these groups (`rebuild` makes their rows)."""
        self.groups = list(groups)
        self._groups_of = None
        self._unread_counts = {}

    def rebuild(
        self, article_height: int, keep_id: str | None = None, keep_group: int | None = None
    ) -> int | None:
        """Flatten the groups into rows; the row of article `keep_id` (its first) or of group
        `keep_group`'s header, when there is one."""
        row_groups: list[int] = []
        row_articles: list[Article | None] = []
        tops: list[int] = []
        line = 0
        target: int | None = None
        for index, group in enumerate(self.groups):
            if keep_group == index:
                target = len(row_articles)
            tops.append(line)
            row_groups.append(index)
            row_articles.append(None)
            line += HEADER_HEIGHT
            if group.name in self.collapsed:
                continue
            articles = group.articles
            if target is None and keep_id is not None:
                for offset, article in enumerate(articles):
                    if article.id == keep_id:
                        target = len(row_articles) + offset
                        break
            count = len(articles)
            tops.extend(range(line, line + count * article_height, article_height))
            row_groups.extend([index] * count)
            row_articles.extend(articles)
            line += count * article_height
        self.row_groups, self.row_articles, self.tops = row_groups, row_articles, tops
        self.line_count = line
        return target

    def row(self, index: int) -> Row:
        return Row(self.row_groups[index], self.row_articles[index])

    def row_at_line(self, line: int) -> int:
        """The row that line `line` (kept within the rows) belongs to."""
        line = max(0, min(line, self.line_count - 1))
        return bisect_right(self.tops, line) - 1

    def header_row(self, group: int, start: int) -> int:
        """The row of a group's header: the last header row at or before row `start`."""
        for index in range(start, -1, -1):
            if self.row_articles[index] is None and self.row_groups[index] == group:
                return index
        return 0

    def unread_count(self, group: int) -> int:
        """How many of a group's articles are unread."""
        count = self._unread_counts.get(group)
        if count is None:
            is_read = self.marks.is_read
            articles = self.groups[group].articles
            count = sum(1 for article in articles if not is_read(article.id))
            self._unread_counts[group] = count
        return count

    def group_index(self) -> dict[str, list[int]]:
        """Every article id shown, collapsed groups included, with the groups it is in."""
        if self._groups_of is None:
            self._groups_of = {}
            for index, group in enumerate(self.groups):
                for article in group.articles:
                    self._groups_of.setdefault(article.id, []).append(index)
        return self._groups_of

    def marks_changed(self, article_ids: Sequence[str]) -> None:
        """Forget the unread counts these articles' marks may have changed."""
        groups_of = self._groups_of
        if groups_of is None:
            # Finding the groups that hold these articles takes a pass over every row (long
            # with 100,000 articles, and this runs a second after each new highlight); counts
            # are only made again for the headers drawn, so dropping them all is cheaper.
            self._unread_counts = {}
        else:
            for article_id in article_ids:
                for group in groups_of.get(article_id, ()):
                    self._unread_counts.pop(group, None)
