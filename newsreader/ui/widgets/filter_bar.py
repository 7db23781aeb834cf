"""The filter bar above the list: a query as you type, and where it went wrong."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

PLACEHOLDER = 'Filter: words, "a phrase", -word, topic:AI, quality:>=80, after:2023-10, is:unread'


class FilterInput(Input):
    """The query's input. A terminal sends Esc and a key typed right after it as one alt+key:
    that is Esc (the filter closes) and then the key, for the list, not a letter typed."""

    class EscapeThen(Message):
        """Esc came with `key` straight after it."""

        def __init__(self, key: str, character: str) -> None:
            self.key = key
            self.character = character
            super().__init__()

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        # Only a printable key: alt+backspace and the like keep their own meaning.
        printable = character is not None and len(character) == 1 and character.isprintable()
        if event.key.startswith("alt+") and character is not None and printable:
            event.stop()
            event.prevent_default()
            key = character if character.isalnum() else event.key.removeprefix("alt+")
            self.post_message(self.EscapeThen(key, character))
            return
        await super()._on_key(event)


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
        """Enter was pressed (keep the filter) or Esc (clear it): back to the list.

        `then`: a key that came with the Esc, for wherever the focus goes next."""

        def __init__(self, cleared: bool, then: events.Key | None = None) -> None:
            self.cleared = cleared
            self.then = then
            super().__init__()

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder=PLACEHOLDER, id="filter-input")
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

    def action_clear(self, then: events.Key | None = None) -> None:
        self.query_one(Input).value = ""
        self.show_error(None)
        self.display = False
        self.post_message(self.Done(cleared=True, then=then))

    @on(FilterInput.EscapeThen)
    def _escape_then(self, event: FilterInput.EscapeThen) -> None:
        event.stop()
        self.action_clear(then=events.Key(event.key, event.character))

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
