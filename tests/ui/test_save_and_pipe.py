"""`s` saves the article as Markdown; `|` pipes it to a command, without a shell by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_files import three_articles
from textual.widgets import Static

from newsreader.core.config import load_config
from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.raw_file import RawFileScreen


@pytest.fixture
def library(tmp_path: Path) -> Store:
    return load_paths([three_articles(tmp_path / "articles")])


def messages(app: NewsreaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_s_saves_markdown_and_never_overwrites(library: Store, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = NewsreaderApp(library, data_folder=data)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "s")
    bravo = next(a for a in library.articles if a.title == "Bravo oceans")
    name = f"bravo-oceans-{bravo.id[:8]}"
    saved = sorted(path.name for path in (data / "saved").iterdir())
    assert saved == [f"{name}-2.md", f"{name}.md"]
    text = (data / "saved" / f"{name}.md").read_text()
    assert text.startswith("# Bravo oceans\n")
    assert "<https://b.example/2>" in text
    assert "> Excerpt of Bravo oceans." in text
    assert (data / "saved" / f"{name}-2.md").read_text() == text
    assert any(message.startswith("Saved ") for message in messages(app))


async def test_save_folder_from_the_config(library: Store, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('save_folder = "keep"\n')
    app = NewsreaderApp(library, config=load_config(config))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
    assert [p.name.split("-")[0] for p in (tmp_path / "keep").iterdir()] == ["bravo"]


async def pipe(app: NewsreaderApp, pilot, command: str) -> None:
    await pilot.press("vertical_line")
    await pilot.press(*command, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_pipe_runs_the_command_and_shows_what_it_printed(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pipe(app, pilot, "grep -c Bravo")  # the title and the excerpt
        assert isinstance(app.screen, RawFileScreen)
        assert str(app.screen.query_one("#raw-text", Static).render()).strip() == "2"
        await pilot.press("escape")
        # The last command is offered again.
        await pipe(app, pilot, "")
        assert isinstance(app.screen, RawFileScreen)
        assert app.screen.file_title == "grep -c Bravo"


async def test_pipe_words_are_not_shell_syntax(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pipe(app, pilot, "echo 'a b' | tr a-z A-Z")
        output = str(app.screen.query_one("#raw-text", Static).render()).strip()
        assert output == "a b | tr a-z A-Z"


async def test_pipe_through_the_shell_when_configured(library: Store, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("pipe_shell = true\n")
    app = NewsreaderApp(library, config=load_config(config))
    async with app.run_test(size=(120, 40)) as pilot:
        await pipe(app, pilot, "head -1 | tr a-z A-Z")
        output = str(app.screen.query_one("#raw-text", Static).render()).strip()
        assert output == "# BRAVO OCEANS"


async def test_a_command_that_cannot_start_says_why(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pipe(app, pilot, "no-such-command-here --x")
        assert not isinstance(app.screen, RawFileScreen)
        assert any(m.startswith("no-such-command-here --x: ") for m in messages(app))
