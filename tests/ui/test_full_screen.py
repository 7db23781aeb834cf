"""An article on the whole screen: `w` (or Enter, when configured), `/` to search, n/N."""

from __future__ import annotations

from pathlib import Path

from article_files import article_file
from textual.widgets import Input

from newsreader.core.config import load_config
from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.article_screen import ArticleScreen, ArticleText

BODY = (
    "The first robot arrived in spring.\n\n"
    "Nobody expected a second Robot, yet here it is.\n\n"
    "Quoting [a source](https://q.example/) on robots: they stay.\n"
)


def one_article(folder: Path) -> Store:
    folder.mkdir(exist_ok=True)
    article_file(
        folder,
        "r.md",
        "Robots at work",
        "https://r.example/",
        "2023-10-01T00:00:00Z",
        ["T"],
        body=BODY,
    )
    return load_paths([folder])


def selected(app: NewsreaderApp) -> str:
    return app.screen.query_one(ArticleText).selected_text


async def test_w_shows_the_article_whole_and_slash_finds_in_it(tmp_path: Path) -> None:
    library = one_article(tmp_path)
    app = NewsreaderApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        assert isinstance(app.screen, ArticleScreen)
        text = app.screen.query_one(ArticleText).text
        assert text.startswith("# Robots at work")
        assert "Nobody expected a second Robot" in text
        assert app.state.is_read(library.articles[0].id)  # read whole: read
        await pilot.press("slash", *"robot", "enter")
        assert selected(app).casefold() == "robot"
        first = app.screen.query_one(ArticleText).selection
        await pilot.press("n")
        second = app.screen.query_one(ArticleText).selection
        assert second.start > first.start and selected(app).casefold() == "robot"
        await pilot.press("N")
        assert app.screen.query_one(ArticleText).selection == first
        assert "of" in str(app.screen.query_one("#full-status").render())
        # A word that is not there says so.
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+a", *"zebra", "enter")  # ctrl+a: the old search is replaced
        assert "No “" in str(app.screen.query_one("#full-status").render())
        await pilot.press("q")
        assert not isinstance(app.screen, ArticleScreen)


async def test_enter_reads_on_the_whole_screen_when_configured(tmp_path: Path) -> None:
    library = one_article(tmp_path / "articles")
    config = tmp_path / "config.toml"
    config.write_text('enter_opens = "reader"\n')
    app = NewsreaderApp(library, config=load_config(config))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, ArticleScreen)
