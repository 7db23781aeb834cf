"""Where newsreader keeps its files: data (read/starred state), cache and the config file.

Each location is chosen the same way: an explicit path (from the command line) wins, then an
environment variable, then the platform's usual place (via platformdirs). The config variable,
$NEWSREADER_CONFIG, names the file itself, as `--config` does. Nothing here creates a directory;
the code that writes a file makes the directory it needs.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir

APP_NAME = "newsreader"
DATA_DIR_ENV = "NEWSREADER_DATA_DIR"
CACHE_DIR_ENV = "NEWSREADER_CACHE_DIR"
CONFIG_FILE_ENV = "NEWSREADER_CONFIG"
CONFIG_FILE_NAME = "config.toml"


_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_seeds() -> Path:
    """The sample articles shipped with newsreader (inside the package once installed)."""
    installed = _PACKAGE_DIR / "seeds"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "seeds"


def data_dir(explicit: str | Path | None = None) -> Path:
    """The data directory: `explicit` > $NEWSREADER_DATA_DIR > the platform's user data dir."""
    return _choose(explicit, DATA_DIR_ENV, user_data_dir(APP_NAME, appauthor=False))


def cache_dir(explicit: str | Path | None = None) -> Path:
    """The cache directory: `explicit` > $NEWSREADER_CACHE_DIR > the platform's user cache dir."""
    return _choose(explicit, CACHE_DIR_ENV, user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The platform's user config directory, where the default config file lives."""
    return Path(user_config_dir(APP_NAME, appauthor=False))


def named_config_file(explicit: str | Path | None = None) -> Path | None:
    """The config file named by `explicit` (`--config`) or $NEWSREADER_CONFIG; None if neither."""
    return _given(explicit, CONFIG_FILE_ENV)


def config_file(explicit: str | Path | None = None) -> Path:
    """The config file: `explicit` > $NEWSREADER_CONFIG > config.toml in the config directory."""
    return named_config_file(explicit) or config_dir() / CONFIG_FILE_NAME


def _choose(explicit: str | Path | None, variable: str, platform_default: str) -> Path:
    return _given(explicit, variable) or Path(platform_default)


def _given(explicit: str | Path | None, variable: str) -> Path | None:
    # An empty value (`--data-dir ""`, `NEWSREADER_DATA_DIR=`) counts as not given, as shells
    # often leave variables set but empty.
    for candidate in (explicit, os.environ.get(variable)):
        if candidate is not None and str(candidate).strip():
            try:
                return Path(candidate).expanduser()
            except RuntimeError:
                return Path(candidate)  # `~someone` naming no user: taken as written
    return None
