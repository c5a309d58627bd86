"""A tour of every screen and dialog, each reached with the keys a technician presses, for the
usability checks (tests/tui/test_usability.py): focus visible, no text drawn in its own
background, French only, nothing essential cut.

Each stop is an async step that brings a freshly built app (signed out, at the sign-in
screen) to the state named. Requests are found through the app's own client, by status, so
that the tour does not depend on the seed's numbering."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import Input, Select

from ep_contract.domain.statuses import Status
from ep_contract.queries import HistoryQuery
from tests.tui.forms import choose as choose_value
from tests.tui.forms import fill, open_form, type_field
from tests.tui.steps import home, settle, sign_in

Step = Callable[[Pilot], Awaitable[None]]


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def until(pilot: Pilot, kind_name: str) -> None:
    """Let messages run until a screen a worker waits on is up (settle would wait for it)."""
    for _ in range(100):
        if type(pilot.app.screen).__name__ == kind_name:
            await pilot.pause()
            return
        await pilot.pause()
    raise AssertionError(f"{kind_name} never showed; on screen: {pilot.app.screen}")


async def number_with(pilot: Pilot, status: Status, organisme: str = "331") -> str:
    """A request of the signed-in structure with that status: found in the seed, or filed
    now when the status is « Nouveau » and the seed has none left at the frozen instant."""
    client = pilot.app.services.client  # type: ignore[attr-defined]
    page = await client.history(organisme, HistoryQuery(statut=status, page_size=100))
    if page.items:
        return page.items[0].number
    assert status == Status.NOUVEAU, f"no request {status} at {organisme}"
    from ep_contract.wire import NewRequest

    values = {"motif": "Droits", "civilite": "Madame", "nom": "TUTU", "prenom": "Joséphine",
              "date_naissance": "10/10/1971", "lieu_naissance": "44",
              "telephone": "06.00.00.00.44", "commentaire": "Droits à vérifier."}  # fmt: skip
    detail = await client.file_request(
        organisme, NewRequest(service="signalement", values=values), idempotency_key="tour-1"
    )
    return detail.number


async def detail_of(pilot: Pilot, status: Status, organisme: str = "331") -> None:
    await home(pilot, organisme)
    number = await number_with(pilot, status, organisme)
    await press(pilot, "f3")
    screen = pilot.app.screen
    field = screen.query_one("#f-numero", Input)
    field.focus()
    await press(pilot, *number, "enter")
    await press(pilot, "enter")


async def history(pilot: Pilot) -> None:
    await home(pilot, "331")
    await press(pilot, "f3")


async def history_views(pilot: Pilot) -> None:
    await history(pilot)
    await press(pilot, "v")  # the list has the focus when its first page comes


async def history_service_list(pilot: Pilot) -> None:
    await history(pilot)
    pilot.app.screen.query_one("#f-service", Select).focus()
    await press(pilot, "enter")


async def news(pilot: Pilot) -> None:
    await home(pilot, "331")
    await pilot.app.screen.run_action("all_news")
    await settle(pilot)


def form(service: str, organisme: str = "331") -> Step:
    async def step(pilot: Pilot) -> None:
        await home(pilot, organisme)
        await open_form(pilot, service)

    return step


async def form_mas(pilot: Pilot) -> None:
    await form("signalement")(pilot)
    await choose_value(pilot, "motif", "Saisine mission accompagnement santé")
    await choose_value(pilot, "mas_accompagnement",
                       ["Renoncement ou difficultés d'accès à des soins"])  # fmt: skip


async def form_invalid(pilot: Pilot) -> None:
    await form("rdv")(pilot)
    await type_field(pilot, "telephone", "0612")
    await press(pilot, "ctrl+s")


async def leave_form(pilot: Pilot) -> None:
    await form("rdv")(pilot)
    await type_field(pilot, "nom", "pain")
    await press(pilot, "escape")


async def resume_draft(pilot: Pilot) -> None:
    await leave_form(pilot)
    await press(pilot, "escape")  # back to the form
    await pilot.app.screen.run_action("leave")
    await settle(pilot)
    pilot.app.screen.query_one("#keep").press()
    await settle(pilot)
    pilot.app.action_new_request("rdv")  # type: ignore[attr-defined]
    await settle(pilot)


async def confirmation(pilot: Pilot) -> None:
    await form("document")(pilot)
    await fill(pilot, "document")
    await press(pilot, "ctrl+s")
    await until(pilot, "Confirmation")


async def duplicates(pilot: Pilot) -> None:
    await home(pilot, "331")
    # The manual's example person, whose request is still « Nouveau »: filed twice.
    for _ in range(2):
        await open_form(pilot, "etude")
        await fill(pilot, "etude")
        await pilot.press("ctrl+s")
        if type(pilot.app.screen).__name__ == "DuplicateWarning":
            return
        await until(pilot, "Confirmation")
        await press(pilot, "escape")
    await until(pilot, "DuplicateWarning")


async def date_picker(pilot: Pilot) -> None:
    await form("rdv")(pilot)
    pilot.app.screen.query_one("#control-date_naissance", Input).focus()
    await press(pilot, "f9")


async def file_picker(pilot: Pilot) -> None:
    await form("etude")(pilot)
    pilot.app.screen.query_one("#attach-add").focus()
    # The tree loads folders in a worker that lives as long as it: no settle (it would wait).
    await pilot.press("enter")
    await until(pilot, "FilePicker")
    for _ in range(10):
        await pilot.pause()


async def complement(pilot: Pilot) -> None:
    await detail_of(pilot, Status.NOUVEAU)
    pilot.app.screen.query_one("#complete").press()
    await settle(pilot)


async def message(pilot: Pilot) -> None:
    await detail_of(pilot, Status.RESOLU)
    pilot.app.screen.query_one("#message").press()
    await settle(pilot)


async def cancel(pilot: Pilot) -> None:
    await detail_of(pilot, Status.NOUVEAU)
    pilot.app.screen.query_one("#cancel").press()
    await settle(pilot)


async def close_exchange(pilot: Pilot) -> None:
    await detail_of(pilot, Status.RESOLU)
    pilot.app.screen.query_one("#close-exchange").press()
    await settle(pilot)


async def export(pilot: Pilot) -> None:
    await history(pilot)
    await press(pilot, "ctrl+e")


async def identity(pilot: Pilot) -> None:
    await home(pilot, "331")
    await press(pilot, "f6")


async def help_keys(pilot: Pilot) -> None:
    await home(pilot, "331")
    await press(pilot, "f1")


async def address(pilot: Pilot) -> None:
    await home(pilot, "331")
    await pilot.app.run_action("open_link('ameli')")
    await settle(pilot)


async def palette(pilot: Pilot) -> None:
    await home(pilot, "331")
    await press(pilot, "ctrl+p")


async def reauth(pilot: Pilot) -> None:
    await home(pilot, "331")
    pilot.app.server.state.server.clock.advance(9 * 3600)  # type: ignore[attr-defined]
    await pilot.press("f3")
    await until(pilot, "ReauthDialog")


async def work_list(pilot: Pilot) -> None:
    await home(pilot, "331")
    await press(pilot, "f7")


async def statistics(pilot: Pilot) -> None:
    await home(pilot, "331")
    await press(pilot, "f12")


async def statistics_report(pilot: Pilot) -> None:
    await statistics(pilot)
    await press(pilot, "ctrl+r")


async def same_person(pilot: Pilot) -> None:
    await detail_of(pilot, Status.RESOLU)
    pilot.app.screen.query_one("#same-person").press()
    await settle(pilot)


async def change_organisme(pilot: Pilot) -> None:
    await home(pilot, "331")
    await press(pilot, "f4")


async def organisme_warning(pilot: Pilot) -> None:
    await sign_in(pilot)
    from tests.tui.steps import choose

    await choose(pilot, "401", go_on=False)


TOUR: dict[str, Step] = {
    "connexion": settle,
    "organismes": sign_in,
    "organisme-termine": organisme_warning,
    "changer-organisme": change_organisme,
    "accueil": lambda pilot: home(pilot, "331"),
    "accueil-historique-seul": lambda pilot: home(pilot, "401"),
    "accueil-sans-actualites": lambda pilot: home(pilot, "911"),
    "actualites": news,
    "identification": identity,
    "aide": help_keys,
    "adresse": address,
    "palette": palette,
    "a-traiter": work_list,
    "pilotage": statistics,
    "pilotage-rapport": statistics_report,
    "nouvelle-demande-meme-personne": same_person,
    "historique": history,
    "historique-liste-offre": history_service_list,
    "historique-vues": history_views,
    "export": export,
    "detail-nouveau": lambda pilot: detail_of(pilot, Status.NOUVEAU),
    "detail-resolu": lambda pilot: detail_of(pilot, Status.RESOLU),
    "completer": complement,
    "message": message,
    "annuler": cancel,
    "cloturer": close_exchange,
    "formulaire-contact": form("contact"),
    "formulaire-signalement-mas": form_mas,
    "formulaire-rdv-erreurs": form_invalid,
    "formulaire-etude": form("etude"),
    "formulaire-document": form("document"),
    "formulaire-essonne": form("dossier", "911"),
    "quitter-formulaire": leave_form,
    "reprendre-brouillon": resume_draft,
    "calendrier": date_picker,
    "fichier": file_picker,
    "confirmation": confirmation,
    "doublon": duplicates,
    "session-expiree": reauth,
}
