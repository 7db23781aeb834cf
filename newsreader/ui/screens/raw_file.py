"""A file shown as it is, front matter and all, over the screen it was opened from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from newsreader.text.sanitize import printable


class RawFileScroll(VerticalScroll, can_focus=True):
    """The file's text, scrolled with the reader's keys."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", id="raw.down", show=False),
        Binding("k", "scroll_up", "Scroll up", id="raw.up", show=False),
        Binding("space", "page_down", "Page down", id="raw.page_down", show=False),
        Binding("g", "scroll_home", "Top", id="raw.top", show=False),
        Binding("G", "scroll_end", "Bottom", id="raw.bottom", show=False),
    ]


class RawFileScreen(ModalScreen[None]):
    """`text` (already made safe to show, as source_file.raw_text gives it) under `title`."""

    BINDINGS = [Binding("escape,q,v", "dismiss", "Close the file", id="raw.close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.file_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="raw-dialog"):
            yield Static(printable(self.file_title), id="raw-title", markup=False)
            with RawFileScroll(id="raw-scroll"):
                yield Static(Text(self.text), id="raw-text")
            yield Static("Esc, q or v closes this file.", id="raw-hint")

    def on_mount(self) -> None:
        self.query_one(RawFileScroll).focus()
