"""Watching folders: which file changes are reported, in what form, and how watching ends.

Each test runs a real watcher in a thread on files in tmp_path, and waits on what it reports
(with a deadline) rather than sleeping.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import watchfiles
from conftest import run_python, without_root_powers

from newsreader.loading.watch import Change, FolderWatcher

DEADLINE = 5.0


class Running:
    """A watcher running in a thread, with what it has reported so far."""

    def __init__(self, watcher: FolderWatcher) -> None:
        self.watcher = watcher
        self.batches: queue.Queue[list[Change]] = queue.Queue()
        self.errors: list[str] = []
        self.raised: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.watcher.run(self.batches.put, self.errors.append)
        except BaseException as error:  # what the test asserts never happens
            self.raised.append(error)

    def changes_until(self, *wanted: Change, timeout: float = DEADLINE) -> list[Change]:
        """Every change reported until all of `wanted` are (failing the test if they never are)."""
        seen: list[Change] = []
        deadline = time.monotonic() + timeout
        while not all(change in seen for change in wanted):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"not reported within {timeout} s: {wanted}; got {seen}"
            try:
                seen.extend(self.batches.get(timeout=remaining))
            except queue.Empty:
                continue
        return seen

    def wait_until_watching(self, probe: Path, reported_as: Path | None = None) -> None:
        """Touch `probe` until the watcher reports it, so that it is surely watching by now."""
        reported_as = reported_as or probe
        deadline = time.monotonic() + DEADLINE
        existed = probe.exists()
        while True:
            assert time.monotonic() < deadline, "the watcher never started"
            with probe.open("a", encoding="utf-8") as file:
                file.write("probe\n")
            try:
                batch = self.batches.get(timeout=0.2)
            except queue.Empty:
                continue
            if any(change.path == reported_as for change in batch):
                break
        if not existed:
            probe.unlink()
            self.changes_until(Change(reported_as, "deleted"))
        self.drain()

    def drain(self) -> None:
        while True:
            try:
                self.batches.get_nowait()
            except queue.Empty:
                return


@contextmanager
def watching(paths: list[Path], **options: int) -> Iterator[Running]:
    running = Running(FolderWatcher(paths, **options))
    running.thread.start()
    try:
        yield running
    finally:
        running.watcher.stop()
        running.thread.join(DEADLINE)
    assert not running.thread.is_alive(), "run() did not return after stop()"
    assert running.raised == []


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    return folder


@pytest.fixture
def watched(news: Path) -> Iterator[Running]:
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        yield running


def write(path: Path, text: str = "Heading\n\nBody.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_new_file_is_reported_added_once(news: Path, watched: Running) -> None:
    # Created, then written: one "added", not an "added" and a "changed".
    article = write(news / "a.md")
    with article.open("a", encoding="utf-8") as file:
        file.write("More.\n")
    assert watched.changes_until(Change(article, "added")) == [Change(article, "added")]


def test_a_changed_file_is_reported_changed(news: Path) -> None:
    article = write(news / "a.md")
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        article.write_text("New heading\n", encoding="utf-8")
        assert running.changes_until(Change(article, "changed")) == [Change(article, "changed")]


def test_a_deleted_file_is_reported_deleted(news: Path) -> None:
    article = write(news / "2023" / "a.md")
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        article.unlink()
        assert running.changes_until(Change(article, "deleted")) == [Change(article, "deleted")]


def test_a_renamed_file_is_deleted_then_added(news: Path) -> None:
    old = write(news / "old.md")
    new = news / "new.md"
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        old.rename(new)
        wanted = [Change(old, "deleted"), Change(new, "added")]
        assert sorted(running.changes_until(*wanted), key=str) == sorted(wanted, key=str)


def test_a_file_saved_by_rename_over_it_is_read_again(news: Path) -> None:
    # As editors save: write a scratch file, then rename it over the article.
    article = write(news / "a.md")
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        write(news / "a.md~", "New text\n").rename(article)
        seen = running.changes_until(Change(article, "added"))
        assert seen == [Change(article, "added")]


def test_a_file_added_and_deleted_at_once_is_not_reported(news: Path, watched: Running) -> None:
    write(news / "fleeting.md").unlink()
    marker = write(news / "marker.md")
    assert watched.changes_until(Change(marker, "added")) == [Change(marker, "added")]


def test_hidden_other_types_and_editor_files_are_ignored(news: Path, watched: Running) -> None:
    write(news / ".draft.md")
    write(news / ".git" / "notes.md")
    write(news / "photo.jpg")
    write(news / "a.md~")
    write(news / ".a.md.swp")
    write(news / "b.md.swp")
    write(news / "4913")
    (news / "photo.jpg").unlink()
    # The file system reports in order, so the marker comes after everything above.
    marker = write(news / "marker.txt")
    assert watched.changes_until(Change(marker, "added")) == [Change(marker, "added")]


def test_a_new_subfolder_with_a_file_in_it_is_reported(news: Path, watched: Running) -> None:
    # Written at once, likely before the new folder itself is watched.
    article = write(news / "2024" / "05" / "a.md")
    assert watched.changes_until(Change(article, "added")) == [Change(article, "added")]


def test_a_folder_moved_in_reports_its_articles(tmp_path: Path, news: Path, watched: Running):
    outside = tmp_path / "outside"
    write(outside / "a.md")
    write(outside / "deeper" / "b.txt")
    write(outside / "c.jpg")
    write(outside / ".hidden" / "d.md")
    outside.rename(news / "inside")
    wanted = [
        Change(news / "inside" / "a.md", "added"),
        Change(news / "inside" / "deeper" / "b.txt", "added"),
    ]
    assert sorted(watched.changes_until(*wanted), key=str) == wanted


def test_a_folder_moved_away_is_one_deletion_covering_its_files(tmp_path: Path, news: Path):
    article = write(news / "2023" / "10" / "a.md")
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        (news / "2023").rename(tmp_path / "elsewhere")
        gone = Change(news / "2023", "deleted")
        assert running.changes_until(gone) == [gone]
    assert gone.covers(article)
    assert gone.covers(news / "2023")
    assert not gone.covers(news / "2024" / "a.md")
    assert not Change(news / "a.md", "deleted").covers(news / "a.md.bak")


def test_paths_are_reported_as_they_were_named(
    tmp_path: Path, news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Relative, as discover() would name the files under it.
    monkeypatch.chdir(tmp_path)
    with watching([Path("news")]) as running:
        running.wait_until_watching(news / "probe.md", Path("news/probe.md"))
        write(news / "a.md")
        wanted = Change(Path("news/a.md"), "added")
        assert running.changes_until(wanted) == [wanted]


def test_a_file_named_alone_is_reported_but_not_its_neighbours(news: Path) -> None:
    # Named directly, a file counts whatever its ending, as discover() takes it.
    article = write(news / "notes.rst")
    with watching([article]) as running:
        running.wait_until_watching(article)
        write(news / "neighbour.md")
        article.write_text("Changed\n", encoding="utf-8")
        assert running.changes_until(Change(article, "changed")) == [Change(article, "changed")]
        article.unlink()
        assert running.changes_until(Change(article, "deleted")) == [Change(article, "deleted")]


def test_paths_that_do_not_exist_are_ignored(tmp_path: Path, news: Path) -> None:
    with watching([tmp_path / "missing", news]) as running:
        running.wait_until_watching(news / "probe.md")
    with watching([tmp_path / "missing"]) as running:
        running.thread.join(DEADLINE)
        assert not running.thread.is_alive(), "run() with nothing to watch should return"
        assert running.errors == []


def test_stop_ends_run_within_a_second(news: Path) -> None:
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        started = time.monotonic()
        running.watcher.stop()
        running.thread.join(1.0)
        assert not running.thread.is_alive()
        assert time.monotonic() - started < 1.0


def test_stop_before_run_makes_run_return_at_once(news: Path) -> None:
    watcher = FolderWatcher([news])
    watcher.stop()
    started = time.monotonic()
    watcher.run(lambda changes: pytest.fail(f"reported {changes}"))
    assert time.monotonic() - started < 1.0


def test_a_watched_folder_deleted_ends_the_watch_without_raising(news: Path) -> None:
    article = write(news / "sub" / "a.md")
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        shutil.rmtree(news)
        # The files inside may be reported too; the folder's deletion covers them anyway.
        seen = running.changes_until(Change(news, "deleted"))
        assert {change.kind for change in seen} == {"deleted"}
        assert all(change.covers(article) or change.path == article for change in seen)
        running.thread.join(DEADLINE)
        assert not running.thread.is_alive(), "run() should end with nothing left to watch"
    assert running.raised == []
    assert running.errors == [f"{news}: the folder is gone; no longer watching it for changes"]


def test_one_folder_gone_leaves_the_others_watched(tmp_path: Path, news: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    with watching([news, other]) as running:
        running.wait_until_watching(news / "probe.md")
        running.wait_until_watching(other / "probe.md")
        shutil.rmtree(other)
        running.changes_until(Change(other, "deleted"))
        article = write(news / "a.md")
        assert Change(article, "added") in running.changes_until(Change(article, "added"))
        assert running.thread.is_alive()
        assert running.errors == [f"{other}: the folder is gone; no longer watching it for changes"]


UNREADABLE_FOLDER_WATCH = """
import json, os, queue, sys, threading, time
from pathlib import Path
from newsreader.loading.watch import FolderWatcher
news = Path(sys.argv[1])
locked = news / "locked"
batches = queue.Queue()
errors = []
raised = []
watcher = FolderWatcher([news])
def run():
    try:
        watcher.run(batches.put, errors.append)
    except BaseException as error:
        raised.append(repr(error))
thread = threading.Thread(target=run, daemon=True)
thread.start()
probe = news / "probe.md"
reported = False
deadline = time.monotonic() + 5
while not reported and time.monotonic() < deadline:
    probe.write_text("probe " + str(time.monotonic()))
    try:
        batch = batches.get(timeout=0.2)
    except queue.Empty:
        continue
    reported = any(change.path == probe for change in batch)
watcher.stop()
thread.join(5)
print(json.dumps({
    "locked_readable": os.access(locked, os.R_OK),
    "reported": reported,
    "alive_after_stop": thread.is_alive(),
    "raised": raised,
}))
"""


def test_an_unreadable_folder_does_not_stop_the_watch(news: Path) -> None:
    locked = news / "locked"
    write(locked / "a.md")
    os.chmod(locked, 0)
    try:
        # In a process of its own without root's powers, so the folder is unreadable there.
        out = run_python(UNREADABLE_FOLDER_WATCH, str(news), prefix=without_root_powers())
    finally:
        os.chmod(locked, 0o755)
    result = json.loads(out)
    assert result["locked_readable"] is False
    assert result["raised"] == []
    assert result["reported"], "a file beside the unreadable folder was never reported"
    assert result["alive_after_stop"] is False


def test_a_watch_that_fails_says_so_and_starts_again(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The system's notifier failing once (as when the limit on watches is reached for a
    # moment): injected at the library's boundary, the real one is used after that.
    import newsreader.loading.watch as watch_module

    real_watch = watchfiles.watch
    calls: list[int] = []

    def failing_once(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the notifier failed")
        return real_watch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watch_module.watchfiles, "watch", failing_once)
    monkeypatch.setattr(watch_module, "RESTART_PAUSES", (0.05,))
    with watching([news]) as running:
        running.wait_until_watching(news / "probe.md")
        assert any("the notifier failed" in error for error in running.errors), running.errors
        assert any("again" in error for error in running.errors), running.errors
        (news / "late.md").write_text("---\ntitle: Late\n---\n")
        running.changes_until(Change(news / "late.md", "added"))


def test_a_watch_that_keeps_failing_gives_up_and_says_so(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsreader.loading.watch as watch_module

    def always_failing(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the notifier failed")

    monkeypatch.setattr(watch_module.watchfiles, "watch", always_failing)
    monkeypatch.setattr(watch_module, "RESTART_PAUSES", (0.01, 0.01))
    running = Running(FolderWatcher([news]))
    running.thread.start()
    running.thread.join(DEADLINE)
    assert not running.thread.is_alive() and not running.raised
    assert len([error for error in running.errors if "the notifier failed" in error]) == 3
    assert running.errors[-1].endswith("stopped watching")
