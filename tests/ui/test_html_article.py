"""The detail pane on articles as sibling sites write them: HTML bodies and encrypted texts."""

from __future__ import annotations

from pathlib import Path

from article_files import article_file
from textual.widgets import Static

from newsreader.loading.collection import load_paths
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.link_list import LinkList

HTML_BODY = (
    '<p>The council <span style="color:#c00" class="hl">approved</span> the plan.'
    '<br>Read <a href="https://example.com/watch?v=1.0&amp;px=999" onclick="t()">the '
    'report</a>.</p><p><img src="https://example.com/c.png" alt="A chart"></p>'
    "<script>hidden()</script>"
)
SECURED = 'secured: "abc==;def=="\n'


def _shown(app: NewsreaderApp, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


async def test_an_html_body_shows_as_text_and_its_link_opens_decoded(
    tmp_path: Path, opened_urls
) -> None:
    article_file(
        tmp_path,
        "h.md",
        "Council",
        "https://h.example/",
        "2023-10-01T00:00:00Z",
        [],
        body=HTML_BODY,
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        body_widget = app.query_one("#body", Static)
        lines = [body_widget.render_line(y).text for y in range(body_widget.size.height)]
        body = "\n".join(lines)
        assert "<p" not in body and "<span" not in body and "hidden()" not in body
        assert "approved" in body and "[image: A chart]" in body
        links = app.query_one(LinkList)
        assert links.display and links.option_count == 1
        await pilot.press("tab", "1")
        await app.workers.wait_for_complete()
        assert opened_urls() == ["https://example.com/watch?v=1.0&px=999"]


async def test_the_encrypted_note_shows_only_where_there_is_no_text(tmp_path: Path) -> None:
    # Newest first: the article with a body beside its encrypted text, then one with only that.
    (tmp_path / "b.md").write_text(
        '---\ntitle: "With body"\npublishedDateTime: 2023-10-02T00:00:00Z\n'
        f"{SECURED}---\nThe body text.\n",
        encoding="utf-8",
    )
    (tmp_path / "s.md").write_text(
        f'---\ntitle: "Only secured"\npublishedDateTime: 2023-10-01T00:00:00Z\n{SECURED}---\n',
        encoding="utf-8",
    )
    app = NewsreaderApp(load_paths([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        secured = app.query_one("#secured", Static)
        assert _shown(app, "#title") == "With body"
        assert not secured.display
        await pilot.press("j")
        assert _shown(app, "#title") == "Only secured"
        assert secured.display
