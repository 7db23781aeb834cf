"""Body-only texts that are the full text of an article another file describes.

A folder can hold an article twice: once as front matter with no body (title, excerpt, URL,
provider) and once as the text copied from its page, with nothing else. `merge_bodies` finds such
pairs and gives the described article its text. It decides from the words: a description's
terms (weighted by how rare they are in the corpus) must mostly occur in the text, at least a
few of them rare ones; a good share of its two-word phrases must occur as phrases; and the pair
must stand clearly above any other pairing of either side. Naming the article's provider helps
a little and never decides alone. A URL the text names as its source decides on its own.

Candidates come from an inverted index over each description's rarest terms, so the work grows
with the number of files, not with the number of pairs.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsreader.loading.merge_terms import phrases, term_set
from newsreader.model.records import Article
from newsreader.text.urls import canonical_url, check_openable, tidy_url

# Share of a description's term weight that the text must contain.
MIN_COVERAGE = 0.6
# Distinct description terms the text must contain: a four-word title cannot decide a match.
MIN_SHARED_TERMS = 5
# Of those, how many must be distinctive: found in at most this many texts or this share of
# them. A corpus whose texts all use the same few hundred words has nothing to match on.
MIN_DISTINCTIVE_TERMS = 3
DISTINCTIVE_TEXTS = 5
DISTINCTIVE_SHARE = 0.05
# Two-word phrases of the title and excerpt that the text must repeat: at least this many, and
# at least this share of them. Words common to a subject meet by chance; phrases rarely do.
MIN_SHARED_PHRASES = 2
MIN_PHRASE_SHARE = 0.4
# How far a pairing must score above the next best pairing of its text or its article.
MARGIN = 0.1
# Naming the article's provider ("... told TechCrunch") makes a pairing a little more likely;
# it never decides one on its own.
PROVIDER_BONUS = 0.05
# Each description proposes candidates through this many of its rarest terms...
CANDIDATE_TERMS = 4
# ...among the terms found in at most this many texts (or this share of them, if larger).
MAX_CANDIDATE_POSTINGS = 50
MAX_CANDIDATE_SHARE = 0.01

_SOURCE_URL = re.compile(
    r"""\b(?:
        original(?:ly)?(?:\s+(?:text|article|story|post|published))?(?:\s+(?:at|on|in))?
        | source | via | read\s+(?:the\s+)?(?:original|full\s+(?:story|article))(?:\s+(?:at|on))?
    )\s*[:\-–—]?\s*(https?://[^\s<>"'\])]+)""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Merge:
    """One body-only file found to be the text of a described article."""

    body: Path
    article: Path
    # "source URL", or "text" with the share of the description's terms found in it.
    reason: str
    score: float = 1.0

    def describe(self) -> str:
        return f"{self.body}: text of {self.article}"


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The articles after merging (in their original order) and the merges made."""

    articles: tuple[Article, ...]
    merges: tuple[Merge, ...]


def source_url(body: str) -> str | None:
    """The URL a copied text names as its source ("Original text: https://..."), if openable.

    A truncated URL ("https://example.com/issue-…") is never returned.
    """
    if "http" not in body:
        return None
    for match in _SOURCE_URL.finditer(body):
        # A sentence's full stop is not part of the URL; the dots of a truncation are.
        url = re.sub(r"(?<!\.)[.,;:!?]$", "", tidy_url(match.group(1)))
        if check_openable(url).ok:
            return url
    return None


def attach_body(article: Article, text: Article) -> Article:
    """The described article with the body-only article's text as its body."""
    return article.changed(
        body=text.stored_body,
        body_from=text.source,
        removed_text=text.removed_text,
        excerpt=article.excerpt or text.excerpt,
        url=article.url or text.url,
    )


def merge_bodies(
    articles: Sequence[Article], terms: Sequence[Collection[str] | None] | None = None
) -> MergeResult:
    """Attach each body-only text to the article it is the full text of; drop the text itself.

    `terms`, if given, holds `article_terms` of each article (worked out elsewhere, perhaps in
    other processes).
    """
    matches = find_matches(articles, terms)
    merged: dict[int, Article] = {}
    dropped: set[int] = set()
    merges: list[Merge] = []
    for match in matches:
        merged[match.article] = attach_body(articles[match.article], articles[match.body])
        dropped.add(match.body)
        merges.append(
            Merge(
                articles[match.body].source,
                articles[match.article].source,
                match.reason,
                match.score,
            )
        )
    # Copies of a merged text (same id) go with it rather than reappear on their own.
    merged_ids = {articles[index].id for index in dropped}
    for index, article in enumerate(articles):
        if index not in dropped and _is_text(article) and article.id in merged_ids:
            dropped.add(index)
    kept = tuple(
        merged.get(index, article) for index, article in enumerate(articles) if index not in dropped
    )
    return MergeResult(kept, tuple(merges))


@dataclass(frozen=True, slots=True)
class Match:
    """A body-only article (by index) that is the text of a described article (by index)."""

    body: int
    article: int
    reason: str
    score: float


def article_terms(article: Article) -> tuple[str, ...] | None:
    """The terms merging compares: a text's body, a described article's title and excerpt.

    A tuple of distinct terms: smaller than a set to hold and to send between processes.
    """
    if _is_text(article):
        return tuple(term_set(article.body))
    if _is_described(article):
        return tuple(term_set(f"{article.title}\n{article.excerpt}"))
    return None


def find_matches(
    articles: Sequence[Article], terms: Sequence[Collection[str] | None] | None = None
) -> list[Match]:
    """Every confident pairing of a body-only text with a described article without a body."""
    # One contender per id: copies of a file would otherwise tie with each other.
    texts = _first_of_each_id(articles, _is_text)
    described = _first_of_each_id(articles, _is_described)
    if not texts or not described:
        return []
    return _Matcher(articles, texts, described, terms).run()


def _is_text(article: Article) -> bool:
    return not article.has_front_matter and article.has_body


def _is_described(article: Article) -> bool:
    return article.has_front_matter and not article.has_body


def _first_of_each_id(articles: Sequence[Article], wanted: Callable[[Article], bool]) -> list[int]:
    seen: set[str] = set()
    first: list[int] = []
    for index, article in enumerate(articles):
        if wanted(article) and article.id not in seen:
            seen.add(article.id)
            first.append(index)
    return first


def _names_provider(article: Article, body: str) -> bool:
    provider = article.provider
    if provider is None:
        return False
    for name in (provider.name, provider.domain):
        if name and len(name) >= 3 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body):
            return True
    return False


class _Matcher:
    """One matching run: term statistics, the candidate index, scoring and assignment."""

    def __init__(
        self,
        articles: Sequence[Article],
        texts: list[int],
        described: list[int],
        terms: Sequence[Collection[str] | None] | None = None,
    ) -> None:
        def terms_of(index: int) -> Collection[str]:
            given = terms[index] if terms is not None else None
            return given if given is not None else article_terms(articles[index]) or ()

        self.articles = articles
        self.texts = texts
        self.described = described
        self.vocabulary: dict[str, int] = {}
        # Per described article: the ids of its title and excerpt terms.
        self.description_terms: list[tuple[int, ...]] = []
        for index in described:
            ids = tuple(
                self.vocabulary.setdefault(term, len(self.vocabulary)) for term in terms_of(index)
            )
            self.description_terms.append(ids)
        # Per text: the ids of its terms that some description uses (nothing else matters).
        self.text_terms: list[array[int]] = []
        self.text_frequency = [0] * len(self.vocabulary)
        for index in texts:
            text_ids = sorted(
                self.vocabulary[term] for term in terms_of(index) if term in self.vocabulary
            )
            for term_id in text_ids:
                self.text_frequency[term_id] += 1
            self.text_terms.append(array("i", text_ids))
        frequency = list(self.text_frequency)
        for ids in self.description_terms:
            for term_id in ids:
                frequency[term_id] += 1
        documents = len(texts) + len(described)
        self.weight = [math.log(1 + documents / count) for count in frequency]
        self.total_weight = [sum(self.weight[t] for t in ids) for ids in self.description_terms]

    def run(self) -> list[Match]:
        by_url = self._url_matches()
        taken_texts = {match.body for match in by_url}
        taken_articles = {match.article for match in by_url}
        scored = [
            match
            for match in self._text_matches()
            if match.body not in taken_texts and match.article not in taken_articles
        ]
        return by_url + _confident(scored)

    def _url_matches(self) -> list[Match]:
        by_url: dict[str, int] = {}
        for index in self.described:
            url = self.articles[index].url
            if url:
                by_url.setdefault(canonical_url(url), index)
        matches: list[Match] = []
        used: set[int] = set()
        for index in self.texts:
            url = self.articles[index].url
            target = by_url.get(canonical_url(url)) if url else None
            if target is not None and target not in used:
                used.add(target)
                matches.append(Match(index, target, "source URL", 1.0))
        return matches

    def _candidate_index(self) -> dict[int, list[int]]:
        """Rare term id -> the descriptions (by position) that propose candidates through it."""
        limit = max(MAX_CANDIDATE_POSTINGS, int(len(self.texts) * MAX_CANDIDATE_SHARE))
        index: dict[int, list[int]] = {}
        self.needed_hits: list[int] = []
        for position, ids in enumerate(self.description_terms):
            usable = [t for t in ids if 0 < self.text_frequency[t] <= limit]
            usable.sort(key=lambda t: self.text_frequency[t])
            for term_id in usable[:CANDIDATE_TERMS]:
                index.setdefault(term_id, []).append(position)
            # A text must contain two of them (or the only one) to be worth scoring.
            self.needed_hits.append(min(2, len(usable[:CANDIDATE_TERMS])))
        return index

    def _text_matches(self) -> list[Match]:
        """Pairings that pass the coverage, term and phrase tests, with their scores."""
        candidates_of = self._candidate_index()
        frequency = self.text_frequency
        distinctive_limit = max(DISTINCTIVE_TEXTS, len(self.texts) * DISTINCTIVE_SHARE)
        matches: list[Match] = []
        for text_position, ids in enumerate(self.text_terms):
            hits: Counter[int] = Counter()
            for term_id in ids:
                for position in candidates_of.get(term_id, ()):
                    hits[position] += 1
            if not hits:
                continue
            present: set[int] | None = None
            body_phrases: set[tuple[str, str]] | None = None
            for position, count in hits.items():
                if count < self.needed_hits[position]:
                    continue
                present = set(ids) if present is None else present
                terms = self.description_terms[position]
                shared = [t for t in terms if t in present]
                if len(shared) < MIN_SHARED_TERMS:
                    continue
                distinctive = sum(1 for t in shared if frequency[t] <= distinctive_limit)
                if distinctive < MIN_DISTINCTIVE_TERMS:
                    continue
                coverage = sum(self.weight[t] for t in shared) / self.total_weight[position]
                if coverage < MIN_COVERAGE:
                    continue
                text = self.articles[self.texts[text_position]]
                article = self.articles[self.described[position]]
                if body_phrases is None:
                    body_phrases = phrases(text.body)
                description_phrases = phrases(article.title) | phrases(article.excerpt)
                shared_phrases = len(description_phrases & body_phrases)
                if shared_phrases < MIN_SHARED_PHRASES or shared_phrases < MIN_PHRASE_SHARE * len(
                    description_phrases
                ):
                    continue
                score = coverage + (PROVIDER_BONUS if _names_provider(article, text.body) else 0)
                matches.append(
                    Match(
                        self.texts[text_position],
                        self.described[position],
                        f"text ({coverage:.0%} of its terms)",
                        score,
                    )
                )
        return matches


def _confident(matches: list[Match]) -> list[Match]:
    """The pairings that are each side's best by a clear margin."""
    best_for_text: dict[int, list[float]] = {}
    best_for_article: dict[int, list[float]] = {}
    for match in matches:
        best_for_text.setdefault(match.body, []).append(match.score)
        best_for_article.setdefault(match.article, []).append(match.score)

    def clear(scores: list[float], score: float) -> bool:
        others = sorted(scores, reverse=True)
        runner_up = others[1] if len(others) > 1 else 0.0
        return score == others[0] and score - runner_up >= MARGIN

    return [
        match
        for match in matches
        if clear(best_for_text[match.body], match.score)
        and clear(best_for_article[match.article], match.score)
    ]
