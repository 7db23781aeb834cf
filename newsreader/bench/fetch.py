"""`python -m newsreader.bench --fetch N`: fetching and writing N items from a local server.

Half the items are in RSS 2.0 feeds of 500 items each, half in the site's JSON API at 100 items
a page; a standard-library HTTP server in a thread serves them on 127.0.0.1 (it answers
If-Modified-Since with 304). Three fetches are timed, each with `fetch_feeds` as
`newsreader fetch` runs it:

- cold: an empty folder, so every item is written as an article file;
- 304: again with the state the first left, so every feed answers 304 Not Modified;
- known: again without that state, so every document is fetched and read, and every item
  found already in the folder (nothing written).
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from newsreader.feeds.fetch import FetchJob, fetch_feeds
from newsreader.feeds.subscriptions import FeedStates, Subscription

RSS_ITEMS_PER_FEED = 500
API_ITEMS_PER_PAGE = 100
_WORDS = (
    *("harbour", "tide", "ferry", "robot", "model", "chip"),
    *("market", "climate", "court", "league", "vote", "space"),
)


@dataclass(frozen=True, slots=True)
class FetchTimes:
    """Seconds for each fetch, and the items the cold one wrote."""

    items: int
    written: int
    cold: float
    not_modified: float
    known: float


def _paragraph(number: int) -> str:
    words = [_WORDS[(number * 7 + k) % len(_WORDS)] for k in range(60)]
    return " ".join(words).capitalize() + "."


def write_feeds(root: Path, items: int) -> list[str]:
    """The feed documents for `items` items under `root`; their paths (for URLs)."""
    in_rss = items // 2
    paths: list[str] = []
    number = 0
    feeds = root / "feeds"
    feeds.mkdir(parents=True)
    for feed in range((in_rss + RSS_ITEMS_PER_FEED - 1) // RSS_ITEMS_PER_FEED):
        entries = []
        for _ in range(min(RSS_ITEMS_PER_FEED, in_rss - feed * RSS_ITEMS_PER_FEED)):
            number += 1
            entries.append(
                f"<item><title>Story {number}: {escape(_WORDS[number % len(_WORDS)])} news"
                f"</title><link>https://news{feed}.example/{number}</link>"
                f"<guid>https://news{feed}.example/{number}</guid>"
                f"<pubDate>Fri, 06 Oct 2023 {number % 24:02d}:04:00 GMT</pubDate>"
                f"<category>Topic {number % 30}</category>"
                f"<description>&lt;p&gt;{escape(_paragraph(number))}&lt;/p&gt;</description>"
                "</item>"
            )
        (feeds / f"rss-{feed}.xml").write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<title>Feed {feed}</title><link>https://news{feed}.example/</link>"
            + "".join(entries)
            + "</channel></rss>",
            encoding="utf-8",
        )
        paths.append(f"feeds/rss-{feed}.xml")
    in_api = items - in_rss
    pages = max(1, (in_api + API_ITEMS_PER_PAGE - 1) // API_ITEMS_PER_PAGE)
    api = root / "api" / "news"
    for page in range(1, pages + 1):
        values = []
        for _ in range(min(API_ITEMS_PER_PAGE, in_api - (page - 1) * API_ITEMS_PER_PAGE)):
            number += 1
            values.append(
                {
                    "title": f"Site story {number}",
                    "excerpt": _paragraph(number)[:150],
                    "content": f"<p>{_paragraph(number)}</p>",
                    "publishedDateTime": f"2023-10-{number % 28 + 1:02d}T10:00:00Z",
                    "originalUrl": f"https://publisher.example/{number}",
                    "webUrl": f"https://site.example/news/{number}",
                    "provider": {"name": "Publisher", "domain": "publisher.example"},
                    "topics": [f"Topic {number % 30}"],
                    "images": [{"url": f"https://publisher.example/{number}.jpg"}],
                    "heat": number % 100,
                }
            )
        folder = api if page == 1 else api / "page" / str(page)
        folder.mkdir(parents=True, exist_ok=True)
        document = {"page": page, "value": values, "nextPage": page + 1 if page < pages else None}
        (folder / "index.json").write_text(json.dumps(document), encoding="utf-8")
    paths.append("api/news/index.json")
    return paths


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """A server for `root` on 127.0.0.1 in a thread; its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure_fetch(items: int, base: Path | None = None) -> FetchTimes:
    """Time the three fetches of `items` items (see the module's docstring)."""
    root = Path(tempfile.mkdtemp(prefix="newsreader-fetch-", dir=base))
    try:
        paths = write_feeds(root / "served", items)
        with serving(root / "served") as url:
            out = root / "news"
            jobs = [FetchJob(Subscription(url + path), out) for path in paths]

            def timed(data: Path) -> tuple[float, int]:
                started = time.perf_counter()
                outcomes = fetch_feeds(jobs, FeedStates.open(data))
                elapsed = time.perf_counter() - started
                failed = [outcome for outcome in outcomes if outcome.error]
                if failed:
                    raise RuntimeError(failed[0].describe())
                return elapsed, sum(outcome.new for outcome in outcomes)

            cold, written = timed(root / "data")
            not_modified, _ = timed(root / "data")
            known, _ = timed(root / "other-data")
        return FetchTimes(items, written, cold, not_modified, known)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def fetch_report(items: int, runs: int, base: Path | None = None) -> str:
    """A Markdown table of the medians of `runs` measurements."""
    results = [measure_fetch(items, base) for _ in range(max(1, runs))]

    def median(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[len(ordered) // 2]

    cold = median([result.cold for result in results])
    not_modified = median([result.not_modified for result in results])
    known = median([result.known for result in results])
    written = results[0].written
    rows = [
        "| Fetch | Seconds | Items/s |",
        "| --- | ---: | ---: |",
        f"| cold: {written:,} items written | {cold:.2f} | {written / cold:,.0f} |",
        f"| again, every feed 304 | {not_modified:.2f} | - |",
        f"| again without validators, every item known | {known:.2f} | {items / known:,.0f} |",
    ]
    return "\n".join(rows)
