"""Saved views of the history (« v »): the current filters, sort and page size under a name,
recalled in two keys; one can be the default, applied when the history opens. Kept in this
machine's state file (owner-only), per account.

A view never keeps Numéro nor Personne: they name one request or one person, and a view lives
for months in a file — it is for the recurring ways of looking (« Nouveau, rendez-vous, les
miennes »), not for someone's name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ep_contract.domain.text import FORBIDDEN_MESSAGE, forbidden_characters
from ep_contract.queries import HistoryQuery
from ep_tui.screens.dialog import Dialog
from ep_tui.textual_compat.ordered_keys import TextInput

SAVED = ("statut", "depot_debut", "depot_fin", "demandeur", "service", "motif", "sort", "order",
         "page_size")  # fmt: skip
NOT_SAVED = "Numéro et Personne ne sont pas enregistrés : ils désignent une demande, une personne."
NAME_MAX = 40


def view_of(query: HistoryQuery) -> dict[str, Any]:
    """What a view keeps of the query (never the page, the number or a person)."""
    return {k: v for k, v in query.model_dump(mode="json").items() if k in SAVED and v is not None}


def query_of(fields: dict[str, Any]) -> HistoryQuery | None:
    """The view's query, or None when the state file holds something no query accepts."""
    try:
        return HistoryQuery.model_validate({k: v for k, v in fields.items() if k in SAVED})
    except ValidationError:
        return None


# --- what the dialog answers ---------------------------------------------------------------


@dataclass(frozen=True)
class ApplyView:
    name: str


@dataclass(frozen=True)
class SaveView:
    name: str


@dataclass(frozen=True)
class DeleteView:
    name: str


@dataclass(frozen=True)
class MakeDefault:
    name: str | None
    """None: no default any more."""


ViewAnswer = ApplyView | SaveView | DeleteView | MakeDefault


class ViewsDialog(Dialog[ViewAnswer | None]):
    DEFAULT_CSS = """
    ViewsDialog #views { height: auto; max-height: 8; border: none; }
    ViewsDialog #view-name { width: 1fr; }
    ViewsDialog #save-row { height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "close", "Fermer", id="views.close")]

    def __init__(self, names: list[str], default: str | None) -> None:
        super().__init__()
        self.names = names
        self.default = default

    def compose_dialog(self) -> ComposeResult:
        yield Static("Vues enregistrées", classes="dialog-title", markup=False)
        if self.names:
            yield OptionList(*(self._option(name) for name in self.names), id="views")
            with Horizontal(classes="buttons"):
                yield Button("Appliquer", id="apply", variant="primary", compact=True)
                yield Button("Par défaut", id="default", compact=True,
                             tooltip="Appliquée à l'ouverture de l'historique")  # fmt: skip
                yield Button("Supprimer", id="delete", variant="error", compact=True)
        else:
            yield Static("Aucune vue enregistrée.", classes="hint", markup=False)
        with Horizontal(id="save-row"):
            yield TextInput(placeholder="Nom de la vue actuelle", id="view-name",
                            max_length=NAME_MAX, compact=True)  # fmt: skip
        yield Static(NOT_SAVED, classes="hint", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Enregistrer la vue actuelle", id="save", compact=True)
            yield Button("Fermer", id="close", compact=True)

    def _option(self, name: str) -> Option:
        label = Text(name)
        if name == self.default:
            label.append(" (par défaut)", style="bold")
        return Option(label, id=name)

    def on_mount(self) -> None:
        target = "#views" if self.names else "#view-name"
        self.query_one(target).focus()

    def _chosen(self) -> str | None:
        views = self.query_one("#views", OptionList)
        if views.highlighted is None:
            return None
        return views.get_option_at_index(views.highlighted).id

    @on(OptionList.OptionSelected, "#views")
    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        if (name := self._chosen()) is not None:
            self.dismiss(ApplyView(name))

    @on(Button.Pressed, "#default")
    def _default(self) -> None:
        if (name := self._chosen()) is not None:
            self.dismiss(MakeDefault(None if name == self.default else name))

    @on(Button.Pressed, "#delete")
    def _delete(self) -> None:
        if (name := self._chosen()) is not None:
            self.dismiss(DeleteView(name))

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#view-name")
    def _save(self) -> None:
        name = " ".join(self.query_one("#view-name", Input).value.split())
        if forbidden_characters(name):
            self.notify(FORBIDDEN_MESSAGE, title="Nom de la vue", severity="error")
        elif name:
            self.dismiss(SaveView(name))
        else:
            self.query_one("#view-name").focus()
            self.notify("Donnez un nom à la vue.", severity="warning")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
