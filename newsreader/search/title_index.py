"""Finding articles by a few typed letters of their title, fast enough for every keystroke."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsreader.model.records import Article


@dataclass(frozen=True, slots=True)
class TitleMatch:
    article: Article
    score: float


class TitleIndex:
    """Casefolded titles held once, searched by substring for every word typed.

    Substring tests run in C, so a pass over 100,000 titles takes a few milliseconds; the
    search stops once it has `limit` times a few candidates, and only those are ranked.
    """

    def __init__(self, articles: Iterable[Article]) -> None:
        self._entries = [(article.title.casefold(), article) for article in articles]

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, text: str, limit: int = 20) -> list[TitleMatch]:
        words = text.casefold().split()
        if not words:
            return []
        first, rest = words[0], words[1:]
        wanted = limit * 5
        candidates: list[tuple[str, Article]] = []
        for title, article in self._entries:
            if first in title and all(word in title for word in rest):
                candidates.append((title, article))
                if len(candidates) >= wanted:
                    break
        phrase = " ".join(words)
        ranked = sorted(
            (TitleMatch(article, _score(title, phrase, first)) for title, article in candidates),
            key=lambda match: -match.score,
        )
        return ranked[:limit]


def _score(title: str, phrase: str, first: str) -> float:
    """Higher for the whole phrase, at the start, in a short title."""
    score = 0.5
    position = title.find(phrase)
    if position == 0:
        score += 0.3
    elif position > 0:
        score += 0.2 if title[position - 1] == " " else 0.1
    elif title.startswith(first):
        score += 0.1
    return min(score + 0.2 * min(len(phrase) / max(len(title), 1), 1.0), 1.0)
