"""The technician's seven write paths, each driven in the real app as a technician does:
brought to the moment before the write (everything typed), the write itself, what the screen
keeps when it fails, and what the server holds afterwards (counted in its store, so that a
request filed twice, a file uploaded twice or a message sent twice would show).

The same paths serve the fault controls (in process) and the real server killed and
restarted (tests/faults/test_restart.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Static, Switch, TextArea

from ep_tui.screens.confirmation import Confirmation
from ep_tui.screens.home import HomeScreen
from ep_tui.screens.organisme import OrganismeDialog
from ep_tui.screens.request_actions import CancelDialog
from ep_tui.screens.request_detail import RequestDetailScreen
from ep_tui.screens.request_form import RequestFormScreen
from ep_tui.screens.sign_in import SignInScreen
from ep_tui.screens.write import WriteScreen
from ep_tui.widgets.comment_area import CommentArea
from tests.support import PDF, Api
from tests.tui.forms import COMMENTS, fill, open_form
from tests.tui.steps import home, settle, type_into

Count = Callable[[str, tuple[Any, ...]], int]


@dataclass
class Flow:
    """What a path needs: the app under test, the raw API (to prepare data, as the back
    office would), a SQL count on the server's store, a folder for files."""

    pilot: Pilot
    api: Api
    count: Count
    folder: Path
    number: str = ""  # the request a follow-up path works on


def store_counter(path: Path) -> Count:
    """Counts in a server's store file, read only (the server keeps running)."""

    def count(sql: str, params: tuple[Any, ...]) -> int:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return int(connection.execute(sql, params).fetchone()[0])

    return count


def shown(widget: Static) -> str:
    return str(widget.render())


def last_notification(flow: Flow) -> str:
    notes = list(flow.pilot.app._notifications)  # noqa: SLF001
    return notes[-1].message if notes else ""


class WritePath:
    name: str  # as the reliability table names it
    method: str
    path_prefix: str
    kept_means: str  # what « kept » covers for this path, for the table
    username = "mlapierre"

    async def prepare(self, flow: Flow) -> None:
        """Up to the moment before the write: signed in, data prepared, everything typed."""
        await home(flow.pilot, "331", username=self.username)

    async def act(self, flow: Flow) -> None:
        raise NotImplementedError

    def succeeded(self, flow: Flow) -> bool:
        raise NotImplementedError

    def kept(self, flow: Flow) -> bool:
        """After a failure: what was typed is all still there, ready to send again."""
        raise NotImplementedError

    def said(self, flow: Flow) -> str:
        """The message the technician reads after a failure."""
        return last_notification(flow)

    def effects(self, flow: Flow) -> int:
        """How many times the write reached the server's store (one is right)."""
        raise NotImplementedError


class SignIn(WritePath):
    name = "sign-in"
    method, path_prefix = "POST", "/api/v1/session"
    kept_means = "username and password"

    async def prepare(self, flow: Flow) -> None:
        await settle(flow.pilot)
        await type_into(flow.pilot, "#username", "mlapierre")
        await type_into(flow.pilot, "#password", "demo")

    async def act(self, flow: Flow) -> None:
        await flow.pilot.press("enter")
        await settle(flow.pilot)

    def succeeded(self, flow: Flow) -> bool:
        return isinstance(flow.pilot.app.screen, (OrganismeDialog, HomeScreen))

    def kept(self, flow: Flow) -> bool:
        screen = flow.pilot.app.screen
        return (
            isinstance(screen, SignInScreen)
            and screen.query_one("#username", Input).value == "mlapierre"
            and screen.query_one("#password", Input).value == "demo"
        )

    def said(self, flow: Flow) -> str:
        return shown(flow.pilot.app.screen.query_one("#error", Static))

    def effects(self, flow: Flow) -> int:
        return 1 if self.succeeded(flow) else 0


class Upload(WritePath):
    name = "upload"
    method, path_prefix = "POST", "/api/v1/attachments"
    kept_means = "the whole form; the file can be added again"
    file_name = "avis-imposition-fautes.pdf"

    async def prepare(self, flow: Flow) -> None:
        await super().prepare(flow)
        await open_form(flow.pilot, "etude")
        await fill(flow.pilot, "etude")
        (flow.folder / self.file_name).write_bytes(PDF)

    def _form(self, flow: Flow) -> RequestFormScreen:
        screen = flow.pilot.app.screen
        assert isinstance(screen, RequestFormScreen), screen
        return screen

    async def act(self, flow: Flow) -> None:
        self._form(flow).upload_file(flow.folder / self.file_name)  # a worker
        await settle(flow.pilot)

    def succeeded(self, flow: Flow) -> bool:
        block = self._form(flow).attachments()
        return block is not None and [f["name"] for f in block.files] == [self.file_name]

    def kept(self, flow: Flow) -> bool:
        values = self._form(flow).raw_values()
        return values["nom"] == "PRINCE" and values["commentaire"] == COMMENTS["etude"]

    def said(self, flow: Flow) -> str:
        block = self._form(flow).attachments()
        assert block is not None
        return shown(block.query_one(".field-error", Static))

    def effects(self, flow: Flow) -> int:
        return flow.count("SELECT count(*) FROM attachments WHERE name = ?", (self.file_name,))


class FileRequest(WritePath):
    name = "file a request"
    method, path_prefix = "POST", "/api/v1/organismes/331/requests"
    kept_means = "the whole form"
    added = " Dossier des pannes."
    comment = COMMENTS["etude"] + added  # found nowhere else in the store

    async def prepare(self, flow: Flow) -> None:
        await super().prepare(flow)
        screen = await open_form(flow.pilot, "etude")
        await fill(flow.pilot, "etude")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await flow.pilot.press(*self.added)
        await settle(flow.pilot)

    async def act(self, flow: Flow) -> None:
        await flow.pilot.press("ctrl+s")
        await settle(flow.pilot)

    def succeeded(self, flow: Flow) -> bool:
        return isinstance(flow.pilot.app.screen, Confirmation)

    def kept(self, flow: Flow) -> bool:
        screen = flow.pilot.app.screen
        if not isinstance(screen, RequestFormScreen):
            return False
        values = screen.raw_values()
        return (values["nom"], values["prenom"], values["telephone"], values["commentaire"]) == (
            "PRINCE", "Marius", "07.00.00.00.00", self.comment
        )  # fmt: skip

    def effects(self, flow: Flow) -> int:
        return flow.count("SELECT count(*) FROM requests WHERE comment = ?", (self.comment,))


class FollowUp(WritePath):
    """A write from a request's detail (complete, cancel, message)."""

    async def prepare(self, flow: Flow) -> None:
        await self.prepare_request(flow)
        await super().prepare(flow)
        await flow.pilot.app.run_action(f"open_request('{flow.number}')")
        await settle(flow.pilot)
        assert isinstance(flow.pilot.app.screen, RequestDetailScreen)

    async def prepare_request(self, flow: Flow) -> None:
        flow.number = (await flow.api.filed("etude"))["number"]

    async def act(self, flow: Flow) -> None:
        await flow.pilot.press("ctrl+s")
        await settle(flow.pilot)

    def succeeded(self, flow: Flow) -> bool:
        return isinstance(flow.pilot.app.screen, RequestDetailScreen)


class Complete(FollowUp):
    name = "complete"
    method, path_prefix = "POST", "/api/v1/requests/"
    kept_means = "the text added"
    added = " Avis d'imposition joint après la panne."

    async def prepare(self, flow: Flow) -> None:
        await super().prepare(flow)
        await flow.pilot.click("#complete")
        await settle(flow.pilot)
        await flow.pilot.press(*self.added)
        await settle(flow.pilot)

    def kept(self, flow: Flow) -> bool:
        screen = flow.pilot.app.screen
        return isinstance(screen, WriteScreen) and screen.query_one(CommentArea).text.endswith(
            self.added
        )

    def effects(self, flow: Flow) -> int:
        comment = flow.count(
            "SELECT (length(comment) - length(replace(comment, ?, ''))) / length(?)"
            " FROM requests WHERE number = ?",
            (self.added, self.added, flow.number),
        )
        return comment


class Cancel(FollowUp):
    name = "cancel"
    method, path_prefix = "POST", "/api/v1/requests/"
    kept_means = "the reason chosen and the confirmation"

    async def prepare(self, flow: Flow) -> None:
        await super().prepare(flow)
        await flow.pilot.click("#cancel")
        await settle(flow.pilot)
        dialog = flow.pilot.app.screen
        assert isinstance(dialog, CancelDialog)
        dialog.query_one(RadioSet).focus()
        await flow.pilot.press("down", "enter")
        dialog.query_one("#confirm", Switch).value = True
        await settle(flow.pilot)

    def kept(self, flow: Flow) -> bool:
        dialog = flow.pilot.app.screen
        return (
            isinstance(dialog, CancelDialog)
            and dialog.query_one(RadioSet).pressed_button is not None
            and dialog.query_one("#confirm", Switch).value
        )

    def succeeded(self, flow: Flow) -> bool:
        # A cancelled request has no detail to go back to.
        return not isinstance(flow.pilot.app.screen, (CancelDialog, RequestDetailScreen))

    def said(self, flow: Flow) -> str:
        return shown(flow.pilot.app.screen.query_one("#cancel-error", Static))

    def effects(self, flow: Flow) -> int:
        return flow.count(
            "SELECT count(*) FROM requests WHERE number = ? AND cancelled_at IS NOT NULL",
            (flow.number,),
        )


class Message(FollowUp):
    name = "message"
    method, path_prefix = "POST", "/api/v1/requests/"
    kept_means = "the message"
    body = "Quel montant exactement, après la panne ?"

    async def prepare_request(self, flow: Flow) -> None:
        await super().prepare_request(flow)
        await flow.api.take(flow.number)
        await flow.api.resolve(flow.number, "Aide accordée.")

    async def prepare(self, flow: Flow) -> None:
        await super().prepare(flow)
        await flow.pilot.click("#message")
        await settle(flow.pilot)
        await flow.pilot.press(*self.body)
        await settle(flow.pilot)

    def kept(self, flow: Flow) -> bool:
        screen = flow.pilot.app.screen
        return isinstance(screen, WriteScreen) and screen.query_one(CommentArea).text == self.body

    def effects(self, flow: Flow) -> int:
        return flow.count("SELECT count(*) FROM messages WHERE body = ?", (self.body,))


class Newsletter(WritePath):
    name = "newsletter"
    method, path_prefix = "PUT", "/api/v1/me/newsletter"
    kept_means = "the switch shows what the server holds (read again after a failure)"
    username = "vchausson"

    def _switch(self, flow: Flow) -> Switch:
        return flow.pilot.app.screen.query_one("#newsletter", Switch)

    async def act(self, flow: Flow) -> None:
        self._switch(flow).value = True
        await settle(flow.pilot)

    def _on_server(self, flow: Flow) -> int:
        return flow.count("SELECT newsletter FROM technicians WHERE username = ?", (self.username,))

    def succeeded(self, flow: Flow) -> bool:
        return self._switch(flow).value is True and "enregistré" in last_notification(flow)

    def kept(self, flow: Flow) -> bool:
        # A switch holds no typing: what matters is that it shows what the server holds —
        # back to « Non » when the choice was not saved, so that pressing it again is the
        # retry; « Oui » when it was and only the answers were lost (read again).
        return self._switch(flow).value is bool(self._on_server(flow))

    def effects(self, flow: Flow) -> int:
        return self._on_server(flow)


PATHS: list[WritePath] = [
    SignIn(), Upload(), FileRequest(), Complete(), Cancel(), Message(), Newsletter(),
]  # fmt: skip
