"""Python's cyclic collector kept out of the way of the keys (bench/RESULTS.md, issue 4).

Not Textual's private API, but global behaviour every screen depends on, so kept apart:

- The young generation is collected less often, from the start: the imports and the first
  screen create objects that live for the whole run. After start-up, the hundreds of
  thousands of objects Textual, the modules and the app keep are frozen out of the
  collector's walks: every full collection walked them all, and screen changes paused at
  random.
- A closed page (a form, a detail) leaves tens of thousands of objects in reference cycles
  (widgets, messages and timers holding one another); collected whenever the counters said
  so, that was a 60 to 120 ms pause in the middle of opening the next form or of a key.
  Collected right after the page below is drawn, the pause falls while the technician reads.

Can go if Textual's widgets stop forming cycles on removal (no upstream issue found).
"""

from __future__ import annotations

import gc
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

YOUNG_GENERATION_THRESHOLD = 10_000
"""Allocations between two collections of the youngest generation (Python's default: 2,000
in 3.11 and 3.12)."""


def space_young_collections() -> None:
    """From the start of the app, before Textual is imported: with Python's default, the
    imports and the first screen ran ~80 young collections and 7 of the middle generation
    before the first frame (~20 ms of ~300); with this, 6 young ones (~12 ms)."""
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, 20, 20)


def freeze_start_up_objects() -> None:
    """Once the first screen is up and the client and keyring are built."""
    gc.freeze()
    space_young_collections()


FRAMES_TO_WAIT = 3
"""How many frames a closed page may outlive its removal before it is left to the collector's
own schedule."""


def collect_once_drawn(app: App, closed: object) -> None:
    """A full collection after the next frame (call once a page is removed), again after
    the following ones while ``closed`` is still there: its update timer's task ends a turn
    or two of the event loop after the page is removed (later when a worker was started as
    it went, as the home page's look at « À traiter »), and it holds the page until then."""
    page = weakref.ref(closed)

    def collect(frames_left: int) -> None:
        gc.collect()
        if page() is not None and frames_left:
            app.call_after_refresh(collect, frames_left - 1)

    app.call_after_refresh(collect, FRAMES_TO_WAIT)
