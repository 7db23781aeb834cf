"""The detail pane: the highlighted article's title, meta line, excerpt, body and related tree."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from rich.console import RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Static

from newsreader.body import find_links, looks_like_markdown
from newsreader.model import Article
from newsreader.present import DATE_FORMAT, meta_parts
from newsreader.ui.link_list import LinkList
from newsreader.ui.related_tree import RelatedTree

# Key presses closer together than this count as running through the list (seconds).
REST_SECONDS = 0.08
_BULLET = re.compile(r"^\s*(?:[-*•+])\s+")


MATCH_STYLE = "reverse"


def body_renderable(body: str, terms: Sequence[str] = ()) -> RenderableType:
    """Markdown bodies as Markdown (links shown with their URL, never as live hyperlinks);
    plain text as paragraphs. While a filter is on, the text is shown plain with its matches
    highlighted."""
    if looks_like_markdown(body) and not terms:
        return Markdown(body, hyperlinks=False)
    return highlighted(body_text(body), terms)


def highlighted(text: Text, terms: Sequence[str]) -> Text:
    """Mark every case-insensitive occurrence of the terms."""
    if terms:
        pattern = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
        text.highlight_regex(re.compile(pattern, re.IGNORECASE), MATCH_STYLE)
    return text


def body_text(body: str) -> Text:
    """The body as paragraphs: each line or blank-separated block its own, bullets kept."""
    text = Text()
    paragraphs: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if stripped:
            paragraphs.append(_BULLET.sub("• ", stripped))
    for index, paragraph in enumerate(paragraphs):
        if index:
            # Consecutive bullets stay together; everything else gets a blank line between.
            together = paragraph.startswith("• ") and paragraphs[index - 1].startswith("• ")
            text.append("\n" if together else "\n\n")
        text.append(paragraph)
    return text


class ArticleView(VerticalScroll, can_focus=True):
    """Everything about one article, scrolled as a page."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", id="detail.down", show=False),
        Binding("k", "scroll_up", "Scroll up", id="detail.up", show=False),
        Binding("space", "page_down", "Page down", id="detail.page_down", show=False),
        Binding("shift+space,pageup", "page_up", "Page up", id="detail.page_up", show=False),
        Binding("g", "scroll_home", "Top", id="detail.top", show=False),
        Binding("G", "scroll_end", "Bottom", id="detail.bottom", show=False),
        *(
            Binding(str(n), f"open_link({n})", "Open link [n] of the text", id=f"detail.link{n}")
            for n in range(1, 10)
        ),
    ]

    date_format = DATE_FORMAT
    _last_shown = 0.0
    _pending: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="article"):
            yield Static(id="title", markup=False)
            yield Static(id="meta", markup=False)
            yield Static(id="url", markup=False)
            yield Static(id="excerpt", markup=False)
            yield Static(id="secured", markup=False)
            yield Static(id="body", markup=False)
            yield LinkList(id="links")
            yield RelatedTree(id="related")
        yield Static(id="raw", markup=False)

    def on_mount(self) -> None:
        self.show_article(None)

    @property
    def showing_raw(self) -> bool:
        return bool(self.query_one("#raw", Static).display)

    def show_raw(self, text: str | None) -> None:
        """Show the file as it is (front matter and body) instead of the article; None: back."""
        raw = self.query_one("#raw", Static)
        if text is not None:
            raw.update(Text(text))
        raw.display = text is not None
        self.query_one("#article", Vertical).display = text is None
        self.scroll_home(animate=False)

    def show_article(
        self,
        article: Article | None,
        terms: Sequence[str] = (),
        in_library: frozenset[str] = frozenset(),
    ) -> None:
        """Fill the pane with this article (or an empty-state hint), scrolled to the top.

        `terms` are the filter's words, highlighted wherever they occur; `in_library` the URLs
        of related articles that can be opened inside the reader.
        """
        self.show_raw(None)
        title = self.query_one("#title", Static)
        meta = self.query_one("#meta", Static)
        url = self.query_one("#url", Static)
        excerpt = self.query_one("#excerpt", Static)
        secured = self.query_one("#secured", Static)
        body = self.query_one("#body", Static)
        related = self.query_one(RelatedTree)
        self.scroll_home(animate=False)
        if article is None:
            self._last_shown = 0.0
            title.update(Text("No article selected"))
            for widget in (meta, url, excerpt, secured, body, self.query_one(LinkList), related):
                widget.display = False
            return
        title.update(highlighted(Text(article.title), terms))
        meta.update(Text(" · ".join(meta_parts(article, self.date_format))))
        meta.display = True
        url.update(Text(article.url or "no URL"))
        url.display = True
        excerpt.update(highlighted(Text(article.excerpt), terms))
        excerpt.display = bool(article.excerpt)
        secured.update(Text("🔒 The full text is encrypted in the file and cannot be shown."))
        secured.display = article.has_secured_text
        # The body, its links and the related tree cost the most to lay out. While the reader
        # runs through the list they are drawn once the cursor rests, so each key press stays
        # cheap; a single move draws them at once.
        now = time.monotonic()
        moving_fast = now - self._last_shown < REST_SECONDS
        self._last_shown = now
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if moving_fast:
            for widget in (body, self.query_one(LinkList), related):
                widget.display = False
            self._pending = self.set_timer(
                REST_SECONDS, lambda: self._show_text(article, terms, in_library)
            )
        else:
            self._show_text(article, terms, in_library)

    def _show_text(
        self, article: Article, terms: Sequence[str], in_library: frozenset[str]
    ) -> None:
        self._pending = None
        body = self.query_one("#body", Static)
        body.update(body_renderable(article.body, terms))
        body.display = bool(article.body)
        links = self.query_one(LinkList)
        links.show_links(find_links(article.body))
        links.display = bool(links.links)
        related = self.query_one(RelatedTree)
        related.show_related(article.related, in_library)
        related.display = bool(article.related)

    def action_open_link(self, number: int) -> None:
        self.query_one(LinkList).open_number(number)
