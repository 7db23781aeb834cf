"""The bar between the list and the detail pane: drag it to share the screen differently."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widget import Widget


class Splitter(Widget):
    """A one-cell bar; a mouse drag reports where the pointer is, and its end is announced.

    Vertical (between side-by-side panes) by default; with the `-stacked` class it lies flat
    between a list above and the detail pane below.
    """

    DEFAULT_CSS = """
    Splitter {
        width: 1;
        height: 1fr;
        background: $panel;
    }
    Splitter.-stacked {
        width: 1fr;
        height: 1;
    }
    Splitter:hover, Splitter.-dragging {
        background: $primary;
    }
    """

    class Dragged(Message):
        """The pointer, while dragging, is at this screen cell."""

        def __init__(self, screen_x: int, screen_y: int) -> None:
            self.screen_x = screen_x
            self.screen_y = screen_y
            super().__init__()

    class Released(Message):
        """A drag ended: the split is where it will stay."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._dragging = False

    def render(self) -> str:
        return ""

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self._dragging = True
        self.add_class("-dragging")
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            event.stop()
            self.post_message(self.Dragged(round(event.screen_x), round(event.screen_y)))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            event.stop()
            self._dragging = False
            self.remove_class("-dragging")
            self.release_mouse()
            self.post_message(self.Released())
