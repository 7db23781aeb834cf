"""An article's text from its web page, as Markdown: what reader mode shows and keeps.

Two extractors read the page: trafilatura (favouring precision, without images) and
readability-lxml. Each gives the article as HTML, which one converter turns into Markdown
(links kept when they are http(s), images as `[image: alt]`, nothing else of the page's
markup). The rule for which wins,
chosen by the benchmark `python -m newsreader.bench.text_quality` on real pages: the shorter
of the two, unless it is much shorter (then it is most likely a fragment, and the longer one
is taken); whichever exists when only one does. Every text is sanitised after each step that
decodes anything.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import trafilatura
from lxml.etree import LxmlError
from markdownify import MarkdownConverter
from readability import Document

from newsreader.text.body import markdown_to_plain
from newsreader.text.sanitize import clean_line, clean_text
from newsreader.text.urls import check_openable

# A candidate shorter than this share of the other (in words) is taken for a fragment.
FRAGMENT_SHARE = 0.5
# Fewer words than this is not an article.
MIN_WORDS = 12
_BLANK_RUN = re.compile(r"\n{3,}")
_SPACE_BEFORE_NEWLINE = re.compile(r"[ \t]+\n")
_WORD = re.compile(r"\w+")

# Both libraries log their doubts about odd pages; the user sees a one-line reason instead.
for _name in ("trafilatura", "readability", "readability.readability"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """An article's text as Markdown, and which extractor it came from."""

    markdown: str
    method: str

    @property
    def plain(self) -> str:
        """The text with Markdown's link and image syntax taken out."""
        return markdown_to_plain(self.markdown)


def extract_article(html: str, url: str | None = None) -> ExtractedText | None:
    """The article in the page, or None when neither extractor finds one."""
    candidates = [
        candidate
        for candidate in (
            _candidate("trafilatura", _trafilatura_html, html, url),
            _candidate("readability", _readability_html, html, url),
        )
        if candidate is not None
    ]
    if not candidates:
        return None
    return choose(candidates)


def choose(candidates: list[ExtractedText]) -> ExtractedText:
    """The shorter text, unless it is under FRAGMENT_SHARE of the longer one's words."""
    by_length = sorted(candidates, key=lambda candidate: word_count(candidate.plain))
    shortest, longest = by_length[0], by_length[-1]
    if word_count(shortest.plain) < FRAGMENT_SHARE * word_count(longest.plain):
        return longest
    return shortest


def extract_with(method: str, html: str, url: str | None = None) -> ExtractedText | None:
    """One extractor alone (for the benchmark): "trafilatura", "trafilatura-default",
    "readability", or "combined" (what `extract_article` does)."""
    if method == "combined":
        return extract_article(html, url)
    makers: dict[str, Callable[[str, str | None], str]] = {
        "trafilatura": _trafilatura_html,
        "trafilatura-default": _trafilatura_default_html,
        "trafilatura-recall": _trafilatura_recall_html,
        "readability": _readability_html,
    }
    return _candidate(method, makers[method], html, url)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _candidate(
    method: str, make_html: Callable[[str, str | None], str], html: str, url: str | None
) -> ExtractedText | None:
    try:
        article_html = make_html(html, url)
    except (ValueError, TypeError, LookupError, LxmlError):
        # Either library can give up on a page it cannot parse; the other may still read it.
        return None
    if not article_html.strip():
        return None
    markdown = html_to_markdown(article_html, url)
    if word_count(markdown_to_plain(markdown)) < MIN_WORDS:
        return None
    return ExtractedText(markdown, method)


def _trafilatura_html(html: str, url: str | None) -> str:
    return _trafilatura(html, url, precision=True)


def _trafilatura_default_html(html: str, url: str | None) -> str:
    return _trafilatura(html, url)


def _trafilatura_recall_html(html: str, url: str | None) -> str:
    return _trafilatura(html, url, recall=True)


def _trafilatura(html: str, url: str | None, precision: bool = False, recall: bool = False) -> str:
    result = trafilatura.extract(
        html,
        url=url,
        output_format="html",
        include_links=True,
        # With images, trafilatura also keeps lists of other stories with their pictures
        # (mean F1 0.936 instead of 0.965 on the benchmark's pages); readability's text keeps them.
        include_images=False,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        favor_precision=precision,
        favor_recall=recall,
    )
    return result or ""


def _readability_html(html: str, url: str | None) -> str:
    return str(Document(html, url=url).summary(html_partial=True))


class _ArticleMarkdown(MarkdownConverter):
    """markdownify with links only to http(s), absolute; images as `[image: alt]`."""

    def __init__(self, base_url: str | None, **options: Any) -> None:
        super().__init__(**options)
        self.base_url = base_url

    def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
        words = " ".join(text.split())
        href = (el.get("href") or "").strip()
        target = check_openable(urljoin(self.base_url or "", href)) if href else None
        if not words or target is None or target.url is None:
            return words
        return f"[{words}]({target.url})"

    def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
        alt = clean_line(el.get("alt") or el.get("title") or "")
        return f"[image: {alt}]" if alt else "[image]"

    def _drop(self, el: Any, text: str, parent_tags: Any) -> str:
        return ""

    # Parts of a page that are not the article's text, dropped with everything inside them.
    convert_script = convert_style = convert_noscript = convert_template = _drop
    convert_iframe = convert_object = convert_embed = convert_form = _drop
    convert_button = convert_select = convert_textarea = convert_svg = convert_canvas = _drop


def html_to_markdown(article_html: str, base_url: str | None = None) -> str:
    """An article's HTML as Markdown, sanitised; scripts, styles and forms dropped."""
    converter = _ArticleMarkdown(
        base_url,
        heading_style="ATX",
        bullets="-",
        escape_underscores=False,
        escape_asterisks=True,
    )
    markdown = clean_text(converter.convert(article_html))
    markdown = _SPACE_BEFORE_NEWLINE.sub("\n", markdown)
    return _BLANK_RUN.sub("\n\n", markdown).strip()
