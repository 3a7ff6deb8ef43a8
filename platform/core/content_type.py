"""A request body must come in the route's media type, or the answer is 415.

JSON routes (a ``data`` parameter, Litestar's default encoding) take
``application/json`` or any ``application/*+json``; multipart routes take
``multipart/form-data``. Routes that read the request themselves declare what
they read with ``opt={REQUEST_BODY: "json" | "multipart"}``. A request without
a body is left to the route (a missing body is its 400). Checked in one
middleware, before authentication and before the body is read.
"""

from __future__ import annotations

from typing import Literal

from litestar import Litestar
from litestar.enums import RequestEncodingType, ScopeType
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Receive, Scope, Send

from hansa.core.errors import HansaError
from hansa.core.http import PROBLEM_JSON, Problem

BodyKind = Literal["json", "multipart", "form"]
REQUEST_BODY = "request_body"  # a handler's opt key: the body it reads itself
_ENCODINGS: dict[str, BodyKind] = {
    RequestEncodingType.JSON: "json",
    RequestEncodingType.MULTI_PART: "multipart",
    RequestEncodingType.URL_ENCODED: "form",
}
_EXPECTED = {
    "json": "application/json",
    "multipart": "multipart/form-data",
    "form": "application/x-www-form-urlencoded",
}


class UnsupportedMediaType(HansaError):
    status_code = 415
    title = "Unsupported media type"
    default_code = "http.unsupported_media_type"


def expected_body(handler: HTTPRouteHandler) -> BodyKind | None:
    """What body ``handler`` reads: its declared ``opt``, else its ``data`` parameter's encoding."""
    declared = handler.opt.get(REQUEST_BODY)
    if declared is not None:
        return declared  # type: ignore[no-any-return]
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    encoding = getattr(data.kwarg_definition, "media_type", None) or RequestEncodingType.JSON
    return _ENCODINGS.get(encoding, "json")


def accepts(kind: BodyKind, content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    if kind == "json":
        return media_type == "application/json" or (
            media_type.startswith("application/") and media_type.endswith("+json")
        )
    return media_type == _EXPECTED[kind]


def _has_body(headers: dict[bytes, bytes]) -> bool:
    length = headers.get(b"content-length", b"").strip()
    return b"transfer-encoding" in headers or (length not in (b"", b"0"))


class RequestMediaTypeMiddleware:
    """Refuses (415) a body whose Content-Type is not the one the route reads."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._kinds: dict[int, BodyKind | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP:
            handler = scope.get("route_handler")
            if isinstance(handler, HTTPRouteHandler):
                self._check(handler, dict(scope["headers"]))
        await self.app(scope, receive, send)

    def _check(self, handler: HTTPRouteHandler, headers: dict[bytes, bytes]) -> None:
        key = id(handler)
        if key not in self._kinds:
            self._kinds[key] = expected_body(handler)
        kind = self._kinds[key]
        if kind is None or not _has_body(headers):
            return
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        if not accepts(kind, content_type):
            expected = _EXPECTED[kind]
            raise UnsupportedMediaType(
                f"send the body as {expected}, not {content_type or 'without a Content-Type'}",
                errors=[{"field": "content-type", "message": f"must be {expected}", "source": "header"}],
            )


def document_unsupported_media_type(app: Litestar) -> None:
    """Every API handler that reads a body documents its 415."""
    answer = ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_JSON,
        description="The body's Content-Type is not the one this operation reads.",
        generate_examples=False,
    )
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/"):
            for handler in route.route_handlers:
                if expected_body(handler) is not None:
                    handler.responses = {415: answer, **(handler.responses or {})}
