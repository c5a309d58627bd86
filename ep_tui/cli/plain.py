"""The reading commands' way to the server: httpx's synchronous client, and the server's
answers checked against the API's JSON Schema (ep_tui.cli.schema) instead of its pydantic
models.

Why not the app's client: importing pydantic and building the ~60 wire models costs about
240 ms, and asyncio with anyio 20 to 40 more — more than the work of a reading command against
a server next door (bench/RESULTS.md, « Command line »). What is read is checked: every
property the models require, its type (strictly: 1 is not true), date or moment, its
enumeration and its length, no property the models do not know; every string is made fit for
a terminal first (ep_contract.domain.text). A value that fails is « contrat non respecté », as
in the app.

Decoded objects answer to the same attribute names as the models (``detail.actions.cancel``,
``item.status``), so the renderers serve both; the statuses and other enumerations are the
domain's own classes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import date, datetime, timedelta
from enum import Enum
from functools import cache
from types import SimpleNamespace
from typing import Any

import httpx

from ep_contract.domain.convention import ConventionState
from ep_contract.domain.statistics import PeriodKind
from ep_contract.domain.statuses import Status
from ep_contract.domain.text import shown_everywhere
from ep_contract.domain.worklist import ItemKind
from ep_tui.api_client import errors
from ep_tui.api_client.retry import (
    DEFAULT_TIMEOUT,
    RETRYABLE_STATUSES,
    RetryPolicy,
    unreachable,
)

ENUMS: dict[str, type[Enum]] = {
    "ConventionState": ConventionState,
    "ItemKind": ItemKind,
    "PeriodKind": PeriodKind,
    "Status": Status,
}
"""The schema's enumerations that the domain defines: decoded to its members."""


class Record(SimpleNamespace):
    """An object of the schema: its properties as attributes, in the schema's order."""


class Unreadable(ValueError):
    """A value that is not what the schema declares; ``where`` names the property."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


class Schema:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = document["$defs"]

    def decode(self, name: str, value: Any) -> Any:
        """``value`` (parsed JSON) as the model ``name`` declares it, or Unreadable."""
        return self._value(self.defs[name], value, name)

    def _value(self, node: Mapping[str, Any], value: Any, where: str) -> Any:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            decoded = self._value(self.defs[name], value, where)
            kind = ENUMS.get(name)  # by its definition's name: a Literal's title is its field's
            return kind(decoded) if kind else decoded
        if "anyOf" in node:
            for choice in node["anyOf"]:
                try:
                    return self._value(choice, value, where)
                except Unreadable:
                    continue
            raise Unreadable(where)
        if "enum" in node:
            if value not in node["enum"]:
                raise Unreadable(where)
            return value
        if "type" not in node:  # Any
            return value
        return _DECODERS[node["type"]](self, node, value, where)

    def _object(self, node: Mapping[str, Any], value: Any, where: str) -> Any:
        if not isinstance(value, dict):
            raise Unreadable(where)
        if "properties" not in node:  # a mapping: dict[str, X]
            inner = node.get("additionalProperties", {})
            return {key: self._value(inner, item, f"{where}.{key}") if inner else item
                    for key, item in value.items()}  # fmt: skip
        properties: Mapping[str, Any] = node["properties"]
        if node.get("additionalProperties") is False and (extra := set(value) - set(properties)):
            raise Unreadable(f"{where}.{sorted(extra)[0]}")
        fields = {}
        for key, inner in properties.items():
            if key in value:
                fields[key] = self._value(inner, value[key], f"{where}.{key}")
            elif key in node.get("required", ()):
                raise Unreadable(f"{where}.{key}")
            else:
                fields[key] = _default(inner)
        return Record(**fields)

    def _array(self, node: Mapping[str, Any], value: Any, where: str) -> list[Any]:
        if not isinstance(value, list) or len(value) > node.get("maxItems", len(value)):
            raise Unreadable(where)
        inner = node.get("items", {})
        return [self._value(inner, item, f"{where}[{i}]") if inner else item
                for i, item in enumerate(value)]  # fmt: skip


def _string(schema: Schema, node: Mapping[str, Any], value: Any, where: str) -> Any:
    if not isinstance(value, str):
        raise Unreadable(where)
    if not node.get("minLength", 0) <= len(value) <= node.get("maxLength", len(value)):
        raise Unreadable(where)
    try:
        match node.get("format"):
            case "date-time" if _MOMENT.fullmatch(value):
                return datetime.fromisoformat(value)
            case "date" if _DAY.fullmatch(value):
                return date.fromisoformat(value)
            case "date-time" | "date":  # fromisoformat takes week dates and basic forms too
                raise Unreadable(where)
    except ValueError:
        raise Unreadable(where) from None
    return value


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})?", re.ASCII
)
"""RFC 3339, as pydantic reads it (a missing offset is a naive moment, as there)."""
_TOKEN = re.compile(r"[!-~]{1,4096}", re.ASCII)


def _number(schema: Schema, node: Mapping[str, Any], value: Any, where: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Unreadable(where)
    # No « minimum » nor « maximum »: some are only documented (the alert thresholds, which
    # the server checks when they are set), and the models do not refuse them when read.
    if node["type"] == "number":
        return float(value)
    if isinstance(value, float) and not value.is_integer():  # 3.0 is 3, as for pydantic
        raise Unreadable(where)
    return int(value)


def _boolean(schema: Schema, node: Mapping[str, Any], value: Any, where: str) -> Any:
    if not isinstance(value, bool):
        raise Unreadable(where)
    return value


def _null(schema: Schema, node: Mapping[str, Any], value: Any, where: str) -> Any:
    if value is not None:
        raise Unreadable(where)
    return None


_DECODERS: dict[str, Callable[[Schema, Mapping[str, Any], Any, str], Any]] = {
    "object": Schema._object,
    "array": Schema._array,
    "string": _string,
    "integer": _number,
    "number": _number,
    "boolean": _boolean,
    "null": _null,
}


def _default(node: Mapping[str, Any]) -> Any:
    if "default" in node:
        return node["default"]
    # A default_factory leaves no default in the schema: an empty list or mapping.
    return {"array": [], "object": {}}.get(node.get("type", ""))


@cache
def schema() -> Schema:
    from ep_tui.cli.schema import PATH

    return Schema(json.loads(PATH.read_text(encoding="utf-8")))


def jsonable(value: Any) -> Any:
    """A decoded value back as the API's JSON (what pydantic's ``model_dump(mode="json")``
    gives for the same model)."""
    if isinstance(value, Record):
        return {key: jsonable(item) for key, item in vars(value).items()}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if value.utcoffset() == timedelta(0) else text
    if isinstance(value, date):
        return value.isoformat()
    return value


class BadAddress(ValueError):
    """The server's address cannot be reached by any request (« https://[::1 »)."""


SIGN_OUT_TIMEOUT = 2.0
"""Seconds: what was read is printed after signing out, and the token dies at its expiry."""


class Reader:
    """One signed-in session of a reading command: ``get`` a path, decoded as a model."""

    def __init__(self, base_url: str, transport: httpx.BaseTransport | None = None,
                 retry: RetryPolicy | None = None) -> None:  # fmt: skip
        self.base_url = base_url.rstrip("/")
        try:
            self._http = httpx.Client(base_url=self.base_url, transport=transport,
                                      timeout=DEFAULT_TIMEOUT,
                                      headers={"Accept": "application/json"})  # fmt: skip
        except (httpx.InvalidURL, ValueError) as error:  # UnicodeError (IDNA) is one
            raise BadAddress(self.base_url) from error
        self._retry = retry or RetryPolicy()
        self.token: str | None = None
        self.session: Any = None

    def close(self) -> None:
        self._http.close()

    def sign_in(self, username: str, password: str) -> Any:
        answer = self._send("POST", "/api/v1/session",
                            json={"username": username, "password": password})  # fmt: skip
        self.session = self._decoded("Session", answer)
        if not _TOKEN.fullmatch(self.session.token):  # it goes into a header
            raise errors.contract_broken(answer.status_code)
        self.token = self.session.token
        return self.session

    def sign_out(self) -> None:
        """Once, and briefly."""
        if self.token is not None:
            try:
                self._send("DELETE", "/api/v1/session", attempts=1, timeout=SIGN_OUT_TIMEOUT)
            finally:
                self.token = None

    def get(self, model: str, path: str, params: Mapping[str, str] | None = None) -> Any:
        """The answer at ``path`` as ``model`` declares it; ``list[Model]`` for a list."""
        return self._decoded(model, self._send("GET", path, params=params))

    def _decoded(self, model: str, response: httpx.Response) -> Any:
        try:
            value = _json(response)
            if model.startswith("list["):
                if not isinstance(value, list):
                    raise Unreadable(model)
                return [schema().decode(model[5:-1], item) for item in value]
            return schema().decode(model, value)
        except (ValueError, RecursionError) as error:  # Unreadable, not JSON, nested too deep
            raise errors.contract_broken(response.status_code) from error

    def _send(self, method: str, path: str, attempts: int | None = None,
              **options: Any) -> httpx.Response:  # fmt: skip
        """Every call of a reading command may be sent again: a session opened twice is
        never used, a read changes nothing, a sign-out twice is one."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        attempts = attempts or self._retry.attempts
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._http.request(method, path, headers=headers, **options)
            except httpx.TransportError as error:
                if attempt < attempts:
                    time.sleep(self._retry.delay(attempt))
                    continue
                raise unreachable(self.base_url, error) from error
            except httpx.DecodingError as error:  # a body its Content-Encoding does not decode
                raise errors.contract_broken(None) from error
            except (httpx.InvalidURL, UnicodeError) as error:
                raise BadAddress(self.base_url) from error
            if response.status_code in RETRYABLE_STATUSES and attempt < attempts:
                time.sleep(self._retry.delay(attempt))
                continue
            if response.is_success:
                return response
            if response.is_redirect or response.status_code < 400:
                raise errors.Unavailable(
                    f"Le serveur renvoie ailleurs ({response.status_code}) : vérifiez son "
                    "adresse (https://, le chemin).", status=response.status_code)  # fmt: skip
            raise errors.error_for(self._problem(response))

    def _problem(self, response: httpx.Response) -> Any:
        try:
            problem = schema().decode("Problem", _json(response))
        except (ValueError, RecursionError):
            problem = schema().decode("Problem", {
                "title": response.reason_phrase or "Erreur", "status": response.status_code,
                "detail": f"Le serveur a répondu {response.status_code}."})  # fmt: skip
        problem.status = response.status_code  # the answer's, whatever its body says
        return problem


def _json(response: httpx.Response) -> Any:
    """The answer's JSON, every string made fit for a terminal."""
    return shown_everywhere(json.loads(response.content))


@contextmanager
def signed_in(base_url: str, username: str, password: str,
              transport: httpx.BaseTransport | None = None) -> Iterator[Reader]:  # fmt: skip
    """A Reader signed in for the ``with`` block, signed out after it (the token would die at
    its expiry anyway: a failure to sign out is not the command's)."""
    reader = Reader(base_url, transport)
    try:
        reader.sign_in(username, password)
        try:
            yield reader
        finally:
            with suppress(errors.ApiError):
                reader.sign_out()
    finally:
        reader.close()


class Blocking(httpx.BaseTransport):
    """An in-process asynchronous transport (the demo's embedded server) for the synchronous
    client: its requests run on an event loop of its own."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        import asyncio

        self._inner = inner
        self._loop = asyncio.Runner()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._inner.handle_async_request(request)
            try:
                raw = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
            finally:
                await response.aclose()
            return httpx.Response(response.status_code, headers=response.headers,
                                  stream=httpx.ByteStream(raw),
                                  extensions=response.extensions)  # fmt: skip

        return self._loop.run(send())

    def close(self) -> None:
        self._loop.run(self._inner.aclose())
        self._loop.close()
