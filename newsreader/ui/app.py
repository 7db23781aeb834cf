"""The newsreader app: the article list beside the detail pane."""

from __future__ import annotations

from textual import on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header

from newsreader.model import UNCATEGORISED, Article
from newsreader.opener import BrowserCommand, find_browser, run_in_terminal, start_detached
from newsreader.store import Store
from newsreader.ui.article_list import ArticleList
from newsreader.ui.article_view import ArticleView
from newsreader.ui.help_screen import HelpScreen, describe_bindings
from newsreader.ui.link_list import LinkList
from newsreader.ui.problems_screen import ProblemsScreen
from newsreader.ui.related_tree import RelatedTree
from newsreader.urls import check_openable


def loaded_summary(store: Store) -> str:
    """`5 articles in 2 topics`, with the problem count when there are any."""
    topics = {topic for article in store.articles for topic in article.topics}
    topics.discard(UNCATEGORISED)
    summary = (
        f"{len(store):,} article{'s' if len(store) != 1 else ''} in "
        f"{len(topics):,} topic{'s' if len(topics) != 1 else ''}"
    )
    problems = len(store.problems)
    if problems:
        summary += f" · {problems:,} problem{'s' if problems != 1 else ''} (press !)"
    return summary


class NewsreaderApp(App[None]):
    """Read a collection of article files: a grouped list and the highlighted article."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("o", "open_article", "Open in browser", id="open_article"),
        Binding("exclamation_mark", "problems", "Problems", id="problems"),
        Binding("tab", "app.focus_next", "Next pane", id="focus_next", show=False),
        Binding(
            "shift+tab", "app.focus_previous", "Previous pane", id="focus_previous", show=False
        ),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.current_article: Article | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield ArticleView(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = loaded_summary(self.store)
        article_list = self.query_one(ArticleList)
        article_list.show_groups(self.store.groups_by_topic())
        article_list.focus()
        self.show_article(article_list.highlighted_article)

    # The detail pane follows the list ---------------------------------------------------

    def show_article(self, article: Article | None) -> None:
        self.current_article = article
        self.query_one(ArticleView).show_article(article)

    @on(ArticleList.ArticleHighlighted)
    def _article_highlighted(self, event: ArticleList.ArticleHighlighted) -> None:
        if event.article is not self.current_article:
            self.show_article(event.article)

    @on(ArticleList.ArticleChosen)
    def _article_chosen(self, event: ArticleList.ArticleChosen) -> None:
        self.open_url(event.article.url)

    @on(RelatedTree.OpenRequested)
    def _related_chosen(self, event: RelatedTree.OpenRequested) -> None:
        self.open_url(event.related.url)

    @on(LinkList.OpenRequested)
    def _link_chosen(self, event: LinkList.OpenRequested) -> None:
        self.open_url(event.url)

    # Actions ----------------------------------------------------------------------------

    def action_open_article(self) -> None:
        """Open the highlighted article's original URL."""
        if self.current_article is None:
            self.notify("No article is highlighted.", severity="warning")
            return
        self.open_url(self.current_article.url)

    def action_page_detail(self) -> None:
        self.query_one(ArticleView).scroll_page_down()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Anywhere", describe_bindings(self.BINDINGS)),
            ("Article list", describe_bindings(ArticleList.BINDINGS)),
            ("Detail pane", describe_bindings(ArticleView.BINDINGS)),
            ("Links list", describe_bindings(LinkList.BINDINGS)),
            ("Related tree", describe_bindings(RelatedTree.BINDINGS)),
        ]
        self.push_screen(HelpScreen(sections))

    def action_problems(self) -> None:
        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(self.store.problems))

    # Opening URLs -----------------------------------------------------------------------

    def open_url(self, url: str | None) -> None:
        """Open an http(s) URL in the user's browser; refuse anything else and say why."""
        check = check_openable(url)
        if check.url is None:
            self.notify(f"Not opened: {check.refusal}.", severity="warning", markup=False)
            return
        command = find_browser(check.url)
        if command is None:
            self.copy_to_clipboard(check.url)
            self.notify(
                f"No browser found. The URL was copied to the clipboard:\n{check.url}",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        if command.in_terminal:
            self._run_console_browser(command)
        else:
            self._start_browser(command, check.url)

    def _run_console_browser(self, command: BrowserCommand) -> None:
        try:
            with self.suspend():
                run_in_terminal(command)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to a console browser.", severity="error")
        except OSError as error:
            self.notify(f"The browser could not start: {error}", severity="error", markup=False)

    @work(thread=True, group="browser")
    def _start_browser(self, command: BrowserCommand, url: str) -> None:
        # A graphical browser can take a moment to start; the UI keeps going meanwhile.
        try:
            start_detached(command)
        except OSError as error:
            self.call_from_thread(
                self.notify, f"The browser could not start: {error}", severity="error", markup=False
            )
            return
        self.call_from_thread(self.notify, f"Opened {url}", timeout=3, markup=False)
