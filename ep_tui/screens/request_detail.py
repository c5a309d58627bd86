"""The detail of a request (manual §VI, SPEC §9): its four blocks — the request, what it is
about, the organisme's answer, the attachments — then the follow-up exchange, and the actions
its status allows (the server says which, and enforces them): « Compléter la demande » and
« Annuler la demande » while Nouveau; a message and closing the exchange after Résolu."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ep_contract.domain.catalogue import Service
from ep_contract.domain.dates import format_day, format_stamp
from ep_contract.domain.statuses import DOWNLOAD_DAYS, RESOLVED
from ep_contract.wire import RequestDetail
from ep_tui.api_client import errors
from ep_tui.outcomes import Navigate, NewRequest, PersonHistory
from ep_tui.screens.workspace_screen import ScreenContext, WorkspaceScreen
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.widgets.attachments import human_size
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.paged_scroll import PagedScroll

NO_RECEIVED = "Aucune pièce jointe reçue."
CONSULT_ONLY = (
    "Conventionnement terminé : la demande et la réponse de l'organisme se consultent, "
    "elles ne se modifient plus."
)
NO_SENT = "Aucune pièce jointe envoyée."


def fields_table(rows: Iterable[tuple[str, RenderableType | str | None]]) -> Table:
    """Labels and values; ``str`` ones as written (Rich would read them as markup, and they
    come from the server: a person's name, a comment, a catalogue's question)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", width=22, no_wrap=False)
    table.add_column(ratio=1)
    for label, value in rows:
        if value in (None, ""):
            value = Text("—", style="dim")
        table.add_row(Text(label), Text(value) if isinstance(value, str) else value)
    return table


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list):
        return "\n".join(f"• {item}" for item in value)
    return str(value)


def request_block(detail: RequestDetail) -> Table:
    return fields_table([
        ("Numéro demande", Text(detail.number, style="bold")),
        ("Date de dépôt", format_stamp(detail.filed_at)),
        ("Demandeur", detail.requester),
        ("Date statut", format_stamp(detail.status_at)),
        ("Statut de la demande", Text(str(detail.status), style="bold")),
    ])  # fmt: skip


def subject_block(detail: RequestDetail) -> Table:
    rows: list[tuple[str, RenderableType | str | None]] = [
        ("Offre de service", detail.service_title),
    ]
    if detail.motif:
        rows.append(("Motif", detail.motif))
    person = detail.person_details
    if person is not None:
        rows += [
            ("Personne concernée", person.label),
            ("Date de naissance", format_day(person.date_naissance)),
            ("Lieu de naissance", person.lieu_naissance),
            ("Téléphone", person.telephone),
        ]
    rows += [(answer.label, _value(answer.value)) for answer in detail.answers]
    rows.append(("Commentaire", detail.comment))
    return fields_table(rows)


def exchange_lines(detail: RequestDetail) -> RenderableType:
    exchange = detail.exchange
    parts: list[RenderableType] = []
    for message in detail.messages:
        who = "Vous" if message.author == "technicien" else "Organisme"
        head = Text.assemble((f"{who} · {message.author_name}", "bold"), "  ",
                             (format_stamp(message.sent_at), "dim"))  # fmt: skip
        parts.append(head)
        parts.append(Text(message.body))
        for name in message.attachments:
            parts.append(Text(f"  📎 {name}", style="dim"))
        parts.append(Text(""))
    if not detail.messages:
        parts.append(Text("Aucun échange pour l'instant.", style="dim"))
    if exchange.open and exchange.closes_at is not None:
        parts.append(Text(
            f"Échange possible jusqu'au {format_stamp(exchange.closes_at)} · "
            f"allers-retours {exchange.round_trips_used}/{exchange.round_trips_max} · "
            f"pièces jointes {exchange.attachments_used}/{exchange.attachments_max}",
            style="italic",
        ))  # fmt: skip
    elif exchange.closed_reason:
        parts.append(Text(exchange.closed_reason, style="bold"))
    return Group(*parts)


BackTo = Literal["history", "worklist", "other"]
BACK_LABELS: dict[BackTo, str] = {
    "history": "‹ Revenir à l'historique",
    "worklist": "‹ Revenir à « À traiter »",
    "other": "‹ Retour",
}


class RequestDetailScreen(WorkspaceScreen[None]):
    CSS_PATH = "request_detail.tcss"
    BINDINGS = [
        # One key, three bindings: the key bar says where Échap leads (check_action).
        Binding("escape", "back('history')", "Revenir à l'historique", id="detail.back"),
        Binding("escape", "back('worklist')", "Revenir à « À traiter »", id="detail.back_worklist"),
        Binding("escape", "back('other')", "Retour", id="detail.back_other"),
        Binding("c", "copy", "Copier le numéro", id="detail.copy"),
        Binding("f5", "reload", "Actualiser", id="detail.reload"),
    ]

    detail: var[RequestDetail | None] = var(None, init=False, always_update=True, bindings=True)
    """The request as the server last told it: assigning it redraws the screen (always: after
    a failed reload, the same answer still has to take the message's place)."""

    complete_button = getters.query_one("#complete", Button)
    cancel_button = getters.query_one("#cancel", Button)
    message_button = getters.query_one("#message", Button)
    close_exchange_button = getters.query_one("#close-exchange", Button)

    def __init__(self, context: ScreenContext, number: str, back_to: BackTo = "other") -> None:
        super().__init__(context)
        self.number = number
        self.back_to = back_to
        """What is under this screen, where Échap and « ‹ … » lead."""

    def compose(self) -> ComposeResult:
        yield Banner(self.session.me, self.workspace.organisme)
        with PagedScroll(id="detail", can_focus=False):
            with Horizontal(id="detail-top"):
                yield Button(BACK_LABELS[self.back_to], id="back", compact=True)
                yield Static(f"Demande n° {self.number}", id="detail-title", markup=False)
            with Horizontal(id="actions"):
                yield Button("Compléter la demande", id="complete", variant="primary",
                             compact=True)  # fmt: skip
                yield Button("Annuler la demande", id="cancel", variant="error", compact=True)
                yield Button("Écrire un message", id="message", variant="primary", compact=True)
                yield Button("Clôturer l'échange", id="close-exchange", compact=True)
                yield Button("Copier le numéro", id="copy", compact=True)
            if self.workspace.history_only:
                yield Static(CONSULT_ONLY, id="consult-only", markup=False)
            yield Static("Chargement de la demande…", id="loading", markup=False)
            yield Static(classes="block", id="block-request", markup=False)
            yield Static("Offre de service", classes="block-title", markup=False)
            yield Static(classes="block", id="block-subject", markup=False)
            with Horizontal(id="person-actions"):
                yield Button("Nouvelle demande pour cette personne", id="same-person",
                             compact=True)  # fmt: skip
                yield Button("Toutes ses demandes", id="person-history", compact=True,
                             tooltip="L'historique, pour cette personne")  # fmt: skip
            yield Static(
                "Réponse de l'organisme", classes="block-title", id="answer-title", markup=False
            )
            yield Static(classes="block", id="block-answer", markup=False)
            yield Static("Pièces jointes", classes="block-title", markup=False)
            yield Static(classes="block", id="block-sent", markup=False)
            yield Static("PJ reçue(s)", classes="label", markup=False)
            yield OptionList(id="received")
            yield Static(
                "Échanges avec l'organisme",
                classes="block-title",
                id="exchange-title",
                markup=False,
            )
            yield Static(classes="block", id="block-exchange", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        for widget in self.query(
            ".block, .block-title, .label, #received, #actions, #person-actions"
        ):
            widget.display = False
        self.query_one("#back", Button).focus()
        self.load()

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def load(self) -> None:
        try:
            detail = await self.services.client.request(self.number)
        except errors.NotFound:
            self.query_one("#loading", Static).update(
                "Cette demande n'est pas (ou plus) visible : elle a pu être annulée."
            )
            return
        except errors.ApiError as error:
            self.query_one("#loading", Static).update(f"{error.message} F5 pour réessayer.")
            return
        self.detail = detail

    def watch_detail(self, detail: RequestDetail | None) -> None:
        if detail is None:
            return
        self.query_one("#loading").display = False
        for widget in self.query(".block, .block-title, .label, #received, #actions"):
            widget.display = True
        self.query_one("#block-request", Static).update(request_block(detail))
        self.query_one("#block-subject", Static).update(subject_block(detail))
        self.query_one("#person-actions").display = detail.person_details is not None
        self.query_one("#same-person").display = bool(self._services_for_the_person(detail))
        resolved = detail.status in RESOLVED
        self.query_one("#answer-title").display = resolved
        self.query_one("#block-answer").display = resolved
        if resolved:
            answered = format_stamp(detail.resolved_at) if detail.resolved_at else ""
            self.query_one("#block-answer", Static).update(
                Group(Text(f"Résolue le {answered}", style="dim"), Text(detail.response or ""))
            )
        sent = [f"• {a.name} ({human_size(a.size)})" for a in detail.attachments_sent]
        self.query_one("#block-sent", Static).update(
            fields_table([("PJ envoyée(s)", "\n".join(sent) or NO_SENT)])
        )
        self._show_received(detail)
        self.query_one("#exchange-title").display = resolved
        self.query_one("#block-exchange").display = resolved
        if resolved:
            self.query_one("#block-exchange", Static).update(exchange_lines(detail))
        actions = detail.actions
        for button, allowed in ((self.complete_button, actions.complete),
                                (self.cancel_button, actions.cancel),
                                (self.message_button, actions.message),
                                (self.close_exchange_button, actions.close_exchange)):  # fmt: skip
            button.display = allowed

    def _show_received(self, detail: RequestDetail) -> None:
        received = self.query_one("#received", OptionList)
        received.clear_options()
        if not detail.attachments_received:
            received.add_option(Option(Text(NO_RECEIVED, style="dim"), disabled=True))
            return
        for item in detail.attachments_received:
            if item.available:
                until = format_day(item.available_until)
                where = f"  {human_size(item.size)} · jusqu'au {until}"
                label = Text.assemble(("⤓ ", "bold"), item.name, (where, "dim"))
            else:
                label = Text.assemble(item.name, (f"  délai de {DOWNLOAD_DAYS} jours dépassé",
                                                  "dim"))  # fmt: skip
            received.add_option(Option(label, id=item.id, disabled=not item.available))

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back" and parameters:
            return parameters[0] == self.back_to
        return True

    @on(Button.Pressed, "#back")
    def action_back(self, where: str = "") -> None:
        self.dismiss()

    def _services_for_the_person(self, detail: RequestDetail) -> list[Service]:
        """The ODS with a person block this person can be filed for here (none after the
        convention's end, none for a request without a person)."""
        if detail.person_details is None or self.workspace.history_only:
            return []
        return [s for s in self.workspace.catalogue.services if s.has_person]

    @on(Button.Pressed, "#same-person")
    def _same_person(self) -> None:
        from ep_tui.screens.service_choice import ServiceChoice

        detail = self.detail
        if detail is None or detail.person_details is None:
            return
        person = detail.person_details
        values = tuple(person.form_values().items())

        def chosen(code: str | None) -> None:
            if code is not None:
                self.post_message(Navigate(NewRequest(code, values)))

        choice = ServiceChoice(person.label, self._services_for_the_person(detail))
        self.app.push_screen(choice, callback=chosen)

    @on(Button.Pressed, "#person-history")
    def _person_history(self) -> None:
        person = self.detail.person_details if self.detail is not None else None
        if person is not None:
            whose = PersonHistory(person.nom, person.prenom, person.date_naissance, person.label)
            self.post_message(Navigate(whose))

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.number)
        self.notify(f"Numéro {self.number} copié (si votre terminal le permet).")

    def action_reload(self) -> None:
        self.load()

    @on(Button.Pressed, "#complete")
    def _complete(self) -> None:
        from ep_tui.screens.write import WriteScreen

        if self.detail is not None:
            screen = WriteScreen.complement(self.context, self.detail)
            self.app.push_screen(screen, callback=partial(self._written, self.complete_button))

    @on(Button.Pressed, "#message")
    def _message(self) -> None:
        from ep_tui.screens.write import WriteScreen

        if self.detail is not None:
            screen = WriteScreen.message(self.context, self.detail)
            self.app.push_screen(screen, callback=partial(self._written, self.message_button))

    def _written(self, opener: Button, detail: RequestDetail | None) -> None:
        if detail is not None:
            self.detail = detail
            self.call_after_refresh(self._focus_after_writing, opener)

    def _focus_after_writing(self, opener: Button) -> None:
        """The button that opened the writing may be gone (one question at a time): Textual
        then gave the focus to the next one, « Clôturer l'échange », where an Entrée meant for
        what follows would ask to close the exchange. The focus goes back to « ‹ Retour »."""
        if not opener.display:
            self.query_one("#back", Button).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        from ep_tui.screens.request_actions import CancelDialog

        if self.detail is not None:
            self.app.push_screen(CancelDialog(self.services, self.detail),
                                 callback=self._cancelled)  # fmt: skip

    def _cancelled(self, done: bool | None) -> None:
        if done:
            self.notify(f"La demande n° {self.number} est annulée : elle n'apparaît plus dans "
                        "l'historique.", title="Demande annulée")  # fmt: skip
            self.dismiss()

    @on(Button.Pressed, "#close-exchange")
    def _close_exchange(self) -> None:
        from ep_tui.screens.request_actions import CloseExchangeDialog

        self.app.push_screen(CloseExchangeDialog(), callback=self._close_confirmed)

    def _close_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self._send_close()

    @work(exclusive=True, group="close", exit_on_error=False)
    async def _send_close(self) -> None:
        try:
            detail = await self.services.client.close_exchange(self.number)
        except errors.ApiError as error:
            self.notify(error.message, title="Échange non clôturé", severity="error")
            self.load()
            return
        self.notify("L'échange est clôturé.")
        self.detail = detail

    @on(OptionList.OptionSelected, "#received")
    def _download(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.download(event.option.id)

    @work(group="download", exit_on_error=False)
    async def download(self, attachment_id: str) -> None:
        from ep_tui.downloads import save_new_file, shown_path

        assert self.detail is not None
        item = next(a for a in self.detail.attachments_received if a.id == attachment_id)
        try:
            content = await self.services.client.download(self.number, attachment_id)
        except errors.ApiError as error:
            self.notify(error.message, title="Téléchargement impossible", severity="error")
            self.load()  # the 15 days may just have passed: show it
            return
        folder = self.services.settings.downloads_path
        try:
            path = save_new_file(folder, item.name, content)
        except OSError as error:
            self.notify(f"Impossible d'écrire dans {shown_path(folder)} : {error.strerror}.",
                        title="Téléchargement impossible", severity="error")  # fmt: skip
            return
        self.last_download: Path = path
        self.notify(
            f"{path.name} enregistré dans {shown_path(folder)}.", title="Pièce jointe téléchargée"
        )
