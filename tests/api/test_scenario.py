"""One request's whole life through the typed client, the back office and the clock:
Nouveau → Pris en charge → Résolu → Message envoyé → Message reçu → … → Clôturé,
the download window, and the organisme that ends its convention and then disappears."""

import pytest

from ep_contract.domain.statuses import Status
from ep_contract.wire import Complement, NewMessage, NewRequest
from ep_tui.api_client import errors
from ep_tui.api_client.client import EPClient, HistoryQuery
from ep_tui.api_client.idempotency import new_idempotency_key
from mock_server.transport import LoopbackTransport
from tests.support import PDF, VALID_VALUES, Api


@pytest.fixture
async def client(app):
    async with EPClient("http://ep.test", transport=LoopbackTransport(app)) as ep:
        await ep.sign_in("mlapierre", "demo")
        yield ep


async def test_a_request_through_every_status(client: EPClient, api: Api) -> None:
    upload = await client.upload("PJ1.pdf", PDF, idempotency_key=new_idempotency_key())
    filed = await client.file_request(
        "331",
        NewRequest(service="etude", values=VALID_VALUES["etude"], attachment_ids=[upload.id]),
        idempotency_key=new_idempotency_key(),
    )
    assert filed.status == Status.NOUVEAU and filed.actions.complete
    assert filed.number.startswith("26331")

    completed = await client.complete(
        filed.number,
        Complement(comment=filed.comment + " Complément.", expected_version=filed.version),
        idempotency_key=new_idempotency_key(),
    )
    assert completed.comment.endswith("Complément.") and completed.status == Status.NOUVEAU

    api.advance_days(1)
    await api.take(filed.number)
    await client.sign_in("mlapierre", "demo")  # the morning after
    taken = await client.request(filed.number)
    assert taken.status == Status.PRIS_EN_CHARGE and not taken.actions.cancel

    api.advance_days(2)
    reply = await api.uploaded("Attestation.pdf", agent="331")
    await api.resolve(filed.number, "Aide accordée.", [reply])
    await client.sign_in("mlapierre", "demo")
    resolved = await client.request(filed.number)
    assert resolved.status == Status.RESOLU and resolved.response == "Aide accordée."
    assert resolved.exchange.open and resolved.exchange.round_trips_max == 4
    received = resolved.attachments_received[0]
    assert await client.download(filed.number, received.id) == (
        b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )

    for trip in range(4):
        sent = await client.send_message(
            filed.number,
            NewMessage(body=f"Question {trip + 1}"),
            idempotency_key=new_idempotency_key(),
        )
        assert sent.status == Status.MESSAGE_ENVOYE
        response = await api.agent_post(
            f"/requests/{filed.number}/messages", {"body": f"Réponse {trip + 1}"}
        )
        assert response.status_code == 204
        assert (await client.request(filed.number)).status == Status.MESSAGE_RECU
    with pytest.raises(errors.Conflict) as refused:
        await client.send_message(
            filed.number, NewMessage(body="Une de trop"), idempotency_key=new_idempotency_key()
        )
    assert refused.value.code == "round_trips_exhausted"

    api.advance_days(16)  # 16 days after resolution
    await client.sign_in("mlapierre", "demo")
    closed = await client.request(filed.number)
    assert closed.status == Status.CLOTURE and not closed.exchange.open
    assert closed.attachments_received[0].available is False
    with pytest.raises(errors.Gone):
        await client.download(filed.number, received.id)

    history = await client.history("331", HistoryQuery(numero=filed.number))
    assert [(i.number, i.status) for i in history.items] == [(filed.number, Status.CLOTURE)]


async def test_an_ending_convention_ends_then_disappears(client: EPClient, api: Api) -> None:
    organismes = {o.code: o for o in await client.organismes()}
    assert organismes["471"].convention.state == "ending"
    filed = await client.file_request(
        "471",
        NewRequest(service="rdv", values=VALID_VALUES["rdv"]),
        idempotency_key=new_idempotency_key(),
    )
    api.advance_days(13)  # the convention ended yesterday; some requests are not resolved
    await client.sign_in("mlapierre", "demo")
    organismes = {o.code: o for o in await client.organismes()}
    assert organismes["471"].convention.state == "ended_pending"
    assert organismes["471"].convention.can_file is False
    with pytest.raises(errors.Conflict):
        await client.file_request(
            "471",
            NewRequest(service="rdv", values=VALID_VALUES["rdv"]),
            idempotency_key=new_idempotency_key(),
        )
    # The organisme resolves every pending request (agents work after the end, too).
    agent = await api.agent("471")
    pending = await api.http.get(
        "/api/v1/backoffice/requests", params={"limit": 500}, headers=agent
    )
    for item in pending.json()["items"]:
        if item["status"] == "Nouveau":
            await api.take(item["number"], organisme="471")
        if item["status"] in ("Nouveau", "Pris en charge"):
            response = await api.agent_post(
                f"/requests/{item['number']}/resolution", {"answer": "Traité."}, organisme="471"
            )
            assert response.status_code == 204
    organismes = {o.code: o for o in await client.organismes()}
    assert organismes["471"].convention.state == "ended_resolved"
    assert (await client.request(filed.number)).status == Status.RESOLU
    api.advance_days(31)
    await client.sign_in("mlapierre", "demo")
    assert "471" not in {o.code for o in await client.organismes()}
    with pytest.raises(errors.NotFound):
        await client.request(filed.number)
