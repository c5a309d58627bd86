"""The request forms: what is typed is exactly what reaches the server, for every ODS and the
local catalogue; MAS blocks; checks before VALIDER; drafts; one request however often
VALIDER is pressed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual import events
from textual.widgets import OptionList

from ep_contract.domain.fields import validate_comment
from ep_tui.screens.confirmation import Confirmation, LeaveForm, ResumeDraft
from ep_tui.screens.home import HomeScreen
from ep_tui.screens.request_form import RequestFormScreen
from mock_server.catalogues import RENONCEMENT
from mock_server.clock import Clock
from tests.tui.forms import COMMENTS, choose, fill, form, open_form, type_field
from tests.tui.harness import MemoryKeyring, build_app
from tests.tui.rendering import screen_text
from tests.tui.steps import home, settle

EXPECTED_PERSON = {
    "signalement": ("Monsieur", "PAIN", "François", "1970-10-05", "24", "06.00.00.00.00"),
    "rdv": ("Madame", "PIRES", "Marina", "1980-02-01", "29", "06.00.00.00.00"),
    "etude": ("Monsieur", "PRINCE", "Marius", "1960-05-05", "27", "07.00.00.00.00"),
    "document": ("Madame", "CHEMIN", "Marie", "1975-06-01", "47", "06.00.00.00.00"),
    "dossier": ("Monsieur", "PRINCE", "Marius", "1960-05-05", "27", "07.00.00.00.00"),
}


def drafts_on_disk(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "drafts").glob("*/*.draft"))


def filed_rows(app) -> list:
    """The requests filed by the test: the seed's are all older than the frozen clock."""
    state = app.server.state.server  # type: ignore[attr-defined]
    return state.db.query("SELECT * FROM requests WHERE filed_at >= ?", (state.clock.timestamp(),))


@pytest.mark.parametrize(
    ("service", "organisme"),
    [("contact", "331"), ("signalement", "331"), ("rdv", "331"), ("etude", "331"),
     ("document", "331"), ("dossier", "911")],
)  # fmt: skip
async def test_what_is_typed_reaches_the_server(
    tmp_path: Path, clock: Clock, service: str, organisme: str
) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot, organisme)
        await open_form(pilot, service)
        await fill(pilot, service)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirmation), app.screen
        number = app.screen.detail.number
        assert number.startswith(f"26{organisme}")
    (row,) = filed_rows(app)
    assert row["number"] == number and row["service_code"] == service
    assert row["comment"] == COMMENTS[service]
    if service in EXPECTED_PERSON:
        got = (row["civilite"], row["nom"], row["prenom"], row["birth_date"],
               row["birth_place"], row["phone"])  # fmt: skip
        assert got == EXPECTED_PERSON[service]
    else:
        assert row["nom"] is None
    answers = {a["name"]: a["value"] for a in json.loads(row["answers_json"])}
    if service == "contact":
        assert answers == {"modalites": ["Téléphonique / Visio", "Physique"]}
    if service == "document":
        assert answers == {"documents": ["Attestation de droits", "Formulaire carte vitale"]}


@pytest.mark.parametrize("service", ["contact", "signalement", "rdv", "etude", "document"])
async def test_a_form_opens_with_the_focus_in_its_first_field(
    tmp_path: Path, clock: Clock, service: str
) -> None:
    """The form picks its first field itself (Textual's own pick, the hidden error summary,
    is turned off): the first key typed goes there, not to the banner nor the summary."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, service)
        first = next(block for block in screen.query(".field-block") if block.display)
        assert app.focused is not None and first in app.focused.ancestors_with_self
        summary = screen.query_one("#error-summary", OptionList)
        assert not summary.display and not summary.has_focus


async def test_mas_blocks_follow_the_answers_and_hidden_ones_are_not_sent(
    tmp_path: Path, clock: Clock
) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "signalement")
        visible = lambda name: screen.query_one(f"#field-{name}").display  # noqa: E731
        assert not visible("mas_consentement")
        await fill(pilot, "signalement")
        await choose(pilot, "motif", "Saisine mission accompagnement santé")
        assert visible("mas_consentement") and visible("mas_accompagnement")
        assert not visible("mas_duree")
        await choose(pilot, "mas_accompagnement", [RENONCEMENT[0]])
        assert visible("mas_soins") and visible("mas_duree") and visible("mas_causes")
        await choose(pilot, "mas_duree", "Plus d'1 an")
        await choose(pilot, "mas_soins", ["Pharmacie"])
        # Unselecting the renoncement answer hides the three blocks: their answers stay on
        # screen (if it is selected again) but are not sent.
        await choose(pilot, "mas_accompagnement", ["Fragilité face au numérique"])
        assert not visible("mas_duree")
        await choose(pilot, "mas_consentement", True)
        sent = screen.values_to_send()
        assert "mas_duree" not in sent and "mas_soins" not in sent
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirmation)
    (row,) = filed_rows(app)
    answers = {a["name"]: a["value"] for a in json.loads(row["answers_json"])}
    assert answers == {
        "mas_consentement": True, "mas_accompagnement": ["Fragilité face au numérique"],
    }  # fmt: skip


async def test_formatting_as_typed_and_messages_when_a_field_is_left(
    tmp_path: Path, clock: Clock
) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        await type_field(pilot, "nom", "le goff")
        await type_field(pilot, "prenom", "jean-pierre")
        await type_field(pilot, "telephone", "061234")
        await type_field(pilot, "date_naissance", "3102")
        values = screen.raw_values()
        assert (values["nom"], values["prenom"], values["telephone"]) == (
            "LE GOFF", "Jean-Pierre", "06.12.34",
        )  # fmt: skip
        assert values["date_naissance"] == "31/02"
        await pilot.press("tab")  # leave the date
        await settle(pilot)
        assert screen.query_one("#field-date_naissance").has_class("-invalid")
        assert "jj/mm/aaaa" in str(screen.query_one("#field-date_naissance .field-error").render())


async def test_keys_that_arrive_at_once_are_applied_in_the_order_typed(
    tmp_path: Path, clock: Clock
) -> None:
    """A burst — keys that arrive in one read after a lag on the SSH link — is applied as
    typed: Backspace and the arrows in their turn, not after the letters that followed them,
    and Tab before what is typed in the next field (ep_tui/textual_compat/ordered_keys.py)."""
    from textual.widgets import TextArea

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        screen.query_one("#control-nom").focus()
        await settle(pilot)
        keys = [*"dupom", "backspace", *"nt", "tab", *"jen", "left", "a", "end", "shift+tab",
                "end", "left", "left", "left", "backspace", "delete"]  # fmt: skip
        comment = screen.query_one("#control-commentaire TextArea", TextArea)
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        values = screen.raw_values()
        assert (values["nom"], values["prenom"]) == ("DUNT", "Jean")
        comment.focus()
        await settle(pilot)
        for key in [*"Suivi", "backspace", "left", "x", "home", "«", "end", "!"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        assert comment.text == "«Suixv!"


async def test_a_typed_value_is_formatted_before_it_is_drawn(tmp_path: Path, clock: Clock):
    """The formatted value is the one stored by the key itself — not corrected by a handler a
    message later, which drew « p » then « P » — and the caret stays where the typing is."""
    from textual.widgets import Input

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        nom = screen.query_one("#control-nom", Input)
        nom.insert_text_at_cursor("p")  # no await: no message has been handled yet
        assert nom.value == "P"
        phone = screen.query_one("#control-telephone", Input)
        phone.focus()
        await pilot.press(*"060000")
        await settle(pilot)
        assert phone.value == "06.00.00"
        phone.cursor_position = 2  # after « 06 »
        await pilot.press("1")
        assert (phone.value, phone.cursor_position) == ("06.10.00.0", 4)
        await pilot.press("a")  # not a digit: dropped, the caret does not move
        assert (phone.value, phone.cursor_position) == ("06.10.00.0", 4)
        await pilot.press("backspace")
        assert (phone.value, phone.cursor_position) == ("06.00.00", 2)
        await pilot.press("end", *"0000")
        assert (phone.value, phone.cursor_position) == ("06.00.00.00.00", 14)
        phone.cursor_position = 2
        await pilot.press("9")  # a 15th character: refused, the caret stays
        assert (phone.value, phone.cursor_position) == ("06.00.00.00.00", 2)
        date = screen.query_one("#control-date_naissance", Input)
        date.focus()
        app.post_message(events.Paste("05 05 1960"))
        await settle(pilot)
        assert (date.value, date.cursor_position) == ("05/05/1960", 10)
        await settle(pilot)
        assert screen.raw_values()["telephone"] == "06.00.00.00.00"
        assert screen.raw_values()["date_naissance"] == "05/05/1960"


async def test_valider_with_errors_shows_a_summary_that_leads_to_the_fields(
    tmp_path: Path, clock: Clock
) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)  # nothing sent
        summary = screen.query_one("#error-summary", OptionList)
        assert summary.display and app.focused is summary
        ids = [o.id for o in summary.options if o.id]
        assert ids == ["motif", "civilite", "nom", "prenom", "date_naissance",
                       "lieu_naissance", "telephone", "commentaire"]  # fmt: skip
        summary.highlighted = ids.index("telephone") + 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is screen.query_one("#control-telephone")
    assert filed_rows(app) == []


async def test_server_refusals_land_on_their_fields(tmp_path: Path, clock: Clock) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        await fill(pilot, "rdv")
        # The app would refuse it first; the server's word must land on the field all the same.
        screen._errors = lambda: {}  # type: ignore[method-assign]
        screen.query_one("#control-nom").value = "PIRES2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        assert "Seuls les lettres" in str(screen.query_one("#field-nom .field-error").render())


async def test_a_dropped_answer_files_one_request(tmp_path: Path, clock: Clock) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        await open_form(pilot, "etude")
        await fill(pilot, "etude")
        app.server.state.server.faults.add(  # type: ignore[attr-defined]
            __import__("mock_server.models").models.Fault(
                path_prefix="/api/v1/organismes/331/requests", methods=["POST"],
                drop="after", times=1,
            )
        )  # fmt: skip
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirmation)  # retried with the same key
    assert len(filed_rows(app)) == 1


async def test_valider_again_after_a_failure_files_once(tmp_path: Path, clock: Clock) -> None:
    from ep_tui.api_client.client import RetryPolicy
    from mock_server.models import Fault

    app = build_app(tmp_path, clock)
    app.services.client._retry = RetryPolicy(attempts=1)  # the failure reaches the screen
    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        await fill(pilot, "etude")
        app.server.state.server.faults.add(  # type: ignore[attr-defined]
            Fault(
                path_prefix="/api/v1/organismes/331/requests",
                methods=["POST"],
                drop="after",
                times=1,
            )  # fmt: skip
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # still there, everything typed
        assert screen.raw_values()["nom"] == "PRINCE"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirmation)
    assert len(filed_rows(app)) == 1


async def test_a_draft_survives_the_app_being_killed(tmp_path: Path, clock: Clock) -> None:
    keyring = MemoryKeyring()
    app = build_app(tmp_path, clock, keyring=keyring)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        await open_form(pilot, "etude")
        await choose(pilot, "motif", "Etude de C2S")
        await type_field(pilot, "nom", "prince")
        await settle(pilot)  # the debounce (0 in tests) has written the draft
        drafts = drafts_on_disk(tmp_path)
        assert len(drafts) == 1
        raw = drafts[0].read_bytes()
        assert b"PRINCE" not in raw and b"Etude" not in raw  # encrypted at rest
        app.services.state  # noqa: B018
        # Killed: no unmount, no goodbye. The next run starts from the file alone.
        app._exit_renderables.clear()
    again = build_app(tmp_path, clock, keyring=keyring)
    async with again.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        again.action_new_request("etude")
        await settle(pilot)
        assert isinstance(again.screen, ResumeDraft)
        assert "trousseau" in str(again.screen.protection)
        await pilot.click("#resume")
        await settle(pilot)
        values = form(pilot).raw_values()
        assert values["nom"] == "PRINCE" and values["motif"] == "Etude de C2S"


async def test_drafts_without_a_keyring_are_locked_by_the_password(
    tmp_path: Path, clock: Clock
) -> None:
    """No keyring: the drafts' key is wrapped by the password that signed in; the form says
    what a change of password does to them (ep_tui.drafts)."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        await type_field(pilot, "nom", "pires")
        said = str(screen.query_one("#draft-status").render())
        assert "chiffré par votre mot de passe" in said and "changement de mot de passe" in said
    (key,) = (tmp_path / "drafts").glob("*/key")
    assert oct(key.stat().st_mode & 0o777) == "0o600" and b"pires" not in key.read_bytes()
    assert len(drafts_on_disk(tmp_path)) == 1


async def test_leaving_a_dirty_form_asks_and_discarding_deletes_the_draft(
    tmp_path: Path, clock: Clock
) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        await open_form(pilot, "rdv")
        await type_field(pilot, "nom", "pires")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LeaveForm)
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert drafts_on_disk(tmp_path) == []


async def test_filing_removes_the_draft(tmp_path: Path, clock: Clock) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        await open_form(pilot, "rdv")
        await fill(pilot, "rdv")
        assert drafts_on_disk(tmp_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirmation)
        assert "Brouillon" not in screen_text(app)  # the form below said it was still saved
        await pilot.press("enter")  # « Accueil » has the focus
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert drafts_on_disk(tmp_path) == []


async def test_comment_counter_limit_and_warnings(tmp_path: Path, clock: Clock) -> None:
    from textual.widgets import Static, TextArea

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.insert("Patient diabétique. NIR 1 85 05 78 006 084 36")
        await settle(pilot)
        counter = str(screen.query_one("#control-commentaire .counter", Static).render())
        assert counter == f"{len(area.text)}/5000" == "45/5000"
        warnings = str(screen.query_one("#control-commentaire .warnings", Static).render())
        assert "« diabétique »" in warnings and "la clé ne correspond pas" in warnings
        area.insert("x" * 6000)
        await settle(pilot)
        assert len(area.text) == 5000


async def test_the_comment_limit_never_cuts_what_is_written(tmp_path: Path, clock: Clock) -> None:
    """At the limit, a key or a paste in the middle of the text inserts what fits and nothing
    more: the end of the comment stays (it used to be cut to make room), said once."""
    from textual.widgets import TextArea

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.focus()
        written = "Début." + "a" * 4984 + "Fin."  # 4,994 characters
        area.text = written
        area.move_cursor((0, 6))
        await settle(pilot)
        app.post_message(events.Paste("0123456789"))
        await settle(pilot)
        assert area.text == "Début.012345" + written[6:]
        assert area.cursor_location == (0, 12)
        await pilot.press("x", "y")
        await settle(pilot)
        assert area.text == "Début.012345" + written[6:]
        told = [str(n.message) for n in app._notifications]
        assert told == ["Commentaire limité à 5000 caractères : 4 non ajouté(s)."]
        await pilot.press("backspace", "z")  # room for one: it is taken
        await settle(pilot)
        assert area.text == "Début.01234z" + written[6:]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len(area.text) <= 5000 and area.text.endswith("Fin.")


async def test_a_paste_brings_no_invisible_character_into_the_comment(
    tmp_path: Path, clock: Clock
) -> None:
    """A paste from a web page holds a zero-width space, a direction mark, a decomposed
    accent: what the technician sees is what is sent, and the server does not refuse it."""
    from textual.widgets import TextArea

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.focus()
        await settle(pilot)
        app.post_message(events.Paste("Rendez-vous\u200b pour M. DUPRE\u0301\u202e,\x1b[2J urgent"))
        await settle(pilot)
        assert area.text == "Rendez-vous pour M. DUPRÉ,[2J urgent"
        told = [str(n.message) for n in app._notifications]
        assert told == ["Caractères invisibles ou de contrôle retirés du texte collé."]
        assert validate_comment(area.text) is None


async def test_the_counter_follows_the_text_without_waiting_for_a_message(
    tmp_path: Path, clock: Clock
) -> None:
    """The counter is updated by the edit itself, not by the ``Changed`` message that follows:
    otherwise Textual draws the text first and the counter a frame later (two frames a key,
    bench/RESULTS.md)."""
    from textual.widgets import Static, TextArea

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        counter = screen.query_one("#control-commentaire .counter", Static)
        warnings = screen.query_one("#control-commentaire .warnings", Static)
        area.insert("Suivi en dialyse")  # no await: no message has been handled yet
        assert str(counter.render()) == "16/5000"
        assert "dialyse" in str(warnings.render())


def test_a_line_break_counts_as_the_document_stores_it() -> None:
    from ep_tui.widgets.comment_area import as_stored

    assert as_stored("a\r\nb\rc\n", "\n") == "a\nb\nc\n"
    assert as_stored("a\nb", "\r\n") == "a\r\nb"
    assert as_stored("", "\n") == ""


async def test_history_only_mode_opens_no_form(tmp_path: Path, clock: Clock) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test() as pilot:
        await home(pilot, "401")
        app.action_new_request("rdv")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_attachments_checked_before_sending_then_filed(tmp_path: Path, clock: Clock):
    from tests.support import PDF

    app = build_app(tmp_path, clock)

    def uploads() -> list:
        return app.server.state.server.db.query(  # type: ignore[attr-defined]
            "SELECT name FROM attachments WHERE owner_role = 'technician' AND request_id IS NULL"
        )

    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        big = tmp_path / "scan.pdf"
        big.write_bytes(b"%PDF-" + b"0" * (5 * 1024 * 1024))
        fake = tmp_path / "photo.png"
        fake.write_bytes(PDF)
        good = tmp_path / "PJ1.pdf"
        good.write_bytes(PDF)
        for path in (big, fake):
            screen.upload_file(path)
            await settle(pilot)
        block = screen.attachments()
        assert "ne correspond pas" in str(block.query_one(".field-error").render())
        assert uploads() == []  # refused here: nothing was sent
        screen.upload_file(good)
        await settle(pilot)
        screen.upload_file(good)  # the same file again
        await settle(pilot)
        assert "déjà dans la liste" in str(block.query_one(".field-error").render())
        assert [f["name"] for f in block.files] == ["PJ1.pdf"]
        await fill(pilot, "etude")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirmation)
        number = app.screen.detail.number
        assert [a.name for a in app.screen.detail.attachments_sent] == ["PJ1.pdf"]
    assert number


async def test_quitting_with_a_pending_draft_keeps_it_and_does_not_crash(
    tmp_path: Path, clock: Clock
) -> None:
    app = build_app(tmp_path, clock, draft_delay=30)  # the debounce has not fired yet
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        await open_form(pilot, "rdv")
        await type_field(pilot, "nom", "pires")
        assert not drafts_on_disk(tmp_path)
        await pilot.press("ctrl+q")
    draft = app._drafts.load("https://ep.test", "mlapierre", "331", "rdv")  # type: ignore[union-attr]
    assert draft is not None and draft.values["nom"] == "PIRES"


async def test_the_birth_date_can_be_picked_in_a_calendar(tmp_path: Path, clock: Clock) -> None:
    from ep_tui.screens.date_picker import DatePicker

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        await type_field(pilot, "date_naissance", "05051960")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, DatePicker)
        assert app.screen.chosen.isoformat() == "1960-05-05"  # opens on the date typed
        await pilot.press("right", "down", "pagedown", "ctrl+pageup")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.raw_values()["date_naissance"] == "13/06/1959"
        await pilot.press("alt+down", "escape")  # Échap leaves the date as it was
        await settle(pilot)
        assert screen.raw_values()["date_naissance"] == "13/06/1959"


async def test_the_comment_can_be_written_in_the_technicians_editor(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib
    import sys

    from textual.widgets import TextArea

    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\nopen(sys.argv[1], 'a', encoding='utf-8').write(' Relu dans vim.\\n')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = build_app(tmp_path, clock)
    # A headless test terminal cannot be handed over; the editor runs for real all the same.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.focus()
        await pilot.press(*"Capital")
        await pilot.press("f8")
        await settle(pilot)
        assert area.text == "Capital Relu dans vim."
        assert screen.raw_values()["commentaire"] == "Capital Relu dans vim."
        assert app.focused is area and area.cursor_location == area.document.end
        await pilot.press("ctrl+z")  # one edit: undone in one step
        await settle(pilot)
        assert area.text == "Capital"
        monkeypatch.delenv("EDITOR")
        monkeypatch.delenv("VISUAL", raising=False)
        # No editor named: the first of nano, vi found on the PATH, and the app says which.
        bin_folder = tmp_path / "bin"
        bin_folder.mkdir()
        nano = bin_folder / "nano"
        nano.write_text(f"#!{sys.executable}\n" + script.read_text(encoding="utf-8"))
        nano.chmod(0o700)
        monkeypatch.setenv("PATH", str(bin_folder))
        await pilot.press("f8")
        await settle(pilot)
        assert area.text == "Capital Relu dans vim."
        assert any(f"Éditeur : {nano}" in str(n.message) for n in app._notifications)
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # none at all: said, nothing lost
        await pilot.press("f8")
        await settle(pilot)
        assert area.text == "Capital Relu dans vim."
        assert any("Aucun éditeur trouvé" in str(n.message) for n in app._notifications)


async def test_a_drafts_purged_uploads_are_sent_again_from_disk_when_unchanged(
    tmp_path: Path, clock: Clock
) -> None:
    from tests.support import PDF

    keyring = MemoryKeyring()
    app = build_app(tmp_path, clock, keyring=keyring)
    server = app.server  # type: ignore[attr-defined]
    kept, changed = tmp_path / "PJ1.pdf", tmp_path / "PJ2.pdf"
    kept.write_bytes(PDF)
    changed.write_bytes(PDF + b"\n% v1")
    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        for path in (kept, changed):
            screen.upload_file(path)
            await settle(pilot)
        await fill(pilot, "etude")
        first_ids = screen.attachments().value
        assert len(first_ids) == 2 and drafts_on_disk(tmp_path)
        app._exit_renderables.clear()  # killed
    changed.write_bytes(PDF + b"\n% v2")  # edited on disk meanwhile
    clock.advance(2 * 86_400)  # the server purges uploads left unattached for a day
    again = build_app(tmp_path, clock, keyring=keyring, server_app=server)
    async with again.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        again.action_new_request("etude")
        await settle(pilot)
        await pilot.click("#resume")
        await settle(pilot)
        block = form(pilot).attachments()
        assert [f["name"] for f in block.files] == ["PJ1.pdf"]
        assert block.value[0] not in first_ids  # sent again: a new upload
        shown = str(block.query_one(".field-error").render())
        assert "PJ2.pdf" in shown and "ajouter à nouveau" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(again.screen, Confirmation)
        assert [a.name for a in again.screen.detail.attachments_sent] == ["PJ1.pdf"]


@pytest.mark.parametrize("button", ["#home", "#detail", "#another"])
async def test_the_confirmation_takes_the_technician_where_they_chose(
    tmp_path: Path, clock: Clock, button: str
) -> None:
    """« Accueil », « Voir le détail » (of the request just filed) or « Autre demande » (a new
    form of the same offre): the form is gone underneath in each case."""
    from ep_tui.screens.request_detail import RequestDetailScreen

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        filled = await open_form(pilot, "rdv")
        await fill(pilot, "rdv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirmation)
        number = app.screen.detail.number
        await pilot.click(button)
        await settle(pilot)
        if button == "#home":
            assert isinstance(app.screen, HomeScreen)
        elif button == "#detail":
            assert isinstance(app.screen, RequestDetailScreen)
            assert app.screen.number == number
        else:
            assert isinstance(app.screen, RequestFormScreen)
            assert app.screen is not filled and app.screen.service.code == "rdv"
            assert app.screen.dirty is False
        assert filled not in app.screen_stack


async def test_a_new_form_instead_of_the_draft_deletes_the_draft(
    tmp_path: Path, clock: Clock
) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await home(pilot)
        await open_form(pilot, "rdv")
        await type_field(pilot, "nom", "pires")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#keep")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and drafts_on_disk(tmp_path)
        app.action_new_request("rdv")
        await settle(pilot)
        assert isinstance(app.screen, ResumeDraft)
        await pilot.click("#new")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        assert app.screen.query_one("#control-nom").value == ""  # type: ignore[attr-defined]
    assert drafts_on_disk(tmp_path) == []


async def test_a_file_is_read_and_hashed_off_the_ui_loop(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Up to 5 MB read and hashed: on the UI's loop, the screen froze meanwhile."""
    import threading

    from tests.support import PDF

    readers: list[threading.Thread] = []
    read_bytes = Path.read_bytes

    def watched(path: Path) -> bytes:
        if path.name == "PJ1.pdf":
            readers.append(threading.current_thread())
        return read_bytes(path)

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        good = tmp_path / "PJ1.pdf"
        good.write_bytes(PDF)
        monkeypatch.setattr(Path, "read_bytes", watched)
        screen.upload_file(good)
        await settle(pilot)
        assert [f["name"] for f in screen.attachments().files] == ["PJ1.pdf"]
    assert readers and threading.main_thread() not in readers
