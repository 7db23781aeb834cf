"""Themes: the names Textual ships (written out, so the config is read without importing the
UI), and the theme picked in the reader, remembered in ui.toml for starts whose config sets none."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsreader.core.config.settings import Config
from newsreader.core.ui_state import read_ui_state, remember_ui, ui_state_file

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


def with_remembered_theme(config: Config, data_folder: Path | None) -> Config:
    if config.theme is not None:
        return config
    theme = remembered_theme(data_folder)
    # A theme remembered under an older Textual may be gone; Textual's default is then used.
    if theme is None or theme not in known_themes():
        return config
    sources = {**config.sources, "theme": str(ui_state_file(data_folder))}
    return replace(config, theme=theme, sources=sources)
