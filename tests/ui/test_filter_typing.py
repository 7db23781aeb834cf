"""Typing in the filter: each list shown is the one for the query typed at that moment, whether
the list was narrowed from the previous one or filtered afresh."""

from __future__ import annotations

import pytest
from textual import events

from newsreader.model.store import Group, Store
from newsreader.search.query import QueryError, parse_query
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_list import ArticleList


@pytest.fixture(scope="module")
def corpus(generated_store: Store) -> Store:
    return generated_store


def expected_ids(store: Store, text: str) -> set[str]:
    query = parse_query(text)
    return {article.id for article in store.articles if query.matches(article)}


def shown_ids(app: NewsreaderApp) -> set[str]:
    return set(app.query_one(ArticleList).article_ids())


KEY_NAMES = {":": "colon", " ": "space", "-": "minus"}


async def test_typing_editing_and_deleting_shows_what_a_fresh_filter_finds(corpus: Store) -> None:
    app = NewsreaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        # Typing on narrows; deleting, inserting at the start and OR widen again.
        steps = ["r", "o", "b", "o", "t", "backspace", "backspace", " ", "d", "home", "-"]
        steps += ["end", "space", "O", "R", "space", "c", "h", "i", "p", "s"]
        for key in steps:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            # `... OR` alone does not parse: the list stays that of the last query that did.
            text = app.settings.query.text
            assert text == app.filter_bar.text or key in ("O", "R", "space")
            wanted = expected_ids(corpus, text)
            assert shown_ids(app) == wanted, text
            if text == app.filter_bar.text:
                assert app.sub_title.startswith(f"{len(wanted):,} of {len(corpus):,}")
            else:  # no count for a query no longer typed
                assert app.sub_title.startswith("the filter does not read")


async def test_a_superseded_keystroke_never_shows_its_list(corpus: Store) -> None:
    app = NewsreaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        shown: list[tuple[str, str, set[str]]] = []
        show_groups = article_list.show_groups

        def recording_show_groups(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            show_groups(*args, **kwargs)
            shown.append((app.settings.query.text, app.filter_bar.text, shown_ids(app)))

        article_list.show_groups = recording_show_groups  # type: ignore[method-assign]
        await pilot.press("slash")
        # A burst: every key is queued before any list is worked out.
        for character in "robot -chip OR provider:times":
            app.post_message(events.Key(KEY_NAMES.get(character, character), character))
        await pilot.pause()
        while app.filter_bar.text != "robot -chip OR provider:times":
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown, "no list was shown"
        for text, typed, ids in shown:
            # Each list is the one for the query in the bar when it was shown (or, while the
            # bar holds a query that does not parse, such as `provider:`, the last that did).
            assert ids == expected_ids(corpus, text), text
            if text != typed:
                with pytest.raises(QueryError):
                    parse_query(typed)
        assert shown[-1][:2] == ("robot -chip OR provider:times",) * 2


async def test_a_large_list_shows_its_top_first_then_the_whole_filtered_list(
    corpus: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The corpus stands in for a large folder: the first screen is shown from 50 articles up.
    monkeypatch.setattr("newsreader.search.listing.FIRST_SCREEN_MIN_ARTICLES", 50)
    monkeypatch.setattr("newsreader.search.listing.FIRST_SCREEN_ROWS", 12)
    app = NewsreaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        shown: list[tuple[str, list[Group], str]] = []
        show_groups = app.listing.show_groups

        def recording_show_groups(groups, count, settings) -> None:  # type: ignore[no-untyped-def]
            show_groups(groups, count, settings)
            shown.append((settings.query.text, list(groups), app.sub_title))

        app.listing.show_groups = recording_show_groups  # type: ignore[method-assign]
        await pilot.press("slash")
        for key in "robot":
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        whole = {text: groups for text, groups, _ in shown if all(g.complete for g in groups)}
        tops = [
            (text, groups, title)
            for text, groups, title in shown
            if text not in whole or not all(g.complete for g in groups)
        ]
        assert set(whole) == {"r", "ro", "rob", "robo", "robot"}
        assert tops, "no first screen was shown"
        for text, groups, title in tops:
            full = whole[text]
            assert groups and not any(group.complete for group in groups)
            assert title.startswith(f"… of {len(corpus):,}")
            # The top of the whole list: the same groups in order, each with all its members
            # but the last, which has the first of them.
            assert [g.name for g in groups] == [g.name for g in full[: len(groups)]]
            for group, whole_group in zip(groups[:-1], full, strict=False):
                assert group.articles == whole_group.articles
            last = groups[-1]
            assert last.articles == full[len(groups) - 1].articles[: len(last.articles)]
            rows = len(groups) + sum(len(group.articles) for group in groups)
            assert rows <= 12
        wanted = expected_ids(corpus, "robot")
        assert shown_ids(app) == wanted
        assert app.sub_title.startswith(f"{len(wanted):,} of {len(corpus):,}")
        assert all(group.complete for group in article_list.groups)


async def test_an_incomplete_group_header_shows_no_counts(corpus: Store) -> None:
    app = NewsreaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        first = article_list.groups[0]
        article_list.show_groups([Group(first.name, first.articles[:2], complete=False)])
        await pilot.pause()
        header = article_list.render_line(0).text
        assert first.name in header and header.rstrip().endswith("…")
        article_list.show_groups([first])
        await pilot.pause()
        assert article_list.render_line(0).text.rstrip().endswith(f"/{len(first.articles):,}")


async def test_a_filter_matching_nothing_says_so_in_the_detail_pane(corpus: Store) -> None:
    app = NewsreaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:

        async def type_and_wait(*keys: str) -> str:
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            return str(app.query_one("#title").render())

        assert "No article matches “zzqx”" in await type_and_wait("slash", *"zzqx")
        assert app.sub_title.startswith(f"0 of {len(corpus):,}")
        assert "No article matches “zzqxy”" in await type_and_wait("y")
        shown = await type_and_wait("escape")
        assert app.current_article is not None
        assert shown == app.current_article.title
