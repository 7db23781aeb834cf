"""The help screen: every key binding, generated from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


def describe_bindings(bindings: Iterable[BindingType]) -> list[Binding]:
    """The Binding objects of a BINDINGS list (tuples are turned into Bindings)."""
    return [binding if isinstance(binding, Binding) else Binding(*binding) for binding in bindings]


class HelpScreen(ModalScreen[None]):
    """A table of keys, by the part of the screen they work in."""

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
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static("Esc, q or ? closes this screen.", id="help-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Keys", "What it does")
        for section, bindings in self.sections:
            # Bindings that share a description (the numbered links) make one row.
            keys_by_description: dict[str, list[str]] = {}
            for binding in bindings:
                keys = self.keymap.get(binding.id or "", binding.key)
                keys_by_description.setdefault(binding.description, []).extend(
                    self.app.get_key_display(Binding(key.strip(), binding.action))
                    for key in keys.split(",")
                )
            for description, key_names in keys_by_description.items():
                keys = ", ".join(key_names)
                table.add_row(
                    Text(section, style="dim"), Text(keys, style="bold"), Text(description)
                )
        table.focus()
