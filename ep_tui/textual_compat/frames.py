"""Textual's frame rate, set before Textual is imported (it reads ``TEXTUAL_FPS`` once).

Textual draws on a timer that it resumes at the first change after a pause, so every key
press waits one full period before it shows: 16.7 ms at its default of 60, which alone
breaks the 8 ms a key we aim at (issue 4, bench/RESULTS.md). At 500 the wait is 2 ms;
changes closer together are still drawn as one frame, and an idle screen draws nothing.
This module imports nothing of Textual's (nor does the package's ``__init__``)."""

from __future__ import annotations

import os

FRAME_RATE = 500
"""The most screen updates a second."""


def pace_frames() -> None:
    """Set Textual's frame rate, unless the user chose one."""
    os.environ.setdefault("TEXTUAL_FPS", str(FRAME_RATE))
