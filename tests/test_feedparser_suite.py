"""feedparser's own test feeds (tests/data/feedparser) mapped to article files.

Every case is read and each of its items written as the fetch writes it: nothing may crash,
and no file written may hold markup that runs (scripts, frames, event handlers) or a control
character or escape. A sample of the sanitising cases goes through the whole fetch, over HTTP.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from newsreader.feeds.article_files import FeedContext, new_article
from newsreader.feeds.article_writing import write_article
from newsreader.feeds.fetch import FetchJob, fetch_feeds
from newsreader.feeds.parse import NotAFeed, parse_feed
from newsreader.feeds.subscriptions import FeedStates, Subscription
from newsreader.loading.article_file import load_file
from newsreader.model.records import Article

SUITE = Path(__file__).parent / "data" / "feedparser"
MARKUP = re.compile(
    r"<\s*/?\s*(script|iframe|frame|object|embed|style|applet|meta|link|base|form|svg)\b"
    r"|<[^>]*\son\w+\s*=",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_written(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not MARKUP.search(text), (path, MARKUP.search(text))
    assert not CONTROL.search(text), (path, CONTROL.search(text))
    loaded = load_file(path)
    assert isinstance(loaded, Article), loaded
    assert loaded.url is None or loaded.url.startswith(("http://", "https://"))


def test_every_case_maps_without_crash_markup_or_escapes(tmp_path: Path) -> None:
    cases = sorted(SUITE.rglob("*.xml"))
    assert len(cases) > 2000
    read = written = 0
    for case in cases:
        url = f"http://127.0.0.1/{case.relative_to(SUITE).as_posix()}"
        try:
            feed = parse_feed(case.read_bytes(), url)
        except NotAFeed:
            continue
        read += 1
        context = FeedContext(url=url, title=feed.title, site_url=feed.site_url)
        for item in feed.items:
            article = new_article(item, context, datetime.now(UTC))
            if article is None:
                continue
            check_written(write_article(tmp_path / case.parent.name, article))
            written += 1
    # Nearly every case is a feed; some hundreds of items have neither title nor text left.
    assert read > 2100 and written > 400, (read, written)


def test_sanitising_cases_through_the_whole_fetch(httpserver: HTTPServer, tmp_path: Path) -> None:
    cases = sorted((SUITE / "wellformed" / "sanitize").glob("*.xml"))[::5]
    for case in cases:
        httpserver.expect_request(f"/{case.name}").respond_with_data(
            case.read_bytes(), content_type="application/xml"
        )
    out = tmp_path / "news"
    jobs = [FetchJob(Subscription(httpserver.url_for(f"/{case.name}")), out) for case in cases]
    outcomes = fetch_feeds(jobs, FeedStates.open(tmp_path / "data"))
    assert all(outcome.error is None for outcome in outcomes), outcomes
    files = list(out.glob("*.md"))
    assert len(files) == sum(outcome.new for outcome in outcomes) > 20
    for path in files:
        check_written(path)
