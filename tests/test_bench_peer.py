"""The side-by-side benchmark's parts: the corpus as an RSS feed, the table without newsboat,
and a program driven in a pseudo-terminal. Nothing here is timed."""

from __future__ import annotations

import sys

import feedparser
import pytest

from newsreader.bench.goals import BenchError
from newsreader.bench.peer import PeerResult, Side, render_peer_table, rss_feed
from newsreader.bench.terminal import Terminal, has_any
from newsreader.loading.collection import load_paths
from newsreader.paths import bundled_seeds


def test_the_feed_holds_every_article_with_its_title_link_and_id() -> None:
    articles = load_paths([bundled_seeds()], cache=False).articles
    parsed = feedparser.parse(rss_feed(articles, "http://127.0.0.1:1"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == [article.title for article in articles]
    assert [entry.id for entry in parsed.entries] == [article.id for article in articles]
    for entry, article in zip(parsed.entries, articles, strict=True):
        assert entry.link == (
            article.url or article.web_url or f"http://127.0.0.1:1/articles/{article.id}"
        )


def test_without_newsboat_the_table_says_so_and_gives_newsreader_alone() -> None:
    ours = Side(start=[0.3], search=[0.05], moves=[0.2], rss_mb=[60.0])
    ours.cold_wall, ours.cold_cpu, ours.cache_mb = [0.4], [0.5], [4.0]
    table = render_peer_table([PeerResult(1000, Side(), ours, [0.17], [0.2])], False)
    assert "newsboat is not installed" in table
    assert "— / 300 ms" in table
    assert "✓" not in table and "✗" not in table


def test_with_both_the_ratio_says_which_is_ahead() -> None:
    theirs = Side(start=[0.2, 0.3, 0.25], rss_mb=[30.0])
    ours = Side(start=[0.1, 0.5, 0.2], rss_mb=[60.0])
    table = render_peer_table([PeerResult(10, theirs, ours, [0.1], [0.1])], True)
    assert "250 / 200 ms · 0.80 ✓" in table
    assert "30 / 60 MB · 2.00 ✗" in table


def test_a_program_in_a_pseudo_terminal_is_watched_and_answers_keys() -> None:
    script = (
        "import sys\nprint('ready', flush=True)\n"
        "print('got ' + sys.stdin.readline().strip(), flush=True)\n"
    )
    terminal = Terminal([sys.executable, "-c", script], {"PATH": "/usr/bin:/bin"})
    try:
        terminal.wait_for(has_any(["ready"]), 30, "the prompt")
        terminal.mark()
        sent = terminal.send("hello\r")
        seen = terminal.wait_for(has_any(["got hello"]), 30, "the answer")
        assert seen >= sent
    finally:
        terminal.close("\x04")
    assert terminal.process.returncode == 0


def test_the_readers_own_cold_start_is_set_against_a_cold_list() -> None:
    ours = Side(cold_reader=[3.0, 2.0, 9.0], cold_wall=[2.0, 4.0, 4.0], loaded=[0.9])
    theirs = Side(loaded=[0.3])
    table = render_peer_table([PeerResult(10, theirs, ours, [0.1], [0.1])], True)
    assert "3.00 s (0.75× 4.00 s) ✓" in table
    assert "300 / 900 ms · 3.00 ✗" in table
    slower = Side(cold_reader=[5.0], cold_wall=[4.0])
    table = render_peer_table([PeerResult(10, Side(), slower, [0.1], [0.1])], False)
    assert "5.00 s (1.25× 4.00 s) ✗" in table


def test_a_program_that_exits_is_reported_with_its_status_and_last_words() -> None:
    script = "import sys\nprint('cannot read the folder', flush=True)\nsys.exit(3)\n"
    terminal = Terminal([sys.executable, "-c", script], {"PATH": "/usr/bin:/bin"})
    try:
        with pytest.raises(BenchError) as raised:
            terminal.wait_for(has_any(["never shown"]), 30, "a title")
    finally:
        terminal.close("\x04")
    assert "(3)" in str(raised.value)
    assert "cannot read the folder" in str(raised.value)


def test_a_program_that_falls_quiet_is_not_waited_for_to_the_timeout() -> None:
    script = "import sys\nprint('first', flush=True)\nsys.stdin.readline()\n"
    terminal = Terminal([sys.executable, "-c", script], {"PATH": "/usr/bin:/bin"})
    try:
        terminal.wait_for(has_any(["first"]), 30, "the first line")
        assert terminal.wait_for_unless_quiet(has_any(["second"]), 30, "more", quiet=0.5) is None
        assert terminal.now() < 20
        # What was drawn already counts: no new output is needed to see it.
        assert terminal.wait_for_unless_quiet(has_any(["first"]), 30, "it", quiet=0.5) is not None
    finally:
        terminal.close("\r")
