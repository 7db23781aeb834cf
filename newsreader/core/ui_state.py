"""What the reader remembers between runs about how it looks: ui.toml in the data folder.

The theme picked, where the split between the list and the detail pane was left, and whether
rows are one line or two. The file is the reader's own, not the user's: a value that is
missing, damaged or out of range is simply the default, and the file is written whole each
time (to a temporary file moved into place, so no reader ever sees half of it).
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newsreader.paths import data_dir

UI_STATE_FILE_NAME = "ui.toml"
# The list pane's share of the width (side by side) or of the height (stacked), in percent.
SPLIT_MIN = 20
SPLIT_MAX = 80
DEFAULT_LIST_WIDTH = 50
DEFAULT_LIST_HEIGHT = 40

UiValue = str | int | bool
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


@dataclass(frozen=True, slots=True)
class Layout:
    """How the reader's screen was last left."""

    list_width: int = DEFAULT_LIST_WIDTH
    list_height: int = DEFAULT_LIST_HEIGHT
    dense_rows: bool = False


def ui_state_file(folder: Path | None = None) -> Path:
    """ui.toml in the data folder (paths.data_dir's choice for `folder`)."""
    return data_dir(folder) / UI_STATE_FILE_NAME


def read_ui_state(folder: Path | None = None) -> dict[str, UiValue]:
    """Everything remembered; empty when the file is missing or damaged."""
    try:
        table = tomllib.loads(ui_state_file(folder).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    return {key: value for key, value in table.items() if isinstance(value, str | int | bool)}


def remember_ui(values: Mapping[str, UiValue], folder: Path | None = None) -> Path:
    """Remember these values beside those already kept; the file written.

    Raises OSError when the data folder cannot be written.
    """
    path = ui_state_file(folder)
    state = {**read_ui_state(folder), **values}
    text = "".join(f"{_key(key)} = {_value(value)}\n" for key, value in state.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".ui-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def remembered_layout(folder: Path | None = None) -> Layout:
    """The split and row mode last left, each value checked (defaults where not usable)."""
    state = read_ui_state(folder)
    return Layout(
        list_width=_share(state.get("list_width"), DEFAULT_LIST_WIDTH),
        list_height=_share(state.get("list_height"), DEFAULT_LIST_HEIGHT),
        dense_rows=state.get("dense_rows") is True,
    )


def clamp_share(percent: int) -> int:
    """A split within SPLIT_MIN..SPLIT_MAX percent."""
    return max(SPLIT_MIN, min(SPLIT_MAX, percent))


def _share(value: object, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return clamp_share(value)


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _value(value: UiValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _string(value)


def _string(text: str) -> str:
    escaped = []
    for char in text:
        if char in ('"', "\\"):
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
