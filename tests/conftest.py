"""Shared test set-up: a fixed time zone, and no real browser or desktop, ever."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsreader.model.store import Store

# Times are shown in the reader's local zone; tests (and snapshots) read them in UTC.
os.environ["TZ"] = "UTC"
time.tzset()

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def without_root_powers() -> tuple[str, ...]:
    """A command prefix under which permission bits apply, even to root (as CI runs)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    assert setpriv is not None, "running as root needs setpriv (util-linux) to test permissions"
    return (setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner")


def run_python(script: str, *args: str, prefix: tuple[str, ...] = (), timeout: float = 60) -> str:
    """Run a Python script in a new process; its stdout (it must succeed)."""
    done = subprocess.run(
        [*prefix, sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def installed_command() -> Path:
    """The `newsreader` console script installed beside this Python."""
    return Path(sys.executable).parent / "newsreader"


@pytest.fixture(autouse=True)
def _no_user_files(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Keep every test away from the user's own config, marks and cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.delenv("NEWSREADER_CONFIG", raising=False)
    monkeypatch.delenv("NEWSREADER_SYNC_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(home / "data" / "newsreader"))
    monkeypatch.setenv("NEWSREADER_CACHE_DIR", str(home / "cache" / "newsreader"))


@pytest.fixture(autouse=True)
def _no_real_browser(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Point BROWSER at a script that only records, and hide any desktop."""
    folder = tmp_path_factory.mktemp("browser")
    record = folder / "opened.txt"
    script = folder / "record-browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return record


@pytest.fixture
def opened_urls(_no_real_browser: Path):
    """Read what the recording browser was asked to open, waiting briefly for it to start."""

    def read(expected: int = 1, timeout: float = 5.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _no_real_browser.exists():
                lines = _no_real_browser.read_text().splitlines()
                if len(lines) >= expected:
                    return lines
            time.sleep(0.02)
        return _no_real_browser.read_text().splitlines() if _no_real_browser.exists() else []

    return read


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store of 300 generated articles (bench corpus, seed 0), loaded as the reader does."""
    from newsreader.bench.corpus import write_corpus
    from newsreader.loading.collection import load_paths

    root = tmp_path_factory.mktemp("corpus") / "articles"
    write_corpus(root, 300, 0)
    return load_paths([root])


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver's server listens on 127.0.0.1 (a free port), never on a public one."""
    return ("127.0.0.1", 0)
