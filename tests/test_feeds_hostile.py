"""Hostile and broken feeds: contained to their own feed, nothing dangerous written."""

from __future__ import annotations

import re
from pathlib import Path

from pytest_httpserver import HTTPServer

from newsreader.feeds.fetch import FetchJob, fetch_feeds
from newsreader.feeds.subscriptions import FeedStates, Subscription
from newsreader.loading.article_file import load_file
from newsreader.model.records import Article

RSS_TYPE = "application/rss+xml"
MARKUP = re.compile(r"<\s*(script|iframe|object|embed|style)|<[^>]*\son\w+\s*=", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def rss(items: str, title: str = "Hostile") -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://hostile.example/</link>{items}</channel></rss>"
    )


def fetch_one(httpserver: HTTPServer, folder: Path, document: str | bytes, path: str = "/feed"):
    httpserver.expect_request(path).respond_with_data(document, content_type=RSS_TYPE)
    job = FetchJob(Subscription(httpserver.url_for(path)), folder)
    [outcome] = fetch_feeds([job], FeedStates.open(folder.parent / "data"))
    return outcome


def written_texts(folder: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in folder.rglob("*") if path.is_file()]


def test_external_entities_are_never_read(httpserver: HTTPServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    document = (
        '<?xml version="1.0"?>'
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>T</title>'
        "<item><title>Leak &xxe;</title><link>https://x.example/1</link></item>"
        "</channel></rss>"
    )
    out = tmp_path / "news"
    outcome = fetch_one(httpserver, out, document)
    assert outcome.error is not None and "entities" in outcome.error
    assert not any("TOP-SECRET" in text for text in written_texts(tmp_path / "news"))


def test_billion_laughs_is_refused_without_expanding(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    document = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>'
        '<rss version="2.0"><channel><title>&lol9;</title>'
        "<item><title>&lol9;</title><link>https://x.example/1</link></item></channel></rss>"
    )
    outcome = fetch_one(httpserver, tmp_path / "news", document)
    assert outcome.error is not None and "entities" in outcome.error
    assert outcome.new == 0


def test_scripts_frames_handlers_and_escapes_never_reach_a_file(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    content = (
        "&lt;p onclick=&quot;steal()&quot;&gt;Hello&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;iframe src=&quot;https://evil.example/&quot;&gt;&lt;/iframe&gt;"
        "&lt;img src=x onerror=alert(1)&gt; world &amp;lt;script&amp;gt;x&amp;lt;/script&amp;gt;"
        "&lt;a href=&quot;javascript:alert(2)&quot;&gt;click&lt;/a&gt;"
        "&lt;a href=&quot;https://ok.example/&quot;&gt;fine&lt;/a&gt;&lt;/p&gt;"
    )
    items = (
        "<item><title>Bell\x07 and \x1b]52;c;aGk=\x07clipboard \x1b[2J clear</title>"
        "<link>https://hostile.example/1</link>"
        f"<description>Summary \x1b[31mred\x1b[0m &amp;lt;iframe&amp;gt;</description>"
        f'<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"{content}</content:encoded></item>"
    )
    # XML 1.0 has no place for most control characters: they are sent as the bytes they are.
    document = rss(items).encode("utf-8")
    out = tmp_path / "news"
    outcome = fetch_one(httpserver, out, document)
    assert outcome.error is None and outcome.new == 1, outcome
    [text] = written_texts(out)
    assert not MARKUP.search(text), text
    assert not CONTROL.search(text), text
    assert "javascript:" not in text
    [path] = out.glob("*.md")
    article = load_file(path)
    assert isinstance(article, Article)
    assert article.title == "Bell and clipboard clear"
    assert "Hello" in article.body and "world" in article.body
    assert "[fine](https://ok.example/)" in article.body
    assert "click" in article.body


def test_only_http_links_become_article_urls(httpserver: HTTPServer, tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link><guid>g{n}</guid></item>"
        for n, link in enumerate(
            [
                "javascript:alert(1)",
                "file:///etc/passwd",
                "data:text/html,hi",
                "https://ok.example/a",
            ]
        )
    )
    out = tmp_path / "news"
    outcome = fetch_one(httpserver, out, rss(items))
    assert outcome.new == 4
    urls = {}
    for path in out.glob("*.md"):
        article = load_file(path)
        assert isinstance(article, Article)
        urls[article.title] = article.url
    assert urls["Item 3"] == "https://ok.example/a"
    for n in range(3):
        assert urls[f"Item {n}"] is None or urls[f"Item {n}"].startswith("http")


def test_titles_and_guids_never_make_a_path(httpserver: HTTPServer, tmp_path: Path) -> None:
    titles = ["../../../escape", "/etc/passwd", "..", "a/b\\c", "con", "", "...", "\u202etxt.exe"]
    items = "".join(
        f"<item><title>{title}</title><guid>../../{n}/x</guid>"
        f"<description>text {n}</description></item>"
        for n, title in enumerate(titles)
    )
    out = tmp_path / "deep" / "news"
    outcome = fetch_one(httpserver, out, rss(items))
    assert outcome.error is None and outcome.new == len(titles)
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    written = [path for path in files if path.parent == out]
    assert len(written) == len(titles)
    assert all(path.parent in (out, out.parent / "data") for path in files), files
    for path in written:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md", path.name), path.name


def test_huge_items_are_capped(httpserver: HTTPServer, tmp_path: Path) -> None:
    items = (
        f"<item><title>{'Long ' * 5000}</title><link>https://x.example/1</link>"
        f"<description>{'word ' * 100_000}</description>"
        f"{''.join(f'<category>topic {n}</category>' for n in range(500))}</item>"
    )
    out = tmp_path / "news"
    outcome = fetch_one(httpserver, out, rss(items))
    assert outcome.new == 1
    [path] = out.glob("*.md")
    assert path.stat().st_size < 150_000
    article = load_file(path)
    assert isinstance(article, Article)
    assert len(article.title) <= 300
    assert len(article.topics) <= 20
    assert len(path.name) < 90


def test_broken_feeds_cost_only_themselves(httpserver: HTTPServer, tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    good = rss("<item><title>Good one</title><link>https://good.example/1</link></item>")
    httpserver.expect_request("/good").respond_with_data(good, content_type=RSS_TYPE)
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    httpserver.expect_request("/html").respond_with_data(
        "<html><body><p>Welcome</p></body></html>", content_type="text/html"
    )
    httpserver.expect_request("/cut").respond_with_data(
        good[: len(good) // 2], content_type=RSS_TYPE
    )
    httpserver.expect_request("/json").respond_with_data(
        '{"hello": 1}', content_type="application/json"
    )
    urls = [
        httpserver.url_for("/missing"),
        f"http://127.0.0.1:{closed_port}/feed",
        httpserver.url_for("/html"),
        httpserver.url_for("/cut"),
        httpserver.url_for("/json"),
        httpserver.url_for("/good"),
    ]
    out = tmp_path / "news"
    jobs = [FetchJob(Subscription(url), out) for url in urls]
    outcomes = fetch_feeds(jobs, FeedStates.open(tmp_path / "data"))
    errors = [outcome.error for outcome in outcomes]
    assert errors[0] is not None and errors[0].startswith("HTTP 404")
    assert errors[1] is not None and errors[1].startswith("could not connect")
    assert errors[2] is not None and errors[2].startswith("not an RSS or Atom feed")
    assert errors[3] is not None and errors[3].startswith("the XML is cut off"), outcomes[3]
    assert errors[4] == "JSON, but neither a JSON Feed nor a page of the site's API"
    assert errors[5] is None and outcomes[5].new == 1
    assert [path.name for path in out.glob("*.md")] == [outcomes[5].written[0].name]
