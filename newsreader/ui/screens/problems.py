"""The problems screen: every feed whose last fetch failed and every file that could not be
loaded as it stands, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsreader.core.source_file import raw_text
from newsreader.model.records import Problem
from newsreader.text.sanitize import printable
from newsreader.ui.screens.raw_file import RawFileScreen


def shown_path(path: Path, roots: Sequence[Path]) -> str:
    """The path from the folder it was read in (the first root that holds it), else whole."""
    for root in roots:
        if path == root:
            return path.name or str(path)
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)


def problem_label(problem: Problem, roots: Sequence[Path]) -> Text:
    """`path:line` in bold, and the reason under it (wrapped to the screen, never cut)."""
    where = printable(shown_path(problem.source, roots))
    if problem.line:
        where += f":{problem.line}"
    label = Text(where, style="bold")
    label.append("\n")
    label.append(printable(problem.reason))
    return label


def feed_error_label(url: str, error: str) -> Text:
    """The feed's URL in bold, and why its last fetch failed under it."""
    label = Text(printable(url), style="bold")
    label.append("\n")
    label.append(printable(error))
    return label


class ProblemList(OptionList):
    """One entry per problem; Enter shows the file as it is."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next problem", id="problems.down", show=False),
        Binding("k", "cursor_up", "Previous problem", id="problems.up", show=False),
    ]


class ProblemsScreen(ModalScreen[None]):
    """Feed URL and error for each feed whose last fetch failed, then file (from the folder
    read), line and reason for each problem met while loading."""

    BINDINGS = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close problems", id="problems.close"),
    ]

    def __init__(
        self,
        problems: Sequence[Problem],
        roots: Sequence[Path] = (),
        feed_errors: Mapping[str, str] | None = None,
    ) -> None:
        """`roots`: the folders (or files) read, from which paths are shown; `feed_errors`:
        the URL and error of each feed whose last fetch failed."""
        super().__init__()
        self.problems = problems
        self.roots = [root.absolute() for root in roots]
        self.feed_errors = dict(feed_errors or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-dialog"):
            count = len(self.problems) + len(self.feed_errors)
            heading = f"{count} problem{'s' if count != 1 else ''}" if count else "No problems"
            if self.problems and not self.feed_errors and len(self.roots) == 1:
                heading += f" in {printable(str(self.roots[0]))}"
            yield Static(heading, id="problems-title", markup=False)
            yield ProblemList(
                *(
                    Option(feed_error_label(url, error), id=f"feed-{number}")
                    for number, (url, error) in enumerate(self.feed_errors.items())
                ),
                *(
                    Option(problem_label(problem, self.roots), id=str(number))
                    for number, problem in enumerate(self.problems)
                ),
                id="problems-list",
            )
            yield Static(
                "Enter shows the file as it is · Esc, q or ! closes this screen.",
                id="problems-hint",
            )

    def on_mount(self) -> None:
        self.query_one(ProblemList).focus()

    @on(OptionList.OptionSelected)
    def _show_file(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index - len(self.feed_errors)
        if index < 0:
            return  # a feed: nothing on disk to show
        problem = self.problems[index]
        title = shown_path(problem.source, self.roots)
        if problem.source.is_dir():
            self.notify(f"{title} is a folder.", markup=False)
            return
        self.app.push_screen(RawFileScreen(title, raw_text(problem.source)))
