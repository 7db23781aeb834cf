"""The list's groups for a filter, sort and grouping, as the reader works them out per keystroke."""

from __future__ import annotations

import pytest

from newsreader.core.marks import StateStore
from newsreader.model.store import Group, Store
from newsreader.search.listing import SAVED_SEARCH_MARK, FilteredList, ListSettings
from newsreader.search.ordering import Grouping, SortKey, group_articles, sort_articles
from newsreader.search.query import NO_STATE, parse_query
from newsreader.search.search_text import SearchCache


@pytest.fixture(scope="module")
def store(generated_store: Store) -> Store:
    return generated_store


def expected(store: Store, settings: ListSettings) -> list[Group]:
    ordered = sort_articles(store.articles, settings.sort, settings.reverse)
    kept = settings.query.filter(ordered, NO_STATE, SearchCache())
    return group_articles(kept, settings.grouping, settings.sort, settings.reverse, presorted=True)


def shape(groups: list[Group]) -> list[tuple[str, list[str]]]:
    return [(group.name, [article.id for article in group.articles]) for group in groups]


@pytest.mark.parametrize("grouping", list(Grouping))
@pytest.mark.parametrize(("sort", "reverse"), [(SortKey.NEWEST, False), (SortKey.TITLE, True)])
def test_typing_on_and_back_gives_what_a_fresh_filter_gives(store, grouping, sort, reverse):
    filtered = FilteredList(SearchCache())
    # Narrowing (r, ro, rob...) reuses the last result; widening (backspace) does not.
    for text in ["r", "ro", "rob", "robot", "robo", "robot -chip", "", "provider:t"]:
        settings = ListSettings(parse_query(text), sort, reverse, grouping)
        groups, count = filtered.groups(store, settings, NO_STATE)
        assert shape(groups) == shape(expected(store, settings)), text
        assert count == len(settings.query.filter(store.articles, NO_STATE, SearchCache()))


def test_saved_searches_head_the_list_filtered_by_the_query_too(store) -> None:
    saved = parse_query("topic:ai")
    filtered = FilteredList(SearchCache(), [("AI", saved)])
    settings = ListSettings(parse_query("robot"))
    groups, _ = filtered.groups(store, settings, NO_STATE)
    assert groups[0].name == f"{SAVED_SEARCH_MARK}AI"
    ordered = sort_articles(store.articles, SortKey.NEWEST)
    both = [a for a in ordered if saved.matches(a) and settings.query.matches(a)]
    assert groups[0].articles == tuple(both)
    assert shape(groups[1:]) == shape(expected(store, settings))


def test_the_first_screen_is_the_top_of_the_whole_list(store) -> None:
    filtered = FilteredList(SearchCache(), [("AI", parse_query("topic:ai"))])
    settings = ListSettings(parse_query("robot"))
    top = filtered.first_screen(store, settings, NO_STATE)
    whole, _ = filtered.groups(store, settings, NO_STATE)
    assert top is not None and not any(group.complete for group in top)
    assert all(group.complete for group in whole)
    assert [group.name for group in top] == [group.name for group in whole[: len(top)]]
    for part, group in zip(top, whole, strict=False):
        assert group.articles[: len(part.articles)] == part.articles


def test_a_first_screen_gives_up_when_cancelled(store) -> None:
    filtered = FilteredList(SearchCache())
    settings = ListSettings(parse_query("zzzznothing"))
    assert filtered.first_screen(store, settings, NO_STATE, lambda: True) is None
    assert filtered.groups(store, settings, NO_STATE) == ([], 0)


def test_the_first_screen_pays_only_for_large_lists(store, monkeypatch) -> None:
    filtered = FilteredList(SearchCache())
    robot = ListSettings(parse_query("robot"))
    assert not filtered.first_screen_pays(store, robot)
    assert not filtered.first_screen_pays(store, ListSettings(parse_query("")))
    monkeypatch.setattr("newsreader.search.listing.FIRST_SCREEN_MIN_ARTICLES", 100)
    assert filtered.first_screen_pays(store, robot)
    _, count = filtered.groups(store, ListSettings(parse_query("robot -chip")), NO_STATE)
    # A narrower query looks only at what the last one kept: few enough, no first screen.
    narrower = ListSettings(parse_query("robot -chip -vision"))
    assert filtered.first_screen_pays(store, narrower) == (count >= 100)


def test_a_first_screen_gives_way_to_a_highlighted_match_further_down(store) -> None:
    filtered = FilteredList(SearchCache())
    settings = ListSettings(parse_query("robot"))
    whole, _ = filtered.groups(store, settings, NO_STATE)
    matches = [article for group in whole for article in group.articles]
    top = filtered.first_screen(store, settings, NO_STATE)
    assert top is not None
    on_screen = {article.id for group in top for article in group.articles}
    first, last = matches[0], matches[-1]
    assert first.id in on_screen and last.id not in on_screen
    assert filtered.first_screen(store, settings, NO_STATE, keep=first) is not None
    assert filtered.first_screen(store, settings, NO_STATE, keep=last) is None
    elsewhere = next(a for a in store.articles if not settings.query.matches(a))
    assert filtered.first_screen(store, settings, NO_STATE, keep=elsewhere) is not None


def test_the_tag_grouping_is_laid_out_again_when_tags_change(store) -> None:
    state = StateStore.in_memory()
    first, second = sort_articles(store.articles, SortKey.NEWEST)[:2]
    state.set_tag([first.id], "later", True)
    filtered = FilteredList(SearchCache())
    settings = ListSettings(parse_query(""), grouping=Grouping.TAG)
    groups, _ = filtered.groups(store, settings, state)
    assert shape(groups)[0] == ("later", [first.id])
    state.set_tag([second.id], "later", True)
    groups, _ = filtered.groups(store, settings, state)
    assert shape(groups)[0] == ("later", [first.id, second.id])
    assert groups[-1].name == "Untagged" and len(groups[-1].articles) == len(store) - 2
