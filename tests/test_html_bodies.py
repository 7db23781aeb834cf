"""Article files as sibling sites of the seeds' site write them."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.present import meta_parts, shows_encrypted_note, text_to_show
from newsreader.loading.article_file import load_bytes, load_file
from newsreader.loading.collection import load_paths
from newsreader.model.records import Article
from newsreader.text.body import find_links

# A complete tag of any of these elements, as it would stand in markup.
TAG = re.compile(
    r"</?(?:p|a|img|span|br|ul|ol|li|h[1-6]|div|script|style|iframe|b|i|em|strong)\b[^<>]*>",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

HTML_BODY = """\
<h2>The plan</h2>
<p>Officials&nbsp;said the <span class="hl" style="color:#c00;font-weight:bold" \
data-tracking="x1">new rules</span> start in May.<br>They apply to every city.</p>
<p>Read <a href="https://example.com/watch?v=1.0&amp;px=999" onclick="track()" \
rel="nofollow">the full report</a> or <a href="https://example.com/a?x=1&#038;y=2">the data</a>.</p>
<img src="https://example.com/chart.png" alt="Chart of city budgets" width="600">
<img src="https://tracker.example/pixel.gif" width="1" height="1">
<ul><li>Buses first</li><li>Trains next</li></ul>
<script>document.write('injected script text')</script>
<style>.hl { color: red } /* injected style text */</style>
<!-- injected comment text -->
<iframe src="https://player.example/embed">injected iframe text</iframe>
<?php echo "injected php text"; ?><noscript>injected noscript text</noscript>
"""


def article_file(folder: Path, name: str, front_matter: str, body: str = "") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
    return path


def load_one(path: Path) -> Article:
    result = load_file(path)
    assert isinstance(result, Article), result
    return result


def html_article(folder: Path) -> Article:
    return load_one(article_file(folder, "html.md", 'title: "City rules"\n', HTML_BODY))


# Bodies ------------------------------------------------------------------------------------


def test_an_html_body_becomes_text_without_markup(tmp_path: Path) -> None:
    body = html_article(tmp_path).body
    assert TAG.search(body) is None, body
    assert "&nbsp;" not in body and "\xa0" not in body
    assert "Officials said the new rules start in May." in body
    # The line break stays a line break; the list items stay items of a list.
    assert re.search(r"start in May\.\s*\n\s*They apply to every city\.", body)
    assert re.search(r"^- Buses first$", body, re.MULTILINE)
    assert re.search(r"^- Trains next$", body, re.MULTILINE)
    assert re.search(r"^#+ The plan$", body, re.MULTILINE)
    for hidden in ("injected", "document.write", "color:", "onclick", "tracking", "nofollow"):
        assert hidden not in body


def test_images_become_lines_naming_them_and_tracking_pixels_go(tmp_path: Path) -> None:
    body = html_article(tmp_path).body
    assert "[image: Chart of city budgets]" in body.splitlines()
    assert "pixel" not in body and body.count("[image") == 1


def test_links_are_numbered_with_their_references_decoded(tmp_path: Path) -> None:
    links = find_links(html_article(tmp_path).body)
    assert [(link.text, link.url) for link in links] == [
        ("the full report", "https://example.com/watch?v=1.0&px=999"),
        ("the data", "https://example.com/a?x=1&y=2"),
    ]


def test_the_word_count_counts_words_not_tags(tmp_path: Path) -> None:
    body = (
        '<p class="lead" style="margin:0">One <b>two</b> <a href="https://e.example/?a=1&amp;b=2">'
        'three</a> <span style="color: red; font-size: 12px">four</span></p>\n<p>five</p>'
    )
    article = load_one(article_file(tmp_path, "count.md", 'title: "Count"\n', body))
    assert "5 words" in meta_parts(article)


def test_the_word_count_leaves_out_the_marks_of_headings_lists_and_quotes(tmp_path: Path) -> None:
    body = "<h2>Big news</h2><ul><li>one</li><li>two</li></ul><blockquote>said so</blockquote>"
    article = load_one(article_file(tmp_path, "marks.md", 'title: "Marks"\n', body))
    assert "6 words" in meta_parts(article)


def test_text_that_only_mentions_angle_brackets_is_not_taken_for_html(tmp_path: Path) -> None:
    body = "I <3 this: a < b and b > c.\n\nList<T> is generic; see <https://example.com/x>."
    article = load_one(article_file(tmp_path, "plain.md", 'title: "Plain"\n', body))
    assert article.body == body


def test_a_body_only_html_file_is_read_as_text(tmp_path: Path) -> None:
    page = "<html><head><title>Page title</title></head><body><h1>Storm warning</h1>"
    page += "<p>Heavy rain is expected across the north tonight.</p></body></html>"
    result = load_bytes(page.encode(), tmp_path / "page.txt")
    assert isinstance(result, Article)
    assert result.title == "Storm warning"
    assert TAG.search(result.body) is None and "Page title" not in result.body


# Character references ----------------------------------------------------------------------


def test_references_are_decoded_in_every_text_field(tmp_path: Path) -> None:
    front_matter = """\
title: "&#8216;Environment&#8217; rules &amp; more"
excerpt: "Costs &gt; benefits, say &lsquo;critics&rsquo;"
originalUrl: "https://example.com/story"
provider:
  name: "Fish &amp; Chips Weekly"
topics:
  - "R&amp;D"
related:
  - title: "Q&amp;A: what&#8217;s next"
    excerpt: "Answers &amp; questions"
    webUrl: "https://related.example/q"
    provider: {name: "A &amp; B"}
"""
    article = load_one(article_file(tmp_path, "refs.md", front_matter))
    assert article.title == "‘Environment’ rules & more"
    assert article.excerpt == "Costs > benefits, say ‘critics’"
    assert article.provider_label == "Fish & Chips Weekly"
    assert article.topics == ("R&D",)
    [related] = article.related
    assert related.title == "Q&A: what’s next"
    assert related.excerpt == "Answers & questions"
    assert related.provider is not None and related.provider.label == "A & B"


def test_decoded_references_never_give_escapes_or_direction_overrides(tmp_path: Path) -> None:
    front_matter = (
        'title: "Red &#x1b;[2J alert &#x202e;txet"\n'
        'excerpt: "Plain &#27;[31mred&#27;[0m and &#x202E;reversed"\n'
    )
    body = "<p>Body &#27;]0;owned&#7; and &#155;31m and &#x2066;isolated</p>"
    article = load_one(article_file(tmp_path, "escapes.md", front_matter, body))
    for text in (article.title, article.excerpt, article.body):
        assert CONTROL.search(text) is None, repr(text)


def test_references_in_urls_are_decoded_once_and_kept_whole(tmp_path: Path) -> None:
    front_matter = (
        'title: "URLs"\n'
        'originalUrl: "https://example.com/s?a=1&#038;b=2&amp;c=3&region=us&copy=4"\n'
        'webUrl: "https://example.com/w?x=&#27;y"\n'
    )
    article = load_one(article_file(tmp_path, "urls.md", front_matter))
    assert article.url == "https://example.com/s?a=1&b=2&c=3&region=us&copy=4"
    assert article.web_url is not None and CONTROL.search(article.web_url) is None


# Encodings ---------------------------------------------------------------------------------


def test_a_latin1_file_reads_as_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes('---\ntitle: "Café crème"\n---\nDéjà vu at the café.\n'.encode("latin-1"))
    article = load_one(path)
    assert article.title == "Café crème"
    assert article.body == "Déjà vu at the café."
    assert article.notes == ()


def test_windows_1252_quotes_in_a_latin1_file_read_as_quotes(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.md"
    path.write_bytes(b'---\ntitle: "\x93Caf\xe9\x94 opens"\n---\n')
    assert load_one(path).title == "“Café” opens"


# Records of other kinds ----------------------------------------------------------------------


def test_a_collections_items_are_listed_by_the_titles_of_the_records_they_name(
    tmp_path: Path,
) -> None:
    learning = tmp_path / "_learning"
    article_file(
        learning / "collections",
        "starter.md",
        'title: "Starter videos"\ntype: collection\nsecured: "abc==;def=="\nitems:\n'
        "  - videos/first-steps\n"
        "  - videos/not-in-the-folder\n"
        "  - title: Elsewhere\n    url: https://elsewhere.example/x\n",
    )
    article_file(
        learning / "videos",
        "first-steps.md",
        'title: "First steps"\noriginalUrl: https://video.example/watch?v=1\ntype: video\n',
    )
    store = load_paths([tmp_path], cache=False)
    [collection] = [article for article in store.articles if article.kind == "collection"]
    assert [(item.title, item.url) for item in collection.items] == [
        ("First steps", "https://video.example/watch?v=1"),
        ("videos/not-in-the-folder", None),
        ("Elsewhere", "https://elsewhere.example/x"),
    ]
    # Shown as a list of linked titles where a body would be, the links numbered.
    shown = text_to_show(collection)
    assert [(link.text, link.url) for link in find_links(shown)] == [
        ("First steps", "https://video.example/watch?v=1"),
        ("Elsewhere", "https://elsewhere.example/x"),
    ]
    assert "videos/not-in-the-folder" in shown
    # The items are what there is to show: no note about the encrypted text above them.
    assert not shows_encrypted_note(collection)


def test_a_videos_length_and_a_courses_price_are_on_the_meta_line(tmp_path: Path) -> None:
    video = load_one(
        article_file(tmp_path, "v.md", 'title: "A video"\ntype: video\nlength: PT1H9M3S\n')
    )
    course = load_one(
        article_file(tmp_path, "c.md", 'title: "A course"\ntype: course\nprice: "$49"\n')
    )
    assert "length 1 h 9 min 3 s" in meta_parts(video)
    assert "price $49" in meta_parts(course)


# The encrypted text's note -----------------------------------------------------------------


def test_the_encrypted_note_is_only_for_articles_with_nothing_else_to_show(
    tmp_path: Path,
) -> None:
    secured = 'secured: "abc==;def=="\n'
    only_secured = load_one(article_file(tmp_path, "s.md", 'title: "Locked"\n' + secured))
    with_body = load_one(
        article_file(tmp_path, "b.md", 'title: "Open"\n' + secured, "<p>The text.</p>")
    )
    assert shows_encrypted_note(only_secured)
    assert not shows_encrypted_note(with_body)


# Hostile markup ----------------------------------------------------------------------------


def test_huge_and_deeply_nested_markup_loads_in_good_time(tmp_path: Path) -> None:
    bodies = {
        "deep.md": "<div>" * 5_000 + "deep words" + "</div>" * 5_000,
        "long_list.md": "<ol>" + "<li>item words</li>" * 100_000 + "</ol>",
        "breaks.md": "line words<br>" * 200_000,
    }
    for name, body in bodies.items():
        started = time.monotonic()
        article = load_one(article_file(tmp_path, name, f'title: "{name}"\n', body))
        # Far more than it takes (a second at most); a converter that slows down with the square
        # of the elements would take minutes.
        assert time.monotonic() - started < 20, name
        assert "words" in article.body and TAG.search(article.body) is None, name


ELEMENTS = ["p", "a", "img", "span", "br", "ul", "li", "h2", "script", "style", "b", "div"]
ATTRIBUTES = st.sampled_from(
    [
        "",
        ' href="https://e.example/?a=1&amp;b=2"',
        ' href="javascript:alert(1)"',
        ' src="x.png" alt="an &lt;alt&gt;"',
        ' style="color:red"',
        ' class="x" data-id="7"',
        " onclick='go()'",
        ' title="&#27;[31m"',
    ]
)
PIECES = st.one_of(
    st.builds(
        lambda name, attributes: f"<{name}{attributes}>", st.sampled_from(ELEMENTS), ATTRIBUTES
    ),
    st.builds(lambda name: f"</{name}>", st.sampled_from(ELEMENTS)),
    st.sampled_from(
        [
            "&nbsp;",
            "&amp;",
            "&#8217;",
            "&#27;",
            "&#x1b;[2J",
            "&#x202e;",
            "&#155;",
            "&#0;",
            "&bogus;",
            "<!-- note -->",
            "<br/>",
            "<3",
            " a < b ",
            "<",
            ">",
            "\x1b[31m",
            "\u202e",
            "\n",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(PIECES, max_size=40))
def test_html_ish_text_never_loads_as_markup_or_control_characters(pieces: list[str]) -> None:
    text = "".join(pieces)
    quoted = json.dumps(text, ensure_ascii=False)  # a YAML string too, escapes and all
    for content in (text, f"---\ntitle: {quoted}\nexcerpt: {quoted}\n---\n{text}"):
        result = load_bytes(content.encode("utf-8"), Path("fuzz.md"))
        if not isinstance(result, Article):
            continue
        for field in (result.title, result.excerpt, result.body):
            assert TAG.search(field) is None, (text, field)
            assert CONTROL.search(field) is None, (text, field)
