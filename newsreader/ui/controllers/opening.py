"""Opening articles: in the browser (`o`, Enter, a link's number), on the whole screen (`w`),
or inside the reader when a related article is one of the library's; opening one counts it
read unless the config says marks are the reader's own to make."""

from __future__ import annotations

from typing import Any, Protocol

from textual.screen import Screen

from newsreader.core.article_export import article_markdown
from newsreader.core.config import EnterOpens, MarkRead
from newsreader.model.records import Article, Related
from newsreader.ui.controllers.history import History
from newsreader.ui.controllers.host import ReaderHost
from newsreader.ui.controllers.marking import Marking
from newsreader.ui.screens.article_screen import ArticleScreen


class OpeningHost(ReaderHost, Protocol):
    """What opening asks of the app beyond what every controller does."""

    marking: Marking
    history: History

    def push_screen(self, screen: Screen[Any]) -> Any: ...

    def open_link(self, url: str | None) -> bool:
        """Open an http(s) URL in the browser (or say why not); whether one was started."""
        ...


class Opening:
    """Opens articles and links as the config says."""

    def __init__(self, app: OpeningHost) -> None:
        self._app = app

    def chosen(self, article: Article) -> None:
        """Enter on an article: the browser, or the whole screen when the config says so."""
        if self._app.config.enter_opens is EnterOpens.READER:
            self.read_full_screen(article)
        else:
            self.in_browser(article)

    def in_browser(self, article: Article | None) -> None:
        """Open the article's original URL."""
        if article is None:
            self._app.notify("No article is highlighted.", severity="warning")
            return
        opened = self._app.open_link(article.url)
        if opened and self._app.config.mark_read is not MarkRead.NEVER:
            self._app.marking.set_read([article.id], True)

    def read_full_screen(self, article: Article | None) -> None:
        if article is None:
            self._app.notify("No article is highlighted.", severity="warning")
            return
        config = self._app.config
        text = article_markdown(article, config.date_format)
        self._app.push_screen(ArticleScreen(article.title, text))
        # Reading it whole is reading it, as opening it in the browser is.
        if config.mark_read is not MarkRead.NEVER:
            self._app.marking.set_read([article.id], True)

    def related(self, related: Related) -> None:
        """A related article: inside the reader when the library has it, else the browser."""
        inside = self._app.library.by_url(related.url) if related.url else None
        if inside is not None:
            self._app.history.open_inside(inside)
        else:
            self._app.open_link(related.url)
