"""« Nouvelle demande pour cette personne »: which offre de service, among those whose form has
a person block — the person's civilité, name, birth and telephone then fill it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ep_contract.domain.catalogue import Service
from ep_tui.screens.dialog import Dialog


class ServiceChoice(Dialog[str | None]):
    """Answers the chosen service's code, or None."""

    DEFAULT_CSS = """
    ServiceChoice #services { height: auto; max-height: 12; border: none; }
    """
    BINDINGS = [Binding("escape", "close", "Fermer", id="service-choice.close")]

    def __init__(self, person: str, services: list[Service]) -> None:
        super().__init__()
        self.person = person
        self.services = services

    def compose_dialog(self) -> ComposeResult:
        yield Static("Nouvelle demande pour cette personne", classes="dialog-title", markup=False)
        yield Static(
            Text.assemble("Pour ", (self.person, "bold"), " : choisissez l'offre de service. "
                          "Ses coordonnées rempliront le formulaire."),
            markup=False,
        )  # fmt: skip
        yield OptionList(
            *(Option(Text(service.title), id=service.code) for service in self.services),
            id="services",
        )
        with Horizontal(classes="buttons"):
            yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#services", OptionList).focus()

    @on(OptionList.OptionSelected, "#services")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
