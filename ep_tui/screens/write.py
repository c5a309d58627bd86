"""Writing to the organisme about a request already filed: « Compléter la demande n° … » while
it is Nouveau (the comment, pre-filled, replaces the old one; attachments up to 8 in all), and
a follow-up message after it is resolved (within the exchange's limits).

Like a request form, what is typed is saved as an encrypted draft as it is typed, one
Idempotency-Key is kept for the screen's life (and in the draft), and a refusal — the request
changed meanwhile, the exchange closed — is said on screen with the text kept."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static

from ep_contract.domain import fields as rules
from ep_contract.domain.attachments import MAX_PER_REQUEST
from ep_contract.domain.catalogue import FormField
from ep_contract.domain.wording import plural
from ep_contract.wire import RequestDetail
from ep_tui.api_client import errors
from ep_tui.api_client.idempotency import new_idempotency_key
from ep_tui.drafts import Draft, DraftStore
from ep_tui.outcomes import DiscardDraft, KeepDraft, LeaveAnswer
from ep_tui.screens.base import SafetyNet
from ep_tui.screens.confirmation import CommentCheck
from ep_tui.screens.draft_autosave import DraftAutosave
from ep_tui.screens.uploads import AttachmentUploads
from ep_tui.services import Services
from ep_tui.session import Session, Workspace
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.widgets.attachments import AttachmentsBlock
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.comment_area import CommentArea

Send = Callable[[str, list[str], str], Awaitable[RequestDetail]]


def sent_already(count: int) -> str:
    """« 1 pièce jointe déjà envoyée sur 8. »"""
    sent = plural(count, "pièce jointe déjà envoyée", "pièces jointes déjà envoyées")
    return f" {sent} sur {MAX_PER_REQUEST}."


def exchange_left(round_trips: int, attachments: int) -> str:
    """« Il reste 4 allers-retours et 8 pièces jointes pour cet échange. »"""
    trips = plural(round_trips, "aller-retour", "allers-retours")
    files = plural(attachments, "pièce jointe", "pièces jointes")
    return f"Il reste {trips} et {files} pour cet échange."


@dataclass(frozen=True)
class WriteKind:
    slot: str
    """The draft's slot, beside the forms' (« complement:2633100011 »)."""
    title: str
    intro: str
    label: str
    done: str
    initial: str
    files_left: int
    text_field: str
    """The server's name for the text in its field errors."""


class WriteScreen(DraftAutosave, AttachmentUploads, SafetyNet, Screen[RequestDetail | None]):
    CSS_PATH = "write.tcss"
    # The comment gets the focus in on_mount, without scrolling to it: Textual's own first
    # focus scrolled the page to centre it, and the title and the allowance went off screen.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("ctrl+s", "submit", "VALIDER", id="write.submit", priority=True),
        Binding("escape", "leave", "Annuler", id="write.cancel"),
    ]

    def __init__(
        self, services: Services, session: Session, workspace: Workspace,
        detail: RequestDetail, drafts: DraftStore, kind: WriteKind, send: Send,
    ) -> None:  # fmt: skip
        super().__init__()
        self.services = services
        self.session = session
        self.workspace = workspace
        self.detail = detail
        self.drafts = drafts
        self.kind = kind
        self._send = send
        self.draft = drafts.load(*self._slot())
        self.idempotency_key = self.draft.idempotency_key if self.draft else new_idempotency_key()
        self.dirty = False
        self.sending = False
        self._save_timer: Timer | None = None
        self._pending: Draft | None = None
        self._comment_check = CommentCheck()

    # --- the two kinds ---------------------------------------------------------------------

    @classmethod
    def complement(
        cls, services: Services, session: Session, workspace: Workspace,
        detail: RequestDetail, drafts: DraftStore,
    ) -> WriteScreen:  # fmt: skip
        from ep_contract.wire import Complement

        already = len(detail.attachments_sent)
        service = workspace.catalogue.service(detail.service_code)
        accepts = service is not None and service.accepts_attachments
        kind = WriteKind(
            slot=f"complement:{detail.number}",
            title=f"Compléter la demande n° {detail.number}",
            intro="Le commentaire ci-dessous remplace le précédent : complétez-le ou modifiez-le."
            + (sent_already(already) if accepts else ""),
            label="Commentaires",
            done="La demande a bien été prise en compte.",
            initial=detail.comment,
            files_left=MAX_PER_REQUEST - already if accepts else 0,
            text_field="comment",
        )

        async def send(text: str, ids: list[str], key: str) -> RequestDetail:
            body = Complement(comment=text, attachment_ids=ids, expected_version=detail.version)
            return await services.client.complete(detail.number, body, idempotency_key=key)

        return cls(services, session, workspace, detail, drafts, kind, send)

    @classmethod
    def message(
        cls, services: Services, session: Session, workspace: Workspace,
        detail: RequestDetail, drafts: DraftStore,
    ) -> WriteScreen:  # fmt: skip
        from ep_contract.wire import NewMessage

        exchange = detail.exchange
        left = exchange.round_trips_max - exchange.round_trips_used
        kind = WriteKind(
            slot=f"message:{detail.number}",
            title=f"Message sur la demande n° {detail.number}",
            intro="Question à l'organisme sur sa réponse. "
            + exchange_left(left, exchange.attachments_max - exchange.attachments_used),
            label="Message",
            done="Message envoyé.",
            initial="",
            files_left=exchange.attachments_max - exchange.attachments_used,
            text_field="body",
        )

        async def send(text: str, ids: list[str], key: str) -> RequestDetail:
            body = NewMessage(body=text, attachment_ids=ids)
            return await services.client.send_message(detail.number, body, idempotency_key=key)

        return cls(services, session, workspace, detail, drafts, kind, send)

    # --- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        kind = self.kind
        text = self.draft.values.get("text", kind.initial) if self.draft else kind.initial
        yield Banner(self.session.me, self.workspace.organisme)
        with VerticalScroll(id="write", can_focus=False):
            yield Static(kind.title, id="write-title", markup=False)
            yield Static(kind.intro, id="write-intro", markup=False)
            yield Static("", id="refusal", markup=False)
            yield Static(
                Text.assemble((kind.label, "bold"), " *"), classes="field-label", markup=False
            )
            yield CommentArea(str(text), limit=rules.COMMENT_MAX, id="text")
            yield Static("", id="text-error", classes="field-error", markup=False)
            if kind.files_left > 0:
                field = FormField(name="pieces_jointes", kind="attachments",
                                  label="Pièces jointes", max_files=kind.files_left)  # fmt: skip
                yield AttachmentsBlock(field, self.draft.attachments if self.draft else [])
            yield Static("", id="draft-status", markup=False)
            with Horizontal(id="write-buttons"):
                yield Button("Annuler", id="write-cancel", compact=True)
                yield Button("VALIDER", id="write-submit", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#refusal").display = False
        area = self.query_one(CommentArea)
        # Not scrolled to: it is near the top, and scrolling to it hid the title and the
        # remaining allowance above it at 80×24.
        area.focus(scroll_visible=False)
        area.to_end()  # pre-filled: the technician usually adds to it
        if self.draft is not None:
            self._status("Brouillon repris.")
            self.refresh_pending_uploads()

    def _status(self, message: str) -> None:
        self.query_one("#draft-status", Static).update(
            Text.assemble((message + " ", "bold"), (self.drafts.protection_label(), "dim"))
        )

    # --- drafts ----------------------------------------------------------------------------

    def _slot(self) -> tuple[str, str, str, str]:
        return (self.services.settings.server_url, self.session.me.username,
                self.workspace.organisme.code, self.kind.slot)  # fmt: skip

    def _draft(self) -> Draft:
        block = self.attachments()
        return Draft(*self._slot(), values={"text": self.query_one(CommentArea).text},
                     idempotency_key=self.idempotency_key,
                     attachments=[dict(f) for f in block.files] if block else [])  # fmt: skip

    @on(CommentArea.Edited)
    @on(AttachmentsBlock.Changed)
    def _changed(self) -> None:
        self.draft_changed()

    def _sending_now(self) -> bool:
        return self.sending

    def _say_draft_status(self, message: str) -> None:
        self._status(message)

    # --- VALIDER ---------------------------------------------------------------------------

    def _refuse(self, message: str) -> None:
        refusal = self.query_one("#refusal", Static)
        refusal.update(message)
        refusal.display = bool(message)

    @on(Button.Pressed, "#write-submit")
    def action_submit(self) -> None:
        if self.sending:
            return
        text = self.query_one(CommentArea).text
        problem = rules.validate_comment(text)
        self.query_one("#text-error", Static).update(problem or "")
        if problem:
            self.query_one(CommentArea).focus()
            return
        self._submit(text)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def _submit(self, text: str) -> None:
        self.sending = True
        button = self.query_one("#write-submit", Button)
        button.disabled = True
        block = self.attachments()
        try:
            if not await self._comment_check.cleared(self.app, text):
                self.query_one(CommentArea).focus()
                return
            detail = await self._send(text, block.value if block else [], self.idempotency_key)
        except errors.FieldErrors as error:
            if message := error.fields.get(self.kind.text_field):
                self.query_one("#text-error", Static).update(message)
            if (message := error.fields.get("attachment_ids")) and block is not None:
                block.set_error(message)
                self.refresh_pending_uploads()  # purged meanwhile: sent again if unchanged
            return
        except errors.Unavailable as error:
            self.notify(f"{error.message} Rien n'est perdu : VALIDER pour réessayer (rien ne "
                        "sera envoyé deux fois).", title="Non envoyé", severity="error",
                        timeout=15)  # fmt: skip
            return
        except errors.ApiError as error:
            # The request changed meanwhile (taken in charge, exchange closed…): say it here,
            # keep every word, and let the technician copy it or go back.
            self._refuse(f"{error.message} Votre texte est conservé ci-dessous "
                         "(et dans le brouillon).")  # fmt: skip
            return
        finally:
            self.sending = False
            button.disabled = False
        self.dirty = False
        self._pending = None
        self.drafts.delete(*self._slot())
        self.notify(self.kind.done, title=self.kind.title)
        self.dismiss(detail)

    # --- leaving ---------------------------------------------------------------------------

    @on(Button.Pressed, "#write-cancel")
    def action_leave(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from ep_tui.screens.confirmation import LeaveForm

        def chosen(choice: LeaveAnswer | None) -> None:
            if isinstance(choice, KeepDraft):
                self.save_draft()
                self.dismiss(None)
            elif isinstance(choice, DiscardDraft):
                self.dirty = False
                self._pending = None
                self.drafts.delete(*self._slot())
                self.dismiss(None)

        self.app.push_screen(LeaveForm(), callback=chosen)

    def on_unmount(self) -> None:
        # Whatever ends the screen (sign-out, the app closing), keep what was typed.
        if self._save_timer is not None:
            self._save_timer.stop()
        self.save_draft(quietly=True)
