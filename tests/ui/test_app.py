"""The reader driven with Pilot: navigation, the detail pane, opening, help and problems."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from article_files import RELATED, article_file
from rich.console import Console
from textual.geometry import Region
from textual.widgets import Static

from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.help import HelpScreen, HelpScroll
from newsreader.ui.screens.problems import ProblemList, ProblemsScreen
from newsreader.ui.screens.raw_file import RawFileScreen
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.link_list import LinkList
from newsreader.ui.widgets.related_tree import RelatedTree


@pytest.fixture
def library(tmp_path: Path) -> Store:
    """Three articles: two in Science (newest first), one in Sport with a related article."""
    article_file(
        tmp_path, "a.md", "Alpha", "https://a.example/1", "2023-10-01T08:00:00Z", ["Science"]
    )
    article_file(
        tmp_path, "b.md", "Bravo", "https://b.example/2", "2023-10-03T08:00:00Z", ["Science"]
    )
    article_file(
        tmp_path,
        "c.md",
        "Charlie",
        "https://c.example/3",
        "2023-10-02T08:00:00Z",
        ["Sport"],
        RELATED,
    )
    return load_paths([tmp_path])


def detail_title(app: NewsreaderApp) -> str:
    return str(app.query_one("#title", Static).render())


async def test_starts_on_first_article_and_detail_follows_highlight(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        assert app.focused is article_list
        # Science: Bravo (newest), Alpha; Sport: Charlie.
        assert detail_title(app) == "Bravo"
        await pilot.press("j")
        assert detail_title(app) == "Alpha"
        await pilot.press("down", "down")  # over the Sport header onto Charlie
        assert detail_title(app) == "Charlie"
        await pilot.press("k", "k")
        assert detail_title(app) == "Alpha"
        await pilot.press("up")
        assert detail_title(app) == "Bravo"
        await pilot.press("G")
        assert detail_title(app) == "Charlie"
        await pilot.press("g")
        assert article_list.highlighted_article is None  # the first header
        await pilot.press("end")
        assert detail_title(app) == "Charlie"
        await pilot.press("home", "pagedown")
        assert article_list.cursor == article_list.row_count - 1


async def test_header_shows_what_is_loaded(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)):
        assert app.sub_title == "3 articles in 2 topics"


async def test_groups_collapse_and_expand(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        rows = article_list.row_count
        await pilot.press("h")  # from Bravo up to the Science header
        assert article_list.highlighted_article is None
        await pilot.press("left")  # collapse Science
        assert article_list.row_count == rows - 2
        await pilot.press("l")  # expand again
        assert article_list.row_count == rows
        await pilot.press("right")  # step onto the first article
        assert detail_title(app) == "Bravo"
        await pilot.press("h", "enter")  # enter on a header toggles it
        assert article_list.row_count == rows - 2
        await pilot.press("enter")
        assert article_list.row_count == rows


async def test_enter_opens_the_articles_original_url(library: Store, opened_urls) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "enter")
        await app.workers.wait_for_complete()
        assert opened_urls() == ["https://a.example/1"]


async def test_o_opens_from_the_detail_pane(library: Store, opened_urls) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        assert opened_urls() == ["https://b.example/2"]


async def test_tab_reaches_the_related_tree_and_enter_opens_related(
    library: Store, opened_urls
) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("G")
        assert detail_title(app) == "Charlie"
        await pilot.press("tab", "tab")
        tree = app.query_one(RelatedTree)
        assert app.focused is tree
        assert str(tree.root.label) == "Related (1)"
        await pilot.press("down")
        related_node = tree.cursor_node
        assert related_node is not None and related_node.data is not None
        await pilot.press("space")  # expanding shows its excerpt and URL
        shown = [str(child.label) for child in related_node.children]
        assert "What the related story says." in shown
        assert "https://related.example/story" in shown
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert opened_urls() == ["https://related.example/story"]
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, ArticleList)


async def test_space_in_the_list_pages_the_detail_pane(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {n} of a long body." for n in range(200))
    article_file(
        tmp_path, "long.md", "Long", "https://l.example/", "2023-10-01T00:00:00Z", [], body=body
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        detail = app.query_one(ArticleView)
        assert detail.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert detail.scroll_y > 20
        assert isinstance(app.focused, ArticleList)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("https://example.com/story…", "truncated"),
    ],
)
async def test_unsafe_urls_are_refused_with_a_reason(
    tmp_path: Path, url: str, reason: str, opened_urls
) -> None:
    article_file(tmp_path, "x.md", "X", url, "2023-10-01T00:00:00Z", ["T"])
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        messages = [notification.message for notification in app._notifications]
        assert any(reason in message for message in messages), messages
        assert opened_urls(timeout=0.3) == []


async def test_article_without_url_says_so(tmp_path: Path, opened_urls) -> None:
    (tmp_path / "plain.txt").write_text("A Headline For The Text\n\nSome body text here.\n")
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        messages = [notification.message for notification in app._notifications]
        assert any("no URL" in message for message in messages), messages
        assert opened_urls(timeout=0.3) == []


async def test_url_with_spaces_is_encoded_not_refused(tmp_path: Path, opened_urls) -> None:
    article_file(tmp_path, "s.md", "S", "https://s.example/a story", "2023-10-01T00:00:00Z", ["T"])
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert opened_urls() == ["https://s.example/a%20story"]


async def test_without_a_browser_the_url_is_copied(
    library: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER", "")
    monkeypatch.setenv("PATH", str(tmp_path))  # no console browser to be found either
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        assert app.clipboard == "https://b.example/2"
        messages = [notification.message for notification in app._notifications]
        assert any("No browser found" in m and "https://b.example/2" in m for m in messages)


def help_text(app: NewsreaderApp, width: int) -> str:
    """The help screen's keys table and query language as drawn at `width` columns."""
    console = Console(width=width, record=True, file=io.StringIO())
    for part in ("#help-keys", "#help-query", "#help-syntax", "#help-notes"):
        console.print(app.screen.query_one(part, Static).content)
    return console.export_text()


async def test_help_lists_every_binding(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(help_text(app, 100).split())
        for widget in (NewsreaderApp, ArticleList, ArticleView, RelatedTree):
            for binding in widget.BINDINGS:
                assert binding.description in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_scrolls_with_the_readers_keys_and_cuts_nothing(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        scroll = app.screen.query_one(HelpScroll)
        assert app.focused is scroll and scroll.max_scroll_y > 0
        await pilot.press("j", "j", "down")
        assert scroll.scroll_y == 3
        await pilot.press("k")
        assert scroll.scroll_y == 2
        await pilot.press("end")
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("g")
        assert scroll.scroll_y == 0
        await pilot.press("G")
        assert scroll.scroll_y == scroll.max_scroll_y
        # Long descriptions wrap at the dialog's width rather than being cut.
        text = help_text(app, scroll.scrollable_content_region.width)
        assert "…" not in text
        words = text.split()
        assert "^p" in words and "R" in words
        flowing = " ".join(words)
        assert "Palette" in flowing
        assert "Fetch the feeds, rescan the folders, merge marks" in flowing
        assert "quality:>=80" in flowing and "is:unread" in flowing


async def test_problems_screen_lists_file_line_and_reason(tmp_path: Path) -> None:
    folder = tmp_path / "a rather long folder name" / "that fills the width" / "articles"
    folder.mkdir(parents=True)
    article_file(folder, "good.md", "Good", "https://g.example/", "2023-10-01T00:00:00Z", ["T"])
    (folder / "broken.md").write_text('---\ntitle: "unclosed\nexcerpt: x\n---\n')
    app = NewsreaderApp(load_paths([folder]), roots=[folder])
    async with app.run_test(size=(60, 20)) as pilot:
        assert "1 problem" in app.sub_title
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        problems = app.screen.query_one(ProblemList)
        assert problems.option_count == 1
        # The path from the folder read, its line, and the reason in full on a small screen.
        shown = app.screen.query_one(ProblemList).render_lines(Region(0, 0, 54, 8))
        text = "\n".join(strip.text for strip in shown)
        assert "broken.md:" in text and "long folder" not in text
        assert "YAML" in text
        # Enter shows the file as it is; Esc goes back to the problems, then to the reader.
        await pilot.press("enter")
        assert isinstance(app.screen, RawFileScreen)
        raw = str(app.screen.query_one("#raw-text", Static).render())
        assert 'title: "unclosed' in raw
        await pilot.press("escape")
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("escape")
        assert detail_title(app) == "Good"


async def test_markup_in_article_text_is_shown_literally(tmp_path: Path) -> None:
    title = "[bold]Bold[/] and [@click=app.quit]quit[/]"
    body = "[link=https://evil.example]click[/link] and [/] stray"
    path = tmp_path / "markup.md"
    path.write_text(
        "---\n"
        f"title: '{title}'\n"
        "excerpt: '[red]red[/red]'\n"
        "originalUrl: https://m.example/\n"
        "topics: ['[i]topic[/i]']\n"
        "related:\n  - title: '[b]rel[/b]'\n    webUrl: https://r.example/\n"
        f"---\n{body}\n"
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert detail_title(app) == title
        assert str(app.query_one("#excerpt", Static).render()) == "[red]red[/red]"
        assert body in str(app.query_one("#body", Static).render())
        article_list = app.query_one(ArticleList)
        lines = [article_list.render_line(y).text for y in range(4)]
        assert any("[i]topic[/i]" in line for line in lines), lines
        assert any("[bold]Bold[/]" in line for line in lines), lines
        tree = app.query_one(RelatedTree)
        assert str(tree.root.children[0].label) == "[b]rel[/b]"
        await pilot.click(ArticleList, offset=(5, 1))
        await pilot.pause()
        assert app.is_running


async def test_links_in_the_body_open_by_number_and_from_the_list(
    tmp_path: Path, opened_urls
) -> None:
    body = (
        "# Heading\n\nThe agency published [the report](https://r.example/report) on Tuesday,"
        " and the data behind it is at https://s.example/x for anyone to check.\n"
    )
    article_file(
        tmp_path, "m.md", "M", "https://m.example/", "2023-10-01T00:00:00Z", ["T"], body=body
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        links = app.query_one(LinkList)
        assert links.display and links.option_count == 2
        rendered = str(app.query_one("#body", Static).render())
        assert "# Heading" not in rendered  # drawn as a heading, not as raw Markdown
        await pilot.press("tab", "2")
        await app.workers.wait_for_complete()
        assert opened_urls() == ["https://s.example/x"]
        await pilot.press("tab")
        assert app.focused is links
        await pilot.press("enter")  # the first link is highlighted
        await app.workers.wait_for_complete()
        assert opened_urls(expected=2) == ["https://s.example/x", "https://r.example/report"]


async def test_file_names_with_escapes_are_spelled_out(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]0;owned\x07.md"
    path.write_text('---\ntitle: "Evil name"\noriginalUrl: https://e.example/\n---\n')
    (tmp_path / "broken\x1b[2J.md").write_text("---\ntitle: [unclosed\n---\n")
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        meta = str(app.query_one("#meta", Static).render())
        assert "\x1b" not in meta and "evil\\x1b]0;owned\\x07.md" in meta
        await pilot.press("exclamation_mark")
        prompt = str(app.screen.query_one(ProblemList).get_option_at_index(0).prompt)
        assert "\x1b" not in prompt
        assert prompt.splitlines()[0].endswith("broken\\x1b[2J.md:3")


async def test_emoji_rows_hold_only_characters_of_a_width_every_terminal_agrees_on(
    tmp_path: Path,
) -> None:
    from rich.cells import cell_len

    titles = [
        "👩\u200d👩\u200d👧\u200d👦 family " * 12,
        "☀\ufe0f sunny ✈\ufe0f flight 1\ufe0f\u20e3 " * 8,
        "👍🏽 thumbs 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f " * 8,
    ]
    for n, title in enumerate(titles):
        article_file(
            tmp_path, f"{n}.md", title, f"https://e.example/{n}", f"2023-10-0{n + 1}T08:00:00Z",
            ["Emoji 👩\u200d💻"],
        )  # fmt: skip
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        article_list = app.query_one(ArticleList)
        width = article_list.scrollable_content_region.width
        for y in range(1 + 2 * len(titles)):
            strip = article_list.render_line(y)
            text = strip.text
            assert strip.cell_length == width
            # Each character's width counts alone: none depends on how a terminal joins them.
            assert sum(cell_len(character) for character in text) == cell_len(text), repr(text)
