"""Back and forward through the articles opened inside the reader (from related links), as a
browser goes back and forward through pages."""

from __future__ import annotations

from newsreader.model.records import Article
from newsreader.ui.controllers.host import ReaderHost


class History:
    """The articles left behind and ahead; going to one moves the list's cursor there, or
    shows it on its own when the filter hides it."""

    def __init__(self, app: ReaderHost) -> None:
        self._app = app
        self._back: list[Article] = []
        self._forward: list[Article] = []

    def open_inside(self, article: Article) -> None:
        """Show a library article reached from a related link; back returns."""
        current = self._app.current_article
        if current is not None:
            self._back.append(current)
        self._forward.clear()
        self._go(article)

    def back(self) -> None:
        if not self._back:
            self._app.notify("Nothing to go back to.")
            return
        current = self._app.current_article
        if current is not None:
            self._forward.append(current)
        self._go(self._back.pop())

    def forward(self) -> None:
        if not self._forward:
            self._app.notify("Nothing to go forward to.")
            return
        current = self._app.current_article
        if current is not None:
            self._back.append(current)
        self._go(self._forward.pop())

    def _go(self, article: Article) -> None:
        if not self._app.article_list.move_to_article(article.id):
            # Not in the list as filtered: shown on its own.
            self._app.show_article(article, chosen=True)
