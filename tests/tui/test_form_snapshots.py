"""Snapshots of the request forms at 80×24 and 120×40: each ODS empty and filled with the
manual's examples, the MAS blocks shown, invalid fields with their summary, the list of
attachments, the confirmation. Review every SVG before committing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from mock_server.catalogues import MAS_MOTIF, RENONCEMENT
from mock_server.clock import Clock
from tests.support import PDF
from tests.tui.forms import choose, fill, form, open_form
from tests.tui.harness import build_app
from tests.tui.steps import home, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SERVICES = ["contact", "signalement", "rdv", "etude", "document"]


def at_form(service: str, *, filled: bool = False, then=None, organisme: str = "331"):
    async def run(pilot: Pilot) -> None:
        await home(pilot, organisme)
        await open_form(pilot, service)
        if filled:
            await fill(pilot, service)
            # Show what the formatting as typed made of the person block (the comment, typed
            # last, would otherwise be all an 80×24 snapshot shows).
            person = form(pilot).query("#field-civilite")
            if person:
                person.first().focus_control()
        if then is not None:
            await then(pilot)
        await settle(pilot)

    return run


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("size", SIZES)
def test_form_empty(snap_compare, tmp_path: Path, clock: Clock, size, service: str) -> None:
    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=at_form(service))


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("size", SIZES)
def test_form_filled(snap_compare, tmp_path: Path, clock: Clock, size, service: str) -> None:
    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=at_form(service, filled=True))


@pytest.mark.parametrize("size", SIZES)
def test_form_mas_blocks_shown(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def mas(pilot: Pilot) -> None:
        await choose(pilot, "motif", MAS_MOTIF)
        await choose(pilot, "mas_accompagnement", [RENONCEMENT[0]])
        form(pilot).query_one("#field-mas_consentement").scroll_visible(animate=False, top=True)

    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=at_form("signalement", then=mas))


@pytest.mark.parametrize("size", SIZES)
def test_form_invalid_fields(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def invalid(pilot: Pilot) -> None:
        from tests.tui.forms import type_field

        await type_field(pilot, "nom", "pires2")
        await type_field(pilot, "date_naissance", "31022020")
        await pilot.press("ctrl+s")

    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=at_form("rdv", then=invalid))


@pytest.mark.parametrize("size", SIZES)
def test_form_attachment_list(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def attach(pilot: Pilot) -> None:
        screen = form(pilot)
        for name in ("PJ1.pdf", "PJ3.pdf"):
            path = tmp_path / name
            path.write_bytes(PDF)
            screen.upload_file(path)
            await settle(pilot)
        screen.query_one("#field-pieces_jointes").scroll_visible(animate=False, top=True)

    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=at_form("etude", then=attach))


@pytest.mark.parametrize("size", SIZES)
def test_form_confirmation(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def submit(pilot: Pilot) -> None:
        await pilot.press("ctrl+s")

    app = build_app(tmp_path, clock)
    run = at_form("etude", filled=True, then=submit)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_form_mas_without_colour(
    snap_compare, tmp_path: Path, clock: Clock, size, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: the boxes ticked or not, the radio chosen, the switch's Oui/Non, the field
    that has the focus — all read from the characters."""

    async def mas(pilot: Pilot) -> None:
        await choose(pilot, "motif", MAS_MOTIF)
        await choose(pilot, "mas_consentement", True)
        await choose(pilot, "mas_accompagnement", [RENONCEMENT[0]])
        await choose(pilot, "mas_duree", "Plus de 2 ans")
        block = form(pilot).query_one("#field-mas_accompagnement")
        block.focus_control()
        form(pilot).query_one("#field-mas_consentement").scroll_visible(animate=False, top=True)

    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=at_form("signalement", then=mas))


@pytest.mark.parametrize("size", SIZES)
def test_form_comment_warning_asked(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def run(pilot: Pilot) -> None:
        from textual.widgets import TextArea

        from tests.tui.tour import until

        await at_form("etude", filled=True)(pilot)
        area = form(pilot).query_one("#control-commentaire TextArea", TextArea)
        area.text = "Personne diabétique, reste à charge important."
        await settle(pilot)
        # VALIDER waits on the question (no settle: it would wait for the answer).
        await pilot.press("ctrl+s")
        await until(pilot, "CommentWarningDialog")

    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=run)
