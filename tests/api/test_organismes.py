"""Organismes, convention states as served, catalogue per organisme, news."""

from tests.support import Api


async def organismes(api: Api, user: str = "mlapierre") -> dict[str, dict]:
    response = await api.http.get("/api/v1/organismes", headers=await api.login(user))
    assert response.status_code == 200
    return {o["name"]: o for o in response.json()}


async def test_every_convention_state_with_its_message(api: Api) -> None:
    found = await organismes(api)
    states = {name: o["convention"]["state"] for name, o in found.items()}
    assert states == {
        "CPAM GIRONDE": "active",
        "CPAM COTE D'OPALE": "active",
        "CPAM ESSONNE": "active",
        "CPAM LOT ET GARONNE": "ending",
        "CPAM DORDOGNE": "future",
        "CPAM LANDES": "ended_pending",
        "CPAM BEARN ET SOULE": "ended_resolved",
    }  # CPAM CHARENTE ended more than 30 days after its last resolution: never listed
    assert found["CPAM DORDOGNE"]["convention"]["message"] == (
        "Le conventionnement avec l'organisme CPAM DORDOGNE débutera le 01/01/2027."
    )
    assert found["CPAM LOT ET GARONNE"]["convention"]["message"] == (
        "Le conventionnement arrive à échéance le 04/12/2026 - "
        "Veuillez contacter l'organisme concerné."
    )
    assert found["CPAM LANDES"]["convention"]["message"].endswith(
        "mais il reste des demandes en cours de traitement."
    )
    flagged = {name for name, o in found.items() if o["convention"]["flagged"]}
    assert flagged == set(found) - {"CPAM GIRONDE", "CPAM COTE D'OPALE", "CPAM ESSONNE"}
    can_file = {name for name, o in found.items() if o["convention"]["can_file"]}
    assert can_file == {"CPAM GIRONDE", "CPAM COTE D'OPALE", "CPAM ESSONNE", "CPAM LOT ET GARONNE"}


async def test_a_structure_sees_only_its_conventions(api: Api) -> None:
    assert set(await organismes(api, "jbernard")) == {"CPAM GIRONDE"}
    headers = await api.login("jbernard")
    response = await api.http.get("/api/v1/organismes/911/catalogue", headers=headers)
    assert response.status_code == 404


async def test_hidden_and_future_organismes_give_no_access(api: Api) -> None:
    headers = await api.login()
    assert (
        await api.http.get("/api/v1/organismes/161/requests", headers=headers)
    ).status_code == 404
    future = await api.http.get("/api/v1/organismes/241/requests", headers=headers)
    assert future.status_code == 403
    assert "débutera le" in future.json()["detail"]


async def test_no_request_on_ended_or_future_conventions(api: Api) -> None:
    for organisme in ("401", "641"):
        response = await api.file("rdv", organisme=organisme)
        assert response.status_code == 409, organisme
        assert response.json()["code"] == "convention_closed"
    assert (await api.file("rdv", organisme="241")).status_code == 403
    assert (await api.file("rdv", organisme="471")).status_code == 201  # ending, still open


async def test_ended_convention_still_shows_its_history(api: Api) -> None:
    response = await api.history(organisme="401")
    assert response.status_code == 200 and response.json()["total"] == 12


async def test_ended_convention_disappears_30_days_after_last_resolution(api: Api) -> None:
    assert "CPAM BEARN ET SOULE" in await organismes(api)
    api.advance_days(20)  # last resolution was 10 days ago: day 30
    assert "CPAM BEARN ET SOULE" in await organismes(api)
    api.advance_days(1)
    assert "CPAM BEARN ET SOULE" not in await organismes(api)


async def test_catalogue_is_served_per_organisme(api: Api) -> None:
    headers = await api.login()
    national = (await api.http.get("/api/v1/organismes/331/catalogue", headers=headers)).json()
    assert [s["code"] for s in national["services"]] == [
        "contact",
        "signalement",
        "rdv",
        "etude",
        "document",
    ]
    reduced = (await api.http.get("/api/v1/organismes/621/catalogue", headers=headers)).json()
    assert [s["code"] for s in reduced["services"]] == ["signalement", "rdv", "document"]
    rdv = next(s for s in reduced["services"] if s["code"] == "rdv")
    assert rdv["fields"][0]["choices"] == ["AME", "C2S", "Capital décès", "Service Social"]
    assert rdv["warning"].startswith("Attention : Cette offre s'adresse uniquement")
    local = (await api.http.get("/api/v1/organismes/911/catalogue", headers=headers)).json()
    assert "Transmettre et / ou suivre un dossier" in [s["title"] for s in local["services"]]
    # Guide 001, lines 107–108: Essonne's « Signaler… » offers the MAS referral only, and its
    # card says so (it showed the national text and its five motifs).
    signaler = next(s for s in local["services"] if s["code"] == "signalement")
    assert signaler["description"].endswith("pour un assuré : Saisine mission accompagnement santé")
    assert signaler["fields"][0]["choices"] == ["Saisine mission accompagnement santé"]
    nom = next(f for f in national["services"][1]["fields"] if f["name"] == "nom")
    assert (nom["max_length"], nom["text_format"], nom["section"]) == (
        30,
        "nom",
        "Personne concernée",
    )


async def test_choices_are_checked_against_that_organismes_catalogue(api: Api) -> None:
    values = {
        "motif": "Pension d'invalidité",  # national, but not offered by COTE D'OPALE
        "civilite": "Madame",
        "nom": "PIRES",
        "prenom": "Marina",
        "date_naissance": "01/02/1980",
        "lieu_naissance": "29",
        "telephone": "06.00.00.00.00",
        "commentaire": "RDV.",
    }
    assert (await api.file("rdv", values, organisme="621")).json()["errors"].keys() == {"motif"}
    assert (await api.file("rdv", values, organisme="331")).status_code == 201
    response = await api.file("etude", organisme="621")  # a service this organisme lacks
    assert response.json()["errors"] == {"service": "Offre de service inconnue pour cet organisme."}


async def test_news_newest_first_and_none_for_some(api: Api) -> None:
    headers = await api.login()
    news = (await api.http.get("/api/v1/organismes/331/news?limit=100", headers=headers)).json()
    assert news["total"] >= 14
    dates = [item["published_at"] for item in news["items"]]
    assert dates == sorted(dates, reverse=True)
    three = (await api.http.get("/api/v1/organismes/331/news?limit=3", headers=headers)).json()
    assert [i["id"] for i in three["items"]] == [i["id"] for i in news["items"][:3]]
    empty = (await api.http.get("/api/v1/organismes/911/news", headers=headers)).json()
    assert empty == {"items": [], "total": 0}
