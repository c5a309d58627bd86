"""A request form, built from the organisme's catalogue (manual §IV): title, description,
the ODS's warning, « Les champs précédés d'un astérisque* sont obligatoires. », the fields
in the catalogue's order with the MAS blocks following the answers, Annuler and VALIDER.

What is typed is checked as it is typed and when a field is left, all at once before
VALIDER (a summary whose lines lead to their fields), and again by the server, whose
refusals land on their fields. The form saves itself as a local draft as it is typed, and
keeps one Idempotency-Key for its whole life: VALIDER pressed again after a lost answer
files nothing twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ep_contract.domain.catalogue import REQUIRED_LINE, Service, is_visible, validate_submission
from ep_tui.api_client import errors
from ep_tui.drafts import Draft
from ep_tui.outcomes import Destination, FileAnyway, GoHome, Navigate, OpenRequest
from ep_tui.screens.confirmation import CommentCheck
from ep_tui.screens.form_screen import FormScreen
from ep_tui.screens.workspace_screen import ScreenContext
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.widgets.attachments import AttachmentsBlock
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.form_fields import FieldBlock
from ep_tui.widgets.paged_scroll import PagedScroll

if TYPE_CHECKING:
    from ep_contract.wire import DuplicateQuery


class RequestFormScreen(FormScreen[Destination]):
    """A new request. Dismissed with where to go next; the app takes the technician there."""

    CSS_PATH = "request_form.tcss"
    # on_mount focuses the first field shown: Textual's own pick (the error summary, hidden
    # at once) would focus and blur it first, two restylings for nothing.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("ctrl+s", "submit", "VALIDER", id="form.submit", priority=True,
                tooltip="Déposer la demande"),
        Binding("escape", "leave", "Annuler", id="form.cancel",
                tooltip="Quitter le formulaire (le brouillon peut être gardé)"),
    ]  # fmt: skip

    def __init__(
        self,
        context: ScreenContext,
        service: Service,
        draft: Draft | None = None,
        *,
        person: dict[str, str] | None = None,
    ) -> None:
        super().__init__(context, slot=service.code, draft=draft, left=GoHome())
        self.service = service
        self.person = person or {}
        """The person block filled in advance (a draft taken up keeps its own values)."""
        self._block_list: list[FieldBlock | AttachmentsBlock] = []
        self._controlling = {f.visible_when.field for f in service.fields if f.visible_when}
        self._validated = False
        """VALIDER was pressed once: from then on, every field says what is wrong with it."""
        self._duplicates_accepted: DuplicateQuery | None = None
        self._comment_check = CommentCheck()

    # --- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        service = self.service
        values = self.draft.values if self.draft else self.person
        yield Banner(self.session.me, self.workspace.organisme)
        with PagedScroll(id="form", can_focus=False):
            yield Static(service.title, id="form-title", markup=False)
            yield Static(service.description, id="form-description", markup=False)
            if service.warning:
                yield Static(service.warning, id="form-warning", markup=False)
            yield Static(REQUIRED_LINE, id="form-required", markup=False)
            yield OptionList(id="error-summary")
            section = None
            for field in service.fields:
                if field.section != section and field.section:
                    yield Static(field.section, classes="section-title", markup=False)
                section = field.section
                if field.kind == "attachments":
                    files = self.draft.attachments if self.draft else []
                    yield AttachmentsBlock(field, files)
                else:
                    yield FieldBlock(field, values.get(field.name))
            yield Static("", id="draft-status", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Annuler", id="form-cancel", classes="leave", compact=True)
                yield Button("VALIDER", id="form-submit", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        # Looked up once: a key press must not query the whole form (bench/RESULTS.md).
        self._block_list = [
            *self.query(FieldBlock).results(),
            *self.query(AttachmentsBlock).results(),
        ]
        order = {block: index for index, block in enumerate(self.query(".field-block"))}
        self._block_list.sort(key=order.__getitem__)  # the catalogue's order
        self.draft_values = {
            b.field.name: b.value for b in self._block_list if isinstance(b, FieldBlock)
        }
        self.query_one("#error-summary").display = False
        self._apply_visibility()
        first = next((b for b in self._blocks() if b.display), None)
        if first is not None:
            first.focus_control()
        if self.draft is not None:
            self.show_draft_status("Brouillon repris.")
            self.refresh_pending_uploads()

    def _blocks(self) -> list[FieldBlock | AttachmentsBlock]:
        return self._block_list

    def _block(self, name: str) -> FieldBlock | AttachmentsBlock | None:
        return next((block for block in self._block_list if block.field.name == name), None)

    # --- values ----------------------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        """Every field's value, shown or not (kept up to date as the fields change)."""
        return dict(self.draft_values)

    def values_to_send(self) -> dict[str, Any]:
        """Visible fields with an answer; hidden blocks are never sent (SPEC §5)."""
        raw = self.raw_values()
        return {
            name: value
            for name, value in raw.items()
            if value not in ("", [], None)
            and not (value is False and not self.service.field(name).required)  # type: ignore[union-attr]
            and is_visible(self.service, self.service.field(name), raw)  # type: ignore[arg-type]
        }

    def _errors(self) -> dict[str, str]:
        block = self.attachments()
        count = len(block.files) if block else 0
        _, found = validate_submission(
            self.service, self.values_to_send(), self.services.today(), attachment_count=count
        )
        return found

    def _apply_visibility(self) -> None:
        raw = self.draft_values
        for block in self._blocks():
            visible = is_visible(self.service, block.field, raw)
            if block.display != visible:
                block.display = visible

    # --- reactions -------------------------------------------------------------------------

    @on(FieldBlock.Changed)
    @on(AttachmentsBlock.Changed)
    def _changed(self, event: FieldBlock.Changed | AttachmentsBlock.Changed) -> None:
        block = event.block
        if isinstance(block, FieldBlock):
            self.draft_values[block.field.name] = block.value
        # Only the fields other fields depend on (motif, accompaniment…) can show or hide
        # blocks: typing in a text field never re-evaluates the form.
        if block.field.name in self._controlling:
            self._apply_visibility()
        if isinstance(block, FieldBlock) and block.touched and block.has_class("-invalid"):
            block.set_error(self._errors().get(block.field.name))  # cleared as it is fixed
        self.draft_changed()

    @on(FieldBlock.Left)
    def _left(self, event: FieldBlock.Left) -> None:
        # Only a field the technician changed (or already marked, or after a first VALIDER):
        # merely passing through a field with Tab says nothing.
        block = event.block
        if block.edited or block.has_class("-invalid") or self._validated:
            block.set_error(self._errors().get(block.field.name))

    # --- VALIDER ---------------------------------------------------------------------------

    @on(Button.Pressed, "#form-submit")
    def action_submit(self) -> None:
        if self.sending:
            return
        self._validated = True
        found = self._errors()
        for block in self._blocks():
            block.set_error(found.get(block.field.name))
        summary = self.query_one("#error-summary", OptionList)
        summary.clear_options()
        if found:
            self._show_summary(found)
            return
        summary.display = False
        self._file()

    def _show_summary(self, found: dict[str, str]) -> None:
        summary = self.query_one("#error-summary", OptionList)
        summary.clear_options()
        summary.add_option(Option(Text("À corriger avant l'envoi :", style="bold"), disabled=True))
        for name, message in found.items():
            field = self.service.field(name)
            label = field.label if field else name
            summary.add_option(Option(Text.assemble((label, "bold"), " : ", message), id=name))
        summary.display = True
        summary.scroll_visible(animate=False)
        summary.focus()
        summary.highlighted = 1

    @on(OptionList.OptionSelected, "#error-summary")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        block = self._block(event.option.id or "")
        if block is not None:
            block.focus_control()

    @work(exclusive=True, group="file", exit_on_error=False)
    async def _file(self) -> None:
        from ep_contract.wire import NewRequest

        self.sending = True
        button = self.query_one("#form-submit", Button)
        button.disabled = True
        block = self.attachments()
        request = NewRequest(service=self.service.code, values=self.values_to_send(),
                             attachment_ids=block.value if block else [])  # fmt: skip
        try:
            comment = str(request.values.get("commentaire", ""))
            if not await self._comment_check.cleared(self.app, comment):
                if (comment_block := self._block("commentaire")) is not None:
                    comment_block.focus_control()
                return
            if not await self._duplicates_cleared():
                return
            detail = await self.services.client.file_request(
                self.workspace.organisme.code, request, idempotency_key=self.idempotency_key
            )
        except errors.FieldErrors as error:
            found = dict(error.fields)
            if "attachment_ids" in found:
                found["pieces_jointes"] = found.pop("attachment_ids")
                # Purged while the form was open (over a day): sent again if unchanged, and
                # the next VALIDER goes through.
                self.refresh_pending_uploads()
            for name, message in found.items():
                if (target := self._block(name)) is not None:
                    target.set_error(message)
            self._show_summary(found)
            return
        except errors.Unavailable as error:
            self.notify(
                f"{error.message} Rien n'est perdu : appuyez à nouveau sur VALIDER pour "
                "réessayer (la demande ne sera pas déposée deux fois).",
                title="Demande non envoyée", severity="error", timeout=15,
            )  # fmt: skip
            return
        except errors.ApiError as error:
            self.notify(error.message, title="Demande refusée", severity="error", timeout=15)
            return
        finally:
            self.sending = False
            button.disabled = False
        self.forget_draft()
        # « Brouillon enregistré. » read on behind the confirmation, of a draft just deleted.
        self.query_one("#draft-status", Static).update("")
        from ep_tui.screens.confirmation import Confirmation

        self.app.push_screen(Confirmation(detail, self.workspace.organisme.name),
                             callback=self._after_confirmation)  # fmt: skip

    def _duplicate_query(self) -> DuplicateQuery | None:
        from ep_contract.domain.fields import parse_date
        from ep_contract.wire import DuplicateQuery

        values = self.values_to_send()
        born = parse_date(str(values.get("date_naissance", "")))
        if not self.service.has_person or born is None:
            return None
        return DuplicateQuery(service=self.service.code, motif=values.get("motif"),
                              documents=list(values.get("documents") or []),
                              nom=values["nom"], prenom=values["prenom"],
                              date_naissance=born)  # fmt: skip

    async def _duplicates_cleared(self) -> bool:
        """Ask the server for a request already in progress for this person, ODS and motif
        (SPEC §10); True when there is none or the technician files anyway."""
        from ep_tui.screens.confirmation import DuplicateWarning

        query = self._duplicate_query()
        if query is None or query == self._duplicates_accepted:
            return True
        try:
            found = (await self.services.client.duplicates(self.workspace.organisme.code,
                                                           query)).items  # fmt: skip
        except errors.ApiError:
            # The check is advice, not a rule: filing goes on and says what is wrong, if
            # anything, with the form kept.
            return True
        if not found:
            # Asked once per person: VALIDER again after a lost answer must not take the
            # request just filed for a duplicate of itself.
            self._duplicates_accepted = query
            return True
        person = f"{query.nom} {query.prenom}"
        choice = await self.app.push_screen_wait(DuplicateWarning(found, person, query))
        if isinstance(choice, FileAnyway):
            self._duplicates_accepted = query  # not asked again for the same person
            return True
        if isinstance(choice, OpenRequest):
            self.drafts.save(self.snapshot())  # the form stays underneath, and on disk
            self.show_draft_status("Brouillon enregistré.")
            self.post_message(Navigate(choice))
        return False

    def _after_confirmation(self, then: Destination | None) -> None:
        self.dismiss(then or GoHome())
