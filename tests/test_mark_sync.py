"""Marks and tags carried between machines through a sync folder: real git clones in temp
folders, a plainly copied folder, damaged lines, an unwritable folder, kill -9, compaction."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_python, without_root_powers

from newsreader.core import mark_sync
from newsreader.core.mark_log import log_name, logs_in, parse_line
from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import StateStore

REPO = Path(__file__).resolve().parent.parent
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


class Machine:
    """A data folder of its own, syncing through `folder`."""

    def __init__(self, data: Path, folder: Path) -> None:
        self.data = data
        self.folder = folder
        self.state = StateStore.open(data)
        self.sync = MarkSync.open(self.state, folder, data)

    def marks(self) -> list[tuple[str, str, str | None]]:
        """Every mark set, as (article, mark, tag), sorted."""
        return sorted((c.article, c.mark, c.tag) for c, _at in self.state.current_marks())

    def close(self) -> None:
        self.sync.close()
        self.state.close()


@pytest.fixture
def git_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which git reads no user's or system's settings."""
    home = tmp_path / "git-home"
    home.mkdir()
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}


def git(folder: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def commit(folder: Path, env: dict[str, str], message: str) -> None:
    git(folder, env, "add", "-A")
    if git(folder, env, "status", "--porcelain").strip():
        git(folder, env, "commit", "-q", "-m", message)


def pull(folder: Path, env: dict[str, str]) -> None:
    git(folder, env, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    # A pull that stopped on a conflict leaves markers; a merge of separate files never does.
    assert not git(folder, env, "diff", "--name-only", "--diff-filter=U").strip()


def push(folder: Path, env: dict[str, str]) -> None:
    git(folder, env, "push", "-q", "origin", "HEAD:main")


@pytest.fixture
def clones(tmp_path: Path, git_env: dict[str, str]) -> tuple[Path, Path]:
    """Two clones of one bare repository, which holds a first commit."""
    bare = tmp_path / "marks.git"
    git(tmp_path, git_env, "init", "-q", "--bare", "--initial-branch=main", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, git_env, "clone", "-q", str(bare), str(seed))
    for clone in (seed,):
        git(clone, git_env, "config", "user.name", "Seed")
        git(clone, git_env, "config", "user.email", "seed@example.invalid")
    (seed / "README").write_text("newsreader marks\n")
    git(seed, git_env, "checkout", "-q", "-b", "main")
    commit(seed, git_env, "start")
    push(seed, git_env)
    folders = []
    for name in ("laptop", "desktop"):
        clone = tmp_path / f"sync-{name}"
        git(tmp_path, git_env, "clone", "-q", "--branch", "main", str(bare), str(clone))
        git(clone, git_env, "config", "user.name", name)
        git(clone, git_env, "config", "user.email", f"{name}@example.invalid")
        folders.append(clone)
    return folders[0], folders[1]


@pytest.fixture
def two_machines(tmp_path: Path, clones: tuple[Path, Path]) -> Iterator[tuple[Machine, Machine]]:
    laptop = Machine(tmp_path / "data-laptop", clones[0])
    desktop = Machine(tmp_path / "data-desktop", clones[1])
    yield laptop, desktop
    laptop.close()
    desktop.close()


def carry(order: str, laptop: Machine, desktop: Machine, env: dict[str, str]) -> None:
    """Commit on both, then pull and push in the order given, then merge on both."""
    commit(laptop.folder, env, "laptop marks")
    commit(desktop.folder, env, "desktop marks")
    first, second = (laptop, desktop) if order == "laptop first" else (desktop, laptop)
    pull(first.folder, env)
    push(first.folder, env)
    pull(second.folder, env)
    push(second.folder, env)
    pull(first.folder, env)
    laptop.sync.merge()
    desktop.sync.merge()


@needs_git
@pytest.mark.parametrize("order", ["laptop first", "desktop first"])
def test_marks_made_on_two_clones_merge_without_conflict_and_agree(
    two_machines: tuple[Machine, Machine], git_env: dict[str, str], order: str
) -> None:
    laptop, desktop = two_machines
    laptop.state.set_read(["a1", "a2"], True)
    laptop.state.set_tag(["a1"], "later", True)
    desktop.state.set_starred(["a3"], True)
    desktop.state.set_tag(["a3"], "work", True)
    # The desktop reads a2 too and then marks it unread, after the laptop read it: that
    # later change wins.
    desktop.state.set_read(["a2"], True)
    desktop.state.set_read(["a2"], False)
    carry(order, laptop, desktop, git_env)
    assert laptop.marks() == desktop.marks()
    assert laptop.state.read_ids() == {"a1"}
    assert laptop.state.starred_ids() == {"a3"}
    assert laptop.state.tags_of("a1") == ("later",) and laptop.state.tags_of("a3") == ("work",)

    # A second round, in the other order: both change the same marks without seeing each
    # other's changes; each time the later one wins.
    desktop.state.set_tag(["a1"], "later", False)
    desktop.state.set_tag(["a1"], "done", True)
    laptop.state.set_read(["a1"], False)
    laptop.state.set_starred(["a3"], False)
    desktop.state.set_starred(["a3"], False)
    desktop.state.set_starred(["a3"], True)
    desktop.state.set_read(["a1"], False)
    desktop.state.set_read(["a1"], True)
    laptop.state.set_tag(["a3"], "work", False)
    carry("desktop first" if order == "laptop first" else "laptop first", laptop, desktop, git_env)
    assert laptop.marks() == desktop.marks()
    assert laptop.state.read_ids() == {"a1"}
    assert laptop.state.starred_ids() == {"a3"}
    assert laptop.state.tags_of("a1") == ("done",) and laptop.state.tags_of("a3") == ()
    # Each machine wrote only its own file; both are in each clone.
    names = {path.name for path in logs_in(laptop.folder)}
    assert names == {log_name(laptop.sync.machine), log_name(desktop.sync.machine)}


@needs_git
def test_a_change_made_after_seeing_another_wins_even_against_a_clock_ahead(
    two_machines: tuple[Machine, Machine], git_env: dict[str, str]
) -> None:
    laptop, desktop = two_machines
    # The desktop's clock runs an hour ahead: its line says so.
    ahead = time.time() + 3600
    line = {"at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(ahead))}
    line |= {"counter": 1, "article": "b1", "op": "star"}
    (desktop.folder / log_name("fastclock")).write_text(json.dumps(line) + "\n")
    carry("desktop first", laptop, desktop, git_env)
    assert laptop.state.starred_ids() == {"b1"}
    # The laptop unstars it afterwards, with its own (slower) clock: that still wins.
    laptop.state.set_starred(["b1"], False)
    carry("laptop first", laptop, desktop, git_env)
    assert laptop.state.starred_ids() == desktop.state.starred_ids() == set()


def test_the_same_through_a_plainly_copied_folder(tmp_path: Path) -> None:
    folders = [tmp_path / "sync-one", tmp_path / "sync-two"]
    for folder in folders:
        folder.mkdir()
    one = Machine(tmp_path / "data-one", folders[0])
    two = Machine(tmp_path / "data-two", folders[1])

    def copy_across() -> None:
        # As a file sync does: each file goes from where it changed to the other folder.
        for machine, target in ((one, folders[1]), (two, folders[0])):
            shutil.copy(machine.sync.path, target / machine.sync.path.name)
        one.sync.merge()
        two.sync.merge()

    one.state.set_read(["c1", "c2"], True)
    one.state.set_tag(["c1"], "later", True)
    two.state.set_read(["c1"], True)
    two.state.set_read(["c1"], False)  # the latest change of c1's read mark
    two.state.set_starred(["c2"], True)
    copy_across()
    assert one.marks() == two.marks()
    assert one.state.read_ids() == {"c2"}
    assert two.state.tags_of("c1") == ("later",) and two.state.starred_ids() == {"c2"}
    two.state.set_tag(["c1"], "later", False)
    one.state.set_read(["c1"], True)
    copy_across()
    copy_across()  # copying again changes nothing
    assert one.marks() == two.marks()
    assert one.state.read_ids() == {"c1", "c2"} and one.state.tags_of("c1") == ()
    one.close()
    two.close()


def test_marks_made_before_syncing_began_take_part(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    with StateStore.open(tmp_path / "data-old") as state:
        state.set_read(["d1"], True)
        state.set_tag(["d1"], "kept", True)
    old = Machine(tmp_path / "data-old", folder)
    new = Machine(tmp_path / "data-new", folder)
    new.sync.merge()
    assert new.state.read_ids() == {"d1"} and new.state.tags_of("d1") == ("kept",)
    old.close()
    new.close()


def test_a_damaged_line_is_skipped_and_reported_once(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    other = folder / log_name("othermachine")
    good = '{"at":"2026-01-01T00:00:00.000000Z","counter":%d,"article":"%s","op":"read"}\n'
    other.write_text(good % (1, "e1") + "{not json\n" + good % (2, "e2"))
    machine = Machine(tmp_path / "data", folder)
    assert machine.sync.merge() == ["e1", "e2"]
    warnings = machine.sync.take_warnings()
    assert len(warnings) == 1 and f"{other}:2" in warnings[0]
    with other.open("a") as stream:
        stream.write(good % (3, "e3"))
    machine.sync.merge()
    assert machine.state.read_ids() == {"e1", "e2", "e3"}
    assert machine.sync.take_warnings() == []
    machine.close()
    # Not again after a restart either, even when the file is read from the start again.
    other.write_text(other.read_text() + "")
    os.utime(other, ns=(0, 0))
    again = Machine(tmp_path / "data", folder)
    again.sync.merge()
    assert again.sync.take_warnings() == []
    again.close()


def test_a_line_cut_short_by_a_crash_stays_on_its_own(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    machine = Machine(tmp_path / "data", folder)
    machine.state.set_read(["f1"], True)
    with machine.sync.path.open("ab") as stream:
        stream.write(b'{"at":"2026-01-01T00:0')  # what a crash mid-write would leave
    machine.state.set_read(["f2"], True)
    lines = machine.sync.path.read_bytes().splitlines()
    assert parse_line(lines[0]).change.article == "f1"
    assert parse_line(lines[-1]).change.article == "f2"
    reader = Machine(tmp_path / "data-reader", folder)
    reader.sync.merge()
    assert reader.state.read_ids() == {"f1", "f2"}
    assert len(reader.sync.take_warnings()) == 1
    machine.close()
    reader.close()


def test_kill_9_while_marking_leaves_a_log_that_reads(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    script = f"""
import sys
sys.path.insert(0, {str(REPO / "tests")!r})
from pathlib import Path
from newsreader.core.marks import StateStore
from newsreader.core.mark_sync import MarkSync
state = StateStore.open(Path({str(tmp_path / "data")!r}))
sync = MarkSync.open(state, Path({str(folder)!r}), Path({str(tmp_path / "data")!r}))
number = 0
while True:
    state.set_read([f"g{{number}}"], True)
    state.set_tag([f"g{{number}}"], "seen", True)
    number += 1
    if number == 20:
        print("going", flush=True)
"""
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "going"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reader = Machine(tmp_path / "data-reader", folder)
    reader.sync.merge()
    assert reader.sync.take_warnings() == []  # every complete line reads
    assert len(reader.state.read_ids()) >= 20
    # The killed machine, started again, agrees with what its log says: a change is written
    # to the log before it commits, and a merge sets one the crash kept from committing.
    killed = Machine(tmp_path / "data", folder)
    killed.sync.merge()
    assert killed.marks() == reader.marks()
    killed.close()
    reader.close()


def test_an_unwritable_sync_folder_keeps_marks_here_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    data = tmp_path / "data"
    folder.chmod(0o555)
    try:
        output = run_python(
            f"""
            import json
            from pathlib import Path
            from newsreader.core.marks import StateStore
            from newsreader.core.mark_sync import MarkSync
            state = StateStore.open(Path({str(data)!r}))
            sync = MarkSync.open(state, Path({str(folder)!r}), Path({str(data)!r}))
            state.set_read(["h1"], True)
            state.set_tag(["h1"], "offline", True)
            read = sorted(state.read_ids())
            print(json.dumps({{"read": read, "warnings": sync.take_warnings()}}))
            """,
            prefix=without_root_powers(),
        )
    finally:
        folder.chmod(0o755)
    result = json.loads(output)
    assert result["read"] == ["h1"]
    assert len(result["warnings"]) == 1
    assert "Cannot write to the sync folder" in result["warnings"][0]
    assert not list(folder.iterdir())
    # Once the folder can be written, what was kept goes out, and another machine sees it.
    machine = Machine(data, folder)
    machine.sync.merge()
    other = Machine(tmp_path / "data-other", folder)
    other.sync.merge()
    assert other.state.read_ids() == {"h1"} and other.state.tags_of("h1") == ("offline",)
    machine.close()
    other.close()


def test_compaction_keeps_the_state_and_drops_what_was_overtaken(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    machine = Machine(tmp_path / "data", folder)
    for _round in range(5):
        machine.state.set_read(["i1", "i2"], True)
        machine.state.set_read(["i1", "i2"], False)
        machine.state.toggle_tag("i1", "maybe")
    machine.state.set_starred(["i3"], True)
    before = machine.marks()
    done = machine.sync.compact()
    assert done.lines_before == 26 and done.lines_after == 4
    assert [parse_line(line).change.article for line in machine.sync.path.read_bytes().splitlines()]
    assert machine.marks() == before
    machine.sync.merge()
    assert machine.marks() == before
    fresh = Machine(tmp_path / "data-fresh", folder)
    fresh.sync.merge()
    assert fresh.marks() == before
    machine.close()
    fresh.close()


def test_a_clock_far_ahead_neither_breaks_nor_drags_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    line = '{"at":"%s","counter":1,"article":"%s","op":"star"}\n'
    (folder / log_name("future")).write_text(
        line % ("2500-01-01T00:00:00.000000Z", "k1") + line % ("9999-12-31T23:59:59.999999Z", "k2")
    )
    machine = Machine(tmp_path / "data", folder)
    machine.sync.merge()
    assert machine.state.starred_ids() == {"k1"}  # the year 9999 is no time a clock gives
    assert "out of range" in machine.sync.take_warnings()[0]
    # Unstarring after seeing the star wins over it, and other marks keep today's time.
    machine.state.set_starred(["k1"], False)
    machine.state.set_read(["k3"], True)
    entries = [parse_line(raw) for raw in machine.sync.path.read_bytes().splitlines()]
    assert entries[0].at.year == 2500
    assert abs(entries[1].at.timestamp() - time.time()) < 60
    other = Machine(tmp_path / "data-other", folder)
    other.sync.merge()
    assert other.marks() == machine.marks() == [("k3", "read", None)]
    machine.close()
    other.close()


@needs_git
def test_a_pull_over_marks_not_yet_committed_needs_no_merge_of_them(
    two_machines: tuple[Machine, Machine], git_env: dict[str, str]
) -> None:
    laptop, desktop = two_machines
    laptop.state.set_read(["m1"], True)
    commit(laptop.folder, git_env, "laptop marks")
    push(laptop.folder, git_env)
    # The desktop marks (its own file changes, uncommitted), then pulls, then commits.
    desktop.state.set_starred(["m1"], True)
    pull(desktop.folder, git_env)
    desktop.sync.merge()
    commit(desktop.folder, git_env, "desktop marks")
    push(desktop.folder, git_env)
    pull(laptop.folder, git_env)
    laptop.sync.merge()
    assert laptop.marks() == desktop.marks() == [("m1", "read", None), ("m1", "star", None)]


def test_a_log_replaced_by_a_link_leads_no_write_out_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("not newsreader's\n")
    machine = Machine(tmp_path / "data", folder)
    machine.sync.path.symlink_to(outside)
    machine.state.set_read(["l1"], True)
    assert outside.read_text() == "not newsreader's\n"
    assert machine.state.read_ids() == {"l1"}  # kept here
    assert "Cannot write to the sync folder" in machine.sync.take_warnings()[0]
    # Nor is the link read as a log.
    other = Machine(tmp_path / "data-other", folder)
    other.sync.merge()
    assert other.marks() == []
    machine.close()
    other.close()


def test_a_log_too_large_to_be_one_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mark_sync, "MAX_LOG_BYTES", 1000)
    folder = tmp_path / "sync"
    folder.mkdir()
    line = '{"at":"2026-01-01T00:00:00.000000Z","counter":%d,"article":"n%d","op":"read"}\n'
    (folder / log_name("huge")).write_text("".join(line % (n, n) for n in range(100)))
    machine = Machine(tmp_path / "data", folder)
    assert machine.sync.merge() == []
    assert "is not read" in machine.sync.take_warnings()[0]
    machine.close()
