"""The help screen: every key binding, generated from the bindings themselves, and the query
language in brief."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from newsreader.search.query_help import QUERY_NOTES, QUERY_SYNTAX


def describe_bindings(bindings: Iterable[BindingType]) -> list[Binding]:
    """The Binding objects of a BINDINGS list (tuples are turned into Bindings)."""
    return [binding if isinstance(binding, Binding) else Binding(*binding) for binding in bindings]


class HelpScroll(VerticalScroll, can_focus=True):
    """The keys and the query language, scrolled with the reader's keys as well as arrows."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", id="help.down", show=False),
        Binding("k", "scroll_up", "Scroll up", id="help.up", show=False),
        Binding("space", "page_down", "Page down", id="help.page_down", show=False),
        Binding("g", "scroll_home", "Top", id="help.top", show=False),
        Binding("G", "scroll_end", "Bottom", id="help.bottom", show=False),
    ]


class HelpScreen(ModalScreen[None]):
    """A table of keys, by the part of the screen they work in; descriptions wrap, never cut."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close")]

    def __init__(
        self, sections: list[tuple[str, list[Binding]]], keymap: dict[str, str] | None = None
    ) -> None:
        """`keymap` holds the user's keys by binding id, shown in place of the defaults."""
        super().__init__()
        self.sections = sections
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static("Keys", id="help-title")
            with HelpScroll(id="help-scroll"):
                yield Static(self._keys_table(), id="help-keys")
                yield Static(Text("Filter (/) and list --query", style="bold"), id="help-query")
                yield Static(_query_table(), id="help-syntax")
                yield Static(Text(QUERY_NOTES), id="help-notes")
            yield Static(
                "j/k, ↑/↓, PgUp/PgDn, g/G scroll · Esc, q or ? closes this screen.",
                id="help-hint",
            )

    def _keys_table(self) -> Table:
        table = Table(box=None, expand=True, show_header=False, show_edge=False, pad_edge=False)
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("What it does", ratio=1)
        for number, (section, bindings) in enumerate(self.sections):
            # Each part of the screen is a heading of its own, so the keys keep the width.
            table.add_row(Text(("\n" if number else "") + section, style="underline"), Text(""))
            # Bindings that share a description (the numbered links) make one row.
            keys_by_description: dict[str, list[str]] = {}
            for binding in bindings:
                keys = self.keymap.get(binding.id or "", binding.key)
                keys_by_description.setdefault(binding.description, []).extend(
                    self.app.get_key_display(Binding(key.strip(), binding.action))
                    for key in keys.split(",")
                )
            for description, key_names in keys_by_description.items():
                # A run of keys of one meaning (the links 1 to 9) as its ends.
                keys = ", ".join(key_names)
                if len(key_names) > 3:
                    keys = f"{key_names[0]} to {key_names[-1]}"
                table.add_row(Text(keys), Text(description))
        return table

    def on_mount(self) -> None:
        self.query_one(HelpScroll).focus()


def _query_table() -> Table:
    table = Table(box=None, expand=True, show_header=False, show_edge=False, pad_edge=False)
    table.add_column("Type", style="bold", ratio=1)
    table.add_column("Keeps", ratio=1)
    for syntax, meaning in QUERY_SYNTAX:
        table.add_row(Text(syntax), Text(meaning))
    return table
