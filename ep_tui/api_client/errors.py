"""What can go wrong talking to the server, as exceptions the screens can act on.

``ApiError`` ─┬─ ``Unavailable``      network failure, timeout, 5xx: nothing is lost, retry
              ├─ ``AuthError``        401: sign in again (the session expired or was revoked)
              ├─ ``BadCredentials``   401 at sign-in: wrong identifiant or mot de passe
              ├─ ``Forbidden``        403
              ├─ ``NotFound``         404 (also another structure's request: no enumeration)
              ├─ ``Conflict``         409: the request's status forbids it, or it changed
              ├─ ``Gone``             410: a download after its 15 days
              ├─ ``FieldErrors``      422: a message per field, to show under each field
              └─ ``Refused``          any other 4xx
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic is not needed to name an error: the screens import this early
    from ep_contract.wire import Problem


class ApiError(Exception):
    def __init__(
        self, message: str, *, problem: Problem | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problem = problem
        self.status = status if status is not None else (problem.status if problem else None)

    @property
    def code(self) -> str | None:
        return self.problem.code if self.problem else None


class Unavailable(ApiError):
    """The server could not be reached or failed; the technician's input is kept."""


class AuthError(ApiError):
    pass


class BadCredentials(AuthError):
    pass


class Forbidden(ApiError):
    pass


class NotFound(ApiError):
    pass


class Conflict(ApiError):
    pass


class Gone(ApiError):
    pass


class Refused(ApiError):
    pass


class FieldErrors(ApiError):
    @property
    def fields(self) -> dict[str, str]:
        return dict(self.problem.errors) if self.problem else {}


_BY_STATUS: dict[int, type[ApiError]] = {
    401: AuthError,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    410: Gone,
    422: FieldErrors,
}


def error_for(problem: Problem) -> ApiError:
    message = problem.detail or problem.title
    if problem.status == 401 and problem.code == "bad_credentials":
        return BadCredentials(message, problem=problem)
    if problem.status >= 500:
        return Unavailable(message, problem=problem)
    kind = _BY_STATUS.get(problem.status, Refused)
    return kind(message, problem=problem)


def contract_broken(status: int | None) -> Unavailable:
    """An answer the API's models do not describe. Never with its body: it may hold
    personal data."""
    said = f" ({status})" if status is not None else ""
    return Unavailable(
        f"Réponse inattendue du serveur{said} : contrat non respecté.", status=status
    )
