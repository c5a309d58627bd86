"""Detail, complete and cancel: offered and allowed only while Nouveau; scope."""

from tests.support import Api

CANCEL = {"reason": "La demande a été résolue via un autre canal", "confirm": True}


async def test_detail_offers_complete_and_cancel_while_new(api: Api) -> None:
    detail = await api.filed("etude")
    assert detail["actions"] == {
        "complete": True,
        "cancel": True,
        "message": False,
        "close_exchange": False,
    }
    await api.take(detail["number"])
    taken = (await api.detail(detail["number"])).json()
    assert taken["status"] == "Pris en charge"
    assert taken["actions"]["complete"] is False and taken["actions"]["cancel"] is False


async def test_complete_replaces_the_comment_and_adds_files(api: Api) -> None:
    first = [await api.uploaded(f"PJ{i}.pdf") for i in range(4)]
    detail = await api.filed("etude", attachment_ids=first)
    more = [await api.uploaded("PJ5.png", b"\x89PNG\r\n\x1a\n...."), await api.uploaded("PJ6.pdf")]
    comment = detail["comment"] + "\nJe vous joins des factures supplémentaires."
    response = await api.post(
        f"/api/v1/requests/{detail['number']}/complement",
        {"comment": comment, "attachment_ids": more},
    )
    assert response.status_code == 200
    completed = response.json()
    assert completed["comment"] == comment
    assert completed["status"] == "Nouveau"
    assert completed["status_at"] == detail["status_at"]  # completing is not a status change
    assert [a["name"] for a in completed["attachments_sent"]][-2:] == ["PJ5.png", "PJ6.pdf"]


async def test_complete_keeps_the_total_at_eight_attachments(api: Api) -> None:
    detail = await api.filed("etude", attachment_ids=[await api.uploaded() for _ in range(4)])
    five = [await api.uploaded() for _ in range(5)]
    path = f"/api/v1/requests/{detail['number']}/complement"
    response = await api.post(path, {"comment": "x", "attachment_ids": five})
    assert response.status_code == 422
    assert response.json()["errors"]["attachment_ids"].endswith("4 de plus au plus.")
    assert (await api.post(path, {"comment": "x", "attachment_ids": five[:4]})).status_code == 200


async def test_complete_checks_the_comment_and_the_service(api: Api) -> None:
    detail = await api.filed("rdv")
    path = f"/api/v1/requests/{detail['number']}/complement"
    response = await api.post(path, {"comment": "x" * 5001})
    assert set(response.json()["errors"]) == {"comment"}
    response = await api.post(path, {"comment": "ok", "attachment_ids": [await api.uploaded()]})
    assert set(response.json()["errors"]) == {"attachment_ids"}  # RDV takes no attachment


async def test_complete_and_cancel_refused_once_taken_in_charge(api: Api) -> None:
    detail = await api.filed("etude")
    await api.take(detail["number"])
    number = detail["number"]
    complete = await api.post(f"/api/v1/requests/{number}/complement", {"comment": "plus"})
    cancel = await api.post(f"/api/v1/requests/{number}/cancellation", CANCEL)
    for response in (complete, cancel):
        assert response.status_code == 409
        assert response.json()["code"] == "status_forbids"
    assert (await api.detail(number)).json()["comment"] == detail["comment"]


async def test_complete_detects_a_change_since_the_detail_was_read(api: Api) -> None:
    detail = await api.filed("etude")
    path = f"/api/v1/requests/{detail['number']}/complement"
    # A colleague completes it meanwhile: same status, same status date, another version.
    colleague = await api.post(path, {"comment": "Par un collègue."}, user="vchausson")
    assert colleague.json()["version"] == detail["version"] + 1
    response = await api.post(path, {"comment": "plus", "expected_version": detail["version"]})
    assert response.status_code == 409 and response.json()["code"] == "request_changed"
    assert (await api.detail(detail["number"])).json()["comment"] == "Par un collègue."
    await api.take(detail["number"])
    response = await api.post(path, {"comment": "plus", "expected_version": detail["version"] + 1})
    assert response.status_code == 409 and response.json()["code"] == "request_changed"


async def test_cancel_needs_a_listed_reason_and_the_confirmation(api: Api) -> None:
    number = (await api.filed("rdv"))["number"]
    path = f"/api/v1/requests/{number}/cancellation"
    response = await api.post(path, {"reason": "Parce que", "confirm": False})
    assert set(response.json()["errors"]) == {"reason", "confirm"}
    assert (await api.detail(number)).status_code == 200
    assert (await api.post(path, CANCEL)).status_code == 204
    assert (await api.detail(number)).status_code == 404


async def test_cancel_retry_with_the_same_key_is_harmless(api: Api) -> None:
    number = (await api.filed("rdv"))["number"]
    headers = {**await api.login(), "Idempotency-Key": "cancel-once"}
    path = f"/api/v1/requests/{number}/cancellation"
    first = await api.http.post(path, json=CANCEL, headers=headers)
    again = await api.http.post(path, json=CANCEL, headers=headers)
    assert first.status_code == again.status_code == 204


async def test_another_structures_request_is_not_found_anywhere(api: Api) -> None:
    theirs = (await api.filed("etude", user="jbernard"))["number"]
    missing = theirs[:5] + "99999"
    for number in (theirs, missing):
        responses = [
            await api.detail(number),
            await api.post(f"/api/v1/requests/{number}/complement", {"comment": "x"}),
            await api.post(f"/api/v1/requests/{number}/cancellation", CANCEL),
            await api.post(f"/api/v1/requests/{number}/messages", {"body": "x"}),
            await api.post(f"/api/v1/requests/{number}/exchange/close", key=False),
        ]
        # Same answer for "not yours" and "does not exist": numbers cannot be enumerated.
        assert [(r.status_code, r.json()["code"]) for r in responses] == [
            (404, "request_not_found")
        ] * 5
    assert (await api.detail(theirs, user="jbernard")).status_code == 200


async def test_colleagues_act_on_each_others_requests(api: Api) -> None:
    number = (await api.filed("rdv"))["number"]
    response = await api.post(
        f"/api/v1/requests/{number}/complement", {"comment": "Complété."}, user="vchausson"
    )
    assert response.status_code == 200


async def test_malformed_numbers_are_refused(api: Api) -> None:
    response = await api.http.get("/api/v1/requests/12345", headers=await api.login())
    assert response.status_code == 422


async def test_an_ended_convention_is_consulted_not_changed(api: Api) -> None:
    """CPAM LANDES (401) ended with requests still in progress, CPAM BEARN ET SOULE (641) with
    all resolved: the history is for consulting (manual §II). The detail offers no action and
    every change is refused, while the answers stay readable."""
    for organisme, status in (("401", "Nouveau"), ("641", "Message envoyé")):
        listed = await api.history(organisme=organisme, statut=status)
        number = listed.json()["items"][0]["number"]
        detail = (await api.detail(number)).json()
        assert detail["actions"] == {
            "complete": False,
            "cancel": False,
            "message": False,
            "close_exchange": False,
        }, organisme
        requests = f"/api/v1/requests/{number}"
        for path, body in (
            (f"{requests}/complement", {"comment": "Complément."}),
            (f"{requests}/cancellation", CANCEL),
            (f"{requests}/messages", {"body": "Une question."}),
            (f"{requests}/exchange/close", None),
        ):
            response = await api.post(path, body)
            assert response.status_code == 409, (path, response.text)
            assert response.json()["code"] == "convention_closed"
        assert (await api.detail(number)).json()["status"] == status
