"""Snapshots of the main screen on the bundled seeds, at a roomy, a small and a narrow
terminal (where the list sits above the detail pane)."""

from __future__ import annotations

from newsreader.core.config import Config, MarkRead
from newsreader.loading.collection import load_paths
from newsreader.paths import bundled_seeds
from newsreader.ui.app import NewsreaderApp


def seeds_app() -> NewsreaderApp:
    # Nothing is marked read on a timer, so the picture does not depend on how fast it is taken.
    return NewsreaderApp(load_paths([bundled_seeds()]), config=Config(mark_read=MarkRead.NEVER))


def test_main_screen_120x40(snap_compare) -> None:
    assert snap_compare(seeds_app(), terminal_size=(120, 40))


def test_main_screen_80x24(snap_compare) -> None:
    assert snap_compare(seeds_app(), terminal_size=(80, 24))


def test_main_screen_60x20(snap_compare) -> None:
    assert snap_compare(seeds_app(), terminal_size=(60, 20))


def test_related_tree_open_120x40(snap_compare) -> None:
    app = seeds_app()
    assert snap_compare(app, terminal_size=(120, 40), press=["j", "tab", "tab", "down", "space"])
