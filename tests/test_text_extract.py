"""Reader mode's parts on their own: the F1 measure, extraction of a real page, decoding a
page's charset, and kept texts surviving a killed process."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.bench.text_quality import f1_score, read_pages, words
from newsreader.feeds.extract import extract_article, html_to_markdown
from newsreader.feeds.full_text import full_text
from newsreader.feeds.kept_texts import KeptText, KeptTexts
from newsreader.feeds.page_fetch import FetchError, FetchLimits, fetch_page
from newsreader.model.records import Article
from newsreader.text.body import markdown_to_plain

PAGES = Path(__file__).resolve().parent / "data" / "pages"


def test_f1_counts_words_casefolded_without_punctuation() -> None:
    assert f1_score("The cat, the HAT!", "the cat the hat") == 1.0
    assert f1_score("", "words") == 0.0
    assert f1_score("dog", "cat") == 0.0
    # Found: a b c d (4 words, 2 right); expected: a b (2 words, 2 found) -> P 0.5, R 1.
    assert f1_score("a b c d", "a b") == pytest.approx(2 * 0.5 * 1 / 1.5)
    # Repeated words count as often as they appear.
    assert f1_score("yes yes", "yes") == pytest.approx(2 / 3)


def test_words_of_scripts_without_spaces_are_characters() -> None:
    assert words("中美合作") == {"中": 1, "美": 1, "合": 1, "作": 1}
    # A Thai vowel mark stays with the letter it belongs to.
    assert list(words("กิน")) == ["กิ", "น"]


def test_benchmark_reads_pages_with_expected_text(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "metadata").mkdir()
    (tmp_path / "txt").mkdir()
    (tmp_path / "html" / "one.html").write_text("<p>one</p>")
    (tmp_path / "metadata" / "one.json").write_text('{"text": "expected one"}')
    (tmp_path / "html" / "two.html").write_text("<p>two</p>")
    (tmp_path / "metadata" / "two.json").write_text('{"text": ""}')
    (tmp_path / "txt" / "two.txt").write_text("expected two")
    (tmp_path / "html" / "none.html").write_text("<p>no expected text</p>")
    pages = read_pages(tmp_path)
    assert [(page.name, page.expected) for page in pages] == [
        ("one", "expected one"),
        ("two", "expected two"),
    ]


def test_extraction_of_a_real_page_keeps_its_text() -> None:
    html = (PAGES / "cnn_article.html").read_text(encoding="utf-8")
    expected = (PAGES / "cnn_article.txt").read_text(encoding="utf-8")
    extracted = extract_article(html, "http://www.cnn.com/2013/11/27/travel/weather/index.html")
    assert extracted is not None
    plain = extracted.plain
    for sentence in (
        '"We dodged a bullet," said Steve Cowan, a spokesman for the Pennsylvania '
        "Department of Transportation.",
        "Forecasters see mostly smooth sailing into Thanksgiving.",
        "Shannon Travis and Greg Botelho contributed to this report.",
    ):
        assert sentence in plain
    assert f1_score(plain, expected) >= 0.95
    # The page's menus and scripts are not the article.
    assert "window." not in plain and "function(" not in plain


def test_markdown_keeps_http_links_and_names_images() -> None:
    markdown = html_to_markdown(
        "<p>See <a href='/more'>the rest</a>, <a href='mailto:x@y'>mail</a> and "
        "<a href='data:text/html,x'>data</a>.</p><p><img src='a.png' alt='A quay'></p>"
        "<h2>Later</h2><ul><li>one</li><li>two</li></ul>",
        "https://news.example/2024/story",
    )
    assert "[the rest](https://news.example/more)" in markdown
    assert "mailto:" not in markdown and "data:" not in markdown
    assert "[image: A quay]" in markdown
    assert "## Later" in markdown and "- one\n- two" in markdown
    assert markdown_to_plain(markdown).startswith("See the rest, mail and data.")


@pytest.fixture
def server() -> HTTPServer:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("content_type", "head"),
    [
        ("text/html; charset=windows-1252", ""),
        ("text/html", "<meta charset='windows-1252'>"),
        ("text/html", "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"),
    ],
)
def test_charset_from_headers_or_meta(server: HTTPServer, content_type: str, head: str) -> None:
    page = (
        f"<html><head>{head}</head><body><p>Caf\xe9 cr\xe8me \u2019quoted\u2019</p></body></html>"
    )
    server.expect_request("/page").respond_with_data(
        page.encode("cp1252"), content_type=content_type
    )
    fetched = fetch_page(server.url_for("/page"))
    assert "Café crème ’quoted’" in fetched.html


def test_only_http_urls_are_fetched() -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="only http and https"):
            fetch_page(url, FetchLimits(timeout=1))


def test_a_redirect_to_another_scheme_is_refused(server: HTTPServer) -> None:
    server.expect_request("/r").respond_with_data(
        "", status=307, headers={"Location": "ftp://127.0.0.1/file"}
    )
    with pytest.raises(FetchError, match="redirect refused"):
        fetch_page(server.url_for("/r"))


KEEPER = """
import sys, time
from pathlib import Path
from newsreader.feeds.full_text import full_text
from newsreader.feeds.kept_texts import KeptText, KeptTexts
kept = KeptTexts.open(Path(sys.argv[1]))
number = 0
while True:
    url = f"https://news.example/story/{number}"
    kept.keep(url, KeptText(f"Text number {number}. " * 200, url, "trafilatura", time.time()))
    print(number, flush=True)
    number += 1
"""


def test_kept_texts_survive_kill_9(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(KEEPER), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    reported: list[int] = []
    for line in child.stdout:
        reported.append(int(line))
        if len(reported) >= 40:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    with KeptTexts.open(tmp_path) as kept:
        assert kept.warning is None
        found = kept.get_many(f"https://news.example/story/{n}" for n in reported)
        assert len(found) == len(reported)
        assert found["https://news.example/story/39"].markdown.startswith("Text number 39. ")
    # Kept compressed: 200 repeats of a sentence take a small part of their length.
    with sqlite3.connect(tmp_path / "texts.sqlite3") as raw:
        (size,) = raw.execute("SELECT max(length(text)) FROM kept_text").fetchone()
    assert size < len("Text number 39. " * 200) / 10


def test_a_damaged_texts_file_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "texts.sqlite3").write_bytes(b"this is not a database at all" * 100)
    with KeptTexts.open(tmp_path) as kept:
        assert kept.warning is not None and "damaged" in kept.warning
        kept.keep("https://a.example/x", KeptText("words", "https://a.example/x", "m", 0.0))
        assert kept.count() == 1
    assert list(tmp_path.glob("texts.sqlite3.damaged-*"))


def test_kept_texts_are_keyed_by_canonical_url(tmp_path: Path) -> None:
    with KeptTexts.open(tmp_path) as kept:
        kept.keep("HTTPS://News.Example/story/", KeptText("words", "https://x", "m", 0.0))
        assert kept.get("https://news.example/story#top") is not None
        assert kept.forget("https://news.example/story")
        assert kept.get("https://news.example/story") is None


def test_a_text_that_cannot_be_kept_is_still_given(server: HTTPServer, tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n}: the river rose overnight and the town's bridge was closed to "
        "traffic until the engineers had looked at it.</p>"
        for n in range(6)
    )
    server.expect_request("/river").respond_with_data(
        f"<html><body><article>{paragraphs}</article></body></html>", content_type="text/html"
    )
    KeptTexts.open(tmp_path).close()
    # The texts file opened read-only, as a folder on a read-only mount would be.
    read_only = sqlite3.connect(
        f"file:{tmp_path / 'texts.sqlite3'}?mode=ro",
        uri=True,
        isolation_level=None,
        check_same_thread=False,
    )
    kept = KeptTexts(read_only, tmp_path / "texts.sqlite3")
    article = Article(
        id="river", title="River", source=tmp_path / "river.md", url=server.url_for("/river")
    )
    text = full_text(article, kept)
    assert "Paragraph 5: the river rose overnight" in text.markdown
    assert text.not_kept is not None and "readonly" in text.not_kept.replace("-", "")
    assert kept.count() == 0
    kept.close()


def test_a_trickling_page_is_given_up_when_the_time_is_up(server: HTTPServer) -> None:
    stop = threading.Event()

    def trickle(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            yield b"<html><body><p>"
            # A few words at a time, forever: each read is answered, the page never ends.
            while not stop.wait(0.2):
                yield b"slowly " * 10

        return Response(body(), content_type="text/html")

    server.expect_request("/slow").respond_with_handler(trickle)
    try:
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetch_page(server.url_for("/slow"), FetchLimits(timeout=1, connect_timeout=1))
    finally:
        stop.set()
