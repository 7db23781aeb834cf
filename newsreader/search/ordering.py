"""Sort orders and groupings for article lists.

Sorts: newest (the default), quality and heat (highest first), title and provider (A to Z);
`reverse` flips the direction. Articles missing the value sorted on (no date, no quality ...)
always come last, whichever the direction. Ties fall back to newest first, then title and id,
so every order is stable from one run to the next.

Groupings: by topic (an article under each of its topics), provider, local day, tag (an article
under each of its tags, which the marks know), or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from itertools import compress
from typing import Any

from newsreader.model.records import UNCATEGORISED, Article
from newsreader.model.store import Group, newest_first_key

UNKNOWN_PROVIDER = "Unknown provider"
UNDATED = "Undated"
UNTAGGED = "Untagged"
ALL_ARTICLES = "All articles"
# Opening quotes and brackets are passed over when sorting by title.
_TITLE_LEADERS = "\"'“”‘’«»([{¿¡*-–— "


class SortKey(StrEnum):
    """What an article list is sorted by."""

    NEWEST = "newest"
    QUALITY = "quality"
    HEAT = "heat"
    TITLE = "title"
    PROVIDER = "provider"


class Grouping(StrEnum):
    """How an article list is divided into groups."""

    TOPIC = "topic"
    PROVIDER = "provider"
    DAY = "day"
    TAG = "tag"
    NONE = "none"


def title_key(article: Article) -> str:
    """A title as sorted: casefolded, leading quotes and brackets passed over."""
    return article.title.casefold().lstrip(_TITLE_LEADERS)


def _timestamp(article: Article) -> float | None:
    return article.published_at.timestamp() if article.published_at else None


def _provider_key(article: Article) -> str | None:
    label = article.provider_label
    return label.casefold() if label else None


# For each sort: the value sorted on (None when missing) and whether it runs high to low.
_SORTS: dict[SortKey, tuple[Callable[[Article], Any], bool]] = {
    SortKey.NEWEST: (_timestamp, True),
    SortKey.QUALITY: (lambda article: article.quality, True),
    SortKey.HEAT: (lambda article: article.heat, True),
    SortKey.TITLE: (title_key, False),
    SortKey.PROVIDER: (_provider_key, False),
}


def sort_articles(
    articles: Iterable[Article], sort: SortKey | str = SortKey.NEWEST, reverse: bool = False
) -> list[Article]:
    """The articles in `sort` order (flipped by `reverse`), those missing the value last."""
    value_of, descending = _SORTS[SortKey(sort)]
    # Sorting is stable, so ordering by the tie-breaker first and the value second leaves
    # ties in tie-breaker order, in either direction.
    # Newest first with no reverse is exactly Store.newest_first().
    if sort == SortKey.NEWEST:
        ordered = sorted(articles, key=lambda article: (article.title.casefold(), article.id))
    else:
        ordered = sorted(articles, key=newest_first_key)
    present = [article for article in ordered if value_of(article) is not None]
    missing = [article for article in ordered if value_of(article) is None]
    present.sort(key=value_of, reverse=descending != reverse)
    return present + missing


TagsOf = Callable[[str], Sequence[str]]
"""An article's tags, by its id (a StateStore's `tags_of`)."""


def _no_tags(article_id: str) -> Sequence[str]:
    return ()


def group_articles(
    articles: Iterable[Article],
    grouping: Grouping | str = Grouping.TOPIC,
    sort: SortKey | str = SortKey.NEWEST,
    reverse: bool = False,
    *,
    presorted: bool = False,
    tags_of: TagsOf = _no_tags,
) -> list[Group]:
    """The articles in groups, each group in `sort` order; no groups when there are no articles.

    topic: one group per topic, A to Z, "Uncategorised" last; an article with several topics
        is in each of their groups.
    provider: one group per provider, A to Z, "Unknown provider" last.
    day: one group per local day named YYYY-MM-DD, newest day first (oldest first when sorting
        by newest with `reverse`), "Undated" last.
    tag: one group per tag (`tags_of` tells them), A to Z, "Untagged" last.
    none: one group, "All articles".
    """
    # `presorted`: the caller passes articles already in `sort` order (a filtered slice of a
    # sorted list), so the work per call is one pass.
    ordered = list(articles) if presorted else sort_articles(articles, sort, reverse)
    return pick_groups(ordered, layout_groups(ordered, grouping, sort, reverse, tags_of))


GroupLayout = Sequence[tuple[str, Sequence[int]]]
"""Groups of a sorted list: each group's name and its members' positions in the list, in order."""


def layout_groups(
    ordered: Sequence[Article],
    grouping: Grouping | str = Grouping.TOPIC,
    sort: SortKey | str = SortKey.NEWEST,
    reverse: bool = False,
    tags_of: TagsOf = _no_tags,
) -> GroupLayout:
    """The groups of a list already in `sort` order (see `group_articles` for what they are)."""
    grouping = Grouping(grouping)
    if not ordered:
        return []
    if grouping is Grouping.NONE:
        return [(ALL_ARTICLES, list(range(len(ordered))))]
    members: dict[str, list[int]] = {}
    for at, article in enumerate(ordered):
        for name in _group_names(article, grouping, tags_of):
            members.setdefault(name, []).append(at)
    if grouping is Grouping.DAY:
        oldest_first = SortKey(sort) is SortKey.NEWEST and reverse
        dated = sorted((name for name in members if name != UNDATED), reverse=not oldest_first)
        names = [*dated, UNDATED] if UNDATED in members else dated
    else:
        last = _LAST_GROUP[grouping]
        names = sorted(members, key=lambda name: (name == last, name.casefold(), name))
    return [(name, members[name]) for name in names]


def pick_groups(
    ordered: Sequence[Article], layout: GroupLayout, kept: Sequence[int] | None = None
) -> list[Group]:
    """The groups of `layout` holding only the positions `kept` (all when None), empty ones
    left out: the same groups `group_articles` makes of those articles.

    Filtering a laid-out list this way runs in C (a mask and `compress`), so a keystroke in
    the filter does not pay for working out each article's groups again.
    """
    article_at = ordered.__getitem__
    if kept is None:
        return [Group(name, tuple(map(article_at, positions))) for name, positions in layout]
    mask = bytearray(len(ordered))
    for at in kept:
        mask[at] = 1
    is_kept = mask.__getitem__
    groups = []
    for name, positions in layout:
        members = tuple(map(article_at, compress(positions, map(is_kept, positions))))
        if members:
            groups.append(Group(name, members))
    return groups


def first_groups(
    ordered: Sequence[Article],
    layout: GroupLayout,
    matches: Callable[[int], bool],
    rows: int,
    give_up: Callable[[], bool],
) -> list[Group] | None:
    """The top of the filtered list: the groups of `layout`, in order, with the members that
    `matches` (a test of a position), until `rows` rows (headers and articles) are found.

    Marked incomplete (their counts are not known). None when `give_up` says so first (it is
    asked every few hundred tests): a query matching few articles finds them sooner by
    filtering everything. The work grows with the rows wanted, not with the folder, for any
    query that matches a fair share of the articles.
    """
    groups: list[Group] = []
    found = 0
    tested = 0
    for name, positions in layout:
        room = rows - found - 1  # article rows left under this group's header
        if room < 1:
            break
        members: list[Article] = []
        for at in positions:
            tested += 1
            if tested % 256 == 0 and give_up():
                return None
            if matches(at):
                members.append(ordered[at])
                if len(members) >= room:
                    break
        if members:
            groups.append(Group(name, tuple(members), complete=False))
            found += len(members) + 1
    return groups


# The group that comes last in a grouping, whatever its name.
_LAST_GROUP = {
    Grouping.TOPIC: UNCATEGORISED,
    Grouping.PROVIDER: UNKNOWN_PROVIDER,
    Grouping.TAG: UNTAGGED,
}


def _group_names(article: Article, grouping: Grouping, tags_of: TagsOf) -> Sequence[str]:
    if grouping is Grouping.TOPIC:
        return tuple(dict.fromkeys(article.topic_groups))
    if grouping is Grouping.TAG:
        return tags_of(article.id) or (UNTAGGED,)
    if grouping is Grouping.PROVIDER:
        return (article.provider_label or UNKNOWN_PROVIDER,)
    if article.published_at is None:
        return (UNDATED,)
    return (article.published_at.astimezone().strftime("%Y-%m-%d"),)
