"""Keys and the filter, driven in this process on a store of the corpus's files."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsreader.bench.goals import HEIGHT, WIDTH, BenchError, say

if TYPE_CHECKING:
    from textual.app import App

    from newsreader.model.store import Store


# Keys, in this process ---------------------------------------------------------------------


async def _until(condition: Callable[..., bool], deadline: float, *args: Any) -> bool:
    """Wait for `condition`, checking each time the event loop comes round.

    `sleep(0)` yields for one pass of the loop: the app's handlers and timers run as they
    would, and the check costs microseconds, where a timed sleep would add its whole tick.
    `args` are handed to `condition` (values of the moment, rather than a loop's variables).
    """
    while not condition(*args):
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0)
    return True


def _plain(visual: object) -> str:
    plain = getattr(visual, "plain", None)
    return plain if isinstance(plain, str) else str(visual)


def _record_frames(app: App[Any]) -> list[float]:
    """Note the time each frame is finished (composited; headless runs skip only the write)."""
    frames: list[float] = []
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    # App._display is where every screen update ends up; no public hook sees each frame.
    app._display = timed_display  # type: ignore[method-assign]
    return frames


@dataclass(slots=True)
class KeySamples:
    content: list[float] = field(default_factory=list)
    frame: list[float] = field(default_factory=list)


async def key_samples(store: Store, presses: int) -> KeySamples:
    """Press `down` and time each press until the detail pane shows the newly highlighted article.

    The key event goes straight into the app's queue (as the terminal driver puts it there):
    `pilot.press` would add two idle waits of at least 20 ms each to every press. Two moments
    are taken: the title widget holding the new title, and the next frame composited after
    that, which is what the user sees. Presses landing on a group header change no article and
    are not counted. Between presses the app is let go idle, so each press starts fresh.
    """
    from textual import events

    from newsreader.ui.app import NewsreaderApp
    from newsreader.ui.widgets.article_list import ArticleList

    samples = KeySamples()
    app = NewsreaderApp(store)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        frames = _record_frames(app)
        article_list = app.query_one(ArticleList)
        title = app.query_one("#title")
        for _ in range(presses):
            before = article_list.cursor
            start = time.perf_counter()
            app.post_message(events.Key("down", None))
            if not await _until(lambda before: article_list.cursor != before, start + 2.0, before):
                break  # the end of the list
            article = article_list.highlighted_article
            if article is not None:
                wanted = article.title
                if not await _until(
                    lambda wanted: wanted in _plain(title.render()), start + 5.0, wanted
                ):
                    raise BenchError("the detail pane never showed the highlighted title")
                shown = time.perf_counter()
                if not await _until(
                    lambda shown: bool(frames) and frames[-1] >= shown, shown + 5.0, shown
                ):
                    raise BenchError("no frame was drawn after the detail pane changed")
                samples.content.append(shown - start)
                samples.frame.append(frames[-1] - start)
            await pilot.pause()
    return samples


# The filter ----------------------------------------------------------------------------------


@dataclass(slots=True)
class FilterSamples:
    keystrokes: list[float] = field(default_factory=list)
    # To the whole filtered list with its counts, where the top of it is shown first.
    complete: list[float] = field(default_factory=list)
    prepare: float | None = None  # one-off: search text for every article


# Key names for the characters in the queries typed (letters are their own names).
_KEY_NAMES = {":": "colon", " ": "space", '"': "quotation_mark", "-": "minus"}


def _filter_binding(app: App[Any]) -> str | None:
    """The key that opens the reader's filter, if the reader has one."""
    for key, active in app.active_bindings.items():
        if "filter" in active.binding.action:
            return key
    return None


async def _ui_filter_samples(store: Store, query_text: str) -> FilterSamples | None:
    """Open the reader's filter and type the query, timing each keystroke to the filtered list.

    A keystroke is done when the list has been given its new groups and a frame has been drawn
    after that. None when the reader has no filter key; BenchError when the list never changes.
    """
    from textual import events
    from textual.widgets import Input

    from newsreader.ui.app import NewsreaderApp
    from newsreader.ui.widgets.article_list import ArticleList

    app = NewsreaderApp(store)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        key = _filter_binding(app)
        if key is None:
            return None
        frames = _record_frames(app)
        article_list = app.query_one(ArticleList)
        listed: list[float] = []
        completed: list[float] = []
        show_groups = article_list.show_groups

        def timed_show_groups(groups: Any, *args: Any, **kwargs: Any) -> None:
            show_groups(groups, *args, **kwargs)
            listed.append(time.perf_counter())
            if all(getattr(group, "complete", True) for group in groups):
                completed.append(listed[-1])

        article_list.show_groups = timed_show_groups  # type: ignore[method-assign]
        app.post_message(events.Key(key, key if len(key) == 1 else None))
        deadline = time.perf_counter() + 5.0
        if not await _until(lambda: isinstance(app.focused, Input), deadline):
            raise BenchError(f"`{key}` did not open a filter input")
        field = app.focused
        assert isinstance(field, Input)
        samples = FilterSamples()
        for end, character in enumerate(query_text, 1):
            count, whole = len(listed), len(completed)
            start = time.perf_counter()
            app.post_message(events.Key(_KEY_NAMES.get(character, character), character))
            parses = _parses(query_text[:end])
            if parses:
                if not await _until(lambda count: len(listed) > count, start + 10.0, count):
                    raise BenchError("typing in the filter did not change the list")
                done = listed[count]
            else:
                # `provider:` alone: the reader shows the error and keeps the list as it is.
                typed = query_text[:end]
                if not await _until(lambda typed: field.value == typed, start + 10.0, typed):
                    raise BenchError("the filter input did not take the keystroke")
                done = time.perf_counter()
            samples.keystrokes.append(await _first_frame_after(frames, done) - start)
            if parses:
                # The top of a long list may come first; the whole list and its counts follow.
                if not await _until(lambda whole: len(completed) > whole, start + 30.0, whole):
                    raise BenchError("the whole filtered list never came")
                samples.complete.append(await _first_frame_after(frames, completed[whole]) - start)
            await pilot.pause()
    return samples


async def _first_frame_after(frames: list[float], moment: float) -> float:
    """The time of the first frame composited after `moment`."""
    if not await _until(lambda: bool(frames) and frames[-1] >= moment, moment + 5.0):
        raise BenchError("no frame was drawn after the list was filtered")
    return next(frame for frame in frames if frame >= moment)


def _parses(text: str) -> bool:
    from newsreader.search.query import parses

    return parses(text)


def filter_samples(store: Store, query_text: str, try_ui: bool) -> tuple[FilterSamples | None, str]:
    """Through the reader's filter when it has one, else the query module alone."""
    ui = None
    try:
        if try_ui:
            ui = asyncio.run(_ui_filter_samples(store, query_text))
    except BenchError as error:
        say(f"  the reader's filter could not be timed ({error}); timing the core instead")
    if ui is not None:
        return ui, "through the UI"
    return _core_filter_samples(store, query_text), "core only"


def _core_filter_samples(store: Store, query_text: str) -> FilterSamples | None:
    """Type the query a character at a time: parse each prefix and filter every article."""
    try:
        query_module = importlib.import_module("newsreader.search.query")
    except ModuleNotFoundError:
        return None
    samples = FilterSamples()
    articles = store.articles
    options: dict[str, Any] = {}
    cache_type = getattr(query_module, "SearchCache", None)
    if cache_type is not None:
        cache = options["cache"] = cache_type()
        start = time.perf_counter()
        cache.prepare(articles)
        samples.prepare = time.perf_counter() - start
    query_error = getattr(query_module, "QueryError", ValueError)
    for end in range(1, len(query_text) + 1):
        start = time.perf_counter()
        try:
            query = query_module.parse_query(query_text[:end])
        except query_error:
            pass  # `provider:` alone: the reader shows the error, nothing is filtered
        else:
            query.filter(articles, **options)
        samples.keystrokes.append(time.perf_counter() - start)
    return samples
