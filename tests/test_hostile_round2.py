"""Hostile files and folders, second round: each case loads, lists and shows without harm."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import installed_command

from newsreader.loading.article_file import load_file
from newsreader.loading.discover import discover
from newsreader.model.records import Article, Problem


def run(*args: str | Path, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NEWSREADER_DATA_DIR=str(cwd / "data"), TZ="UTC")
    return subprocess.run(
        [str(installed_command()), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# Numbers YAML 1.1 builds beyond any sense ---------------------------------------------------

HUGE_NUMBERS = {
    "hex": "0x" + "f" * 4000,
    "binary": "0b" + "1" * 20000,
    "octal": "0o" + "7" * 6000,
    "sexagesimal": ":".join(["59"] * 3000),
    "decimal": "9" * 5000,
    "beyond_range": "123456789012345678",
    "float": "1.0e+300",
}


@pytest.mark.parametrize("written", HUGE_NUMBERS.values(), ids=HUGE_NUMBERS.keys())
def test_a_huge_number_is_a_note_and_the_article_lists_and_shows(
    tmp_path: Path, written: str
) -> None:
    (tmp_path / "news").mkdir()
    path = tmp_path / "news" / "huge.md"
    path.write_text(
        f"---\ntitle: Huge\nheat: {written}\nquality: {written}\nextra: {written}\n"
        f"topics:\n  - {written}\n---\n"
    )
    article = load_file(path)
    assert isinstance(article, Article)
    assert article.heat is None and article.quality is None
    assert any("heat" in note.reason and "out of range" in note.reason for note in article.notes), (
        article.notes
    )
    listed = run("list", "--json", tmp_path / "news", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    [record] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert record["title"] == "Huge" and record["heat"] is None
    shown = run("show", record["id"], tmp_path / "news", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Huge" in shown.stdout


# Words YAML 1.1 reads as true/false ----------------------------------------------------------


@pytest.mark.parametrize("word", ["No", "Yes", "On", "off", "y", "N", "NO"])
def test_a_title_of_yes_no_on_or_off_is_the_word_written(tmp_path: Path, word: str) -> None:
    path = tmp_path / "word.md"
    path.write_text(
        f"---\ntitle: {word}\nexcerpt: {word}\nprovider:\n  name: {word}\n"
        f"topics:\n  - {word}\npublished: true\n---\n"
    )
    article = load_file(path)
    assert isinstance(article, Article)
    assert article.title == word
    assert article.excerpt == word
    assert article.provider is not None and article.provider.name == word
    assert article.topics == (word,)
    assert not article.notes


@pytest.mark.parametrize(
    ("written", "published"), [("yes", True), ("on", True), ("No", False), ("false", False)]
)
def test_published_still_reads_the_yes_and_no_words(
    tmp_path: Path, written: str, published: bool
) -> None:
    path = tmp_path / "p.md"
    path.write_text(f"---\ntitle: T\npublished: {written}\n---\n")
    article = load_file(path)
    assert isinstance(article, Article)
    assert article.is_published is published


# Files that are not regular, or have nothing to read ----------------------------------------


def drained_kmsg() -> bool:
    """Whether /proc/kmsg can be read here (as root), read until it has nothing left."""
    try:
        descriptor = os.open("/proc/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        while os.read(descriptor, 65536):
            pass
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_a_link_to_a_proc_file_with_nothing_to_read_is_a_problem(tmp_path: Path) -> None:
    if not drained_kmsg():
        pytest.skip("/proc/kmsg cannot be read here (needs root)")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "kernel.md").symlink_to("/proc/kmsg")
    (tmp_path / "news" / "good.md").write_text("---\ntitle: Good\n---\n")
    result = load_file(tmp_path / "news" / "kernel.md")
    # A kernel message arriving meanwhile would be read as a (body-only) article.
    assert isinstance(result, Problem | Article)
    if isinstance(result, Problem):
        assert "nothing to read" in result.reason
    drained_kmsg()
    listed = run("list", tmp_path / "news", "--no-cache", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "Good" in listed.stdout


RAW_VIEW_OF = """
import sys
from pathlib import Path
from newsreader.core.source_file import raw_text
print(raw_text(Path(sys.argv[1])))
"""


def test_the_raw_view_of_a_file_that_became_a_named_pipe_does_not_wait(tmp_path: Path) -> None:
    from conftest import run_python

    path = tmp_path / "story.md"
    os.mkfifo(path)
    shown = run_python(RAW_VIEW_OF, str(path), timeout=30)
    assert "named pipe" in shown and str(path) in shown
    path.unlink()
    path.write_text("---\ntitle: T\n---\n")
    assert run_python(RAW_VIEW_OF, str(path), timeout=30).startswith("---\ntitle: T")


# URLs: entities decoded before cleaning ------------------------------------------------------

ENCODED = "&#x202e;&#x2066;&#10;&#9;&#12;&#x200b;&#x200e;&#x200f;&#x61c;&#8207;&#x1b;[31m"
UNWANTED = set("\u202e\u2066\n\t\x0c\u200b\u200e\u200f\u061c\x1b")


def test_entities_in_urls_never_become_control_or_invisible_characters(tmp_path: Path) -> None:
    from newsreader.text.urls import tidy_url

    assert tidy_url(f"https://a.example/x{ENCODED}y&amp;z") == "https://a.example/x [31my&z"
    (tmp_path / "news").mkdir()
    path = tmp_path / "news" / "links.md"
    path.write_text(
        "---\ntitle: Links\n"
        f'originalUrl: "https://a.example/{ENCODED}story"\n'
        "related:\n"
        f'  - title: Other\n    webUrl: "https://r.example/{ENCODED}x"\n'
        "---\n"
    )
    article = load_file(path)
    assert isinstance(article, Article) and article.url and article.related
    for url in (article.url, article.related[0].url):
        assert url is not None and not UNWANTED & set(url), repr(url)
    shown = run("show", article.id, tmp_path / "news", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert not UNWANTED - {"\n"} & set(shown.stdout), repr(shown.stdout)
    assert "https://a.example/" in shown.stdout


# Folders: links to ancestors, special files, deep nesting -----------------------------------


def test_a_link_to_an_ancestor_is_a_loop_and_not_walked(tmp_path: Path) -> None:
    private = tmp_path / "private.md"
    private.write_text("---\ntitle: Private\n---\n")
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "a.md").write_text("---\ntitle: A\n---\n")
    (news / "up").symlink_to("..")
    (news / "sub" / "root").symlink_to("/")
    (news / "sub" / "news_again").symlink_to(news)
    (news / "sub" / "self").symlink_to(".")
    found = discover([news])
    assert found.files == [news / "a.md"]
    loops = {problem.source.name: problem.reason for problem in found.problems}
    assert set(loops) == {"up", "root", "news_again", "self"}
    assert all("loop" in reason for reason in loops.values())


def test_a_link_to_a_sibling_folder_is_still_walked(tmp_path: Path) -> None:
    news = tmp_path / "news"
    (news / "2023").mkdir(parents=True)
    (news / "2023" / "a.md").write_text("---\ntitle: A\n---\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.md").write_text("---\ntitle: B\n---\n")
    (news / "linked").symlink_to(elsewhere)
    found = discover([news])
    assert found.files == [news / "2023" / "a.md", news / "linked" / "b.md"]
    assert not found.problems


def test_pipes_sockets_and_links_to_devices_are_problems_named_for_what_they_are(
    tmp_path: Path,
) -> None:
    import socket

    news = tmp_path / "news"
    news.mkdir()
    os.mkfifo(news / "pipe.md")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(news / "socket.md"))
    (news / "zero.md").symlink_to("/dev/zero")
    (news / "tty.md").symlink_to("/dev/tty")
    (news / "broken.md").symlink_to(tmp_path / "missing")
    os.mkfifo(news / "other-pipe")  # not named like an article: passed over
    found = discover([news])
    listener.close()
    reasons = {problem.source.name: problem.reason for problem in found.problems}
    assert reasons == {
        "pipe.md": "not a regular file (a named pipe)",
        "socket.md": "not a regular file (a socket)",
        "zero.md": "not a regular file (a character device)",
        "tty.md": "not a regular file (a character device)",
        "broken.md": "broken symbolic link",
    }
    assert found.skipped_files == 1


def test_a_folder_nested_1200_deep_is_walked_and_watched(tmp_path: Path) -> None:
    from newsreader.loading.watch import _folders_under

    deepest = tmp_path / "news"
    deepest.mkdir()
    for _ in range(1200):
        deepest = deepest / "d"
        deepest.mkdir()
    (deepest / "deep.md").write_text("---\ntitle: Deep\n---\n")
    try:
        found = discover([tmp_path / "news"])
        assert found.files == [deepest / "deep.md"] and not found.problems
        assert len(_folders_under(tmp_path / "news")) == 1201
    finally:
        # Removed here, bottom up: pytest's own clean-up recurses and stops at such depths.
        (deepest / "deep.md").unlink()
        while deepest != tmp_path:
            deepest.rmdir()
            deepest = deepest.parent


# Worker processes die with the command ------------------------------------------------------


def children_of(pid: int) -> set[int]:
    children: set[int] = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat_file:
                fields = stat_file.read().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.add(int(entry))
    return children


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat_file:
            return stat_file.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_kill_9_during_a_cold_load_leaves_no_worker_processes(tmp_path: Path) -> None:
    import signal
    import time

    from newsreader.bench.corpus import write_corpus

    write_corpus(tmp_path / "news", 4000, seed=11)
    env = dict(os.environ, NEWSREADER_DATA_DIR=str(tmp_path / "data"), TZ="UTC")
    command = subprocess.Popen(
        [str(installed_command()), "list", "--no-cache", str(tmp_path / "news")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and command.poll() is None and time.monotonic() < deadline:
            workers = children_of(command.pid)
            time.sleep(0.01)
        assert len(workers) >= 2, "the load never started its workers"
        command.send_signal(signal.SIGKILL)
        command.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in workers), "workers outlived their command"
    finally:
        for pid in children_of(command.pid) | workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if command.poll() is None:
            command.kill()
