"""The config file: settings read from TOML, checked, with defaults for whatever is missing.

The file is `--config PATH`, else $NEWSREADER_CONFIG, else config.toml in the platform's config
folder (paths.py). A missing default file means all defaults; a missing file named explicitly,
or one that is not valid TOML, is a `ConfigError` (file, line, message). A value that is wrong
(unknown key, wrong type, unknown theme, bad query ...) is not fatal: it becomes one
`ConfigWarning` naming the key, and the setting keeps its default.

The theme picked in the app is remembered in ui.toml in the data folder (`remember_theme`) and
used when the config file sets no theme. Textual's theme names are written out here, so this
module never imports the UI.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from newsreader.core.opener import CONSOLE_BROWSERS, BrowserCommand
from newsreader.core.present import DATE_FORMAT, ROW_FIELDS, ROW_FORMAT
from newsreader.core.ui_state import read_ui_state, remember_ui, ui_state_file
from newsreader.feeds.http import check_fetchable
from newsreader.feeds.page_fetch import DEFAULT_MAX_BYTES as DEFAULT_PAGE_BYTES
from newsreader.feeds.page_fetch import DEFAULT_TIMEOUT_SECONDS, FetchLimits
from newsreader.feeds.subscriptions import Subscription
from newsreader.loading.article_file import DEFAULT_MAX_BYTES
from newsreader.loading.discover import ARTICLE_SUFFIXES
from newsreader.paths import config_file, named_config_file
from newsreader.search.ordering import Grouping, SortKey
from newsreader.search.query import QueryError, parse_query
from newsreader.text.sanitize import printable

DEFAULT_MAX_FILE_MB = DEFAULT_MAX_BYTES / (1024 * 1024)
DEFAULT_FETCH_MAX_MB = DEFAULT_PAGE_BYTES / (1024 * 1024)

DEFAULT_SOURCE = "default"
SYNC_DIR_ENV = "NEWSREADER_SYNC_DIR"
URL_PLACEHOLDER = "{url}"
# Formatted to check a date_format: a day and hour with two digits each, so codes show.
_SAMPLE_DATE = datetime(2024, 1, 31, 13, 5, 9)
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
# A strftime code: optional glibc flag and E/O modifier, then the letter (empty at the end).
_STRFTIME_CODE = re.compile(r"%[-_0^#]?[EO]?(.?)", re.DOTALL)
_STRFTIME_LETTERS = frozenset("aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%+")


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
            hint = _did_you_mean(binding_id, known)
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

    def to_toml(self) -> str:
        """The settings as a config file, each with a comment saying where it came from."""
        return _config_toml(self)


# The themes Textual ships (textual is pinned to one minor release; a test keeps this list equal
# to Textual's own), written out so that the config is read without importing the UI.
TEXTUAL_THEMES = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)


def known_themes() -> tuple[str, ...]:
    """The names of the themes Textual ships, sorted."""
    return TEXTUAL_THEMES


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


def load_config(explicit: str | Path | None = None, data_folder: Path | None = None) -> Config:
    """Read the config file (`explicit` > $NEWSREADER_CONFIG > the default) into a Config.

    `data_folder` is where a remembered theme is looked for (paths.data_dir's choice).
    Raises ConfigError when a file named explicitly is missing, or any file cannot be read or
    is not valid TOML; each bad value becomes a warning and its default is used.
    """
    named = named_config_file(explicit)
    path = named or config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if named is not None:
            raise ConfigError(path, None, "no such config file") from None
        return _with_sync_dir_from_env(_with_remembered_theme(Config(file=path), data_folder))
    except IsADirectoryError:
        raise ConfigError(path, None, "is a folder; name the config file itself") from None
    except OSError as error:
        raise ConfigError(path, None, f"cannot read: {error.strerror or error}") from None
    table = _parse_toml(path, raw)
    return _with_sync_dir_from_env(_with_remembered_theme(_check(path, table), data_folder))


def _with_sync_dir_from_env(config: Config) -> Config:
    """$NEWSREADER_SYNC_DIR, when set (and not empty), wins over the file's `sync_dir`."""
    value = os.environ.get(SYNC_DIR_ENV, "").strip()
    if not value:
        return config
    sources = {**config.sources, "sync_dir": f"${SYNC_DIR_ENV}"}
    return replace(config, sync_dir=Path(value).expanduser(), sources=sources)


# Remembered theme ----------------------------------------------------------------------------


def remember_theme(name: str, folder: Path | None = None) -> Path:
    """Remember the theme picked in the app, for starts whose config sets none.

    Returns the file written (ui.toml, see ui_state); raises OSError when the data folder
    cannot be written.
    """
    return remember_ui({"theme": name}, folder)


def remembered_theme(folder: Path | None = None) -> str | None:
    """The theme last picked in the app, or None (nothing remembered, or an unreadable file)."""
    theme = read_ui_state(folder).get("theme")
    return theme if isinstance(theme, str) and theme else None


def _with_remembered_theme(config: Config, data_folder: Path | None) -> Config:
    if config.theme is not None:
        return config
    theme = remembered_theme(data_folder)
    # A theme remembered under an older Textual may be gone; Textual's default is then used.
    if theme is None or theme not in known_themes():
        return config
    sources = {**config.sources, "theme": str(ui_state_file(data_folder))}
    return replace(config, theme=theme, sources=sources)


# Reading the file ----------------------------------------------------------------------------


def _parse_toml(path: Path, raw: bytes) -> dict[str, object]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ConfigError(path, line, "not UTF-8 text; save the file as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(path, text, str(error)) from None


def _syntax_error(path: Path, text: str, message: str) -> ConfigError:
    """A ConfigError at the line tomllib names: `(at line 3, column 7)` becomes the line."""
    match = _TOML_POSITION.search(message)
    if match is None:
        return ConfigError(path, None, message)
    message = message[: match.start()]
    if match.group(1) is None:  # "at end of document"
        return ConfigError(path, text.count("\n") + 1, f"{message} (at the end of the file)")
    return ConfigError(path, int(match.group(1)), f"{message} (column {match.group(2)})")


class _BadValue(Exception):
    """A value that cannot be used; the message says why, without the key or the fallback."""


def _check(path: Path, table: Mapping[str, object]) -> Config:
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    warnings: list[ConfigWarning] = []
    for key, value in table.items():
        checker = _CHECKERS.get(key)
        if checker is None:
            hint = _did_you_mean(key, _CHECKERS)
            warnings.append(ConfigWarning(path, key, f"not a setting{hint}; ignored"))
            continue
        try:
            values[key] = checker(value, path, warnings)
        except _BadValue as error:
            warnings.append(ConfigWarning(path, key, f"{error}; using {_DEFAULT_WORDS[key]}"))
            continue
        sources[key] = str(path)
    return Config(
        **values,  # type: ignore[arg-type]
        file=path,
        file_found=True,
        sources=sources,
        warnings=tuple(warnings),
    )


# Each checker returns the value to use or raises _BadValue; entries of a list or table that
# fail on their own are reported in `warnings` and left out, keeping the rest.
_Checker = Callable[[object, Path, list[ConfigWarning]], object]


def _check_paths(value: object, file: Path, warnings: list[ConfigWarning]) -> tuple[Path, ...]:
    names = _strings(value, 'a list of folders, such as ["~/news"]')
    # Relative paths are taken from the config file's folder, not from wherever one runs.
    folder = file.absolute().parent
    paths: list[Path] = []
    for name in names:
        try:
            paths.append(folder / Path(name).expanduser())
        except RuntimeError:
            # `~someone/...` naming no user on this system.
            user = printable(name.partition("/")[0])
            warnings.append(
                ConfigWarning(
                    file, "paths", f"{printable(name)!r}: there is no user {user}; left out"
                )
            )
    return tuple(paths)


def _check_sync_dir(value: object, file: Path, warnings: list[ConfigWarning]) -> Path:
    name = _string(value, 'a folder, such as "~/sync/newsreader"')
    if not name.strip():
        raise _BadValue("the folder name is empty")
    # As with `paths`, a relative folder is taken from the config file's folder.
    return file.absolute().parent / Path(name).expanduser()


def _check_theme(value: object, file: Path, warnings: list[ConfigWarning]) -> str:
    name = _string(value, 'a theme name, such as "nord"')
    themes = known_themes()
    if name not in themes:
        # A near miss is named; otherwise the whole list, which is short enough to read.
        hint = _did_you_mean(name, themes) or f" (themes: {', '.join(themes)})"
        raise _BadValue(f"{name!r} is not a Textual theme{hint}")
    return name


def _check_mark_read(value: object, file: Path, warnings: list[ConfigWarning]) -> MarkRead:
    return MarkRead(_choice(value, MarkRead))


def _check_enter_opens(value: object, file: Path, warnings: list[ConfigWarning]) -> EnterOpens:
    return EnterOpens(_choice(value, EnterOpens))


def _check_fetch_text(value: object, file: Path, warnings: list[ConfigWarning]) -> FetchText:
    return FetchText(_choice(value, FetchText))


def _check_fetch_max_mb(value: object, file: Path, warnings: list[ConfigWarning]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadValue(f"expected a number of megabytes, such as 10, not {_describe(value)}")
    if not 0 < value <= 1024:
        raise _BadValue(f"{value} is not between 0 and 1024 megabytes")
    return float(value)


def _check_fetch_timeout(value: object, file: Path, warnings: list[ConfigWarning]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadValue(f"expected a number of seconds, such as 30, not {_describe(value)}")
    if not 0 < value <= 600:
        raise _BadValue(f"{value} is not between 0 and 600 seconds")
    return float(value)


def _check_sort(value: object, file: Path, warnings: list[ConfigWarning]) -> SortKey:
    return SortKey(_choice(value, SortKey))


def _check_group_by(value: object, file: Path, warnings: list[ConfigWarning]) -> Grouping:
    return Grouping(_choice(value, Grouping))


def _check_save_folder(value: object, file: Path, warnings: list[ConfigWarning]) -> Path:
    name = _string(value, 'a folder, such as "~/saved-articles"')
    if not name.strip():
        raise _BadValue("the folder is empty")
    # A relative folder is taken from the config file's folder, as paths are.
    return file.absolute().parent / Path(name).expanduser()


def _check_pipe_shell(value: object, file: Path, warnings: list[ConfigWarning]) -> bool:
    return _check_hide_read(value, file, warnings)


def _check_hide_read(value: object, file: Path, warnings: list[ConfigWarning]) -> bool:
    if not isinstance(value, bool):
        raise _BadValue(f"expected true or false, not {_describe(value)}")
    return value


def _check_browser(value: object, file: Path, warnings: list[ConfigWarning]) -> tuple[str, ...]:
    words = _strings(value, 'a command as a list, such as ["firefox", "--new-tab", "{url}"]')
    if not words or not words[0].strip():
        raise _BadValue("the command is empty")
    return words


def _check_date_format(value: object, file: Path, warnings: list[ConfigWarning]) -> str:
    text = _string(value, 'a strftime format, such as "%Y-%m-%d %H:%M"')
    if not text.strip():
        raise _BadValue("the format is empty")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise _BadValue(f"{text!r} holds control characters")
    try:
        formatted = _SAMPLE_DATE.strftime(text)
    except ValueError as error:
        raise _BadValue(f"{text!r} cannot format a date ({error})") from None
    if "%" not in text:
        raise _BadValue(f"{text!r} has no % codes, so every date would read {formatted!r}")
    # The C library prints a code it does not know as it is, so `%Q` would show as "%Q".
    for match in _STRFTIME_CODE.finditer(text):
        if match.group(1) not in _STRFTIME_LETTERS:
            raise _BadValue(f"{match.group(0)!r} in {text!r} is not a strftime code")
    return text


def _check_row_format(value: object, file: Path, warnings: list[ConfigWarning]) -> str:
    fields = ", ".join("{" + name + "}" for name in ROW_FIELDS)
    text = _string(value, f'a row with fields among {fields}, such as "{ROW_FORMAT}"')
    if "{title}" not in text:
        raise _BadValue(f"{text!r} has no {{title}}")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise _BadValue(f"{text!r} holds control characters")
    try:
        text.format(**dict.fromkeys(ROW_FIELDS, ""))
    except (KeyError, IndexError, ValueError) as error:
        raise _BadValue(f"{text!r} names a field other than {fields} ({error})") from None
    return text


def _check_extensions(value: object, file: Path, warnings: list[ConfigWarning]) -> tuple[str, ...]:
    names = _strings(value, 'a list of file name endings, such as [".md", ".txt"]')
    if not names:
        raise _BadValue("the list is empty, so no file in a folder would be read")
    for name in names:
        if not name.startswith(".") or len(name) < 2 or "/" in name or os.sep in name:
            raise _BadValue(f'{name!r} is not a file name ending such as ".md"')
    return tuple(dict.fromkeys(names))


def _check_max_file_mb(value: object, file: Path, warnings: list[ConfigWarning]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadValue(f"expected a number of megabytes, such as 5, not {_describe(value)}")
    if not 0 < value <= 1024:
        raise _BadValue(f"{value} is not between 0 and 1024 megabytes")
    return float(value)


def _check_keys(value: object, file: Path, warnings: list[ConfigWarning]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _BadValue(f"expected a table of binding id = keys, not {_describe(value)}")
    keys: dict[str, str] = {}
    for binding_id, keys_text in _flattened(value):
        if isinstance(keys_text, str) and keys_text.strip():
            keys[binding_id] = keys_text
        else:
            wanted = 'keys such as "ctrl+q" or "q,ctrl+c"'
            warnings.append(
                ConfigWarning(
                    file,
                    f"keys.{binding_id}",
                    f"expected {wanted}, not {_describe(keys_text)}; using the default keys",
                )
            )
    return keys


def _flattened(table: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """Dotted ids written unquoted (`list.down = "j"`) are nested tables to TOML; join them."""
    pairs: list[tuple[str, object]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            pairs += _flattened(value, f"{prefix}{key}.")
        else:
            pairs.append((f"{prefix}{key}", value))
    return pairs


def _check_saved_searches(
    value: object, file: Path, warnings: list[ConfigWarning]
) -> tuple[SavedSearch, ...]:
    if not isinstance(value, list):
        raise _BadValue(
            f"expected [[saved_searches]] tables with a name and a query, not {_describe(value)}"
        )
    searches: dict[str, SavedSearch] = {}
    for number, entry in enumerate(value, start=1):
        search = _saved_search(entry, number, file, warnings)
        if search is None:
            continue
        if search.name in searches:
            warnings.append(
                ConfigWarning(
                    file,
                    f"saved_searches {search.name!r}",
                    "a search of this name comes earlier; left out",
                )
            )
            continue
        searches[search.name] = search
    return tuple(searches.values())


def _saved_search(
    entry: object, number: int, file: Path, warnings: list[ConfigWarning]
) -> SavedSearch | None:
    key = f"saved_searches #{number}"
    if not isinstance(entry, dict):
        warnings.append(
            ConfigWarning(file, key, f"expected a table, not {_describe(entry)}; left out")
        )
        return None
    name, query = entry.get("name"), entry.get("query")
    if isinstance(name, str) and name.strip():
        key = f"saved_searches {name!r}"
    else:
        warnings.append(ConfigWarning(file, key, "needs a name (text); left out"))
        return None
    for extra in sorted(entry.keys() - {"name", "query"}):
        warnings.append(ConfigWarning(file, f"{key}.{extra}", "not a setting; ignored"))
    if not isinstance(query, str):
        warnings.append(ConfigWarning(file, key, "needs a query (text); left out"))
        return None
    try:
        parse_query(query)
    except QueryError as error:
        where = f"at column {error.position + 1} of {query!r}"
        warnings.append(ConfigWarning(file, key, f"bad query: {error.message} ({where}); left out"))
        return None
    return SavedSearch(name, query)


def _check_feeds(
    value: object, file: Path, warnings: list[ConfigWarning]
) -> tuple[Subscription, ...]:
    if not isinstance(value, list):
        raise _BadValue(f"expected [[feeds]] tables with a url, not {_describe(value)}")
    feeds: dict[str, Subscription] = {}
    for number, entry in enumerate(value, start=1):
        feed = _feed(entry, number, file, warnings)
        if feed is None:
            continue
        if feed.url in feeds:
            warnings.append(
                ConfigWarning(file, f"feeds {feed.url!r}", "this feed comes earlier; left out")
            )
            continue
        feeds[feed.url] = feed
    return tuple(feeds.values())


def _feed(
    entry: object, number: int, file: Path, warnings: list[ConfigWarning]
) -> Subscription | None:
    key = f"feeds #{number}"
    if not isinstance(entry, dict):
        warnings.append(
            ConfigWarning(file, key, f"expected a table, not {_describe(entry)}; left out")
        )
        return None
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        warnings.append(ConfigWarning(file, key, "needs a url (text); left out"))
        return None
    url = url.strip()
    key = f"feeds {url!r}"
    refusal = check_fetchable(url)
    if refusal is not None:
        warnings.append(ConfigWarning(file, key, f"{refusal}; left out"))
        return None
    for extra in sorted(entry.keys() - {"url", "title", "folder", "topics"}):
        hint = _did_you_mean(extra, ("url", "title", "folder", "topics"))
        warnings.append(ConfigWarning(file, f"{key}.{extra}", f"not a setting{hint}; ignored"))
    title, folder, topics = entry.get("title", ""), entry.get("folder"), entry.get("topics", [])
    if not isinstance(title, str):
        warnings.append(ConfigWarning(file, f"{key}.title", "expected text; ignored"))
        title = ""
    where: Path | None = None
    if isinstance(folder, str) and folder.strip():
        where = file.absolute().parent / Path(folder).expanduser()
    elif folder is not None:
        warnings.append(
            ConfigWarning(file, f"{key}.folder", "expected a folder name (text); using paths")
        )
    if not isinstance(topics, list) or not all(isinstance(topic, str) for topic in topics):
        warnings.append(
            ConfigWarning(file, f"{key}.topics", 'expected a list such as ["AI"]; ignored')
        )
        topics = []
    return Subscription(url, title.strip(), where, tuple(topic for topic in topics if topic))


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
_SECONDS_PER = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_FETCH_EVERY = 60.0


def parse_duration(text: str) -> float | None:
    """Seconds in a duration such as "30m", "1h30m", "90s" or "1d"; None when it does not read."""
    compact = text.strip().replace(" ", "")
    if not compact or _DURATION.sub("", compact):
        return None
    return sum(
        float(number) * _SECONDS_PER[unit.lower()] for number, unit in _DURATION.findall(compact)
    )


def _check_fetch_every(value: object, file: Path, warnings: list[ConfigWarning]) -> float:
    text = _string(value, 'a duration such as "30m" or "2h"')
    seconds = parse_duration(text)
    if seconds is None:
        raise _BadValue(f'{text!r} is not a duration such as "30m", "2h" or "1h30m"')
    if seconds < MIN_FETCH_EVERY:
        raise _BadValue(f"{text!r} is less than a minute")
    return seconds


_CHECKERS: dict[str, _Checker] = {
    "paths": _check_paths,
    "theme": _check_theme,
    "mark_read": _check_mark_read,
    "enter_opens": _check_enter_opens,
    "sort": _check_sort,
    "group_by": _check_group_by,
    "hide_read": _check_hide_read,
    "browser": _check_browser,
    "date_format": _check_date_format,
    "row_format": _check_row_format,
    "extensions": _check_extensions,
    "max_file_mb": _check_max_file_mb,
    "save_folder": _check_save_folder,
    "pipe_shell": _check_pipe_shell,
    "fetch_text": _check_fetch_text,
    "fetch_max_mb": _check_fetch_max_mb,
    "fetch_timeout": _check_fetch_timeout,
    "keys": _check_keys,
    "saved_searches": _check_saved_searches,
    "sync_dir": _check_sync_dir,
    "feeds": _check_feeds,
    "fetch_every": _check_fetch_every,
}

# What is used instead of a bad value, in the words of "...; using ...".
_DEFAULT_WORDS: dict[str, str] = {
    "paths": "the bundled samples",
    "theme": "Textual's default theme",
    "mark_read": MarkRead.VIEW.value,
    "enter_opens": EnterOpens.BROWSER.value,
    "sort": SortKey.NEWEST.value,
    "group_by": Grouping.TOPIC.value,
    "hide_read": "false",
    "browser": "$BROWSER or the system's browser",
    "date_format": DATE_FORMAT,
    "row_format": ROW_FORMAT,
    "extensions": ", ".join(ARTICLE_SUFFIXES),
    "max_file_mb": f"{DEFAULT_MAX_FILE_MB:g}",
    "save_folder": "saved in the data folder",
    "pipe_shell": "false",
    "fetch_text": FetchText.ON_KEY.value,
    "fetch_max_mb": f"{DEFAULT_FETCH_MAX_MB:g}",
    "fetch_timeout": f"{DEFAULT_TIMEOUT_SECONDS:g}",
    "keys": "the default keys",
    "saved_searches": "no saved searches",
    "sync_dir": "no sync folder (marks stay on this machine)",
    "feeds": "no feeds",
    "fetch_every": "fetching only when asked",
}


def _string(value: object, wanted: str) -> str:
    if not isinstance(value, str):
        raise _BadValue(f"expected {wanted}, not {_describe(value)}")
    return value


def _strings(value: object, wanted: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _BadValue(f"expected {wanted}, not {_describe(value)}")
    return tuple(value)


def _choice(value: object, choices: type[StrEnum]) -> str:
    names = [choice.value for choice in choices]
    text = _string(value, f"one of {', '.join(names)}")
    if text not in names:
        raise _BadValue(f"{text!r} is not one of {', '.join(names)}")
    return text


def _describe(value: object) -> str:
    """A TOML value as the user wrote it, roughly, and its kind: `5 (a number)`."""
    kinds = {bool: "true or false", int: "a number", float: "a number", str: "text"}
    kinds |= {list: "a list", dict: "a table"}
    kind = next((name for cls, name in kinds.items() if isinstance(value, cls)), "a date or time")
    shown = repr(value) if not isinstance(value, dict | list) else ""
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{shown} ({kind})" if shown else kind


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# Writing TOML --------------------------------------------------------------------------------


def _config_toml(config: Config) -> str:
    where = config.file or config_file()
    found = "" if config.file_found else " (not found, so every value is a default)"
    lines = [f"# newsreader configuration from {_comment(str(where))}{found}"]

    def source(name: str) -> str:
        place = config.source_of(name)
        return f"# {'' if place == DEFAULT_SOURCE else 'from '}{_comment(place)}"

    def setting(name: str, value: str, note: str = "") -> None:
        lines.append(f"{name} = {value}  {source(name)}{f': {note}' if note else ''}")

    setting("paths", _toml_list([str(path) for path in config.paths]), _empty_paths(config))
    if config.theme is None:
        lines.append("# theme is not set, so Textual's default theme is used")
    else:
        remembered = config.source_of("theme") not in (DEFAULT_SOURCE, str(where))
        setting("theme", _toml_string(config.theme), "picked in the reader" if remembered else "")
    setting("mark_read", _toml_string(config.mark_read.value))
    setting("enter_opens", _toml_string(config.enter_opens.value))
    setting("sort", _toml_string(config.sort.value))
    setting("group_by", _toml_string(config.group_by.value))
    setting("hide_read", "true" if config.hide_read else "false")
    browser_note = "" if config.browser else "$BROWSER, else the system's browser"
    setting("browser", _toml_list(list(config.browser)), browser_note)
    setting("date_format", _toml_string(config.date_format))
    setting("row_format", _toml_string(config.row_format))
    setting("extensions", _toml_list(list(config.extensions)))
    setting("max_file_mb", f"{config.max_file_mb:g}")
    if config.save_folder is None:
        lines.append("# save_folder is not set, so `s` saves into saved/ in the data folder")
    else:
        setting("save_folder", _toml_string(str(config.save_folder)))
    setting("pipe_shell", "true" if config.pipe_shell else "false")
    setting("fetch_text", _toml_string(config.fetch_text.value))
    setting("fetch_max_mb", f"{config.fetch_max_mb:g}")
    setting("fetch_timeout", f"{config.fetch_timeout:g}")
    if config.sync_dir is None:
        lines.append("# sync_dir is not set, so marks stay on this machine")
    else:
        setting("sync_dir", _toml_string(str(config.sync_dir)))
    if config.fetch_every is None:
        lines.append("# fetch_every is not set, so feeds are fetched only when asked")
    else:
        setting("fetch_every", _toml_string(_duration_text(config.fetch_every)))
    lines += ["", "[keys]"]
    if not config.keys:
        lines.append("# none changed; README.md's Configuration section lists the binding ids")
    for binding_id, keys in config.keys.items():
        lines.append(f"{_toml_key(binding_id)} = {_toml_string(keys)}  {source('keys')}")
    if not config.saved_searches:
        lines += ["", "# no saved searches"]
    for search in config.saved_searches:
        lines += ["", f"[[saved_searches]]  {source('saved_searches')}"]
        lines.append(f"name = {_toml_string(search.name)}")
        lines.append(f"query = {_toml_string(search.query)}")
    if not config.feeds:
        lines += ["", "# no feeds"]
    for feed in config.feeds:
        lines += ["", f"[[feeds]]  {source('feeds')}", f"url = {_toml_string(feed.url)}"]
        if feed.title:
            lines.append(f"title = {_toml_string(feed.title)}")
        if feed.folder is not None:
            lines.append(f"folder = {_toml_string(str(feed.folder))}")
        if feed.topics:
            lines.append(f"topics = {_toml_list(list(feed.topics))}")
    return "\n".join(lines) + "\n"


def _duration_text(seconds: float) -> str:
    for unit in ("d", "h", "m"):
        if seconds % _SECONDS_PER[unit] == 0:
            return f"{int(seconds // _SECONDS_PER[unit])}{unit}"
    return f"{seconds:g}s"


def _empty_paths(config: Config) -> str:
    return "" if config.paths else "the bundled samples"


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n"}
_TOML_ESCAPES |= {"\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(_toml_string(item) for item in items) + "]"


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _comment(text: str) -> str:
    # A comment ends at a newline, and TOML allows no other control characters in one.
    return "".join(char if ord(char) >= 0x20 and ord(char) != 0x7F else "?" for char in text)
