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


def test_a_markdown_link_holding_parentheses_in_pairs_is_taken_whole() -> None:
    body = (
        "See [Mercury](https://en.wikipedia.org/wiki/Mercury_(planet)) and "
        "[x](https://a.example/b) (https://c.example/d)."
    )
    assert find_links(body) == [
        Link("Mercury", "https://en.wikipedia.org/wiki/Mercury_(planet)"),
        Link("x", "https://a.example/b"),
        Link("https://c.example/d", "https://c.example/d"),
    ]


def test_the_drawn_part_of_a_body_is_bounded_and_counts_what_is_left_out() -> None:
    from newsreader.text.body import MAX_DRAWN_CHARACTERS, MAX_DRAWN_LINES, drawn_part

    short = "a\nb\nc"
    assert drawn_part(short).text == short and drawn_part(short).lines_left_out == 0
    many = "".join(f"line {n}\n" for n in range(MAX_DRAWN_LINES + 500))
    drawn = drawn_part(many)
    assert drawn.text.splitlines() == [f"line {n}" for n in range(MAX_DRAWN_LINES)]
    assert drawn.lines_left_out == 500
    exactly = "x\n" * MAX_DRAWN_LINES
    assert drawn_part(exactly).lines_left_out == 0
    one_long_line = "y" * (MAX_DRAWN_CHARACTERS + 10)
    assert drawn_part(one_long_line).text == "y" * MAX_DRAWN_CHARACTERS
    long_lines = ("z" * 999 + "\n") * 1000
    drawn = drawn_part(long_lines)
    assert drawn.text.endswith("\n") and len(drawn.text) <= MAX_DRAWN_CHARACTERS
    assert len(drawn.text.splitlines()) + drawn.lines_left_out == 1000
