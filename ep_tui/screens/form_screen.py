"""What every screen where the technician writes something to send shares — a request
form, a complement, a follow-up message:

- what is typed is kept: a snapshot at every change, written as an encrypted draft once the
  typing pauses (``draft_delay``) and whatever ends the screen (sign-out, the app closing);
- one Idempotency-Key for the screen's life, kept in the draft: VALIDER again after a lost
  answer, or after a crash, sends nothing twice;
- « Pièces jointes »: the keyboard file browser, the checks before anything is sent, the upload
  with its progress bar, the uploads the server purged sent again from disk (only unchanged),
  and « Voir » with the system viewer where there is one;
- Annuler / Échap: leave at once when nothing was typed, else ask whether to keep the draft.
"""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.timer import Timer
from textual.widgets import Button, Static

from ep_contract.domain.wording import plural
from ep_tui.api_client import errors
from ep_tui.api_client.idempotency import new_idempotency_key
from ep_tui.drafts import Draft
from ep_tui.outcomes import DiscardDraft, KeepDraft, LeaveAnswer
from ep_tui.screens.uploads import read_for_upload, viewer_command
from ep_tui.screens.workspace_screen import ResultType, ScreenContext, WorkspaceScreen
from ep_tui.widgets.attachments import AttachmentsBlock, human_size
from ep_tui.widgets.comment_area import CommentArea


class FormScreen(WorkspaceScreen[ResultType]):
    """A subclass keeps ``draft_values`` up to date as its fields change and then calls
    :meth:`draft_changed`; sets ``sending`` while it sends (the draft then stays as it is);
    composes a ``#draft-status`` line and an Annuler button of class ``leave``; and calls
    :meth:`forget_draft` once what it sent is accepted."""

    def __init__(
        self, context: ScreenContext, *, slot: str, draft: Draft | None, left: ResultType
    ) -> None:
        super().__init__(context)
        self.drafts = context.drafts
        self.slot = slot
        """Where this screen's draft is kept (ScreenContext.draft_key)."""
        self.draft = draft
        """The draft taken up, if any."""
        self.left = left
        """What the screen answers when the technician leaves it without sending."""
        self.idempotency_key = draft.idempotency_key if draft else new_idempotency_key()
        self.draft_values: dict[str, Any] = {}
        self.dirty = False
        self.sending = False
        self._pending: Draft | None = None
        self._save_timer: Timer | None = None
        self._attachments_block: AttachmentsBlock | None = None

    # --- drafts ----------------------------------------------------------------------------

    def snapshot(self) -> Draft:
        block = self.attachments()
        return Draft(*self.context.draft_key(self.slot), values=dict(self.draft_values),
                     idempotency_key=self.idempotency_key,
                     attachments=[dict(f) for f in block.files] if block else [])  # fmt: skip

    def draft_changed(self) -> None:
        self.dirty = True
        # Snapshot now, while the fields exist: on unmount they are already gone.
        self._pending = self.snapshot()
        if self._save_timer is not None:
            self._save_timer.stop()
        # Each change restarts the wait: the draft is written once the typing pauses.
        delay = self.services.settings.draft_delay
        if delay > 0:
            self._save_timer = self.set_timer(delay, self.save_draft)
        else:
            self.call_later(self.save_draft)

    def save_draft(self, *, quietly: bool = False) -> None:
        """Write the last snapshot, if it is not written yet (``quietly``: without touching
        the screen, which may be coming down)."""
        if self._pending is None or self.sending:
            return
        self.drafts.save(self._pending)
        self._pending = None
        if not quietly:
            self.show_draft_status("Brouillon enregistré.")

    def forget_draft(self) -> None:
        """Sent, or thrown away: nothing left to keep."""
        self.dirty = False
        self._pending = None
        self.drafts.delete(*self.context.draft_key(self.slot))

    def show_draft_status(self, message: str) -> None:
        self.query_one("#draft-status", Static).update(
            Text.assemble((message + " ", "bold"), (self.drafts.protection_label(), "dim"))
        )

    def on_unmount(self) -> None:
        # Whatever ends the screen (sign-out, the app closing), keep what was typed.
        if self._save_timer is not None:
            self._save_timer.stop()
        self.save_draft(quietly=True)

    # --- leaving ---------------------------------------------------------------------------

    @on(Button.Pressed, ".leave")
    def action_leave(self) -> None:
        if not self.dirty:
            self.dismiss(self.left)
            return
        from ep_tui.screens.confirmation import LeaveForm

        def chosen(choice: LeaveAnswer | None) -> None:
            if isinstance(choice, KeepDraft):
                self.save_draft()
                self.dismiss(self.left)
            elif isinstance(choice, DiscardDraft):
                self.forget_draft()
                self.dismiss(self.left)

        self.app.push_screen(LeaveForm(), callback=chosen)

    # --- attachments -----------------------------------------------------------------------

    def attachments(self) -> AttachmentsBlock | None:
        # Looked up once: the draft snapshot asks for it at every key.
        cached = self._attachments_block
        if cached is not None and cached.is_attached:
            return cached
        found = self.query(AttachmentsBlock)
        block: AttachmentsBlock | None = found.first() if found else None
        self._attachments_block = block
        return block

    # --- comment templates (F9) --------------------------------------------------------------

    @on(CommentArea.TemplateWanted)
    def _offer_templates(self, event: CommentArea.TemplateWanted) -> None:
        from ep_tui.screens.comment_templates import TemplatePicker

        area = event.area

        def chosen(text: str | None) -> None:
            if text is not None and area.is_attached:
                area.insert(text, as_words=True)

        self.app.push_screen(TemplatePicker(self.services), chosen)

    @on(AttachmentsBlock.AddWanted)
    def _add_attachment(self) -> None:
        from ep_tui.screens.file_picker import FilePicker

        start = Path(self.services.state.last_folder() or Path.home())
        self.app.push_screen(FilePicker(start), callback=self._picked)

    def _picked(self, path: Path | None) -> None:
        if path is not None:
            self.services.state.remember_folder(str(path.parent))
            self.upload_file(path)

    @work(group="upload", exit_on_error=False)
    async def upload_file(self, path: Path) -> None:
        block = self.attachments()
        assert block is not None
        block.set_error(None)
        read = await asyncio.to_thread(read_for_upload, path)
        if isinstance(read, str):
            block.set_error(f"{path.name} : {read}")
            return
        block.busy(0, 1)
        # One key per (form, file name, content): a retry sends nothing twice.
        try:
            uploaded = await self.services.client.upload(
                path.name, read.content, idempotency_key=f"{self.idempotency_key}-{read.key_part}"
            )
        except errors.ApiError as error:
            block.set_error(f"{path.name} : {error.message}")
            return
        finally:
            block.busy(1, 1)
        if uploaded.id in block.value:
            block.set_error(f"{path.name} est déjà dans la liste des pièces jointes.")
            return
        # The path and the content's digest are kept (in the encrypted draft) so that the
        # file can be sent again, and only unchanged, if the server purges the upload.
        block.add({"id": uploaded.id, "name": uploaded.name, "size": uploaded.size,
                   "content_type": uploaded.content_type, "path": str(path),
                   "sha256": read.sha256})  # fmt: skip

    @work(group="upload", exit_on_error=False)
    async def refresh_pending_uploads(self) -> None:
        """After a pause of more than a day (a draft taken up again, a form left open), the
        server may have purged the uploads: each one it no longer has is sent again from the
        technician's disk — only if the file is still there, unchanged. Those that cannot be
        are removed from the list, and the field says which."""
        block = self.attachments()
        if block is None or not block.files:
            return
        kept: list[dict] = []
        lost: list[str] = []
        sent_again = 0
        block.busy(0, len(block.files))
        try:
            for done, item in enumerate(block.files, start=1):
                if await self.services.client.pending_upload(item["id"]) is not None:
                    kept.append(item)
                elif (again := await self._upload_again(item)) is not None:
                    kept.append(again)
                    sent_again += 1
                else:
                    lost.append(item["name"])
                block.busy(done, len(block.files))
        except errors.ApiError as error:
            block.set_error(f"Pièces jointes non vérifiées : {error.message}")
            return
        finally:
            block.busy(1, 1)
        if sent_again or lost:
            block.replace_files(kept)
        if lost:
            block.set_error(
                "Pièces jointes expirées sur le serveur et absentes ou modifiées sur votre "
                f"disque, à ajouter à nouveau : {', '.join(lost)}."
            )
        elif sent_again:
            block.set_error(None)
            expired = plural(sent_again, "pièce jointe expirée", "pièces jointes expirées")
            resent = "renvoyée" if sent_again == 1 else "renvoyées"
            self.app.notify(f"{expired} sur le serveur : {resent} depuis votre disque.",
                            title="Pièces jointes")  # fmt: skip

    async def _upload_again(self, item: dict) -> dict | None:
        path = Path(item.get("path") or "")
        if not item.get("path"):
            return None
        read = await asyncio.to_thread(read_for_upload, path)
        if isinstance(read, str) or read.sha256 != item.get("sha256"):
            return None  # gone, unreadable, or changed since it was chosen
        # A key of its own: the first upload's key may still be remembered by the server
        # (7 days), which would answer with the purged id. Tied to that id, so that a retry
        # of this very upload sends nothing twice.
        uploaded = await self.services.client.upload(
            path.name,
            read.content,
            idempotency_key=f"{self.idempotency_key}-{read.key_part}-{item['id']}",
        )
        return {**item, "id": uploaded.id, "size": uploaded.size,
                "content_type": uploaded.content_type}  # fmt: skip

    @on(AttachmentsBlock.ViewWanted)
    def _view_attachment(self, event: AttachmentsBlock.ViewWanted) -> None:
        item = event.attachment
        details = f"{item['name']} — {item['content_type']}, {human_size(item['size'])}"
        path = Path(item.get("path") or "")
        command = viewer_command(path) if item.get("path") and path.is_file() else None
        if command is None:
            self.app.notify(f"{details}\n{item.get('path', '')}", title="Pièce jointe")
            return
        try:
            subprocess.Popen(  # noqa: S603 - a fixed opener and a path the technician chose
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            self.app.notify(f"{details}\n{path}", title="Pièce jointe (aucune visionneuse)")
            return
        self.app.notify(f"{details}\nOuverture dans la visionneuse du système.",
                        title="Pièce jointe")  # fmt: skip
