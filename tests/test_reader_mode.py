"""Reader mode from the command line: `newsreader text`, against a real HTTP server on 127.0.0.1.

The installed command runs in a subprocess; pages come from pytest-httpserver. Nothing reaches
the internet.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

NEWSREADER = Path(sys.executable).parent / "newsreader"
PAGES = Path(__file__).resolve().parent / "data" / "pages"
CNN_PAGE = (PAGES / "cnn_article.html").read_bytes()
KEY_SENTENCE = '"We dodged a bullet," said Steve Cowan'
LATER_SENTENCE = "Forecasters see mostly smooth sailing into Thanksgiving."

PARAGRAPHS = "\n".join(
    f"<p>Paragraph {n} of the harbour story: the council met again on Tuesday evening and "
    f"talked at length about the seawall, the ferry timetable and the fishing quotas.</p>"
    for n in range(1, 9)
)


def article_page(body: str = PARAGRAPHS, title: str = "Harbour council story") -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright the harbour paper</footer></body></html>"
    )


def write_article(folder: Path, url: str, name: str = "story.md", body: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        "---\n"
        'title: "Storm spares the holiday travel"\n'
        'excerpt: "Only an excerpt in the file."\n'
        "publishedDateTime: 2023-11-27T12:00:00Z\n"
        f'originalUrl: "{url}"\n'
        "provider:\n  name: Example News\n"
        f"---\n{body}",
        encoding="utf-8",
    )
    return path


def newsreader(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        NEWSREADER_DATA_DIR=str(cwd / "data"),
        NEWSREADER_CACHE_DIR=str(cwd / "cache"),
        TZ="UTC",
        COLUMNS="200",
    )
    return subprocess.run(
        [str(NEWSREADER), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def only_id(folder: Path, cwd: Path) -> str:
    listed = newsreader("list", "--json", folder, cwd=cwd)
    assert listed.returncode == 0, listed.stderr
    (record,) = [json.loads(line) for line in listed.stdout.splitlines()]
    return str(record["id"])


def short_timeout_config(cwd: Path, seconds: float = 1) -> Path:
    config = cwd / "config.toml"
    config.write_text(f"fetch_timeout = {seconds}\nfetch_max_mb = 10\n", encoding="utf-8")
    return config


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """A server of its own for each test, on 127.0.0.1, that a test may stop (to be offline)."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    if server.is_running():
        server.stop()


def test_text_is_fetched_kept_and_read_again_offline(httpserver: HTTPServer, work: Path) -> None:
    httpserver.expect_request("/2013/11/27/travel/weather").respond_with_data(
        CNN_PAGE, content_type="text/html; charset=utf-8"
    )
    articles = work / "news"
    write_article(articles, httpserver.url_for("/2013/11/27/travel/weather"))
    article_id = only_id(articles, work)

    first = newsreader("text", article_id, articles, cwd=work)
    assert first.returncode == 0, first.stderr
    assert KEY_SENTENCE in first.stdout
    assert LATER_SENTENCE in first.stdout
    # Not a terminal: plain text, no Markdown link syntax.
    assert "](http" not in first.stdout
    assert len(httpserver.log) == 1

    httpserver.stop()
    again = newsreader("text", article_id, articles, cwd=work)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout

    as_json = newsreader("text", article_id, articles, "--json", cwd=work)
    record = json.loads(as_json.stdout)
    assert record["text_source"] == "fetched"
    assert record["page_url"] == httpserver.url_for("/2013/11/27/travel/weather")
    assert KEY_SENTENCE in record["text"]
    # Links in the page stay links in the Markdown.
    assert (
        "[your videos, pictures and stories at iReport](http://ireport.cnn.com/"
        in (record["markdown"])
    )


def test_refresh_fetches_the_page_again(httpserver: HTTPServer, work: Path) -> None:
    httpserver.expect_request("/story").respond_with_data(article_page(), content_type="text/html")
    articles = work / "news"
    write_article(articles, httpserver.url_for("/story"))
    article_id = only_id(articles, work)
    assert (
        "Paragraph 3 of the harbour story"
        in newsreader("text", article_id, articles, cwd=work).stdout
    )

    httpserver.clear()
    updated = PARAGRAPHS.replace("harbour story", "updated harbour story")
    httpserver.expect_request("/story").respond_with_data(
        article_page(updated), content_type="text/html"
    )
    kept = newsreader("text", article_id, articles, cwd=work)
    assert "updated harbour" not in kept.stdout
    assert len(httpserver.log) == 0

    refreshed = newsreader("text", article_id, articles, "--refresh", cwd=work)
    assert refreshed.returncode == 0, refreshed.stderr
    assert "Paragraph 3 of the updated harbour story" in refreshed.stdout
    assert len(httpserver.log) == 1


def test_a_body_in_the_file_is_printed_without_fetching(httpserver: HTTPServer, work: Path) -> None:
    articles = work / "news"
    write_article(articles, httpserver.url_for("/story"), body="The file's own words.\n")
    done = newsreader("text", only_id(articles, work), articles, "--json", cwd=work)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["text_source"] == "file"
    assert record["text"].strip() == "The file's own words."
    assert len(httpserver.log) == 0


def test_kept_text_is_the_body_in_list_show_search_and_check(
    httpserver: HTTPServer, work: Path
) -> None:
    httpserver.expect_request("/story").respond_with_data(article_page(), content_type="text/html")
    articles = work / "news"
    write_article(articles, httpserver.url_for("/story"))
    article_id = only_id(articles, work)
    before = json.loads(newsreader("list", "--json", articles, cwd=work).stdout)
    assert before["text_source"] is None and before["body"] == ""
    assert newsreader("list", "-q", "seawall", articles, cwd=work).stdout == ""

    assert newsreader("text", article_id, articles, cwd=work).returncode == 0
    httpserver.stop()
    after = json.loads(newsreader("list", "--json", articles, cwd=work).stdout)
    assert after["text_source"] == "fetched"
    assert "Paragraph 8 of the harbour story" in after["body"]
    assert after["excerpt"] == "Only an excerpt in the file."
    found = newsreader("list", "-q", "seawall ferry", articles, cwd=work)
    assert article_id in found.stdout
    shown = newsreader("show", article_id, articles, cwd=work)
    assert "Paragraph 8 of the harbour story" in shown.stdout
    assert "text fetched from 127.0.0.1" in shown.stdout
    checked = newsreader("check", "-v", articles, cwd=work)
    assert "1 full text kept in the data folder, 1 of them for these articles" in checked.stdout


def test_forget_one_and_forget_all(httpserver: HTTPServer, work: Path) -> None:
    for name in ("one", "two"):
        httpserver.expect_request(f"/{name}").respond_with_data(
            article_page(), content_type="text/html"
        )
    first_folder, second_folder = work / "first", work / "second"
    write_article(first_folder, httpserver.url_for("/one"))
    write_article(second_folder, httpserver.url_for("/two"))
    first, second = only_id(first_folder, work), only_id(second_folder, work)
    assert newsreader("text", first, first_folder, cwd=work).returncode == 0
    assert newsreader("text", second, second_folder, cwd=work).returncode == 0
    httpserver.stop()

    forgot = newsreader("text", "--forget", first, first_folder, cwd=work)
    assert forgot.returncode == 0, forgot.stderr
    assert newsreader("text", first, first_folder, cwd=work).returncode == 1
    assert newsreader("text", second, second_folder, cwd=work).returncode == 0

    everything = newsreader("text", "--forget-all", cwd=work)
    assert everything.returncode == 0, everything.stderr
    assert "forgot 1 kept text" in everything.stdout
    assert newsreader("text", second, second_folder, cwd=work).returncode == 1


def test_bad_usage_is_status_2(work: Path) -> None:
    assert newsreader("text", cwd=work).returncode == 2
    assert newsreader("text", "--forget-all", "abc", cwd=work).returncode == 2
    assert newsreader("text", "--forget", "--refresh", "abc", cwd=work).returncode == 2


# Hostile and broken pages: each is exit status 1 with a one-line reason, and nothing else.


def fails(done: subprocess.CompletedProcess[str], reason: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert reason in lines[0]


def test_scripts_and_escape_sequences_never_reach_the_output(
    httpserver: HTTPServer, work: Path
) -> None:
    hostile = (
        PARAGRAPHS
        + "<script>document.write('SCRIPT-RAN'); fetch('/steal')</script>"
        + "<p>A title change \x1b]0;pwned\x07 and a clear \x1b[2J and OSC 52 "
        "\x1b]52;c;ZXZpbA==\x07 written into the page's own text, with more words after.</p>"
        + "<p>Entities too: &#27;[31mred&#27;[0m and &#x9b;6n and [bold]markup[/bold] "
        "and [@click=app.quit]click[/] stay words.</p>"
        + "<p><img src=x onerror=alert(1) alt='A harbour at dusk'>"
        "<a href='javascript:alert(1)'>a javascript link</a></p>"
    )
    httpserver.expect_request("/story").respond_with_data(
        article_page(hostile), content_type="text/html; charset=utf-8"
    )
    articles = work / "news"
    write_article(articles, httpserver.url_for("/story"))
    done = newsreader("text", only_id(articles, work), articles, "--json", cwd=work)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    for text in (record["markdown"], record["text"], done.stdout):
        assert "SCRIPT-RAN" not in text and "/steal" not in text
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
        assert "javascript:" not in text
    assert "[image: A harbour at dusk]" in record["markdown"]
    assert "[bold]markup[/bold]" in record["text"]
    plain = newsreader("text", record["id"], articles, cwd=work)
    assert "\x1b" not in plain.stdout and "SCRIPT-RAN" not in plain.stdout


def streamed_megabytes(total_mb: int) -> Iterator[bytes]:
    yield b"<!doctype html><html><body><article>"
    chunk = b"<p>" + b"padding words " * 4600 + b"</p>\n"
    for _ in range(total_mb * 1024 * 1024 // len(chunk) + 1):
        yield chunk


def test_a_30_megabyte_page_is_too_large(httpserver: HTTPServer, work: Path) -> None:
    sent: list[int] = []

    def huge(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for chunk in streamed_megabytes(30):
                sent.append(len(chunk))
                yield chunk

        # No Content-Length: the size is only known by reading, which stops at the cap.
        return Response(body(), content_type="text/html")

    httpserver.expect_request("/huge").respond_with_handler(huge)
    articles = work / "news"
    write_article(articles, httpserver.url_for("/huge"))
    fails(newsreader("text", only_id(articles, work), articles, cwd=work), "too large")
    assert sum(sent) < 30 * 1024 * 1024


def test_a_declared_large_page_is_refused_before_reading(
    httpserver: HTTPServer, work: Path
) -> None:
    config = work / "config.toml"
    config.write_text("fetch_max_mb = 1\n", encoding="utf-8")
    body = b"".join(streamed_megabytes(2))
    httpserver.expect_request("/big").respond_with_data(body, content_type="text/html")
    articles = work / "news"
    write_article(articles, httpserver.url_for("/big"))
    done = newsreader("text", only_id(articles, work), articles, "--config", config, cwd=work)
    fails(done, "too large: more than 1 MB")


def test_a_redirect_to_file_is_refused(httpserver: HTTPServer, work: Path) -> None:
    httpserver.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    articles = work / "news"
    write_article(articles, httpserver.url_for("/story"))
    done = newsreader("text", only_id(articles, work), articles, cwd=work)
    fails(done, "redirect refused")
    assert "root:" not in done.stderr


def test_more_than_five_redirects_are_refused(httpserver: HTTPServer, work: Path) -> None:
    for hop in range(7):
        httpserver.expect_request(f"/hop{hop}").respond_with_data(
            "", status=301, headers={"Location": f"/hop{hop + 1}"}
        )
    httpserver.expect_request("/hop7").respond_with_data(article_page(), content_type="text/html")
    articles = work / "news"
    write_article(articles, httpserver.url_for("/hop0"))
    fails(newsreader("text", only_id(articles, work), articles, cwd=work), "redirects")


def test_five_redirects_are_followed(httpserver: HTTPServer, work: Path) -> None:
    for hop in range(5):
        httpserver.expect_request(f"/hop{hop}").respond_with_data(
            "", status=301, headers={"Location": f"/hop{hop + 1}"}
        )
    httpserver.expect_request("/hop5").respond_with_data(article_page(), content_type="text/html")
    articles = work / "news"
    write_article(articles, httpserver.url_for("/hop0"))
    done = newsreader("text", only_id(articles, work), articles, "--json", cwd=work)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["page_url"] == httpserver.url_for("/hop5")


def test_a_page_that_never_answers_times_out(work: Path) -> None:
    # A server that accepts connections and never says a word.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        articles = work / "news"
        write_article(articles, f"http://127.0.0.1:{port}/story")
        config = short_timeout_config(work, seconds=1)
        done = newsreader("text", only_id(articles, work), articles, "--config", config, cwd=work)
    fails(done, "timed out after 1 s")


def test_a_page_that_is_not_html(httpserver: HTTPServer, work: Path) -> None:
    httpserver.expect_request("/paper.pdf").respond_with_data(
        b"%PDF-1.7 not a web page", content_type="application/pdf"
    )
    articles = work / "news"
    write_article(articles, httpserver.url_for("/paper.pdf"))
    fails(newsreader("text", only_id(articles, work), articles, cwd=work), "not HTML")


def test_a_page_without_article_text(httpserver: HTTPServer, work: Path) -> None:
    httpserver.expect_request("/empty").respond_with_data(
        "<html><body><nav><a href='/'>Home</a></nav><p>Log in</p></body></html>",
        content_type="text/html",
    )
    articles = work / "news"
    write_article(articles, httpserver.url_for("/empty"))
    fails(newsreader("text", only_id(articles, work), articles, cwd=work), "nothing found")


def test_an_http_error_names_the_status(httpserver: HTTPServer, work: Path) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    articles = work / "news"
    write_article(articles, httpserver.url_for("/gone"))
    fails(newsreader("text", only_id(articles, work), articles, cwd=work), "HTTP 404")
