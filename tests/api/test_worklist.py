"""« À traiter » (issue 17): each kind of item with the clock moved across its deadline or
threshold, the read state per technician, the scope, and the alert thresholds."""

from __future__ import annotations

from typing import Any

from ep_contract.wire import WorkList
from tests.support import Api

ETUDE_MOTIF = "Demande d'aide financière"


async def work(api: Api, user: str = "mlapierre", scope: str = "mine") -> list[dict[str, Any]]:
    response = await api.http.get(
        "/api/v1/worklist", params={"scope": scope}, headers=await api.login(user)
    )
    assert response.status_code == 200, response.text
    # The server dumps it without the model: what the model would dump, to the byte (a
    # missing « count », a date without its offset, another key order would differ).
    assert WorkList.model_validate_json(response.content).model_dump_json() == response.text
    return response.json()["items"]


async def kinds_of(api: Api, number: str, **kwargs: Any) -> list[str]:
    return [item["kind"] for item in await work(api, **kwargs) if item["number"] == number]


async def files_left(api: Api, number: str) -> list[int]:
    return [i["count"] for i in await work(api) if i["number"] == number
            and i["kind"] == "files_expiring"]  # fmt: skip


async def resolved(api: Api, files: int = 0, user: str = "mlapierre") -> str:
    number = (await api.filed("etude", user=user))["number"]
    await api.take(number)
    ids = [await api.uploaded(f"Réponse {i}.pdf", agent="331") for i in range(files)]
    await api.resolve(number, "Les droits sont ouverts.", ids)
    return number


async def settings(api: Api, body: dict, structure: int = 1, organisme: str = "331"):
    return await api.http.put(
        f"/api/v1/backoffice/structures/{structure}/alert-settings",
        json=body,
        headers=await api.agent(organisme),
    )


# --- answers ---------------------------------------------------------------------------------


async def test_an_answer_is_unread_by_each_technician_until_they_open_it(api: Api) -> None:
    number = await resolved(api)
    assert await kinds_of(api, number) == ["answer"]
    # A colleague of the same structure sees it in « toute la structure », unread by them.
    assert await kinds_of(api, number, user="vchausson", scope="structure") == ["answer"]
    assert await kinds_of(api, number, user="vchausson") == []  # not one of their requests
    assert (await api.detail(number)).status_code == 200
    assert await kinds_of(api, number) == []
    # Martine's reading does not clear Victor's.
    assert await kinds_of(api, number, user="vchausson", scope="structure") == ["answer"]


async def test_a_message_received_after_reading_is_a_new_answer(api: Api) -> None:
    number = await resolved(api)
    await api.detail(number)
    api.clock.advance(60)
    sent = await api.post(f"/api/v1/requests/{number}/messages", {"body": "Une question ?"})
    assert sent.status_code == 201, sent.text
    assert await kinds_of(api, number) == []  # « Message envoyé »: nothing to read
    api.clock.advance(60)
    reply = await api.agent_post(f"/requests/{number}/messages", {"body": "Voici."})
    assert reply.status_code == 204, reply.text
    [item] = [i for i in await work(api) if i["number"] == number]
    assert item["kind"] == "answer" and item["status"] == "Message reçu"


# --- deadlines -------------------------------------------------------------------------------


async def test_the_exchange_window_is_said_from_three_days_before_its_end(api: Api) -> None:
    number = await resolved(api)
    await api.detail(number)  # read: only the deadline is left to say
    api.advance_days(11)
    assert await kinds_of(api, number) == []  # 4 days left
    api.advance_days(1)
    [item] = [i for i in await work(api) if i["number"] == number]
    assert item["kind"] == "window_closing" and item["days"] == 3
    assert item["deadline"].startswith("2026-12-07T23:59:59")  # the 15th day, to its end
    api.advance_days(3)
    assert [i["days"] for i in await work(api) if i["number"] == number] == [0]
    api.advance_days(1)
    assert await kinds_of(api, number) == []  # closed


async def test_received_files_are_said_until_downloaded(api: Api) -> None:
    number = await resolved(api, files=2)
    detail = (await api.detail(number)).json()
    api.advance_days(12)
    [item] = [i for i in await work(api) if i["kind"] == "files_expiring" and i["number"] == number]
    assert item["count"] == 2 and item["days"] == 3
    first = detail["attachments_received"][0]["id"]
    headers = await api.login()
    download = await api.http.get(f"/api/v1/requests/{number}/attachments/{first}", headers=headers)
    assert download.status_code == 200
    assert await files_left(api, number) == [1]
    # A colleague's download counts for the structure: the file is on the structure's side.
    second = detail["attachments_received"][1]["id"]
    victor = await api.login("vchausson")
    assert (
        await api.http.get(f"/api/v1/requests/{number}/attachments/{second}", headers=victor)
    ).status_code == 200
    assert await files_left(api, number) == []


# --- thresholds ------------------------------------------------------------------------------


async def test_a_request_waiting_past_the_thresholds_is_said_with_its_wait(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    api.advance_days(10)
    assert await kinds_of(api, number) == []  # 10 days: not more than 10
    api.advance_days(1)
    [item] = [i for i in await work(api) if i["number"] == number]
    assert (item["kind"], item["days"], item["deadline"]) == ("waiting_new", 11, None)
    await api.take(number)
    assert await kinds_of(api, number) == []  # taken in charge: the 30 days start again
    api.advance_days(31)
    [item] = [i for i in await work(api) if i["number"] == number]
    assert (item["kind"], item["days"]) == ("waiting_taken", 31)


async def test_a_motif_threshold_replaces_the_structure_s_own(api: Api) -> None:
    body = {"nouveau_days": 5, "motifs": [{"motif": ETUDE_MOTIF, "days": 30}]}
    assert (await settings(api, body)).status_code == 200
    etude = (await api.filed("etude"))["number"]
    other = (await api.filed("signalement"))["number"]
    api.advance_days(6)
    assert await kinds_of(api, other) == ["waiting_new"]  # 5 days for the others
    assert await kinds_of(api, etude) == []
    api.advance_days(25)
    assert await kinds_of(api, etude) == ["waiting_new"]  # 31 days > 30


async def test_thresholds_are_read_by_technicians_and_checked_when_changed(api: Api) -> None:
    read = await api.http.get("/api/v1/alert-settings", headers=await api.login())
    assert read.json() == {
        "nouveau_days": 10, "pris_en_charge_days": 30, "notice_days": 3, "motifs": []
    }  # fmt: skip
    refused = await settings(
        api, {"nouveau_days": 0, "notice_days": 366, "motifs": [{"motif": "CSS", "days": 400}]}
    )
    assert refused.status_code == 422
    message = "Un seuil est un nombre de jours entre 1 et 365."
    assert refused.json()["errors"] == {
        "nouveau_days": message, "notice_days": message, "motifs.0.days": message
    }  # fmt: skip
    assert (await settings(api, {"pris_en_charge_days": 45})).status_code == 200
    read = await api.http.get("/api/v1/alert-settings", headers=await api.login("vchausson"))
    assert read.json()["pris_en_charge_days"] == 45


async def test_only_an_organisme_in_convention_changes_a_structure_s_thresholds(
    api: Api,
) -> None:
    partners = await api.http.get("/api/v1/backoffice/structures", headers=await api.agent("331"))
    assert 1 in [s["id"] for s in partners.json()]
    unknown = await settings(api, {"nouveau_days": 5}, structure=999)
    assert unknown.status_code == 404
    technician = await api.http.put(
        "/api/v1/backoffice/structures/1/alert-settings",
        json={"nouveau_days": 5},
        headers=await api.login(),
    )
    assert technician.status_code == 403  # a technician's token is not an agent's


# --- scope -----------------------------------------------------------------------------------


async def test_another_structure_never_sees_these_items(api: Api) -> None:
    number = await resolved(api)
    api.advance_days(12)
    assert "window_closing" in await kinds_of(api, number, scope="structure")
    theirs = await work(api, user="jbernard", scope="structure")
    assert number not in [item["number"] for item in theirs]
    for item in theirs:  # each of theirs is a request Martine cannot open
        assert (await api.detail(item["number"])).status_code == 404


async def test_mine_is_what_i_filed_and_structure_adds_my_colleagues(api: Api) -> None:
    mine = (await api.filed("etude"))["number"]
    theirs = (await api.filed("etude", user="vchausson"))["number"]
    api.advance_days(11)
    numbers = [item["number"] for item in await work(api)]
    assert mine in numbers and theirs not in numbers
    numbers = [item["number"] for item in await work(api, scope="structure")]
    assert mine in numbers and theirs in numbers
    refused = await api.http.get(
        "/api/v1/worklist", params={"scope": "tout"}, headers=await api.login()
    )
    assert refused.status_code == 422
