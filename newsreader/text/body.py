"""What an article's body text holds: whether it is Markdown, and the links in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A link's URL may hold parentheses in pairs (`https://en.wikipedia.org/wiki/Mercury_(planet)`),
# as Markdown allows; an unpaired `)` ends it.
_MARKDOWN_LINK = re.compile(
    r"\[([^\]\n]{1,300})\]\(\s*<?(https?://(?:[^()\s<>]|\([^()\s<>]*\))+)>?"
    r"(?:\s+\"[^\"]*\")?\s*\)"
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


# The detail pane draws at most this much of a body: far more than any article holds, and
# little enough that a body of many short lines (a 5 MB file of one-word lines is 700,000 of
# them) shows its first screen at once instead of being wrapped whole first.
MAX_DRAWN_LINES = 3_000
MAX_DRAWN_CHARACTERS = 200_000
# Markdown quoted deeper than this is drawn this deep, its depth said in words: each level
# indents the text, and sixteen of them leave no width to draw it in.
MAX_QUOTE_DEPTH = 6
_QUOTE_MARKERS = re.compile(rf"^(?: {{0,3}}>[ \t]?){{{MAX_QUOTE_DEPTH + 1},}}", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class DrawnBody:
    """The part of a body that is drawn, and how many of its lines are left out after it."""

    text: str
    lines_left_out: int


def drawn_part(body: str) -> DrawnBody:
    """The body up to MAX_DRAWN_LINES lines or MAX_DRAWN_CHARACTERS characters."""
    end = min(len(body), MAX_DRAWN_CHARACTERS)
    newlines = at = 0
    while newlines < MAX_DRAWN_LINES:
        at = body.find("\n", at, end)
        if at < 0:
            break
        at += 1
        newlines += 1
    else:
        end = at  # just after the last line drawn
    if end >= len(body):
        return DrawnBody(body, 0)
    if end == MAX_DRAWN_CHARACTERS and (last := body.rfind("\n", 0, end)) > 0:
        end = last + 1  # at a line's end, not within it
    rest = body[end:]
    return DrawnBody(body[:end], rest.count("\n") + (not rest.endswith("\n")))


def flatten_deep_quotes(markdown: str) -> str:
    """Markdown with quotes nested past MAX_QUOTE_DEPTH drawn that deep, marked with their
    depth (`[quoted 16 deep]`), so that their text is still drawn."""

    def flatten(match: re.Match[str]) -> str:
        depth = match.group(0).count(">")
        return "> " * MAX_QUOTE_DEPTH + f"[quoted {depth} deep] "

    return _QUOTE_MARKERS.sub(flatten, markdown)


# Any Markdown link, whatever its URL, for its words.
_LINK_WORDS = re.compile(r"\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
# Characters markdownify escapes that read badly when the text is shown as plain text.
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")


def markdown_to_plain(markdown: str) -> str:
    """Markdown as plain text: `[words](url)` becomes the words, escapes are undone."""
    text = _LINK_WORDS.sub(lambda match: match.group(1), markdown)
    return _ESCAPED.sub(r"\1", text)
