"""Reader mode in the reader: an article's full text fetched from its page in a worker, kept,
and shown as its body (`x`, or as an article without a body is shown with fetch_text =
"on_open")."""

from __future__ import annotations

from textual.timer import Timer

from newsreader.core.config import FetchText, fetch_limits
from newsreader.feeds.full_text import (
    FullText,
    NoText,
    article_page_url,
    full_text,
    with_fetched_text,
)
from newsreader.feeds.kept_texts import KeptTexts
from newsreader.model.records import Article
from newsreader.paths import data_dir
from newsreader.ui.controllers.host import ReaderHost

# With fetch_text = "on_open", how long an article without a body rests in the detail pane
# before its full text is fetched (so that running through the list fetches nothing).
FETCH_AFTER_SECONDS = 0.4


class ReaderMode:
    """Fetches full texts for the app, one worker per article, and shows what comes back."""

    def __init__(self, app: ReaderHost, kept_texts: KeptTexts | None = None) -> None:
        """`kept_texts`: where texts are kept (default: opened in the data folder on first use,
        and closed by `close`)."""
        self._app = app
        self._kept = kept_texts
        self._opened_here = False
        # Ids of the articles whose full text is being fetched, and the on_open timer.
        self._fetching: set[str] = set()
        self._timer: Timer | None = None

    def kept_texts(self) -> KeptTexts:
        """The kept full texts (opened on first use, in the data folder)."""
        if self._kept is None:
            self._kept = KeptTexts.open(data_dir(self._app.data_folder))
            self._opened_here = True
            if self._kept.warning:
                self._app.warn(self._kept.warning)
        return self._kept

    def close(self) -> None:
        if self._kept is not None and self._opened_here:
            self._kept.close()

    def fetch_shown(self) -> None:
        """Show the article's full text, fetched from its page (again, if one is shown)."""
        app = self._app
        article = app.current_article
        if article is None:
            app.notify("No article is highlighted.", severity="warning")
            return
        if article.has_body and article.text_fetched_from is None:
            app.notify("This article's file holds its text; it is shown below.")
            return
        if article_page_url(article) is None:
            app.notify("This article has no URL to fetch its text from.", severity="warning")
            return
        self._start(article, refresh=article.text_fetched_from is not None)

    def article_shown(self, article: Article | None) -> None:
        """An article came into the pane: with fetch_text = "on_open", fetch its text if it
        has no body and is still there a moment later."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if (
            self._app.config.fetch_text is FetchText.ON_OPEN
            and article is not None
            and not article.has_body
            and article_page_url(article) is not None
        ):
            self._timer = self._app.set_timer(
                FETCH_AFTER_SECONDS, lambda: self._fetch_if_shown(article)
            )

    def _fetch_if_shown(self, article: Article) -> None:
        if article is self._app.current_article:
            self._start(article, refresh=False)

    def _start(self, article: Article, refresh: bool) -> None:
        if article.id in self._fetching:
            return
        self._fetching.add(article.id)
        self._app.article_view.show_fetching("Fetching the full text…", spinning=True)
        kept = self.kept_texts()
        self._app.run_worker(
            lambda: self._fetch(article, refresh, kept),
            thread=True,
            group="full_text",
            exit_on_error=False,
        )

    def _fetch(self, article: Article, refresh: bool, kept: KeptTexts) -> None:
        """In a worker thread: the text, from the kept ones or the page."""
        try:
            text = full_text(article, kept, fetch_limits(self._app.config), refresh=refresh)
        except NoText as error:
            self._app.call_from_thread(self._failed, article, error.reason)
            return
        self._app.call_from_thread(self._arrived, article, text)

    def _arrived(self, article: Article, text: FullText) -> None:
        app = self._app
        self._fetching.discard(article.id)
        if text.not_kept:
            app.warn(f"The text could not be kept for next time: {text.not_kept}")
        current = app.library.get(article.id)
        if current is None:
            return  # the file is gone since; the text stays kept for its URL
        fetched = with_fetched_text(current, text)
        app.library.replace_files({current.source: fetched})
        shown = app.current_article
        if shown is not None and shown.id == article.id:
            app.show_article(fetched)
        app.store_changed()

    def _failed(self, article: Article, reason: str) -> None:
        app = self._app
        self._fetching.discard(article.id)
        shown = app.current_article
        if shown is not None and shown.id == article.id:
            app.article_view.show_fetching(f"No full text: {reason}")
        app.warn(f"No full text: {reason}")
