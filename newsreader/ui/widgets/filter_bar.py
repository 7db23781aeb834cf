"""The filter bar above the list: a query as you type, and where it went wrong."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

PLACEHOLDER = 'Filter: words, "a phrase", -word, topic:AI, quality:>=80, after:2023-10, is:unread'


class FilterBar(Vertical):
    """An input for the query language with an inline error line under it."""

    BINDINGS = [
        Binding("escape", "clear", "Clear the filter", id="filter.clear", show=False),
    ]

    class Changed(Message):
        """The query text changed."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class Done(Message):
        """Enter was pressed (keep the filter) or Esc (clear it): back to the list."""

        def __init__(self, cleared: bool) -> None:
            self.cleared = cleared
            super().__init__()

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="filter-input")
        yield Static(id="filter-error", markup=False)

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def open(self) -> None:
        self.display = True
        # Focus now, not after the events already queued: keys typed right after `/` (a fast
        # typist, a paste, a script) must reach the input, not the list.
        self.screen.set_focus(self.query_one(Input))

    def show_error(self, message: str | None, position: int = 0) -> None:
        """A caret under the character the problem is at, and what is wrong; None clears it."""
        error = self.query_one("#filter-error", Static)
        if message is None:
            error.display = False
            return
        # The input draws one cell of padding and the caret sits under the character.
        offset = max(position - round(self.query_one(Input).scroll_offset.x), 0) + 1
        error.update(Text(" " * offset + "^ " + message))
        error.display = True

    def action_clear(self) -> None:
        self.query_one(Input).value = ""
        self.show_error(None)
        self.display = False
        self.post_message(self.Done(cleared=True))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.display = False
        self.post_message(self.Done(cleared=False))
