"""One setting's value, checked: its TOML type by msgspec, then what the type cannot say
(a theme that exists, a strftime format whose codes are real, a folder relative to the
config file ...). A value that cannot be used raises BadValue, whose message says why; the
setting then keeps its default, in the words of `Rule.default`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import msgspec

from newsreader.core.config.settings import (
    DEFAULT_FETCH_MAX_MB,
    DEFAULT_MAX_FILE_MB,
    Config,
    ConfigWarning,
    EnterOpens,
    FetchText,
    MarkRead,
    did_you_mean,
)
from newsreader.core.config.themes import known_themes
from newsreader.core.present import ROW_FIELDS, ROW_FORMAT
from newsreader.feeds.page_fetch import DEFAULT_TIMEOUT_SECONDS
from newsreader.search.ordering import Grouping, SortKey
from newsreader.text.sanitize import printable

# Formatted to check a date_format: a day and hour with two digits each, so codes show.
_SAMPLE_DATE = datetime(2024, 1, 31, 13, 5, 9)
# A strftime code: optional glibc flag and E/O modifier, then the letter (empty at the end).
_STRFTIME_CODE = re.compile(r"%[-_0^#]?[EO]?(.?)", re.DOTALL)
_STRFTIME_LETTERS = frozenset("aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%+")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
SECONDS_PER = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_FETCH_EVERY = 60.0


class BadValue(Exception):
    """A value that cannot be used; the message says why, without the key or the fallback."""


@dataclass(frozen=True, slots=True)
class Where:
    """The file a value is read from, and where warnings about parts of it go."""

    file: Path
    warnings: list[ConfigWarning]

    def warn(self, key: str, message: str) -> None:
        self.warnings.append(ConfigWarning(self.file, key, message))

    def folder(self, name: str) -> Path:
        """A folder named in the file: relative ones are taken from the file's own folder."""
        return self.file.absolute().parent / Path(name).expanduser()


@dataclass(frozen=True, slots=True)
class Rule:
    """How one setting is read: the type msgspec converts the TOML value to (`wanted` says
    it in words), what else must hold (`check`, given the converted value), and what is
    used instead of a bad value, in words (None: the default, as written)."""

    kind: Any
    wanted: str
    check: Callable[[Any, Where], object] | None = None
    default: str | None = None

    def read(self, value: object, where: Where) -> object:
        try:
            converted = msgspec.convert(value, self.kind, strict=True)
        except msgspec.ValidationError:
            raise BadValue(f"expected {self.wanted}, not {describe(value)}") from None
        return converted if self.check is None else self.check(converted, where)


def describe(value: object) -> str:
    """A TOML value as the user wrote it, roughly, and its kind: `5 (a number)`."""
    kinds = {bool: "true or false", int: "a number", float: "a number", str: "text"}
    kinds |= {list: "a list", dict: "a table"}
    kind = next((name for cls, name in kinds.items() if isinstance(value, cls)), "a date or time")
    shown = repr(value) if not isinstance(value, dict | list) else ""
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{shown} ({kind})" if shown else kind


def default_words(key: str, rule: Rule) -> str:
    """What a bad value of `key` is replaced with, in words."""
    if rule.default is not None:
        return rule.default
    value = getattr(Config(), key)
    return f"{value:g}" if isinstance(value, float) else str(value)


def parse_duration(text: str) -> float | None:
    """Seconds in a duration such as "30m", "1h30m", "90s" or "1d"; None when it does not read."""
    compact = text.strip().replace(" ", "")
    if not compact or _DURATION.sub("", compact):
        return None
    return sum(
        float(number) * SECONDS_PER[unit.lower()] for number, unit in _DURATION.findall(compact)
    )


def _choice(choices: type[StrEnum]) -> Rule:
    names = ", ".join(choice.value for choice in choices)

    def check(text: str, where: Where) -> StrEnum:
        try:
            return choices(text)
        except ValueError:
            raise BadValue(f"{text!r} is not one of {names}") from None

    return Rule(str, f"one of {names}", check)


def _within(low: float, high: float, unit: str) -> Callable[[float, Where], float]:
    def check(number: float, where: Where) -> float:
        if not low < number <= high:
            raise BadValue(f"{number:g} is not between {low:g} and {high:g} {unit}")
        return number

    return check


def _paths(names: tuple[str, ...], where: Where) -> tuple[Path, ...]:
    paths: list[Path] = []
    for name in names:
        try:
            paths.append(where.folder(name))
        except RuntimeError:
            # `~someone/...` naming no user on this system.
            user = printable(name.partition("/")[0])
            where.warn("paths", f"{printable(name)!r}: there is no user {user}; left out")
    return tuple(paths)


def _folder(empty: str) -> Callable[[str, Where], Path]:
    def check(name: str, where: Where) -> Path:
        if not name.strip():
            raise BadValue(empty)
        return where.folder(name)

    return check


def _theme(name: str, where: Where) -> str:
    themes = known_themes()
    if name not in themes:
        # A near miss is named; otherwise the whole list, which is short enough to read.
        hint = did_you_mean(name, themes) or f" (themes: {', '.join(themes)})"
        raise BadValue(f"{name!r} is not a Textual theme{hint}")
    return name


def _browser(words: tuple[str, ...], where: Where) -> tuple[str, ...]:
    if not words or not words[0].strip():
        raise BadValue("the command is empty")
    return words


def _no_control_characters(text: str) -> None:
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise BadValue(f"{text!r} holds control characters")


def _date_format(text: str, where: Where) -> str:
    if not text.strip():
        raise BadValue("the format is empty")
    _no_control_characters(text)
    try:
        formatted = _SAMPLE_DATE.strftime(text)
    except ValueError as error:
        raise BadValue(f"{text!r} cannot format a date ({error})") from None
    if "%" not in text:
        raise BadValue(f"{text!r} has no % codes, so every date would read {formatted!r}")
    # The C library prints a code it does not know as it is, so `%Q` would show as "%Q".
    for match in _STRFTIME_CODE.finditer(text):
        if match.group(1) not in _STRFTIME_LETTERS:
            raise BadValue(f"{match.group(0)!r} in {text!r} is not a strftime code")
    return text


_ROW_FIELD_NAMES = ", ".join("{" + name + "}" for name in ROW_FIELDS)


def _row_format(text: str, where: Where) -> str:
    if "{title}" not in text:
        raise BadValue(f"{text!r} has no {{title}}")
    _no_control_characters(text)
    try:
        text.format(**dict.fromkeys(ROW_FIELDS, ""))
    except (KeyError, IndexError, ValueError) as error:
        raise BadValue(f"{text!r} names a field other than {_ROW_FIELD_NAMES} ({error})") from None
    return text


def _extensions(names: tuple[str, ...], where: Where) -> tuple[str, ...]:
    if not names:
        raise BadValue("the list is empty, so no file in a folder would be read")
    for name in names:
        if not name.startswith(".") or len(name) < 2 or "/" in name or os.sep in name:
            raise BadValue(f'{name!r} is not a file name ending such as ".md"')
    return tuple(dict.fromkeys(names))


def _fetch_every(text: str, where: Where) -> float:
    seconds = parse_duration(text)
    if seconds is None:
        raise BadValue(f'{text!r} is not a duration such as "30m", "2h" or "1h30m"')
    if seconds < MIN_FETCH_EVERY:
        raise BadValue(f"{text!r} is less than a minute")
    return seconds


FOLDERS = 'a list of folders, such as ["~/news"]'
MEGABYTES = "a number of megabytes, such as {}"

# The settings whose value is one TOML value; the tables (keys, saved searches, feeds) are
# read in tables.py.
RULES: dict[str, Rule] = {
    "paths": Rule(tuple[str, ...], FOLDERS, _paths, "the bundled samples"),
    "theme": Rule(str, 'a theme name, such as "nord"', _theme, "Textual's default theme"),
    "mark_read": _choice(MarkRead),
    "enter_opens": _choice(EnterOpens),
    "sort": _choice(SortKey),
    "group_by": _choice(Grouping),
    "hide_read": Rule(bool, "true or false", default="false"),
    "browser": Rule(
        tuple[str, ...],
        'a command as a list, such as ["firefox", "--new-tab", "{url}"]',
        _browser,
        "$BROWSER or the system's browser",
    ),
    "date_format": Rule(str, 'a strftime format, such as "%Y-%m-%d %H:%M"', _date_format),
    "row_format": Rule(
        str, f'a row with fields among {_ROW_FIELD_NAMES}, such as "{ROW_FORMAT}"', _row_format
    ),
    "extensions": Rule(
        tuple[str, ...],
        'a list of file name endings, such as [".md", ".txt"]',
        _extensions,
        "{}".format(", ".join(Config().extensions)),
    ),
    "max_file_mb": Rule(
        float, MEGABYTES.format(5), _within(0, 1024, "megabytes"), f"{DEFAULT_MAX_FILE_MB:g}"
    ),
    "save_folder": Rule(
        str,
        'a folder, such as "~/saved-articles"',
        _folder("the folder is empty"),
        "saved in the data folder",
    ),
    "pipe_shell": Rule(bool, "true or false", default="false"),
    "fetch_text": _choice(FetchText),
    "fetch_max_mb": Rule(
        float, MEGABYTES.format(10), _within(0, 1024, "megabytes"), f"{DEFAULT_FETCH_MAX_MB:g}"
    ),
    "fetch_timeout": Rule(
        float,
        "a number of seconds, such as 30",
        _within(0, 600, "seconds"),
        f"{DEFAULT_TIMEOUT_SECONDS:g}",
    ),
    "sync_dir": Rule(
        str,
        'a folder, such as "~/sync/newsreader"',
        _folder("the folder name is empty"),
        "no sync folder (marks stay on this machine)",
    ),
    "fetch_every": Rule(
        str, 'a duration such as "30m" or "2h"', _fetch_every, "fetching only when asked"
    ),
}
