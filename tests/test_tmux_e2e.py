"""The installed `newsreader` command in a real terminal (tmux): move, open, quit."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEEDS, installed_command
from feed_documents import RSS2
from pytest_httpserver import HTTPServer

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """A detached tmux session of 120x40 on a private server."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return result.stdout

    def start(self, command: str) -> None:
        self.tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main")

    def wait_for(self, text: str, timeout: float = 15.0, gone: str | None = None) -> str:
        """The screen once `text` is on it (and `gone`, if given, is not)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen and (gone is None or gone not in screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"newsreader-test-{uuid.uuid4().hex[:8]}")
    yield term
    term.tmux("kill-server")


@pytest.fixture
def second_terminal() -> Iterator[Terminal]:
    """Another terminal, for running the reader a second time."""
    term = Terminal(f"newsreader-test-{uuid.uuid4().hex[:8]}")
    yield term
    term.tmux("kill-server")


def wait_for_file(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text()
        time.sleep(0.1)
    raise AssertionError(f"{path} was never written")


def test_move_open_and_quit_in_a_real_terminal(
    terminal: Terminal, second_terminal: Terminal, tmp_path: Path
) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "record-browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" > "{opened}"\n')
    browser.chmod(0o755)
    status = tmp_path / "status.txt"
    data = tmp_path / "data"
    command = (
        f"cd {shlex.quote(str(tmp_path))} && TZ=UTC BROWSER={shlex.quote(str(browser))} "
        f"{shlex.quote(str(installed_command()))} --data-dir {shlex.quote(str(data))} "
        f"{shlex.quote(str(SEEDS))}; echo $? > {shlex.quote(str(status))}; sleep 5"
    )
    terminal.start(command)
    terminal.wait_for("quality 38")  # loaded: the first article shows
    # The list starts on the newest article of the first topic (quality 38); one row down
    # is the TechCrunch article, whose meta line (quality 86) only the detail pane shows.
    assert "quality 38" in terminal.screen()
    terminal.keys("j")
    screen = terminal.wait_for("quality 86")
    assert "quality 38" not in screen
    terminal.keys("Enter")
    assert wait_for_file(opened).strip() == (
        "https://techcrunch.com/2023/10/06/"
        "creatives-across-industries-are-strategizing-together-around-ai-concerns/"
    )
    terminal.keys("q")
    assert wait_for_file(status).strip() == "0"

    # Opening it marked it read: after a restart its row has lost the unread dot, while
    # an article never shown still has it.
    status.unlink()
    terminal = second_terminal
    terminal.start(command)
    screen = terminal.wait_for("The Creators Coalition")
    lines = screen.splitlines()
    opened_row = next(line for line in lines if "Creatives across" in line)
    unseen_row = next(line for line in lines if "The Creators Coalition" in line)
    assert not opened_row.startswith("●"), screen
    assert unseen_row.startswith("●"), screen
    terminal.keys("q")
    assert wait_for_file(status).strip() == "0"


def test_e_edits_the_file_with_the_reader_suspended(terminal: Terminal, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "one.md").write_text(
        '---\ntitle: "Before the edit"\noriginalUrl: https://one.example/\n---\nBody.\n'
    )
    editor = tmp_path / "editor"
    editor.write_text('#!/bin/sh\nsed -i \'s/^title: .*/title: "After the edit"/\' "$1"\n')
    editor.chmod(0o755)
    status = tmp_path / "status.txt"
    command = (
        f"EDITOR={shlex.quote(str(editor))} {shlex.quote(str(installed_command()))} "
        f"--data-dir {shlex.quote(str(tmp_path / 'data'))} {shlex.quote(str(articles))}; "
        f"echo $? > {shlex.quote(str(status))}; sleep 5"
    )
    terminal.start(command)
    terminal.wait_for("Before the edit")
    terminal.keys("e")
    # The list and the detail pane both show the file as it is now.
    screen = terminal.wait_for("After the edit", gone="Before the edit")
    assert screen.count("After the edit") == 2
    terminal.keys("q")
    assert wait_for_file(status).strip() == "0"


CRASHING_READER = """
import sys
from newsreader.cli.main import main
from newsreader.ui.widgets.article_view import ArticleView

shown = ArticleView.show_article
first = []

def show_then_fail(self, article, *args, **kwargs):
    # The first article shows; moving to any other one meets a bug.
    if article is not None:
        first[:] = first or [article.id]
        if article.id != first[0]:
            raise RuntimeError("a bug in the reader")
    return shown(self, article, *args, **kwargs)

ArticleView.show_article = show_then_fail
sys.exit(main(sys.argv[1:]))
"""


def test_an_unexpected_error_keeps_marks_and_restores_the_terminal(
    terminal: Terminal, tmp_path: Path
) -> None:
    script = tmp_path / "crashing_reader.py"
    script.write_text(CRASHING_READER)
    data = tmp_path / "data"
    # Marks only by hand, so that `r` below marks read whatever the timing.
    config = tmp_path / "config.toml"
    config.write_text('mark_read = "never"\n')
    python = Path(installed_command()).parent / "python"
    command = (
        f"{shlex.quote(str(python))} {shlex.quote(str(script))} --config {shlex.quote(str(config))}"
        f" --data-dir {shlex.quote(str(data))} {shlex.quote(str(SEEDS))}; echo EXIT=$?; sleep 10"
    )
    terminal.start(command)
    terminal.wait_for("quality 38")
    terminal.keys("r")  # the first article, marked read before anything goes wrong
    time.sleep(0.3)
    terminal.keys("j")  # showing the next article raises
    screen = terminal.wait_for("EXIT=1")
    assert "a bug in the reader" in screen
    assert "marks made until then are saved" in screen
    # The reader's screen is gone: the shell's output shows in the normal screen.
    assert "articles in" not in screen

    from newsreader.core.marks import StateStore
    from newsreader.loading.collection import load_paths

    first = load_paths([SEEDS]).groups_by_topic()[0].articles[0]
    with StateStore.open(data) as state:
        assert state.is_read(first.id)


def test_a_console_browser_gets_the_terminal_and_gives_it_back(
    terminal: Terminal, tmp_path: Path
) -> None:
    # A stand-in named like a console browser: it draws a line, waits for a key, and records.
    folder = tmp_path / "bin"
    folder.mkdir()
    opened = tmp_path / "opened.txt"
    lynx = folder / "lynx"
    lynx.write_text(
        f'#!/bin/sh\necho "CONSOLE BROWSER ON $1"\nread answer\nprintf "%s" "$1" > "{opened}"\n'
    )
    lynx.chmod(0o755)
    status = tmp_path / "status.txt"
    command = (
        f"BROWSER={shlex.quote(str(lynx))} {shlex.quote(str(installed_command()))} "
        f"--data-dir {shlex.quote(str(tmp_path / 'data'))} {shlex.quote(str(SEEDS))}; "
        f"echo $? > {shlex.quote(str(status))}; sleep 5"
    )
    terminal.start(command)
    terminal.wait_for("quality 38")
    terminal.keys("o")
    screen = terminal.wait_for("CONSOLE BROWSER ON https://sbstatesman.com/")
    assert "articles in" not in screen  # the reader is suspended, not drawn over
    terminal.keys("Enter")
    terminal.wait_for("quality 38")  # and back
    assert wait_for_file(opened).startswith("https://sbstatesman.com/")
    terminal.keys("q")
    assert wait_for_file(status).strip() == "0"


def test_keys_typed_right_after_slash_go_to_the_filter(terminal: Terminal, tmp_path: Path) -> None:
    command = (
        f"{shlex.quote(str(installed_command()))} --data-dir {shlex.quote(str(tmp_path / 'd'))} "
        f"{shlex.quote(str(SEEDS))}; sleep 5"
    )
    terminal.start(command)
    terminal.wait_for("quality 38")
    terminal.keys("/hollywood")  # one burst, as a paste or a fast typist sends it
    screen = terminal.wait_for("2 of 4", timeout=10)  # 000 (with 003's text) and 001
    assert "hollywood" in screen.splitlines()[1]


def test_marks_made_while_the_state_file_is_locked_are_named_at_exit(
    terminal: Terminal, tmp_path: Path
) -> None:
    from test_state_locked import LockHolder

    from newsreader.core.marks import STATE_FILE, StateStore

    data = tmp_path / "data"
    StateStore.open(data).close()  # the state file of an earlier run
    holder = LockHolder(data / STATE_FILE)  # a backup, say, holding the write lock
    try:
        status = tmp_path / "status.txt"
        command = (
            f"cd {shlex.quote(str(tmp_path))} && TZ=UTC "
            f"{shlex.quote(str(installed_command()))} --data-dir {shlex.quote(str(data))} "
            f"{shlex.quote(str(SEEDS))}; echo $? > {shlex.quote(str(status))}; sleep 5"
        )
        terminal.start(command)
        terminal.wait_for("quality 38")
        terminal.keys("f")
        # The star (and the article's read mark, if its moment in the pane has passed).
        terminal.wait_for("waiting to be s")
        terminal.keys("q")
        assert wait_for_file(status, timeout=20).strip() == "0"
        # Said once the terminal is the shell's again, naming each change.
        said = "".join(terminal.wait_for("could not be saved").split())
        assert "markchange" in said and "couldnotbesaved" in said, said
        assert re.search(r"starred[0-9a-f]{6,}", said), said
    finally:
        holder.release()
    # Nothing was written behind the lock's back, and the file is sound.
    with StateStore.open(data) as state:
        assert state.starred_ids() == frozenset()


def test_esc_and_a_key_typed_at_once_close_the_filter_and_act(
    terminal: Terminal, tmp_path: Path
) -> None:
    status = tmp_path / "status.txt"
    command = (
        f"{shlex.quote(str(installed_command()))} --data-dir {shlex.quote(str(tmp_path / 'd'))} "
        f"{shlex.quote(str(SEEDS))}; echo $? > {shlex.quote(str(status))}; sleep 5"
    )
    terminal.start(command)
    terminal.wait_for("quality 38")
    terminal.keys("/ai")
    terminal.wait_for("of 4")
    # The terminal sends Esc and the q right after it as one sequence (alt+q): that is Esc,
    # which leaves the filter, then q, which quits; not a q typed into the filter.
    terminal.keys("Escape", "q")
    assert wait_for_file(status).strip() == "0"


def test_an_article_on_the_whole_screen_is_searched_as_typed(
    terminal: Terminal, tmp_path: Path
) -> None:
    command = (
        f"{shlex.quote(str(installed_command()))} --data-dir {shlex.quote(str(tmp_path / 'd'))} "
        f"{shlex.quote(str(SEEDS))}; sleep 5"
    )
    terminal.start(command)
    terminal.wait_for("quality 38")
    terminal.keys("j", "w")
    terminal.wait_for("# Creatives across industries")
    terminal.keys("/ai", "Enter")  # in one burst, as a fast typist sends it
    terminal.wait_for("hit 1 of")
    terminal.keys("n")
    screen = terminal.wait_for("hit 2 of")
    assert "Marked" not in screen  # no letter of the search reached the reader's keys
    terminal.keys("q")
    terminal.wait_for("by topic · newest")


def test_another_machines_marks_show_within_two_seconds(terminal: Terminal, tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    command = (
        f"NEWSREADER_SYNC_DIR={shlex.quote(str(folder))} TZ=UTC "
        f"{shlex.quote(str(installed_command()))} --data-dir {shlex.quote(str(tmp_path / 'd'))} "
        f"{shlex.quote(str(SEEDS))}; sleep 5"
    )
    terminal.start(command)
    screen = terminal.wait_for("quality 38")
    assert "★" not in screen and "#shared" not in screen
    # Another machine's log arrives (as git or a file sync writes it): it stars the TechCrunch
    # article and tags it.
    techcrunch = "a915ed0da96f"
    entry = {"at": "2026-01-01T00:00:00.000000Z", "article": techcrunch}
    lines = [{**entry, "counter": 1, "op": "star"}]
    lines.append({**entry, "counter": 2, "op": "tag", "tag": "shared"})
    temporary = folder / ".marks-laptop.jsonl.tmp"
    temporary.write_text("".join(json.dumps(line) + "\n" for line in lines))
    temporary.rename(folder / "marks-laptop.jsonl")
    screen = terminal.wait_for("★", timeout=2.0)
    starred = next(row for row in screen.splitlines() if "★" in row)
    assert "Creatives across" in starred
    # Its tag is on its meta lines: the list's (cut short in a narrow pane) and the detail's.
    terminal.keys("j")
    terminal.wait_for("#shared")
    terminal.keys("q")


def test_r_fetches_feeds_into_the_watched_folder(
    terminal: Terminal, tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type="application/rss+xml")
    folder = tmp_path / "news"
    folder.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(
        f'paths = ["news"]\n\n[[feeds]]\nurl = "{httpserver.url_for("/rss")}"\n', encoding="utf-8"
    )
    status = tmp_path / "status.txt"
    command = (
        f"cd {shlex.quote(str(tmp_path))} && TZ=UTC "
        f"{shlex.quote(str(installed_command()))} --config {shlex.quote(str(config))} "
        f"--data-dir {shlex.quote(str(tmp_path / 'data'))}; "
        f"echo $? > {shlex.quote(str(status))}; sleep 5"
    )
    terminal.start(command)
    terminal.wait_for("0 articles")
    terminal.keys("R")
    screen = terminal.wait_for("Ferry timetable changes")
    assert "Tides rise & fall at the quay" in screen
    assert "fetched 1 feed: 2 new" in terminal.wait_for("fetched 1 feed")
    assert len(list(folder.glob("*.md"))) == 2
    terminal.keys("q")
    assert wait_for_file(status).strip() == "0"
