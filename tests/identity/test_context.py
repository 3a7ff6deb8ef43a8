"""Contexts at the edge (platform/identity/context.py): every guarded route declares
its action, and the guard refuses a caller before Litestar reads the body."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Controller, Litestar, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ImproperlyConfiguredException
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.identity.context import (
    CONTEXT_DEPENDENCIES,
    CONTEXT_GUARDS,
    SupplierContext,
    check_declared_contexts,
    declared_needs,
    needs,
    resolve_context,
)
from tests.fixtures.api import Api
from tests.fixtures.catalog import owner_of_supplier
from tests.fixtures.orgs import new_org, signed_in

UPLOAD_CHUNK = 64 * 1024
UPLOAD_CHUNKS = 128  # an 8 MiB body


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


class Forgetful(Controller):
    path = "/api/v1/suppliers/{tenant:str}"
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("/declared", opt=needs("catalog.read"))
    async def declared(self, ctx: NamedDependency[SupplierContext]) -> str:
        return ctx.tenant.slug

    @get("/forgotten")
    async def forgotten(self, ctx: NamedDependency[SupplierContext]) -> str:
        return ctx.tenant.slug


class Unguarded(Controller):
    path = "/api/v1/loose"
    dependencies = CONTEXT_DEPENDENCIES

    @get("/", opt=needs("catalog.read"))
    async def loose(self, ctx: NamedDependency[SupplierContext]) -> str:
        return ctx.tenant.slug


def _app(controller: type[Controller]) -> Litestar:
    return Litestar([controller], dependencies={"resources": Provide(_no_resources)})


async def _no_resources() -> None:
    return None


def test_a_route_without_a_declared_action_stops_the_app() -> None:
    with pytest.raises(
        ImproperlyConfiguredException, match=r"GET /api/v1/suppliers/\{tenant:str\}/forgotten"
    ):
        check_declared_contexts(_app(Forgetful))


def test_a_route_taking_a_context_without_the_guard_stops_the_app() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="/api/v1/loose"):
        check_declared_contexts(_app(Unguarded))


def test_every_supplier_operator_and_organisation_route_of_the_app_declares_its_action() -> None:
    app = create_app(Settings())  # create_app runs check_declared_contexts itself
    declared: dict[str, str | None] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.http_methods == {"OPTIONS"} or resolve_context not in handler.resolve_guards():
                continue
            found = declared_needs(handler)
            assert found is not None, route.path
            for method in handler.http_methods:
                declared[f"{method} {route.path}"] = found.action
    assert declared["POST /api/v1/suppliers/{tenant:str}/price-lists"] == "pricing.write"
    assert declared["POST /api/v1/suppliers/{tenant:str}/products/{product_id:uuid}/media"] == "catalog.write"
    assert declared["POST /api/v1/operator/tenants/{tenant_id:uuid}/suspend"] == "tenants.manage"
    assert (
        declared["GET /api/v1/suppliers/{tenant:str}/products/{product_id:uuid}/public"] is None
    )  # a viewer
    supplier_routes = [key for key in declared if "/suppliers/{tenant:str}/" in key]
    assert len(supplier_routes) > 40
    assert declared["GET /api/v1/orgs/{org_id:uuid}/members"] == "members.read"
    assert declared["DELETE /api/v1/orgs/{org_id:uuid}/members/{user_id:uuid}"] == "members.manage"
    assert declared["POST /api/v1/orgs/{org_id:uuid}/api-keys"] == "api_keys.manage"
    assert declared["GET /api/v1/orgs/{org_id:uuid}/audit"] == "audit.read"
    org_routes = {
        f"{method} {route.path}"
        for route in app.routes
        if route.path.startswith("/api/v1/orgs/{org_id:uuid}/")
        for method in route.methods - {"OPTIONS"}
    }
    assert len(org_routes) >= 10
    assert org_routes <= set(declared), org_routes - set(declared)  # every one of them guarded


async def _post_counting_body(app: Any, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """POST an 8 MiB multipart body straight through ASGI; the status and how many of
    its chunks the app pulled."""
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        more = pulled < UPLOAD_CHUNKS
        return {"type": "http.request", "body": b"x" * UPLOAD_CHUNK, "more_body": more}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    raw_headers += [
        (b"content-type", b"multipart/form-data; boundary=xyz"),
        (b"content-length", str(UPLOAD_CHUNK * UPLOAD_CHUNKS).encode()),
        (b"host", b"testserver"),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": raw_headers,
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
        "state": {},
    }
    await app(scope, receive, send)
    return status, pulled


async def _post(api: Api, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """``_post_counting_body`` on the app's own event loop (the test client's portal)."""
    portal = api.client.blocking_portal
    return await asyncio.to_thread(portal.call, _post_counting_body, api.client.app, path, headers)


async def test_an_upload_to_another_supplier_is_refused_before_its_body_is_read(api: Api) -> None:
    _, victim_slug, _ = await owner_of_supplier(api)
    attacker, _, _ = await owner_of_supplier(api)
    product_url = f"/api/v1/suppliers/{victim_slug}/products/{uuid.uuid4()}"
    for path in (f"{product_url}/media", f"/api/v1/suppliers/{victim_slug}/imports"):
        assert await _post(api, path, attacker) == (404, 0)
        assert await _post(api, path, {}) == (404, 0)  # anonymous: as a stranger
    # the same body to a real supplier's own owner is read (a 4xx for its content, not its caller)
    owner, own_slug, _ = await owner_of_supplier(api)
    status, pulled = await _post(api, f"/api/v1/suppliers/{own_slug}/products/{uuid.uuid4()}/media", owner)
    assert pulled > 0 and status in (400, 404, 422), status


async def test_an_organisation_route_refuses_a_stranger_before_reading_the_body(api: Api) -> None:
    _, owner = await signed_in(api)
    org = await new_org(api, owner, kind="buyer", name="Victim Buyer")
    _, stranger = await signed_in(api)
    invitations = f"/api/v1/orgs/{org['id']}/invitations"
    # a body that would answer 400 to a member answers 404 to a stranger: the guard ran first
    assert (await api.client.post(invitations, json={"email": 7}, headers=stranger)).status_code == 404
    assert (await api.client.post(invitations, json={"email": 7}, headers=owner)).status_code == 400


async def test_leaving_needs_only_membership_removing_another_needs_members_manage(api: Api) -> None:
    _, owner = await signed_in(api)
    org = await new_org(api, owner, kind="buyer", name="Leavers Ltd")
    members = f"/api/v1/orgs/{org['id']}/members"
    viewers = []
    for _ in range(2):
        email, headers = await signed_in(api)
        invited = await api.client.post(
            f"/api/v1/orgs/{org['id']}/invitations", json={"email": email, "role": "viewer"}, headers=owner
        )
        assert invited.status_code == 201, invited.text
        token = await api.token_from_mail(email, "Invitation")
        accepted = await api.client.post("/api/v1/invitations/accept", json={"token": token}, headers=headers)
        assert accepted.status_code == 200, accepted.text
        me = (await api.client.get("/api/v1/me", headers=headers)).json()
        viewers.append((uuid.UUID(me["id"]), headers))
    (first_id, first), (second_id, _) = viewers
    removing = await api.client.delete(f"{members}/{second_id}", headers=first)
    assert removing.status_code == 403, removing.text
    assert (await api.client.delete(f"{members}/{first_id}", headers=first)).status_code == 204
    assert (await api.client.get(members, headers=first)).status_code == 404  # no longer a member


async def test_an_organisation_route_checks_csrf_for_a_cookie_session_at_the_edge(api: Api) -> None:
    email = await api.verified_user()
    csrf = {"X-CSRF-Token": (await api.login(email)).json()["csrf_token"]}
    org = await new_org(api, csrf, kind="buyer", name="Cookie Buyer")
    invitations = f"/api/v1/orgs/{org['id']}/invitations"
    body = {"email": "colleague@example.com", "role": "viewer"}
    missing = await api.client.post(invitations, json=body)
    assert missing.status_code == 403
    assert missing.json()["code"] == "auth.csrf_failed"
    assert (await api.client.get(invitations)).json() == []  # nothing sent; safe methods need no token
    assert (await api.client.post(invitations, json=body, headers=csrf)).status_code == 201


async def test_an_anonymous_caller_learns_nothing_of_an_organisation(api: Api) -> None:
    """No credentials: 404 on an organisation's and a supplier's routes, as a stranger gets
    (not 401, which would say the organisation is there); bad credentials still say 401."""
    _, owner = await signed_in(api)
    org = await new_org(api, owner, kind="buyer", name="Quiet Buyer")
    _, slug, _ = await owner_of_supplier(api)
    for path in (f"/api/v1/orgs/{org['id']}/locations", f"/api/v1/suppliers/{slug}/products"):
        assert (await api.client.get(path)).status_code == 404
        assert (await api.client.get(path, headers={"Authorization": "Bearer nope"})).status_code == 401
    assert (await api.client.get("/api/v1/operator/tenants")).status_code == 401
