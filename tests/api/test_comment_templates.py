"""« Modèles de commentaire » (issue 17, point 5): shared by a structure, checked as a comment,
never seen nor touched by another structure."""

from __future__ import annotations

from typing import Any

import httpx

from ep_contract.domain.comment_templates import TEMPLATES_MAX, TITLE_MAX
from ep_contract.domain.fields import COMMENT_MAX
from tests.support import Api

PATH = "/api/v1/comment-templates"
RDV = {"title": "Rendez-vous CPAM", "body": "Merci de proposer un rendez-vous à l'assuré."}


async def create(api: Api, body: dict[str, Any], user: str = "mlapierre") -> httpx.Response:
    return await api.post(PATH, body, user=user)


async def listed(api: Api, user: str = "mlapierre") -> list[dict[str, Any]]:
    response = await api.http.get(PATH, headers=await api.login(user))
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_a_template_is_shared_by_the_structure_and_sorted_by_title(api: Api) -> None:
    made = await create(api, RDV)
    assert made.status_code == 201, made.text
    assert made.json()["updated_by"] == "LAPIERRE Martine"
    assert (await create(api, {"title": "Écrire à l'assuré", "body": "Bonjour,"},
                         user="vchausson")).status_code == 201  # fmt: skip
    titles = [t["title"] for t in await listed(api, "vchausson")]
    assert titles == ["Écrire à l'assuré", "Rendez-vous CPAM"]  # É sorts with E
    assert await listed(api, "jbernard") == []  # another structure sees none


async def test_a_colleague_edits_and_deletes_it(api: Api) -> None:
    template = (await create(api, RDV)).json()
    headers = await api.login("vchausson")
    changed = await api.http.put(f"{PATH}/{template['id']}", headers=headers,
                                 json={**RDV, "body": "Rendez-vous sous huit jours."})  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["updated_by"] == "CHAUSSON Victor"
    assert [t["body"] for t in await listed(api)] == ["Rendez-vous sous huit jours."]
    gone = await api.http.delete(f"{PATH}/{template['id']}", headers=headers)
    assert gone.status_code == 204
    assert await listed(api) == []
    again = await api.http.delete(f"{PATH}/{template['id']}", headers=headers)
    assert again.status_code == 404 and "supprimé" in again.json()["detail"]


async def test_another_structures_template_is_not_found(api: Api) -> None:
    template = (await create(api, RDV)).json()
    headers = await api.login("jbernard")
    url = f"{PATH}/{template['id']}"
    assert (await api.http.put(url, json=RDV, headers=headers)).status_code == 404
    assert (await api.http.delete(url, headers=headers)).status_code == 404
    assert [t["title"] for t in await listed(api)] == [RDV["title"]]  # untouched


async def test_refused_like_a_comment_with_a_message_per_field(api: Api) -> None:
    cases = [
        ({"title": "", "body": "x"}, "title", "obligatoire"),
        ({"title": "t" * (TITLE_MAX + 1), "body": "x"}, "title", f"{TITLE_MAX} caractères"),
        ({"title": "Deux\nlignes", "body": "x"}, "title", "Caractères de contrôle"),
        ({"title": "Vide", "body": "   "}, "body", "obligatoire"),
        ({"title": "Long", "body": "x" * (COMMENT_MAX + 1)}, "body", f"{COMMENT_MAX} caractères"),
        ({"title": "Caché", "body": "Bonjour\u200b"}, "body", "Caractères de contrôle"),
        ({"title": "Échappé", "body": "\x1b]52;c;AAAA\x07"}, "body", "Caractères de contrôle"),
    ]
    for body, field, message in cases:
        response = await create(api, body)
        assert response.status_code == 422, (body, response.text)
        assert message in response.json()["errors"][field], (body, response.json())
    assert await listed(api) == []


async def test_a_title_is_unique_in_the_structure_whatever_its_accents(api: Api) -> None:
    assert (await create(api, RDV)).status_code == 201
    twin = await create(api, {**RDV, "title": "RENDEZ-VOUS cpam"}, user="vchausson")
    assert twin.status_code == 422 and "déjà ce titre" in twin.json()["errors"]["title"]
    # Another structure may use it.
    assert (await create(api, RDV, user="jbernard")).status_code == 201


async def test_a_retry_creates_it_once(api: Api) -> None:
    headers = {**await api.login(), "Idempotency-Key": "modele-1"}
    first = await api.http.post(PATH, json=RDV, headers=headers)
    second = await api.http.post(PATH, json=RDV, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert len(await listed(api)) == 1


async def test_a_structure_has_at_most_so_many(api: Api) -> None:
    from mock_server.comment_templates import create as insert
    from mock_server.repository import technician_by_id
    from mock_server.state import ServerState

    state: ServerState = api.http._transport.app.state.server  # type: ignore[attr-defined]
    technician = technician_by_id(state.db.connection, 1)
    assert technician is not None
    with state.db.transaction() as connection:
        from ep_contract.wire import TemplateIn

        for index in range(TEMPLATES_MAX):
            insert(connection, technician, TemplateIn(title=f"Modèle {index}", body="x"), 0)
    full = await create(api, RDV)
    assert full.status_code == 409 and full.json()["code"] == "templates_full"
