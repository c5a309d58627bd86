"""Adding files to whatever holds an « Pièces jointes » block — a request form, a complement,
a follow-up message: the keyboard file browser, the checks before anything is sent, the upload
with its progress bar, and « Voir » with the system viewer where there is one."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import App

from ep_contract.domain.attachments import MAX_SIZE, check_attachment
from ep_contract.domain.wording import plural
from ep_tui.api_client import errors
from ep_tui.services import Services
from ep_tui.widgets.attachments import AttachmentsBlock, human_size


@dataclass(frozen=True)
class ReadFile:
    """A file read and checked for upload, with its digests."""

    content: bytes
    sha256: str
    """Of the content: to send it again from disk only if it is unchanged."""
    key_part: str
    """Of the name and the content: two files that differ only by their name are two
    uploads, and a retry of the same one sends nothing twice."""


def read_for_upload(path: Path) -> ReadFile | str:
    """The file, or what is wrong with it (in French, without its name). Blocking — up to
    5 MB read and hashed twice: run in a thread, never on the UI's loop."""
    try:
        if path.stat().st_size > MAX_SIZE:  # said before reading the file, let alone sending it
            return "le fichier dépasse la taille maximum de 5 Mo."
        content = path.read_bytes()
    except OSError as error:
        return f"fichier illisible ({error.strerror})."
    if problem := check_attachment(path.name, content):
        return problem
    return ReadFile(
        content,
        hashlib.sha256(content).hexdigest(),
        hashlib.sha256(path.name.encode() + b"\0" + content).hexdigest()[:24],
    )


def viewer_command(
    path: Path, platform: str = sys.platform, env: Mapping[str, str] = os.environ
) -> list[str] | None:
    """The command that opens ``path`` with the system's viewer, or None where it would open
    out of sight (over SSH: on the server) or there is none."""
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return None
    if platform == "darwin":
        return ["open", str(path)]
    if platform.startswith("win"):
        return ["cmd", "/c", "start", "", str(path)]
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return None
    opener = shutil.which("xdg-open")
    return [opener, str(path)] if opener else None


class AttachmentUploads:
    """Mixin for a screen with an :class:`AttachmentsBlock` and an ``idempotency_key``.

    Named handlers, not ``@on``: Textual collects decorated handlers only from its own
    classes, while named ones are found along the MRO."""

    app: App
    services: Services
    idempotency_key: str

    def attachments(self) -> AttachmentsBlock | None:
        # Looked up once: the draft snapshot asks for it at every key.
        cached: AttachmentsBlock | None = getattr(self, "_attachments_block", None)
        if cached is not None and cached.is_attached:
            return cached
        found = self.query(AttachmentsBlock)  # type: ignore[attr-defined]
        block: AttachmentsBlock | None = found.first() if found else None
        self._attachments_block = block
        return block

    def on_attachments_block_add_wanted(self, event: AttachmentsBlock.AddWanted) -> None:
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

    def on_attachments_block_view_wanted(self, event: AttachmentsBlock.ViewWanted) -> None:
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
