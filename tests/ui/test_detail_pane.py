"""The detail pane while moving through the list: what it shows, and when."""

from __future__ import annotations

import re
from pathlib import Path

from article_files import RELATED, article_file
from textual.widgets import Static

from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_body import CHUNK_LINES
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import REST_SECONDS, ArticleView
from newsreader.ui.widgets.link_list import LinkList
from newsreader.ui.widgets.related_tree import RelatedTree


def _library(folder: Path, count: int) -> Store:
    """`count` articles in one topic, newest first: Story 0, Story 1, ..., each with its own
    body and link; the odd ones have a related article."""
    for n in range(count):
        article_file(
            folder,
            f"s{n}.md",
            f"Story {n}",
            f"https://s.example/{n}",
            f"2023-10-{28 - n:02d}T08:00:00Z",
            ["News"],
            RELATED if n % 2 else "",
            body=f"Body of story {n}, see https://link.example/{n} for more.\n",
        )
    return load_paths([folder])


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_the_pane_changes_with_the_cursor_in_the_same_step(tmp_path: Path) -> None:
    app = NewsreaderApp(_library(tmp_path, 3))
    async with app.run_test(size=(120, 40)):
        article_list = app.query_one(ArticleList)
        article_list.action_cursor_down()
        # No await: the list and the pane are drawn in one frame, not the list first.
        assert _text(app.query_one("#title", Static)) == "Story 1"


async def test_a_burst_of_moves_ends_on_the_last_article_with_its_body(tmp_path: Path) -> None:
    app = NewsreaderApp(_library(tmp_path, 6))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(REST_SECONDS * 2)
        article_list = app.query_one(ArticleList)
        body = app.query_one("#body", Static)
        links = app.query_one(LinkList)
        tree = app.query_one(RelatedTree)
        for _ in range(4):  # faster than any key repeat
            article_list.action_cursor_down()
        assert _text(app.query_one("#title", Static)) == "Story 4"
        assert "Excerpt of Story 4." in _text(app.query_one("#excerpt", Static))
        # Running through the list: the previous article's body is not left in view.
        assert not body.display and not links.display and not tree.display
        await pilot.pause(REST_SECONDS * 3)
        assert body.display and "Body of story 4," in _text(body)
        assert links.display and links.links[0].url == "https://link.example/4"
        assert not tree.display  # story 4 has no related article
        article_list.action_cursor_down()
        await pilot.pause(REST_SECONDS * 3)
        assert _text(app.query_one("#title", Static)) == "Story 5"
        assert tree.display and str(tree.root.label) == "Related (1)"


async def test_a_long_body_is_drawn_to_its_end_when_scrolled(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {n} of a long body." for n in range(3 * CHUNK_LINES)]
    article_file(
        tmp_path,
        "long.md",
        "Long",
        "https://l.example/",
        "2023-10-01T00:00:00Z",
        [],
        body="\n\n".join(paragraphs),
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        body = app.query_one("#body", Static)
        await pilot.press("tab", "G")
        await pilot.pause()
        assert view.scroll_y > 2 * CHUNK_LINES
        lines = [body.render_line(y).text.rstrip() for y in range(body.size.height)]
        assert [line for line in lines if line] == paragraphs
        # A narrower pane wraps the body again, to its end.
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        lines = [body.render_line(y).text.rstrip() for y in range(body.size.height)]
        assert " ".join(line for line in lines if line).endswith(paragraphs[-1])


async def test_a_body_of_many_short_lines_draws_its_start_and_says_what_is_left_out(
    tmp_path: Path,
) -> None:
    # Ten times the lines drawn: wrapped whole, a 1 MB body of them took seconds and most of a
    # gigabyte.
    lines = [f"word{n}" for n in range(30_000)]
    article_file(
        tmp_path, "many.md", "Many", "https://m.example/", "2023-10-01T00:00:00Z", [],
        body="\n".join(lines),
    )  # fmt: skip
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        body = app.query_one("#body", Static)
        # Bounded: a few thousand lines at most are laid out, not 120,000 paragraphs.
        assert 0 < body.size.height < 10_000
        drawn = [body.render_line(y).text.strip() for y in range(body.size.height)]
        assert drawn[0] == "word0"
        # The note closes the body, wrapped to the pane's width.
        assert "27,000 more lines of this body are not drawn" in " ".join(drawn[-6:])
        await pilot.press("tab", "G")
        await pilot.pause()
        assert app.is_running


async def test_markdown_quoted_sixteen_deep_is_drawn_with_its_depth(tmp_path: Path) -> None:
    body = "Intro with **bold**.\n\n" + "> " * 16 + "deepest\n\nAfter the quote.\n"
    article_file(
        tmp_path, "q.md", "Quoted", "https://q.example/", "2023-10-01T00:00:00Z", [], body=body
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        body_widget = app.query_one("#body", Static)
        drawn = " ".join(
            body_widget.render_line(y).text.strip() for y in range(body_widget.size.height)
        )
        # Six bars of quoting at most, however narrow the pane wraps the line.
        assert re.search(r"\[quoted 16 deep\][ ▌]*deepest", drawn), drawn
        assert "▌ " * 7 not in drawn
        assert "After the quote." in drawn
