"""One offre de service on the home page: title, italic description, « Nouvelle demande »."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Static

from ep_tui.domain.catalogue import Service


class ServiceCard(Vertical):
    DEFAULT_CSS = """
    ServiceCard {
        height: auto;
        border: round $primary 60%;
        padding: 0 1;
        background: $surface;
    }
    ServiceCard:focus-within {
        border: round $accent;
    }

    ServiceCard Button {
        margin-top: 1;
    }
    ServiceCard .reason {
        color: $warning;
    }
    """

    @dataclass
    class NewRequest(Message):
        """The technician wants to file a request under this service."""

        service: Service

    def __init__(self, service: Service, *, disabled_reason: str | None = None) -> None:
        super().__init__(id=f"service-{service.code}")
        self.service = service
        self.disabled_reason = disabled_reason

    def compose(self) -> ComposeResult:
        yield Static(
            Text.assemble((self.service.title, "bold"), "\n", (self.service.description, "italic")),
            classes="text",
        )
        yield Button(
            "Nouvelle demande",
            compact=True,
            variant="primary",
            disabled=self.disabled_reason is not None,
        )
        if self.disabled_reason:
            yield Static(self.disabled_reason, classes="reason")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.NewRequest(self.service))
