"""HTTP plumbing every domain shares: problem+json errors, request ids, access log."""

from __future__ import annotations

import logging
import re
import time
import traceback
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, get_args, get_origin

import msgspec
from litestar import Litestar, MediaType, Request, Response
from litestar._openapi import datastructures as _openapi_registry
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.routes import HTTPRoute
from litestar.status_codes import HTTP_204_NO_CONTENT
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.typing import FieldDefinition

from hansa.core.errors import HansaError
from hansa.core.logging import request_id_var

log = logging.getLogger("hansa.http")
PROBLEM_JSON = "application/problem+json"
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


def problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """The single exception handler: every error leaves as application/problem+json."""
    if isinstance(exc, HansaError):
        status, title, detail, code, errors = exc.status_code, exc.title, exc.detail, exc.code, exc.errors
    elif isinstance(exc, ValidationException) and (rule := _broken_rule(exc)):
        status, title, code = 422, "Validation failed", "http.validation_failed"
        detail, errors = str(rule), _rule_errors(exc.extra, rule)
    elif isinstance(exc, ValidationException):
        status, title, code = 400, "Invalid request", "http.invalid_request"
        detail = "the request does not match the expected shape"
        errors = _field_errors(exc.extra) or _missing_parameter(str(exc.detail))
    elif isinstance(exc, HTTPException):
        status, title, code, errors = exc.status_code, exc.detail, _http_code(exc.status_code), []
        detail = exc.detail
    else:
        log.exception("unhandled error", exc_info=exc)
        status, title, detail, code, errors = (
            500,
            "Internal error",
            "something went wrong",
            "http.internal",
            [],
        )
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
# dependencies that answer 401 without a caller and 403 for a caller who may not act
_CALLER_DEPENDENCIES = {"principal", "user"}
# a handler's opt key: a guard refuses it without a caller (401) or to one who may not act (403)
CALLER_REQUIRED = "caller_required"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_OPERATOR_PREFIX = "/api/v1/operator/"
_SESSION_PREFIX = "/api/v1/auth/"  # signing in and out changes nothing another request could hold

PROBLEM_DESCRIPTIONS = {
    400: "The request does not match the expected shape; errors name the fields.",
    401: "Not signed in: no valid session, bearer token or API key.",
    403: "Signed in, but the role or the organisation's state does not allow this.",
    404: "No such resource for this caller (other organisations' ids included).",
    409: "The current state does not allow this: a name or code taken, a resource in use, a wrong step.",
    410: "Gone: retention removed it.",
    413: "The request body is larger than allowed.",
    422: "The request breaks a rule; errors name the fields.",
    429: "Too many attempts: wait the seconds in Retry-After.",
}


def _problem(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem, media_type=PROBLEM_JSON, description=description, generate_examples=False
    )


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """Error answers a handler declares itself (``responses=problems(401, 429)``), for
    those its signature does not show."""
    return {status: _problem(PROBLEM_DESCRIPTIONS[status]) for status in statuses}


def document_problems(app: Litestar) -> None:
    """Make the OpenAPI document say what the error handler really sends.

    Litestar documents its own 400 body; ours is problem+json. Each API handler gets
    the error answers its shape allows (a body or parameters: 400/422; a caller:
    401/403; a path id or an operator route: 404; a write: 409); answers a handler
    declares itself win."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/api/"):
            continue
        for handler in route.route_handlers:
            errors = _problems_of(handler, route)
            handler.responses = {**errors, **(handler.responses or {})}


def _problems_of(handler: HTTPRouteHandler, route: HTTPRoute) -> dict[int, ResponseSpec]:
    parameters = handler.parsed_fn_signature.parameters
    injected = set(handler.resolve_dependencies()) | _RESERVED_KWARGS
    statuses = set()
    if any(name not in injected for name in parameters):
        statuses |= {400, 422}
    if _CALLER_DEPENDENCIES & set(parameters) or handler.opt.get(CALLER_REQUIRED):
        statuses |= {401, 403}
    if route.path_parameters or route.path.startswith(_OPERATOR_PREFIX):
        statuses.add(404)  # operator routes answer 404 to anyone without a platform role
    writes = handler.http_methods & _UNSAFE and ("data" in parameters or route.path_parameters)
    if writes and not route.path.startswith(_SESSION_PREFIX):
        statuses.add(409)
    if handler.http_methods & _UNSAFE:
        statuses.add(413)  # the body limit (HANSA_MAX_BODY_BYTES) holds before decoding
    return problems(*sorted(statuses))


def _binary() -> OpenAPIMediaType:
    return OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY))


def file_answer(*media_types: str) -> type[Operation]:
    """The OpenAPI operation of a handler whose 200 is a file in one of ``media_types``
    (Litestar would document a JSON body for ``Response[bytes]``)."""

    @dataclass
    class FileAnswer(Operation):
        def __post_init__(self) -> None:
            answer = (self.responses or {}).get("200")
            if isinstance(answer, OpenAPIResponse):
                answer.content = {media_type: _binary() for media_type in media_types}

    return FileAnswer


def multipart_body(fields: dict[str, str], *, files: tuple[str, ...] = ("file",)) -> type[Operation]:
    """The OpenAPI operation of a handler that reads ``multipart/form-data`` itself:
    ``files`` are file parts (required), ``fields`` optional text parts with a description."""
    properties: dict[str, Any] = {
        name: Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY) for name in files
    }
    properties |= {name: Schema(type=OpenAPIType.STRING, description=text) for name, text in fields.items()}
    schema = Schema(type=OpenAPIType.OBJECT, properties=properties, required=list(files))

    @dataclass
    class MultipartBody(Operation):
        def __post_init__(self) -> None:
            self.request_body = RequestBody(
                content={"multipart/form-data": OpenAPIMediaType(schema=schema)}, required=True
            )

    return MultipartBody


def answer_options(app: Litestar) -> None:
    """``OPTIONS`` lists every method of the path. Litestar makes the OPTIONS handler
    when a path's first handler registers, and it kept that route's methods only."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if handler.http_methods == {"OPTIONS"} and handler.fn.__name__ == "options_handler":
                handler._fn = _options_handler(route)
                handler.has_sync_callable = False


def _options_handler(route: HTTPRoute) -> Any:
    async def options_handler(scope: Scope) -> Response[None]:
        allow = ", ".join(sorted(route.methods))
        return Response(
            None, status_code=HTTP_204_NO_CONTENT, headers={"Allow": allow}, media_type=MediaType.TEXT
        )

    return options_handler


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


def _http_code(status: int) -> str:
    """``http.method_not_allowed`` for 405: Litestar's own answers, named like ours."""
    try:
        return f"http.{HTTPStatus(status).name.lower()}"
    except ValueError:
        return "http.error"


def _broken_rule(exc: ValidationException) -> ValueError | None:
    """The ``ValueError`` a struct's ``__post_init__`` raised: the body has the right
    shape but breaks a rule (a positive quantity, a known currency), which is a 422."""
    cause = exc.__cause__
    while cause is not None:
        if isinstance(cause, ValueError) and _raised_in_post_init(cause):
            return cause
        cause = cause.__cause__
    return None


def _raised_in_post_init(error: BaseException) -> bool:
    return any(frame.f_code.co_name == "__post_init__" for frame, _ in traceback.walk_tb(error.__traceback__))


_RULE_FIELD = re.compile(r"^([a-z_][a-z0-9_]*) ")


def _rule_errors(extra: Any, rule: ValueError) -> list[dict[str, Any]]:
    """Name the field: the struct's path, then the field the rule's message starts with."""
    message = str(rule)
    paths = [error["field"] for error in _field_errors(extra) if error["field"] not in (None, "data")]
    path = paths[0] if paths else ""
    named = _RULE_FIELD.match(message)
    if named:
        path = f"{path}.{named.group(1)}" if path else named.group(1)
    return [{"field": path or None, "message": message, "source": "body"}]


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
    "answer_options",
    "document_problems",
    "file_answer",
    "multipart_body",
    "problem_response",
    "problems",
]


_litestar_schema_key = _openapi_registry._get_normalized_schema_key


def _short_generic_schema_key(field_definition: FieldDefinition) -> tuple[str, ...]:
    """Litestar keys ``Page[ProductOut]`` by the item's full path (the document would say
    ``Page_hansa.marketplace.catalog.schemas.ProductOut_``); name it ``Page_ProductOut``."""
    key = _litestar_schema_key(field_definition)
    origin, args = get_origin(field_definition.annotation), get_args(field_definition.annotation)
    if isinstance(origin, type) and issubclass(origin, msgspec.Struct) and args:
        return (*key[:-1], "_".join([origin.__name__, *(arg.__name__ for arg in args)]))
    return key


def name_generic_schemas() -> None:
    """Short names for the schemas of generic structs (``hansa.core.pagination.Page``)."""
    _openapi_registry._get_normalized_schema_key = _short_generic_schema_key
