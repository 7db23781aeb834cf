"""How the screen is laid out, and remembered in ui.toml: the split between the list and the
detail pane (keys, a drag of the bar, stacked under 80 columns), one-line or two-line rows,
and the theme."""

from __future__ import annotations

from collections.abc import Mapping

from textual.theme import Theme

from newsreader.core.config import remember_theme
from newsreader.core.ui_state import UiValue, remember_ui
from newsreader.ui.controllers.host import ReaderHost
from newsreader.ui.pane_split import PaneSplit


class PaneLayout:
    """Applies the split and the row mode, and remembers each change."""

    def __init__(self, app: ReaderHost, split: PaneSplit) -> None:
        self._app = app
        self.split = split

    def fit(self, width: int) -> None:
        """Lay the panes out for a screen `width` cells wide."""
        self.split.apply(width)

    def toggle_dense(self) -> None:
        article_list = self._app.article_list
        dense = not article_list.dense
        article_list.set_dense(dense)
        self._remember({"dense_rows": dense}, "The row mode")

    def step(self, direction: int) -> None:
        """Give the list more room (1) or less (-1)."""
        if self.split.step(direction):
            self.remember_split()

    def drag_to(self, screen_x: int, screen_y: int) -> None:
        self.split.drag_to(screen_x, screen_y)

    def remember_split(self) -> None:
        self._remember(self.split.remembered(), "The split")

    def remember_theme(self, theme: Theme) -> None:
        try:
            remember_theme(theme.name, self._app.data_folder)
        except OSError as error:
            self._app.warn(f"The theme could not be remembered: {error}")

    def _remember(self, values: Mapping[str, UiValue], what: str) -> None:
        try:
            remember_ui(values, self._app.data_folder)
        except OSError as error:
            self._app.warn(f"{what} could not be remembered: {error}")
