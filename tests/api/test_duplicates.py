"""The duplicate check before VALIDER (SPEC §10): same structure, person, ODS and motif, still
Nouveau or Pris en charge."""

from typing import Any

from tests.support import VALID_VALUES, Api

PATH = "/api/v1/organismes/331/duplicates"


def query(service: str = "etude", **changes: Any) -> dict[str, Any]:
    values = VALID_VALUES[service]
    body = {
        "service": service,
        "motif": values.get("motif"),
        "nom": values["nom"],
        "prenom": values["prenom"],
        "date_naissance": "-".join(reversed(values["date_naissance"].split("/"))),
    }
    return {**body, **changes}


async def found(api: Api, body: dict[str, Any], user: str = "mlapierre") -> list[str]:
    response = await api.post(PATH, body, user=user, key=False)
    assert response.status_code == 200, response.text
    return [item["number"] for item in response.json()["items"]]


async def test_a_request_in_progress_is_found_newest_first(api: Api) -> None:
    assert await found(api, query()) == []
    first = (await api.filed("etude"))["number"]
    second = (await api.filed("etude"))["number"]
    assert await found(api, query()) == [second, first]


async def test_case_and_accents_do_not_hide_a_duplicate(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    assert await found(api, query(nom="prince", prenom="MARIUS")) == [number]
    values = {**VALID_VALUES["etude"], "prenom": "Hélène"}
    other = (await api.filed("etude", values=values))["number"]
    assert await found(api, query(prenom="helene")) == [other]


async def test_taken_in_charge_still_counts_resolved_does_not(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    await api.take(number)
    assert await found(api, query()) == [number]
    await api.resolve(number)
    assert await found(api, query()) == []


async def test_a_cancelled_request_does_not_count(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    cancel = {"reason": "La demande a été résolue via un autre canal", "confirm": True}
    response = await api.post(f"/api/v1/requests/{number}/cancellation", cancel)
    assert response.status_code == 204
    assert await found(api, query()) == []


async def test_another_person_motif_service_or_birth_date_is_not_a_duplicate(api: Api) -> None:
    await api.filed("etude")
    assert await found(api, query(nom="PRINCESSE")) == []
    assert await found(api, query(date_naissance="1960-05-06")) == []
    assert await found(api, query(motif="Autre")) == []
    assert await found(api, query(service="signalement")) == []


async def test_only_the_structure_s_own_requests(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    assert await found(api, query(), user="vchausson") == [number]  # same structure
    assert await found(api, query(), user="jbernard") == []  # another structure


async def test_the_person_is_never_in_the_url_and_bad_bodies_are_refused(api: Api) -> None:
    response = await api.post(PATH, {**query(), "date_naissance": "05/05/1960"}, key=False)
    assert response.status_code == 422
    response = await api.post(PATH, {**query(), "nom": ""}, key=False)
    assert response.status_code == 422
    get = await api.http.get(PATH, headers=await api.login())
    assert get.status_code == 405


async def test_an_organisme_out_of_reach_is_refused(api: Api) -> None:
    path = "/api/v1/organismes/{}/duplicates"
    hidden = await api.post(path.format("161"), query(), key=False)  # expired convention
    assert hidden.status_code == 404
    other = await api.post(path.format("911"), query(), user="jbernard", key=False)
    assert other.status_code == 404  # no convention for this structure


async def test_for_documents_the_purpose_is_the_documents_asked(api: Api) -> None:
    """« Demander un document » has no motif: a request in progress is the same purpose when it
    asks one of the same documents, not any document for the same person."""
    values = {**VALID_VALUES["document"], "documents": ["Attestation de droits"]}
    number = (await api.filed("document", values=values))["number"]
    other = ["Formulaire carte vitale"]
    assert await found(api, query("document", documents=other)) == []
    both = ["Formulaire carte vitale", "Attestation de droits"]
    assert await found(api, query("document", documents=both)) == [number]
