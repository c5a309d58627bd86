"""Keys applied in the order they were typed, in the fields where text is written.

Textual's Input and TextArea insert a character in their own key handler, but run their own
bindings — Backspace, Delete, the arrows, Home, End, Ctrl+K… — only once the key has bubbled
back up to the app, behind every key read after it. Keys that arrive in one read (a burst
after a lag on an SSH link, a fast typist on a busy machine) were then applied out of order:
« abc⌫d » gave « abc », « ab←x » gave « abx ». Upstream: Textualize/textual#6605 (a fix like
this one is proposed in #6631); this module can go once a fixed Textual is pinned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.widget import Widget

    _Mixin = Widget
else:
    # A plain class at run time: a Widget in the bases would take part in Textual's merging
    # of DEFAULT_CSS and COMPONENT_CLASSES along the class chain (and break Input's).
    _Mixin = object


class KeysInOrder(_Mixin):
    """Mixin, first in the bases of an Input or a TextArea: a key the widget does not take as
    text runs the widget's own binding for it right here, in its turn. (Textual calls the
    ``_on_key`` of every class in the chain, this one first.)"""

    async def _on_key(self, event: events.Key) -> None:
        if self.check_consume_key(event.key, event.character):
            return  # text: the widget's own handler, next in Textual's dispatch, inserts it
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            # Priority bindings were run by the app before the key was forwarded here.
            if not binding.priority and await self.app.run_action(binding.action, self):
                # Handled: not bubbled up to the app, whose binding lookup would run it again.
                # The widget's own handler still sees the key (it restarts the caret's blink;
                # it inserts nothing for a key that is not text).
                event.stop()
                return


class TextInput(KeysInOrder, Input):
    """Textual's Input with its keys applied in order: every one-line field of the app. It
    says when it refused what was typed (too long, a character it does not take), rather
    than only ringing the bell."""

    @dataclass
    class Refused(Message):
        text_input: TextInput

        @property
        def control(self) -> TextInput:
            return self.text_input

    def restricted(self) -> None:
        super().restricted()
        self.post_message(self.Refused(self))
