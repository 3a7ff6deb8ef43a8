"""Security headers on every answer: pages, API, errors, files, in every mode.

One ``before_send`` hook of the app (Litestar calls it for every response, also
the ones the router answers itself: 404, 405), so no route can forget them.

The web UI's policy allows only the app's own origin: the Vite build has no
inline script or style element (React sets ``style`` through the CSSOM, which
CSP does not restrict). The API reference at ``/schema`` loads Scalar from its
CDN and needs inline styles; it gets its own, looser policy. Tokens of reset,
verification and invitation links travel in page URLs, hence ``no-referrer``.
A text answer names one charset (exports and import files included).
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

from hansa.config import Settings

_FRAMES_AND_PLUGINS = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
UI_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; " + _FRAMES_AND_PLUGINS
)
_SCALAR_CDN = "https://cdn.jsdelivr.net"
DOCS_POLICY = (
    f"default-src 'self'; script-src 'self' {_SCALAR_CDN}; "
    f"style-src 'self' 'unsafe-inline' {_SCALAR_CDN} https://fonts.scalar.com; "
    f"font-src 'self' data: {_SCALAR_CDN} https://fonts.scalar.com; img-src 'self' data: https:; "
    "connect-src 'self'; form-action 'self'; " + _FRAMES_AND_PLUGINS
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)
HSTS = "max-age=63072000; includeSubDomains"  # two years; production serves HTTPS only

_COMMON = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
}


def security_headers(settings: Settings) -> BeforeMessageSendHookHandler:
    """The hook that stamps the headers on each response start."""
    fixed = {**_COMMON, **({"strict-transport-security": HSTS} if settings.env == "production" else {})}

    async def stamp(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in fixed.items():
            headers[name] = value
        headers["content-security-policy"] = policy_for(scope.get("path", ""))
        del headers["server"]  # no banner; uvicorn's own is off in `hansa serve`
        content_type = headers.get("content-type")
        if content_type and content_type.count("charset=") > 1:
            headers["content-type"] = one_charset(content_type)

    return stamp


def one_charset(content_type: str) -> str:
    """Litestar appends ``; charset=utf-8`` to a text type that already names one
    (``text/csv; charset=utf-8; charset=utf-8``): keep the first."""
    kept: list[str] = []
    for part in (piece.strip() for piece in content_type.split(";")):
        if part.lower().startswith("charset=") and any(k.lower().startswith("charset=") for k in kept):
            continue
        kept.append(part)
    return "; ".join(kept)


def policy_for(path: str) -> str:
    """The API reference pages need the Scalar CDN; everything else is the UI's policy."""
    if path == "/schema" or (path.startswith("/schema/") and not path.endswith((".json", ".yaml"))):
        return DOCS_POLICY
    return UI_POLICY
