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

from newsreader.model.records import Article

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
        folded_words = _Words(folded)
        exact_words: _Words | None = None
        found: dict[str, int] = {}
        for first in starts:
            followers: set[str] | None = None
            positions: list[int] = []
            for key, topic in self._by_first_word[first]:
                if topic.exact_case and len(topic.words) == 1:
                    count = _whole_word_count(text, topic.words[0])
                elif topic.exact_case:
                    if exact_words is None:
                        words = _WORD.findall(text) if words is None else words
                        exact_words = _Words(words)
                    count = exact_words.occurrences(topic.words)
                elif len(key) == 1:
                    count = folded.count(first)
                else:
                    # Most names that share a first word differ in the second: check it first.
                    if followers is None:
                        positions, followers = folded_words.at(first)
                    if key[1] not in followers:
                        continue
                    count = folded_words.runs(key, positions)
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


def _whole_word_count(text: str, word: str) -> int:
    """How often `word` stands in the text as a whole word, as `_WORD` would find it."""
    count = 0
    size = len(word)
    at = text.find(word)
    while at >= 0:
        # `_WORD` takes runs of alphanumeric characters: the word's neighbours must not be.
        if not (at and text[at - 1].isalnum()) and not text[at + size : at + size + 1].isalnum():
            count += 1
        at = text.find(word, at + 1)
    return count


class _Words:
    """The words of one text, with where each name's first word stands, found once."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        # First word -> its positions, and the set of words that follow it.
        self._at: dict[str, tuple[list[int], set[str]]] = {}

    def occurrences(self, name: tuple[str, ...]) -> int:
        """How often the words of a name stand in a row (overlapping runs count)."""
        if len(name) == 1:
            return self.words.count(name[0])
        return self.runs(name, self.at(name[0])[0])

    def runs(self, name: tuple[str, ...], positions: list[int]) -> int:
        """How many of the positions of a name's first word start the whole name."""
        words = self.words
        wanted = list(name)
        size = len(name)
        return sum(1 for at in positions if words[at : at + size] == wanted)

    def at(self, word: str) -> tuple[list[int], set[str]]:
        """Where `word` stands, and the words that follow it."""
        found = self._at.get(word)
        if found is None:
            found = self._at[word] = self._positions(word)
        return found

    def _positions(self, word: str) -> tuple[list[int], set[str]]:
        # list.index walks in C from one occurrence to the next.
        words = self.words
        find = words.index
        positions: list[int] = []
        at = -1
        while True:
            try:
                at = find(word, at + 1)
            except ValueError:
                break
            positions.append(at)
        last = len(words) - 1
        return positions, {words[at + 1] for at in positions if at < last}


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
