"""The central banner (manual §III.2) and the top bar: the app's name (home from anywhere),
the organisme (change it), the connected person (identification card); ameli.fr and the
user manual.

Their links are not in Tab's cycle: on every screen Tab would go through them before the
screen's own content. They have keys (F2, F3, F4, F6; ameli.fr and the manual in the
command palette) and answer the mouse."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from ep_contract.wire import Me, Organisme
from ep_tui.app_commands import AMELI, HISTORY, HOME, IDENTITY, MANUAL, ORGANISME, STATISTICS


class Link(Button, can_focus=False):
    """A link of the banner: a compact button that a click or its key activates. Its label
    is shown as it is (an organisme's or a person's name is never read as markup)."""

    def __init__(
        self,
        label: str,
        *,
        id: str,
        action: str,
        tooltip: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(Content(label), id=id, action=action, compact=True, tooltip=tooltip)


class Banner(Horizontal):
    DEFAULT_CSS = """
    Banner {
        height: 1;
        background: $primary;
        color: $text;
    }
    Banner Button.-textual-compact {
        width: auto;
        height: 1;
        min-width: 0;
        background: $primary;
        color: $text;
        text-style: bold;
        border: none;
    }
    Banner #banner-organisme.flagged.-textual-compact {
        color: $error;
        background: $background;
    }
    Banner .spacer {
        width: 1fr;
    }
    Banner .gap {
        width: 1;
    }
    """

    def __init__(self, me: Me, organisme: Organisme) -> None:
        super().__init__()
        self.me = me
        self.organisme = organisme

    def compose(self) -> ComposeResult:
        yield Link("Espace Partenaires", id="banner-home", action=f"app.{HOME.action}",
                   tooltip=HOME.hint())  # fmt: skip
        yield Static(classes="spacer", markup=False)
        organisme = Link(self.organisme.label, id="banner-organisme",
                         action=f"app.{ORGANISME.action}",
                         tooltip=ORGANISME.hint())  # fmt: skip
        organisme.set_class(self.organisme.convention.flagged, "flagged")
        yield organisme
        yield Static(" ", classes="gap", markup=False)
        yield Link(self.me.display_name, id="banner-person", action=f"app.{IDENTITY.action}",
                   tooltip=IDENTITY.hint())  # fmt: skip


class TopBar(Horizontal):
    DEFAULT_CSS = """
    TopBar {
        height: 1;
        background: $panel;
    }
    TopBar Button.-textual-compact {
        width: auto;
        height: 1;
        min-width: 0;
        border: none;
        background: $panel;
        color: $text;
        text-style: underline;
    }
    TopBar #history {
        text-style: bold underline;
    }
    TopBar .spacer {
        width: 1fr;
    }
    TopBar .separator {
        width: 3;
    }
    """

    def compose(self) -> ComposeResult:
        yield Link(HISTORY.title, id="history", action=f"app.{HISTORY.action}",
                   tooltip=HISTORY.hint())  # fmt: skip
        yield Static(" | ", classes="separator", markup=False)
        yield Link(STATISTICS.label or STATISTICS.title, id="statistics",
                   action=f"app.{STATISTICS.action}", tooltip=STATISTICS.hint())  # fmt: skip
        yield Static(classes="spacer", markup=False)
        yield Link(AMELI.title, id="link-ameli", action=f"app.{AMELI.action}",
                   tooltip=AMELI.help)  # fmt: skip
        yield Static(" | ", classes="separator", markup=False)
        yield Link(MANUAL.title, id="link-manual", action=f"app.{MANUAL.action}",
                   tooltip=MANUAL.help)  # fmt: skip
