"""Reading the config file: `--config PATH`, else $NEWSREADER_CONFIG, else config.toml in the
platform's config folder (paths.py). A missing default file means all defaults; a missing file
named explicitly, or one that is not valid TOML, is a `ConfigError` (file, line, message). A
value that is wrong (unknown key, wrong type, unknown theme, bad query ...) is not fatal: it
becomes one `ConfigWarning` naming the key, and the setting keeps its default.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from newsreader.core.config.settings import Config, ConfigError, ConfigWarning, did_you_mean
from newsreader.core.config.tables import TABLE_RULES
from newsreader.core.config.themes import with_remembered_theme
from newsreader.core.config.values import RULES, BadValue, Where, default_words
from newsreader.paths import config_file, named_config_file

SYNC_DIR_ENV = "NEWSREADER_SYNC_DIR"
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
# Every setting the file may hold, and how each is read.
SETTINGS = {**RULES, **TABLE_RULES}


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
        return _with_sync_dir_from_env(with_remembered_theme(Config(file=path), data_folder))
    except IsADirectoryError:
        raise ConfigError(path, None, "is a folder; name the config file itself") from None
    except OSError as error:
        raise ConfigError(path, None, f"cannot read: {error.strerror or error}") from None
    table = _parse_toml(path, raw)
    return _with_sync_dir_from_env(with_remembered_theme(_read(path, table), data_folder))


def _with_sync_dir_from_env(config: Config) -> Config:
    """$NEWSREADER_SYNC_DIR, when set (and not empty), wins over the file's `sync_dir`."""
    value = os.environ.get(SYNC_DIR_ENV, "").strip()
    if not value:
        return config
    sources = {**config.sources, "sync_dir": f"${SYNC_DIR_ENV}"}
    return replace(config, sync_dir=Path(value).expanduser(), sources=sources)


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


def _read(path: Path, table: Mapping[str, object]) -> Config:
    """Each setting in the file read on its own: a bad one warns and keeps its default."""
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    warnings: list[ConfigWarning] = []
    where = Where(path, warnings)
    for key, value in table.items():
        rule = SETTINGS.get(key)
        if rule is None:
            where.warn(key, f"not a setting{did_you_mean(key, SETTINGS)}; ignored")
            continue
        try:
            values[key] = rule.read(value, where)
        except BadValue as error:
            where.warn(key, f"{error}; using {default_words(key, rule)}")
            continue
        sources[key] = str(path)
    return replace(
        Config(file=path, file_found=True, sources=sources),
        **values,  # type: ignore[arg-type]
        warnings=tuple(warnings),
    )
