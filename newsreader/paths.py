"""Where newsreader keeps its files: data (read/starred state), cache and config.

Each location is chosen the same way: an explicit path (from the command line) wins, then an
environment variable, then the platform's usual place (via platformdirs). Nothing here creates
a directory; the code that writes a file makes the directory it needs.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir

APP_NAME = "newsreader"
DATA_DIR_ENV = "NEWSREADER_DATA_DIR"
CACHE_DIR_ENV = "NEWSREADER_CACHE_DIR"
CONFIG_DIR_ENV = "NEWSREADER_CONFIG"


def data_dir(explicit: str | Path | None = None) -> Path:
    """The data directory: `explicit` > $NEWSREADER_DATA_DIR > the platform's user data dir."""
    return _choose(explicit, DATA_DIR_ENV, user_data_dir(APP_NAME, appauthor=False))


def cache_dir(explicit: str | Path | None = None) -> Path:
    """The cache directory: `explicit` > $NEWSREADER_CACHE_DIR > the platform's user cache dir."""
    return _choose(explicit, CACHE_DIR_ENV, user_cache_dir(APP_NAME, appauthor=False))


def config_dir(explicit: str | Path | None = None) -> Path:
    """The config directory: `explicit` > $NEWSREADER_CONFIG > the platform's user config dir."""
    return _choose(explicit, CONFIG_DIR_ENV, user_config_dir(APP_NAME, appauthor=False))


def _choose(explicit: str | Path | None, variable: str, platform_default: str) -> Path:
    # An empty value (`--data-dir ""`, `NEWSREADER_DATA_DIR=`) counts as not given, as shells
    # often leave variables set but empty.
    for candidate in (explicit, os.environ.get(variable)):
        if candidate is not None and str(candidate).strip():
            return Path(candidate).expanduser()
    return Path(platform_default)
