"""Full garbage collections wait for the reader to rest, and run as often as Python's would."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.idle_collection import (
    IDLE_SECONDS,
    LONGEST_WAIT_SECONDS,
    NEVER,
    IdleCollector,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def owe_a_full_pass(collector_threshold: int) -> None:
    """Run as many gen-1 passes as Python waits for before a full one."""
    gc.collect()
    for _ in range(collector_threshold):
        gc.collect(1)


def test_start_holds_back_automatic_full_passes_and_stop_gives_them_back(thresholds) -> None:
    collector = IdleCollector()
    collector.start()
    young, middle, old = gc.get_threshold()
    assert (young, middle) == thresholds[:2]
    assert old == NEVER
    collector.stop()
    assert gc.get_threshold() == thresholds


def test_a_full_pass_is_due_only_when_owed_and_the_reader_rests(thresholds) -> None:
    clock = FakeClock()
    collector = IdleCollector(clock)
    collector.start()
    gc.collect()
    clock.now += IDLE_SECONDS * 2
    assert not collector.due(), "nothing owed yet: no gen-1 passes since the last full one"

    owe_a_full_pass(thresholds[2])
    collector.note_input()
    assert not collector.due(), "a key just came"
    clock.now += IDLE_SECONDS / 2
    assert not collector.due()
    clock.now += IDLE_SECONDS
    assert collector.due()

    full_before = gc.get_stats()[2]["collections"]
    assert collector.tick()
    assert gc.get_stats()[2]["collections"] == full_before + 1
    assert gc.get_count()[2] == 0
    assert not collector.tick(), "nothing owed right after a full pass"
    collector.stop()


def test_keys_without_a_break_still_get_a_full_pass_now_and_then(thresholds) -> None:
    clock = FakeClock()
    collector = IdleCollector(clock)
    collector.start()
    owe_a_full_pass(thresholds[2])
    for _ in range(int(LONGEST_WAIT_SECONDS / 0.05) - 1):
        clock.now += 0.05
        collector.note_input()
        assert not collector.due()
    clock.now += 0.1
    collector.note_input()
    assert collector.tick()
    collector.stop()


def test_not_started_it_never_collects(thresholds) -> None:
    clock = FakeClock()
    collector = IdleCollector(clock)
    owe_a_full_pass(thresholds[2])
    clock.now += LONGEST_WAIT_SECONDS * 2
    assert not collector.tick()
    assert gc.get_threshold() == thresholds


async def test_the_reader_defers_full_passes_while_it_runs_and_keys_count_as_activity(
    thresholds,
) -> None:
    app = NewsreaderApp(Store())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == NEVER
        collector = app.idle_collector
        owe_a_full_pass(thresholds[2])
        await pilot.press("j")
        assert not collector.due(), "a key was just pressed"
        await pilot.pause(IDLE_SECONDS + 0.4)
        assert collector.full_collections >= 1, "resting, the owed full pass ran"
    assert gc.get_threshold() == thresholds


def test_no_full_pass_while_the_collector_is_switched_off(thresholds) -> None:
    clock = FakeClock()
    collector = IdleCollector(clock)
    collector.start()
    owe_a_full_pass(thresholds[2])
    clock.now += LONGEST_WAIT_SECONDS * 2
    gc.disable()
    try:
        assert not collector.due(), "a load has paused the collector on purpose"
    finally:
        gc.enable()
    assert collector.due()
    collector.stop()


def test_settle_freezes_once_per_state() -> None:
    collector = IdleCollector()
    frozen_before = gc.get_freeze_count()
    try:
        collector.settle("list", 1)
        after_first = gc.get_freeze_count()
        assert after_first > frozen_before
        made_since = [[n] for n in range(1000)]  # noqa: F841 - objects made after settling
        collector.settle("list", 1)
        # Not frozen again: the thousand lists made since stay out of the permanent generation
        # (which can only shrink meanwhile, as frozen objects of other tests are freed).
        assert gc.get_freeze_count() <= after_first, "the same state is not settled again"
        collector.settle("search text", 1)
        assert gc.get_freeze_count() >= after_first + 1000
    finally:
        gc.unfreeze()


async def test_filter_keystrokes_do_not_freeze_what_they_leave_behind(generated_store) -> None:
    app = NewsreaderApp(generated_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await app.workers.wait_for_complete()
        await pilot.pause()
        frozen = gc.get_freeze_count()
        for _ in range(20):
            await pilot.press("r", "o", "b", "backspace", "backspace", "backspace")
            await app.workers.wait_for_complete()
        # Each keystroke's garbage used to be frozen with the list (about 1,500 objects).
        assert gc.get_freeze_count() - frozen < 1_000
