"""`newsreader list`, `show` and `check`: articles as lines, JSON or text, and problems."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console

from newsreader.cli.output import (
    close_marks,
    find_article,
    report_mark_warnings,
    tolerate_unencodable_output,
)
from newsreader.core.mark_sync import open_marks
from newsreader.core.present import article_renderable, local_time, tags_label
from newsreader.model.records import Article
from newsreader.model.store import Store
from newsreader.paths import data_dir
from newsreader.search.ordering import SortKey, sort_articles
from newsreader.search.query import Query
from newsreader.text.sanitize import printable


def list_command(
    store: Store,
    as_json: bool,
    query: Query | None = None,
    sort: SortKey = SortKey.NEWEST,
    reverse: bool = False,
    folder: Path | None = None,
    sync_dir: Path | None = None,
) -> int:
    tolerate_unencodable_output()
    out = sys.stdout
    # Listing never creates the data folder; with no state file nothing is read or starred
    # (other than what the sync folder's logs say, merged in memory).
    state, sync = open_marks(data_dir(folder), sync_dir, create=False)
    report_mark_warnings(state, sync)
    articles = sort_articles(store.articles, sort, reverse)
    if query is not None:
        articles = query.filter(articles, state)
    for article in articles:
        if as_json:
            record = article_json(article)
            record["read"] = state.is_read(article.id)
            record["starred"] = state.is_starred(article.id)
            record["tags"] = list(state.tags_of(article.id))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            tags = state.tags_of(article.id)
            out.write(list_line(article) + (f"  {tags_label(tags)}" if tags else "") + "\n")
    close_marks(state, sync)
    return 0


def list_line(article: Article) -> str:
    """Date, provider, topics, title and id, in columns."""
    when = local_time(article.published_at) or "undated"
    provider = article.provider_label or "-"
    topics = ", ".join(article.topics) or "-"
    return f"{when:<16}  {provider[:18]:<18}  {topics[:24]:<24}  {article.title}  [{article.id}]"


def article_json(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        "title": article.title,
        "excerpt": article.excerpt,
        "published": article.published_at.isoformat() if article.published_at else None,
        "url": article.url,
        "web_url": article.web_url,
        "provider": article.provider_label,
        "topics": list(article.topics),
        "quality": article.quality,
        "heat": article.heat,
        "kind": article.kind,
        "title_inferred": article.title_inferred,
        "topics_inferred": article.topics_inferred,
        "body_from": str(article.body_from) if article.body_from else None,
        "removed_text": list(article.removed_text),
        "secured": article.has_secured_text,
        "source": str(article.source),
        "related": [
            {
                "title": item.title,
                "url": item.url,
                "provider": item.provider.label if item.provider else None,
                "published": item.published_at.isoformat() if item.published_at else None,
                "quality": item.quality,
            }
            for item in article.related
        ],
        "items": [{"title": item.title, "url": item.url} for item in article.items],
        "length": article.length,
        "price": article.price,
        "body": article.body,
        "text_source": text_source(article),
    }


# Wider than any line of an article: nothing is wrapped or cut when the output is not a terminal.
UNWRAPPED_WIDTH = 1_000_000


def text_source(article: Article) -> str | None:
    """Where the body came from: "file", "fetched" (a kept full text), or None (no body)."""
    if article.text_fetched_from is not None:
        return "fetched"
    return "file" if article.has_body else None


def show_command(store: Store, wanted: str) -> int:
    tolerate_unencodable_output()
    article, status = find_article(store, wanted)
    if article is None:
        return status
    console = Console(highlight=False, emoji=False)
    if not console.is_terminal:
        # Into a file or a pipe, lines are left whole: a URL cut in two no longer works.
        console = Console(highlight=False, emoji=False, width=UNWRAPPED_WIDTH)
    console.print(article_renderable(article), soft_wrap=not console.is_terminal)
    return 0


def check_command(store: Store, verbose: bool = False, kept_total: int | None = None) -> int:
    # File names and reasons can hold anything a file system allows, escapes included.
    for problem in store.problems:
        print(printable(problem.describe()))
    if verbose:
        if kept_total is not None:
            print(kept_texts_line(store, kept_total))
        for line in preparation_report(store):
            print(printable(line))
    print(store.summary())
    return 1 if store.problems else 0


def kept_texts_line(store: Store, kept_total: int) -> str:
    """How many full texts reader mode keeps, and how many of these articles read one."""
    used = sum(1 for article in store.articles if article.text_fetched_from is not None)
    return (
        f"{kept_total:,} full text{'s' if kept_total != 1 else ''} kept in the data folder, "
        f"{used:,} of them for these articles"
    )


def preparation_report(store: Store) -> list[str]:
    """Merged texts, and boilerplate lines removed per file and in total."""
    lines: list[str] = []
    articles = sorted(store.articles, key=lambda article: str(article.source))
    merged = [article for article in articles if article.body_from is not None]
    for article in merged:
        lines.append(f"{article.body_from}: text of {article.source}")
    cleaned = [article for article in articles if article.removed_text]
    for article in cleaned:
        source = article.body_from or article.source
        count = len(article.removed_text)
        lines.append(f"{source}: removed {count} line{'s' if count != 1 else ''} of boilerplate")
    total = sum(len(article.removed_text) for article in cleaned)
    lines.append(
        f"{len(merged):,} text{'s' if len(merged) != 1 else ''} merged, "
        f"{total:,} line{'s' if total != 1 else ''} of boilerplate removed "
        f"from {len(cleaned):,} file{'s' if len(cleaned) != 1 else ''}"
    )
    return lines
