"""`newsreader feeds` (list, with each one's last fetch), `feeds import FILE.opml`,
`feeds export`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from newsreader.cli.output import tolerate_unencodable_output
from newsreader.core.config import Config, ConfigError
from newsreader.core.config.feeds_file import add_feeds
from newsreader.core.fetching import feed_states
from newsreader.core.present import local_time
from newsreader.feeds.opml import OpmlError, read_opml, write_opml
from newsreader.paths import config_file
from newsreader.text.sanitize import printable


def list_feeds_command(config: Config, data_folder: Path | None = None) -> int:
    """One line per configured feed: URL, title, folder, and its last fetch."""
    tolerate_unencodable_output()
    if not config.feeds:
        print("No feeds: add [[feeds]] to the config, or `newsreader feeds import FILE.opml`.")
        return 0
    states = feed_states(data_folder)
    for feed in config.feeds:
        state = states.get(feed.url)
        if state.fetched_at is None:
            last = "never fetched"
        else:
            when = _shown_time(state.fetched_at)
            outcome = f"error: {state.error}" if state.error else f"{state.new_count:,} new"
            last = f"fetched {when} · {outcome}"
        title = f"  {feed.title}" if feed.title else ""
        folder = f"  → {feed.folder}" if feed.folder else ""
        print(printable(f"{feed.url}{title}{folder}  ({last})"))
    return 0


def _shown_time(text: str) -> str:
    try:
        return local_time(datetime.fromisoformat(text)) or text
    except ValueError:
        return text


def import_command(config: Config, opml_file: Path) -> int:
    """Add the feeds an OPML file lists to the config file; 0, or 1 when it cannot be read."""
    try:
        data = opml_file.read_bytes()
    except OSError as error:
        print(
            f"newsreader: {printable(str(opml_file))}: {error.strerror or error}", file=sys.stderr
        )
        return 1
    try:
        subscriptions, notes = read_opml(data)
    except OpmlError as error:
        print(f"newsreader: {printable(str(opml_file))}: {error}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"newsreader: {printable(str(opml_file))}: {printable(note)}", file=sys.stderr)
    target = config.file or config_file()
    try:
        added = add_feeds(target, subscriptions)
    except ConfigError as error:
        print(f"newsreader: {printable(str(error))}", file=sys.stderr)
        return 1
    already = len(subscriptions) - len(added)
    note = f" ({already} already there)" if already else ""
    print(printable(f"added {len(added)} feed{'s' if len(added) != 1 else ''} to {target}{note}"))
    return 0


def export_command(config: Config) -> int:
    """The configured feeds as OPML on stdout."""
    tolerate_unencodable_output()
    sys.stdout.write(write_opml(config.feeds))
    return 0
