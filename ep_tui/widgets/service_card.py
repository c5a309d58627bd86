"""One offre de service on the home page: its title, its italic description and « Nouvelle
demande » (manual §III). On a narrow terminal the description takes one line, and all of it
when the card has the focus: the five cards fit on the first screen at 80×24."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from ep_contract.domain.catalogue import Service


class ServiceCard(Horizontal):
    DEFAULT_CSS = """
    ServiceCard {
        height: auto;
        margin-top: 1;
    }
    ServiceCard .text { width: 1fr; height: auto; }
    ServiceCard .title { text-style: bold; }
    ServiceCard .description { text-style: italic; color: $text-muted; }
    ServiceCard.-current .title { color: $accent; }
    ServiceCard Button { margin-left: 1; min-width: 0; }
    ServiceCard .reason { color: $warning; }
    """

    # The cards read as a list: ↓ and ↑ go from one to the next, as Tab and Maj+Tab do (a
    # technician pressed ↓ on the first card and nothing moved).
    BINDINGS = [
        Binding("down", "app.focus_next", "Offre suivante", show=False),
        Binding("up", "app.focus_previous", "Offre précédente", show=False),
    ]

    @dataclass
    class NewRequest(Message):
        """The technician wants to file a request under this service."""

        service: Service

    def __init__(self, service: Service, *, disabled_reason: str | None = None) -> None:
        super().__init__(id=f"service-{service.code}")
        self.service = service
        self.disabled_reason = disabled_reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="text"):
            yield Static(Content(self.service.title), classes="title", markup=False)
            yield Static(Content(self.service.description), classes="description", markup=False)
            if self.disabled_reason:
                yield Static(self.disabled_reason, classes="reason", markup=False)
        yield Button(
            "Nouvelle demande",
            compact=True,
            variant="primary",
            disabled=self.disabled_reason is not None,
            tooltip=self.service.description,
        )

    # A class, not « :focus-within »: Textual restyles the card itself when the focus comes
    # in or goes, not what is inside it (its title, its description); and a change of
    # wrapping changes the description's height, which a restyle alone does not lay out.
    def on_descendant_focus(self) -> None:
        self._current(True)

    def on_descendant_blur(self) -> None:
        self._current(False)

    def _current(self, current: bool) -> None:
        self.set_class(current, "-current")
        self.query_one(".description").refresh(layout=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.NewRequest(self.service))
