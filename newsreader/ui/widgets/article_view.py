"""The detail pane: the highlighted article's title, meta line, excerpt, body and related tree."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import LoadingIndicator, Static

from newsreader.core.present import (
    DATE_FORMAT,
    meta_parts,
    shows_encrypted_note,
    tags_label,
    text_to_show,
)
from newsreader.model.records import Article
from newsreader.text.body import drawn_part, find_links, flatten_deep_quotes, looks_like_markdown
from newsreader.ui.widgets.article_body import ArticleBody
from newsreader.ui.widgets.link_list import LinkList
from newsreader.ui.widgets.related_tree import RelatedTree

# Key presses closer together than this count as running through the list (seconds).
REST_SECONDS = 0.08
_BULLET = re.compile(r"^\s*(?:[-*•+])\s+")


MATCH_STYLE = "reverse"


def body_renderable(body: str, terms: Sequence[str] = ()) -> RenderableType:
    """Markdown bodies as Markdown (links shown with their URL, never as live hyperlinks);
    plain text as paragraphs. While a filter is on, the text is shown plain with its matches
    highlighted."""
    drawn = drawn_part(body)
    shown: RenderableType
    if looks_like_markdown(drawn.text) and not terms:
        # Imported on first use: Markdown (with its parser and highlighter) is a large part
        # of start-up otherwise, and the first screen has no need of it.
        from rich.markdown import Markdown

        shown = Markdown(flatten_deep_quotes(drawn.text), hyperlinks=False)
    else:
        shown = highlighted(body_text(drawn.text), terms)
    if not drawn.lines_left_out:
        return shown
    left_out = drawn.lines_left_out
    note = Text(
        f"… {left_out:,} more line{'s' if left_out != 1 else ''} of this body are not drawn "
        "here (v shows the file as it is, e opens it in your editor)",
        style="italic",
    )
    return Group(shown, Text(), note)


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
        # Kept out of the footer: nine keys of one meaning would fill it (help lists them).
        *(
            Binding(
                str(n),
                f"open_link({n})",
                "Open link [n] of the text",
                id=f"detail.link{n}",
                show=False,
            )
            for n in range(1, 10)
        ),
    ]

    date_format = DATE_FORMAT
    _last_shown = 0.0
    _pending: Timer | None = None
    _meta_of: Article | None = None  # the article whose meta line is shown

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # The pane's widgets, held so that a move through the list does not search for them.
        self._article = Vertical(id="article")
        self._title = Static(id="title", markup=False)
        self._meta = Static(id="meta", markup=False)
        self._url = Static(id="url", markup=False)
        self._excerpt = Static(id="excerpt", markup=False)
        self._secured = Static(id="secured", markup=False)
        # Reader mode: a spinner and a note while the full text is fetched, or why it was not.
        self._fetching = Horizontal(id="fetching")
        self._spinner = LoadingIndicator(id="fetch-spinner")
        self._fetch_note = Static(id="fetch-note", markup=False)
        self._body = ArticleBody(id="body")
        self._links = LinkList(id="links")
        self._related = RelatedTree(id="related")
        self._raw = Static(id="raw", markup=False)

    def compose(self) -> ComposeResult:
        with self._article:
            yield self._title
            yield self._meta
            yield self._url
            yield self._excerpt
            yield self._secured
            with self._fetching:
                yield self._spinner
                yield self._fetch_note
            yield self._body
            yield self._links
            yield self._related
        yield self._raw

    def on_mount(self) -> None:
        self._secured.update(
            Text("🔒 The full text is encrypted in the file: press x to fetch it from its page.")
        )
        self.show_article(None)

    @property
    def showing_raw(self) -> bool:
        return bool(self._raw.display)

    def show_raw(self, text: str | None) -> None:
        """Show the file as it is (front matter and body) instead of the article; None: back."""
        if text is not None:
            self._raw.update(Text(text))
        self._raw.display = text is not None
        self._article.display = text is None
        self._scroll_home()

    def _scroll_home(self) -> None:
        if self.scroll_offset:
            self.scroll_home(animate=False)

    def show_article(
        self,
        article: Article | None,
        terms: Sequence[str] = (),
        in_library: frozenset[str] = frozenset(),
        empty_hint: str = "No article selected",
        tags: Sequence[str] = (),
    ) -> None:
        """Fill the pane with this article (or `empty_hint`), scrolled to the top.

        `terms` are the filter's words, highlighted wherever they occur; `in_library` the URLs
        of related articles that can be opened inside the reader; `tags` the article's tags.
        """
        if self.showing_raw:
            self.show_raw(None)
        self._scroll_home()
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if article is None:
            self._last_shown = 0.0
            self._title.update(Text(empty_hint))
            self._fetching.display = False
            for widget in (
                self._meta,
                self._url,
                self._excerpt,
                self._secured,
                self._body,
                self._links,
                self._related,
            ):
                widget.display = False
            return
        self._title.update(highlighted(Text(article.title), terms))
        self._meta_of = article
        self.show_tags(tags)
        self._meta.display = True
        self._url.update(Text(article.url or "no URL"))
        self._url.display = True
        if article.excerpt:
            self._excerpt.update(highlighted(Text(article.excerpt), terms))
        self._excerpt.display = bool(article.excerpt)
        self._secured.display = shows_encrypted_note(article) and article.text_fetched_from is None
        self._fetching.display = False
        # The body, its links and the related tree cost the most to lay out. While the reader
        # runs through the list they are drawn once the cursor rests, so each key press stays
        # cheap; a single move draws them at once.
        now = time.monotonic()
        moving_fast = now - self._last_shown < REST_SECONDS
        self._last_shown = now
        if moving_fast:
            for widget in (self._body, self._links, self._related):
                widget.display = False
            self._pending = self.set_timer(
                REST_SECONDS, lambda: self._show_text(article, terms, in_library)
            )
        else:
            self._show_text(article, terms, in_library)

    def show_tags(self, tags: Sequence[str]) -> None:
        """Show these tags on the meta line of the article shown (its tags changed)."""
        article = self._meta_of
        if article is None:
            return
        parts = meta_parts(article, self.date_format)
        if tags:
            parts.append(tags_label(tags))
        self._meta.update(Text(" · ".join(parts)))

    def _show_text(
        self, article: Article, terms: Sequence[str], in_library: frozenset[str]
    ) -> None:
        self._pending = None
        text = text_to_show(article)
        if text:
            self._body.update(body_renderable(text, terms))
        self._body.display = bool(text)
        links = find_links(text) if text else ()
        if links or self._links.links:
            self._links.show_links(links)
        self._links.display = bool(links)
        if article.related or self._related.display:
            self._related.show_related(article.related, in_library)
        self._related.display = bool(article.related)

    def show_fetching(self, note: str | None, *, spinning: bool = False) -> None:
        """Reader mode's note in place of the excerpt's: `note` with a spinner while the
        full text is fetched, `note` alone to say why it was not; None hides it."""
        self._fetching.display = note is not None
        self._spinner.display = spinning
        if note is not None:
            self._fetch_note.update(Text(note))
            if spinning:
                self._secured.display = False

    def action_open_link(self, number: int) -> None:
        # Hidden links are those of an article no longer shown, or of one not drawn yet.
        shown = self._links.display
        if shown and self._links.open_number(number):
            return
        count = len(self._links.links) if shown else 0
        if count == 0:
            self.notify("This article's text has no links.")
        else:
            self.notify(f"There is no link [{number}]: the text has {count}.")
