"""An article on the whole screen, as Markdown text, with `/` to search it and n/N between hits."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea
from textual.widgets.text_area import Selection

Hit = tuple[int, int, int]  # line, first column, column after the last


def find_hits(text: str, needle: str) -> list[Hit]:
    """Every case-insensitive occurrence of `needle` in `text`, by line and columns."""
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    return [
        (row, match.start(), match.end())
        for row, line in enumerate(text.split("\n"))
        for match in pattern.finditer(line)
    ]


class ArticleText(TextArea):
    """The article's text, read-only, moved through with the reader's keys."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="full.down", show=False),
        Binding("k", "cursor_up", "Up", id="full.up", show=False),
        Binding("space", "cursor_page_down", "Page down", id="full.page_down", show=False),
        Binding("g", "top", "Top", id="full.top", show=False),
        Binding("G", "bottom", "Bottom", id="full.bottom", show=False),
    ]

    def action_top(self) -> None:
        self.move_cursor((0, 0))

    def action_bottom(self) -> None:
        self.move_cursor(self.document.end)


class ArticleScreen(Screen[None]):
    """The whole screen for one article; Esc or q goes back to the list."""

    BINDINGS = [
        Binding("escape", "close", "Back to the list", id="full.close"),
        Binding("q", "leave", "Back to the list", id="full.leave", show=False),
        # A priority binding, as the list's filter is: the keys typed right after the `/`
        # must reach the search field, not the text it searches.
        Binding("slash", "search", "Search the article", id="full.search", priority=True),
        Binding("n", "next_hit(1)", "Next hit", id="full.next_hit"),
        Binding("N", "next_hit(-1)", "Previous hit", id="full.previous_hit"),
    ]

    def __init__(self, title: str, text: str) -> None:
        """`title` heads the screen; `text` (Markdown, already safe to show) fills it."""
        super().__init__()
        self.article_title = title
        self.text = text
        self.hits: list[Hit] = []
        self.hit = -1

    def compose(self) -> ComposeResult:
        yield Static(Text(self.article_title), id="full-title")
        yield ArticleText(
            self.text, read_only=True, soft_wrap=True, show_cursor=False, id="full-text"
        )
        with Horizontal(id="full-search"):
            yield Input(placeholder="Search the article; Enter finds, Esc closes", id="full-find")
            yield Static(id="full-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#full-search").display = False
        self.query_one(ArticleText).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a search is typed, its letters (and `/`) go to the search field.
        if action in ("search", "next_hit", "leave"):
            return not isinstance(self.focused, Input)
        return True

    def action_close(self) -> None:
        """Esc: out of the search field, else back to the list."""
        if isinstance(self.focused, Input):
            self.query_one("#full-search").display = False
            self.query_one(ArticleText).focus()
            return
        self.dismiss()

    def action_leave(self) -> None:
        self.dismiss()

    def action_search(self) -> None:
        self.query_one("#full-search").display = True
        # Focus now, not after the keys already queued: they are the search's first letters.
        self.set_focus(self.query_one("#full-find", Input))

    @on(Input.Submitted, "#full-find")
    def _find(self, event: Input.Submitted) -> None:
        event.stop()
        self.hits = find_hits(self.text, event.value)
        self.hit = -1
        self.set_focus(self.query_one(ArticleText))
        if not self.hits:
            self._status(f"No “{event.value}” in this article" if event.value else "")
            return
        self.action_next_hit(1)

    def action_next_hit(self, step: int) -> None:
        if not self.hits:
            self.notify("Nothing to go to: / searches the article.")
            return
        self.hit = (self.hit + step) % len(self.hits)
        row, start, end = self.hits[self.hit]
        text_area = self.query_one(ArticleText)
        text_area.selection = Selection((row, start), (row, end))
        text_area.scroll_cursor_visible(center=True, animate=False)
        self._status(f"hit {self.hit + 1} of {len(self.hits)} (n / N)")

    def _status(self, message: str) -> None:
        self.query_one("#full-search").display = True
        self.query_one("#full-status", Static).update(message)
