"""RFC 9457 problem details: one exception type the handlers raise, rendered by the app."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ep_contract.wire import Problem

PROBLEM_JSON = "application/problem+json"
_TITLES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Accès refusé",
    404: "Introuvable",
    405: "Méthode non autorisée",
    409: "Conflit",
    410: "Plus disponible",
    413: "Contenu trop volumineux",
    415: "Type de contenu non accepté",
    422: "Données invalides",
    428: "En-tête requis",
    429: "Trop de tentatives",
    500: "Erreur interne",
    503: "Service indisponible",
}


class ProblemError(Exception):
    """Raised by the handlers; becomes a ``application/problem+json`` answer."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        errors: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.errors = errors or {}
        self.headers = headers or {}

    def problem(self, instance: str | None = None) -> Problem:
        return Problem(
            type=f"https://ep-tui.invalid/problems/{self.code}" if self.code else "about:blank",
            title=_TITLES.get(self.status, "Erreur"),
            status=self.status,
            detail=self.detail,
            instance=instance,
            code=self.code,
            errors=self.errors,
        )


def problem_response(error: ProblemError, instance: str | None = None) -> JSONResponse:
    return JSONResponse(
        error.problem(instance).model_dump(mode="json"),
        status_code=error.status,
        media_type=PROBLEM_JSON,
        headers=error.headers,
    )


def field_errors(errors: dict[str, str], detail: str | None = None) -> ProblemError:
    return ProblemError(
        422,
        detail or "Certains champs sont invalides.",
        code="invalid_fields",
        errors=errors,
    )


def _field_name(location: tuple[Any, ...]) -> str:
    # ("body", "values", "nom") → "values.nom"; drop the "body"/"query" prefix.
    parts = [str(part) for part in location[1:]] or [str(p) for p in location]
    return ".".join(parts)


async def on_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ProblemError)
    return problem_response(error, request.url.path)


async def on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors: dict[str, str] = {}
    for item in error.errors():
        errors.setdefault(_field_name(tuple(item.get("loc", ()))), str(item.get("msg", "")))
    return problem_response(
        ProblemError(
            422, "La requête ne respecte pas le contrat.", code="invalid_request", errors=errors
        ),
        request.url.path,
    )


async def on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return problem_response(
        ProblemError(error.status_code, str(error.detail), headers=dict(error.headers or {})),
        request.url.path,
    )


def declare_problems(spec: dict[str, Any]) -> dict[str, Any]:
    """Say in the OpenAPI document what every refusal really is: FastAPI declares its own
    422 body (``HTTPValidationError``, ``application/json``), while this server answers every
    4xx and 5xx with a problem (``application/problem+json``); a client generated from the
    document, or a fuzzer checking answers against it, must see the truth."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = Problem.model_json_schema()
    problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            responses["4XX"] = {"description": "Refusée : un problème RFC 9457 dit pourquoi, "
                                "champ par champ dans « errors ».", "content": problem}  # fmt: skip
            responses["5XX"] = {"description": "Panne du serveur (503 : réessayer plus tard).",
                                "content": problem}  # fmt: skip
    return spec
