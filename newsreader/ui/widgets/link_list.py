"""The links found in an article's body, numbered, to be followed from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.text.body import Link


class LinkList(OptionList):
    """`[1] words  url` per link; enter (or the link's number) opens it."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next link", id="links.down", show=False),
        Binding("k", "cursor_up", "Previous link", id="links.up", show=False),
    ]

    class OpenRequested(Message):
        """A link was chosen."""

        def __init__(self, url: str) -> None:
            self.url = url
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.links: tuple[Link, ...] = ()

    def show_links(self, links: Sequence[Link]) -> None:
        self.links = tuple(links)
        self.clear_options()
        self.add_options([Option(link_label(number, link)) for number, link in self._numbered()])
        self.border_title = f"Links in the text ({len(self.links)})"
        self.highlighted = 0 if self.links else None

    def _numbered(self) -> list[tuple[int, Link]]:
        return list(enumerate(self.links, start=1))

    def open_number(self, number: int) -> bool:
        """Open the link shown as [number]; False when there is none."""
        if 1 <= number <= len(self.links):
            self.post_message(self.OpenRequested(self.links[number - 1].url))
            return True
        return False

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_number(event.option_index + 1)


def link_label(number: int, link: Link) -> Text:
    """`[n] words  url`, the URL dimmed; the words left out when they are the URL."""
    label = Text(f"[{number}] ", style="bold")
    if link.text != link.url:
        label.append(link.text)
        label.append("  ")
    label.append(link.url, style="dim underline")
    return label
