"""`newsreader text`: an article's full text, fetched once from its page and kept; forgetting.

Exit status 0 with the text; 1 when the page cannot be had or holds no article text (or no
article has the id), with a one-line reason; 2 on bad usage (an id prefix naming several
articles, options that do not go together).
"""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from newsreader.cli.output import find_article, tolerate_unencodable_output
from newsreader.feeds.full_text import (
    FullText,
    NoText,
    TextSource,
    article_page_url,
    full_text,
)
from newsreader.feeds.kept_texts import KeptTexts
from newsreader.feeds.page_fetch import FetchLimits
from newsreader.model.records import Article
from newsreader.model.store import Store
from newsreader.text.body import looks_like_markdown, markdown_to_plain
from newsreader.text.sanitize import printable


def text_command(
    store: Store,
    wanted: str,
    kept: KeptTexts,
    limits: FetchLimits | None = None,
    *,
    refresh: bool = False,
    as_json: bool = False,
    terminal: bool | None = None,
) -> int:
    """Print the article's text: Markdown drawn for a terminal, plain text otherwise, or one
    JSON object. `terminal` None asks whether stdout is one."""
    article, status = find_article(store, wanted)
    if article is None:
        return status
    try:
        text = full_text(article, kept, limits, refresh=refresh)
    except NoText as error:
        print(f"newsreader: no text for {article.id}: {printable(error.reason)}", file=sys.stderr)
        return 1
    if text.not_kept:
        print(
            f"newsreader: the text could not be kept: {printable(text.not_kept)}",
            file=sys.stderr,
        )
    tolerate_unencodable_output()
    if as_json:
        sys.stdout.write(json.dumps(text_json(article, text), ensure_ascii=False) + "\n")
        return 0
    if terminal is None:
        terminal = sys.stdout.isatty()
    if terminal:
        _print_for_terminal(article, text)
    else:
        sys.stdout.write(plain_text(text).rstrip("\n") + "\n")
    return 0


def forget_command(store: Store | None, wanted: str | None, kept: KeptTexts) -> int:
    """Drop the kept text of the article `wanted`, or with None every kept text."""
    if wanted is None:
        count = kept.forget_all()
        print(f"forgot {count:,} kept text{'s' if count != 1 else ''}")
        return 0
    assert store is not None
    article, status = find_article(store, wanted)
    if article is None:
        return status
    url = article_page_url(article)
    if url is None or not kept.forget(url):
        print(f"no text was kept for {article.id}")
        return 0
    print(f"forgot the kept text of {article.id}")
    return 0


def text_json(article: Article, text: FullText) -> dict[str, object]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "text_source": text.source.value,
        "page_url": text.page_url,
        "markdown": text.markdown,
        "text": plain_text(text),
    }


def plain_text(text: FullText) -> str:
    """The text without Markdown's link syntax (a file's own body as it is)."""
    if text.source is TextSource.FETCHED:
        return markdown_to_plain(text.markdown)
    return text.markdown


def _print_for_terminal(article: Article, text: FullText) -> None:
    console = Console(highlight=False, emoji=False)
    console.print(Text(article.title, style="bold"))
    if text.page_url:
        console.print(Text(f"text fetched from {text.page_url}", style="dim"))
    console.print()
    if text.source is TextSource.FETCHED or looks_like_markdown(text.markdown):
        # Markdown is parsed as Markdown only: nothing in it is read as Rich markup.
        console.print(Markdown(text.markdown, hyperlinks=True))
    else:
        console.print(Text(text.markdown))
