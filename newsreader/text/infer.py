"""Titles and excerpts for articles whose files carry only body text."""

from __future__ import annotations

import re

TITLE_LENGTH = 90
EXCERPT_LENGTH = 280
# How far down a body a heading may stand and still be taken as the title.
HEADING_SEARCH_LINES = 8

_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")
# No pattern here may backtrack over a long run: a line can be megabytes long.
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(\S.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_URL = re.compile(r"https?://\S+")


def shorten(text: str, limit: int) -> str:
    """Cut `text` at a word boundary so that it fits in `limit` characters, marking the cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _is_heading_like(line: str) -> bool:
    """A short line that reads like a headline rather than a sentence or a list item."""
    if _BULLET.match(line) or _URL.search(line):
        return False
    words = line.split()
    if not 3 <= len(words) <= 16 or len(line) > 120:
        return False
    if line.rstrip()[-1] in ".,;:!?…":
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"


def _without_closing_hashes(heading: str) -> str:
    """`Title ##` -> `Title`: Markdown allows closing a heading with hashes after a space."""
    heading = heading.rstrip()
    opened = heading.rstrip("#")
    if opened != heading and opened[-1:].isspace():
        return opened.rstrip()
    return heading


def paragraphs(body: str) -> list[str]:
    """Blocks of text separated by blank lines, each with its lines joined by spaces."""
    blocks = re.split(r"\n\s*\n", body.strip())
    return [" ".join(block.split()) for block in blocks if block.strip()]


def infer_title(body: str) -> tuple[str, int | None]:
    """A title for a body: a heading-like line near the top, else the first sentence, shortened.

    Returns the title and the index of the line it came from (None when taken from a sentence).
    """
    lines = body.strip().splitlines()
    seen = 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > HEADING_SEARCH_LINES:
            break
        heading = _MARKDOWN_HEADING.match(line)
        if heading:
            return shorten(_without_closing_hashes(heading.group(1)), TITLE_LENGTH), index
        if _is_heading_like(line):
            return shorten(line, TITLE_LENGTH), index
    for raw in lines:
        line = _BULLET.sub("", raw.strip())
        if line:
            first_sentence = _SENTENCE_END.split(line, maxsplit=1)[0]
            return shorten(first_sentence.rstrip("."), TITLE_LENGTH), None
    return "", None


def infer_excerpt(body: str, title_line: int | None = None) -> str:
    """The first paragraph of the body (after the title line, when there is one), shortened."""
    if title_line is not None:
        body = "\n".join(body.strip().splitlines()[title_line + 1 :])
    for paragraph in paragraphs(body):
        text = _BULLET.sub("", paragraph)
        if text:
            return shorten(text, EXCERPT_LENGTH)
    return ""
