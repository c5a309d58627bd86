"""The async client of the Espace Partenaires API.

Answers are pydantic models (:mod:`ep_contract.wire`), failures are
:mod:`ep_tui.api_client.errors`.  Reads are retried on network failures and 502/503/504;
writes only when they carry an ``Idempotency-Key`` (the server then answers a retry with the
first answer, never a second request).  On 401 the ``reauthenticate`` hook may get a new
token, and the call is made once more.  Nothing personal is ever logged: only the method, the
path without its query, the status and the time taken.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from ep_contract.domain.addresses import address_refusal
from ep_contract.domain.catalogue import Catalogue
from ep_contract.domain.text import shown_everywhere
from ep_contract.queries import HistoryQuery, StatisticsQuery
from ep_contract.wire import (
    AlertSettings,
    Attachment,
    Cancellation,
    CommentTemplate,
    CommentTemplates,
    Complement,
    Credentials,
    DuplicateQuery,
    Duplicates,
    HistoryPage,
    Me,
    NewMessage,
    NewRequest,
    NewsletterChoice,
    NewsPage,
    Organisme,
    Problem,
    RequestDetail,
    Session,
    Statistics,
    TemplateIn,
    WorkList,
    WorkScope,
)
from ep_tui.api_client import errors
from ep_tui.api_client.retry import (
    DEFAULT_TIMEOUT,
    RETRYABLE_STATUSES,
    RetryPolicy,
    unreachable,
)

log = logging.getLogger("ep_tui.api")


class _RedactQueries(logging.Filter):
    """httpx logs every URL at INFO; the history's filters put names in the query string.
    Keep the path, drop the query, wherever a URL reaches httpx's or httpcore's logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_without_query(arg) for arg in record.args)
        record.msg = _without_query(record.msg)
        return True


def _without_query(value: object) -> object:
    if isinstance(value, httpx.URL):
        return value.copy_with(query=None)
    if isinstance(value, str):
        return value.split("?", 1)[0]
    if isinstance(value, bytes):
        return value.split(b"?", 1)[0]
    return value


for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).addFilter(_RedactQueries())
# httpcore (and hpack, for HTTP/2) log every header of every answer at DEBUG — among them the
# Content-Disposition of a received attachment, which names the person. They log nothing
# else worth having: held at INFO, whatever level the root logger is given.
for _name in ("httpcore", "hpack"):
    logging.getLogger(_name).setLevel(logging.INFO)
Model = TypeVar("Model", bound=BaseModel)
Reauthenticate = Callable[[], Awaitable[bool]]
"""Called on 401 with a token set: returns True when a new token is in place."""

_ORGANISMES = TypeAdapter(list[Organisme])


class EPClient:
    """One technician's connection to one server."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8765",
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        # A transport given is in-process (the demo, the tests); the network is only reached
        # without one, and then never in clear (the config refuses such an address first).
        if transport is None and (refusal := address_refusal(self.base_url)):
            raise ValueError(refusal)
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers={"Accept": "application/json"},
        )
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self.token: str | None = None
        self.reauthenticate: Reauthenticate | None = None
        self.replayed = False
        """The last answer was a replay: its Idempotency-Key had been used by an earlier
        call, which did the work (``Idempotent-Replayed: true``)."""

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> EPClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- plumbing ------------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        files: Any = None,
        idempotency_key: str | None = None,
        authenticated: bool = True,
        repeatable: bool = False,
    ) -> httpx.Response:
        retry_safe = (
            repeatable or method in {"GET", "HEAD", "PUT", "DELETE"} or idempotency_key is not None
        )
        reauthenticated = False
        attempt = 0
        while True:
            attempt += 1
            headers = {}
            if authenticated and self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            if idempotency_key:
                headers["Idempotency-Key"] = idempotency_key
            started = time.perf_counter()
            try:
                response = await self._http.request(
                    method, path, json=json, params=params, files=files, headers=headers
                )
            except httpx.TransportError as error:
                log.info("%s %s failed: %s", method, path, type(error).__name__)
                if retry_safe and attempt < self._retry.attempts:
                    await self._sleep(self._retry.delay(attempt))
                    continue
                raise unreachable(self.base_url, error) from error
            log.info(
                "%s %s → %s in %.0f ms",
                method,
                path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            if (
                response.status_code in RETRYABLE_STATUSES
                and retry_safe
                and attempt < self._retry.attempts
            ):
                await self._sleep(self._retry.delay(attempt))
                continue
            if (
                response.status_code == 401
                and authenticated
                and self.token
                and self.reauthenticate is not None
                and not reauthenticated
            ):
                reauthenticated = True
                if await self.reauthenticate():
                    attempt -= 1  # a new session is not a retry of a failure
                    continue
            if response.is_success:
                self.replayed = response.headers.get("Idempotent-Replayed") == "true"
                return response
            raise self._error(response)

    def _error(self, response: httpx.Response) -> errors.ApiError:
        try:
            problem = Problem.model_validate(_untrusted_json(response))
        except (ValidationError, ValueError):
            problem = Problem(
                title=response.reason_phrase or "Erreur",
                status=response.status_code,
                detail=f"Le serveur a répondu {response.status_code}.",
            )
        return errors.error_for(problem)

    async def _get(
        self, model: type[Model], path: str, params: Mapping[str, str] | None = None
    ) -> Model:
        response = await self._send("GET", path, params=params)
        return _parse(model, response)

    # --- session -------------------------------------------------------------------------

    async def sign_in(self, username: str, password: str) -> Session:
        response = await self._send(
            "POST",
            "/api/v1/session",
            json=Credentials(username=username, password=password).model_dump(),
            authenticated=False,
            # Sent twice, it opens two sessions, and the first is never used: no harm, while
            # a server restarting (503) would otherwise turn the technician away.
            repeatable=True,
        )
        session = _parse(Session, response)
        self.token = session.token
        return session

    async def sign_out(self) -> None:
        if self.token is None:
            return
        try:
            await self._send("DELETE", "/api/v1/session")
        finally:
            self.token = None

    async def me(self) -> Me:
        return await self._get(Me, "/api/v1/me")

    async def set_newsletter(self, subscribed: bool) -> Me:
        response = await self._send(
            "PUT",
            "/api/v1/me/newsletter",
            json=NewsletterChoice(subscribed=subscribed).model_dump(),
        )
        return _parse(Me, response)

    # --- organismes ----------------------------------------------------------------------

    async def organismes(self) -> list[Organisme]:
        response = await self._send("GET", "/api/v1/organismes")
        try:
            return _ORGANISMES.validate_python(_untrusted_json(response))
        except ValidationError as error:
            raise errors.contract_broken(response.status_code) from error

    async def catalogue(self, organisme_code: str) -> Catalogue:
        return await self._get(Catalogue, f"/api/v1/organismes/{organisme_code}/catalogue")

    async def news(self, organisme_code: str, *, limit: int = 20, offset: int = 0) -> NewsPage:
        return await self._get(
            NewsPage,
            f"/api/v1/organismes/{organisme_code}/news",
            {"limit": str(limit), "offset": str(offset)},
        )

    # --- requests ------------------------------------------------------------------------

    async def upload(self, name: str, content: bytes, *, idempotency_key: str) -> Attachment:
        response = await self._send(
            "POST",
            "/api/v1/attachments",
            files={"file": (name, content)},
            idempotency_key=idempotency_key,
        )
        return _parse(Attachment, response)

    async def pending_upload(self, attachment_id: str) -> Attachment | None:
        """One of my uploads not attached yet, or None when the server no longer has it
        (unattached uploads are purged after a day). Read-only, retried."""
        try:
            response = await self._send(
                "GET", f"/api/v1/attachments/{quote(attachment_id, safe='')}", repeatable=True
            )
        except errors.NotFound:
            return None
        return _parse(Attachment, response)

    async def file_request(
        self, organisme_code: str, request: NewRequest, *, idempotency_key: str
    ) -> RequestDetail:
        """File a request. Keep the key for the whole life of the form: a retry with the same
        key after a lost answer returns the request already filed."""
        response = await self._send(
            "POST",
            f"/api/v1/organismes/{organisme_code}/requests",
            json=request.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )
        return _parse(RequestDetail, response)

    async def duplicates(self, organisme_code: str, query: DuplicateQuery) -> Duplicates:
        """Requests in progress for the same person, ODS and motif (read-only, retried)."""
        response = await self._send(
            "POST",
            f"/api/v1/organismes/{organisme_code}/duplicates",
            json=query.model_dump(mode="json"),
            repeatable=True,  # a read, a POST only to keep the person out of the URL
        )
        return _parse(Duplicates, response)

    async def history(self, organisme_code: str, query: HistoryQuery | None = None) -> HistoryPage:
        return await self._get(
            HistoryPage,
            f"/api/v1/organismes/{organisme_code}/requests",
            (query or HistoryQuery()).params(),
        )

    async def request(self, number: str) -> RequestDetail:
        """The request's detail. The server takes it as read by this technician: its
        answers leave « À traiter »."""
        return await self._get(RequestDetail, f"/api/v1/requests/{number}")

    # --- « À traiter » -------------------------------------------------------------------

    async def work_list(self, scope: WorkScope = "mine") -> WorkList:
        """Unread answers, deadlines near, requests waiting past the structure's thresholds,
        across every listed organisme."""
        return await self._get(WorkList, "/api/v1/worklist", {"scope": scope})

    async def statistics(self, query: StatisticsQuery) -> Statistics:
        """« Pilotage du partenariat »: the COPIL's figures of the structure (counts and
        durations only)."""
        return await self._get(Statistics, "/api/v1/statistics", query.params())

    async def alert_settings(self) -> AlertSettings:
        return await self._get(AlertSettings, "/api/v1/alert-settings")

    async def comment_templates(self) -> list[CommentTemplate]:
        """The structure's « Modèles de commentaire », sorted by title."""
        return (await self._get(CommentTemplates, "/api/v1/comment-templates")).items

    async def create_template(
        self, template: TemplateIn, *, idempotency_key: str
    ) -> CommentTemplate:
        response = await self._send("POST", "/api/v1/comment-templates",
                                    json=template.model_dump(mode="json"),
                                    idempotency_key=idempotency_key)  # fmt: skip
        return _parse(CommentTemplate, response)

    async def update_template(self, template_id: int, template: TemplateIn) -> CommentTemplate:
        response = await self._send("PUT", f"/api/v1/comment-templates/{template_id}",
                                    json=template.model_dump(mode="json"))  # fmt: skip
        return _parse(CommentTemplate, response)

    async def delete_template(self, template_id: int) -> None:
        await self._send("DELETE", f"/api/v1/comment-templates/{template_id}")

    async def complete(
        self, number: str, complement: Complement, *, idempotency_key: str
    ) -> RequestDetail:
        response = await self._send(
            "POST",
            f"/api/v1/requests/{number}/complement",
            json=complement.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )
        return _parse(RequestDetail, response)

    async def cancel(
        self, number: str, cancellation: Cancellation, *, idempotency_key: str
    ) -> None:
        await self._send(
            "POST",
            f"/api/v1/requests/{number}/cancellation",
            json=cancellation.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def send_message(
        self, number: str, message: NewMessage, *, idempotency_key: str
    ) -> RequestDetail:
        response = await self._send(
            "POST",
            f"/api/v1/requests/{number}/messages",
            json=message.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )
        return _parse(RequestDetail, response)

    async def close_exchange(self, number: str) -> RequestDetail:
        response = await self._send("POST", f"/api/v1/requests/{number}/exchange/close")
        return _parse(RequestDetail, response)

    async def download(self, number: str, attachment_id: str) -> bytes:
        response = await self._send("GET", f"/api/v1/requests/{number}/attachments/{attachment_id}")
        return response.content


def _untrusted_json(response: httpx.Response) -> Any:
    """The response's JSON with every string fit to be shown on a terminal: a hostile or
    broken server (an agent's answer, a file's name, an organisme's name…) must not write
    escape sequences, bidirectional overrides or invisible characters to the technician's
    screen (ep_contract.domain.text). Done once here, for every model the client returns."""
    return shown_everywhere(json.loads(response.content))


def _parse(model: type[Model], response: httpx.Response) -> Model:
    try:
        return model.model_validate(_untrusted_json(response))
    except (ValidationError, ValueError) as error:
        raise errors.contract_broken(response.status_code) from error
