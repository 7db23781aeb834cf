"""The effective settings written as a config file (`newsreader config`), each with a comment
saying where its value came from. tomlkit writes the TOML, so every string, key and comment is
escaped as TOML wants."""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import Item, Table

from newsreader.core.config.settings import DEFAULT_SOURCE, Config
from newsreader.paths import config_file

_SECONDS_PER = {"d": 86400, "h": 3600, "m": 60}


def config_toml(config: Config) -> str:
    """The settings as a config file, each with a comment saying where it came from."""
    where = config.file or config_file()
    found = "" if config.file_found else " (not found, so every value is a default)"
    document = tomlkit.document()
    document.add(tomlkit.comment(f"newsreader configuration from {_comment(str(where))}{found}"))

    def source(name: str, note: str = "") -> str:
        place = config.source_of(name)
        said = place if place == DEFAULT_SOURCE else f"from {place}"
        return _comment(f"{said}: {note}" if note else said)

    def setting(name: str, value: Any, note: str = "") -> None:
        document.add(name, _commented(tomlkit.item(value), source(name, note)))

    def unset(words: str) -> None:
        document.add(tomlkit.comment(words))

    def setting_or_unset(name: str, value: Any | None, when_unset: str) -> None:
        if value is None:
            unset(when_unset)
        else:
            setting(name, value)

    setting(
        "paths", [str(path) for path in config.paths], "" if config.paths else "the bundled samples"
    )
    if config.theme is None:
        unset("theme is not set, so Textual's default theme is used")
    else:
        remembered = config.source_of("theme") not in (DEFAULT_SOURCE, str(where))
        setting("theme", config.theme, "picked in the reader" if remembered else "")
    for name in ("mark_read", "enter_opens", "sort", "group_by"):
        setting(name, getattr(config, name).value)
    setting("hide_read", config.hide_read)
    setting(
        "browser",
        list(config.browser),
        "" if config.browser else "$BROWSER, else the system's browser",
    )
    setting("date_format", config.date_format)
    setting("row_format", config.row_format)
    setting("extensions", list(config.extensions))
    setting("max_file_mb", _number(config.max_file_mb))
    setting_or_unset(
        "save_folder",
        _text_of(config.save_folder),
        "save_folder is not set, so `s` saves into saved/ in the data folder",
    )
    setting("pipe_shell", config.pipe_shell)
    setting("fetch_text", config.fetch_text.value)
    setting("fetch_max_mb", _number(config.fetch_max_mb))
    setting("fetch_timeout", _number(config.fetch_timeout))
    setting_or_unset(
        "sync_dir", _text_of(config.sync_dir), "sync_dir is not set, so marks stay on this machine"
    )
    setting_or_unset(
        "fetch_every",
        None if config.fetch_every is None else _duration_text(config.fetch_every),
        "fetch_every is not set, so feeds are fetched only when asked",
    )
    document.add(tomlkit.nl())
    document.add("keys", _keys_table(config, source("keys")))
    _add_tables(
        document,
        "saved_searches",
        [{"name": search.name, "query": search.query} for search in config.saved_searches],
        source("saved_searches"),
        "no saved searches",
    )
    feeds = []
    for feed in config.feeds:
        table: dict[str, Any] = {"url": feed.url}
        if feed.title:
            table["title"] = feed.title
        if feed.folder is not None:
            table["folder"] = str(feed.folder)
        if feed.topics:
            table["topics"] = list(feed.topics)
        feeds.append(table)
    _add_tables(document, "feeds", feeds, source("feeds"), "no feeds")
    return tomlkit.dumps(document)


def _text_of(path: object | None) -> str | None:
    return None if path is None else str(path)


def _keys_table(config: Config, source: str) -> Table:
    table = tomlkit.table()
    if not config.keys:
        table.add(
            tomlkit.comment("none changed; README.md's Configuration section lists the binding ids")
        )
    for binding_id, keys in config.keys.items():
        table.add(binding_id, _commented(tomlkit.item(keys), source))
    return table


def _add_tables(
    document: tomlkit.TOMLDocument,
    name: str,
    rows: list[dict[str, Any]],
    source: str,
    none: str,
) -> None:
    if not rows:
        document.add(tomlkit.nl())
        document.add(tomlkit.comment(none))
        return
    tables = tomlkit.aot()
    for row in rows:
        table = tomlkit.table()
        table.update(row)
        _commented(table, source)
        tables.append(table)
    document.add(name, tables)


def _number(value: float) -> float | int:
    """5 rather than 5.0, as a person would write it."""
    return int(value) if value.is_integer() else value


def _commented(item: Item, comment: str) -> Item:
    item.comment(comment)
    item.trivia.comment_ws = "  "
    return item


def _duration_text(seconds: float) -> str:
    for unit, size in _SECONDS_PER.items():
        if seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def _comment(text: str) -> str:
    # A comment ends at a newline, and TOML allows no other control characters in one.
    return "".join(char if ord(char) >= 0x20 and ord(char) != 0x7F else "?" for char in text)
