"""The web UI: the production build of ``frontend/`` (``frontend/dist``), served by
the app itself. Any GET that is not an API or schema path answers ``index.html``,
so the single-page app's own routes (``/app/team``, ``/verify-email?token=…``)
work on reload and from links in mails."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from litestar import Response, get
from litestar.params import FromPath

from hansa.core.errors import NotFound

DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
_API_PREFIXES = ("api/", "schema")
_IMMUTABLE = "public, max-age=31536000, immutable"  # Vite puts a content hash in asset names


def _file_response(path: Path, cache: str) -> Response[bytes]:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Response(path.read_bytes(), media_type=media_type, headers={"cache-control": cache})


def _index() -> Response[bytes]:
    index = DIST / "index.html"
    if not index.is_file():
        raise NotFound("the web UI is not built: run `make run` (or `make frontend`)", code="web.not_built")
    return _file_response(index, "no-cache")


@get("/", include_in_schema=False)
async def web_root() -> Response[bytes]:
    return _index()


@get("/{path:path}", include_in_schema=False)
async def web_path(path: FromPath[Path]) -> Response[bytes]:
    relative = str(path).lstrip("/")
    if relative.startswith(_API_PREFIXES):
        raise NotFound("no such endpoint")
    candidate = (DIST / relative).resolve()
    if candidate.is_file() and candidate.is_relative_to(DIST.resolve()):
        cache = _IMMUTABLE if relative.startswith("assets/") else "no-cache"
        return _file_response(candidate, cache)
    if Path(relative).suffix and not relative.endswith(".html"):
        raise NotFound("no such file")  # a missing asset must not answer the page
    return _index()
