"""The problems screen: every file that could not be loaded as it stands, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from newsreader.model.records import Problem
from newsreader.text.sanitize import printable


class ProblemsScreen(ModalScreen[None]):
    """File, line and reason for each problem met while loading."""

    BINDINGS = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close problems", id="problems.close")
    ]

    def __init__(
        self, problems: Sequence[Problem], feed_errors: Mapping[str, str] | None = None
    ) -> None:
        """`feed_errors`: the URL and error of each feed whose last fetch failed."""
        super().__init__()
        self.problems = problems
        self.feed_errors = dict(feed_errors or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-dialog"):
            count = len(self.problems) + len(self.feed_errors)
            heading = f"{count} problem{'s' if count != 1 else ''}" if count else "No problems"
            yield Static(heading, id="problems-title", markup=False)
            yield DataTable(id="problems-table", cursor_type="row", zebra_stripes=True)
            yield Static("Esc, q or ! closes this screen.", id="problems-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("File", "Line", "Reason")
        for url, error in self.feed_errors.items():
            table.add_row(Text(printable(url)), Text(""), Text(printable(error)))
        for problem in self.problems:
            table.add_row(
                Text(printable(str(problem.source))),
                Text(str(problem.line) if problem.line else "", justify="right"),
                Text(printable(problem.reason)),
            )
        table.focus()
