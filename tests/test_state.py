"""Read and starred state: persistence, two processes, damaged files, read-only folders, kill -9."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_python, without_root_powers

from newsreader.core.marks import STATE_FILE, StateStore

REPO = Path(__file__).resolve().parent.parent


def test_marks_survive_a_restart(tmp_path: Path) -> None:
    with StateStore.open(tmp_path) as store:
        assert store.warning is None and store.is_persistent
        assert store.mark_read(["a", "b"]) == ["a", "b"]
        assert store.set_starred(["b", "c"], True) == ["b", "c"]
    with StateStore.open(tmp_path) as store:
        assert store.read_ids() == {"a", "b"}
        assert store.starred_ids() == {"b", "c"}
        assert store.is_read("a") and not store.is_read("c")
        assert store.is_starred("c") and not store.is_starred("a")
    assert (tmp_path / STATE_FILE).is_file()


def test_bulk_marking_returns_what_changed_so_it_can_be_undone(tmp_path: Path) -> None:
    with StateStore.open(tmp_path) as store:
        store.mark_read(["a"])
        changed = store.mark_read(["c", "a", "b", "c"])
        assert changed == ["c", "b"]  # "a" was read already; repeats count once
        assert store.read_ids() == {"a", "b", "c"}
        assert store.set_read(changed, False) == ["c", "b"]
        assert store.read_ids() == {"a"}
        assert store.mark_unread(["a", "z"]) == ["a"]
        assert store.set_starred([], True) == []


def test_toggles_return_the_new_value(tmp_path: Path) -> None:
    with StateStore.open(tmp_path) as store:
        assert store.toggle_read("a") is True
        assert store.toggle_read("a") is False
        assert store.toggle_starred("a") is True
    with StateStore.open(tmp_path) as store:
        assert not store.is_read("a") and store.is_starred("a")


def test_reload_sees_another_process_and_writes_decide_on_fresh_state(tmp_path: Path) -> None:
    mine = StateStore.open(tmp_path)
    theirs = StateStore.open(tmp_path)
    assert mine.reload() is False
    run_python(
        """
        import sys
        from pathlib import Path
        from newsreader.core.marks import StateStore
        StateStore.open(Path(sys.argv[1])).mark_read(["from-elsewhere"])
        """,
        str(tmp_path),
    )
    assert not mine.is_read("from-elsewhere")
    assert mine.reload() is True
    assert mine.is_read("from-elsewhere")
    assert mine.reload() is False
    # `theirs` has not reloaded, but a toggle still flips what is on disk, not what it last saw.
    assert theirs.toggle_read("from-elsewhere") is False
    assert mine.reload() and not mine.is_read("from-elsewhere")
    mine.close()
    theirs.close()


WRITER = """
import sys, time
from pathlib import Path
from newsreader.core.marks import StateStore
folder, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = StateStore.open(folder)
assert store.warning is None, store.warning
print("ready", flush=True)
while not (folder / "go").exists():
    time.sleep(0.005)
for number in range(count):
    store.mark_read([f"{name}-{number}"])
    store.toggle_starred("shared")
print("done", flush=True)
"""


def test_two_processes_write_side_by_side(tmp_path: Path) -> None:
    watcher = StateStore.open(tmp_path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name, "400"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for name in ("left", "right")
    ]
    for writer in writers:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
    (tmp_path / "go").touch()
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert out == "done\n"
    assert watcher.reload()
    expected = {f"{name}-{number}" for name in ("left", "right") for number in range(400)}
    assert watcher.read_ids() == expected
    # 800 toggles in all, each made against the latest state: back to unstarred.
    assert not watcher.is_starred("shared")
    watcher.close()


def test_a_file_that_is_not_a_database_is_kept_aside(tmp_path: Path) -> None:
    damaged = b"this is not SQLite\n" * 100
    (tmp_path / STATE_FILE).write_bytes(damaged)
    store = StateStore.open(tmp_path)
    assert store.is_persistent
    assert store.warning is not None and "damaged" in store.warning
    kept = list(tmp_path.glob(f"{STATE_FILE}.damaged-*"))
    assert len(kept) == 1 and kept[0].name in store.warning
    assert kept[0].read_bytes() == damaged
    assert store.take_warning() is not None
    assert store.take_warning() is None
    store.mark_read(["a"])
    store.close()
    with StateStore.open(tmp_path) as again:
        assert again.warning is None and again.read_ids() == {"a"}


def test_a_malformed_database_is_kept_aside_and_never_overwritten(tmp_path: Path) -> None:
    with StateStore.open(tmp_path) as store:
        store.mark_read([f"article-{number:05d}" for number in range(3000)])
    path = tmp_path / STATE_FILE
    # Keep SQLite's header, scribble over the pages of the table.
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))
    store = StateStore.open(tmp_path)
    assert store.warning is not None and "damaged" in store.warning
    assert store.read_ids() == set()
    store.close()
    # Damaged twice in the same second: the second copy gets its own name.
    path.write_bytes(b"garbage" * 10)
    StateStore.open(tmp_path).close()
    kept = sorted(tmp_path.glob(f"{STATE_FILE}.damaged-*"))
    assert len(kept) == 2
    assert {file.read_bytes() for file in kept} == {bytes(data), b"garbage" * 10}


def test_a_folder_that_cannot_be_made_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = StateStore.open(blocker / "data")
    assert not store.is_persistent
    assert store.warning is not None and "Cannot save" in store.warning
    assert store.mark_read(["a"]) == ["a"] and store.is_read("a")


def test_a_state_path_that_is_a_folder_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).mkdir()
    store = StateStore.open(tmp_path)
    assert not store.is_persistent and store.warning is not None
    assert (tmp_path / STATE_FILE).is_dir()
    assert not list(tmp_path.glob("*.damaged-*"))


def test_not_creating_leaves_a_missing_file_missing(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path / "data", create=False)
    assert store.warning is None and store.read_ids() == set()
    assert not (tmp_path / "data").exists()


READ_ONLY_CHECK = """
import json, sys
from pathlib import Path
from newsreader.core.marks import StateStore
folder = Path(sys.argv[1])
try:
    (folder / "probe").write_text("x")
    print(json.dumps("writable"))
    raise SystemExit(0)
except PermissionError:
    pass
store = StateStore.open(folder)
before = sorted(store.read_ids())
changed = store.mark_read(["new"])
print(json.dumps({
    "warning": store.warning,
    "persistent": store.is_persistent,
    "before": before,
    "changed": changed,
    "after": sorted(store.read_ids()),
}))
"""


@pytest.mark.parametrize("with_file", [True, False])
def test_a_read_only_folder_gives_marks_in_memory(tmp_path: Path, with_file: bool) -> None:
    import json

    folder = tmp_path / "data"
    if with_file:
        with StateStore.open(folder) as store:
            store.mark_read(["old"])
    else:
        folder.mkdir()
    saved = sorted(path.name for path in folder.iterdir())
    folder.chmod(0o555)
    try:
        out = run_python(READ_ONLY_CHECK, str(folder), prefix=without_root_powers())
    finally:
        folder.chmod(0o755)
    result = json.loads(out)
    if result == "writable":
        pytest.skip("cannot make a folder read-only here")
    assert not result["persistent"]
    assert "Cannot save" in result["warning"]
    assert result["before"] == (["old"] if with_file else [])
    assert result["changed"] == ["new"]
    assert result["after"] == (["new", "old"] if with_file else ["new"])
    assert sorted(path.name for path in folder.iterdir()) == saved


KILLED_WRITER = """
import sys
from pathlib import Path
from newsreader.core.marks import StateStore
store = StateStore.open(Path(sys.argv[1]))
number = 0
while True:
    # Single marks and bulk ones, each reported only once committed.
    store.mark_read([f"one-{number}"])
    store.set_starred([f"one-{number}"], number % 2 == 0)
    store.mark_read([f"bulk-{number}-{part}" for part in range(20)])
    print(number, flush=True)
    number += 1
"""


def test_kill_9_during_a_burst_of_writes_loses_nothing_reported_done(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert writer.stdout is not None
    reported: list[int] = []
    # Enough writes to be in the middle of a burst; on a busy disk each can take a while.
    deadline = time.monotonic() + 30
    while len(reported) < 300 and time.monotonic() < deadline:
        line = writer.stdout.readline()
        assert line, writer.stderr.read() if writer.stderr else "writer stopped"
        reported.append(int(line))
    writer.send_signal(signal.SIGKILL)
    # Read through the same buffered stream: `communicate` reads the pipe itself, missing
    # the lines `readline` has already taken into its buffer.
    rest = writer.stdout.read()
    assert writer.wait(timeout=30) == -signal.SIGKILL
    reported += [int(line) for line in rest.split()]
    assert len(reported) >= 20

    with sqlite3.connect(tmp_path / STATE_FILE) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = StateStore.open(tmp_path)
    assert store.warning is None
    read, starred = store.read_ids(), store.starred_ids()
    for number in reported:
        assert f"one-{number}" in read
        assert (f"one-{number}" in starred) == (number % 2 == 0)
        assert all(f"bulk-{number}-{part}" in read for part in range(20))
    # Nothing beyond the write in flight when the signal came.
    last = reported[-1]
    assert {f"one-{number}" for number in range(last + 2)} >= {
        article_id for article_id in read if article_id.startswith("one-")
    }
    bulk = [article_id for article_id in read if article_id.startswith("bulk-")]
    assert len(bulk) in (20 * (last + 1), 20 * (last + 2))
    store.close()
