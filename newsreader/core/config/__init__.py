"""The config file: settings read from TOML, checked key by key, with defaults for whatever is
missing, and written back as TOML.

`settings.py` holds what may be set (the `Config` record, its defaults once, the errors and
warnings); `reading.py` reads the file, `values.py` and `tables.py` check each setting,
`writing.py` writes the effective settings, `themes.py` knows Textual's theme names (so the
config is read without importing the UI) and the theme remembered from the reader, and
`feeds_file.py` adds `[[feeds]]` to a user's file without touching the rest of it.
"""

from newsreader.core.config.reading import SYNC_DIR_ENV, load_config
from newsreader.core.config.settings import (
    DEFAULT_SOURCE,
    Config,
    ConfigError,
    ConfigWarning,
    EnterOpens,
    FetchText,
    KeyMap,
    MarkRead,
    SavedSearch,
    fetch_limits,
    max_file_bytes,
)
from newsreader.core.config.themes import (
    TEXTUAL_THEMES,
    known_themes,
    remember_theme,
    remembered_theme,
)
from newsreader.core.config.values import MIN_FETCH_EVERY, parse_duration
from newsreader.core.config.writing import config_toml

__all__ = [
    "DEFAULT_SOURCE",
    "MIN_FETCH_EVERY",
    "SYNC_DIR_ENV",
    "TEXTUAL_THEMES",
    "Config",
    "ConfigError",
    "ConfigWarning",
    "EnterOpens",
    "FetchText",
    "KeyMap",
    "MarkRead",
    "SavedSearch",
    "config_toml",
    "fetch_limits",
    "known_themes",
    "load_config",
    "max_file_bytes",
    "parse_duration",
    "remember_theme",
    "remembered_theme",
]
