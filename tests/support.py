"""Helpers for the API tests: sign in, build valid forms, file requests, drive the agent."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from mock_server.clock import Clock

PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
_keys = itertools.count(1)


def new_key() -> str:
    return f"test-key-{next(_keys)}"


PERSON = {
    "civilite": "Monsieur",
    "nom": "PAIN",
    "prenom": "François",
    "date_naissance": "05/10/1970",
    "lieu_naissance": "24",
    "telephone": "06.00.00.00.00",
}

VALID_VALUES: dict[str, dict[str, Any]] = {
    "contact": {
        "motif": "Gérer la convention de partenariat",
        "modalites": ["Téléphonique / Visio", "Physique"],
        "commentaire": "Je souhaite un rdv pour fixer les modalités de renouvellement.",
    },
    "signalement": {
        "motif": "Situation d'urgence",
        **PERSON,
        "commentaire": "L'assuré a besoin de soins urgents",
    },
    "rdv": {
        "motif": "Capital décès",
        **PERSON,
        "civilite": "Madame",
        "nom": "PIRES",
        "prenom": "Marina",
        "date_naissance": "01/02/1980",
        "lieu_naissance": "29",
        "commentaire": "Demande de capital décès pour son mari décédé.",
    },
    "etude": {
        "motif": "Demande d'aide financière",
        **PERSON,
        "nom": "PRINCE",
        "prenom": "Marius",
        "date_naissance": "05/05/1960",
        "lieu_naissance": "27",
        "telephone": "07.00.00.00.00",
        "commentaire": "Demande de rééquilibrage budgétaire.",
    },
    "document": {
        "documents": ["Attestation de droits", "Formulaire carte vitale"],
        **PERSON,
        "civilite": "Madame",
        "nom": "CHEMIN",
        "prenom": "Marie",
        "date_naissance": "01/06/1975",
        "lieu_naissance": "47",
        "commentaire": "L'assurée a perdu son portefeuille.",
    },
}

MAS_VALUES = {
    **VALID_VALUES["signalement"],
    "motif": "Saisine mission accompagnement santé",
    "mas_consentement": True,
    "mas_accompagnement": ["Fragilité face au numérique"],
}


class Api:
    """A thin layer over the raw HTTP API, so that each test says only what it checks."""

    def __init__(self, http: httpx.AsyncClient, clock: Clock) -> None:
        self.http = http
        self.clock = clock
        self._tokens: dict[str, str] = {}

    async def login(self, username: str = "mlapierre", password: str = "demo") -> dict:
        if username not in self._tokens:
            response = await self.http.post(
                "/api/v1/session", json={"username": username, "password": password}
            )
            assert response.status_code == 201, response.text
            self._tokens[username] = response.json()["token"]
        return {"Authorization": f"Bearer {self._tokens[username]}"}

    async def agent(self, organisme: str = "331") -> dict:
        name = f"agent{organisme}"
        if name not in self._tokens:
            response = await self.http.post(
                "/api/v1/backoffice/session", json={"username": name, "password": "demo"}
            )
            assert response.status_code == 201, response.text
            self._tokens[name] = response.json()["token"]
        return {"Authorization": f"Bearer {self._tokens[name]}"}

    async def file(
        self,
        service: str = "signalement",
        values: dict[str, Any] | None = None,
        *,
        organisme: str = "331",
        user: str = "mlapierre",
        attachment_ids: list[str] | None = None,
        key: str | None = None,
    ) -> httpx.Response:
        headers = {**await self.login(user), "Idempotency-Key": key or new_key()}
        body = {
            "service": service,
            "values": VALID_VALUES[service] if values is None else values,
            "attachment_ids": attachment_ids or [],
        }
        return await self.http.post(
            f"/api/v1/organismes/{organisme}/requests", json=body, headers=headers
        )

    async def filed(self, service: str = "signalement", **kwargs: Any) -> dict:
        response = await self.file(service, **kwargs)
        assert response.status_code == 201, response.text
        return response.json()

    async def upload(
        self,
        name: str = "piece.pdf",
        content: bytes = PDF,
        *,
        user: str = "mlapierre",
        agent: str | None = None,
        key: str | None = None,
    ) -> httpx.Response:
        if agent:
            headers = await self.agent(agent)
            path = "/api/v1/backoffice/attachments"
        else:
            headers = await self.login(user)
            path = "/api/v1/attachments"
        return await self.http.post(
            path,
            files={"file": (name, content)},
            headers={**headers, "Idempotency-Key": key or new_key()},
        )

    async def uploaded(self, name: str = "piece.pdf", content: bytes = PDF, **kwargs: Any) -> str:
        response = await self.upload(name, content, **kwargs)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def detail(self, number: str, user: str = "mlapierre") -> httpx.Response:
        return await self.http.get(f"/api/v1/requests/{number}", headers=await self.login(user))

    async def post(
        self, path: str, body: Any = None, *, user: str = "mlapierre", key: bool = True
    ) -> httpx.Response:
        headers = await self.login(user)
        if key:
            headers["Idempotency-Key"] = new_key()
        return await self.http.post(path, json=body, headers=headers)

    async def agent_post(
        self, path: str, body: Any = None, *, organisme: str = "331"
    ) -> httpx.Response:
        headers = {**await self.agent(organisme), "Idempotency-Key": new_key()}
        return await self.http.post(f"/api/v1/backoffice{path}", json=body, headers=headers)

    async def take(self, number: str, organisme: str = "331") -> None:
        response = await self.agent_post(f"/requests/{number}/take", organisme=organisme)
        assert response.status_code == 204, response.text

    async def resolve(
        self, number: str, answer: str = "Prise en charge faite.", files: list[str] | None = None
    ) -> None:
        response = await self.agent_post(
            f"/requests/{number}/resolution", {"answer": answer, "attachment_ids": files or []}
        )
        assert response.status_code == 204, response.text

    async def history(self, user: str = "mlapierre", organisme: str = "331", **params: Any):
        return await self.http.get(
            f"/api/v1/organismes/{organisme}/requests",
            params={k: str(v) for k, v in params.items()},
            headers=await self.login(user),
        )

    def advance_days(self, days: float) -> None:
        """Move the server's clock; the next calls sign in again (sessions last 8 hours)."""
        self.clock.advance(days * 86_400)
        self._tokens.clear()
