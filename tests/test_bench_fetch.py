"""The fetch benchmark's harness: its feeds are served and every item is written."""

from __future__ import annotations

from pathlib import Path

from newsreader.bench.fetch import measure_fetch


def test_the_fetch_benchmark_writes_every_item(tmp_path: Path) -> None:
    result = measure_fetch(250, tmp_path)
    assert (result.items, result.written) == (250, 250)
    # It cleans up after itself.
    assert list(tmp_path.iterdir()) == []
