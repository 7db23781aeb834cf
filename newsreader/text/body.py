"""What an article's body text holds: whether it is Markdown, and the links in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKDOWN_LINK = re.compile(
    r"\[([^\]\n]{1,300})\]\(\s*<?(https?://[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
# Punctuation that ends a sentence rather than the URL it follows. A URL that ends in an
# ellipsis was cut short where it was copied, and keeps it so that it is never opened.
_TRAILING = ".,;:!?"
_TRUNCATED = ("...", "…")
_MARKDOWN_SIGNS = re.compile(
    r"^\s{0,3}#{1,6}\s|\*\*[^*\n]+\*\*|(?<![\w*])\*[^*\s][^*\n]*\*(?!\w)|\]\(https?://|^\s{0,3}>\s|^```",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Link:
    """A link in the body: the words it is attached to (or the URL itself) and the URL."""

    text: str
    url: str


def markdown_link(words: str, url: str) -> str:
    """`[words](url)`, written so that `find_links` reads it back whole: the words on one line
    without square brackets, the URL without spaces or parentheses (percent-encoded, the same
    URL to a server)."""
    words = " ".join(words.split()).replace("[", "(").replace("]", ")")
    url = url.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"<{url}>" if words == url else f"[{words}]({url})"


def looks_like_markdown(body: str) -> bool:
    """True when the body uses Markdown beyond plain bullets: headings, emphasis, links, quotes."""
    return _MARKDOWN_SIGNS.search(body) is not None


def find_links(body: str) -> list[Link]:
    """Markdown links and bare URLs, in order of appearance, each URL once."""
    found: list[tuple[int, Link]] = []
    covered: list[tuple[int, int]] = []
    for match in _MARKDOWN_LINK.finditer(body):
        found.append((match.start(), Link(" ".join(match.group(1).split()), match.group(2))))
        covered.append(match.span())
    for match in _BARE_URL.finditer(body):
        if any(start <= match.start() < end for start, end in covered):
            continue
        url = match.group(0)
        if not url.endswith(_TRUNCATED):
            url = url.rstrip(_TRAILING)
        found.append((match.start(), Link(url, url)))
    links: list[Link] = []
    seen: set[str] = set()
    for _, link in sorted(found, key=lambda item: item[0]):
        if link.url not in seen:
            seen.add(link.url)
            links.append(link)
    return links
