"""The reader driven over a folder of hostile files: every article visited, nothing breaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_hostile_files import CASES, GOOD, MARKUP

from newsreader.core.marks import StateStore
from newsreader.loading.collection import load_paths
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.related_tree import RelatedTree

HOSTILE_URLS = [
    "javascript:alert(document.cookie)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "$(touch /tmp/newsreader-pwned)",
    "`id`; rm -rf ~",
    "https://good.example/a\\nrm -rf /",
    "vbscript:msgbox(1)",
]


def hostile_urls_article() -> str:
    related = "".join(
        f'  - title: "{MARKUP} related {n}"\n    webUrl: "{url}"\n'
        for n, url in enumerate(HOSTILE_URLS)
    )
    return (
        "---\n"
        f'title: "Hostile links {MARKUP}"\n'
        'originalUrl: "javascript:alert(1)"\n'
        f"related:\n{related}"
        "---\n"
        "Links: [x](javascript:alert(1)) file:///etc/passwd https://ok.example/\x1b[2J\n"
    )


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, case in CASES.items():
        (folder / name).write_bytes(case.content)
    for name, text in GOOD.items():
        (folder / name).write_text(text)
    (folder / "hostile_links.md").write_text(hostile_urls_article())
    return folder


async def test_every_article_detail_and_related_tree_opens_without_harm(
    hostile_folder: Path, tmp_path: Path, opened_urls
) -> None:
    store = load_paths([hostile_folder])
    assert len(store) >= 8 and store.problems
    app = NewsreaderApp(store, StateStore.open(tmp_path / "state"))
    async with app.run_test(size=(100, 30)) as pilot:
        # One group: a file with thousands of topics would otherwise make a row per topic.
        await pilot.press("b", "b", "b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        article_list = app.query_one(ArticleList)
        view = app.query_one(ArticleView)
        tree = app.query_one(RelatedTree)
        seen: set[str] = set()
        for _ in range(article_list.row_count):
            article = article_list.highlighted_article
            if article is not None and article.id not in seen:
                seen.add(article.id)
                await pilot.press("o", "y", "Y", "v")  # open, copy, raw view
                assert view.showing_raw
                await pilot.press("v")
                if tree.display:
                    tree.focus()
                    # Every related item of the hostile-links file; a few of any other.
                    for _ in range(min(len(article.related), len(HOSTILE_URLS)) + 1):
                        await pilot.press("down", "space", "enter")
                    await pilot.press("shift+tab", "shift+tab")
                    article_list.focus()
                await pilot.press("tab", "1", "space", "shift+tab")
            await pilot.press("j")
        await pilot.press("question_mark", "escape", "exclamation_mark", "escape")
        await pilot.press("slash", *"[bold] OR x", "escape", "b", "O", "S", "A", "u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert seen == {article.id for article in store.articles}
    # Only well-formed http(s) URLs ever reached the browser.
    opened = opened_urls(expected=1, timeout=1.0)
    assert all(url.startswith(("http://", "https://")) for url in opened), opened
    assert not any(" " in url or "\n" in url for url in opened)
    assert not Path("/tmp/newsreader-pwned").exists()
