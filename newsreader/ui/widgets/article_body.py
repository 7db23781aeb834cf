"""The article's body: a Static that draws only the lines scrolled into view."""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static

# Lines turned into strips at a time: a screenful and more, so that the first frame of a long
# body costs what a short one does and scrolling down adds a chunk now and then.
CHUNK_LINES = 64


class ArticleBody(Static):
    """A long body wraps to hundreds of lines, of which a pane shows a few dozen. Static would
    make a strip of every line whenever the article changes; this makes strips for the lines
    drawn so far, a chunk at a time, and keeps them until the body, its width or its style
    changes."""

    def __init__(self, *, id: str | None = None) -> None:
        self._strips: list[Strip] = []
        self._strips_width = -1
        self._complete = False
        super().__init__(id=id, markup=False)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> ArticleBody:
        if repaint:
            # New content, a new theme or new styles: the strips made so far are stale.
            self._strips = []
            self._complete = False
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if width != self._strips_width:
            self._strips = []
            self._complete = False
            self._strips_width = width
        if y >= len(self._strips) and not self._complete:
            # At least twice the lines made so far: each time makes strips from the first line
            # again, so growing by doubling keeps scrolling to the end of a long body linear.
            wanted = max((y // CHUNK_LINES + 1) * CHUNK_LINES, 2 * len(self._strips))
            visual = self.visual
            if not isinstance(visual, Visual):
                visual = self._render()
            self._strips = Visual.to_strips(self, visual, width, wanted, self.visual_style)
            self._complete = len(self._strips) < wanted
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.visual_style.rich_style)
