"""The web UI: the production build of ``frontend/`` (``frontend/dist``), served by
the app itself. Any GET that is not an API or schema path answers ``index.html``,
so the single-page app's own routes (``/app/team``, ``/verify-email?token=…``)
work on reload and from links in mails.

Hashed files under ``assets/`` are cached for a year (``immutable``); everything
else, ``index.html`` first, is revalidated (``no-cache``). The build writes
brotli and gzip copies (``x.js.br``, ``x.js.gz``) of its text files; a client
that accepts one gets it, so nothing is compressed per request. Files are read
off the event loop."""

from __future__ import annotations

import asyncio
import mimetypes
import re
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from hansa.core.errors import NotFound

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
_API_PREFIXES = ("api/", "schema")
_IMMUTABLE = "public, max-age=31536000, immutable"  # Vite puts a content hash in asset names
_ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # preferred first


def accepted_encodings(header: str) -> set[str]:
    """The codings an ``Accept-Encoding`` header allows (``q=0`` refuses one)."""
    accepted = set()
    for part in header.lower().split(","):
        coding, *params = (piece.strip() for piece in part.split(";"))
        refused = any(re.fullmatch(r"q\s*=\s*0(\.0{0,3})?", param) for param in params)
        if coding and not refused:
            accepted.add(coding)
    return accepted


async def _file_response(path: Path, cache: str, accept_encoding: str) -> Response[bytes]:
    media_type = (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )  # text/*: Litestar adds utf-8
    headers = {"cache-control": cache, "vary": "accept-encoding"}
    accepted = accepted_encodings(accept_encoding)
    for coding, suffix in _ENCODINGS:
        compressed = path.with_name(path.name + suffix)
        if (coding in accepted or "*" in accepted) and compressed.is_file():
            headers["content-encoding"] = coding
            path = compressed
            break
    content = await asyncio.to_thread(path.read_bytes)
    return Response(content, media_type=media_type, headers=headers)


async def _index(request: Request[Any, Any, Any]) -> Response[bytes]:
    index = DIST / "index.html"
    if not index.is_file():
        raise NotFound("the web UI is not built: run `make run` (or `make frontend`)", code="web.not_built")
    return await _file_response(index, "no-cache", request.headers.get("accept-encoding", ""))


@get("/", include_in_schema=False)
async def web_root(request: Request[Any, Any, Any]) -> Response[bytes]:
    return await _index(request)


@get("/{path:path}", include_in_schema=False)
async def web_path(request: Request[Any, Any, Any], path: FromPath[Path]) -> Response[bytes]:
    relative = str(path).lstrip("/")
    if relative.startswith(_API_PREFIXES):
        raise NotFound("no such endpoint")
    candidate = (DIST / relative).resolve()
    if candidate.is_file() and candidate.is_relative_to(DIST.resolve()):
        cache = _IMMUTABLE if relative.startswith("assets/") else "no-cache"
        return await _file_response(candidate, cache, request.headers.get("accept-encoding", ""))
    if Path(relative).suffix and not relative.endswith(".html"):
        raise NotFound("no such file")  # a missing asset must not answer the page
    return await _index(request)
