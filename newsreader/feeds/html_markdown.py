"""The conversion step from a feed's HTML to the Markdown of an article file's body.

Built on markdownify. Scripts, styles, frames, embedded objects and forms leave with what they
hold; a link or image whose URL is not http or https keeps only its words.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from markdownify import MarkdownConverter

_DROPPED = (
    *("script", "style", "iframe", "frame", "frameset", "object", "embed", "form"),
    *("noscript", "template", "svg", "math", "head", "title", "meta", "link", "button"),
)


# markdownify's own conversions, which its type stubs leave out.
_BASE = vars(MarkdownConverter)


def _web_url(url: object) -> bool:
    if not isinstance(url, str):
        return False
    try:
        return urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:
        return False


class _FeedConverter(MarkdownConverter):
    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if not _web_url(el.get("href")):
            return text
        result: str = _BASE["convert_a"](self, el, text, parent_tags)
        return result

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if not _web_url(el.get("src")):
            alt = el.get("alt")
            return alt if isinstance(alt, str) else ""
        result: str = _BASE["convert_img"](self, el, text, parent_tags)
        return result

    def _dropped(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return ""


for _name in _DROPPED:
    setattr(_FeedConverter, f"convert_{_name}", _FeedConverter._dropped)

_converter = _FeedConverter(
    autolinks=False,
    heading_style="ATX",
    bullets="-",
    escape_underscores=False,
    strip_document=None,
    # Whitespace runs (line breaks of the HTML source included) are one space, as a browser
    # shows them; lines are not wrapped.
    wrap=True,
    wrap_width=None,
)


def html_to_markdown(html: str) -> str:
    """HTML as Markdown text: paragraphs, emphasis, lists, headings and web links kept."""
    markdown: str = _converter.convert(html)
    lines = [line.rstrip() for line in markdown.strip().splitlines()]
    # Blank lines come in runs where block elements were nested.
    tidied: list[str] = []
    for line in lines:
        if line or (tidied and tidied[-1]):
            tidied.append(line)
    return "\n".join(tidied).strip()
