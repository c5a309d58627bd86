"""ep-tui: a keyboard-driven terminal client for Espace Partenaires."""

import os

FRAME_RATE = 500
"""The most screen updates a second, given to Textual as ``TEXTUAL_FPS``.

Textual draws on a timer that it resumes at the first change after a pause, so every key
press waits one full period before it shows: 16.7 ms at its default of 60, which alone
breaks the 8 ms a key we aim at (issue 4, bench/RESULTS.md). At 500 the wait is 2 ms;
changes closer together are still drawn as one frame, and an idle screen draws nothing."""


def pace_frames() -> None:
    """Set Textual's frame rate, unless the user chose one; before Textual is imported, which
    reads it once."""
    os.environ.setdefault("TEXTUAL_FPS", str(FRAME_RATE))
