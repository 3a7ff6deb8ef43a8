"""HTTP plumbing every domain shares: problem+json errors, request ids, access log."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

import msgspec
from litestar import Litestar, MediaType, Request, Response
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from hansa.core.errors import HansaError
from hansa.core.logging import request_id_var

log = logging.getLogger("hansa.http")
PROBLEM_JSON = "application/problem+json"
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


def problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """The single exception handler: every error leaves as application/problem+json."""
    if isinstance(exc, HansaError):
        status, title, detail, code, errors = exc.status_code, exc.title, exc.detail, exc.code, exc.errors
    elif isinstance(exc, ValidationException):
        status, title, code = 400, "Invalid request", "invalid_request"
        detail = "the request does not match the expected shape"
        errors = _field_errors(exc.extra) or _missing_parameter(str(exc.detail))
    elif isinstance(exc, HTTPException):
        status, title, code, errors = exc.status_code, exc.detail, f"http_{exc.status_code}", []
        detail = exc.detail
    else:
        log.exception("unhandled error", exc_info=exc)
        status, title, detail, code, errors = 500, "Internal error", "something went wrong", "internal", []
    body: dict[str, Any] = {
        "type": f"urn:hansa:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        "request_id": request_id_var.get(),
    }
    if errors:
        body["errors"] = errors
    headers = getattr(exc, "headers", None) or {}
    return Response(content=body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


class FieldError(msgspec.Struct, frozen=True):
    field: str | None
    message: str | None = None
    source: str | None = None


class Problem(msgspec.Struct, frozen=True):
    """What every error answer carries (RFC 9457 problem details + our code)."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    request_id: str | None = None
    errors: list[FieldError] | None = None


_RESERVED_KWARGS = {"request", "state", "headers", "cookies", "query", "scope", "socket", "body"}


def _problem(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem, media_type=PROBLEM_JSON, description=description, generate_examples=False
    )


def document_problems(app: Litestar) -> None:
    """Make the OpenAPI document say what the error handler really sends.

    Litestar documents its own 400 body; ours is problem+json. Each API handler gets
    the error answers its shape allows (a body or parameters: 400/422, a caller:
    401/403, a path id: 404); answers a handler declares itself win."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/api/"):
            continue
        for handler in route.route_handlers:
            errors = _problems_of(handler, has_path_params=bool(route.path_parameters))
            handler.responses = {**errors, **(handler.responses or {})}


def _problems_of(handler: HTTPRouteHandler, *, has_path_params: bool) -> dict[int, ResponseSpec]:
    parameters = handler.parsed_fn_signature.parameters
    injected = set(handler.resolve_dependencies()) | _RESERVED_KWARGS
    errors: dict[int, ResponseSpec] = {}
    if any(name not in injected for name in parameters):
        errors[400] = _problem("The request does not match the expected shape; errors name the fields.")
        errors[422] = _problem("The request breaks a rule; errors name the fields.")
    if "principal" in parameters:
        errors[401] = _problem("Not signed in: no valid session, bearer token or API key.")
        errors[403] = _problem("Signed in, but the role or the organisation's state does not allow this.")
    if has_path_params:
        errors[404] = _problem("No such resource for this caller (other organisations' ids included).")
    return errors


_FIELD_IN_MESSAGE = re.compile(r"field `([^`]+)`")
_MISSING_PARAMETER = re.compile(r"Missing required (\w+) parameter '([^']+)'")


def _field_errors(extra: Any) -> list[dict[str, Any]]:
    if not isinstance(extra, list):
        return []
    return [
        {"field": _field_name(item), "message": item.get("message"), "source": item.get("source")}
        for item in extra
        if isinstance(item, dict)
    ]


def _missing_parameter(detail: str) -> list[dict[str, Any]]:
    """Litestar names a missing parameter only in its message."""
    found = _MISSING_PARAMETER.search(detail)
    if not found:
        return []
    return [{"field": found.group(2), "message": "required", "source": found.group(1)}]


def _field_name(item: dict[str, Any]) -> Any:
    """Litestar names the whole body ``data`` for a missing or unknown field; msgspec's
    message names the field itself."""
    key = item.get("key")
    if key == "data":
        found = _FIELD_IN_MESSAGE.search(str(item.get("message", "")))
        if found:
            return found.group(1)
    return key


class RequestContextMiddleware:
    """Gives each request an id (taken from ``X-Request-ID`` when sane), echoes it
    back, and writes one access-log line when the response is done."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID_RE.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)["x-request-id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                extra={
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id_var.reset(token)


__all__ = [
    "PROBLEM_JSON",
    "MediaType",
    "Problem",
    "RequestContextMiddleware",
    "document_problems",
    "problem_response",
]
