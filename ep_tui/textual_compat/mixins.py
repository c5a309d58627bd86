"""The bases of textual_compat's mixins: a Textual class for the type checker, a plain class
at run time — a Textual class in the bases would take part in its merging of DEFAULT_CSS and
bindings along the class chain."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    AppMixin = App
    ScreenMixin = Screen
else:
    AppMixin = object
    ScreenMixin = object
