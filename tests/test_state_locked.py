"""Marks made while another process holds the state file's write lock: queued, never lost.

A backup or an open `sqlite3` shell can hold the lock for as long as it likes. A change made
meanwhile holds in memory at once, waits in a queue, and is written when the lock goes; at exit
the store waits a bounded time and names exactly the changes it could not save.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsreader.core.marks import KEY_BUSY_TIMEOUT_SECONDS, STATE_FILE, StateStore

HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
print("released", flush=True)
"""


class LockHolder:
    """A second process holding the state file's write lock until `release`."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write("go\n")
            self.process.stdin.flush()
            assert self.process.stdout.readline().strip() == "released"
            self.process.wait(timeout=10)


@pytest.fixture
def lock_holder(tmp_path: Path) -> Iterator[Callable[[], LockHolder]]:
    holders: list[LockHolder] = []

    def start() -> LockHolder:
        holder = LockHolder(tmp_path / STATE_FILE)
        holders.append(holder)
        return holder

    yield start
    for holder in holders:
        holder.release()


def marks_on_disk(folder: Path) -> tuple[set[str], set[str]]:
    with sqlite3.connect(folder / STATE_FILE) as check:
        rows = check.execute("SELECT id, read, starred FROM article_state").fetchall()
    return {row[0] for row in rows if row[1]}, {row[0] for row in rows if row[2]}


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_marks_made_while_another_process_holds_the_lock_are_written_when_it_goes(
    tmp_path: Path, lock_holder: Callable[[], LockHolder]
) -> None:
    with StateStore.open(tmp_path, busy_timeout=KEY_BUSY_TIMEOUT_SECONDS) as store:
        store.mark_read(["before"])
        holder = lock_holder()
        # The changes hold at once, in memory, and wait to be written.
        assert store.mark_read(["a", "b"]) == ["a", "b"]
        assert store.toggle_starred("a") is True
        assert store.set_read(["b"], False) == ["b"]
        assert store.read_ids() == {"before", "a"} and store.starred_ids() == {"a"}
        assert store.pending_count == 4
        assert store.warning is None and store.is_persistent
        assert marks_on_disk(tmp_path) == ({"before"}, set())
        # Still waiting while the lock is held; written once it goes, in the order made.
        holder.release()
        assert wait_until(lambda: store.pending_count == 0)
        assert marks_on_disk(tmp_path) == ({"before", "a"}, {"a"})
        # Marks made afterwards are written at once again.
        store.mark_read(["c"])
        assert store.pending_count == 0
    assert marks_on_disk(tmp_path) == ({"before", "a", "c"}, {"a"})


def test_marks_other_processes_commit_meanwhile_do_not_undo_the_queued_ones(
    tmp_path: Path, lock_holder: Callable[[], LockHolder]
) -> None:
    with StateStore.open(tmp_path, busy_timeout=KEY_BUSY_TIMEOUT_SECONDS) as store:
        holder = lock_holder()
        store.mark_read(["mine"])
        holder.release()
        with StateStore.open(tmp_path) as other:
            other.mark_read(["theirs"])
        # A reload while the mark still waits keeps it.
        store.reload()
        assert store.is_read("mine")
        assert wait_until(lambda: store.pending_count == 0)
        store.reload()
        assert store.read_ids() == {"mine", "theirs"}
    assert marks_on_disk(tmp_path)[0] == {"mine", "theirs"}


def test_close_waits_a_bounded_time_and_names_what_it_could_not_save(
    tmp_path: Path, lock_holder: Callable[[], LockHolder]
) -> None:
    store = StateStore.open(tmp_path, busy_timeout=KEY_BUSY_TIMEOUT_SECONDS)
    holder = lock_holder()
    store.mark_read(["a1"])
    store.set_starred(["b2"], True)
    unsaved = store.close(wait=0.2)
    assert [mark.describe() for mark in unsaved] == ["read a1", "starred b2"]
    holder.release()
    assert marks_on_disk(tmp_path) == (set(), set())


def test_close_saves_what_waits_when_the_lock_goes_within_the_wait(
    tmp_path: Path, lock_holder: Callable[[], LockHolder]
) -> None:
    store = StateStore.open(tmp_path, busy_timeout=KEY_BUSY_TIMEOUT_SECONDS)
    holder = lock_holder()
    store.mark_read(["a1"])
    holder.release()
    assert store.close(wait=10) == []
    assert marks_on_disk(tmp_path) == ({"a1"}, set())


def test_the_reader_opens_on_a_locked_state_file_and_keeps_its_marks(
    tmp_path: Path, lock_holder: Callable[[], LockHolder]
) -> None:
    StateStore.open(tmp_path).close()  # the file exists, as after any earlier run
    lock_holder()
    store = StateStore.open(tmp_path, busy_timeout=KEY_BUSY_TIMEOUT_SECONDS)
    assert store.warning is None and store.is_persistent
    store.mark_read(["x"])
    assert store.pending_count == 1
    store.close(wait=0)


async def test_the_reader_says_how_many_marks_wait_and_never_waits_on_a_key(
    tmp_path: Path, lock_holder: Callable[[], LockHolder]
) -> None:
    from newsreader.loading.collection import load_paths
    from newsreader.ui.app import NewsreaderApp

    news = tmp_path / "news"
    news.mkdir()
    for name in "ab":
        (news / f"{name}.md").write_text(
            f"---\ntitle: Story {name}\noriginalUrl: https://x.example/{name}\n---\n"
        )
    store = load_paths([news])
    state = StateStore.open(tmp_path, busy_timeout=KEY_BUSY_TIMEOUT_SECONDS)
    holder = lock_holder()
    app = NewsreaderApp(store, state)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("r", "f")
        await pilot.pause()
        assert state.pending_count == 2
        assert "2 marks waiting to be saved" in app.sub_title
        holder.release()
        deadline = time.monotonic() + 10
        while "waiting" in app.sub_title and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert "waiting" not in app.sub_title
        assert state.pending_count == 0
    read, starred = marks_on_disk(tmp_path)
    assert len(read) == 1 and read == starred


async def test_the_reader_says_when_the_state_file_goes_bad_during_a_session(
    tmp_path: Path,
) -> None:
    from newsreader.loading.collection import load_paths
    from newsreader.ui.app import NewsreaderApp

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.md").write_text("---\ntitle: Story\noriginalUrl: https://x.example/a\n---\n")
    state = StateStore.open(tmp_path, busy_timeout=KEY_BUSY_TIMEOUT_SECONDS)
    app = NewsreaderApp(load_paths([news]), state)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        # Overwritten in place under the running reader (not a database any more).
        for name in (STATE_FILE, STATE_FILE + "-wal", STATE_FILE + "-shm"):
            path = tmp_path / name
            if path.exists():
                size = path.stat().st_size
                with path.open("r+b") as file:
                    file.write((b"not a database " * (size // 15 + 1))[:size])
        await pilot.press("f")
        deadline = time.monotonic() + 10

        def warnings() -> list[str]:
            return [str(n.message) for n in app._notifications if "Cannot save" in str(n.message)]

        while not warnings() and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert warnings(), [str(n.message) for n in app._notifications]
        assert state.is_starred(app.current_article.id if app.current_article else "")
