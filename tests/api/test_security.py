"""Security, operation by operation, from the OpenAPI document itself — so that an operation
added later is covered or makes these tests fail until it is:

- every technician operation on a request number or an attachment answers exactly the same
  for another structure's request or file as for one that does not exist (no enumeration);
- every back-office operation refuses a technician's token, every portal operation an
  agent's, and every operation but sign-in refuses no token at all."""

from __future__ import annotations

from typing import Any

import httpx

from mock_server.app import create_app
from tests.support import Api, new_key

SPEC = create_app(test_controls=False).openapi()
OPERATIONS = [(method.upper(), path) for path, ops in SPEC["paths"].items() for method in ops]
CANCEL = {"reason": "La demande a été résolue via un autre canal", "confirm": True}
# A valid body for each operation on someone's request or file: the refusal must come from
# whose it is, not from a malformed call.
SCOPED_BODIES: dict[tuple[str, str], dict[str, Any] | None] = {
    ("GET", "/api/v1/requests/{number}"): None,
    ("POST", "/api/v1/requests/{number}/complement"): {"comment": "Un ajout."},
    ("POST", "/api/v1/requests/{number}/cancellation"): CANCEL,
    ("POST", "/api/v1/requests/{number}/messages"): {"body": "Une question."},
    ("POST", "/api/v1/requests/{number}/exchange/close"): None,
    ("GET", "/api/v1/requests/{number}/attachments/{attachment_id}"): None,
    ("GET", "/api/v1/attachments/{attachment_id}"): None,
}
SIGN_IN = {("POST", "/api/v1/session"), ("POST", "/api/v1/backoffice/session")}
SIGN_OUT = {("DELETE", "/api/v1/session")}


def _scoped(method: str, path: str) -> bool:
    return not path.startswith("/api/v1/backoffice/") and (
        "{number}" in path or "{attachment_id}" in path
    )


async def _call(api: Api, method: str, path: str, headers: dict[str, str],
                body: dict[str, Any] | None = None) -> httpx.Response:  # fmt: skip
    return await api.http.request(
        method, path, json=body, headers={**headers, "Idempotency-Key": new_key()}
    )


def test_every_scoped_operation_is_covered() -> None:
    assert {op for op in OPERATIONS if _scoped(*op)} == set(SCOPED_BODIES)


async def test_another_structures_request_or_file_is_answered_as_missing(api: Api) -> None:
    # jbernard works in another structure, on the same organisme.
    their_file = await api.uploaded("leur-piece.pdf", user="jbernard")
    theirs = (await api.filed("etude", user="jbernard", attachment_ids=[their_file]))["number"]
    their_pending = await api.uploaded("leur-brouillon.pdf", user="jbernard")
    missing_number = theirs[:5] + "99999"
    mine = await api.login()
    for (method, template), body in SCOPED_BODIES.items():
        answers = []
        for number, attachment in [(theirs, their_file), (missing_number, "a" * 32)]:
            if template == "/api/v1/attachments/{attachment_id}":
                attachment = their_pending if number == theirs else attachment
            path = template.format(number=number, attachment_id=attachment)
            response = await _call(api, method, path, mine, body)
            problem = response.json()
            answers.append((response.status_code, problem.get("code"), problem.get("detail")))
        assert answers[0] == answers[1], (method, template, answers)
        assert answers[0][0] == 404, (method, template, answers)
    # …and all of it is still there for its owner.
    theirs_headers = await api.login("jbernard")
    detail = await _call(api, "GET", f"/api/v1/requests/{theirs}", theirs_headers)
    assert detail.status_code == 200 and detail.json()["status"] == "Nouveau"


def _fill(path: str) -> str:
    return path.format(code="331", number="2633100001", attachment_id="a" * 32, structure_id=1,
                       template_id=1)  # fmt: skip


async def test_each_side_refuses_the_other_sides_token_and_no_token(api: Api) -> None:
    technician, agent = await api.login(), await api.agent()
    for method, path in OPERATIONS:
        if (method, path) in SIGN_IN:
            continue
        back_office = path.startswith("/api/v1/backoffice/")
        wrong = technician if back_office else agent
        # Sign-out revokes whatever token it is given (holding it is owning it).
        for headers in ({},) if (method, path) in SIGN_OUT else (wrong, {}):
            response = await _call(api, method, _fill(path), headers)
            assert response.status_code in {401, 403}, (method, path, headers.keys())


async def test_a_signed_out_token_opens_nothing(api: Api) -> None:
    headers = await api.login("vchausson")
    assert (await api.http.delete("/api/v1/session", headers=headers)).status_code == 204
    for method, path in OPERATIONS:
        # Signing out again is harmless and says so (204): it opens nothing.
        if (method, path) in SIGN_IN | SIGN_OUT or path.startswith("/api/v1/backoffice/"):
            continue
        response = await _call(api, method, _fill(path), headers)
        assert response.status_code == 401, (method, path)
