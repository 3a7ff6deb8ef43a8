"""One error base. Expected failures are ``HansaError`` subclasses with a 4xx status;
a single exception handler turns them into ``application/problem+json``.

One class per condition; its ``code`` is ``<domain>.<reason>`` (the base classes
here answer ``http.<reason>``), and the web UI keys messages by it."""

from __future__ import annotations

from typing import Any


class HansaError(Exception):
    """Base of every expected failure; ``status_code`` decides the HTTP answer."""

    status_code = 500
    title = "Internal error"
    default_code = "http.internal"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.errors = errors or []


class BadRequest(HansaError):
    status_code = 400
    title = "Bad request"
    default_code = "http.bad_request"


class Unauthorized(HansaError):
    status_code = 401
    title = "Not signed in"
    default_code = "http.unauthorized"


class Forbidden(HansaError):
    status_code = 403
    title = "Forbidden"
    default_code = "http.forbidden"


class NotFound(HansaError):
    status_code = 404
    title = "Not found"
    default_code = "http.not_found"


class Conflict(HansaError):
    status_code = 409
    title = "Conflict"
    default_code = "http.conflict"


class ValidationFailed(HansaError):
    status_code = 422
    title = "Validation failed"
    default_code = "http.validation_failed"


class TooManyRequests(HansaError):
    status_code = 429
    title = "Too many requests"
    default_code = "http.rate_limited"
