"""The web process's edge: security headers on every kind of answer, the client
address behind trusted proxies, and the uvicorn options of ``hansa serve``."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from litestar import Response, get
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.cli import serve
from hansa.config import Settings
from hansa.core import web
from hansa.core.headers import DOCS_POLICY, HSTS, UI_POLICY
from hansa.core.proxy import client_address, parse_networks

Client = AsyncTestClient  # type: ignore[type-arg]
BROTLI_JS = b"\x0b\x09\x80console.log('hansa')\x03"  # a stored (uncompressed) brotli stream


@pytest.fixture
def dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built UI like Vite's: index.html and hashed assets."""
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(
        '<!doctype html><script type="module" src="/assets/index-AbC123.js"></script>'
    )
    (root / "assets" / "index-AbC123.js").write_text("console.log('hansa')")
    (root / "assets" / "index-AbC123.js.br").write_bytes(BROTLI_JS)
    (root / "assets" / "index-AbC123.js.gz").write_bytes(gzip.compress(b"console.log('hansa')"))
    (root / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    monkeypatch.setattr(web, "DIST", root)
    return root


@pytest.fixture
async def client(settings: Settings, dist: Path) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


def assert_secured(headers: Any, policy: str = UI_POLICY) -> None:
    assert headers["content-security-policy"] == policy
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]
    assert "server" not in headers


async def test_every_kind_of_answer_carries_the_security_headers(client: Client) -> None:
    answers = {
        "page": await client.get("/app/catalog"),
        "asset": await client.get("/assets/index-AbC123.js"),
        "file": await client.get("/favicon.svg"),
        "api": await client.get("/healthz"),
        "api error": await client.get("/api/v1/suppliers/nobody-here/profile"),
        "bad body": await client.post("/api/v1/auth/login", json={"email": 1}),
        "no route": await client.post("/no/such/route"),
        "missing asset": await client.get("/assets/gone-123.js"),
        "schema": await client.get("/schema/openapi.json"),
    }
    assert [a.status_code for a in answers.values()] == [200, 200, 200, 200, 404, 400, 405, 404, 200]
    for name, answer in answers.items():
        assert_secured(answer.headers), name
        assert "strict-transport-security" not in answer.headers, "HTTPS is only promised in production"


@get("/test/export.csv", include_in_schema=False)
async def csv_export() -> Response[bytes]:
    return Response(b"sku;name\n", media_type="text/csv; charset=utf-8")  # as the exports send it


async def test_exports_name_one_charset_and_are_not_sniffed(settings: Settings) -> None:
    app = create_app(settings)
    app.register(csv_export)
    async with AsyncTestClient(app=app) as client:
        export = await client.get("/test/export.csv")
    assert export.headers["content-type"] == "text/csv; charset=utf-8", "Litestar alone sends charset twice"
    assert_secured(export.headers)


async def test_the_api_reference_page_may_load_scalar(client: Client) -> None:
    page = await client.get("/schema")
    assert_secured(page.headers, DOCS_POLICY)


async def test_production_answers_promise_https(settings: Settings, dist: Path) -> None:
    production = settings.model_copy(update={"env": "production"})
    async with AsyncTestClient(app=create_app(production)) as client:
        for path in ("/", "/healthz", "/api/v1/nothing"):
            assert (await client.get(path)).headers["strict-transport-security"] == HSTS


# -- client address --------------------------------------------------------------------------------

LB = parse_networks("10.0.0.0/16, fd00::/8")


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.9", ["1.2.3.4"], "203.0.113.9"),  # not through our proxy: the header is the client's word
        ("10.0.3.4", ["203.0.113.9"], "203.0.113.9"),
        ("10.0.3.4", ["1.2.3.4, 203.0.113.9"], "203.0.113.9"),  # the client wrote 1.2.3.4 itself
        ("10.0.3.4", ["1.2.3.4", "203.0.113.9, 10.0.7.7"], "203.0.113.9"),  # two headers, two proxies
        ("10.0.3.4", ["10.0.1.1, 10.0.2.2"], "10.0.1.1"),  # all ours: the farthest seen
        ("10.0.3.4", [], "10.0.3.4"),
        ("fd00::1", ["2001:db8::5"], "2001:db8::5"),
        ("::ffff:10.0.3.4", ["203.0.113.9"], "203.0.113.9"),  # IPv4 seen by a dual-stack socket
        ("testclient", ["1.2.3.4"], "testclient"),
    ],
)
def test_the_client_is_the_right_most_untrusted_address(peer: str, forwarded: list[str], client: str) -> None:
    assert client_address(peer, forwarded, LB) == client


def test_no_trusted_proxies_by_default_and_bad_ones_are_refused() -> None:
    assert client_address("10.0.3.4", ["1.2.3.4"], parse_networks(Settings().trusted_proxies)) == "10.0.3.4"
    with pytest.raises(ValueError, match="HANSA_TRUSTED_PROXIES"):
        Settings(trusted_proxies="10.0.0.0/16, the-alb")


def test_serve_leaves_forwarded_headers_to_the_app_and_sends_no_banner(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[uvicorn.Config] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, *a, **k: seen.append(server.config))
    production = settings.model_copy(update={"env": "production"})
    result = CliRunner().invoke(serve, [], obj=production)
    assert result.exit_code == 0, result.output
    assert seen[0].proxy_headers is False, "uvicorn would believe X-Forwarded-For from anyone"
    assert seen[0].server_header is False


# -- request media types ---------------------------------------------------------------------------

LOGIN = "/api/v1/auth/login"
LOGIN_BODY = b'{"email": "nobody@example.com", "password": "Wrong password 1"}'


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "",
    ],
)
async def test_a_json_route_refuses_other_bodies_with_415(client: Client, content_type: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post(LOGIN, content=LOGIN_BODY, headers=headers)
    assert response.status_code == 415
    problem = response.json()
    assert problem["code"] == "http.unsupported_media_type"
    assert problem["errors"] == [
        {"field": "content-type", "message": "must be application/json", "source": "header"}
    ]


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "application/x+json"]
)
async def test_json_and_json_suffixed_bodies_reach_the_route(client: Client, content_type: str) -> None:
    response = await client.post(LOGIN, content=LOGIN_BODY, headers={"content-type": content_type})
    assert response.status_code == 401, "the route ran: unknown credentials"


async def test_a_missing_body_is_the_routes_400_not_a_415(client: Client) -> None:
    assert (await client.post(LOGIN)).status_code == 400


async def test_upload_routes_take_multipart_only(client: Client) -> None:
    path = "/api/v1/suppliers/nobody-here/imports?kind=products"
    assert (await client.post(path, json={"file": "sku;name"})).status_code == 415
    form = await client.post(path, files={"file": ("p.csv", b"sku;name\n", "text/csv")})
    assert form.status_code == 404, "the route's guard ran: no caller is a stranger"
    bulk = "/api/v1/suppliers/nobody-here/bulk/prices"
    assert (await client.post(bulk, content=b"{}", headers={"content-type": "text/csv"})).status_code == 415


async def test_the_415_is_documented_where_a_body_is_read(client: Client) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert "415" in paths[LOGIN]["post"]["responses"]
    assert "415" in paths["/api/v1/suppliers/{tenant}/imports"]["post"]["responses"]
    assert "415" not in paths["/api/v1/suppliers/{tenant}/profile"]["get"]["responses"]


# -- built assets ----------------------------------------------------------------------------------


async def test_hashed_assets_are_immutable_and_the_page_is_revalidated(client: Client) -> None:
    asset = await client.get("/assets/index-AbC123.js", headers={"accept-encoding": "identity"})
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "content-encoding" not in asset.headers
    assert asset.text == "console.log('hansa')"
    for path in ("/", "/app/catalog", "/favicon.svg"):
        assert (await client.get(path)).headers["cache-control"] == "no-cache", path


@pytest.mark.parametrize(
    ("accept", "coding"),
    [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip;q=0.8", "gzip"), ("identity", None)],
)
async def test_the_build_s_compressed_copies_are_served_to_who_accepts_them(
    client: Client, accept: str, coding: str | None
) -> None:
    answer = await client.get("/assets/index-AbC123.js", headers={"accept-encoding": accept})
    assert answer.headers.get("content-encoding") == coding
    assert answer.headers["vary"] == "accept-encoding"
    if coding == "br":  # httpx has no brotli decoder here: the bytes are the build's copy
        assert answer.content in (BROTLI_JS, b"console.log('hansa')")
    else:
        assert answer.text == "console.log('hansa')", "httpx decodes gzip"
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
