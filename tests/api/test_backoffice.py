"""The agents' side and the outbox of e-mails (SPEC §6)."""

from tests.support import MAS_VALUES, Api


async def outbox(api: Api, number: str) -> list[dict]:
    response = await api.http.get(
        "/api/v1/backoffice/outbox", params={"request_number": number}, headers=await api.agent()
    )
    assert response.status_code == 200
    return response.json()


async def test_transitions_and_emails(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    assert await outbox(api, number) == []
    await api.take(number)
    await api.resolve(number)
    mails = await outbox(api, number)
    assert [m["kind"] for m in mails] == ["prise_en_charge", "resolution"]
    assert all(m["to"] == "mlapierre@partenaire.invalid" for m in mails)
    assert all(number in m["subject"] for m in mails)
    # The e-mails carry the number only: no personal data leaves by e-mail.
    assert not any("PRINCE" in m["body"] or "Marius" in m["body"] for m in mails)


async def test_no_take_in_charge_email_for_the_mas_motif(api: Api) -> None:
    number = (await api.filed("signalement", values=MAS_VALUES))["number"]
    await api.take(number)
    await api.resolve(number)
    assert [m["kind"] for m in await outbox(api, number)] == ["resolution"]


async def test_transitions_follow_the_order(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    early = await api.agent_post(f"/requests/{number}/resolution", {"answer": "Trop tôt"})
    assert early.status_code == 409
    await api.take(number)
    assert (await api.agent_post(f"/requests/{number}/take")).status_code == 409
    reply = await api.agent_post(f"/requests/{number}/messages", {"body": "Rien à répondre"})
    assert reply.status_code == 409


async def test_agents_see_only_their_organisme(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    response = await api.agent_post(f"/requests/{number}/take", organisme="621")
    assert response.status_code == 404
    listing = await api.http.get(
        "/api/v1/backoffice/requests", params={"status": "Nouveau"}, headers=await api.agent("621")
    )
    assert all(item["number"][2:5] == "621" for item in listing.json()["items"])
    mine = await api.http.get(
        "/api/v1/backoffice/requests",
        params={"status": "Nouveau", "limit": 500},
        headers=await api.agent(),
    )
    assert number in {item["number"] for item in mine.json()["items"]}


async def test_agent_attachments_belong_to_the_agent(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    await api.take(number)
    technicians_file = await api.uploaded()
    response = await api.agent_post(
        f"/requests/{number}/resolution", {"answer": "ok", "attachment_ids": [technicians_file]}
    )
    assert response.status_code == 422


ESCAPES = ["\x1b]52;c;UElXTkVE\x07", "\x1b]8;;https://evil.invalid/\x07lien", "\x1b[2J",
           "\u202eEVIL", "a\u200bb", "\x85"]  # fmt: skip


async def test_an_agents_texts_obey_the_rules_of_a_technicians(api: Api) -> None:
    """The answer and the replies reach the technician's terminal: no control, direction or
    invisible character in them, as in a comment (the server stored them as sent)."""
    number = (await api.filed("etude"))["number"]
    await api.take(number)
    for text in ESCAPES:
        body = {"answer": f"Réponse {text}", "attachment_ids": []}
        refused = await api.agent_post(f"/requests/{number}/resolution", body)
        assert refused.status_code == 422, (text, refused.text)
        assert refused.json()["errors"]["answer"]
    await api.resolve(number, "Réponse\nsur deux lignes,\tavec une tabulation.")
    await api.post(f"/api/v1/requests/{number}/messages", {"body": "Une question.",
                                                            "attachment_ids": []})  # fmt: skip
    for text in ESCAPES:
        body = {"body": f"Réponse {text}", "attachment_ids": []}
        refused = await api.agent_post(f"/requests/{number}/messages", body)
        assert refused.status_code == 422, (text, refused.text)
    detail = (await api.detail(number)).json()
    assert detail["response"] == "Réponse\nsur deux lignes,\tavec une tabulation."
