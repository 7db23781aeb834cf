"""Adding `[[feeds]]` to the config file, keeping everything else in it as it was written.

The file is edited with tomlkit, so comments, order and formatting stay; it is written to a
temporary file beside it and moved into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Table

from newsreader.core.config.settings import ConfigError
from newsreader.feeds.subscriptions import Subscription


def add_feeds(path: Path, subscriptions: Sequence[Subscription]) -> list[Subscription]:
    """Add the feeds whose URLs the file does not list yet; returns those added.

    Raises ConfigError when the file cannot be read or written, or is not TOML.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, None, f"cannot read: {error}") from None
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(path, error.line, f"not valid TOML ({error})") from None
    existing = document.get("feeds")
    if existing is None:
        feeds = tomlkit.aot()
        document.append("feeds", feeds)
    elif isinstance(existing, AoT):
        feeds = existing
    else:
        raise ConfigError(path, None, "feeds: is not a list of [[feeds]] tables; nothing added")
    listed = {str(table.get("url", "")) for table in feeds if isinstance(table, Table)}
    added: list[Subscription] = []
    for subscription in subscriptions:
        if subscription.url in listed:
            continue
        listed.add(subscription.url)
        table = tomlkit.table()
        table.add("url", subscription.url)
        if subscription.title:
            table.add("title", subscription.title)
        if subscription.folder is not None:
            table.add("folder", str(subscription.folder))
        if subscription.topics:
            table.add("topics", list(subscription.topics))
        feeds.append(table)
        added.append(subscription)
    if added:
        _write(path, tomlkit.dumps(document))
    return added


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    except OSError as error:
        raise ConfigError(path, None, f"cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ConfigError(path, None, f"cannot write: {error.strerror or error}") from None
