"""Asks for the command an article is piped to, and shows what the command printed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PipePrompt(ModalScreen[str | None]):
    """One line: the command; Enter runs it, Esc gives up (None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pipe.cancel")]

    def __init__(self, previous: str = "", shell: bool = False) -> None:
        super().__init__()
        self.previous = previous
        self.shell = shell

    def compose(self) -> ComposeResult:
        how = "by the shell" if self.shell else "without a shell"
        with Vertical(id="pipe-dialog"):
            yield Static(f"Pipe the article's text to a command (run {how}):", id="pipe-title")
            yield Input(self.previous, placeholder="wc -w", id="pipe-command")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
