"""Who is calling: Litestar dependencies that turn credentials into a ``Principal``.

Credentials, in this order:

1. ``Authorization: Bearer <token>``: an API key (``hk_...``) or a session token
   (API clients; no CSRF check, a browser never adds this header by itself);
2. the ``hansa_session`` cookie (the web UI): an unsafe method (POST, PUT, PATCH,
   DELETE) must also send ``X-CSRF-Token`` equal to the session's CSRF token,
   else 403.

Wire them under these names (see ``AUTH_DEPENDENCIES``)::

    dependencies = {"maybe_principal": Provide(provide_principal),
                    "principal": Provide(require_principal)}

and take ``principal: NamedDependency[Principal]`` in a handler that needs a
caller (401 without one), or ``maybe_principal: NamedDependency[Principal | None]``.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any, Literal, cast

from litestar import Request
from litestar.di import NamedDependency, Provide

from hansa.core.db import Tx
from hansa.core.logging import request_id_var
from hansa.core.resources import Resources
from hansa.identity.auth import apikeys, service
from hansa.identity.auth.errors import CsrfFailed, NotAuthenticated
from hansa.identity.auth.repository import SessionRow
from hansa.identity.principal import Principal

SESSION_COOKIE = "hansa_session"
CSRF_COOKIE = "hansa_csrf"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_PRINCIPAL = "hansa_principal"  # the request state key of the caller, once looked up


@dataclass(frozen=True, slots=True)
class Credentials:
    token: str
    via: Literal["bearer", "cookie"]


def credentials(request: Request[Any, Any, Any]) -> Credentials | None:
    """The credentials a request carries; a bearer header wins over the cookie."""
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return Credentials(value.strip(), "bearer")
        return None  # another scheme: not ours, and no silent fallback to the cookie
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return Credentials(cookie, "cookie")
    return None


def check_csrf(request: Request[Any, Any, Any], creds: Credentials, session: SessionRow) -> None:
    """403 for a cookie-authenticated unsafe request without the session's CSRF token."""
    if creds.via != "cookie" or request.method not in UNSAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf_token.encode()):
        raise CsrfFailed()


async def current_session(
    request: Request[Any, Any, Any], resources: Resources, *, allow_pending: bool = False
) -> tuple[Credentials, SessionRow] | None:
    """The session the request authenticates with (CSRF checked), or ``None``."""
    creds = credentials(request)
    if creds is None or apikeys.looks_like_api_key(creds.token):
        return None
    session = await service.session_for_token(resources, creds.token, allow_pending=allow_pending)
    if session is None:
        return None
    check_csrf(request, creds, session)
    return creds, session


async def provide_principal(
    request: Request[Any, Any, Any], resources: NamedDependency[Resources]
) -> Principal | None:
    """The caller, or ``None`` when the request carries no valid credentials.

    A half-authenticated session (password given, second factor pending) is no
    caller here: only ``POST /api/v1/auth/login/2fa`` accepts it.
    """
    return await principal_of(request, resources)


async def principal_of(
    request: Request[Any, Any, Any], resources: Resources, tx: Tx | None = None
) -> Principal | None:
    """``provide_principal``, looked up once per request: the context guard
    authenticates first (on its ``tx``), and a handler's ``principal`` dependency
    reuses its answer. Without ``tx`` it opens a transaction only for credentials."""
    state = request.state
    if _PRINCIPAL in state:
        return cast(Principal | None, state[_PRINCIPAL])
    if tx is not None:
        principal = await _authenticate(tx, request, resources)
    elif credentials(request) is None:
        principal = None
    else:
        async with resources.db.transaction() as own:
            principal = await _authenticate(own, request, resources)
    state[_PRINCIPAL] = principal
    return principal


async def _authenticate(tx: Tx, request: Request[Any, Any, Any], resources: Resources) -> Principal | None:
    creds = credentials(request)
    if creds is None:
        return None
    if creds.via == "bearer" and apikeys.looks_like_api_key(creds.token):
        return await apikeys.authenticate_api_key_in(tx, creds.token)
    if apikeys.looks_like_api_key(creds.token):
        return None
    session = await service.session_for_token_in(tx, resources.settings, creds.token)
    if session is None:
        return None
    check_csrf(request, creds, session)
    return Principal(
        kind="user",
        id=session.user_id,
        user_id=session.user_id,
        org_id=session.active_org_id,
        session_id=session.id,
        request_id=request_id_var.get(),
    )


async def require_principal(maybe_principal: NamedDependency[Principal | None]) -> Principal:
    """The caller; 401 when there is none."""
    if maybe_principal is None:
        raise NotAuthenticated()
    return maybe_principal


async def require_user(principal: NamedDependency[Principal]) -> Principal:
    """A signed-in user (not an API key); 401 otherwise."""
    if principal.kind != "user" or principal.user_id is None:
        raise NotAuthenticated("this needs a signed-in user, not an API key")
    return principal


AUTH_DEPENDENCIES: dict[str, Provide] = {
    "maybe_principal": Provide(provide_principal),
    "principal": Provide(require_principal),
}
# routes of a signed-in user's own things: ``user`` (401 for an API key)
USER_DEPENDENCIES: dict[str, Provide] = {**AUTH_DEPENDENCIES, "user": Provide(require_user)}
