"""Filing a request: every field rule enforced by the server, numbering, idempotency."""

import pytest

from mock_server import catalogues
from tests.support import MAS_VALUES, PDF, VALID_VALUES, Api, new_key


@pytest.mark.parametrize("service", list(VALID_VALUES))
async def test_each_service_files_and_reads_back_what_was_sent(api: Api, service: str) -> None:
    detail = await api.filed(service)
    values = VALID_VALUES[service]
    assert detail["status"] == "Nouveau"
    assert detail["service_code"] == service
    assert detail["comment"] == values["commentaire"]
    assert detail["motif"] == values.get("motif")
    if "nom" in values:
        person = detail["person_details"]
        assert (person["nom"], person["prenom"], person["telephone"]) == (
            values["nom"],
            values["prenom"],
            values["telephone"],
        )
        assert detail["person"] == f"{values['civilite']} {values['nom']} {values['prenom']}"
    else:
        assert detail["person_details"] is None and detail["person"] is None
    answers = {a["name"]: a["value"] for a in detail["answers"]}
    for name in ("modalites", "documents"):
        if name in values:
            assert answers[name] == values[name]
    assert detail["requester"] == "LAPIERRE Martine"


async def test_number_is_year_organisme_sequence(api: Api) -> None:
    first = (await api.filed("rdv"))["number"]
    second = (await api.filed("rdv"))["number"]
    assert first[:5] == second[:5] == "26331"
    assert int(second[5:]) == int(first[5:]) + 1
    other = (await api.filed("rdv", organisme="621"))["number"]
    assert other[:5] == "26621"  # each organisme has its own sequence


async def test_sequence_restarts_each_year(api: Api) -> None:
    before = (await api.filed("rdv"))["number"]
    api.advance_days(40)  # into 2027
    after = (await api.filed("rdv"))["number"]
    assert before.startswith("26331") and after == "2733100001"


async def test_sequence_is_shared_by_the_structures(api: Api) -> None:
    mine = (await api.filed("rdv"))["number"]
    theirs = (await api.filed("rdv", user="jbernard"))["number"]
    assert int(theirs[5:]) == int(mine[5:]) + 1


@pytest.mark.parametrize(
    ("field", "value", "message_part"),
    [
        ("nom", "A" * 31, "30 caractères"),
        ("nom", "PAIN2", "Seuls les lettres"),
        ("prenom", "B" * 21, "20 caractères"),
        ("prenom", "Fr@nçois", "Seuls les lettres"),
        ("date_naissance", "31/02/1970", "n'existe pas"),
        ("date_naissance", "23/11/2026", "futur"),
        ("date_naissance", "1970-10-05", "jj/mm/aaaa"),
        ("lieu_naissance", "979", "département inconnu"),
        ("lieu_naissance", "L" * 31, "30 caractères"),
        ("telephone", "06.00.00.00", "06.00.00.00.00"),
        ("telephone", "16.00.00.00.00", "commençant par 0"),
        ("commentaire", "x" * 5001, "5000 caractères"),
        ("commentaire", "   ", "obligatoire"),
        ("civilite", "Docteur", "choix proposés"),
        ("motif", "Autre chose", "choix proposés"),
    ],
)
async def test_field_rules_are_enforced_by_the_server(
    api: Api, field: str, value: str, message_part: str
) -> None:
    values = {**VALID_VALUES["signalement"], field: value}
    response = await api.file("signalement", values)
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "invalid_fields"
    assert list(problem["errors"]) == [field]
    assert message_part.lower() in problem["errors"][field].lower()


async def test_case_transforms_are_applied_by_the_server(api: Api) -> None:
    values = {
        **VALID_VALUES["signalement"],
        "nom": "  le goff ",
        "prenom": "JEAN-PIERRE",
        "telephone": "0612345678",
        "lieu_naissance": "2a",
    }
    detail = await api.filed("signalement", values=values)
    person = detail["person_details"]
    assert person["nom"] == "LE GOFF"
    assert person["prenom"] == "Jean-Pierre"
    assert person["telephone"] == "06.12.34.56.78"
    assert person["lieu_naissance"] == "2A"
    assert person["date_naissance"] == "1970-10-05"


async def test_required_blocks_per_service(api: Api) -> None:
    response = await api.file("contact", {"commentaire": "x"})
    assert set(response.json()["errors"]) == {"motif", "modalites"}
    response = await api.file("document", {**VALID_VALUES["document"], "documents": []})
    assert set(response.json()["errors"]) == {"documents"}


async def test_mas_rules(api: Api) -> None:
    # Consent must be on, one accompaniment at least.
    no_consent = {**MAS_VALUES, "mas_consentement": False}
    assert set((await api.file("signalement", no_consent)).json()["errors"]) == {"mas_consentement"}
    none = {**MAS_VALUES, "mas_accompagnement": []}
    assert set((await api.file("signalement", none)).json()["errors"]) == {"mas_accompagnement"}
    # Renoncement blocks only when a renoncement answer is chosen; one duration.
    stray = {**MAS_VALUES, "mas_causes": ["De transport"]}
    assert set((await api.file("signalement", stray)).json()["errors"]) == {"mas_causes"}
    renoncement = {
        **MAS_VALUES,
        "mas_accompagnement": [catalogues.RENONCEMENT[0]],
        "mas_duree": ["Moins de 3 mois", "Plus de 2 ans"],
    }
    assert set((await api.file("signalement", renoncement)).json()["errors"]) == {"mas_duree"}
    renoncement["mas_duree"] = "Plus de 2 ans"
    detail = await api.filed("signalement", values=renoncement)
    answers = {a["name"]: a["value"] for a in detail["answers"]}
    assert answers["mas_consentement"] is True
    assert answers["mas_duree"] == "Plus de 2 ans"


async def test_mas_blocks_not_accepted_on_other_motifs(api: Api) -> None:
    values = {**VALID_VALUES["signalement"], "mas_consentement": True}
    response = await api.file("signalement", values)
    assert response.json()["errors"] == {
        "mas_consentement": "Ce champ ne doit pas être renseigné pour cette demande."
    }


async def test_local_variant_catalogue_files(api: Api) -> None:
    values = {**VALID_VALUES["etude"], "motif": "Remboursement de transports"}
    detail = await api.filed("dossier", values=values, organisme="911")
    assert detail["service_title"] == "Transmettre et / ou suivre un dossier"
    assert detail["number"].startswith("26911")


async def test_idempotency_key_required_and_honoured(api: Api, app) -> None:
    headers = await api.login()
    body = {"service": "rdv", "values": VALID_VALUES["rdv"]}
    missing = await api.http.post("/api/v1/organismes/331/requests", json=body, headers=headers)
    assert missing.status_code == 400 and missing.json()["code"] == "idempotency_key_required"
    first = await api.file("rdv", key="same-key")
    again = await api.file("rdv", key="same-key")
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert again.headers["idempotent-replayed"] == "true"
    (count,) = app.state.server.db.one(
        "SELECT COUNT(*) FROM requests WHERE number = ?", (first.json()["number"],)
    )
    assert count == 1
    # The same key for another body is a client bug: refused, and nothing is filed.
    other = await api.file("etude", key="same-key")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_idempotency_survives_a_new_session(api: Api) -> None:
    first = await api.file("rdv", key="kept-across-sign-in")
    api._tokens.clear()  # signed in again, as after an expired session
    again = await api.file("rdv", key="kept-across-sign-in")
    assert again.json()["number"] == first.json()["number"]


async def test_refused_submit_records_nothing_and_a_fixed_retry_files(api: Api) -> None:
    bad = await api.file("rdv", {**VALID_VALUES["rdv"], "nom": ""}, key="fix-and-retry")
    assert bad.status_code == 422
    good = await api.file("rdv", key="fix-and-retry")
    assert good.status_code == 201


async def test_attachments_are_attached_and_listed_by_name(api: Api) -> None:
    ids = [await api.uploaded(f"PJ{i}.pdf") for i in range(2)]
    detail = await api.filed("etude", attachment_ids=ids)
    assert [a["name"] for a in detail["attachments_sent"]] == ["PJ0.pdf", "PJ1.pdf"]
    # An upload serves once.
    again = await api.file("etude", attachment_ids=ids[:1])
    assert again.json()["errors"] == {"attachment_ids": "Pièce jointe inconnue ou déjà utilisée."}


async def test_at_most_eight_attachments_and_none_where_the_service_takes_none(api: Api) -> None:
    ids = [await api.uploaded(f"PJ{i}.pdf") for i in range(9)]
    response = await api.file("etude", attachment_ids=ids)
    assert set(response.json()["errors"]) == {"attachment_ids"}
    assert (await api.file("etude", attachment_ids=ids[:8])).status_code == 201
    response = await api.file("rdv", attachment_ids=[ids[8]])
    assert set(response.json()["errors"]) == {"attachment_ids"}


async def test_someone_elses_upload_cannot_be_attached(api: Api) -> None:
    theirs = await api.uploaded(user="vchausson")
    response = await api.file("etude", attachment_ids=[theirs])
    assert set(response.json()["errors"]) == {"attachment_ids"}


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("virus.exe", b"MZ\x90\x00", 415),
        ("fake.pdf", b"MZ\x90\x00 this is an executable", 422),
        ("image.png", PDF, 422),
        ("empty.pdf", b"", 422),
    ],
)
async def test_uploads_checked_by_extension_and_signature(
    api: Api, name: str, content: bytes, status: int
) -> None:
    response = await api.upload(name, content)
    assert response.status_code == status
    assert response.json()["code"] == "attachment_refused"
    assert "file" in response.json()["errors"]


async def test_uploads_over_five_megabytes_are_refused(api: Api) -> None:
    response = await api.upload("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    assert response.status_code == 413


async def test_oversized_bodies_refused_from_their_announced_length(api: Api) -> None:
    # The body is never read: the answer comes from the Content-Length alone.
    headers = {**await api.login(), "Idempotency-Key": "k", "Content-Length": str(50 * 2**20)}

    async def never_sent():
        raise AssertionError("the server read a body it should have refused")
        yield b""  # pragma: no cover

    response = await api.http.post("/api/v1/attachments", content=never_sent(), headers=headers)
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


@pytest.mark.parametrize("path", ["/api/v1/attachments", "/api/v1/organismes/331/requests"])
async def test_oversized_bodies_sent_in_chunks_are_refused_as_too_large(
    api: Api, path: str
) -> None:
    """No length announced (chunked): the bytes are counted as they come, and past the limit
    the answer is 413 ``body_too_large`` — it was « 400 There was an error parsing the
    body », FastAPI's answer to the error raised inside its body parser."""
    headers = {**await api.login(), "Idempotency-Key": new_key()}
    start = b""
    if path.endswith("requests"):
        headers["Content-Type"] = "application/json"
    else:
        headers["Content-Type"] = "multipart/form-data; boundary=xyz"
        start = (b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
                 b"Content-Type: application/pdf\r\n\r\n%PDF-")  # fmt: skip
    sent = 0

    async def chunks():
        nonlocal sent
        yield start
        for _ in range(200):
            sent += 64 * 1024
            yield b"0" * (64 * 1024)

    response = await api.http.post(path, content=chunks(), headers=headers)
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "body_too_large"
    assert response.headers["content-type"] == "application/problem+json"
    assert sent < 200 * 64 * 1024  # the rest was never read


async def test_upload_retry_with_same_key_stores_one_file(api: Api, app) -> None:
    first = await api.upload("a.pdf", key="upload-key")
    again = await api.upload("a.pdf", key="upload-key")
    assert first.json()["id"] == again.json()["id"]
    (count,) = app.state.server.db.one("SELECT COUNT(*) FROM attachments WHERE name = 'a.pdf'")
    assert count == 1


async def test_unattached_uploads_are_purged_after_a_day(api: Api, app) -> None:
    await api.uploaded("forgotten.pdf")
    api.advance_days(1.1)
    await api.filed("rdv")  # any call runs the purge
    rows = app.state.server.db.query("SELECT 1 FROM attachments WHERE name = 'forgotten.pdf'")
    assert rows == []


async def test_a_pending_upload_can_be_checked_by_its_owner_only(api: Api) -> None:
    """What a form resumed from its draft asks: is my upload still there?"""
    mine = await api.uploaded("PJ1.pdf")
    path = f"/api/v1/attachments/{mine}"
    response = await api.http.get(path, headers=await api.login())
    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("id", "name")} == {"id": mine, "name": "PJ1.pdf"}
    # A colleague of the same structure, another structure, a made-up id: not found alike.
    for user in ("vchausson", "jbernard"):
        assert (await api.http.get(path, headers=await api.login(user))).status_code == 404
    unknown = await api.http.get("/api/v1/attachments/nope", headers=await api.login())
    assert unknown.status_code == 404
    # Attached, it is no longer pending.
    await api.filed("etude", attachment_ids=[mine])
    assert (await api.http.get(path, headers=await api.login())).status_code == 404
    # Unattached for more than a day, it is purged.
    old = await api.uploaded("PJ2.pdf")
    api.clock.advance(86_400 + 60)
    api._tokens.clear()  # the session has expired too
    response = await api.http.get(f"/api/v1/attachments/{old}", headers=await api.login())
    assert response.status_code == 404


async def test_a_file_name_is_kept_within_255_bytes_with_its_extension(api: Api) -> None:
    """The server stores a name a file system can take (in bytes, not characters): the
    file can be saved where it is downloaded."""
    response = await api.upload("😀" * 120 + ".pdf")
    assert response.status_code == 201, response.text
    name = response.json()["name"]
    assert name.endswith(".pdf") and len(name.encode()) <= 240
