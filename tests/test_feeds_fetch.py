"""Fetching feeds of every kind from a real HTTP server on 127.0.0.1 into article files.

The files written are read back with the loader, so what is checked is what the reader shows.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feed_documents import ATOM, JSON_FEED, RSS1, RSS2, site_page
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.feeds.fetch import FeedOutcome, FetchJob, fetch_feeds
from newsreader.feeds.http import USER_AGENT
from newsreader.feeds.subscriptions import FeedStates, Subscription
from newsreader.loading.article_file import load_file
from newsreader.model.records import Article

RSS_TYPE = "application/rss+xml"


def fetch(folder: Path, data: Path, *subscriptions: Subscription | str) -> list[FeedOutcome]:
    jobs = [
        FetchJob(item if isinstance(item, Subscription) else Subscription(item), folder)
        for item in subscriptions
    ]
    return fetch_feeds(jobs, FeedStates.open(data))


def articles_in(folder: Path) -> dict[str, Article]:
    """The articles written, by title."""
    found = {}
    for path in sorted(folder.glob("*.md")):
        article = load_file(path)
        assert isinstance(article, Article), article
        assert not article.notes, article.notes
        found[article.title] = article
    return found


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_rss2_items_become_article_files(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type=RSS_TYPE)
    out = tmp_path / "news"
    [outcome] = fetch(out, tmp_path / "data", httpserver.url_for("/rss"))
    assert (outcome.error, outcome.new) == (None, 2)
    articles = articles_in(out)
    tides = articles["Tides rise & fall at the quay"]
    assert tides.url == "https://www.harbour.example/news/tides"
    assert tides.published_at == utc("2023-10-06T21:04:00+00:00")
    assert tides.excerpt == "The tide came in early."
    assert tides.topics == ("Weather", "Harbour")
    assert tides.provider is not None
    assert (tides.provider.name, tides.provider.domain) == ("Harbour Gazette", "harbour.example")
    assert [image.url for image in tides.images] == ["https://img.harbour.example/tides.jpg"]
    assert tides.source.name == "2023-10-06-tides-rise-fall-at-the-quay.md"
    ferry = articles["Ferry timetable changes"]
    # A relative link is resolved against the feed's own URL.
    assert ferry.url == httpserver.url_for("/news/ferry")
    assert ferry.published_at == utc("2023-10-07T08:00:00+00:00")
    assert [image.url for image in ferry.images] == ["https://img.harbour.example/ferry.png"]
    assert ferry.topics == ()


def test_rss1_atom_and_json_feed(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/rdf").respond_with_data(RSS1, content_type="application/rdf+xml")
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    httpserver.expect_request("/json").respond_with_data(
        JSON_FEED, content_type="application/feed+json"
    )
    out = tmp_path / "news"
    urls = [httpserver.url_for(path) for path in ("/rdf", "/atom", "/json")]
    outcomes = fetch(out, tmp_path / "data", *urls)
    assert [(o.error, o.new) for o in outcomes] == [(None, 1), (None, 1), (None, 2)]
    # The JSON Feed item of the wrong shape is left out with a note, not the whole feed.
    assert len(outcomes[2].notes) == 1
    articles = articles_in(out)
    semantic = articles["The semantic web, again"]
    assert semantic.url == "https://rdf.example/2023/semantic"
    assert semantic.published_at == utc("2023-09-30T12:30:00+00:00")
    assert semantic.topics == ("Web",)
    stars = articles["Stars seen from the hill"]
    assert stars.url == "https://atom.example/stars"
    assert stars.published_at == utc("2023-10-05T23:30:02+00:00")
    assert stars.excerpt == "Clear skies over the hill."
    assert stars.body == "## Clear\n\nA [map](https://atom.example/map) of the sky."
    assert stars.topics == ("Astronomy",)
    json_one = articles["Parsing without angle brackets"]
    assert json_one.url == "https://json.example/posts/one"
    assert json_one.published_at == utc("2023-10-04T08:15:00+00:00")
    assert json_one.topics == ("Formats", "JSON")
    assert json_one.body == "JSON is *plain*."
    assert json_one.provider is not None and json_one.provider.name == "JSON Journal"
    text_only = articles["Text only"]
    assert "<b>" not in text_only.body and "text" in text_only.body


def test_site_api_pages_are_followed(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/api/news/index.json").respond_with_data(
        site_page(1, [1, 2], 2), content_type="application/json"
    )
    httpserver.expect_request("/api/news/page/2/index.json").respond_with_data(
        site_page(2, [3, 4], 3), content_type="application/json"
    )
    httpserver.expect_request("/api/news/page/3/index.json").respond_with_data(
        site_page(3, [5], None), content_type="application/json"
    )
    out = tmp_path / "news"
    url = httpserver.url_for("/api/news/index.json")
    [outcome] = fetch(out, tmp_path / "data", Subscription(url, title="The Site"))
    assert (outcome.error, outcome.new) == (None, 5)
    articles = articles_in(out)
    assert sorted(articles) == [f"Site story {n}" for n in range(1, 6)]
    three = articles["Site story 3"]
    assert three.url == "https://publisher.example/story/3"
    assert three.web_url == "https://site.example/news/3"
    assert three.excerpt == "Excerpt of story 3."
    assert three.body == "Body of story 3."
    assert three.published_at == utc("2023-10-03T10:00:00+00:00")
    assert three.topics == ("AI", "Page 2")
    assert three.heat == 43
    assert three.provider is not None
    assert (three.provider.name, three.provider.domain) == ("Publisher", "publisher.example")
    assert [(image.url, image.width) for image in three.images] == [
        ("https://publisher.example/3.jpg", 1200)
    ]


def test_site_api_stops_at_a_page_with_an_article_already_there(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    out = tmp_path / "news"
    url = httpserver.url_for("/api/news/index.json")
    httpserver.expect_oneshot_request("/api/news/index.json").respond_with_data(
        site_page(1, [1, 2], None), content_type="application/json"
    )
    assert fetch(out, tmp_path / "data", url)[0].new == 2
    # Two new stories on page 1; page 2 holds one already there, so page 3 is never asked for.
    httpserver.expect_request("/api/news/index.json").respond_with_data(
        site_page(1, [7, 6], 2), content_type="application/json"
    )
    httpserver.expect_request("/api/news/page/2/index.json").respond_with_data(
        site_page(2, [2, 5], 3), content_type="application/json"
    )
    [outcome] = fetch(out, tmp_path / "data", url)
    assert (outcome.new, outcome.already) == (3, 1)
    assert not any("/page/3/" in request.path for request, _ in httpserver.log)


def test_a_second_fetch_is_answered_304_and_writes_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    seen: list[dict[str, str | None]] = []

    def conditional(request: Request) -> Response:
        seen.append(
            {
                "etag": request.headers.get("If-None-Match"),
                "since": request.headers.get("If-Modified-Since"),
                "agent": request.headers.get("User-Agent"),
            }
        )
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            RSS2,
            content_type=RSS_TYPE,
            headers={"ETag": '"v1"', "Last-Modified": "Fri, 06 Oct 2023 23:04:00 GMT"},
        )

    httpserver.expect_request("/rss").respond_with_handler(conditional)
    out, data = tmp_path / "news", tmp_path / "data"
    url = httpserver.url_for("/rss")
    assert fetch(out, data, url)[0].new == 2
    files = sorted(out.iterdir())
    [second] = fetch(out, data, url)
    assert second.unchanged and second.new == 0 and second.error is None
    assert sorted(out.iterdir()) == files
    assert seen[0] == {"etag": None, "since": None, "agent": USER_AGENT}
    assert seen[1]["etag"] == '"v1"'
    assert seen[1]["since"] == "Fri, 06 Oct 2023 23:04:00 GMT"
    state = json.loads((data / "feeds.json").read_text())["feeds"][url]
    assert state["etag"] == '"v1"' and state["error"] is None


def test_a_refetch_without_validators_adds_no_file(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type=RSS_TYPE)
    out = tmp_path / "news"
    url = httpserver.url_for("/rss")
    fetch(out, tmp_path / "data", url)
    files = sorted(out.iterdir())
    # A fresh data folder: no validators, so the feed comes whole; its items are on disk.
    [again] = fetch(out, tmp_path / "other-data", url)
    assert (again.new, again.already) == (0, 2)
    assert sorted(out.iterdir()) == files


def test_the_same_story_in_two_feeds_is_written_once(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/one").respond_with_data(RSS2, content_type=RSS_TYPE)
    # The second feed names the same story with another case and a trailing slash.
    twin = RSS2.replace(
        "https://www.harbour.example/news/tides", "HTTPS://WWW.harbour.example/news/tides/"
    )
    twin = twin.replace("harbour-1", "other-guid").replace("harbour-2", "other-2")
    httpserver.expect_request("/two").respond_with_data(twin, content_type=RSS_TYPE)
    out = tmp_path / "news"
    outcomes = fetch(out, tmp_path / "data", httpserver.url_for("/one"), httpserver.url_for("/two"))
    assert sum(outcome.new for outcome in outcomes) == 2
    assert len(list(out.glob("*.md"))) == 2


def test_gzip_responses_are_read(httpserver: HTTPServer, tmp_path: Path) -> None:
    def gzipped(request: Request) -> Response:
        assert "gzip" in request.headers.get("Accept-Encoding", "")
        return Response(
            gzip.compress(ATOM.encode()),
            content_type="application/atom+xml",
            headers={"Content-Encoding": "gzip"},
        )

    httpserver.expect_request("/atom").respond_with_handler(gzipped)
    out = tmp_path / "news"
    [outcome] = fetch(out, tmp_path / "data", httpserver.url_for("/atom"))
    assert (outcome.error, outcome.new) == (None, 1)
    assert "Stars seen from the hill" in articles_in(out)


def redirect(to: str, status: int = 302) -> Response:
    return Response(status=status, headers={"Location": to})


def test_five_redirects_are_followed_and_six_are_not(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    for hop in range(1, 6):
        httpserver.expect_request(f"/r{hop}").respond_with_response(redirect(f"/r{hop + 1}"))
    httpserver.expect_request("/r6").respond_with_data(RSS2, content_type=RSS_TYPE)
    httpserver.expect_request("/r0").respond_with_response(redirect("/r1", 301))
    out = tmp_path / "news"
    five, six = fetch(out, tmp_path / "data", httpserver.url_for("/r1"), httpserver.url_for("/r0"))
    assert (five.error, five.new) == (None, 2)
    assert six.error == "more than 5 redirects"


def test_a_redirect_loop_is_an_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/a").respond_with_response(redirect("/b"))
    httpserver.expect_request("/b").respond_with_response(redirect("/a"))
    [outcome] = fetch(tmp_path / "news", tmp_path / "data", httpserver.url_for("/a"))
    assert outcome.error == "more than 5 redirects"
    assert not (tmp_path / "news").exists() or not any((tmp_path / "news").iterdir())


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://x/1"]
)
def test_a_redirect_to_another_scheme_is_refused(
    httpserver: HTTPServer, tmp_path: Path, target: str
) -> None:
    httpserver.expect_request("/feed").respond_with_response(redirect(target))
    [outcome] = fetch(tmp_path / "news", tmp_path / "data", httpserver.url_for("/feed"))
    scheme = target.split(":", 1)[0]
    assert outcome.error == f"redirected to only http and https URLs are fetched, not {scheme}:"


def test_a_response_over_the_size_cap_is_given_up(httpserver: HTTPServer, tmp_path: Path) -> None:
    from newsreader.feeds.http import FeedClient

    huge = RSS2.replace("New ferry times", "x" * 200_000)
    httpserver.expect_request("/rss").respond_with_data(huge, content_type=RSS_TYPE)
    bomb = gzip.compress(b"<rss>" + b" " * 300_000 + b"</rss>")
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type=RSS_TYPE, headers={"Content-Encoding": "gzip"}
    )
    jobs = [
        FetchJob(Subscription(httpserver.url_for(path)), tmp_path / "news")
        for path in ("/rss", "/bomb")
    ]
    with FeedClient(max_bytes=100_000) as client:
        outcomes = fetch_feeds(jobs, FeedStates.open(tmp_path / "data"), client=client)
    assert all("100,000" in (outcome.error or "") for outcome in outcomes), outcomes


def test_at_most_two_requests_at_a_time_go_to_one_host(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    active = 0
    most = 0
    changed = threading.Condition()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            nonlocal active, most
            with changed:
                active += 1
                most = max(most, active)
                changed.notify_all()
                # Held until a second request is in too (or, with none coming, a while).
                changed.wait_for(lambda: active >= 2, timeout=2)
            body = RSS2.replace("harbour-", f"{self.path[1:]}-").replace("/news/", self.path)
            self.send_response(200)
            self.send_header("Content-Type", RSS_TYPE)
            self.end_headers()
            self.wfile.write(body.encode())
            with changed:
                active -= 1

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        urls = [f"http://127.0.0.1:{port}/feed{n}" for n in range(6)]
        outcomes = fetch(tmp_path / "news", tmp_path / "data", *urls)
    finally:
        server.shutdown()
        server.server_close()
    assert all(outcome.error is None for outcome in outcomes), outcomes
    assert most == 2


def test_a_server_too_slow_or_silent_is_given_up(tmp_path: Path) -> None:
    import socket
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from newsreader.feeds.http import FeedClient

    stop = threading.Event()

    class Trickle(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", RSS_TYPE)
            self.end_headers()
            # A byte now and then, for ever: each read is quick, the whole never ends.
            try:
                while not stop.wait(0.05):
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except OSError:
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # A listening socket that never answers: the connection is made, no reply ever comes.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    try:
        jobs = [
            FetchJob(Subscription(f"http://127.0.0.1:{server.server_address[1]}/"), tmp_path),
            FetchJob(Subscription(f"http://127.0.0.1:{silent.getsockname()[1]}/"), tmp_path),
        ]
        with FeedClient(total_timeout=1.0) as client:
            trickle, quiet = fetch_feeds(jobs, FeedStates.open(tmp_path / "data"), client=client)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        silent.close()
    assert trickle.error == "took longer than 1 seconds"
    assert quiet.error == "timed out"


def test_a_slug_comes_from_the_link_when_the_title_has_no_latin_letters(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    feed = (
        '<rss version="2.0"><channel><title>K</title><item><title>한국어 뉴스</title>'
        "<link>https://k.example/2023/economy-report.html</link>"
        "<pubDate>Fri, 06 Oct 2023 23:04:00 GMT</pubDate></item></channel></rss>"
    )
    httpserver.expect_request("/k").respond_with_data(feed, content_type=RSS_TYPE)
    out = tmp_path / "news"
    fetch(out, tmp_path / "data", httpserver.url_for("/k"))
    assert [path.name for path in out.glob("*.md")] == ["2023-10-06-economy-report.md"]
    assert list(articles_in(out)) == ["한국어 뉴스"]


def test_a_json_feed_with_a_byte_order_mark_reads() -> None:
    from newsreader.feeds.parse import parse_feed

    feed = parse_feed(b"\xef\xbb\xbf" + JSON_FEED.encode(), "https://json.example/feed.json")
    assert feed.kind == "json feed" and len(feed.items) == 2


@pytest.mark.parametrize(
    ("first", "third"),
    [
        (
            "https://s.example/ai/api/news/index.json",
            "https://s.example/ai/api/news/page/3/index.json",
        ),
        (
            "https://s.example/api/news/page/2/index.json",
            "https://s.example/api/news/page/3/index.json",
        ),
        ("https://s.example/api/news/", "https://s.example/api/news/page/3/index.json"),
        ("https://s.example/api/news", "https://s.example/api/news/page/3/index.json"),
    ],
)
def test_the_site_api_page_urls(first: str, third: str) -> None:
    from newsreader.feeds.site_api import page_url

    assert page_url(first, 3) == third
