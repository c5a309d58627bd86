"""The history: the 8 filters, sort by any column, pages, scope; cancelled requests gone."""

from datetime import date, datetime

import pytest

from tests.support import VALID_VALUES, Api


async def page(api: Api, **params) -> dict:
    response = await api.history(**params)
    assert response.status_code == 200, response.text
    return response.json()


async def all_items(api: Api, **params) -> list[dict]:
    items, number = [], 1
    while True:
        body = await page(api, page_size=100, page=number, **params)
        items += body["items"]
        if number >= body["pages"]:
            return items
        number += 1


async def test_default_is_newest_first_with_total_and_pages(api: Api) -> None:
    body = await page(api)
    assert body["total"] == 150 and body["page_size"] == 20 and body["pages"] == 8
    filed = [item["filed_at"] for item in body["items"]]
    assert filed == sorted(filed, reverse=True)
    assert (body["sort"], body["order"]) == ("filed_at", "desc")


async def test_pages_cover_everything_once(api: Api) -> None:
    numbers = [item["number"] for item in await all_items(api)]
    assert len(numbers) == len(set(numbers)) == 150


@pytest.mark.parametrize("size", [10, 20, 50, 100])
async def test_page_sizes(api: Api, size: int) -> None:
    body = await page(api, page_size=size, page=2)
    assert len(body["items"]) == min(size, 150 - size)


async def test_other_page_sizes_are_refused(api: Api) -> None:
    response = await api.history(page_size=30)
    assert response.status_code == 422 and "page_size" in response.json()["errors"]


SORT_FIELDS = {
    "number": "number",
    "service": "service_title",
    "motif": "motif",
    "person": "person",
    "requester": "requester",
    "filed_at": "filed_at",
    "status": "status",
    "status_at": "status_at",
}


WORKFLOW = ["Nouveau", "Pris en charge", "Résolu", "Message envoyé", "Message reçu", "Clôturé"]


def _sort_key(column: str, item: dict):
    from mock_server.text import search_key

    value = item[SORT_FIELDS[column]]
    if column == "person" and value:
        value = search_key(value.split(" ", 1)[1])  # civilité is not part of the order
    if column in ("requester", "service", "motif") and value:
        value = search_key(value)  # French order: accents as their letter, any case
    if column == "status":
        value = WORKFLOW.index(value)  # the workflow's order (SPEC §8), not the alphabet
    return (value is not None, value or "")


@pytest.mark.parametrize("column", list(SORT_FIELDS))
@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_sort_by_any_column(api: Api, column: str, order: str) -> None:
    items = await all_items(api, sort=column, order=order)
    keys = [_sort_key(column, item) for item in items]
    assert keys == sorted(keys, reverse=order == "desc")
    assert len(items) == 150


async def test_a_to_z_is_the_french_order(api: Api) -> None:
    """Manual §VI, « classement alphabétique »: « Connaître les évolutions… » comes before
    « Connaître les offres… » (byte order put « é » after « z »)."""
    motifs = [item["motif"] for item in await all_items(api, sort="motif", order="asc")]
    evolutions = next(i for i, m in enumerate(motifs) if m and "les évolutions" in m)
    offres = next(i for i, m in enumerate(motifs) if m and "les offres" in m)
    assert evolutions < offres


async def test_filter_by_number_prefix(api: Api) -> None:
    number = (await page(api))["items"][3]["number"]
    assert [i["number"] for i in (await page(api, numero=number))["items"]] == [number]
    prefix = await all_items(api, numero=number[:8])
    assert prefix and all(i["number"].startswith(number[:8]) for i in prefix)
    assert (await api.history(numero="22A")).status_code == 422


async def test_filter_by_person_ignores_case_accents_and_order(api: Api) -> None:
    exact = await all_items(api, personne="TUTU Joséphine")
    assert exact and all(i["person"] == "Madame TUTU Joséphine" for i in exact)
    assert len(await all_items(api, personne="josephine tutu")) == len(exact)
    assert len(await all_items(api, personne="tut")) >= len(exact)
    assert await all_items(api, personne="%") == []  # wildcards are literal


async def test_filter_by_status(api: Api) -> None:
    for status in ("Nouveau", "Pris en charge", "Résolu", "Message envoyé", "Clôturé"):
        items = await all_items(api, statut=status)
        assert all(i["status"] == status for i in items)
    assert (await api.history(statut="Inventé")).status_code == 422


async def test_filter_by_filing_dates_in_french_days(api: Api) -> None:
    start, end = date(2026, 6, 1), date(2026, 6, 30)
    items = await all_items(api, depot_debut=start, depot_fin=end)
    assert items
    for item in items:
        assert start <= datetime.fromisoformat(item["filed_at"]).date() <= end
    everything = await all_items(api)
    expected = [
        i for i in everything if start <= datetime.fromisoformat(i["filed_at"]).date() <= end
    ]
    assert len(items) == len(expected)
    reversed_range = await api.history(depot_debut=end, depot_fin=start)
    assert reversed_range.status_code == 422 and "depot_fin" in reversed_range.json()["errors"]


async def test_filter_by_requester_service_and_motif(api: Api) -> None:
    victor = await all_items(api, demandeur="chausson")
    assert victor and all(i["requester"] == "CHAUSSON Victor" for i in victor)
    etude = await all_items(api, service="etude")
    assert etude and all(i["service_code"] == "etude" for i in etude)
    motif = "Demande d'aide financière"
    both = await all_items(api, service="etude", motif=motif)
    assert both and all(i["motif"] == motif for i in both)


async def test_filters_combine(api: Api) -> None:
    everything = await all_items(api)
    wanted = [
        i
        for i in everything
        if i["requester"] == "LAPIERRE Martine"
        and i["status"] == "Clôturé"
        and i["service_code"] == "etude"
    ]
    got = await all_items(api, demandeur="lapierre", statut="Clôturé", service="etude")
    assert [i["number"] for i in got] == [i["number"] for i in wanted]


async def test_history_is_scoped_to_structure_and_organisme(api: Api) -> None:
    mine = {i["number"] for i in await all_items(api)}
    theirs = {i["number"] for i in await all_items(api, user="jbernard")}
    assert len(theirs) == 40 and not mine & theirs
    colleague = {i["number"] for i in await all_items(api, user="vchausson")}
    assert colleague == mine  # the whole structure's requests, whoever filed them
    assert all(n[2:5] == "331" for n in mine)


async def test_cancelled_requests_leave_the_history(api: Api) -> None:
    detail = await api.filed("rdv")
    before = (await page(api))["total"]
    response = await api.post(
        f"/api/v1/requests/{detail['number']}/cancellation",
        {"reason": "La demande n'est plus justifiée", "confirm": True},
    )
    assert response.status_code == 204
    after = await page(api)
    assert after["total"] == before - 1
    assert detail["number"] not in {i["number"] for i in await all_items(api)}
    assert (await api.detail(detail["number"])).status_code == 404


async def test_empty_result(api: Api) -> None:
    body = await page(api, personne="Personne inconnue")
    assert body == {**body, "items": [], "total": 0, "pages": 1}


async def test_filed_request_appears_first(api: Api) -> None:
    detail = await api.filed("rdv", values=VALID_VALUES["rdv"])
    assert (await page(api))["items"][0]["number"] == detail["number"]


NAME_SEARCHES = ["tut", "TUTU Joséphine", "josephine tutu", "%", 'a"b', "jo", "lapierre", "tin"]


@pytest.mark.parametrize("text", NAME_SEARCHES)
async def test_name_index_and_scan_agree(
    api: Api, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """The trigram index only narrows the rows: forced off, the same requests come back."""
    import mock_server.history

    indexed = {
        "personne": await all_items(api, personne=text),
        "demandeur": await all_items(api, demandeur=text),
    }
    monkeypatch.setattr(mock_server.history, "NAME_LOOKUP_LIMIT", -1)
    assert indexed == {
        "personne": await all_items(api, personne=text),
        "demandeur": await all_items(api, demandeur=text),
    }


def _name_store(path):  # noqa: ANN001, ANN202
    from mock_server.db import Database

    db = Database(path)
    assert db.has_name_index
    db.connection.executescript(
        "INSERT INTO structures VALUES (1, 'S', 's@example.org'), (2, 'T', 't@example.org');"
        "INSERT INTO catalogues VALUES ('c', '{}');"
        "INSERT INTO organismes VALUES ('331', 'CPAM', 'c');"
        "INSERT INTO technicians VALUES (1, 1, 't', 'x', 'Jean', 'TECH', 't@example.org', 0);"
    )
    return db


ROW = (
    "INSERT INTO requests (id, number, structure_id, organisme_code, technician_id,"
    " requester, requester_key, service_code, service_title, person_key, comment,"
    " filed_at, filed_year, status, status_at) VALUES (?, ?, ?, '331', 1, 'TECH Jean',"
    " 'TECH JEAN|JEAN TECH', 'etude', 'Étude', ?, '', 0, 1970, 'Nouveau', 0)"
)
OURS = "s1o331e"


def test_name_index_follows_the_table_and_is_built_for_an_older_store(tmp_path) -> None:
    from mock_server.db import Database
    from mock_server.history import _few_names

    db = _name_store(tmp_path / "store.sqlite3")
    db.connection.execute(ROW, (1, "2633100001", 1, "TUTU JOSEPHINE|JOSEPHINE TUTU"))
    db.connection.execute(ROW, (2, "2633100002", 1, "MARTIN PAUL|PAUL MARTIN"))
    assert _few_names(db.connection, OURS, "person_key", "TUTU") == [1]
    db.connection.execute("UPDATE requests SET person_key = 'DUPONT ZOE|ZOE DUPONT' WHERE id = 1")
    assert _few_names(db.connection, OURS, "person_key", "TUTU") == []
    assert _few_names(db.connection, OURS, "person_key", "DUPONT") == [1]
    db.connection.execute("DELETE FROM requests WHERE id = 1")
    assert _few_names(db.connection, OURS, "person_key", "DUPONT") == []
    # A store of schema 2: a name index without the scope, no French sort keys. Reopened,
    # the keys are written and the index is built again, scoped, from the table.
    db.connection.executescript(
        "DROP TABLE request_names;"
        "DROP TRIGGER request_names_insert; DROP TRIGGER request_names_delete;"
        "DROP TRIGGER request_names_update;"
        "DROP INDEX requests_history_sorted; DROP INDEX requests_by_service_sort;"
        "DROP INDEX requests_by_motif_sort;"
        "ALTER TABLE requests DROP COLUMN name_scope;"
        "ALTER TABLE requests DROP COLUMN service_sort;"
        "ALTER TABLE requests DROP COLUMN motif_sort;"
        "CREATE VIRTUAL TABLE request_names USING fts5(person_key, requester_key,"
        " content='requests', content_rowid='id', tokenize='trigram');"
        "INSERT INTO request_names(request_names) VALUES ('rebuild');"
    )
    db.close()
    reopened = Database(tmp_path / "store.sqlite3")
    assert _few_names(reopened.connection, OURS, "person_key", "MARTIN") == [2]
    assert _few_names(reopened.connection, OURS, "requester_key", "TECH") == [2]
    (sort_key,) = reopened.connection.execute("SELECT service_sort FROM requests").fetchone()
    assert sort_key == "ETUDE"
    reopened.close()


def test_a_name_search_never_reads_another_structures_rows(tmp_path) -> None:
    """Issue 15's timing oracle: the index was searched store-wide, then each row read to
    check its structure — a name that existed only elsewhere cost four times a name that
    existed nowhere. The scope is part of the search now: the index gives the caller's rows
    only, and the query plan reads the rows it gives, nothing else."""
    from mock_server.history import _few_names

    db = _name_store(tmp_path / "store.sqlite3")
    for n in range(1, 301):  # many of another structure's people called TUTU
        db.connection.execute(ROW, (n, f"26331{n:05d}", 2, "TUTU ZOE|ZOE TUTU"))
    db.connection.execute(ROW, (400, "2633100400", 1, "TUTU JOSEPHINE|JOSEPHINE TUTU"))
    assert _few_names(db.connection, OURS, "person_key", "TUTU") == [400]
    assert _few_names(db.connection, "s2o331e", "person_key", "TUTU") == list(range(1, 301))
    assert _few_names(db.connection, OURS, "person_key", "ZOE") == []
    plan = " ".join(
        row[3]
        for row in db.connection.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM request_names WHERE request_names MATCH ?",
            ('name_scope : "s1o331e" AND person_key : "TUTU"',),
        )
    )
    assert "VIRTUAL TABLE INDEX" in plan and "requests" not in plan
    db.close()


async def test_the_person_is_found_as_the_column_shows_it(api: Api) -> None:
    """The Personne column reads « Madame TUTU Joséphine »: typed as it reads, it is found."""
    tutu = await all_items(api, personne="TUTU")
    assert tutu
    assert await all_items(api, personne="Madame TUTU") == tutu
    assert await all_items(api, personne="madame tutu joséphine") == await all_items(
        api, personne="TUTU Joséphine"
    )


@pytest.mark.parametrize("field", ["personne", "demandeur"])
async def test_the_name_keys_separator_matches_nothing(api: Api, field: str) -> None:
    """« | » separates the two orders of a stored name key; no name holds it."""
    assert await all_items(api, **{field: "|"}) == []
    assert await all_items(api, **{field: "TUTU|"}) == []


async def test_one_person_exactly_by_name_and_birth(api: Api) -> None:
    """« Toutes les demandes de cette personne »: PRINCE Marius born 05/05/1960, not another
    PRINCE nor a Marius born another day."""
    from tests.support import VALID_VALUES

    etude = VALID_VALUES["etude"]
    his = [(await api.filed("etude"))["number"], (await api.filed("rdv", values={
        **VALID_VALUES["rdv"], "civilite": "Monsieur", "nom": "Prince", "prenom": "MARIUS",
        "date_naissance": etude["date_naissance"]}))["number"]]  # fmt: skip
    namesake = await api.filed("etude", values={**etude, "date_naissance": "06/05/1960"})
    longer = await api.filed("etude", values={**etude, "prenom": "Marius-Jean"})
    found = [i["number"] for i in await all_items(
        api, nom="PRINCE", prenom="Marius", naissance="1960-05-05")]  # fmt: skip
    assert set(his) <= set(found)  # the seed has him too (the manual's example)
    for number in found:
        person = (await api.detail(number)).json()["person_details"]
        assert (person["nom"].upper(), person["prenom"].upper(), person["date_naissance"]) == (
            "PRINCE",
            "MARIUS",
            "1960-05-05",
        )
    assert namesake["number"] not in found and longer["number"] not in found
    alone = await api.history(nom="PRINCE")
    assert alone.status_code == 422
    assert alone.json()["errors"] == {"prenom": "Le nom et le prénom vont ensemble."}
