"""Full garbage collections while the reader rests, not between a key press and its frame.

Textual makes short-lived reference cycles on every frame (strips caching themselves,
widgets and their messages). Python's collector finds them in gen-0 and gen-1 passes that cost
a millisecond or two, and now and then in a full pass over everything not frozen, which takes
40 to 60 ms with a long article on screen. Left to itself, that full pass lands wherever an
allocation tips the count: often between a key press and the frame that answers it.
Here the full pass waits until no key has come for a moment (the reader is reading) and then
runs as often as Python would have run it; a key held down for long still gets one now and then.

The objects a load or the search text makes live as long as the reader, hold no cycles and
number in the hundreds of thousands: `settle` freezes them out of the collector's sight once
they are made, so that a full pass does not walk them all.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

# No input for this long: the reader is reading, and a pause of the UI goes unseen.
IDLE_SECONDS = 0.5
# How often the app asks whether a full collection is due.
CHECK_SECONDS = 0.25
# Keys coming without a break for this long still get a full collection in between.
LONGEST_WAIT_SECONDS = 20.0
# A gen-2 threshold that automatic collection never reaches.
NEVER = 1 << 30


class IdleCollector:
    """Holds the collector's full passes back from automatic timing, and runs them on `tick`.

    It is told of every key and mouse event (`note_input`), and is the reader's one record of
    when the last came: other background work asks it too (`seconds_since_input`)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._saved: tuple[int, int, int] | None = None
        self._last_input = clock()
        self._last_full = clock()
        self.full_collections = 0
        self._settled: dict[str, object] = {}

    def start(self) -> None:
        if self._saved is not None:
            return
        self._saved = gc.get_threshold()
        young, middle, _old = self._saved
        gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Give the collector its own timing back."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def note_input(self) -> None:
        self._last_input = self._clock()

    def seconds_since_input(self) -> float:
        """How long since the last key or mouse event was noted."""
        return self._clock() - self._last_input

    def due(self) -> bool:
        """A full pass is owed (as many gen-1 passes since the last as Python waits for) and
        the reader is resting, or has not rested for too long. Never while the collector is
        switched off (a load holds it off while it makes its objects)."""
        if self._saved is None or not gc.isenabled() or gc.get_count()[2] < self._saved[2]:
            return False
        now = self._clock()
        resting = now - self._last_input >= IDLE_SECONDS
        return resting or now - self._last_full >= LONGEST_WAIT_SECONDS

    def tick(self) -> bool:
        """Run a full collection if one is due; True if it ran."""
        if not self.due():
            return False
        gc.collect()
        self._last_full = self._clock()
        self.full_collections += 1
        return True

    def settle(self, kind: str, made_for: object) -> None:
        """Freeze every object made so far, once `kind` of long-lived objects (the list's
        data, the search text) has been made for `made_for` (a state of the store, an index).

        Once per state, not each time the same list is shown again: whatever garbage is
        waiting for a full pass at that moment is frozen with the rest, and never freed.
        Frozen objects are still freed by reference counting when dropped.
        """
        if self._settled.get(kind) == made_for:
            return
        self._settled[kind] = made_for
        gc.freeze()
