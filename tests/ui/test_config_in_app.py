"""The config file's settings in the running reader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from article_files import three_articles
from rich.console import Console
from textual.widgets import Static

from newsreader.core.config import load_config, remembered_theme
from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.controllers import article_showing
from newsreader.ui.widgets.article_list import ArticleList


@pytest.fixture
def library(tmp_path: Path) -> Store:
    return load_paths([three_articles(tmp_path / "articles")])


def config_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


async def test_key_overrides_take_effect_and_show_in_help(library: Store, tmp_path: Path) -> None:
    config = load_config(
        config_file(tmp_path, '[keys]\ntoggle_star = "x"\nno_such_binding = "z"\n')
    )
    app = NewsreaderApp(library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        messages = [notification.message for notification in app._notifications]
        assert any("no_such_binding" in message for message in messages), messages
        await pilot.press("x")
        assert app.current_article is not None and app.state.is_starred(app.current_article.id)
        await pilot.press("f")  # the default key no longer stars
        assert app.state.is_starred(app.current_article.id)
        await pilot.press("question_mark")
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys", Static).content)
        rows = [line.split() for line in console.export_text().splitlines()]
        assert ["x", "Star"] in rows


async def test_saved_searches_head_the_list_with_counts(library: Store, tmp_path: Path) -> None:
    config = load_config(
        config_file(tmp_path, '[[saved_searches]]\nname = "Robots"\nquery = "robots"\n')
    )
    app = NewsreaderApp(library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        first = article_list.groups[0]
        assert first.name == "⌕ Robots"
        assert [a.title for a in first.articles] == ["Charlie robots", "Alpha robots"]
        assert article_list.render_line(0).text.startswith("▼ ⌕ Robots  2/2")
        await pilot.press("r")  # Charlie, the first row, read
        assert article_list.render_line(0).text.startswith("▼ ⌕ Robots  1/2")


async def test_mark_read_never_leaves_marks_to_the_reader(
    library: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_showing, "READ_AFTER_SECONDS", 0.05)
    config = load_config(config_file(tmp_path, 'mark_read = "never"\n'))
    app = NewsreaderApp(library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        await pilot.pause(0.3)
        assert not any(app.state.is_read(a.id) for a in library.articles)


async def test_sort_grouping_and_date_format_from_the_config(
    library: Store, tmp_path: Path
) -> None:
    config = load_config(
        config_file(tmp_path, 'sort = "title"\ngroup_by = "none"\ndate_format = "%d %b %Y"\n')
    )
    app = NewsreaderApp(library, config=config)
    async with app.run_test(size=(120, 40)):
        article_list = app.query_one(ArticleList)
        assert [a.title for a in article_list.groups[0].articles] == [
            "Alpha robots",
            "Bravo oceans",
            "Charlie robots",
        ]
        assert "01 Oct 2023" in str(app.query_one("#meta", Static).render())
        assert "01 Oct 2023" in article_list.render_line(2).text


async def test_configured_browser_is_used(library: Store, tmp_path: Path) -> None:
    record = tmp_path / "configured.txt"
    script = tmp_path / "my-browser"
    script.write_text(f'#!/bin/sh\nprintf "%s %s\\n" "$1" "$2" > "{record}"\n')
    script.chmod(0o755)
    config = load_config(config_file(tmp_path, f'browser = ["{script}", "--tab", "{{url}}"]\n'))
    app = NewsreaderApp(library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        for _ in range(100):
            if record.exists():
                break
            await pilot.pause(0.05)
        assert record.read_text().strip() == "--tab https://b.example/2"


async def test_theme_from_the_config_and_a_switch_remembered(
    library: Store, tmp_path: Path
) -> None:
    config = load_config(config_file(tmp_path, 'theme = "nord"\n'))
    data = tmp_path / "data"
    app = NewsreaderApp(library, config=config, data_folder=data)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
    assert remembered_theme(data) == "gruvbox"
