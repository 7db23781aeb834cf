"""The tag dialog: add a tag to the highlighted article, or remove one it has."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from newsreader.core.mark_change import check_tag, spelled_as_known

# Tags in use named in the dialog (the rest are still offered as completions).
SHOWN_TAGS = 12


class TagScreen(ModalScreen[str | None]):
    """Asks for a tag name, completing over the tags in use; returns the name (None: cancelled).

    The caller adds the tag when the article lacks it and removes it when it has it.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel tagging", id="tag.cancel")]

    def __init__(self, title: str, tags: Sequence[str], known: Sequence[str]) -> None:
        """`tags`: the article's own tags; `known`: every tag in use, for completion."""
        super().__init__()
        self.article_title = title
        self.tags = tuple(tags)
        self.known = tuple(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog"):
            yield Static(Text(f"Tag “{self.article_title}”"), id="tag-title")
            has = ", ".join(self.tags) if self.tags else "none yet"
            yield Static(Text(f"Its tags: {has}"), id="tag-current")
            others = [tag for tag in self.known if tag not in self.tags]
            if others:
                shown = ", ".join(others[:SHOWN_TAGS])
                more = f" and {len(others) - SHOWN_TAGS:,} more" if len(others) > SHOWN_TAGS else ""
                yield Static(Text(f"Other tags in use: {shown}{more}"), id="tag-known")
            yield Input(
                placeholder="tag name",
                suggester=SuggestFromList(self.known, case_sensitive=False),
                id="tag-name",
            )
            yield Static(
                "Enter adds the tag, or removes it if the article has it; → completes; "
                "Esc cancels.",
                id="tag-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = check_tag(event.value)
        except ValueError as error:
            self.query_one("#tag-hint", Static).update(Text(f"{error}."))
            return
        self.dismiss(spelled_as_known(name, (*self.tags, *self.known)))

    def action_cancel(self) -> None:
        self.dismiss(None)
