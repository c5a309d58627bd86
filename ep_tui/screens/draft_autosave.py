"""Saving what is typed as an encrypted draft, for a screen where the technician writes (a
request form, a complement, a message): a snapshot at every change, written to disk once the
typing pauses (``draft_delay``), so that a killed terminal loses at most that pause."""

from __future__ import annotations

from textual.timer import Timer

from ep_tui.drafts import Draft, DraftStore
from ep_tui.services import Services


class DraftAutosave:
    """Mixin. The screen says what its draft is (``_draft``), whether a send is under way
    (``_sending_now``: the draft must then stay as it is) and how to show the saving
    (``_say_draft_status``)."""

    services: Services
    drafts: DraftStore
    dirty: bool
    _pending: Draft | None
    _save_timer: Timer | None

    def _draft(self) -> Draft:
        raise NotImplementedError

    def _sending_now(self) -> bool:
        raise NotImplementedError

    def _say_draft_status(self, message: str) -> None:
        raise NotImplementedError

    def draft_changed(self) -> None:
        self.dirty = True
        # Snapshot now, while the fields exist: on unmount they are already gone.
        self._pending = self._draft()
        if self._save_timer is not None:
            self._save_timer.stop()
        # Each change restarts the wait: the draft is written once the typing pauses.
        delay = self.services.settings.draft_delay
        if delay > 0:
            self._save_timer = self.set_timer(delay, self.save_draft)  # type: ignore[attr-defined]
        else:
            self.call_later(self.save_draft)  # type: ignore[attr-defined]

    def save_draft(self, *, quietly: bool = False) -> None:
        """Write the last snapshot, if it is not written yet (``quietly``: without touching
        the screen, which may be coming down)."""
        if self._pending is None or self._sending_now():
            return
        self.drafts.save(self._pending)
        self._pending = None
        if not quietly:
            self._say_draft_status("Brouillon enregistré.")
