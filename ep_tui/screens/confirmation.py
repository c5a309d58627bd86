"""After VALIDER (manual §V.1): the number, explained; and « leave this form? »."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from ep_contract.domain.comment_checks import CommentWarning, comment_warnings
from ep_contract.domain.request_number import parse_request_number
from ep_tui.outcomes import (
    Destination,
    DiscardDraft,
    DraftAnswer,
    DuplicateAnswer,
    FileAnyway,
    GoHome,
    KeepDraft,
    LeaveAnswer,
    NewRequest,
    OpenRequest,
    ResumeTheDraft,
    StartAfresh,
)
from ep_tui.screens.dialog import Dialog

if TYPE_CHECKING:
    from ep_contract.wire import DuplicateQuery, RequestDetail, RequestSummary


class Confirmation(Dialog[Destination]):
    """Answers where to go: the request's detail, another request of the same offre, or home."""

    DEFAULT_CSS = """
    Confirmation #number { text-style: bold; color: $success; }
    Confirmation #dialog { width: 76; }
    """
    BINDINGS = [
        Binding("c", "copy", "Copier le numéro", id="confirmation.copy",
                tooltip="Copier le numéro de la demande"),
        Binding("m", "same_person", "Même personne", id="confirmation.same-person",
                tooltip="Une autre demande de la même offre, pour la même personne"),
        Binding("escape", "home", "Accueil", id="confirmation.home", tooltip="Accueil"),
    ]  # fmt: skip

    def __init__(self, detail: RequestDetail, organisme_name: str) -> None:
        super().__init__()
        self.detail = detail
        self.organisme_name = organisme_name

    def compose_dialog(self) -> ComposeResult:
        number = parse_request_number(self.detail.number)
        yield Static("Demande envoyée", classes="dialog-title", markup=False)
        yield Static(f"Votre demande a bien été envoyée à {self.organisme_name}.", markup=False)
        yield Static(
            "Un numéro a été assigné à votre demande pour faciliter son suivi :", markup=False
        )
        yield Static(self.detail.number, id="number", markup=False)
        if number is not None:
            yield Static(number.explain(), id="explanation", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Accueil", id="home", variant="primary", compact=True)
            yield Button("Copier le numéro", id="copy", compact=True)
            yield Button("Voir le détail", id="detail", compact=True)
            yield Button("Autre demande", id="another", compact=True)

    def on_mount(self) -> None:
        self.query_one("#home", Button).focus()

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.detail.number)
        self.notify(f"Numéro {self.detail.number} copié (si votre terminal le permet).")

    @on(Button.Pressed, "#detail")
    def _detail(self) -> None:
        self.dismiss(OpenRequest(self.detail.number))

    @on(Button.Pressed, "#another")
    def _another(self) -> None:
        self.dismiss(NewRequest(self.detail.service_code))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "same_person":
            return self.detail.person_details is not None
        return True

    def action_same_person(self) -> None:
        """« Autre demande », the person block filled with this request's person."""
        person = self.detail.person_details
        if person is not None:
            values = tuple(person.form_values().items())
            self.dismiss(NewRequest(self.detail.service_code, values))

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        self.dismiss(GoHome())


class LeaveForm(Dialog[LeaveAnswer | None]):
    """Answers KeepDraft, DiscardDraft, or None (stay)."""

    BINDINGS = [Binding("escape", "stay", "Continuer la saisie", id="leave.stay",
                        tooltip="Revenir au formulaire")]  # fmt: skip

    def compose_dialog(self) -> ComposeResult:
        yield Static("Quitter le formulaire ?", classes="dialog-title", markup=False)
        yield Static("Ce que vous avez saisi n'a pas été envoyé.", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Garder le brouillon", id="keep", variant="primary", compact=True)
            yield Button("Abandonner", id="discard", variant="error", compact=True)
            yield Button("Continuer la saisie", id="stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(KeepDraft())

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(DiscardDraft())

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(None)


class ResumeDraft(Dialog[DraftAnswer | None]):
    """Answers ResumeTheDraft, StartAfresh, or None (no form)."""

    BINDINGS = [Binding("escape", "close", "Fermer", id="resume.close", tooltip="Fermer")]

    def __init__(self, saved: str, protection: str) -> None:
        super().__init__()
        self.saved = saved
        self.protection = protection

    def compose_dialog(self) -> ComposeResult:
        yield Static("Brouillon en cours", classes="dialog-title", markup=False)
        yield Static(
            f"Un brouillon de ce formulaire a été enregistré le {self.saved}.", markup=False
        )
        yield Static(self.protection, classes="hint", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Reprendre le brouillon", id="resume", variant="primary",
                         compact=True)  # fmt: skip
            yield Button("Nouveau formulaire", id="new", compact=True)

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    @on(Button.Pressed, "#resume")
    def _resume(self) -> None:
        self.dismiss(ResumeTheDraft())

    @on(Button.Pressed, "#new")
    def _new(self) -> None:
        self.dismiss(StartAfresh())

    def action_close(self) -> None:
        self.dismiss(None)


class DuplicateWarning(Dialog[DuplicateAnswer | None]):
    """Before VALIDER, when the structure already has a request in progress for the same
    person, ODS and motif (SPEC §10). Answers OpenRequest (the highlighted one), FileAnyway,
    or None (back to the form)."""

    DEFAULT_CSS = """
    DuplicateWarning #dialog { width: 84; }
    DuplicateWarning OptionList { height: auto; max-height: 8; margin: 1 0; }
    """
    BINDINGS = [
        Binding("escape", "back", "Revenir au formulaire", id="duplicate.back",
                tooltip="Revenir au formulaire sans déposer"),
    ]  # fmt: skip

    def __init__(self, found: list[RequestSummary], person: str, query: DuplicateQuery) -> None:
        super().__init__()
        self.found = found
        self.person = person
        self.query_sent = query

    def compose_dialog(self) -> ComposeResult:
        from textual.widgets.option_list import Option

        from ep_contract.domain.dates import format_stamp
        from ep_tui.widgets.pick_list import PickList

        if self.query_sent.motif:
            same = "la même offre de service et le même motif"
        elif self.query_sent.documents:
            same = "la même offre de service et au moins un des mêmes documents"
        else:
            same = "la même offre de service"
        count = len(self.found)
        already = "une demande" if count == 1 else f"{count} demandes"
        yield Static("Demande déjà en cours", classes="dialog-title", markup=False)
        yield Static(Content(
            f"Votre structure a déjà {already} en cours pour {self.person}, avec {same}. "
            "Une nouvelle demande ne doit être faite que si elle est vraiment différente."
        ), markup=False)  # fmt: skip
        yield PickList(
            *(
                Option(
                    Content(
                        f"n° {item.number} · {item.status} · déposée le "
                        f"{format_stamp(item.filed_at)} par {item.requester}"
                    ),
                    id=item.number,
                )  # fmt: skip
                for item in self.found
            ),
            id="duplicates",
        )
        yield Static("Entrée sur une demande pour l'ouvrir.", classes="hint", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Revenir au formulaire", id="back", variant="primary", compact=True)
            yield Button("Ouvrir la demande", id="open", compact=True)
            yield Button("Déposer quand même", id="file", variant="warning", compact=True)

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def _highlighted(self) -> str:
        from textual.widgets import OptionList

        options = self.query_one("#duplicates", OptionList)
        index = options.highlighted or 0
        return self.found[index].number

    def on_option_list_option_selected(self, event: object) -> None:
        self.dismiss(OpenRequest(self._highlighted()))

    @on(Button.Pressed, "#open")
    def _open(self) -> None:
        self.dismiss(OpenRequest(self._highlighted()))

    @on(Button.Pressed, "#file")
    def _file(self) -> None:
        self.dismiss(FileAnyway())

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(None)


class CommentWarningDialog(Dialog[bool]):
    """VALIDER while the comment still carries a warning — likely health data, which the
    seeds forbid in comments, or a social security number with a wrong key: asked once for a
    given text. Answers True to file anyway."""

    DEFAULT_CSS = """
    CommentWarningDialog #dialog { width: 72; }
    CommentWarningDialog .warning { color: $warning; margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Revenir au commentaire", id="comment_warning.back",
                tooltip="Corriger le commentaire avant l'envoi"),
    ]  # fmt: skip

    def __init__(
        self,
        warnings: list[CommentWarning],
        *,
        subject: str = "Le commentaire",
        anyway: str = "Déposer quand même",
    ) -> None:
        super().__init__()
        self.warnings = warnings
        self.subject = subject
        """« Le commentaire », « Le modèle »: what is checked."""
        self.anyway = anyway

    def compose_dialog(self) -> ComposeResult:
        health = any(w.kind == "health" for w in self.warnings)
        yield Static(f"{self.subject.split()[-1].capitalize()} à vérifier",
                     classes="dialog-title", markup=False)  # fmt: skip
        for warning in self.warnings:
            yield Static(Content(warning.message), classes="warning", markup=False)
        yield Static(
            f"{self.subject} semble contenir des données de santé, qui ne doivent pas y "
            f"figurer. {self.anyway} ?"
            if health
            else f"{self.anyway} ?",
            markup=False,
        )
        with Horizontal(classes="buttons"):
            yield Button(f"Revenir au {self.subject.split()[-1]}", id="back", variant="primary",
                         compact=True)  # fmt: skip
            yield Button(self.anyway, id="anyway", variant="warning", compact=True)

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    @on(Button.Pressed, "#anyway")
    def _anyway(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(False)


class CommentCheck:
    """Asks once per text whether to file a comment that carries warnings."""

    def __init__(
        self,
        dialog: Callable[[list[CommentWarning]], Dialog[bool]] = CommentWarningDialog,
    ) -> None:
        self.accepted: str | None = None
        self.dialog = dialog
        """What asks: the comment's dialog, or a template's (ep_tui.screens.comment_templates)."""

    async def cleared(self, app: App, text: str) -> bool:
        """True when the comment has no warning, or the technician files it anyway."""
        warnings = comment_warnings(text)
        if not warnings or text == self.accepted:
            return True
        if await app.push_screen_wait(self.dialog(warnings)):
            self.accepted = text
            return True
        return False
