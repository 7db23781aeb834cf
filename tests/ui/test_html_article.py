"""The detail pane on articles as sibling sites write them."""

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
