"""The settings: what the config file may set, with the defaults (written here once), and
the warnings and errors met reading it."""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from newsreader.core.opener import CONSOLE_BROWSERS, BrowserCommand
from newsreader.core.present import DATE_FORMAT, ROW_FORMAT
from newsreader.feeds.page_fetch import DEFAULT_MAX_BYTES as DEFAULT_PAGE_BYTES
from newsreader.feeds.page_fetch import DEFAULT_TIMEOUT_SECONDS, FetchLimits
from newsreader.feeds.subscriptions import Subscription
from newsreader.loading.article_file import DEFAULT_MAX_BYTES
from newsreader.loading.discover import ARTICLE_SUFFIXES
from newsreader.paths import config_file
from newsreader.search.ordering import Grouping, SortKey

DEFAULT_MAX_FILE_MB = DEFAULT_MAX_BYTES / (1024 * 1024)
DEFAULT_FETCH_MAX_MB = DEFAULT_PAGE_BYTES / (1024 * 1024)
URL_PLACEHOLDER = "{url}"
# Where a setting came from when the file does not set it.
DEFAULT_SOURCE = "default"


class MarkRead(StrEnum):
    """When an article counts as read in the reader."""

    VIEW = "view"  # after a moment in the detail pane, or when opened
    OPEN = "open"  # only when opened in the browser
    NEVER = "never"  # only when marked by hand


class EnterOpens(StrEnum):
    """What Enter on an article in the list does."""

    BROWSER = "browser"  # opens its URL in the browser
    READER = "reader"  # shows it on the whole screen, as `w` does


class FetchText(StrEnum):
    """When the reader fetches an article's full text (reader mode)."""

    ON_KEY = "on_key"  # only when asked (the `full_text` key)
    ON_OPEN = "on_open"  # as an article without a body is shown, and when asked


class ConfigError(Exception):
    """A config file that cannot be used at all: missing when named, unreadable, not TOML."""

    def __init__(self, file: Path, line: int | None, message: str) -> None:
        super().__init__(file, line, message)
        self.file = file
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else str(self.file)
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ConfigWarning:
    """A value in the config file that was not used, and what was used instead."""

    file: Path
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}"


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A named query, offered by the reader; the query is known to parse."""

    name: str
    query: str


@dataclass(frozen=True, slots=True)
class KeyMap:
    """Binding id -> keys for the ids the UI has, and a warning for each id it does not."""

    bindings: Mapping[str, str]
    warnings: tuple[ConfigWarning, ...]


@dataclass(frozen=True, slots=True)
class Config:
    """The effective settings, where each came from, and the warnings met reading them."""

    # Folders (or files) read when no PATH is given; empty means the bundled samples.
    paths: tuple[Path, ...] = ()
    # A Textual theme name; None leaves Textual's default.
    theme: str | None = None
    mark_read: MarkRead = MarkRead.VIEW
    enter_opens: EnterOpens = EnterOpens.BROWSER
    sort: SortKey = SortKey.NEWEST
    group_by: Grouping = Grouping.TOPIC
    # Start with read articles left out of the list (the reader's `H` shows them again).
    hide_read: bool = False
    # The browser's argument list with `{url}` in it; empty means the usual search (opener.py).
    browser: tuple[str, ...] = ()
    date_format: str = DATE_FORMAT
    # A one-line row (the reader's `z`): the fields of present.ROW_FIELDS in braces.
    row_format: str = ROW_FORMAT
    extensions: tuple[str, ...] = ARTICLE_SUFFIXES
    # Files larger than this many megabytes are reported as problems, not read.
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    # Where `s` saves articles as Markdown; None: `saved` in the data folder.
    save_folder: Path | None = None
    # Whether `|` runs the command typed through the shell (its pipes, globs, variables).
    pipe_shell: bool = False
    # Reader mode: when to fetch full texts, and the limits of one fetch.
    fetch_text: FetchText = FetchText.ON_KEY
    fetch_max_mb: float = DEFAULT_FETCH_MAX_MB
    fetch_timeout: float = DEFAULT_TIMEOUT_SECONDS
    # Binding id -> keys, as written; the UI checks the ids with `keymap`.
    keys: Mapping[str, str] = field(default_factory=dict)
    saved_searches: tuple[SavedSearch, ...] = ()
    # A folder some sync engine carries between machines (a git clone, a Syncthing folder):
    # marks are logged there and merged from there. None: marks stay on this machine.
    sync_dir: Path | None = None
    # The feeds `newsreader fetch` (and `R` in the reader) fetches.
    feeds: tuple[Subscription, ...] = ()
    # Seconds between fetches while the reader runs; None: only when asked (`R`).
    fetch_every: float | None = None
    # The file the settings came from (whether or not it exists) and whether it was there.
    file: Path | None = None
    file_found: bool = False
    # Setting name -> "default", or the path of the file the value came from (the config
    # file, or ui.toml for a theme picked in the reader).
    sources: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[ConfigWarning, ...] = ()

    def source_of(self, setting: str) -> str:
        """Where a setting's value came from: "default" or a file's path."""
        return self.sources.get(setting, DEFAULT_SOURCE)

    def keymap(self, binding_ids: Collection[str]) -> KeyMap:
        """The `[keys]` overrides for ids in `binding_ids` (the UI's own); one warning per
        other id, whose binding keeps its default keys."""
        bindings: dict[str, str] = {}
        warnings: list[ConfigWarning] = []
        known = set(binding_ids)
        for binding_id, keys in self.keys.items():
            if binding_id in known:
                bindings[binding_id] = keys
                continue
            hint = did_you_mean(binding_id, known)
            warnings.append(
                ConfigWarning(
                    self.file or config_file(),
                    f"keys.{binding_id}",
                    f"no binding has this id{hint}; ignored",
                )
            )
        return KeyMap(bindings, tuple(warnings))

    def browser_command(self, url: str) -> BrowserCommand | None:
        """The configured browser's command for `url`, or None when `browser` is not set.

        `{url}` in any argument is replaced; with none, the URL is added at the end. The
        command is run without a shell; known console browsers take over the terminal.
        """
        if not self.browser:
            return None
        if any(URL_PLACEHOLDER in word for word in self.browser):
            argv = tuple(word.replace(URL_PLACEHOLDER, url) for word in self.browser)
        else:
            argv = (*self.browser, url)
        return BrowserCommand(argv, in_terminal=os.path.basename(argv[0]) in CONSOLE_BROWSERS)


def max_file_bytes(config: Config) -> int:
    """The size cap for article files, in bytes."""
    return int(config.max_file_mb * 1024 * 1024)


def fetch_limits(config: Config) -> FetchLimits:
    """How far reader mode's fetch of one page may go."""
    return FetchLimits(
        max_bytes=int(config.fetch_max_mb * 1024 * 1024),
        timeout=config.fetch_timeout,
        connect_timeout=min(config.fetch_timeout, FetchLimits().connect_timeout),
    )


def did_you_mean(word: str, choices: Collection[str]) -> str:
    """` (did you mean 'theme'?)` for the closest of `choices`, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
