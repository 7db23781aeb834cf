"""The settings written as tables: `[keys]`, `[[saved_searches]]` and `[[feeds]]`. An entry
that is wrong on its own is left out with a warning naming it, and the others are kept."""

from __future__ import annotations

from typing import Any

from newsreader.core.config.settings import SavedSearch, did_you_mean
from newsreader.core.config.values import Rule, Where, describe
from newsreader.feeds.http import check_fetchable
from newsreader.feeds.subscriptions import Subscription
from newsreader.search.query import QueryError, parse_query

FEED_KEYS = ("url", "title", "folder", "topics")


def _keys(table: dict[str, Any], where: Where) -> dict[str, str]:
    keys: dict[str, str] = {}
    for binding_id, keys_text in _flattened(table):
        if isinstance(keys_text, str) and keys_text.strip():
            keys[binding_id] = keys_text
        else:
            wanted = 'keys such as "ctrl+q" or "q,ctrl+c"'
            where.warn(
                f"keys.{binding_id}",
                f"expected {wanted}, not {describe(keys_text)}; using the default keys",
            )
    return keys


def _flattened(table: dict[str, Any], prefix: str = "") -> list[tuple[str, object]]:
    """Dotted ids written unquoted (`list.down = "j"`) are nested tables to TOML; join them."""
    pairs: list[tuple[str, object]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            pairs += _flattened(value, f"{prefix}{key}.")
        else:
            pairs.append((f"{prefix}{key}", value))
    return pairs


def _saved_searches(entries: list[Any], where: Where) -> tuple[SavedSearch, ...]:
    searches: dict[str, SavedSearch] = {}
    for number, entry in enumerate(entries, start=1):
        search = _saved_search(entry, number, where)
        if search is None:
            continue
        if search.name in searches:
            where.warn(
                f"saved_searches {search.name!r}", "a search of this name comes earlier; left out"
            )
            continue
        searches[search.name] = search
    return tuple(searches.values())


def _saved_search(entry: object, number: int, where: Where) -> SavedSearch | None:
    key = f"saved_searches #{number}"
    if not isinstance(entry, dict):
        where.warn(key, f"expected a table, not {describe(entry)}; left out")
        return None
    name, query = entry.get("name"), entry.get("query")
    if not isinstance(name, str) or not name.strip():
        where.warn(key, "needs a name (text); left out")
        return None
    key = f"saved_searches {name!r}"
    for extra in sorted(entry.keys() - {"name", "query"}):
        where.warn(f"{key}.{extra}", "not a setting; ignored")
    if not isinstance(query, str):
        where.warn(key, "needs a query (text); left out")
        return None
    try:
        parse_query(query)
    except QueryError as error:
        at = f"at column {error.position + 1} of {query!r}"
        where.warn(key, f"bad query: {error.message} ({at}); left out")
        return None
    return SavedSearch(name, query)


def _feeds(entries: list[Any], where: Where) -> tuple[Subscription, ...]:
    feeds: dict[str, Subscription] = {}
    for number, entry in enumerate(entries, start=1):
        feed = _feed(entry, number, where)
        if feed is None:
            continue
        if feed.url in feeds:
            where.warn(f"feeds {feed.url!r}", "this feed comes earlier; left out")
            continue
        feeds[feed.url] = feed
    return tuple(feeds.values())


def _feed(entry: object, number: int, where: Where) -> Subscription | None:
    key = f"feeds #{number}"
    if not isinstance(entry, dict):
        where.warn(key, f"expected a table, not {describe(entry)}; left out")
        return None
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        where.warn(key, "needs a url (text); left out")
        return None
    url = url.strip()
    key = f"feeds {url!r}"
    refusal = check_fetchable(url)
    if refusal is not None:
        where.warn(key, f"{refusal}; left out")
        return None
    for extra in sorted(entry.keys() - set(FEED_KEYS)):
        where.warn(f"{key}.{extra}", f"not a setting{did_you_mean(extra, FEED_KEYS)}; ignored")
    title, folder, topics = entry.get("title", ""), entry.get("folder"), entry.get("topics", [])
    if not isinstance(title, str):
        where.warn(f"{key}.title", "expected text; ignored")
        title = ""
    folder_path = None
    if isinstance(folder, str) and folder.strip():
        folder_path = where.folder(folder)
    elif folder is not None:
        where.warn(f"{key}.folder", "expected a folder name (text); using paths")
    if not isinstance(topics, list) or not all(isinstance(topic, str) for topic in topics):
        where.warn(f"{key}.topics", 'expected a list such as ["AI"]; ignored')
        topics = []
    return Subscription(url, title.strip(), folder_path, tuple(topic for topic in topics if topic))


TABLE_RULES: dict[str, Rule] = {
    "keys": Rule(dict[str, Any], "a table of binding id = keys", _keys, "the default keys"),
    "saved_searches": Rule(
        list[Any],
        "[[saved_searches]] tables with a name and a query",
        _saved_searches,
        "no saved searches",
    ),
    "feeds": Rule(list[Any], "[[feeds]] tables with a url", _feeds, "no feeds"),
}
