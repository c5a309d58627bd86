"""Properties of the person fields, over generated input (hypothesis, derandomized: the same
cases on every run, so that CI is reproducible; see the profile in tests/conftest.py).

- Formatting is idempotent, and typing key by key gives what pasting the whole gives.
- What the app accepts, the server accepts, and the reverse: the app's check before VALIDER
  and the server's answer to the same values, sent over HTTP, agree field by field.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from ep_contract.domain import fields as rules
from ep_contract.domain.catalogue import Catalogue, validate_submission
from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from tests.conftest import NOW
from tests.support import VALID_VALUES

# What technicians type — letters with French accents, apostrophes, hyphens, digits, dots and
# slashes — mixed with anything Unicode has (but lone surrogates, which no terminal sends).
TYPED = st.one_of(
    st.text(alphabet="abzAZéèçàôïœæÉŒ' -’0123456789./", max_size=40),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
)
FORMATS = sorted(rules.FORMATTERS)
PERSON_FIELD_OF_FORMAT = {
    "nom": "nom",
    "prenom": "prenom",
    "date": "date_naissance",
    "lieu": "lieu_naissance",
    "telephone": "telephone",
}


@pytest.mark.parametrize("text_format", FORMATS)
@given(typed=TYPED)
def test_formatting_is_idempotent(text_format: str, typed: str) -> None:
    format_ = rules.FORMATTERS[text_format]
    assert format_(format_(typed)) == format_(typed)


@pytest.mark.parametrize("text_format", FORMATS)
@given(typed=TYPED)
def test_typing_key_by_key_gives_what_pasting_gives(text_format: str, typed: str) -> None:
    """The form formats after every key (the field then holds the formatted text)."""
    format_ = rules.FORMATTERS[text_format]
    shown = ""
    for key in typed:
        shown = format_(shown + key)
    assert shown == format_(typed)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[TestClient, dict[str, str], Catalogue]]:
    app = create_app(Database(":memory:"), clock=Clock(frozen_at=NOW))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.post(
            "/api/v1/session", json={"username": "mlapierre", "password": "demo"}
        )
        headers = {"Authorization": f"Bearer {response.json()['token']}"}
        catalogue = Catalogue.model_validate(
            client.get("/api/v1/organismes/331/catalogue", headers=headers).json()
        )
        yield client, headers, catalogue


@pytest.mark.parametrize("text_format", FORMATS)
@settings(max_examples=40)
@given(typed=TYPED)
def test_what_the_app_accepts_the_server_accepts_and_the_reverse(
    server: tuple[TestClient, dict[str, str], Catalogue], text_format: str, typed: str
) -> None:
    client, headers, catalogue = server
    service = catalogue.service("rdv")
    assert service is not None
    name = PERSON_FIELD_OF_FORMAT[text_format]
    field = service.field(name)
    assert field is not None
    # What the field holds once typed: formatted, and cut at its length as the input does.
    value = rules.FORMATTERS[text_format](typed)[: field.max_length or None]
    values = {**VALID_VALUES["rdv"], name: value}
    _, app_errors = validate_submission(service, values, NOW.date())
    response = client.post(
        "/api/v1/organismes/331/requests",
        json={"service": "rdv", "values": values, "attachment_ids": []},
        headers={**headers, "Idempotency-Key": f"prop-{text_format}-{typed.encode().hex()[:100]}"},
    )
    assert response.status_code in (201, 422), response.text
    server_errors = response.json().get("errors", {}) if response.status_code == 422 else {}
    assert (name in app_errors) == (name in server_errors), (value, app_errors, server_errors)
    assert set(app_errors) == set(server_errors)
