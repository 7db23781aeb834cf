"""Topics for articles whose files give none, taken from the topics the corpus itself uses.

A topic name counts when it stands as whole words in the title, the excerpt, or (at least
twice) the body. Very short and all-capital names ("AI", "EV", "NASA") must match exactly, so "AI"
never matches "ai" or the inside of "said"; longer names match in any case ("AI in Robotics",
"ai in robotics"). Articles that still have no topic stay under "Uncategorised".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from newsreader.model import Article

# At most this many topics are inferred for one article, the best supported first.
MAX_INFERRED_TOPICS = 3
# A name in the title or excerpt outweighs any number of mentions in the body.
TITLE_MENTION = 1000
# A topic named only in the body must be named this many times.
MIN_BODY_MENTIONS = 2
# Names this short, or written without small letters, are matched case for case.
EXACT_CASE_LENGTH = 2

_WORD = re.compile(r"[^\W_]+")
# Characters inside a name that text may write as a word break ("Self-Driving", "Women's").
_JOINERS = re.compile(r"[-'’]")


@dataclass(frozen=True, slots=True)
class _Topic:
    name: str
    words: tuple[str, ...]
    exact_case: bool


class TopicNames:
    """The topic names of a corpus, ready to be found in text."""

    def __init__(self, names: Iterable[str]) -> None:
        # First word of a name (case-folded) -> the names that start with it, as folded words.
        self._by_first_word: dict[str, list[tuple[tuple[str, ...], _Topic]]] = {}
        for name in dict.fromkeys(names):
            words = tuple(_WORD.findall(name))
            # A name with no word characters, or whose words do not spell it out ("C++"),
            # cannot be told apart from ordinary words: leave it to the files that give it.
            if not words or _spelled(words) != _spelled(tuple(_JOINERS.sub(" ", name).split())):
                continue
            key = tuple(word.casefold() for word in words)
            exact = len(name) <= EXACT_CASE_LENGTH or not any(ch.islower() for ch in name)
            self._by_first_word.setdefault(key[0], []).append((key, _Topic(name, words, exact)))

    @classmethod
    def of_corpus(cls, articles: Iterable[Article]) -> TopicNames:
        """Every topic that some file gives (inferred topics are not evidence)."""
        return cls(
            topic for article in articles if not article.topics_inferred for topic in article.topics
        )

    def __bool__(self) -> bool:
        return bool(self._by_first_word)

    def mentions(self, text: str) -> dict[str, int]:
        """How often each topic name occurs in the text as whole words."""
        folded = _WORD.findall(text.casefold())
        starts = self._by_first_word.keys() & set(folded)
        if not starts:
            return {}
        words: list[str] | None = None
        found: dict[str, int] = {}
        for first in starts:
            for key, topic in self._by_first_word[first]:
                if topic.exact_case:
                    words = _WORD.findall(text) if words is None else words
                    count = _occurrences(topic.words, words)
                else:
                    count = _occurrences(key, folded)
                if count:
                    found[topic.name] = count
        return found

    def infer(self, article: Article) -> tuple[str, ...]:
        """The corpus topics this article's words support, best supported first (ties by name)."""
        scores: dict[str, int] = {}
        for name in self.mentions(f"{article.title}\n{article.excerpt}"):
            scores[name] = scores.get(name, 0) + TITLE_MENTION
        for name, count in self.mentions(article.body).items():
            if count >= MIN_BODY_MENTIONS or name in scores:
                scores[name] = scores.get(name, 0) + count
        ranked = sorted(scores, key=lambda name: (-scores[name], name.casefold()))
        return tuple(ranked[:MAX_INFERRED_TOPICS])


def _occurrences(name: tuple[str, ...], words: list[str]) -> int:
    """How often the words of a name stand in a row in a list of words."""
    if len(name) == 1:
        return words.count(name[0])
    count = start = 0
    while True:
        try:
            start = words.index(name[0], start)
        except ValueError:
            return count
        if tuple(words[start : start + len(name)]) == name:
            count += 1
        start += 1


def _spelled(words: tuple[str, ...]) -> str:
    return " ".join(words).casefold()


def infer_topics(articles: Sequence[Article]) -> list[Article]:
    """Every article, with inferred topics (marked) for those whose files give none."""
    names = TopicNames.of_corpus(articles)
    if not names:
        return list(articles)
    result: list[Article] = []
    for article in articles:
        if article.topics:
            result.append(article)
            continue
        topics = names.infer(article)
        result.append(replace(article, topics=topics, topics_inferred=True) if topics else article)
    return result
