"""Article files as sibling sites of the seeds' site write them."""

from __future__ import annotations

import re
from pathlib import Path

from newsreader.loading.article_file import load_file
from newsreader.model.records import Article

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def article_file(folder: Path, name: str, front_matter: str, body: str = "") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
    return path


def load_one(path: Path) -> Article:
    result = load_file(path)
    assert isinstance(result, Article), result
    return result


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
