"""What a controller may ask of the app it serves: a Protocol, so controllers never import
the app (which imports them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.worker import Worker

from newsreader.core.config import Config
from newsreader.core.library import Library
from newsreader.model.records import Article
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView


class ReaderHost(Protocol):
    """The parts of the app controllers use: what is shown, the library, and how to tell."""

    config: Config
    library: Library
    data_folder: Path | None
    current_article: Article | None

    @property
    def article_list(self) -> ArticleList: ...

    @property
    def article_view(self) -> ArticleView: ...

    def show_article(
        self, article: Article | None, chosen: bool = False, hint: str | None = None
    ) -> None: ...

    def store_changed(self) -> None:
        """The store's articles changed: work the list out again."""
        ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def warn(self, message: str, severity: SeverityLevel = "warning") -> None: ...

    def set_timer(
        self,
        delay: float,
        callback: Callable[[], Any] | None = None,
        *,
        name: str | None = None,
        pause: bool = False,
    ) -> Timer: ...

    def run_worker(self, work: Callable[[], Any], *args: Any, **kwargs: Any) -> Worker[Any]: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...
