"""Benchmarks (not tests): ``make bench`` runs them all and writes ``bench/RESULTS.md``."""

from ep_tui.textual_compat.frames import pace_frames

# The app as it ships: its frame rate is set before Textual is first imported.
pace_frames()
