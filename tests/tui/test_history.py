"""The history and the follow-up, driven as a technician does: filters, sort, pages, the detail,
complete, cancel, the exchange, downloads, the CSV export, the duplicate warning.

Each test checks what reached the server, or what the server says, not only the screen."""

from __future__ import annotations

import io
import stat
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.widgets import Button, DataTable, Input, OptionList, RadioSet, Select, Static, Switch

from ep_tui.screens.confirmation import DuplicateWarning
from ep_tui.screens.history import HistoryScreen
from ep_tui.screens.request_actions import CancelDialog
from ep_tui.screens.request_detail import RequestDetailScreen
from ep_tui.screens.write import WriteScreen
from ep_tui.widgets.comment_area import CommentArea
from mock_server.clock import Clock
from tests.support import PDF, Api
from tests.tui.forms import fill, open_form
from tests.tui.harness import build_app
from tests.tui.steps import home, settle, until_screen


def app_on(tmp_path: Path, clock: Clock, server: Any, **settings: Any):
    return build_app(tmp_path, clock, server_app=server,
                     downloads_dir=tmp_path / "Téléchargements", **settings)  # fmt: skip


async def history(pilot) -> HistoryScreen:  # noqa: ANN001
    await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def shown(widget: Any) -> str:
    """What a Static shows, as plain text (tables and groups included)."""
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined]


def numbers(screen: HistoryScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def server_numbers(api: Api, **params: Any) -> list[str]:
    response = await api.history(**params)
    assert response.status_code == 200, response.text
    return [item["number"] for item in response.json()["items"]]


async def open_detail(pilot, number: str) -> RequestDetailScreen:  # noqa: ANN001
    await pilot.app.run_action(f"open_request('{number}')")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RequestDetailScreen)
    return screen


# --- the list ------------------------------------------------------------------------------


async def test_newest_first_pages_and_page_size(tmp_path, clock, app, api: Api) -> None:
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        screen = await history(pilot)
        assert numbers(screen) == await server_numbers(api)
        assert "150 demandes · page 1 sur 8" in shown(screen.query_one("#top-count", Static))
        await pilot.press("n")
        await settle(pilot)
        assert numbers(screen) == await server_numbers(api, page=2)
        await pilot.press("p")
        await settle(pilot)
        assert screen.query_state.page == 1
        screen.query_one("#page-size", Select).value = 50
        await settle(pilot)
        assert numbers(screen) == await server_numbers(api, page_size=50)
        assert "page 1 sur 3" in shown(screen.query_one("#bottom-count", Static))


async def test_filters_search_and_reset(tmp_path, clock, app, api: Api) -> None:
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        screen = await history(pilot)
        screen.query_one("#f-statut", Select).value = "Résolu"
        screen.query_one("#f-personne", Input).value = "rousseau helene"
        screen.query_one("#f-debut", Input).focus()
        await pilot.press(*"01102026")
        assert screen.query_one("#f-debut", Input).value == "01/10/2026"  # slashes by themselves
        await pilot.press("enter")  # Entrée in a filter is « Rechercher »
        await settle(pilot)
        expected = await server_numbers(api, statut="Résolu", personne="rousseau helene",
                                        depot_debut="2026-10-01")  # fmt: skip
        assert numbers(screen) == expected and expected
        screen.query_one("#f-numero", Input).value = "99"
        await pilot.click("#search")
        await settle(pilot)
        assert not screen.query_one(DataTable).display and screen.query_one("#empty").display
        assert "Aucune demande ne correspond" in shown(screen.query_one("#empty", Static))
        await pilot.click("#reset")
        await settle(pilot)
        assert screen.query_one("#f-personne", Input).value == ""
        assert numbers(screen) == await server_numbers(api)


async def test_a_wrong_date_filter_is_said_and_nothing_is_asked(tmp_path, clock, app) -> None:
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        screen = await history(pilot)
        before = numbers(screen)
        screen.query_one("#f-debut", Input).value = "31/02/2026"
        await pilot.click("#search")
        await settle(pilot)
        assert "date jj/mm/aaaa attendue" in shown(screen.query_one("#filter-status"))
        assert numbers(screen) == before
        screen.query_one("#f-debut", Input).value = "02/11/2026"
        screen.query_one("#f-fin", Input).value = "01/11/2026"
        await pilot.click("#search")
        await settle(pilot)
        assert "après la date de fin" in shown(screen.query_one("#filter-status"))


async def test_sort_by_any_column_both_ways(tmp_path, clock, app, api: Api) -> None:
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        screen = await history(pilot)
        # Numéro, Statut, Date de dépôt, Personne, Offre, Motif, Demandeur, Date statut.
        await pilot.press("less_than_sign")  # Date de dépôt → Statut
        await settle(pilot)
        assert (screen.query_state.sort, screen.query_state.order) == ("status", "asc")
        assert numbers(screen) == await server_numbers(api, sort="status", order="asc")
        assert "Statut ▲" in shown(screen.query_one("#sort-state"))
        await pilot.press("o")
        await settle(pilot)
        assert numbers(screen) == await server_numbers(api, sort="status", order="desc")
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot)
        assert screen.query_state.sort == "person"
        assert numbers(screen) == await server_numbers(api, sort="person", order="asc")


async def test_coming_back_from_a_detail_keeps_filters_page_and_row(tmp_path, clock, app) -> None:
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        screen = await history(pilot)
        screen.query_one("#f-demandeur", Input).value = "lapierre"
        await pilot.click("#search")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen.query_one(DataTable).focus()
        await pilot.press("down", "down", "down")
        chosen = numbers(screen)[3]
        await pilot.press("enter")
        await settle(pilot)
        detail = pilot.app.screen
        assert isinstance(detail, RequestDetailScreen) and detail.number == chosen
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.query_state.page == 2 and screen.query_state.demandeur == "lapierre"
        assert screen.query_one("#f-demandeur", Input).value == "lapierre"
        assert screen.query_one(DataTable).cursor_row == 3


def forget_requests(server: Any, organisme: str) -> None:
    """An organisme the structure never filed with (the seed gives every one some requests)."""
    with server.state.server.db.transaction() as connection:
        connection.execute(
            "DELETE FROM attachments WHERE request_id IN"
            " (SELECT id FROM requests WHERE organisme_code = ?)",
            (organisme,),
        )
        connection.execute(
            "DELETE FROM messages WHERE request_id IN"
            " (SELECT id FROM requests WHERE organisme_code = ?)",
            (organisme,),
        )
        connection.execute("DELETE FROM requests WHERE organisme_code = ?", (organisme,))


async def test_empty_history_and_history_only_mode(tmp_path, clock, app) -> None:
    forget_requests(app, "911")
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot, "911")
        screen = await history(pilot)
        assert not screen.query_one(DataTable).display and screen.query_one("#empty").display
        assert "Aucune demande n'a encore été déposée" in shown(screen.query_one("#empty"))
        assert "0 demande · page 1 sur 1" in shown(screen.query_one("#top-count", Static))
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot, "401")  # ended, requests still pending: history only
        screen = await history(pilot)
        assert numbers(screen)


# --- detail and actions --------------------------------------------------------------------


async def test_complete_sends_the_new_comment_and_files(tmp_path, clock, app, api: Api) -> None:
    filed = await api.filed("etude", attachment_ids=[await api.uploaded() for _ in range(5)])
    number = filed["number"]
    document = tmp_path / "factures.pdf"
    document.write_bytes(PDF)
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        detail = await open_detail(pilot, number)
        await pilot.click("#complete")
        await settle(pilot)
        write = pilot.app.screen
        assert isinstance(write, WriteScreen)
        area = write.query_one(CommentArea)
        assert area.text == filed["comment"]  # pre-filled
        assert write.attachments() is not None and write.attachments().limit == 3  # 8 − 5
        await pilot.press(*" Factures jointes.")
        write.upload_file(document)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is detail
        server = (await api.detail(number)).json()
        assert server["comment"] == filed["comment"] + " Factures jointes."
        assert [a["name"] for a in server["attachments_sent"]][-1] == "factures.pdf"
        assert server["status"] == "Nouveau"
        assert "Factures jointes." in shown(detail.query_one("#block-subject"))


async def test_a_request_taken_meanwhile_refuses_and_keeps_the_text(
    tmp_path, clock, app, api: Api
) -> None:
    number = (await api.filed("etude"))["number"]
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        await open_detail(pilot, number)
        await pilot.click("#complete")
        await settle(pilot)
        write = pilot.app.screen
        assert isinstance(write, WriteScreen)
        await pilot.press(*" Ajout important.")
        await settle(pilot)
        await api.take(number)  # the organisme takes it while the technician types
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is write
        assert write.query_one("#refusal").display
        assert "changé entre-temps" in shown(write.query_one("#refusal"))
        assert write.query_one(CommentArea).text.endswith(" Ajout important.")
        kept = write.drafts.load(*write.context.draft_key(write.slot))
        assert kept is not None and kept.values["text"].endswith(" Ajout important.")
    assert (await api.detail(number)).json()["comment"].endswith("budgétaire.")


async def test_cancel_needs_a_motif_and_the_confirmation(tmp_path, clock, app, api: Api) -> None:
    number = (await api.filed("rdv"))["number"]
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        await open_detail(pilot, number)
        await pilot.click("#cancel")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, CancelDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "motif" in shown(dialog.query_one("#cancel-error"))
        radios = dialog.query_one(RadioSet)
        radios.focus()
        await pilot.press("down", "enter")  # « La demande a été résolue via un autre canal »
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Je confirme l'annulation" in shown(dialog.query_one("#cancel-error"))
        assert (await api.detail(number)).status_code == 200  # nothing sent yet
        dialog.query_one("#confirm", Switch).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, (CancelDialog, RequestDetailScreen))
    assert (await api.detail(number)).status_code == 404
    assert number not in await server_numbers(api, numero=number)


async def test_no_action_once_taken_in_charge(tmp_path, clock, app, api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    await api.take(number)
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        detail = await open_detail(pilot, number)
        for button in ("#complete", "#cancel", "#message", "#close-exchange"):
            assert not detail.query_one(button, Button).display


async def test_exchange_message_then_limits_and_closing(tmp_path, clock, app, api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    await api.take(number)
    await api.resolve(number, "Aide accordée.")
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        detail = await open_detail(pilot, number)
        assert "Aide accordée." in shown(detail.query_one("#block-answer"))
        await pilot.click("#message")
        await settle(pilot)
        write = pilot.app.screen
        assert isinstance(write, WriteScreen)
        await pilot.press("ctrl+s")  # empty: refused here, nothing sent
        await settle(pilot)
        assert "obligatoire" in shown(write.query_one("#text-error"))
        await pilot.press(*"Quel montant exactement ?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is detail
        server = (await api.detail(number)).json()
        assert server["status"] == "Message envoyé"
        assert server["messages"][-1]["body"] == "Quel montant exactement ?"
        assert not detail.query_one("#message", Button).display  # one question at a time
        # Not on « Clôturer l'échange », where the next Entrée would ask to close it.
        assert pilot.app.focused is detail.query_one("#back", Button)
        assert "en attente de réponse" in shown(detail.query_one("#block-exchange"))
        response = await api.agent_post(f"/requests/{number}/messages",
                                        {"body": "500 euros.", "attachment_ids": []})  # fmt: skip
        assert response.status_code in {200, 201, 204}, response.text
        await pilot.press("f5")
        await settle(pilot)
        assert "500 euros." in shown(detail.query_one("#block-exchange"))
        await pilot.click("#close-exchange")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert (await api.detail(number)).json()["status"] == "Clôturé"
        assert "clôturé" in shown(detail.query_one("#block-exchange"))


async def test_received_attachments_download_safely(tmp_path, clock, app, api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    await api.take(number)
    file_id = await api.uploaded("../../réponse.pdf", agent="331")
    await api.resolve(number, "Voir la pièce jointe.", files=[file_id])
    downloads = tmp_path / "Téléchargements"
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        detail = await open_detail(pilot, number)
        attachment_id = detail.detail.attachments_received[0].id  # type: ignore[union-attr]
        detail.download(attachment_id)
        await settle(pilot)
        detail.download(attachment_id)
        await settle(pilot)
    files = sorted(p.name for p in downloads.iterdir())
    assert files == ["réponse (1).pdf", "réponse.pdf"]  # never overwritten, never outside
    for path in downloads.iterdir():
        assert path.read_bytes() == PDF
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not (tmp_path / "réponse.pdf").exists()


async def test_received_attachments_expire_after_15_days(tmp_path, clock, app, api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    await api.take(number)
    await api.resolve(number, "Voir la pièce jointe.", files=[await api.uploaded(agent="331")])
    api.advance_days(16)
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        detail = await open_detail(pilot, number)
        (item,) = detail.detail.attachments_received  # type: ignore[union-attr]
        assert not item.available
        option = detail.query_one("#received", OptionList).get_option_at_index(0)
        assert option.disabled and "délai de 15 jours dépassé" in str(option.prompt)
        detail.query_one("#received", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not (tmp_path / "Téléchargements").exists()


# --- export --------------------------------------------------------------------------------


async def test_csv_export_of_the_filtered_view(tmp_path, clock, app, api: Api) -> None:
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        screen = await history(pilot)
        screen.query_one("#f-demandeur", Input).value = "chausson"
        await pilot.click("#search")
        await settle(pilot)
        total = screen.page.total  # type: ignore[union-attr]
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.click("#export")
        await settle(pilot)
    (path,) = (tmp_path / "Téléchargements").iterdir()
    assert path.name == "historique-CPAM-GIRONDE-2026-11-22-10h00.csv"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";")[:3] == ["Numéro de demande", "Offre de service", "Motif"]
    rows = [line.split(";") for line in lines[1:] if line]
    assert len(rows) == total
    expected = await server_numbers(api, demandeur="chausson", page_size=100)
    assert [row[0] for row in rows] == expected[: len(rows)]
    assert all(row[4] == "CHAUSSON Victor" for row in rows)
    assert rows[0][5].count("/") == 2 and ":" in rows[0][5]  # 18/11/2026 15:38


async def test_ctrl_e_exports_even_from_a_filter_field(tmp_path, clock, app) -> None:
    """An input binds Ctrl+E to « end of line » (Fin does that too): in the filters, the
    history's export must win, as the key bar says."""
    from ep_tui.screens.export import ExportDialog

    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        screen = await history(pilot)
        field = screen.query_one("#f-personne", Input)
        field.focus()
        await pilot.press("d", "u")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)


# --- before VALIDER: the duplicate check ---------------------------------------------------


async def test_a_duplicate_is_said_and_can_be_opened_or_filed_anyway(
    tmp_path, clock, app, api: Api
) -> None:
    existing = (await api.filed("etude"))["number"]  # PRINCE Marius, aide financière
    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        form = await open_form(pilot, "etude")
        await fill(pilot, "etude")
        before = (await api.history()).json()["total"]
        await pilot.press("ctrl+s")
        await until_screen(pilot, DuplicateWarning)  # the filing worker waits on it
        warning = pilot.app.screen
        assert isinstance(warning, DuplicateWarning)
        assert [item.number for item in warning.found] == [existing]
        await pilot.click("#open")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RequestDetailScreen)
        assert pilot.app.screen.number == existing
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is form  # the form is still there, as it was
        assert (await api.history()).json()["total"] == before  # nothing filed
        await pilot.press("ctrl+s")
        await until_screen(pilot, DuplicateWarning)
        await pilot.click("#file")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, DuplicateWarning)
    assert (await api.history()).json()["total"] == before + 1  # filed anyway, once


# --- notifications -------------------------------------------------------------------------


async def test_notified_of_what_a_traiter_gains_across_organismes(
    tmp_path, clock, app, api: Api
) -> None:
    """One source (issue 17): the notifications say what the work list gained — in every
    organisme — and the home page's count follows the same look."""
    taken = (await api.filed("etude"))["number"]
    resolved = (await api.filed("rdv"))["number"]
    elsewhere = (await api.filed("signalement", organisme="621"))["number"]
    async with app_on(tmp_path, clock, app, poll_interval=30).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        ep = pilot.app
        assert ep._watch_timer is not None  # type: ignore[attr-defined]
        ep.poll_work()  # what the timer calls every 30 s
        await settle(pilot)
        assert not ep._notifications  # nothing changed yet
        button = ep.screen.query_one("#to-worklist", Button)
        before = int(str(button.label).removeprefix("À traiter (").removesuffix(")"))
        await api.take(taken)
        await api.take(resolved)
        await api.resolve(resolved, "Rendez-vous fixé.")
        for step, body in (("take", None), ("resolution", {"answer": "Droits ouverts.",
                                                           "attachment_ids": []})):  # fmt: skip
            response = await api.agent_post(f"/requests/{elsewhere}/{step}", body,
                                            organisme="621")  # fmt: skip
            assert response.status_code == 204, response.text
        ep.poll_work()
        await settle(pilot)
        said = [n.message for n in ep._notifications]
        assert any(resolved in m and "résolue" in m for m in said), said
        assert any(elsewhere in m and "CPAM COTE D'OPALE" in m for m in said), said
        # Taken in charge: nothing for the technician to do — not in the list, not said.
        assert not any(taken in m for m in said), said
        assert len(said) == 2
        assert str(button.label) == f"À traiter ({before + 2})"
        ep.clear_notifications()
        ep.poll_work()
        await settle(pilot)
        assert not ep._notifications  # each item said once


async def test_notifications_can_be_switched_off(tmp_path, clock, app) -> None:
    async with app_on(tmp_path, clock, app, poll_interval=0).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        assert pilot.app._watch_timer is None  # type: ignore[attr-defined]


async def test_what_is_typed_right_after_f_goes_to_the_number_filter(
    tmp_path, clock, app, api: Api
) -> None:
    """« f2633⏎ » in one burst (a fast typist, a paste, keys held back by an SSH link): the
    digits went to the list, which takes no text, and Entrée opened its row — the focus moved
    only once every key already read had been handled."""
    from textual import events

    async with app_on(tmp_path, clock, app).run_test(size=(120, 40)) as pilot:
        await home(pilot)
        screen = await history(pilot)
        assert screen.focused is screen.query_one(DataTable)
        for key, character in [("f", "f"), *((d, d) for d in "2633100"), ("enter", "\r")]:
            pilot.app.post_message(events.Key(key, character))  # all read before any runs
        await settle(pilot)
        assert pilot.app.screen is screen  # no request opened
        assert screen.query_one("#f-numero", Input).value == "2633100"
        assert numbers(screen) == await server_numbers(api, numero="2633100")
