"""Reader mode in the reader: `x` fetches the full text from a local HTTP server and shows it
with its links; a kept text is shown at once, offline; fetch_text = "on_open"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from article_files import article_file
from pytest_httpserver import HTTPServer
from textual.widgets import Static
from werkzeug import Request, Response

from newsreader.core.config import Config, FetchText
from newsreader.feeds.full_text import attach_kept_texts
from newsreader.feeds.kept_texts import KeptTexts
from newsreader.loading.collection import load_paths
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.link_list import LinkList

PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the lighthouse story: the keepers logged the storm, the ships "
    f"that passed and the lamp's hours through the whole of the night.</p>"
    for n in range(1, 7)
)
PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Lighthouse</title></head><body>"
    "<nav><a href='/'>Home</a></nav><article><h1>The lighthouse keepers</h1>"
    f"{PARAGRAPHS}<p>Read <a href='/logbook'>the logbook</a> and "
    "<a href='https://maps.example/light'>the map</a> of the coast for the whole story.</p>"
    "</article></body></html>"
)


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    if server.is_running():
        server.stop()


def _text(widget: Static) -> str:
    return str(widget.render())


def _drawn(widget: Static) -> str:
    """The lines the widget draws (a Markdown body is drawn, not kept as text)."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def _library(folder: Path, url: str) -> Path:
    folder.mkdir(exist_ok=True)
    article_file(folder, "light.md", "Lighthouse keepers", url, "2023-10-28T08:00:00Z", ["Sea"])
    return folder


async def test_x_fetches_the_full_text_and_its_links(server: HTTPServer, tmp_path: Path) -> None:
    answer = threading.Event()

    def held_back(request: Request) -> Response:
        # The page is sent only once the test has seen the spinner.
        answer.wait(10)
        return Response(PAGE, content_type="text/html")

    server.expect_request("/light").respond_with_handler(held_back)
    folder = _library(tmp_path / "news", server.url_for("/light"))
    kept = KeptTexts.open(tmp_path / "data")
    app = NewsreaderApp(load_paths([folder]), kept_texts=kept)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        body = app.query_one("#body", Static)
        assert not body.display  # only the excerpt, to begin with
        await pilot.press("x")
        assert app.query_one("#fetching").display
        assert "Fetching the full text" in _text(app.query_one("#fetch-note", Static))
        assert app.query_one("#fetch-spinner").display
        answer.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert body.display
        assert "Paragraph 6 of the lighthouse story" in _drawn(body)
        assert not app.query_one("#fetching").display
        assert "text fetched from 127.0.0.1" in _text(app.query_one("#meta", Static))
        links = app.query_one(LinkList)
        assert links.display
        assert [link.url for link in links.links] == [
            server.url_for("/logbook"),
            "https://maps.example/light",
        ]
        # The kept text is now the article's body: the filter finds its words.
        assert app.store.articles[0].text_fetched_from == server.url_for("/light")
    assert len(server.log) == 1
    kept.close()


async def test_a_kept_text_is_shown_at_once_offline(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/light").respond_with_data(PAGE, content_type="text/html")
    folder = _library(tmp_path / "news", server.url_for("/light"))
    kept = KeptTexts.open(tmp_path / "data")
    app = NewsreaderApp(load_paths([folder]), kept_texts=kept)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await app.workers.wait_for_complete()
    server.stop()

    # Next time: the store is built with the kept texts, as the command does.
    store = load_paths([folder])
    assert attach_kept_texts(store, kept) == 1
    app = NewsreaderApp(store, kept_texts=kept)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        body = app.query_one("#body", Static)
        assert body.display and "Paragraph 1 of the lighthouse story" in _drawn(body)
    kept.close()


async def test_a_page_that_fails_says_why(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/light").respond_with_data("gone", status=410)
    folder = _library(tmp_path / "news", server.url_for("/light"))
    kept = KeptTexts.open(tmp_path / "data")
    app = NewsreaderApp(load_paths([folder]), kept_texts=kept)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        note = _text(app.query_one("#fetch-note", Static))
        assert "No full text: HTTP 410" in note
        assert not app.query_one("#body", Static).display
    kept.close()


async def test_on_open_fetches_as_an_article_is_shown(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/light").respond_with_data(PAGE, content_type="text/html")
    folder = _library(tmp_path / "news", server.url_for("/light"))
    kept = KeptTexts.open(tmp_path / "data")
    config = Config(fetch_text=FetchText.ON_OPEN)
    app = NewsreaderApp(load_paths([folder]), config=config, kept_texts=kept)
    async with app.run_test(size=(120, 40)) as pilot:
        body = app.query_one("#body", Static)
        for _ in range(50):
            if body.display:
                break
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
        assert "Paragraph 3 of the lighthouse story" in _drawn(body)
    assert len(server.log) == 1
    kept.close()
