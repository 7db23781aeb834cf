"""Text and URLs from a feed made safe to write: Markdown without markup, web URLs only.

Whatever a feed holds is untrusted. HTML goes through the conversion step to Markdown; whatever
still looks like a tag after that (a feed can escape markup twice) is taken out; Markdown links
and images to anything but http(s) keep only their words; URLs are kept only when they are
complete http or https URLs.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urljoin

from newsreader.feeds.html_markdown import html_to_markdown
from newsreader.text.sanitize import clean_line
from newsreader.text.urls import check_openable

MAX_URL_CHARS = 2_000
# HTML is converted only up to this many characters (bodies are capped after conversion).
MAX_HTML_CHARS = 400_000

_URL_REFERENCE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|amp);")
# A tag, a comment, a doctype: markup left in text, where a feed wrote it escaped.
_TAG = re.compile(r"<[A-Za-z!/?][^<>]*>")
_TAG_START = re.compile(r"<(?=[A-Za-z!/?])")
_MARKDOWN_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_EMPHASIS = re.compile(r"(\*\*|__|~~|`)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_HTML_SIGNS = re.compile(
    r"<(?:p|br|div|a|img|span|ul|ol|li|h[1-6]|strong|em|b|i|blockquote|table|pre)\b", re.I
)


@functools.lru_cache(maxsize=4096)
def web_url(raw: str, base: str = "") -> str:
    """`raw` as a complete http(s) URL (resolved against `base`), or "" when it is not one.

    The URL is kept as the feed gives it (only `&amp;` and numeric character references are
    decoded): checked, not rewritten.
    """
    text = clean_line(unescape_url(raw))
    if not text or len(text) > MAX_URL_CHARS:
        return ""
    if base:
        try:
            text = urljoin(base, text)
        except ValueError:
            return ""
    return text if check_openable(text).ok else ""


def unescape_url(raw: str) -> str:
    """`&amp;` and `&#038;`-style references decoded, as a site's files and APIs write them.

    Named references other than `&amp;` stay: `&times=2` in a query is a parameter, which
    html.unescape would turn into a multiplication sign.
    """
    return _URL_REFERENCE.sub(_decoded_reference, raw.strip())


def _decoded_reference(match: re.Match[str]) -> str:
    decimal, hexadecimal = match.group(1), match.group(2)
    try:
        if decimal is not None:
            return chr(int(decimal))
        if hexadecimal is not None:
            return chr(int(hexadecimal, 16))
    except (ValueError, OverflowError):
        return match.group(0)
    return "&"


def as_markdown(text: str) -> str:
    """HTML through the conversion step; text with no HTML in it stays as it is."""
    if not text.strip():
        return ""
    if _HTML_SIGNS.search(text) or "&" in text:
        return html_to_markdown(text[:MAX_HTML_CHARS])
    return text


def without_markup(text: str) -> str:
    """Whatever still looks like a tag is taken out; a lone `<` before a letter
    becomes a single left angle quotation mark."""
    if "<" not in text:
        return text
    return _TAG_START.sub("‹", _TAG.sub("", text))


def web_links_only(markdown: str) -> str:
    """Markdown links and images whose URL is not http(s) keep only their words."""

    def replace(match: re.Match[str]) -> str:
        bang, words, url = match.groups()
        if web_url(url):
            return match.group(0)
        return "" if bang else words

    return _MARKDOWN_LINK.sub(replace, markdown)


def plain_text(markdown: str) -> str:
    """Markdown as plain words: links as their words, images, emphasis and headings gone."""
    text = _MARKDOWN_LINK.sub(lambda match: "" if match.group(1) else match.group(2), markdown)
    text = _HEADING.sub("", text)
    return _EMPHASIS.sub("", text).replace("\\", "")


def trimmed_lines(text: str) -> str:
    """Trailing spaces off every line, blank lines off both ends."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()
