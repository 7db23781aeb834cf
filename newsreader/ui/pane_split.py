"""How the screen is shared between the list and the detail pane.

Side by side from STACKED_BELOW columns up, the list over the detail pane below that; in each
arrangement the list's share is a percentage the reader sets with keys or by dragging the
splitter, remembered in ui.toml.
"""

from __future__ import annotations

from dataclasses import replace

from textual.widget import Widget

from newsreader.core.ui_state import Layout, clamp_share
from newsreader.ui.widgets.splitter import Splitter

# Narrower terminals than this show the list above the detail pane.
STACKED_BELOW = 80
# How much one key press moves the split, in percent.
SPLIT_STEP = 5


class PaneSplit:
    """Applies the layout to the panes; tells what to remember when it changes."""

    def __init__(self, panes: Widget, list_pane: Widget, splitter: Splitter, layout: Layout):
        self.panes = panes
        self.list_pane = list_pane
        self.splitter = splitter
        self.layout = layout
        self.stacked = False

    @property
    def share(self) -> int:
        """The list's share, in percent, of the arrangement now shown."""
        return self.layout.list_height if self.stacked else self.layout.list_width

    def apply(self, screen_width: int | None = None) -> None:
        """Arrange the panes for a screen this wide (None: as wide as last time)."""
        if screen_width is not None:
            self.stacked = screen_width < STACKED_BELOW
        for widget in (self.panes, self.splitter):
            widget.set_class(self.stacked, "-stacked")
        styles = self.list_pane.styles
        if self.stacked:
            styles.width = "1fr"
            styles.height = f"{self.layout.list_height}%"
        else:
            styles.width = f"{self.layout.list_width}%"
            styles.height = "1fr"

    def set_share(self, percent: int) -> bool:
        """Give the list this share (kept within bounds); False when nothing changed."""
        percent = clamp_share(percent)
        if percent == self.share:
            return False
        if self.stacked:
            self.layout = replace(self.layout, list_height=percent)
        else:
            self.layout = replace(self.layout, list_width=percent)
        self.apply()
        return True

    def step(self, direction: int) -> bool:
        """One SPLIT_STEP more (1) or less (-1) for the list."""
        return self.set_share(self.share + direction * SPLIT_STEP)

    def drag_to(self, screen_x: int, screen_y: int) -> bool:
        """The split where the pointer is."""
        region = self.panes.region
        if self.stacked:
            offset, size = screen_y - region.y, region.height
        else:
            offset, size = screen_x - region.x, region.width
        if size <= 0:
            return False
        return self.set_share(round(offset * 100 / size))

    def remembered(self) -> dict[str, int | bool | str]:
        """The values for ui.toml."""
        return {"list_width": self.layout.list_width, "list_height": self.layout.list_height}
