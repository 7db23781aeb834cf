"""`newsreader tag`, `untag`, `sync [--compact]` and tags in `list --json`, run as installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS

NEWSREADER = Path(sys.executable).parent / "newsreader"
TECHCRUNCH = "a915ed0da96f"
STATESMAN = "4a3791bca4b2"


def newsreader(
    *args: str | Path, data: Path, sync: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NEWSREADER_DATA_DIR=str(data), TZ="UTC")
    env.pop("NEWSREADER_SYNC_DIR", None)
    if sync is not None:
        env["NEWSREADER_SYNC_DIR"] = str(sync)
    return subprocess.run(
        [str(NEWSREADER), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=data.parent,
    )


def tags_listed(data: Path, sync: Path | None = None, query: str = "") -> dict[str, list[str]]:
    done = newsreader("list", "--json", "-q", query, SEEDS, data=data, sync=sync)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    return {record["id"]: record["tags"] for record in records}


def test_tag_and_untag_by_id_prefix_show_in_list_json_and_tag_queries(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = newsreader("tag", TECHCRUNCH[:6], "Later", "--path", SEEDS, data=data)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"tagged #Later: {TECHCRUNCH} ")
    # Another case names the same tag, and says so.
    again = newsreader("tag", TECHCRUNCH, "later", "--path", SEEDS, data=data)
    assert again.returncode == 0 and again.stdout.startswith("already tagged #Later")
    newsreader("tag", STATESMAN, "work", "--path", SEEDS, data=data)
    listed = tags_listed(data)
    assert listed[TECHCRUNCH] == ["Later"] and listed[STATESMAN] == ["work"]
    assert sum(1 for tags in listed.values() if not tags) == len(listed) - 2
    assert list(tags_listed(data, query="tag:later")) == [TECHCRUNCH]
    lines = newsreader("list", SEEDS, data=data).stdout.splitlines()
    assert next(line for line in lines if TECHCRUNCH in line).endswith(f"[{TECHCRUNCH}]  #Later")
    assert list(tags_listed(data, query="-tag:later tag:WORK")) == [STATESMAN]
    done = newsreader("untag", TECHCRUNCH, "Later", "--path", SEEDS, data=data)
    assert done.returncode == 0 and done.stdout.startswith("untagged #Later")
    assert tags_listed(data, query="tag:later") == {}


def test_bad_names_and_unknown_ids_change_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = newsreader("tag", TECHCRUNCH, "two words", "--path", SEEDS, data=data)
    assert done.returncode == 2 and "no spaces" in done.stderr
    done = newsreader("tag", "ffffffff", "later", "--path", SEEDS, data=data)
    assert done.returncode == 1 and "no article with id" in done.stderr
    assert not data.exists()


def test_without_a_sync_folder_nothing_is_written_for_syncing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert newsreader("mark", "read", TECHCRUNCH, "--path", SEEDS, data=data).returncode == 0
    assert newsreader("tag", TECHCRUNCH, "later", "--path", SEEDS, data=data).returncode == 0
    assert (data / "state.sqlite3").is_file()
    assert not (data / "sync.sqlite3").exists()  # no bookkeeping, no machine id, no log
    done = newsreader("sync", data=data)
    assert done.returncode == 2 and "sync_dir" in done.stderr


def test_two_data_folders_share_marks_and_compaction_keeps_them(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    for _round in range(3):
        newsreader("tag", TECHCRUNCH, "later", "--path", SEEDS, data=laptop, sync=folder)
        newsreader("untag", TECHCRUNCH, "later", "--path", SEEDS, data=laptop, sync=folder)
    newsreader("mark", "star", STATESMAN, "--path", SEEDS, data=laptop, sync=folder)
    newsreader("tag", STATESMAN, "keep", "--path", SEEDS, data=desktop, sync=folder)
    logs = sorted(folder.glob("marks-*.jsonl"))
    assert len(logs) == 2
    shared = tags_listed(desktop, sync=folder)
    assert shared == tags_listed(laptop, sync=folder)
    assert shared[STATESMAN] == ["keep"] and shared[TECHCRUNCH] == []

    (own,) = [log for log in logs if len(log.read_text().splitlines()) == 7]
    done = newsreader("sync", "--compact", data=laptop, sync=folder)
    assert done.returncode == 0, done.stderr
    assert f"compacted {own}: 7 lines -> 2" in done.stdout
    assert len(own.read_text().splitlines()) == 2
    fresh = tmp_path / "fresh"
    assert tags_listed(fresh, sync=folder) == shared
    starred = newsreader("list", "--json", "-q", "is:starred", SEEDS, data=fresh, sync=folder)
    assert [json.loads(line)["id"] for line in starred.stdout.splitlines()] == [STATESMAN]
    # Listing merges in memory: the fresh data folder is not made.
    assert not fresh.exists()


def test_an_unreadable_line_is_reported_on_stderr(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    (folder / "marks-broken.jsonl").write_text("not json at all\n")
    done = newsreader("sync", data=tmp_path / "data", sync=folder)
    assert done.returncode == 0
    assert f"{folder / 'marks-broken.jsonl'}:1: not a JSON object" in done.stderr
    again = newsreader("sync", data=tmp_path / "data", sync=folder)
    assert "marks-broken" not in again.stderr  # once


def test_a_sync_folder_that_cannot_be_written_is_reported_and_marks_are_kept(
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "sync"
    not_a_folder.write_text("")
    data = tmp_path / "data"
    done = newsreader("mark", "star", TECHCRUNCH, "--path", SEEDS, data=data, sync=not_a_folder)
    assert done.returncode == 0  # saved here, and written there once it can be
    assert "Cannot write to the sync folder" in done.stderr
    not_a_folder.unlink()
    not_a_folder.mkdir()
    done = newsreader("sync", data=data, sync=not_a_folder)
    assert done.returncode == 0, done.stderr
    (log,) = not_a_folder.glob("marks-*.jsonl")
    assert json.loads(log.read_text().splitlines()[-1])["op"] == "star"


def test_sync_says_how_many_articles_changed_here(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    line = '{"at":"2026-01-01T00:00:00.000000Z","counter":%d,"article":"%s","op":"star"}\n'
    (folder / "marks-other.jsonl").write_text(line % (1, TECHCRUNCH) + line % (2, STATESMAN))
    done = newsreader("sync", data=tmp_path / "data", sync=folder)
    assert done.returncode == 0, done.stderr
    assert f"marks merged from {folder}: 2 articles changed here" in done.stdout
    again = newsreader("sync", data=tmp_path / "data", sync=folder)
    assert ": 0 articles changed here" in again.stdout
