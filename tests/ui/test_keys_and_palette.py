"""The footer, the palette and the keys that act on what the list shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_files import article_file, three_articles
from textual.command import CommandList, CommandPalette
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from newsreader.core.config import load_config
from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.related_tree import RelatedTree


@pytest.fixture
def library(tmp_path: Path) -> Store:
    return load_paths([three_articles(tmp_path / "articles")])


def messages(app: NewsreaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def footer_descriptions(app: NewsreaderApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def test_footer_of_the_detail_pane_and_a_link_number_with_no_link(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleView)
        await pilot.pause()
        shown = footer_descriptions(app)
        assert "Quit" in shown
        assert len(shown) == len(set(shown))
        assert not any("link" in description for description in shown)
        await pilot.press("1")
        assert "This article's text has no links." in messages(app)


async def test_a_link_number_past_the_last_link_says_how_many_there_are(
    tmp_path: Path, opened_urls
) -> None:
    body = "See https://one.example/a for more.\n"
    article_file(
        tmp_path, "m.md", "M", "https://m.example/", "2023-10-01T00:00:00Z", ["T"], body=body
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "3")
        assert "There is no link [3]: the text has 1." in messages(app)
        await pilot.press("1")
        await app.workers.wait_for_complete()
        assert opened_urls() == ["https://one.example/a"]


def many_topics(folder: Path) -> Store:
    folder.mkdir()
    for n in range(22):
        topic = "Alpha" if n < 10 else "Mike" if n < 12 else "Zulu"
        article_file(
            folder,
            f"{n:02d}.md",
            f"Story {n:02d}",
            f"https://s.example/{n}",
            f"2023-10-{n + 1:02d}T08:00:00Z",
            [topic],
        )
    return load_paths([folder])


async def test_go_to_topic_puts_its_header_at_the_top(tmp_path: Path) -> None:
    app = NewsreaderApp(many_topics(tmp_path / "stories"))
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go to topic mike")
        await wait_for_options(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        article_list = app.query_one(ArticleList)
        assert article_list.render_line(0).text.startswith("▼ Mike")
        assert article_list.render_line(1).text.startswith("●  Story 11")
        # The last group cannot reach the top: the list ends with it, its articles shown.
        app.go_to_topic("Zulu")
        await pilot.pause()
        lines = [article_list.render_line(y).text for y in range(article_list.size.height)]
        assert lines[-1].startswith("   Provider")
        header = next(n for n, line in enumerate(lines) if line.startswith("▼ Zulu"))
        assert header < len(lines) - 2


async def wait_for_options(app: NewsreaderApp, pilot) -> CommandList:
    commands = app.screen.query_one(CommandList)
    for _ in range(100):
        await pilot.pause(0.02)
        if commands.option_count:
            break
    await pilot.pause(0.2)  # every provider has answered
    return commands


@pytest.mark.parametrize("word", ["quit", "keys", "help"])
async def test_the_palette_offers_each_action_once(library: Store, word: str) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *word)
        commands = await wait_for_options(app, pilot)
        prompts = [
            str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
        ]
        assert app.screen.query_one(Input).value == word
        firsts = [prompt.splitlines()[0] for prompt in prompts]
        assert len(firsts) == len(set(firsts)), prompts
        assert "Keys" not in firsts  # Textual's key panel: Help lists every key
        if word != "keys":
            assert firsts.count(word.title()) == 1, prompts


async def test_a_query_that_does_not_read_drops_the_old_count(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"robots")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.sub_title.startswith("2 of 3")
        await pilot.press(*" quality:")
        await pilot.pause()
        assert "2 of 3" not in app.sub_title
        assert app.sub_title.startswith("the filter does not read")
        await pilot.press(*">=1")  # it reads again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.sub_title.startswith("0 of 3")


async def test_o_on_a_group_header_opens_nothing(library: Store, opened_urls) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "h")  # to the Science header, then collapse it
        article_list = app.query_one(ArticleList)
        assert article_list.highlighted_article is None
        assert article_list.render_line(0).text.startswith("▶ Science")
        await pilot.press("o")
        await app.workers.wait_for_complete()
        assert "No article is highlighted." in messages(app)
        assert opened_urls(expected=1, timeout=0.5) == []
        assert str(app.query_one("#title").render()).startswith("Science: 2 articles")


async def test_keys_given_to_two_bindings_are_reported(library: Store, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\ntoggle_star = "r"\ncycle_sort = "j"\n')
    app = NewsreaderApp(library, config=load_config(config))
    async with app.run_test(size=(120, 40)):
        reported = " | ".join(messages(app))
        assert "keys.toggle_star: 'r' is also the key of 'toggle_read'" in reported
        assert "keys.cycle_sort: 'j' is also the key of 'list.down'" in reported
        assert "'cycle_sort' never runs" in reported


async def test_related_titles_take_most_of_the_width(tmp_path: Path) -> None:
    title = "A related story whose title is long enough to need most of the line to be read"
    related = (
        "related:\n"
        f'  - title: "{title}"\n'
        "    publishedDateTime: 2023-10-02T10:00:00Z\n"
        '    webUrl: "https://related.example/story"\n'
        "    provider: {name: Related Times, domain: related.example}\n"
        "    quality: 70\n"
    )
    article_file(
        tmp_path, "r.md", "R", "https://r.example/", "2023-10-01T00:00:00Z", ["T"], related
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.query_one(RelatedTree)
        line = tree.render_line(1).text.rstrip()
        width = tree.scrollable_content_region.width
        shown = line.split("  Related Times")[0].removeprefix("└─ ▶ ").rstrip("…")
        assert title.startswith(shown)
        assert len(shown) >= width * 3 // 5 - 8
        assert "Related Times" in line


def test_the_readme_names_every_binding_id() -> None:
    from newsreader.ui.app import all_binding_ids

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    # The numbered link keys are written as a range, `detail.link1` ... `detail.link9`.
    wanted = {i for i in all_binding_ids() if not i.startswith("detail.link")}
    missing = sorted(i for i in wanted if f"`{i}`" not in readme)
    assert missing == []
