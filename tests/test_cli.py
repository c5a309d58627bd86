"""``ep-tui`` as a command line (issue 19), through the real console script against a real
mock server on 127.0.0.1: outputs compared with reviewed golden files (tests/cli_golden),
JSON read back with the API's own models, the exit codes, and what a screen reader or a
pipe must never get (box drawing, escape sequences, a traceback)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from ep_contract.wire import (
    HistoryPage,
    Organisme,
    RequestDetail,
    RequestSummary,
    Statistics,
    WorkList,
)
from tests.live_server import free_port, live_server

pytestmark = pytest.mark.network

GOLDEN = Path(__file__).parent / "cli_golden"
SCRIPT = Path(sys.executable).parent / "ep-tui"
NOW = "2026-11-22T10:00+01:00"  # the seed's dates follow the clock: frozen, they are fixed
BOX_DRAWING = {chr(c) for c in range(0x2500, 0x2580)}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("cli") / "store.sqlite3", "--now", NOW) as url:
        yield url


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An empty home and no keyring: the user's own config and keyring are never touched."""
    return {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "NO_COLOR": "",
    }


def ep(
    env: dict[str, str], *args: str, password: str | None = "demo"
) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT), *args]
    if password is not None:
        command.append("--mot-de-passe-stdin")
    return subprocess.run(
        command, input=f"{password}\n" if password is not None else "", capture_output=True,
        text=True, env=env, timeout=120,
    )  # fmt: skip


def as_user(server: str) -> list[str]:
    return ["--serveur", server, "--identifiant", "mlapierre"]


def golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("CLI_GOLDEN_UPDATE"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}"


def api_json(kind: Any, text: str) -> Any:
    """What a command printed with --format json, read with the API's models: it must be
    exactly what they write (the command line decodes without them, ep_tui.cli.plain)."""
    adapter = TypeAdapter(kind)
    value = adapter.validate_json(text)
    assert json.loads(text) == adapter.dump_python(value, mode="json")
    return value


def plain(text: str) -> None:
    """What a screen reader or a pipe gets: no box drawing, no escape sequence."""
    assert "\x1b" not in text and "\x9b" not in text
    assert not BOX_DRAWING & set(text)


def test_organismes_in_text_and_json(server: str, home: dict[str, str]) -> None:
    shown = ep(home, "organismes", *as_user(server))
    assert shown.returncode == 0, shown.stderr
    plain(shown.stdout)
    golden("organismes", shown.stdout)
    read = ep(home, "organismes", *as_user(server), "--format", "json")
    organismes = api_json(list[Organisme], read.stdout)
    assert [o.code for o in organismes][:2] == ["641", "621"]


def test_history_in_text_json_and_csv(server: str, home: dict[str, str]) -> None:
    shown = ep(home, "demandes", *as_user(server), "--organisme", "331", "--par-page", "10")
    assert shown.returncode == 0, shown.stderr
    plain(shown.stdout)
    golden("demandes-331-page-1", shown.stdout)
    filtered = ep(home, "demandes", *as_user(server), "--organisme", "331",
                  "--statut", "Pris en charge", "--tri", "numero", "--ordre", "croissant",
                  "--format", "json")  # fmt: skip
    page = api_json(HistoryPage, filtered.stdout)
    assert page.total > 0 and {item.status for item in page.items} == {"Pris en charge"}
    numbers = [item.number for item in page.items]
    assert numbers == sorted(numbers)
    first = ep(home, "demandes", *as_user(server), "--organisme", "331", "--format", "json")
    total = api_json(HistoryPage, first.stdout).total
    every = ep(home, "demandes", *as_user(server), "--organisme", "331", "--tout",
               "--format", "json")  # fmt: skip
    items = api_json(list[RequestSummary], every.stdout)
    assert len(items) == total > 100  # more than one page of 100
    csv = ep(home, "demandes", *as_user(server), "--organisme", "331", "--tout", "--format", "csv")
    lines = csv.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Numéro de demande;Offre de service")
    assert [line.split(";")[0] for line in lines[1:]] == [item.number for item in items]


def test_a_request_in_text_and_json(server: str, home: dict[str, str]) -> None:
    shown = ep(home, "demande", *as_user(server), "2633100117")
    assert shown.returncode == 0, shown.stderr
    plain(shown.stdout)
    golden("demande-2633100117", shown.stdout)
    read = ep(home, "demande", *as_user(server), "2633100117", "--format", "json")
    assert api_json(RequestDetail, read.stdout).number == "2633100117"


def test_the_work_list_in_text_and_json(server: str, home: dict[str, str]) -> None:
    shown = ep(home, "a-traiter", *as_user(server))
    assert shown.returncode == 0, shown.stderr
    plain(shown.stdout)
    golden("a-traiter", shown.stdout)
    work = api_json(WorkList, ep(home, "a-traiter", *as_user(server), "--structure",
                                           "--format", "json").stdout)  # fmt: skip
    assert work.scope == "structure" and len(work.items) >= shown.stdout.count("Demande ")


def test_the_copil_figures_in_text_json_and_csv(server: str, home: dict[str, str]) -> None:
    period = ["--organisme", "331", "--periode", "trimestre", "--annee", "2026", "--trimestre", "3"]
    shown = ep(home, "statistiques", *as_user(server), *period)
    assert shown.returncode == 0, shown.stderr
    plain(shown.stdout)
    assert not set("▏▎▍▌▋▊▉█") & set(shown.stdout)  # no bars for a screen reader
    golden("statistiques-331-t3-2026", shown.stdout)
    figures = api_json(
        Statistics, ep(home, "statistiques", *as_user(server), *period, "--format", "json").stdout
    )
    assert f"{figures.filed} demande" in shown.stdout
    csv = ep(home, "statistiques", *as_user(server), *period, "--format", "csv").stdout
    assert csv.splitlines()[0].startswith("\ufeffTableau;Libellé;Demandes")


@pytest.mark.parametrize(
    ("args", "password", "code", "said"),
    [
        (["demande", "2633199999"], "demo", 4, "introuvable"),
        (["demande", "12"], "demo", 2, "numéro de demande à 10 chiffres"),
        (["demandes", "--depot-debut", "2026-01-31"], "demo", 2, "jj/mm/aaaa"),
        (["organismes"], "mauvais", 3, ""),
        (["organismes"], None, 3, "ep-tui connexion"),
        (["commande-inconnue"], "demo", 2, "« commande-inconnue » n'est pas une commande"),
        (["demandes", "--par-page", "7"], "demo", 2, "« 7 » n'existe pas (au choix : 10, 20"),
        (["demandes", "--page", "deux"], "demo", 2, "« deux » : numéro de page de 1 à"),
        (["demandes", "--page", "0"], "demo", 2, "« 0 » : numéro de page de 1 à"),
        (["demandes", "--organisme", "331", "--personne", "x" * 61], "demo", 2,
         "valeur refusée pour --personne"),
        (["demandes", "--organisme", "331", "--offre", "x" * 51], "demo", 2,
         "valeur refusée pour --offre"),
        (["statistiques", "--periode", "dates", "--debut", "01/02/2026", "--fin", "01/01/2026"],
         "demo", 5, "fin"),
        (["statistiques", "--annee", "1800"], "demo", 5, "(--annee : saisissez une année"),
    ],
    ids=["unknown request", "bad number", "bad date", "wrong password", "no password",
         "unknown command", "page size", "page", "page zero", "name too long",
         "offre too long", "dates reversed", "year refused by the server"],
)  # fmt: skip
def test_exit_codes_and_french_errors_on_stderr(
    server: str, home: dict[str, str], args: list[str], password: str | None, code: int,
    said: str,
) -> None:  # fmt: skip
    done = ep(home, *args[:1], *as_user(server), *args[1:], password=password)
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    assert said.lower() in done.stderr.lower()
    assert "Traceback" not in done.stderr


def test_an_unreachable_server_ends_with_its_own_code(home: dict[str, str]) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    done = ep(home, "organismes", "--serveur", nobody, "--identifiant", "mlapierre")
    assert done.returncode == 6, done.stderr
    assert "Traceback" not in done.stderr


def test_connexion_remembers_the_identifiant_and_says_when_no_keyring(
    server: str, home: dict[str, str]
) -> None:
    done = ep(home, "connexion", *as_user(server))
    assert done.returncode == 0, done.stderr
    assert "Martine LAPIERRE" in done.stdout and "Aucun trousseau" in done.stdout
    # The identifiant is remembered: the next command needs only the server.
    again = ep(home, "organismes", "--serveur", server)
    assert again.returncode == 0, again.stderr
    refused = ep(home, "connexion", *as_user(server), password="mauvais")
    assert refused.returncode == 3
    nobody = ep(home, "connexion", *as_user(server), password=None)  # no terminal, no stdin
    assert nobody.returncode == 2 and "--mot-de-passe-stdin" in nobody.stderr


def test_a_reader_that_stops_early_is_not_an_error(server: str, home: dict[str, str]) -> None:
    """« ep-tui demandes … | head -1 »: the pipe closes while the command still writes."""
    import fcntl

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # smaller than the output: it must block
    writing = subprocess.Popen(
        [str(SCRIPT), "demandes", *as_user(server), "--organisme", "331", "--tout",
         "--mot-de-passe-stdin"],
        stdin=subprocess.PIPE, stdout=write_end, stderr=subprocess.PIPE, env=home,
    )  # fmt: skip
    os.close(write_end)
    assert writing.stdin is not None and writing.stderr is not None
    writing.stdin.write(b"demo\n")
    writing.stdin.close()
    with os.fdopen(read_end, "rb") as reading:
        assert reading.readline().strip() == b"150 demandes."
    assert writing.wait(timeout=120) == 0
    said = writing.stderr.read()
    writing.stderr.close()
    assert b"Traceback" not in said and b"Exception" not in said, said


@pytest.mark.parametrize(
    "command",
    [["organismes"], ["demandes", "--organisme", "331", "--tout", "--format", "csv"],
     ["demande", "2633100117", "--format", "json"], ["a-traiter"],
     ["statistiques", "--organisme", "331"], ["connexion"]],
    ids=lambda command: command[0],
)  # fmt: skip
def test_reading_imports_neither_textual_nor_pydantic_nor_an_event_loop(
    server: str, home: dict[str, str], command: list[str]
) -> None:
    """What keeps a reading command within 1.5× a bare httpx script (bench/RESULTS.md).
    (anyio is not in the list: httpx's synchronous client imports it too.)"""
    argv = [*command, "--serveur", server, "--identifiant", "mlapierre", "--mot-de-passe-stdin"]
    probe = (
        "import sys\n"
        "from ep_tui.__main__ import main\n"
        f"code = main({argv!r})\n"
        "heavy = {'textual', 'pydantic', 'pydantic_core', 'asyncio'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], input="demo\n", capture_output=True,
                          text=True, env=home, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_demo_answers_the_command_line_from_its_own_store(home: dict[str, str]) -> None:
    """--demo: the app's embedded server, lent to the synchronous client."""
    done = ep(home, "organismes", "--demo", "--identifiant", "mlapierre")
    assert done.returncode == 0, done.stderr
    assert "CPAM GIRONDE" in done.stdout
    assert (Path(home["XDG_DATA_HOME"]) / "ep-tui" / "demo.sqlite3").exists()


def test_text_from_the_server_is_shown_without_its_control_characters() -> None:
    from ep_tui.cli import render

    detail = RequestDetail.model_validate_json(
        (GOLDEN / "hostile-detail.json").read_text(encoding="utf-8")
    )
    text = render.detail_text(detail)
    plain(text)
    assert "\u202e" not in text and "Dossier" in text


def test_every_command_the_entry_point_routes_has_an_action() -> None:
    from ep_tui.cli import COMMANDS
    from ep_tui.cli.main import READING, _action

    assert set(READING) < set(COMMANDS)
    for name in set(COMMANDS) - {"doctor", "completion", "aide"} - set(READING):  # run()'s
        assert callable(_action(name)), name


def test_doctor_says_what_an_it_department_checks_first(
    server: str, home: dict[str, str], tmp_path: Path
) -> None:
    shared = tmp_path / "shared-data"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    env = {**home, "EP_TUI_DATA_DIR": str(shared)}
    done = ep(env, "doctor", "--serveur", server, password=None)
    assert done.returncode == 0, done.stdout + done.stderr
    plain(done.stdout)
    lines = done.stdout.splitlines()
    assert f"OK : Serveur : {server} répond." in lines
    assert "OK : TLS : sans objet : le serveur est sur cette machine." in lines
    assert any(line.startswith("OK : Horloge : ") for line in lines)
    assert any(line.startswith("ATTENTION : Trousseau : Aucun trousseau") for line in lines)
    assert f"ATTENTION : Données : {shared} : 0755, lisible par d'autres que vous." in lines
    read = ep(env, "doctor", "--serveur", server, "--format", "json", password=None)
    checks = TypeAdapter(list[dict[str, str]]).validate_json(read.stdout)
    assert {c["state"] for c in checks} <= {"ok", "attention", "échec"}
    assert [c["name"] for c in checks][:4] == ["Versions", "Serveur", "TLS", "Horloge"]
    nobody = ep(home, "doctor", "--serveur", f"http://127.0.0.1:{free_port()}", password=None)
    assert nobody.returncode == 6
    assert "ÉCHEC : Serveur : " in nobody.stdout and "injoignable" in nobody.stdout


# --- the commands that change something: a server of their own ------------------------------


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[str]:
    with live_server(tmp_path / "writes.sqlite3", "--now", NOW) as url:
        yield url


async def details(server: str, number: str) -> RequestDetail:
    from ep_tui.api_client.client import EPClient

    async with EPClient(server) as client:
        await client.sign_in("mlapierre", "demo")
        return await client.request(number)


async def test_a_message_sent_twice_by_the_same_command_is_sent_once(
    fresh_server: str, home: dict[str, str]
) -> None:
    body = "Bonjour, pouvez-vous préciser le montant ?"
    for said in ("Message envoyé", "Message déjà envoyé"):  # run again: as after a lost answer
        done = subprocess.run(
            [str(SCRIPT), "message", *as_user(fresh_server), "2691100020", "--mot-de-passe-stdin"],
            input=f"demo\n{body}\n", capture_output=True, text=True, env=home, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"{said} sur la demande 2691100020")
    detail = await details(fresh_server, "2691100020")
    assert [m.body for m in detail.messages if m.author == "technicien"] == [body]
    # The organisme answers; the same words again are a new message of a new round.
    import httpx

    async with httpx.AsyncClient(base_url=fresh_server) as http:
        token = (
            await http.post(
                "/api/v1/backoffice/session", json={"username": "agent911", "password": "demo"}
            )
        ).json()["token"]
        replied = await http.post(
            "/api/v1/backoffice/requests/2691100020/messages", json={"body": "Voir l'avis."},
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "agent-1"},
        )  # fmt: skip
        assert replied.status_code == 204, replied.text
    again = subprocess.run(
        [str(SCRIPT), "message", *as_user(fresh_server), "2691100020", "--mot-de-passe-stdin"],
        input=f"demo\n{body}\n", capture_output=True, text=True, env=home, timeout=120,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    detail = await details(fresh_server, "2691100020")
    assert [m.body for m in detail.messages if m.author == "technicien"] == [body, body]


async def test_received_files_are_saved_privately_never_overwriting(
    fresh_server: str, home: dict[str, str], tmp_path: Path
) -> None:
    import stat

    folder = tmp_path / "téléchargements"
    env = {**home, "EP_TUI_DOWNLOADS_DIR": str(folder)}
    first = ep(env, "telecharger", *as_user(fresh_server), "2691100020")
    again = ep(env, "telecharger", *as_user(fresh_server), "2691100020", "pj_seed230r")
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    saved = [Path(line) for line in (first.stdout + again.stdout).splitlines()]
    assert [p.name for p in saved] == ["Réponse de l'organisme.pdf",
                                       "Réponse de l'organisme (1).pdf"]  # fmt: skip
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in saved)
    assert saved[0].read_bytes() == saved[1].read_bytes() and saved[0].read_bytes()
    missing = ep(env, "telecharger", *as_user(fresh_server), "2691100020", "pj_nope")
    assert missing.returncode == 4 and "pj_nope" in missing.stderr


async def test_cancelling_asks_first_then_cancels_once(
    fresh_server: str, home: dict[str, str]
) -> None:
    from ep_contract.wire import NewRequest
    from ep_tui.api_client.client import EPClient
    from ep_tui.api_client.idempotency import new_idempotency_key
    from tests.support import VALID_VALUES

    async with EPClient(fresh_server) as client:
        await client.sign_in("mlapierre", "demo")
        filed = await client.file_request("331", NewRequest(service="rdv", values=VALID_VALUES[
            "rdv"]), idempotency_key=new_idempotency_key())  # fmt: skip
    number = filed.number
    unconfirmed = ep(home, "annuler", *as_user(fresh_server), number, "--motif", "doublon")
    assert unconfirmed.returncode == 2 and "--oui" in unconfirmed.stderr
    assert (await details(fresh_server, number)).status == "Nouveau"
    for said in ("annulée.", "déjà annulée, par cette même commande lancée plus tôt"):
        done = ep(home, "annuler", *as_user(fresh_server), number, "--motif", "doublon", "--oui")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Demande {number} {said}")
    from ep_tui.api_client import errors

    with pytest.raises(errors.NotFound):  # a cancelled request leaves every route (docs/API.md)
        await details(fresh_server, number)
    gone = ep(home, "annuler", *as_user(fresh_server), number, "--motif", "autre", "--oui")
    assert gone.returncode == 4, gone.stderr  # another intent (motif): not a replay


# --- deposer ---------------------------------------------------------------------------------

REQUEST_FILE = """offre = "etude"
organisme = "331"
motif = "Demande d'aide financière"
civilite = "Monsieur"
nom = "Prince"
prenom = "marius"
date_naissance = "05/05/1960"
lieu_naissance = "27"
telephone = "07.00.00.00.00"
commentaire = "{comment}"
pieces_jointes = ["devis.pdf"]
"""


def request_file(folder: Path, comment: str = "Aide pour des lunettes, devis joint.") -> Path:
    from tests.support import PDF

    folder.mkdir(exist_ok=True)
    (folder / "devis.pdf").write_bytes(PDF)
    path = folder / "demande.toml"
    path.write_text(REQUEST_FILE.format(comment=comment), encoding="utf-8")
    return path


async def filed_for_prince(server: str) -> list[str]:
    from ep_contract.queries import HistoryQuery
    from ep_tui.api_client.client import EPClient

    async with EPClient(server) as client:
        await client.sign_in("mlapierre", "demo")
        page = await client.history("331", HistoryQuery(personne="PRINCE Marius", page_size=100))
    return [item.number for item in page.items if item.status == "Nouveau"]


async def test_a_file_is_checked_then_filed_once_however_often_it_is_run(
    fresh_server: str, home: dict[str, str], tmp_path: Path
) -> None:
    path = request_file(tmp_path / "dossier")
    before = await filed_for_prince(fresh_server)
    checked = ep(home, "deposer", *as_user(fresh_server), str(path), "--verifier")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == f"{path} : valide, rien n'a été envoyé.\n"
    assert await filed_for_prince(fresh_server) == before
    first = ep(home, "deposer", *as_user(fresh_server), str(path))
    assert first.returncode == 0, first.stderr
    number = first.stdout.removeprefix("Demande déposée : ").strip().rstrip(".")
    again = ep(home, "deposer", *as_user(fresh_server), str(path))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"Demande déjà déposée : {number}, par cette même commande")
    assert await filed_for_prince(fresh_server) == [number, *before]
    detail = await details(fresh_server, number)
    assert [a.name for a in detail.attachments_sent] == ["devis.pdf"]
    assert (detail.person_details and detail.person_details.nom) == "PRINCE"  # as typed in the app


async def test_a_filing_whose_answer_was_lost_is_filed_once_when_run_again(
    fresh_server: str, home: dict[str, str], tmp_path: Path
) -> None:
    import httpx

    path = request_file(tmp_path / "dossier")
    before = await filed_for_prince(fresh_server)
    async with httpx.AsyncClient(base_url=fresh_server) as http:
        await http.post("/api/v1/_test/faults", json={
            "path_prefix": "/api/v1/organismes/331/requests", "methods": ["POST"],
            "drop": "after"})  # fmt: skip
    lost = ep(home, "deposer", *as_user(fresh_server), str(path))
    assert lost.returncode == 6, lost.stdout + lost.stderr  # filed, but no answer came back
    filed = await filed_for_prince(fresh_server)
    assert len(filed) == len(before) + 1
    async with httpx.AsyncClient(base_url=fresh_server) as http:
        await http.delete("/api/v1/_test/faults")
    # Its own request is not taken for a duplicate: the server says what it filed.
    again = ep(home, "deposer", *as_user(fresh_server), str(path))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"Demande déjà déposée : {filed[0]}, ")
    assert await filed_for_prince(fresh_server) == filed


async def test_a_request_in_progress_for_the_same_person_stops_the_filing(
    fresh_server: str, home: dict[str, str], tmp_path: Path
) -> None:
    first = ep(home, "deposer", *as_user(fresh_server), str(request_file(tmp_path / "a")))
    assert first.returncode == 0, first.stderr
    other = request_file(tmp_path / "b", "Une autre demande, même personne, même motif.")
    checked = ep(home, "deposer", *as_user(fresh_server), str(other), "--verifier")
    assert checked.returncode == 5, checked.stdout  # checking finds what filing would
    stopped = ep(home, "deposer", *as_user(fresh_server), str(other))
    assert stopped.returncode == 5
    assert "une demande en cours existe déjà pour cette personne" in stopped.stderr
    count = len(await filed_for_prince(fresh_server))
    forced = ep(home, "deposer", *as_user(fresh_server), str(other), "--deposer-quand-meme")
    assert forced.returncode == 0, forced.stderr
    assert len(await filed_for_prince(fresh_server)) == count + 1


async def test_a_wrong_file_is_refused_before_anything_is_sent(
    fresh_server: str, home: dict[str, str], tmp_path: Path
) -> None:
    server = fresh_server
    before = await filed_for_prince(server)
    path = request_file(tmp_path / "dossier")
    text = path.read_text(encoding="utf-8")
    text = text.replace("Demande d'aide financière", "Un motif inconnu")
    text = text.replace('telephone = "07.00.00.00.00"\n', "")
    path.write_text(text.replace('["devis.pdf"]', '["devis.pdf", "trop-gros.pdf"]'), "utf-8")
    (path.parent / "trop-gros.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))
    done = ep(home, "deposer", *as_user(server), str(path))
    assert done.returncode == 5, done.stderr
    said = done.stderr
    assert said.startswith("ep-tui deposer : rien n'a été envoyé.")
    assert "motif : Cette réponse ne fait pas partie des choix proposés. Au choix : « " in said
    assert "« Demande d'aide financière »" in said  # the choices a script may write
    assert "telephone : Ce champ est obligatoire." in said
    assert "pieces_jointes (trop-gros.pdf) : Le fichier dépasse la taille maximum de 5 Mo." in said
    unknown = ep(home, "deposer", *as_user(server), str(path.with_name("absent.toml")))
    assert unknown.returncode == 2 and "absent.toml : introuvable." in unknown.stderr
    assert await filed_for_prince(server) == before
    typed = path.with_name("types.toml")
    typed.write_text('offre = "etude"\nmotif = 3\npieces_jointes = "devis.pdf"\n', "utf-8")
    wrong = ep(home, "deposer", *as_user(server), str(typed))
    assert wrong.returncode == 2, wrong.stderr
    assert "type inattendu pour motif, pieces_jointes" in wrong.stderr
    stray = path.with_name("stray.toml")
    stray.write_text(text.replace('offre = "etude"', 'offre = "etude"\nnumero_secu = "1"'),
                     "utf-8")  # fmt: skip
    refused = ep(home, "deposer", *as_user(server), str(stray))
    assert refused.returncode == 5, refused.stderr
    assert (
        "numero_secu : Champ inconnu pour cette offre de service. Champs de cette offre : "
        "motif, " in refused.stderr
    )
    latin = path.with_name("latin.toml")
    latin.write_bytes('offre = "etude"\nnom = "Hélène"\n'.encode("latin-1"))
    assert ep(home, "deposer", *as_user(server), str(latin)).returncode == 2
    helped = ep(home, "deposer", "--help", password=None)
    assert "ep-tui aide fichier" in helped.stdout


def test_what_a_person_or_a_server_may_give_ends_in_a_french_line_not_a_traceback(
    server: str, home: dict[str, str]
) -> None:
    empty = ep(home, "organismes", *as_user(server), password="")
    assert empty.returncode == 3 and "mot de passe vide" in empty.stderr
    long_code = ep(home, "statistiques", *as_user(server), "--organisme", "CPAM GIRONDE")
    assert long_code.returncode == 2 and "--organisme" in long_code.stderr
    latin = subprocess.run(
        [str(SCRIPT), "message", *as_user(server), "2691100020", "--mot-de-passe-stdin"],
        input=b"demo\n" + "Réponse".encode("latin-1"), capture_output=True,
        env=home, timeout=120,
    )  # fmt: skip
    assert latin.returncode == 2 and "UTF-8" in latin.stderr.decode()
    bad_config = {**home, "EP_TUI_SERVER_URL": "http://ep.example.com"}
    checked = ep(bad_config, "doctor", "--serveur", server, password=None)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for done in (empty, long_code, checked):
        assert "Traceback" not in done.stderr


def test_a_field_name_from_the_server_reaches_stderr_without_its_escapes() -> None:
    from ep_contract.wire import Problem
    from ep_tui.api_client import errors
    from ep_tui.cli.session import said as _said

    problem = Problem(title="Champs invalides", status=422, code="invalid_fields",
                      errors={"nom\x1b]52;c;ZWNobw==\x07": "Trop long."})  # fmt: skip
    said = _said(errors.FieldErrors("Champs invalides", problem=problem))
    assert said.code == 5 and "\x1b" not in said.message and "Trop long." in said.message


def test_a_filing_older_than_the_servers_memory_is_not_taken_for_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import time

    from ep_tui.cli import filing

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    filing.remember_sending("recent")
    path = filing._intents_path()
    kept = json.loads(path.read_text())
    kept["old"] = time.time() - (filing.INTENT_DAYS + 1) * 86_400
    path.write_text(json.dumps(kept))
    assert filing.sent_before("recent") and not filing.sent_before("old")
    assert stat_mode(path) == 0o600


def stat_mode(path: Path) -> int:
    import stat

    return stat.S_IMODE(path.stat().st_mode)


def test_the_commands_work_on_the_demo_the_app_uses(home: dict[str, str]) -> None:
    """« make demo », then « ep-tui organismes --demo »: the same store, in the data folder."""
    done = ep(home, "organismes", "--demo", "--identifiant", "mlapierre")
    assert done.returncode == 0, done.stderr
    assert "CPAM GIRONDE\n  Code : 331\n" in done.stdout  # the seed's dates follow today
    assert (Path(home["XDG_DATA_HOME"]) / "ep-tui" / "demo.sqlite3").exists()


def complete(home: dict[str, str], *words: str) -> list[str]:
    """What bash offers after ``ep-tui words…`` (the last word being completed)."""
    probe = (
        f'eval "$({SCRIPT} completion bash)"\n'
        f"COMP_WORDS=(ep-tui {' '.join(shlex.quote(w) for w in words)}); "
        f"COMP_CWORD={len(words)}; _ep_tui; printf '%s\\n' \"${{COMPREPLY[@]}}\"\n"
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, env=home,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_commands_options_and_their_choices(home: dict[str, str]) -> None:
    assert complete(home, "dem") == ["demandes", "demande"]
    assert "--statut" in complete(home, "demandes", "--st")
    assert complete(home, "demandes", "--statut", "P") == ["Pris en charge"]
    assert complete(home, "statistiques", "--periode", "") == [
        "annee",
        "trimestre",
        "12mois",
        "dates",
    ]
    assert complete(home, "annuler", "2633100117", "--motif", "a") == ["autre-canal", "autre"]
    for shell in ("zsh", "fish"):
        written = ep(home, "completion", shell, password=None)
        assert written.returncode == 0 and "statistiques" in written.stdout
        assert "Pris en charge" in written.stdout


async def test_completing_replaces_the_comment_adds_files_and_does_it_once(
    fresh_server: str, home: dict[str, str], tmp_path: Path
) -> None:
    from ep_contract.wire import NewRequest
    from ep_tui.api_client.client import EPClient
    from ep_tui.api_client.idempotency import new_idempotency_key
    from tests.support import PDF, VALID_VALUES

    async with EPClient(fresh_server) as client:
        await client.sign_in("mlapierre", "demo")
        filed = await client.file_request("331", NewRequest(service="etude", values=VALID_VALUES[
            "etude"]), idempotency_key=new_idempotency_key())  # fmt: skip
    (tmp_path / "avis.pdf").write_bytes(PDF)
    comment = "Avis d'imposition ajouté, comme demandé."
    for said in ("complétée (", "déjà complétée, "):  # run again after a lost answer: once
        done = subprocess.run(
            [str(SCRIPT), "completer", *as_user(fresh_server), filed.number, "--piece-jointe",
             str(tmp_path / "avis.pdf"), "--mot-de-passe-stdin"],
            input=f"demo\n{comment}\n", capture_output=True, text=True, env=home, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Demande {filed.number} {said}"), done.stdout
        assert done.stdout.rstrip().endswith("(1 pièce jointe en tout).")
    detail = await details(fresh_server, filed.number)
    assert detail.comment == comment
    assert [a.name for a in detail.attachments_sent] == ["avis.pdf"]
    (tmp_path / "faux.pdf").write_bytes(b"pas un pdf")
    refused = ep(home, "completer", *as_user(fresh_server), filed.number, "--piece-jointe",
                 str(tmp_path / "faux.pdf"))  # fmt: skip
    assert refused.returncode == 5 and "faux.pdf : Le contenu du fichier" in refused.stderr


def test_help_topics_say_what_help_lines_cannot(home: dict[str, str]) -> None:
    listed = ep(home, "aide", password=None)
    assert listed.returncode == 0
    for topic in ("formats", "codes", "fichier", "confidentialite"):
        shown = ep(home, "aide", topic, password=None)
        assert shown.returncode == 0 and shown.stdout.strip(), topic
        assert topic in listed.stdout
        plain(shown.stdout)
    codes = ep(home, "aide", "codes", password=None).stdout
    from ep_tui.cli.codes import Exit

    for code in Exit:  # every exit code is documented, with its number
        assert f"\n{int(code)}  " in "\n" + codes, code
    assert ep(home, "aide", "inconnu", password=None).returncode == 2
    schema = json.loads(ep(home, "aide", "schema", password=None).stdout)  # to a file, alone
    assert {"Organisme", "HistoryPage", "RequestDetail", "WorkList", "Statistics"} <= set(
        schema["$defs"]
    )


@pytest.mark.parametrize(
    ("command", "header", "rows"),
    [
        (["organismes"], "Code;Organisme;Convention;Début;Fin;Nouvelles demandes", 7),
        (["demande", "2633100117"], "Numéro de demande;Offre de service", 1),
        (["a-traiter", "--structure"], "Urgence;À faire;Échéance;Numéro de demande", None),
        (["demandes", "--organisme", "331", "--par-page", "10"], "Numéro de demande;", 10),
        (["statistiques", "--organisme", "331"], "Tableau;Libellé;Demandes", None),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_every_reading_command_writes_csv_for_a_spreadsheet(
    server: str, home: dict[str, str], command: list[str], header: str, rows: int | None
) -> None:
    done = ep(home, command[0], *as_user(server), *command[1:], "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("\ufeff" + header)  # the BOM: UTF-8 for the spreadsheet
    lines = done.stdout.splitlines()[1:]  # text mode: the \r\n read as \n
    if rows is not None:
        assert len(lines) == rows
    plain(done.stdout)


def test_the_work_list_in_csv_is_the_texts_items_most_urgent_first(
    server: str, home: dict[str, str]
) -> None:
    shown = ep(home, "a-traiter", *as_user(server)).stdout
    table = ep(home, "a-traiter", *as_user(server), "--format", "csv").stdout
    numbers = [line.split(" ", 1)[1] for line in shown.splitlines() if line.startswith("Demande ")]
    assert [line.split(";")[3] for line in table.splitlines()[1:]] == numbers


def test_a_mistyped_word_is_said_first_with_the_closest_name(home: dict[str, str]) -> None:
    """For a screen reader, the error comes first and alone, then where the help is —
    not after argparse's dozen lines of usage."""
    cases = [
        (["demandes", "--status", "Résolu"], "ep-tui demandes : --status : option inconnue ; "
         "vouliez-vous dire --statut ?"),
        (["organisme"], "ep-tui : « organisme » n'est pas une commande ; vouliez-vous dire "
         "« organismes » ?"),
        (["demandes", "--statut", "Fini"], "ep-tui demandes : --statut : « Fini » n'existe pas "
         "(au choix : « Nouveau », « Pris en charge »"),
        (["demandes", "--depot-debut", "31/02/2026"], "« 31/02/2026 » : ce jour n'existe pas"),
    ]  # fmt: skip
    for args, said in cases:
        done = ep(home, *args, password=None)
        assert done.returncode == 2, args
        first, second = done.stderr.splitlines()
        assert said in first and second.startswith("Aide : ep-tui"), done.stderr


def test_what_a_person_types_loosely_is_understood(server: str, home: dict[str, str]) -> None:
    resolved = ep(home, "demandes", *as_user(server), "--organisme", "331", "--statut",
                  "resolu", "--format", "json")  # fmt: skip
    assert resolved.returncode == 0, resolved.stderr
    assert {item.status for item in api_json(HistoryPage, resolved.stdout).items} == {"Résolu"}
    # --trimestre alone is a quarter; the identifiant and the organisme are remembered.
    quarter = ep(home, "statistiques", "--serveur", server, "--trimestre", "3", "--annee", "2026")
    assert quarter.returncode == 0 and "3e trimestre 2026" in quarter.stdout, quarter.stderr
    again = ep(home, "demandes", "--serveur", server)
    assert again.returncode == 0 and "page 1 sur" in again.stdout, again.stderr
