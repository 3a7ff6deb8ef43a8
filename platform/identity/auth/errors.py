"""Errors of the auth domain: each answers one problem+json status and code."""

from __future__ import annotations

from typing import Any

from hansa.core.errors import BadRequest, Conflict, Forbidden, TooManyRequests, Unauthorized, ValidationFailed


class InvalidCredentials(Unauthorized):
    """The one answer to every failed login: it never says which part was wrong."""

    default_code = "auth.invalid_credentials"

    def __init__(self, detail: str = "the e-mail, password or code is not right") -> None:
        super().__init__(detail)


class NotAuthenticated(Unauthorized):
    default_code = "auth.not_authenticated"

    def __init__(self, detail: str = "sign in first") -> None:
        super().__init__(detail)


class CsrfFailed(Forbidden):
    default_code = "auth.csrf_failed"

    def __init__(self) -> None:
        super().__init__("a cookie-authenticated change needs the X-CSRF-Token header of the session")


class InvalidToken(BadRequest):
    default_code = "auth.invalid_token"

    def __init__(self, detail: str = "the link is invalid, expired or already used") -> None:
        super().__init__(detail)


class WeakPassword(ValidationFailed):
    default_code = "auth.weak_password"

    def __init__(self, problems: list[str], field: str = "password") -> None:
        super().__init__(
            "the password does not meet the policy",
            errors=[{"field": field, "message": problem, "source": "body"} for problem in problems],
        )


class TwoFactorState(Conflict):
    default_code = "auth.two_factor_state"


class RateLimited(TooManyRequests):
    default_code = "auth.rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many attempts: try again in {retry_after} seconds")
        self.retry_after = retry_after
        self.headers: dict[str, Any] = {"Retry-After": str(retry_after)}
