"""Copying, the raw file, related articles opened inside the reader, and the palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_files import article_file
from rich.style import Style
from textual.widgets import Static

from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.search.title_index import TitleIndex
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.related_tree import RelatedTree


def related_to(url: str, title: str) -> str:
    return (
        "related:\n"
        f'  - title: "{title}"\n'
        f'    webUrl: "{url}"\n'
        '  - title: "Elsewhere"\n'
        '    webUrl: "https://elsewhere.example/x"\n'
    )


@pytest.fixture
def library(tmp_path: Path) -> Store:
    article_file(
        tmp_path,
        "a.md",
        "Alpha [draft]",
        "https://a.example/1",
        "2023-10-03T08:00:00Z",
        ["One"],
        related_to("https://b.example/2", "Bravo, as the other site titled it"),
    )
    article_file(tmp_path, "b.md", "Bravo", "https://b.example/2", "2023-10-01T08:00:00Z", ["Two"])
    article_file(
        tmp_path, "c.md", "Charlie", "https://c.example/3", "2023-10-02T08:00:00Z", ["Two"]
    )
    return load_paths([tmp_path])


async def test_y_copies_the_url_and_shift_y_a_markdown_link(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("y")
        assert app.clipboard == "https://a.example/1"
        await pilot.press("Y")
        assert app.clipboard == "[Alpha \\[draft\\]](https://a.example/1)"
        messages = [notification.message for notification in app._notifications]
        assert any("Copied" in message for message in messages)


async def test_v_shows_the_raw_file_and_back(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("v")
        assert view.showing_raw
        raw = str(app.query_one("#raw", Static).render())
        assert raw.startswith('---\ntitle: "Alpha [draft]"')
        await pilot.press("v")
        assert not view.showing_raw
        await pilot.press("v", "j", "j")  # moving on shows the next article, not its file
        assert not view.showing_raw


async def test_related_article_in_the_library_opens_inside_with_back_and_forward(
    library: Store, opened_urls
) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(RelatedTree)
        labels = [tree.render_label(node, Style(), Style()).plain for node in tree.root.children]
        assert labels[0].startswith("▶ ↪ Bravo")
        assert "↪" not in labels[1]
        await pilot.press("tab", "tab", "down", "enter")
        assert app.current_article is not None and app.current_article.title == "Bravo"
        await pilot.press("backspace")
        assert app.current_article.title == "Alpha [draft]"
        await pilot.press("alt+right")
        assert app.current_article.title == "Bravo"
        await pilot.press("alt+left")
        assert app.current_article.title == "Alpha [draft]"
        # A related article that is not in the library still goes to the browser.
        tree.focus()
        await pilot.press("down", "down", "enter")
        await app.workers.wait_for_complete()
        assert opened_urls() == ["https://elsewhere.example/x"]


async def test_palette_goes_to_an_article(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"charlie")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_article is not None and app.current_article.title == "Charlie"


async def test_palette_runs_actions_by_name(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"next grouping")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.settings.grouping.value == "provider"


def test_title_index_finds_every_word_and_ranks_the_phrase_first(library: Store) -> None:
    index = TitleIndex(library.articles)
    assert [match.article.title for match in index.search("CHAR")] == ["Charlie"]
    assert index.search("alpha draft")[0].article.title == "Alpha [draft]"
    assert index.search("nothing like it") == []
    assert index.search("   ") == []


async def wait_for(pilot, condition, tries: int = 200) -> bool:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (each try is one pass of its messages)."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    return condition()


async def test_go_to_topic_regroups_by_topic_and_lands_on_its_header(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")  # group by something other than topic
        assert await wait_for(pilot, lambda: app.settings.grouping.value != "topic")
        app.go_to_topic("Two")
        rows = app.article_list

        def on_two_header() -> bool:
            row = rows.highlighted_row
            return (
                app.settings.grouping.value == "topic"
                and row is not None
                and row.article is None
                and (group := rows.highlighted_group) is not None
                and group.name == "Two"
            )

        assert await wait_for(pilot, on_two_header)


async def test_go_to_article_hidden_by_the_filter_clears_it_and_lands_there(
    library: Store,
) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"charlie", "enter")
        assert await wait_for(pilot, lambda: app.shown_count == 1)
        bravo = next(article for article in library.articles if article.title == "Bravo")
        app.go_to_article(bravo.id)

        def on_bravo() -> bool:
            article = app.article_list.highlighted_article
            return app.settings.query.is_empty and article is not None and article.id == bravo.id

        assert await wait_for(pilot, on_bravo)
