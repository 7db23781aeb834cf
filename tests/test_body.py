"""Links and Markdown in body text."""

from __future__ import annotations

from newsreader.text.body import Link, find_links, looks_like_markdown
from newsreader.text.urls import check_openable


def test_markdown_links_and_bare_urls_in_order_each_once() -> None:
    body = (
        "Read [the report](https://a.example/report) first.\n"
        "More at https://b.example/page, and (https://c.example/x).\n"
        "Again: https://a.example/report."
    )
    assert find_links(body) == [
        Link("the report", "https://a.example/report"),
        Link("https://b.example/page", "https://b.example/page"),
        Link("https://c.example/x", "https://c.example/x"),
    ]


def test_truncated_url_keeps_its_ellipsis_and_is_never_openable() -> None:
    [link] = find_links("[Original text: https://deeplearning.ai/the-batch/issue-… ]")
    assert link.url.endswith("…")
    assert check_openable(link.url).url is None


def test_non_http_links_are_not_collected() -> None:
    assert find_links("[x](javascript:alert(1)) and file:///etc/passwd") == []


def test_markdown_detection() -> None:
    assert looks_like_markdown("# Heading\n\nText")
    assert looks_like_markdown("Some **bold** words")
    assert looks_like_markdown("A [link](https://a.example/)")
    # Plain text with bullets, or arithmetic, stays plain.
    assert not looks_like_markdown("- one\n- two\nA plain paragraph.")
    assert not looks_like_markdown("It costs 2 * 3 * 4 dollars.")
