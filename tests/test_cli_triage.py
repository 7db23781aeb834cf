"""The installed command's `mark` and `list --query/--sort`, with state in a temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# The ids of the seeds' two articles with front matter (the others are body-only texts).
STATESMAN = "4a3791bca4b2"
TECHCRUNCH = "a915ed0da96f"


def newsreader(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "newsreader"
    return subprocess.run(
        [str(command), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC", **(env or {})},
    )


def listed_ids(*args: str, env: dict[str, str] | None = None) -> list[str]:
    done = newsreader("list", "--json", *args, env=env)
    assert done.returncode == 0, done.stderr
    return [json.loads(line)["id"] for line in done.stdout.splitlines()]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_mark_then_list_by_state_and_a_restart_keeps_it(data: Path) -> None:
    done = newsreader("mark", "read", STATESMAN[:6], "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "marked read: 1 article\n"
    assert (data / "state.sqlite3").is_file()

    listed = newsreader("list", "--query", "is:read", "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("\n") == 1 and f"[{STATESMAN}]" in listed.stdout

    # A second process, later: still read; and the JSON says so.
    records = [
        json.loads(line)
        for line in newsreader("list", "--json", "--data-dir", str(data)).stdout.splitlines()
    ]
    assert {record["id"]: record["read"] for record in records}[STATESMAN] is True
    assert sum(record["read"] for record in records) == 1
    assert STATESMAN not in listed_ids("--query", "is:unread", "--data-dir", str(data))


def test_star_unstar_and_unread(data: Path) -> None:
    folder = ("--data-dir", str(data))
    assert newsreader("mark", "star", STATESMAN, TECHCRUNCH, *folder).returncode == 0
    assert listed_ids("-q", "is:starred", *folder) == [STATESMAN, TECHCRUNCH]
    again = newsreader("mark", "star", TECHCRUNCH, *folder)
    assert again.stdout == "starred: 0 articles (1 already was)\n"
    assert newsreader("mark", "unstar", STATESMAN, *folder).returncode == 0
    assert listed_ids("-q", "is:starred", *folder) == [TECHCRUNCH]
    newsreader("mark", "read", TECHCRUNCH, *folder)
    assert newsreader("mark", "unread", TECHCRUNCH, *folder).stdout == "marked unread: 1 article\n"
    assert listed_ids("-q", "is:read", *folder) == []


def test_the_data_folder_comes_from_the_environment(data: Path) -> None:
    env = {"NEWSREADER_DATA_DIR": str(data)}
    assert newsreader("mark", "read", TECHCRUNCH, env=env).returncode == 0
    assert listed_ids("-q", "is:read", env=env) == [TECHCRUNCH]
    # --data-dir wins over the environment.
    assert listed_ids("-q", "is:read", "--data-dir", str(data / "other"), env=env) == []


def test_unknown_or_ambiguous_ids_change_nothing(data: Path, tmp_path: Path) -> None:
    folder = ("--data-dir", str(data))
    missing = newsreader("mark", "read", TECHCRUNCH, "ffffff", *folder)
    assert missing.returncode == 1
    assert "no article with id 'ffffff'" in missing.stderr
    assert "nothing was changed" in missing.stderr
    assert not data.exists()
    # Two files whose ids share a prefix (the seeds' ids share none, so write some).
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(40):
        (articles / f"{number}.md").write_text(f"Body text number {number} for a prefix test.\n")
    ids = listed_ids(str(articles), *folder)
    prefix = next(
        article_id[:1]
        for article_id in ids
        if sum(other.startswith(article_id[:1]) for other in ids) > 1
    )
    ambiguous = newsreader("mark", "read", prefix, "--path", str(articles), *folder)
    assert ambiguous.returncode == 2
    assert "matches several articles" in ambiguous.stderr
    assert listed_ids(str(articles), "-q", "is:read", *folder) == []


def test_mark_finds_ids_in_the_paths_given(data: Path, tmp_path: Path) -> None:
    article = tmp_path / "story.md"
    article.write_text("---\ntitle: Local story\nwebUrl: https://example.com/local\n---\n")
    [article_id] = listed_ids(str(article), "--data-dir", str(data))
    assert newsreader("mark", "read", article_id, "--data-dir", str(data)).returncode == 1
    done = newsreader("mark", "read", article_id, "--path", str(article), "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert listed_ids(str(article), "-q", "is:read", "--data-dir", str(data)) == [article_id]


def test_a_bad_query_points_at_the_problem(data: Path) -> None:
    done = newsreader("list", "--query", "ai quality:>=lots", "--data-dir", str(data))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "newsreader: bad query: 'quality:' needs a whole number, as in quality:>=80 or quality:<10",
        "  ai quality:>=lots",
        "               ^",
    ]


@pytest.mark.parametrize(
    ("query", "says", "caret"),
    [
        ("(" * 400 + "ai" + ")" * 400, "nested too deeply", 64),
        ("-" * 1000 + "ai", "nested too deeply", 64),
        ("quality:" + "9" * 5000, "too large", 8),
    ],
)
def test_a_hostile_query_is_a_bad_query_not_a_traceback(
    data: Path, query: str, says: str, caret: int
) -> None:
    done = newsreader("list", "--query", query, "--data-dir", str(data))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 3 and says in lines[0]
    assert lines[2] == " " * (caret + 2) + "^"


def test_list_sorts_and_filters_without_creating_state(data: Path) -> None:
    folder = ("--data-dir", str(data))
    assert listed_ids("-q", "provider:techcrunch OR provider:statesman", *folder) == [
        STATESMAN,
        TECHCRUNCH,
    ]
    assert listed_ids("--sort", "quality", *folder)[:2] == [TECHCRUNCH, STATESMAN]  # 86, 38
    assert listed_ids("--sort", "newest", "--reverse", "-q", "date:2023", *folder) == [
        TECHCRUNCH,
        STATESMAN,
    ]
    assert not data.exists()


def test_a_data_dir_that_cannot_be_used_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    done = newsreader("mark", "read", TECHCRUNCH, "--data-dir", str(blocker / "data"))
    assert done.returncode == 1
    assert "Cannot save read/starred marks" in done.stderr
