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
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ep_contract.domain import fields as rules
from ep_contract.domain.attachments import MAX_PER_REQUEST
from ep_contract.domain.catalogue import FormField
from ep_contract.domain.wording import plural
from ep_contract.wire import RequestDetail
from ep_tui.api_client import errors
from ep_tui.screens.confirmation import CommentCheck
from ep_tui.screens.form_screen import FormScreen
from ep_tui.screens.workspace_screen import ScreenContext
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.widgets.attachments import AttachmentsBlock
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.comment_area import CommentArea
from ep_tui.widgets.paged_scroll import PagedScroll

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


class WriteScreen(FormScreen[RequestDetail | None]):
    CSS_PATH = "write.tcss"
    # The comment gets the focus in on_mount, without scrolling to it: Textual's own first
    # focus scrolled the page to centre it, and the title and the allowance went off screen.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("ctrl+s", "submit", "VALIDER", id="write.submit", priority=True),
        Binding("escape", "leave", "Annuler", id="write.cancel"),
    ]

    def __init__(
        self, context: ScreenContext, detail: RequestDetail, kind: WriteKind, send: Send
    ) -> None:
        draft = context.drafts.load(*context.draft_key(kind.slot))
        super().__init__(context, slot=kind.slot, draft=draft, left=None)
        self.detail = detail
        self.kind = kind
        self._send = send
        self._comment_check = CommentCheck()

    # --- the two kinds ---------------------------------------------------------------------

    @classmethod
    def complement(cls, context: ScreenContext, detail: RequestDetail) -> WriteScreen:
        from ep_contract.wire import Complement

        client = context.services.client
        already = len(detail.attachments_sent)
        service = context.workspace.catalogue.service(detail.service_code)
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
            return await client.complete(detail.number, body, idempotency_key=key)

        return cls(context, detail, kind, send)

    @classmethod
    def message(cls, context: ScreenContext, detail: RequestDetail) -> WriteScreen:
        from ep_contract.wire import NewMessage

        client = context.services.client
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
            return await client.send_message(detail.number, body, idempotency_key=key)

        return cls(context, detail, kind, send)

    # --- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        kind = self.kind
        text = str(self.draft.values.get("text", kind.initial) if self.draft else kind.initial)
        self.draft_values["text"] = text
        yield Banner(self.session.me, self.workspace.organisme)
        with PagedScroll(id="write", can_focus=False):
            yield Static(kind.title, id="write-title", markup=False)
            yield Static(kind.intro, id="write-intro", markup=False)
            yield Static("", id="refusal", markup=False)
            yield Static(
                Text.assemble((kind.label, "bold"), " *"), classes="field-label", markup=False
            )
            yield CommentArea(text, limit=rules.COMMENT_MAX, id="text")
            yield Static("", id="text-error", classes="field-error", markup=False)
            if kind.files_left > 0:
                field = FormField(name="pieces_jointes", kind="attachments",
                                  label="Pièces jointes", max_files=kind.files_left)  # fmt: skip
                yield AttachmentsBlock(field, self.draft.attachments if self.draft else [])
            yield Static("", id="draft-status", markup=False)
            with Horizontal(id="write-buttons"):
                yield Button("Annuler", id="write-cancel", classes="leave", compact=True)
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
            self.show_draft_status("Brouillon repris.")
            self.refresh_pending_uploads()

    @on(CommentArea.Edited)
    @on(AttachmentsBlock.Changed)
    def _changed(self) -> None:
        self.draft_values["text"] = self.query_one(CommentArea).text
        self.draft_changed()

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
        self.forget_draft()
        self.notify(self.kind.done, title=self.kind.title)
        self.dismiss(detail)
