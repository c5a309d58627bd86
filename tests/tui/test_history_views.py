"""Saved views of the history (issue 17, point 4): the current filters, sort and page size under
a name, recalled in two keys, one applied when the history opens; never a number nor a person;
a motif the catalogue no longer has said and left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList, Select

from ep_contract.domain.statuses import Status
from ep_tui.screens.history import HistoryScreen
from ep_tui.screens.history_views import ViewsDialog
from mock_server.clock import Clock
from tests.tui.harness import build_app
from tests.tui.steps import home, settle


async def history(pilot: Any) -> HistoryScreen:
    await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def views(pilot: Any) -> ViewsDialog:
    pilot.app.screen.query_one("#views").press()
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ViewsDialog)
    return dialog


async def save_as(pilot: Any, name: str) -> None:
    dialog = await views(pilot)
    dialog.query_one("#view-name", Input).focus()
    await pilot.press(*name, "enter")
    await settle(pilot)


async def apply(pilot: Any, name: str) -> None:
    dialog = await views(pilot)
    listed = dialog.query_one("#views", OptionList)
    listed.focus()
    listed.highlighted = dialog.names.index(name)
    await pilot.press("enter")
    await settle(pilot)


def saved(tmp_path: Path) -> dict[str, Any]:
    return json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))


async def test_a_view_is_saved_recalled_and_never_keeps_a_person(
    tmp_path: Path, clock: Clock, app: Any
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(120, 40)) as pilot:
        await home(pilot, "331")
        screen = await history(pilot)
        screen.typed_personne.value = "TUTU"
        screen.chosen_statut.value = str(Status.NOUVEAU)
        await settle(pilot)
        screen.query_state = screen.query_state.replace(sort="status", order="asc", page_size=50)
        await settle(pilot)
        wanted = screen.query_state
        assert wanted.personne == "TUTU" and wanted.statut == Status.NOUVEAU
        await save_as(pilot, "Nouveaux")
        [(account, stored)] = saved(tmp_path)["history_views"].items()
        assert stored == {"Nouveaux": {"statut": "Nouveau", "sort": "status", "order": "asc",
                                       "page_size": 50}}  # fmt: skip
        assert "TUTU" not in (tmp_path / "state.json").read_text(encoding="utf-8")
        screen.query_one("#reset").press()
        await settle(pilot)
        assert screen.query_state.statut is None
        await apply(pilot, "Nouveaux")
        query = screen.query_state
        assert (query.statut, query.sort, query.order, query.page_size, query.personne) == (
            Status.NOUVEAU, "status", "asc", 50, None
        )  # fmt: skip
        assert screen.chosen_statut.value == str(Status.NOUVEAU)  # the fields say it too
        assert screen.typed_personne.value == ""


async def test_the_default_view_applies_when_the_history_opens(
    tmp_path: Path, clock: Clock, app: Any
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(120, 40)) as pilot:
        await home(pilot, "331")
        screen = await history(pilot)
        screen.chosen_statut.value = str(Status.RESOLU)
        await settle(pilot)
        await save_as(pilot, "Résolues")
        dialog = await views(pilot)
        dialog.query_one("#views", OptionList).highlighted = 0
        dialog.query_one("#default").press()
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        reopened = await history(pilot)
        assert reopened is not screen
        assert reopened.query_state.statut == Status.RESOLU
        assert reopened.chosen_statut.value == str(Status.RESOLU)


async def test_a_motif_the_catalogue_no_longer_has_is_said_and_the_rest_applies(
    tmp_path: Path, clock: Clock, app: Any
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    tui.services.state.save_view(
        "https://ep.test", "mlapierre", "Ancienne",
        {"statut": "Nouveau", "motif": "Un motif disparu", "page_size": 10},
    )  # fmt: skip
    async with tui.run_test(size=(120, 40)) as pilot:
        await home(pilot, "331")
        screen = await history(pilot)
        await apply(pilot, "Ancienne")
        assert (screen.query_state.statut, screen.query_state.motif) == (Status.NOUVEAU, None)
        assert screen.query_state.page_size == 10
        assert screen.chosen_motif.value is Select.NULL
        said = [str(n.message) for n in tui._notifications]  # as tests/tui/test_forms.py
        assert any("« Un motif disparu »" in m and "le reste est appliqué" in m for m in said)


async def test_a_view_is_deleted(tmp_path: Path, clock: Clock, app: Any) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    tui.services.state.save_view("https://ep.test", "mlapierre", "Vieille", {"statut": "Nouveau"})
    async with tui.run_test(size=(120, 40)) as pilot:
        await home(pilot, "331")
        await history(pilot)
        dialog = await views(pilot)
        dialog.query_one("#views", OptionList).highlighted = 0
        dialog.query_one("#delete").press()
        await settle(pilot)
        assert tui.services.state.views("https://ep.test", "mlapierre") == {}


async def test_a_view_is_recalled_from_the_palette_from_any_screen(
    tmp_path: Path, clock: Clock, app: Any
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await history(pilot)
        screen.chosen_statut.value = str(Status.RESOLU)
        await settle(pilot)
        await save_as(pilot, "Résolues")
        await pilot.press("f2")  # home: the history is closed
        await settle(pilot)
        await pilot.press("ctrl+p", *"vue de", "enter")
        await settle(pilot)
        reopened = pilot.app.screen
        assert isinstance(reopened, HistoryScreen) and reopened is not screen
        assert reopened.query_state.statut == Status.RESOLU
        assert reopened.chosen_statut.value == str(Status.RESOLU)
        # The history open with other filters: the view replaces them, in place.
        reopened.query_one("#reset").press()
        await settle(pilot)
        await pilot.press("ctrl+p", *"résolues", "enter")
        await settle(pilot)
        assert pilot.app.screen is reopened
        assert reopened.query_state.statut == Status.RESOLU
