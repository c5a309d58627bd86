"""Inputs that answered 500 (issue 15), each now a 422 problem that says what is wrong:
half a UTF-16 pair in a JSON text, a NUL in a name filter, a date filter with no next day,
an offset past SQLite's integers. The fuzzing (test_fuzz_contract.py) is seeded with them."""

from __future__ import annotations

import json

import pytest

from tests.api.test_exchange import resolved
from tests.support import VALID_VALUES, Api, new_key

SURROGATE = '"texte \\ud800 coupé"'
"""JSON for a text holding a lone surrogate: json.dumps writes it so, UTF-8 cannot."""


def assert_problem(response, field: str | None = None) -> None:  # noqa: ANN001
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if field:
        assert field in response.json()["errors"], response.json()


async def post_raw(api: Api, path: str, body: str, *, agent: bool = False):  # noqa: ANN202
    headers = await (api.agent() if agent else api.login())
    headers |= {"Idempotency-Key": new_key(), "Content-Type": "application/json"}
    return await api.http.post(path, content=body.encode(), headers=headers)


async def test_half_a_utf16_pair_in_a_text_is_refused(api: Api) -> None:
    number = await resolved(api)
    complement = f'{{"comment": {SURROGATE}, "attachment_ids": []}}'
    message = f'{{"body": {SURROGATE}, "attachment_ids": []}}'
    values = {**VALID_VALUES["etude"], "commentaire": "@"}
    filed = json.dumps({"service": "etude", "values": values}).replace('"@"', SURROGATE)
    for path, body in (
        (f"/api/v1/requests/{number}/complement", complement),
        (f"/api/v1/requests/{number}/messages", message),
        ("/api/v1/organismes/331/requests", filed),
        ("/api/v1/session", f'{{"username": {SURROGATE}, "password": "x"}}'),
    ):
        assert_problem(await post_raw(api, path, body))
    assert_problem(await post_raw(api, f"/api/v1/backoffice/requests/{number}/messages",
                                  message, agent=True))  # fmt: skip


@pytest.mark.parametrize("field", ["personne", "demandeur"])
async def test_a_nul_in_a_name_filter_is_refused(api: Api, field: str) -> None:
    answer = await api.http.get("/api/v1/organismes/331/requests", params={field: "TU\x00TU"},
                                headers=await api.login())  # fmt: skip
    assert_problem(answer, field)


@pytest.mark.parametrize("field", ["depot_debut", "depot_fin"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
async def test_a_date_filter_out_of_range_is_refused(api: Api, field: str, day: str) -> None:
    answer = await api.http.get("/api/v1/organismes/331/requests", params={field: day},
                                headers=await api.login())  # fmt: skip
    assert_problem(answer, field)
    assert "01/01/1900" in answer.json()["errors"][field]


async def test_an_offset_past_any_list_is_refused(api: Api) -> None:
    news = await api.http.get("/api/v1/organismes/331/news", params={"offset": 2**63},
                              headers=await api.login())  # fmt: skip
    assert_problem(news, "offset")
    listed = await api.http.get("/api/v1/backoffice/requests", params={"offset": 2**63},
                                headers=await api.agent())  # fmt: skip
    assert_problem(listed, "offset")
