"""After a whole working session — sign in (remembered), a request filed for a person, a
second form left as a draft, the detail opened, the app closed — no secret and no personal
data is found in any file the app wrote nor in anything it logged, beyond the drafts, which
are encrypted; and everything it wrote is readable by its owner only."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from textual.widgets import Checkbox

from ep_tui.screens.confirmation import Confirmation, LeaveForm
from ep_tui.screens.request_detail import RequestDetailScreen
from mock_server.clock import Clock
from tests.tui.forms import COMMENTS, fill, open_form, type_field
from tests.tui.harness import MemoryKeyring, build_app
from tests.tui.steps import choose, settle, type_into

PASSWORD = "demo"


async def test_nothing_personal_or_secret_is_left_in_files_or_logs(
    tmp_path: Path, clock: Clock
) -> None:
    keyring = MemoryKeyring()
    data = tmp_path / "data"
    app = build_app(data, clock, keyring=keyring, downloads_dir=tmp_path / "downloads")
    log_file = tmp_path / "session.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # everything any module would log, at its most verbose
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await type_into(pilot, "#username", "mlapierre")
            await pilot.press("enter")
            app.screen.query_one("#remember", Checkbox).value = True
            await type_into(pilot, "#password", PASSWORD)
            await pilot.press("enter")
            await settle(pilot)
            await choose(pilot, "331")
            token = app.services.client.token
            assert token

            await open_form(pilot, "etude")  # PRINCE Marius, 05/05/1960, 07.00.00.00.00
            await fill(pilot, "etude")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, Confirmation)
            number = app.screen.detail.number
            await pilot.press("escape")
            await settle(pilot)

            await open_form(pilot, "rdv")  # left unfinished: a draft
            await type_field(pilot, "nom", "pires")
            await type_field(pilot, "prenom", "marina")
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, LeaveForm)
            await pilot.click("#keep")
            await settle(pilot)

            await pilot.app.run_action(f"open_request('{number}')")
            await settle(pilot)
            assert isinstance(app.screen, RequestDetailScreen)
        assert keyring.secrets  # the password went to the keyring…
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        handler.close()

    # Its data folder, and HOME with the XDG folders (tests/conftest.py points them there).
    written = [p for where in ("data", "home", "downloads") for p in (tmp_path / where).rglob("*")
               if p.is_file()]  # fmt: skip
    assert any("draft" in str(p) for p in written)  # …the draft to disk, encrypted
    logged = log_file.read_bytes()
    assert b"/api/v1/" in logged  # the session was logged, so the search means something
    secrets = [PASSWORD, token, "PRINCE", "Prince", "Marius", "05/05/1960", "1960-05-05",
               "07.00.00.00.00", "0700000000", COMMENTS["etude"], "PIRES", "Marina"]  # fmt: skip
    for path in [*written, log_file]:
        content = path.read_bytes()
        for secret in secrets:
            # The password is searched as a whole value (quoted, or alone on a line).
            needle = secret.encode()
            hits = [needle] if secret != PASSWORD else [b'"demo"', b"'demo'", b"=demo"]
            assert not any(h in content for h in hits), (secret, path)
    for path in [*written, data, *(p for p in data.rglob("*") if p.is_dir())]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, (path, oct(mode))
