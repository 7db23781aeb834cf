"""Snapshots of the main screen on the bundled seeds, at a roomy and at a small terminal."""

from __future__ import annotations

from newsreader.library import bundled_seeds, load_paths
from newsreader.ui.app import NewsreaderApp


def test_main_screen_120x40(snap_compare) -> None:
    assert snap_compare(NewsreaderApp(load_paths([bundled_seeds()])), terminal_size=(120, 40))


def test_main_screen_80x24(snap_compare) -> None:
    assert snap_compare(NewsreaderApp(load_paths([bundled_seeds()])), terminal_size=(80, 24))


def test_related_tree_open_120x40(snap_compare) -> None:
    app = NewsreaderApp(load_paths([bundled_seeds()]))
    assert snap_compare(app, terminal_size=(120, 40), press=["j", "tab", "tab", "down", "space"])
