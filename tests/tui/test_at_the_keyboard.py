"""What a technician trips on at the keyboard (issue 14), each as the keys that showed it:
typing in the fields, the comment's warnings, the attachments, the history's filters, the
dialogs' key bars, and the small things that looked broken."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static, TextArea

from ep_contract.domain.statuses import Status
from ep_tui.screens.confirmation import CommentWarningDialog, Confirmation, LeaveForm, ResumeDraft
from ep_tui.screens.history import HistoryScreen
from mock_server.clock import PARIS, Clock
from tests.support import PDF
from tests.tui.forms import fill, open_form, type_comment, type_field
from tests.tui.harness import MemoryKeyring, build_app
from tests.tui.rendering import screen_text
from tests.tui.steps import choose as choose_organisme
from tests.tui.steps import home, settle, sign_in
from tests.tui.tour import TOUR, number_with, until


def filed_count(app) -> int:  # noqa: ANN001
    (count,) = app.server.state.server.db.one("SELECT COUNT(*) FROM requests")
    return int(count)


def shown(app, selector: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(selector, Static).render())


# --- typing --------------------------------------------------------------------------------


async def test_a_date_typed_with_slashes_is_read_day_month_year(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        await type_field(pilot, "date_naissance", "5/10/1970")
        assert screen.raw_values()["date_naissance"] == "05/10/1970"  # was 51/01/970


async def test_typing_past_the_length_of_nom_is_said(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        await type_field(pilot, "nom", "a" * 30)
        assert not screen.query("#field-nom .field-notice")
        await pilot.press(*"bcd")
        await settle(pilot)
        assert screen.raw_values()["nom"] == "A" * 30
        notice = shown(app, "#field-nom .field-notice")
        assert notice == "30 caractères au maximum : la suite n'a pas été saisie."
        await pilot.press("backspace")
        await settle(pilot)
        assert not screen.query_one("#field-nom .field-notice").display  # gone once edited


async def test_passing_through_a_field_says_nothing_until_it_is_edited_or_validated(
    tmp_path: Path, clock: Clock
):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        screen.query_one("#control-nom", Input).focus()
        await pilot.press("tab", "tab", "tab")  # Nom, Prénom, date: merely passed through
        await settle(pilot)
        assert not screen.query(".-invalid"), "a message under a field not yet filled in"
        await type_field(pilot, "telephone", "0612")
        await pilot.press("tab")  # edited, then left: said at once
        await settle(pilot)
        assert screen.query_one("#field-telephone").has_class("-invalid")
        await pilot.press("ctrl+s")  # VALIDER: every field says what is wrong with it
        await settle(pilot)
        assert screen.query_one("#field-nom").has_class("-invalid")


async def test_ctrl_a_selects_the_whole_comment_to_replace_it(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "rdv")
        await type_comment(pilot, "Ancien commentaire, à remplacer.")
        await pilot.press("ctrl+a", *"Neuf")
        await settle(pilot)
        assert screen.query_one("#control-commentaire TextArea", TextArea).text == "Neuf"


async def test_each_new_line_of_the_comment_is_in_view(tmp_path: Path, clock: Clock):
    """Textual scrolled to the cursor before giving the text area its new height: from the
    seventh line typed with Entrée, the line being written stayed one line below the box."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.focus()
        for line in range(1, 11):
            await pilot.press(*f"ligne {line}", "enter")
            await settle(pilot)
            row, _ = area.cursor_location
            top, height = area.scroll_offset.y, area.scrollable_content_region.height
            assert top <= row < top + height, (line, row, top, height)


# --- the comment's warnings -----------------------------------------------------------------


async def test_health_data_in_the_comment_is_filed_only_once_confirmed(
    tmp_path: Path, clock: Clock
):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        before = filed_count(app)
        screen = await open_form(pilot, "etude")
        await fill(pilot, "etude")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.text = "Personne diabétique, reste à charge important."
        await settle(pilot)
        await pilot.press("ctrl+s")
        await until(pilot, "CommentWarningDialog")
        assert isinstance(app.screen, CommentWarningDialog)
        assert "« diabétique »" in screen_text(app)
        await pilot.press("escape")  # back to the comment: nothing filed
        await settle(pilot)
        assert filed_count(app) == before
        assert app.focused is area
        await pilot.press("ctrl+s")  # not accepted: asked again
        await until(pilot, "CommentWarningDialog")
        app.screen.query_one("#anyway").press()
        await settle(pilot)
        assert isinstance(app.screen, Confirmation)
        assert filed_count(app) == before + 1


# --- attachments ----------------------------------------------------------------------------


async def test_the_attachments_list_by_keyboard(tmp_path: Path, clock: Clock):
    from ep_tui.widgets.attachments import AttachmentsBlock

    app = build_app(tmp_path, clock)
    files = []
    for index in range(8):
        path = tmp_path / f"PJ{index}.pdf"
        path.write_bytes(PDF + f"\n% {index}".encode())
        files.append(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        block = screen.query_one(AttachmentsBlock)
        bad = tmp_path / "photo.png"
        bad.write_bytes(PDF)
        screen.upload_file(bad)
        await settle(pilot)
        assert str(block.query_one(".field-error").render()).startswith("photo.png : ")
        for path in files:
            screen.upload_file(path)
            await settle(pilot)
        assert block.query_one("#attach-add").disabled
        assert "8 pièces jointes au maximum" in str(block.query_one(".limit").render())
        listing = block.query_one("#control-pieces_jointes")
        listing.focus()
        await settle(pilot)
        assert listing.highlighted == 0  # the first one, without ↓
        await pilot.press("down", "delete")
        await settle(pilot)
        assert [f["name"] for f in block.files] == [f"PJ{i}.pdf" for i in (0, 2, 3, 4, 5, 6, 7)]
        assert not block.query_one("#attach-add").disabled
        assert str(block.query_one(".limit").render()) == ""
        await pilot.press("enter")  # shows the highlighted file (no viewer here: its details)
        await settle(pilot)
        assert any("PJ2.pdf" in str(n.message) for n in app._notifications)


async def test_the_file_picker_takes_a_typed_path_and_shows_sizes(tmp_path: Path, clock: Clock):
    from ep_tui.screens.file_picker import FilePicker
    from ep_tui.widgets.attachments import AttachmentsBlock

    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "PJ1.pdf").write_bytes(PDF)
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        screen.query_one("#attach-add").focus()
        await pilot.press("enter")
        await until(pilot, "FilePicker")
        picker = app.screen
        assert isinstance(picker, FilePicker)
        field = picker.query_one("#picker-path", Input)
        field.value = str(folder / "PJ1.pdf")
        field.focus()
        await pilot.press("enter")
        for _ in range(30):
            await pilot.pause()
        await settle(pilot)
        assert [f["name"] for f in screen.query_one(AttachmentsBlock).files] == ["PJ1.pdf"]
        from ep_tui.screens.file_picker import AcceptedFilesTree
        from ep_tui.widgets.attachments import human_size

        tree = AcceptedFilesTree(folder)
        assert human_size(len(PDF)) in str(
            tree.render_label(_file_node(tree, folder / "PJ1.pdf"), _style(), _style())
        )


def _style():  # noqa: ANN202
    from rich.style import Style

    return Style()


def _file_node(tree, path: Path):  # noqa: ANN001, ANN202
    from textual.widgets.directory_tree import DirEntry

    return tree.root.add_leaf(path.name, data=DirEntry(path))


# --- history ----------------------------------------------------------------------------------


async def test_a_chosen_status_applies_at_once_and_typed_text_is_said_pending(
    tmp_path: Path, clock: Clock
):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["historique"](pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        select = screen.query_one("#f-statut", Select)
        select.focus()
        select.value = str(Status.CLOTURE)
        await settle(pilot)
        assert screen.query_state.statut == Status.CLOTURE  # no « Rechercher » needed
        assert screen.page and {i.status for i in screen.page.items} == {Status.CLOTURE}
        assert app.focused is select  # the focus stays on the filter
        await type_into(pilot, screen, "#f-personne", "tutu")
        assert "pas encore appliqués" in shown(app, "#filter-status")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_state.personne == "tutu"
        assert not screen.query_one("#filter-status").display


async def test_reset_restores_the_filters_and_the_default_order(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["historique"](pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await pilot.press("less_than_sign", "o")  # Statut, reversed
        await settle(pilot)
        assert (screen.query_state.sort, screen.query_state.order) == ("status", "desc")
        screen.query_one("#reset").press()
        await settle(pilot)
        assert (screen.query_state.sort, screen.query_state.order) == ("filed_at", "desc")
        assert "Tri : Date de dépôt ▼" in shown(app, "#sort-state")


async def test_signing_out_from_a_detail_over_the_history_says_no_error(
    tmp_path: Path, clock: Clock
):
    from ep_tui.screens.sign_in import SignInScreen

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["detail-resolu"](pilot)
        app.action_sign_out()
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert not [n for n in app._notifications if n.severity == "error"], [
            n.message for n in app._notifications
        ]


async def type_into(pilot, screen, selector: str, text: str) -> None:  # noqa: ANN001
    screen.query_one(selector, Input).focus()
    await pilot.press(*text)
    await settle(pilot)


# --- dialogs and their key bars ------------------------------------------------------------


async def test_the_first_organisme_dialog_shows_its_key(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert screen_text(app).splitlines()[-1].strip().startswith("^s Valider")


async def test_the_help_at_80x24_reaches_its_last_key_and_its_button(tmp_path: Path, clock: Clock):
    """Over the history, the help's keys ran past the box: « Fermer » and the last keys
    (F6 Identification…) were below the screen, and ↓ did not scroll (focus on « Fermer »)."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert "Fermer" in screen_text(app).splitlines()[-3]  # the button, inside the box
        for _ in range(10):
            await pilot.press("pagedown")
        await settle(pilot)
        assert "app.identity" in screen_text(app)


async def test_the_history_offers_only_the_pages_there_are(tmp_path: Path, clock: Clock):
    """« n Page suiv. » stood in the key bar of a history of one page, « p » on the first."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.page and screen.page.pages > 1
        bar = screen_text(app).splitlines()[-1]
        assert "Page suiv." in bar and "Page préc." not in bar
        await pilot.press("n")
        await settle(pilot)
        assert "Page préc." in screen_text(app).splitlines()[-1]
        screen.query_one("#f-personne", Input).value = "PERSONNE INCONNUE"
        await pilot.click("#search")
        await settle(pilot)
        bar = screen_text(app).splitlines()[-1]
        assert "Page suiv." not in bar and "Page préc." not in bar, bar


async def test_the_cancel_dialog_reads_as_a_line_and_forgets_an_answered_error(
    tmp_path: Path, clock: Clock
):
    """The switch stood centred on the line above « Je confirme l'annulation * », and
    « Sélectionnez le motif… » stayed under the motif chosen since."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["annuler"](pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(app, "#cancel-error") == "Sélectionnez le motif de l'annulation."
        await pilot.press("enter")  # the first motif
        await settle(pilot)
        assert shown(app, "#cancel-error") == ""
        line = next(row for row in screen_text(app).splitlines() if "Je confirme" in row)
        assert "Non" in line


async def test_an_open_drop_down_is_framed(tmp_path: Path, clock: Clock):
    """Its choices ran on into the form below and read as part of it."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "etude")
        screen.query_one("#control-motif").focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = screen.query_one("SelectOverlay")
        lines = screen_text(app).splitlines()
        region = overlay.region
        top, bottom = lines[region.y], lines[region.bottom - 1]
        assert top[region.x] == "╭" and bottom[region.x] == "╰", (top, bottom)


async def test_a_dialog_shows_its_own_keys_not_the_screens_below(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["quitter-formulaire"](pilot)
        assert isinstance(app.screen, LeaveForm)
        bar = screen_text(app).splitlines()[-1]
        assert "Continuer la saisie" in bar and "VALIDER" not in bar


async def test_left_and_right_go_between_a_dialogs_buttons(tmp_path: Path, clock: Clock):
    """Only Tab moved between them: ← ← then Entrée on « Quitter le formulaire ? » went back
    to the form, as if « Continuer la saisie » had been chosen."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["quitter-formulaire"](pilot)
        assert isinstance(app.screen, LeaveForm)
        moves = [("left", "discard"), ("left", "keep"), ("left", "keep"), ("right", "discard"),
                 ("right", "stay"), ("right", "stay")]  # fmt: skip
        for key, button in moves:
            await pilot.press(key)
            await settle(pilot)
            assert app.focused is not None and app.focused.id == button, (key, app.focused)


async def test_page_keys_in_a_burst_each_move_a_whole_page(tmp_path: Path, clock: Clock):
    """Textual paged from where the scroll was, half-way through the page before: three
    Page Up arriving together (typed ahead, or in one burst over SSH) stopped a page short
    of the top of a request's detail."""
    from textual import events

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["detail-resolu"](pilot)
        page = app.screen.query_one("#detail")
        assert page.max_scroll_y > page.scrollable_content_region.height  # more than a page
        for key, end in (("pagedown", page.max_scroll_y), ("pageup", 0)):
            for _ in range(3):
                app.post_message(events.Key(key, None))
            await settle(pilot)
            assert page.scroll_y == end, key


async def test_right_in_the_history_brings_whole_columns(tmp_path: Path, clock: Clock):
    """→ scrolled the list one character at a time: « 633100116 », « Docum »; each → now
    brings the next column whole at the left edge, and ← takes it back."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["historique"](pilot)
        table = app.screen.query_one("HistoryTable")
        table.focus()
        await settle(pilot)

        def header() -> str:
            return screen_text(app).splitlines()[table.region.y][3:].strip()

        seen = []
        for key in ("right", "right", "right", "left", "left", "left"):
            await pilot.press(key)
            await settle(pilot)
            seen.append(header().split("  ")[0])
        assert seen == ["Statut", "Date de dépôt ▼", "Personne concernée", "Date de dépôt ▼",
                        "Statut", "Numéro"], seen  # fmt: skip


async def test_the_address_of_a_link_is_drawn_when_no_browser_opens(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("ctrl+p", *"ameli", "enter")
        await settle(pilot)
        assert "https://www.ameli.fr" in screen_text(app)


async def test_all_the_news_keep_the_banner(tmp_path: Path, clock: Clock):
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["actualites"](pilot)
        assert screen_text(app).splitlines()[0].strip().startswith("Espace Partenaires")


async def test_the_calendar_goes_to_a_year_typed(tmp_path: Path, clock: Clock):
    from ep_tui.screens.date_picker import DatePicker

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await TOUR["calendrier"](pilot)
        assert isinstance(app.screen, DatePicker)
        await pilot.press(*"1970")
        await settle(pilot)
        assert app.screen.chosen.year == 1970
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.raw_values()["date_naissance"].endswith("/1970")  # type: ignore[attr-defined]


async def test_a_drafts_time_is_said_in_paris_time(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
):
    from datetime import datetime

    keyring = MemoryKeyring()
    app = build_app(tmp_path, clock, keyring=keyring)
    async with app.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await open_form(pilot, "rdv")
        await type_field(pilot, "nom", "pires")
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#keep").press()
        await settle(pilot)
        monkeypatch.setenv("TZ", "Pacific/Auckland")  # a machine far from Paris
        time.tzset()
        try:
            app.action_new_request("rdv")
            await settle(pilot)
            assert isinstance(app.screen, ResumeDraft)
            draft = app.draft_store().load("https://ep.test", "mlapierre", "331", "rdv")
            saved = datetime.fromtimestamp(draft.saved_at, tz=PARIS)
            assert f"{saved:%d/%m/%Y à %Hh%M}" in app.screen.saved
        finally:
            monkeypatch.delenv("TZ")
            time.tzset()


async def test_an_ended_conventions_requests_are_consulted_not_changed(
    tmp_path: Path, clock: Clock
):
    from ep_tui.screens.request_detail import CONSULT_ONLY, RequestDetailScreen

    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await choose_organisme(pilot, "401")  # CPAM LANDES: ended, requests still « Nouveau »
        number = await number_with(pilot, Status.NOUVEAU, "401")
        await pilot.app.run_action(f"open_request('{number}')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RequestDetailScreen)
        assert not screen.query_one("#complete").display
        assert not screen.query_one("#cancel").display
        assert CONSULT_ONLY in " ".join(screen_text(app).split())
