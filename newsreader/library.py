"""Loading a whole collection: find the files, load each one, build the store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsreader.discover import discover
from newsreader.loader import DEFAULT_MAX_BYTES, load_file
from newsreader.store import Store

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_seeds() -> Path:
    """The sample articles shipped with newsreader (inside the package once installed)."""
    installed = _PACKAGE_DIR / "seeds"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "seeds"


def load_paths(paths: Sequence[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Store:
    """Load every article file under `paths` (the bundled seeds when empty)."""
    found = discover(paths or [bundled_seeds()])
    store = Store()
    store.skipped_files = found.skipped_files
    for problem in found.problems:
        store.add_problem(problem)
    for path in found.files:
        store.add(load_file(path, max_bytes))
    return store
