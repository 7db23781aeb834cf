"""Boilerplate in body text copied from web pages and newsletters: finding it and taking it out.

A copied page keeps the site's own text around the article: a newsletter's pitch at the top,
"follow us on ..." and other calls to action, a list of the site's other headlines, and lone menu
words at the end. The rules below look at where a line stands (only the first and last lines of
a text are candidates), its shape (length, closing punctuation, links), what it does (an
imperative call to action, a pitch from "we" to "you", a list of headlines under a label), and
the corpus: a line found verbatim in many unrelated bodies belongs to the site, not the article.

A line in the middle of a text is removed only when the corpus repeats it and its shape agrees.
A text is never emptied: when every line looks like boilerplate, nothing is removed.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A call to action is short; a long line that opens with "Read" is a sentence about reading.
CALL_TO_ACTION_WORDS = 20
# The longest pitch (a newsletter's "we curate ... for you") taken for boilerplate.
PITCH_WORDS = 80
# A "Related articles:" label is a few words; its items are headlines, not paragraphs.
LIST_LABEL_WORDS = 6
LIST_ITEM_WORDS = 25
# Menu remnants ("Topics", "Back to top") are one to three words.
NAVIGATION_WORDS = 3
# A line must occur in this many bodies before the corpus calls it boilerplate.
MIN_REPEATS = 3
# Lines longer than this are never counted: site boilerplate is short, and skipping long
# paragraphs keeps the corpus pass small.
COUNTED_LINE_LENGTH = 300
# A headline this near the top marks what stands above it as the page's (two lines at most).
HEADLINE_SEARCH_LINES = 3
# A line of this many words closed by a full stop is a sentence, which repetition alone does
# not make boilerplate.
SENTENCE_WORDS = 3
# Lines with at least this many words are the text's own content when judging repetition.
CONTENT_LINE_WORDS = 8

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Bullets, emoji, arrows and other symbols a line may open with before its first word.
_LEAD = re.compile(r"^[^\w\"'“‘(\[]+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# A line ends a sentence (or clause) when one of these stands last, before any closing quotes
# and brackets. Checked from the end of the line rather than by a regex search, which would
# try every position of a long paragraph.
_SENTENCE_END = frozenset(".!?…:;,")
_CLOSED_SENTENCE = frozenset(".!?…")
_CLOSERS = "\"'”’)]"
_ATTRIBUTION = re.compile(
    r"^\W*(?:original(?:ly)?(?:\s+\w+)?|source|via|credit|photo)\b[^:]*:", re.IGNORECASE
)

# Imperative openers of calls to action. Words that also open ordinary sentences as nouns
# ("Share prices", "Support for", "Like many") only count with the object a pitch gives them.
_CALL_TO_ACTION = re.compile(
    r"""^(?:please\s+)?(?:
        follow(?![-\w]) | subscribe | sign\s+(?:up|in) | log\s+in | join | read | save
        | get | download | install | click | tap | visit | register | donate | upgrade
        | unlock | claim | grab | discover | explore | check\s+out | learn\s+more | see\s+more
        | find\s+us | (?:don['’]?t|never)\s+miss | stay\s+(?:tuned|updated|informed|connected)
        | (?:share|like|support)\s+(?:us|our|this)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# A site talking about its own service: newsletters, subscriptions, schedules, updates.
_SERVICE = re.compile(
    r"""\b(?:
        newsletters? | subscri(?:be|bers?|ption)s? | sign\s+up | unsubscribe | inbox
        | we\s+curate | curated? | (?:every|each)\s+(?:week)?day
        | (?:every|each)\s+(?:morning|evening|week|month)
        | (?:instant|daily|weekly|latest)\s+(?:updates|news|briefing|digest)
        | delivered\s+(?:to|straight|daily|weekly) | for\s+free | free\s+trial
        | (?:follow|find|join|like)\s+us
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_SOCIAL = re.compile(
    r"""\b(?:
        twitter | tweets? | facebook | instagram | linkedin | telegram | youtube | tiktok
        | whatsapp | reddit | discord | mastodon | bluesky | pinterest | snapchat
        | x\.com | google\s+news | rss
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# A page speaking of the article itself: "This article is part of our special report".
_SELF_REFERENCE = re.compile(
    r"\bthis\s+(?:article|story|post|piece|newsletter|episode|page)\b", re.IGNORECASE
)
_QUOTE = re.compile(r"[\"“”«»]")
_WE = re.compile(r"\b(?:we|us|our)\b", re.IGNORECASE)
_YOU = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)
# Words of site menus and page furniture, as they stand alone on a line.
_NAVIGATION_LIST = """
    home content contents topics topic menu search share tweet email print comments comment
    tags tag categories category archive archives next previous prev back to top related more
    trending latest popular news login log in sign up subscribe about contact privacy terms
    advertisement advertising sponsored skip main navigation close sections section follow us
    sitemap newsletter newsletters newsroom stories feed rss
"""
_NAVIGATION = frozenset(_NAVIGATION_LIST.split())
# Labels over lists of the site's other headlines: "Previous Articles:", "Related stories:".
_LIST_LABEL = re.compile(
    r"""\b(?:
        articles? | stor(?:y|ies) | posts? | news | headlines? | reads? | reading | related
        | latest | previous | recent | popular | trending | recommended | see\s+also
        | also\s+on | more\s+from | you\s+may\s+also | elsewhere | top\s+picks
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_BULLET = re.compile(r"^\s*(?:[-*•+–]|\d+[.)])\s+")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A body with its boilerplate taken out, and the lines that were taken, in text order."""

    text: str
    removed: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def line_key(line: str) -> str:
    """The form of a line that two copies of it share: no lead symbols, case or spacing."""
    line = line.strip()
    if line and not line[0].isalnum():
        line = _LEAD.sub("", line)
    return " ".join(line.casefold().split())


class LineCounts:
    """How many bodies in a corpus each short line occurs in: the corpus-level signal.

    Count every body first (`add`, or `LineCounts.of(bodies)`), then clean each body with
    `remove_boilerplate(body, counts)`. Lines are kept as hashes to keep 100,000 bodies small.
    """

    def __init__(self, min_repeats: int = MIN_REPEATS) -> None:
        self.min_repeats = min_repeats
        self.bodies = 0
        self._counts: Counter[int] = Counter()

    @classmethod
    def of(cls, bodies: Iterable[str], min_repeats: int = MIN_REPEATS) -> LineCounts:
        counts = cls(min_repeats)
        for body in bodies:
            counts.add(body)
        return counts

    def add(self, body: str) -> None:
        """Count each distinct short line of one body once."""
        self.bodies += 1
        keys = {
            hash(line_key(line))
            for line in body.splitlines()
            if line.strip() and len(line) <= COUNTED_LINE_LENGTH
        }
        self._counts.update(keys)

    def count(self, line: str) -> int:
        """In how many bodies this line occurs (0 for a line too long to be counted)."""
        if len(line) > COUNTED_LINE_LENGTH:
            return 0
        return self._counts.get(hash(line_key(line)), 0)


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-blank line of a body and what the rules found in it."""

    index: int
    text: str
    repeated: bool
    continuation: bool


def remove_boilerplate(text: str, counts: LineCounts | None = None) -> Cleaned:
    """Take the boilerplate out of one body; `counts` adds the corpus-level rule."""
    raw_lines = text.splitlines()
    lines = _analyse(raw_lines, counts)
    if not lines:
        return Cleaned(text)
    drop: set[int] = set()
    start, end = 0, len(lines)
    # The top: what stands above a headline near the top is the page's, if it pitches at all.
    headline = next(
        (n for n in range(1, min(HEADLINE_SEARCH_LINES, end)) if _is_headline(lines[n].text)),
        None,
    )
    if headline is not None and all(_is_pitch(line) for line in lines[:headline]):
        drop.update(line.index for line in lines[:headline])
        start = headline
    # Then peel boilerplate, step over the headline, and peel what follows it too.
    while start < end and _is_edge_boilerplate(lines[start]):
        drop.add(lines[start].index)
        start += 1
    if start + 1 < end and _is_headline(lines[start].text):
        after = start + 1
        while after < end and _is_edge_boilerplate(lines[after]):
            drop.add(lines[after].index)
            after += 1
    # The end: lists of the site's headlines and single boilerplate lines, in any order.
    while start < end:
        label = _headline_list_start(lines, start, end)
        if label is not None:
            drop.update(line.index for line in lines[label:end])
            end = label
        elif _is_edge_boilerplate(lines[end - 1]):
            drop.add(lines[end - 1].index)
            end -= 1
        else:
            break
    # The middle: only what the corpus repeats and the line's shape confirms.
    for line in lines[start:end]:
        if line.repeated and _has_boilerplate_shape(line):
            drop.add(line.index)
    if not drop or len(drop) == len(lines):
        return Cleaned(text)
    kept = [raw for number, raw in enumerate(raw_lines) if number not in drop]
    removed = tuple(raw_lines[number].strip() for number in sorted(drop))
    return Cleaned(_tidy("\n".join(kept)), removed)


def remove_boilerplate_all(bodies: Sequence[str]) -> list[Cleaned]:
    """Clean every body of a corpus: one pass to count lines, one to remove."""
    counts = LineCounts.of(bodies)
    return [remove_boilerplate(body, counts) for body in bodies]


# The rules -------------------------------------------------------------------------------


def _analyse(raw_lines: list[str], counts: LineCounts | None) -> list[_Line]:
    found: list[tuple[int, str, int]] = []
    for index, raw in enumerate(raw_lines):
        stripped = raw.strip()
        if stripped:
            # Whitespace-separated words, close enough to tell a paragraph from a line; counted
            # only as far as CONTENT_LINE_WORDS, all that is asked of the count.
            found.append((index, stripped, len(stripped.split(None, CONTENT_LINE_WORDS))))
    line_counts = [counts.count(text) if counts else 0 for _, text, _ in found]
    baseline = _baseline(line_counts, [words for _, _, words in found])
    lines: list[_Line] = []
    for position, (index, stripped, _) in enumerate(found):
        count = line_counts[position]
        previous = raw_lines[index - 1].strip() if index else ""
        lines.append(
            _Line(
                index=index,
                text=stripped,
                repeated=counts is not None
                and count >= counts.min_repeats
                and count > 2 * baseline,
                # A hard-wrapped paragraph's later lines are not lines of their own.
                continuation=bool(previous)
                and stripped[0].islower()
                and not _ends_sentence(previous),
            )
        )
    return lines


def _baseline(line_counts: list[int], words: list[int]) -> float:
    """How often this body's own content lines repeat: 1 for an original text, more for a copy.

    A line counts as the site's boilerplate only when it repeats well beyond that, so the
    paragraphs of a story that several files carry whole are not taken for boilerplate.
    """
    content = [
        count for count, size in zip(line_counts, words, strict=True) if size >= CONTENT_LINE_WORDS
    ]
    return statistics.median(content) if content else 1.0


def _is_edge_boilerplate(line: _Line) -> bool:
    """Whether a line at the top or end of a text is the site's rather than the article's."""
    if line.continuation:
        return False
    text = _LEAD.sub("", line.text)
    if not text:
        # Only symbols: a divider or a row of emoji.
        return True
    words = len(_WORD.findall(text))
    if line.repeated and (
        not _is_sentence(text, words) or _is_pitch(line) or _SELF_REFERENCE.search(text)
    ):
        # A sentence may be quoted or reused by several stories; the site's own lines repeat
        # in labels, bylines and link rows, or say something about the site or the article.
        return True
    if _is_navigation(text, words):
        return True
    if _is_link_row(line.text) and not _ATTRIBUTION.match(line.text):
        return True
    call_to_action = bool(_CALL_TO_ACTION.match(text)) and words <= CALL_TO_ACTION_WORDS
    if call_to_action:
        return True
    if words > PITCH_WORDS:
        return False
    service = bool(_SERVICE.search(text))
    social = len(_SOCIAL.findall(text))
    pitch = bool(_WE.search(text) and _YOU.search(text)) and not _QUOTE.search(text)
    if service and (pitch or social):
        return True
    # A bare row of networks ("Twitter | Facebook | Instagram") is a share bar.
    return social >= 2 and words <= social * 2 + 2 and not _ends_sentence(text)


def _is_pitch(line: _Line) -> bool:
    """Any sign of the site speaking: a call to action, its service, networks, "we" to "you"."""
    text = _LEAD.sub("", line.text)
    if _QUOTE.search(text):
        # Someone quoted in the story, not the site speaking.
        return False
    return bool(
        not text
        or _CALL_TO_ACTION.match(text)
        or _SERVICE.search(text)
        or _SOCIAL.search(text)
        or (_WE.search(text) and _YOU.search(text))
    )


def _has_boilerplate_shape(line: _Line) -> bool:
    """The weaker test for a repeated line in the middle: it must look like furniture too."""
    text = _LEAD.sub("", line.text)
    words = len(_WORD.findall(text))
    if not text or _is_navigation(text, words) or _is_link_row(line.text):
        return True
    if words <= NAVIGATION_WORDS and not _ends_sentence(text):
        return True
    return _is_pitch(line)


def _is_sentence(text: str, words: int) -> bool:
    """A sentence of a few words or more, closed by its punctuation."""
    return words >= SENTENCE_WORDS and text.rstrip(_CLOSERS)[-1:] in _CLOSED_SENTENCE


def _is_navigation(text: str, words: int) -> bool:
    """A lone menu word or two: "Topics", "Back to top"."""
    if not 1 <= words <= NAVIGATION_WORDS or _ends_sentence(text):
        return False
    if not text[0].isupper():
        return False
    return all(word.casefold() in _NAVIGATION for word in _WORD.findall(text))


def _is_link_row(text: str) -> bool:
    """Links and nothing to read between them: a menu row, a bare URL, a list of links."""
    if not _has_link(text):
        return False
    between = _URL.sub(" ", _MARKDOWN_LINK.sub(" ", text))
    words = _WORD.findall(between)
    return not words or (len(words) == 1 and not _ends_sentence(text))


def _has_link(text: str) -> bool:
    # The substring tests are fast scans, and no link is found without them.
    return bool(
        (("http" in text or "www." in text) and _URL.search(text))
        or ("](" in text and _MARKDOWN_LINK.search(text))
    )


def _ends_sentence(text: str) -> bool:
    """Closing punctuation (before any closing quotes or brackets) ends the line."""
    return text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def _is_headline(text: str) -> bool:
    """A short line without closing punctuation that opens with a capital: a title."""
    # The cheap tests first: counting the words of a long paragraph is not.
    return text[:1].isupper() and not _ends_sentence(text) and 2 <= len(_WORD.findall(text)) <= 16


def _is_headline_item(text: str) -> bool:
    """An item of a list of the site's other articles: a headline or a link."""
    if _is_link_row(text):
        return True
    item = _BULLET.sub("", text)
    words = len(_WORD.findall(item))
    if not item or words > LIST_ITEM_WORDS or not (item[0].isupper() or item[0].isdigit()):
        return False
    return not re.search(r"[.!:;,]$", item)


def _headline_list_start(lines: list[_Line], start: int, end: int) -> int | None:
    """Where a "Previous Articles:" label with headlines under it, to the end, begins."""
    # The label stands at most a screenful of items above the end.
    for label in range(end - 3, max(start, end - 40) - 1, -1):
        line = lines[label]
        text = _LEAD.sub("", line.text)
        if (
            text.endswith(":")
            and len(_WORD.findall(text)) <= LIST_LABEL_WORDS
            and _LIST_LABEL.search(text)
            and all(_is_headline_item(item.text) for item in lines[label + 1 : end])
        ):
            return label
    return None


def _tidy(text: str) -> str:
    """No runs of blank lines where lines were taken out, and no blank lines at either end."""
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip()
