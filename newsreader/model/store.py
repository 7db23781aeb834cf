"""The in-memory library: articles by id and URL, grouping and ordering, and what went wrong."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from newsreader.model.records import UNCATEGORISED, Article, LoadResult, Problem, Skipped
from newsreader.text.urls import canonical_url


@dataclass(frozen=True, slots=True)
class Group:
    """A named run of articles, in display order."""

    name: str
    articles: tuple[Article, ...]
    complete: bool = True
    """False while a filter has found only the group's first members (the list's first
    screen); its counts are not known yet."""


class SavedState(NamedTuple):
    """A store's contents other than its articles, as the load cache keeps them."""

    problems: list[Problem]
    skipped: list[Skipped]
    files_read: int
    skipped_files: int


class AmbiguousId(LookupError):
    """An id prefix that names more than one article."""

    def __init__(self, prefix: str, matches: list[Article]) -> None:
        self.prefix = prefix
        self.matches = matches
        super().__init__(f"{prefix!r} matches {len(matches)} articles")


def newest_first_key(article: Article) -> tuple[bool, float, str, str]:
    """Sort key: newest first, undated last, then by title and id so the order is stable."""
    timestamp = article.published_at.timestamp() if article.published_at else 0.0
    return (article.published_at is None, -timestamp, article.title.casefold(), article.id)


# Each store made in this process gets its own number, for `state_key`.
_STORE_NUMBERS = itertools.count()


class Store:
    """Every article loaded from the files, with the problems and skips met on the way."""

    def __init__(self) -> None:
        self._by_id: dict[str, Article] = {}
        self._by_url: dict[str, Article] = {}
        self._problems: list[Problem] = []
        self._skipped: list[Skipped] = []
        self.files_read = 0
        self.skipped_files = 0
        self._groups: list[Group] | None = None
        # Counts every change, so that views derived from the articles know when to redo.
        self.version = 0
        self._number = next(_STORE_NUMBERS)

    @property
    def state_key(self) -> tuple[int, int]:
        """Which store, in which state: equal only for the same store with the same articles."""
        return (self._number, self.version)

    # Saving and restoring (the load cache) ------------------------------------------------

    def saved_state(self) -> SavedState:
        """What the store holds besides its articles, for `restored`."""
        return SavedState(
            list(self._problems), list(self._skipped), self.files_read, self.skipped_files
        )

    def url_keys(self) -> list[str | None]:
        """Each article's key in the URL index (None: no URL), in the order of `articles`:
        saved with them, so that restoring need not work the keys out again."""
        key_of = {id(article): key for key, article in self._by_url.items()}
        return [key_of.get(id(article)) for article in self._by_id.values()]

    @classmethod
    def restored(
        cls, articles: Sequence[Article], url_keys: Sequence[str | None], state: SavedState
    ) -> Store:
        """The store that `articles`, `url_keys()` and `saved_state()` were taken from."""
        store = cls()
        store._by_id = {article.id: article for article in articles}
        store._by_url = {
            key: article for key, article in zip(url_keys, articles, strict=True) if key
        }
        store._problems = list(state.problems)
        store._skipped = list(state.skipped)
        store.files_read = state.files_read
        store.skipped_files = state.skipped_files
        return store

    @classmethod
    def from_results(cls, results: Iterable[LoadResult]) -> Store:
        store = cls()
        for result in results:
            store.add(result)
        return store

    # Building ---------------------------------------------------------------------------

    def add(self, result: LoadResult) -> None:
        """Take one file's outcome. A second file for the same article becomes a problem."""
        self.files_read += 1
        self._groups = None
        self.version += 1
        if isinstance(result, Problem):
            self._problems.append(result)
            return
        if isinstance(result, Skipped):
            self._skipped.append(result)
            return
        first = self._by_id.get(result.id) or (
            self._by_url.get(canonical_url(result.url)) if result.url else None
        )
        if first is not None:
            self._problems.append(Problem(result.source, f"duplicate of {first.source}"))
            return
        self._by_id[result.id] = result
        if result.url:
            self._by_url[canonical_url(result.url)] = result
        self._problems.extend(
            Problem(result.source, note.reason, note.line) for note in result.notes
        )

    def replace_file(self, source: Path, result: LoadResult | None) -> None:
        """Forget what `source` gave before and take its new outcome (None: the file is gone)."""
        self.replace_files({source: result})

    def replace_files(self, outcomes: Mapping[Path, LoadResult | None]) -> None:
        """`replace_file` for many files at once, in one pass over the articles."""
        if not outcomes:
            return
        gone = [article for article in self._by_id.values() if article.source in outcomes]
        for article in gone:
            del self._by_id[article.id]
            if article.url:
                self._by_url.pop(canonical_url(article.url), None)
        had_outcome = {article.source for article in gone}
        had_outcome.update(item.source for item in self._skipped if item.source in outcomes)
        had_outcome.update(item.source for item in self._problems if item.source in outcomes)
        self._problems = [problem for problem in self._problems if problem.source not in outcomes]
        self._skipped = [item for item in self._skipped if item.source not in outcomes]
        self._groups = None
        self.version += 1
        self.files_read -= len(had_outcome)
        for result in outcomes.values():
            if result is not None:
                self.add(result)

    def add_problem(self, problem: Problem) -> None:
        """A problem found before any file could be read (a missing path, a link loop)."""
        self._problems.append(problem)

    # Lookups ----------------------------------------------------------------------------

    @property
    def articles(self) -> list[Article]:
        """Every article, in the order the files were loaded."""
        return list(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    @property
    def skipped(self) -> int:
        """Files passed over: other file types, and records with no title or name."""
        return self.skipped_files + len(self._skipped)

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def by_url(self, url: str) -> Article | None:
        return self._by_url.get(canonical_url(url))

    def find(self, id_or_prefix: str) -> Article | None:
        """The article with this id or unique id prefix; None if there is none.

        Raises AmbiguousId when the prefix names several articles.
        """
        wanted = id_or_prefix.strip().lower()
        if not wanted:
            return None
        exact = self._by_id.get(wanted)
        if exact is not None:
            return exact
        matches = [article for key, article in self._by_id.items() if key.startswith(wanted)]
        if len(matches) > 1:
            raise AmbiguousId(wanted, matches)
        return matches[0] if matches else None

    # Orderings --------------------------------------------------------------------------

    def newest_first(self) -> list[Article]:
        return sorted(self._by_id.values(), key=newest_first_key)

    def topics(self) -> list[str]:
        return [group.name for group in self.groups_by_topic()]

    def groups_by_topic(self) -> list[Group]:
        """One group per topic, by name with "Uncategorised" last; newest first within each."""
        if self._groups is None:
            members: dict[str, list[Article]] = {}
            for article in self._by_id.values():
                for topic in article.topic_groups:
                    members.setdefault(topic, []).append(article)
            names = sorted(members, key=lambda name: (name == UNCATEGORISED, name.casefold()))
            self._groups = [
                Group(name, tuple(sorted(members[name], key=newest_first_key))) for name in names
            ]
        return list(self._groups)

    def summary(self) -> str:
        """`N files, M articles, K problems, S skipped`."""
        return (
            f"{self.files_read:,} files, {len(self):,} articles, "
            f"{len(self._problems):,} problems, {self.skipped:,} skipped"
        )
