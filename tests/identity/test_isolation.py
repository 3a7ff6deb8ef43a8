"""Tenant isolation over every route the app registers.

An attacker (a verified user who owns an organisation of its own, and that
organisation's API key) calls each route with the victims' ids. Nothing of the
victims may come back, nothing of theirs may change, and another organisation's
ids answer 404 (or 401/403 where no caller is known), never data. A route
without an entry in ``CALLS`` fails the suite: new routes are covered from birth.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.compose import open_resources
from hansa.config import Settings
from hansa.core.db import Database
from hansa.identity.orgs.service import create_operator
from tests.conftest import unique_slug
from tests.fixtures.api import Api, new_email
from tests.isolation import DENIED, NO_ID, CallTable, World, calls, one, sup

# (method, route path as Litestar registers it) -> the attacker's calls, and the answers allowed
IDENTITY_CALLS: CallTable = {
    ("GET", "/healthz"): (one("GET", lambda w: "/healthz"), {200}),
    ("GET", "/readyz"): (one("GET", lambda w: "/readyz"), {200}),
    ("GET", "/api/v1/suppliers/{tenant:str}/profile"): (
        one("GET", lambda w: f"/api/v1/suppliers/{w.victim_pending_slug}/profile"),
        {404},
    ),
    ("POST", "/api/v1/auth/signup"): (
        one(
            "POST",
            lambda w: "/api/v1/auth/signup",
            lambda w: {"email": w.victim_owner_email, "name": "Eve", "password": "Another-Pass-99"},
        ),
        {202},
    ),
    ("POST", "/api/v1/auth/verify-email"): (
        one("POST", lambda w: "/api/v1/auth/verify-email", lambda w: {"token": w.victim_invitation_token}),
        {400},
    ),
    ("POST", "/api/v1/auth/login"): (
        one(
            "POST",
            lambda w: "/api/v1/auth/login",
            lambda w: {"email": w.victim_owner_email, "password": "guessing-1234"},
        ),
        {401},
    ),
    ("POST", "/api/v1/auth/login/2fa"): (
        one("POST", lambda w: "/api/v1/auth/login/2fa", lambda w: {"code": "123456"}),
        DENIED,
    ),
    ("POST", "/api/v1/auth/logout"): (one("POST", lambda w: "/api/v1/auth/logout"), {204, 401}),
    ("POST", "/api/v1/auth/password/forgot"): (
        one("POST", lambda w: "/api/v1/auth/password/forgot", lambda w: {"email": w.victim_owner_email}),
        {202},
    ),
    ("POST", "/api/v1/auth/password/reset"): (
        one(
            "POST",
            lambda w: "/api/v1/auth/password/reset",
            lambda w: {"token": w.victim_invitation_token, "password": "Another-Pass-99"},
        ),
        {400},
    ),
    ("GET", "/api/v1/me"): (one("GET", lambda w: "/api/v1/me"), {200, 401}),
    ("POST", "/api/v1/me/password"): (
        one(
            "POST",
            lambda w: "/api/v1/me/password",
            lambda w: {"current_password": "x" * 12, "new_password": "y"},
        ),
        {400, 401, 403, 422},
    ),
    ("POST", "/api/v1/me/2fa/enrol"): (one("POST", lambda w: "/api/v1/me/2fa/enrol"), {200, 401, 403}),
    ("POST", "/api/v1/me/2fa/verify"): (
        one("POST", lambda w: "/api/v1/me/2fa/verify", lambda w: {"code": "000000"}),
        {400, 401, 403, 409, 422},
    ),
    ("POST", "/api/v1/me/2fa/disable"): (
        one("POST", lambda w: "/api/v1/me/2fa/disable", lambda w: {"code": "000000"}),
        {400, 401, 403, 409, 422},
    ),
    ("GET", "/api/v1/orgs"): (one("GET", lambda w: "/api/v1/orgs"), {200}),
    ("POST", "/api/v1/orgs"): (
        one("POST", lambda w: "/api/v1/orgs", lambda w: {"kind": "buyer", "name": "Eve's Second Shop"}),
        {201, 403},
    ),
    ("POST", "/api/v1/orgs/active"): (
        one("POST", lambda w: "/api/v1/orgs/active", lambda w: {"org_id": w.victim_org}),
        DENIED,
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/members"): (
        one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/members"),
        {404},
    ),
    ("PATCH", "/api/v1/orgs/{org_id:uuid}/members/{user_id:uuid}"): (
        calls(
            one(
                "PATCH",
                lambda w: f"/api/v1/orgs/{w.victim_org}/members/{w.victim_owner_id}",
                lambda w: {"role": "viewer"},
            ),
            one(
                "PATCH",
                lambda w: f"/api/v1/orgs/{w.attacker_org}/members/{w.victim_owner_id}",
                lambda w: {"role": "viewer"},
            ),
        ),
        {404},
    ),
    ("DELETE", "/api/v1/orgs/{org_id:uuid}/members/{user_id:uuid}"): (
        calls(
            one("DELETE", lambda w: f"/api/v1/orgs/{w.victim_org}/members/{w.victim_owner_id}"),
            one("DELETE", lambda w: f"/api/v1/orgs/{w.attacker_org}/members/{w.victim_owner_id}"),
        ),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/invitations"): (
        one(
            "POST",
            lambda w: f"/api/v1/orgs/{w.victim_org}/invitations",
            lambda w: {"email": new_email(), "role": "owner"},
        ),
        {404},
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/invitations"): (
        one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/invitations"),
        {404},
    ),
    ("DELETE", "/api/v1/orgs/{org_id:uuid}/invitations/{invitation_id:uuid}"): (
        calls(
            one("DELETE", lambda w: f"/api/v1/orgs/{w.victim_org}/invitations/{w.victim_invitation_id}"),
            one("DELETE", lambda w: f"/api/v1/orgs/{w.attacker_org}/invitations/{w.victim_invitation_id}"),
        ),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/api-keys"): (
        one(
            "POST",
            lambda w: f"/api/v1/orgs/{w.victim_org}/api-keys",
            lambda w: {"name": "x", "role": "admin"},
        ),
        {404},
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/api-keys"): (
        one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/api-keys"),
        {404},
    ),
    ("DELETE", "/api/v1/orgs/{org_id:uuid}/api-keys/{key_id:uuid}"): (
        calls(
            one("DELETE", lambda w: f"/api/v1/orgs/{w.victim_org}/api-keys/{w.victim_key_id}"),
            one("DELETE", lambda w: f"/api/v1/orgs/{w.attacker_org}/api-keys/{w.victim_key_id}"),
        ),
        {404},
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/audit"): (
        one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/audit"),
        {404},
    ),
    ("POST", "/api/v1/invitations/accept"): (
        one("POST", lambda w: "/api/v1/invitations/accept", lambda w: {"token": w.victim_invitation_token}),
        DENIED,
    ),
    ("POST", "/api/v1/invitations/decline"): (
        one("POST", lambda w: "/api/v1/invitations/decline", lambda w: {"token": w.victim_invitation_token}),
        DENIED,
    ),
    ("GET", "/api/v1/operator/tenants"): (one("GET", lambda w: "/api/v1/operator/tenants"), {404}),
    ("POST", "/api/v1/operator/tenants/{tenant_id:uuid}/approve"): (
        one("POST", lambda w: f"/api/v1/operator/tenants/{w.victim_org}/approve"),
        {404},
    ),
    ("POST", "/api/v1/operator/tenants/{tenant_id:uuid}/suspend"): (
        one("POST", lambda w: f"/api/v1/operator/tenants/{w.victim_org}/suspend", lambda w: {}),
        {404},
    ),
    ("POST", "/api/v1/operator/tenants/{tenant_id:uuid}/reject"): (
        one("POST", lambda w: f"/api/v1/operator/tenants/{w.victim_org}/reject", lambda w: {}),
        {404},
    ),
    ("POST", "/api/v1/operator/tenants/{tenant_id:uuid}/reactivate"): (
        one("POST", lambda w: f"/api/v1/operator/tenants/{w.victim_org}/reactivate"),
        {404},
    ),
    ("GET", "/"): (one("GET", lambda w: "/"), {200, 404}),  # the web UI's index.html (404: not built)
    ("GET", "/{path:path}"): (
        calls(
            one("GET", lambda w: f"/app/orgs/{w.victim_org}"),
            one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/unknown"),
        ),
        {200, 404},
    ),
    ("GET", "/api/v1/operator/audit"): (
        one("GET", lambda w: f"/api/v1/operator/audit?org=tenant:{w.victim_org}"),
        {404},
    ),
    ("POST", "/api/v1/suppliers/{tenant:str}/products"): (
        one(
            "POST",
            lambda w: sup(w, "/products"),
            lambda w: {"name": "Eve bolt", "variants": [{"sku": "EVE-1"}]},
        ),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/products"): (
        one("GET", lambda w: sup(w, "/products?sort=name")),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}"): (
        one("GET", lambda w: sup(w, f"/products/{NO_ID}")),
        {404},
    ),
    ("PATCH", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}"): (
        one("PATCH", lambda w: sup(w, f"/products/{NO_ID}"), lambda w: {"name": "Eve"}),
        {404},
    ),
    ("DELETE", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}"): (
        one("DELETE", lambda w: sup(w, f"/products/{NO_ID}")),
        {404},
    ),
    ("POST", "/api/v1/suppliers/{tenant:str}/products/{product_id:uuid}/variants"): (
        one("POST", lambda w: sup(w, f"/products/{NO_ID}/variants"), lambda w: {"sku": "EVE-2"}),
        {404},
    ),
    ("PATCH", "/api/v1/suppliers/{tenant:str}/variants/{variant_id:uuid}"): (
        one("PATCH", lambda w: sup(w, f"/variants/{NO_ID}"), lambda w: {"status": "inactive"}),
        {404},
    ),
    ("DELETE", "/api/v1/suppliers/{tenant:str}/variants/{variant_id:uuid}"): (
        one("DELETE", lambda w: sup(w, f"/variants/{NO_ID}")),
        {404},
    ),
    ("POST", "/api/v1/suppliers/{tenant:str}/inventory/locations"): (
        one("POST", lambda w: sup(w, "/inventory/locations"), lambda w: {"code": "EVE", "name": "Eve"}),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/inventory/locations"): (
        one("GET", lambda w: sup(w, "/inventory/locations")),
        {404},
    ),
    ("PUT", "/api/v1/suppliers/{tenant:str}/inventory/levels"): (
        one(
            "PUT",
            lambda w: sup(w, "/inventory/levels"),
            lambda w: {"levels": [{"sku": "EVE-1", "location_code": "EVE", "on_hand": "1"}]},
        ),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/inventory/levels"): (
        one("GET", lambda w: sup(w, "/inventory/levels")),
        {404},
    ),
    ("POST", "/api/v1/suppliers/{tenant:str}/price-lists"): (
        one(
            "POST",
            lambda w: sup(w, "/price-lists"),
            lambda w: {"name": "Eve", "kind": "customer", "currency": "EUR", "buyer_org_id": w.attacker_org},
        ),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/price-lists"): (
        one("GET", lambda w: sup(w, "/price-lists")),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/price-lists/{price_list_id:uuid}"): (
        one("GET", lambda w: sup(w, f"/price-lists/{NO_ID}")),
        {404},
    ),
    ("PATCH", "/api/v1/suppliers/{tenant:str}/price-lists/{price_list_id:uuid}"): (
        one("PATCH", lambda w: sup(w, f"/price-lists/{NO_ID}"), lambda w: {"priority": 99}),
        {404},
    ),
    ("DELETE", "/api/v1/suppliers/{tenant:str}/price-lists/{price_list_id:uuid}"): (
        one("DELETE", lambda w: sup(w, f"/price-lists/{NO_ID}")),
        {404},
    ),
    ("PUT", "/api/v1/suppliers/{tenant:str}/price-lists/{price_list_id:uuid}/items"): (
        one(
            "PUT",
            lambda w: sup(w, f"/price-lists/{NO_ID}/items"),
            lambda w: {"items": [{"sku": "EVE-1", "tiers": [{"min_qty": "1", "unit_price": "0"}]}]},
        ),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/price-lists/{price_list_id:uuid}/items"): (
        one("GET", lambda w: sup(w, f"/price-lists/{NO_ID}/items")),
        {404},
    ),
    ("POST", "/api/v1/suppliers/{tenant:str}/segments"): (
        one("POST", lambda w: sup(w, "/segments"), lambda w: {"name": "Eve"}),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/segments"): (
        one("GET", lambda w: sup(w, "/segments")),
        {404},
    ),
    ("PUT", "/api/v1/suppliers/{tenant:str}/segments/{segment_id:uuid}/members"): (
        one(
            "PUT",
            lambda w: sup(w, f"/segments/{NO_ID}/members"),
            lambda w: {"buyer_org_ids": [w.attacker_org]},
        ),
        {404},
    ),
    ("DELETE", "/api/v1/suppliers/{tenant:str}/segments/{segment_id:uuid}"): (
        one("DELETE", lambda w: sup(w, f"/segments/{NO_ID}")),
        {404},
    ),
    ("GET", "/api/v1/suppliers/{tenant:str}/customer-terms"): (
        one("GET", lambda w: sup(w, "/customer-terms")),
        {404},
    ),
    ("PUT", "/api/v1/suppliers/{tenant:str}/customer-terms/{buyer_org_id:uuid}"): (
        one(
            "PUT",
            lambda w: sup(w, f"/customer-terms/{w.attacker_org}"),
            lambda w: {"currency": "EUR", "credit_limit": "1000000.00"},
        ),
        {404},
    ),
    ("DELETE", "/api/v1/suppliers/{tenant:str}/customer-terms/{buyer_org_id:uuid}"): (
        one("DELETE", lambda w: sup(w, f"/customer-terms/{w.attacker_org}")),
        {404},
    ),
    ("POST", "/api/v1/suppliers/{tenant:str}/prices/resolve"): (
        one(
            "POST",
            lambda w: sup(w, "/prices/resolve"),
            lambda w: {
                "currency": "EUR",
                "buyer_org_id": w.attacker_org,
                "lines": [{"sku": "EVE-1", "quantity": "1"}],
            },
        ),
        {404},
    ),
    # marketplaces (docs/marketplaces.md): operator routes answer 404 without a platform role
    ("GET", "/api/v1/operator/marketplaces"): (one("GET", lambda w: "/api/v1/operator/marketplaces"), {404}),
    ("POST", "/api/v1/operator/marketplaces"): (
        one(
            "POST",
            lambda w: "/api/v1/operator/marketplaces",
            lambda w: {"slug": unique_slug("eve"), "name": "Eve Mart", "kind": "vertical"},
        ),
        {404},
    ),
    ("GET", "/api/v1/operator/marketplaces/{marketplace_id:uuid}"): (
        one("GET", lambda w: f"/api/v1/operator/marketplaces/{uuid.uuid4()}"),
        {404},
    ),
    ("PATCH", "/api/v1/operator/marketplaces/{marketplace_id:uuid}"): (
        one("PATCH", lambda w: f"/api/v1/operator/marketplaces/{uuid.uuid4()}", lambda w: {"name": "Eve"}),
        {404},
    ),
    ("POST", "/api/v1/operator/marketplaces/{marketplace_id:uuid}/archive"): (
        one("POST", lambda w: f"/api/v1/operator/marketplaces/{uuid.uuid4()}/archive"),
        {404},
    ),
    ("POST", "/api/v1/operator/marketplaces/{marketplace_id:uuid}/restore"): (
        one("POST", lambda w: f"/api/v1/operator/marketplaces/{uuid.uuid4()}/restore"),
        {404},
    ),
    ("GET", "/api/v1/operator/marketplaces/{marketplace_id:uuid}/categories"): (
        one("GET", lambda w: f"/api/v1/operator/marketplaces/{uuid.uuid4()}/categories"),
        {404},
    ),
    ("POST", "/api/v1/operator/marketplaces/{marketplace_id:uuid}/categories"): (
        one(
            "POST",
            lambda w: f"/api/v1/operator/marketplaces/{uuid.uuid4()}/categories",
            lambda w: {"slug": "evil", "name": "Evil"},
        ),
        {404},
    ),
    ("PATCH", "/api/v1/operator/categories/{category_id:uuid}"): (
        one("PATCH", lambda w: f"/api/v1/operator/categories/{uuid.uuid4()}", lambda w: {"name": "Evil"}),
        {404},
    ),
    ("POST", "/api/v1/operator/categories/{category_id:uuid}/move"): (
        one("POST", lambda w: f"/api/v1/operator/categories/{uuid.uuid4()}/move", lambda w: {}),
        {404},
    ),
    ("DELETE", "/api/v1/operator/categories/{category_id:uuid}"): (
        one("DELETE", lambda w: f"/api/v1/operator/categories/{uuid.uuid4()}"),
        {404},
    ),
    ("PUT", "/api/v1/operator/categories/{category_id:uuid}/attributes"): (
        one(
            "PUT",
            lambda w: f"/api/v1/operator/categories/{uuid.uuid4()}/attributes",
            lambda w: {"attributes": []},
        ),
        {404},
    ),
    ("GET", "/api/v1/operator/listings"): (
        one("GET", lambda w: f"/api/v1/operator/listings?tenant_id={w.victim_org}"),
        {404},
    ),
    ("POST", "/api/v1/operator/listings/{listing_id:uuid}/approve"): (
        one("POST", lambda w: f"/api/v1/operator/listings/{uuid.uuid4()}/approve"),
        {404},
    ),
    ("POST", "/api/v1/operator/listings/{listing_id:uuid}/reject"): (
        one("POST", lambda w: f"/api/v1/operator/listings/{uuid.uuid4()}/reject", lambda w: {"reason": "x"}),
        {404},
    ),
    ("GET", "/api/v1/orgs/{org_id:uuid}/listings"): (
        one("GET", lambda w: f"/api/v1/orgs/{w.victim_org}/listings"),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/listings"): (
        one(
            "POST",
            lambda w: f"/api/v1/orgs/{w.victim_org}/listings",
            lambda w: {"marketplace_id": str(uuid.uuid4())},
        ),
        {404},
    ),
    ("POST", "/api/v1/orgs/{org_id:uuid}/listings/{listing_id:uuid}/withdraw"): (
        calls(
            one("POST", lambda w: f"/api/v1/orgs/{w.victim_org}/listings/{uuid.uuid4()}/withdraw"),
            one("POST", lambda w: f"/api/v1/orgs/{w.attacker_org}/listings/{uuid.uuid4()}/withdraw"),
        ),
        DENIED,
    ),
    # public browsing: active marketplaces only, no organisation's data
    ("GET", "/api/v1/marketplaces"): (one("GET", lambda w: "/api/v1/marketplaces"), {200}),
    ("GET", "/api/v1/marketplaces/{slug:str}"): (
        one("GET", lambda w: f"/api/v1/marketplaces/{w.victim_pending_slug}"),
        {404},
    ),
    ("GET", "/api/v1/marketplaces/{slug:str}/categories"): (
        one("GET", lambda w: f"/api/v1/marketplaces/{w.victim_pending_slug}/categories"),
        {404},
    ),
    ("GET", "/api/v1/categories/{category_id:uuid}"): (
        one("GET", lambda w: f"/api/v1/categories/{uuid.uuid4()}"),
        {404},
    ),
}


def _domain_calls() -> CallTable:
    """The ``CALLS`` of every ``isolation_calls.py`` under ``tests/`` (``tests/<domain>/[<area>/]``)."""
    merged: CallTable = {}
    tests_dir = Path(__file__).resolve().parents[1]
    for path in sorted(tests_dir.rglob("isolation_calls.py")):
        module = importlib.import_module(
            ".".join(("tests", *path.relative_to(tests_dir).with_suffix("").parts))
        )
        overlap = merged.keys() & module.CALLS.keys()
        assert not overlap, f"routes with two isolation entries: {sorted(overlap)}"
        merged.update(module.CALLS)
    return merged


CALLS: CallTable = {**IDENTITY_CALLS, **_domain_calls()}

LOGOUT = "/api/v1/auth/logout"
# the API documentation serves no organisation's data
EXEMPT_PREFIXES = ("/schema",)


def registered_routes(app: Litestar) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        if route.path.startswith(EXEMPT_PREFIXES):
            continue
        for method in route.methods:
            if method not in ("OPTIONS", "HEAD"):
                found.add((method, route.path))
    return found


def test_every_route_is_covered_by_the_isolation_suite(settings: Settings) -> None:
    missing = registered_routes(create_app(settings)) - set(CALLS)
    assert not missing, f"routes without an isolation check (add them to CALLS): {sorted(missing)}"
    stale = set(CALLS) - registered_routes(create_app(settings))
    assert not stale, f"CALLS names routes that no longer exist: {sorted(stale)}"


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def build_world(api: Api) -> tuple[World, dict[str, str], dict[str, str]]:
    """Victims: an approved supplier with a pending invitation and an API key, and a
    pending supplier. Attacker: a user owning a buyer, and that buyer's admin key."""
    victim_email = await api.verified_user()
    victim = await api.bearer(victim_email)
    slug = unique_slug("victim")
    org = (
        await api.client.post(
            "/api/v1/orgs",
            json={"kind": "supplier", "name": "Victim Fasteners", "slug": slug},
            headers=victim,
        )
    ).json()
    pending_slug = unique_slug("pending")
    await api.client.post(
        "/api/v1/orgs",
        json={"kind": "supplier", "name": "Victim Pending", "slug": pending_slug},
        headers=victim,
    )
    operator_email = new_email()
    resources = await open_resources(api.settings)
    try:
        await create_operator(resources, email=operator_email, name="Op", password="Operator-Pass-2026")
    finally:
        await resources.close()
    ops = await api.bearer(operator_email, "Operator-Pass-2026")
    await api.client.post(f"/api/v1/operator/tenants/{org['id']}/approve", headers=ops)
    invitee = new_email()
    invitation = (
        await api.client.post(
            f"/api/v1/orgs/{org['id']}/invitations", json={"email": invitee, "role": "admin"}, headers=victim
        )
    ).json()
    token = await api.token_from_mail(invitee, "Invitation")
    key = (
        await api.client.post(
            f"/api/v1/orgs/{org['id']}/api-keys", json={"name": "victim erp", "role": "admin"}, headers=victim
        )
    ).json()
    members = (await api.client.get(f"/api/v1/orgs/{org['id']}/members", headers=victim)).json()
    # the approval notified the victim's owner
    notification = (await api.client.get("/api/v1/notifications", headers=victim)).json()["items"][0]

    attacker_email = await api.verified_user()
    attacker = await api.bearer(attacker_email)
    own = (
        await api.client.post("/api/v1/orgs", json={"kind": "buyer", "name": "Eve Trading"}, headers=attacker)
    ).json()
    attacker_key = (
        await api.client.post(
            f"/api/v1/orgs/{own['id']}/api-keys", json={"name": "eve", "role": "admin"}, headers=attacker
        )
    ).json()
    world = World(
        victim_org=org["id"],
        victim_pending_slug=pending_slug,
        victim_owner_id=members[0]["user_id"],
        victim_owner_email=victim_email,
        victim_invitation_id=invitation["id"],
        victim_invitation_token=token,
        victim_key_id=key["key"]["id"],
        attacker_org=own["id"],
        victim_notification_id=notification["id"],
        markers={
            victim_email,
            members[0]["user_id"],
            "Victim Fasteners",
            "Victim Pending",
            invitee,
            key["key"]["prefix"],
            key["secret"],
            token,
        },
    )
    return world, attacker, {"Authorization": f"Bearer {attacker_key['secret']}"}


async def victim_state(api: Api, world: World) -> tuple[Any, ...]:
    async with api.db.transaction() as tx:
        members = await tx.fetch(
            "SELECT v0, v1 FROM public.casbin_rule WHERE ptype = 'g' AND v2 = $1 ORDER BY v0",
            f"tenant:{world.victim_org}",
        )
        invitation = await tx.fetchval(
            "SELECT status FROM public.invitation WHERE id = $1", uuid.UUID(world.victim_invitation_id)
        )
        key = await tx.fetchval(
            "SELECT revoked_at FROM public.api_key WHERE id = $1", uuid.UUID(world.victim_key_id)
        )
        tenant = await tx.fetchval(
            "SELECT status FROM public.tenant WHERE id = $1", uuid.UUID(world.victim_org)
        )
        unread = await tx.fetchval(
            "SELECT count(*) FROM public.notification WHERE user_id = $1 AND read_at IS NULL",
            uuid.UUID(world.victim_owner_id),
        )
    return [tuple(row) for row in members], invitation, key, tenant, unread


async def test_another_organisations_ids_reach_nothing(api: Api) -> None:
    world, attacker_user, attacker_key = await build_world(api)
    before = await victim_state(api, world)
    failures = []
    # logging out ends the attacker's session: that call goes last
    for (method, path), (factory, allowed) in sorted(CALLS.items(), key=lambda kv: kv[0][1] == LOGOUT):
        for who, headers in (("user", attacker_user), ("api key", attacker_key)):
            for call_method, url, body in factory(world):
                response = await api.client.request(call_method, url, json=body, headers=headers)
                leaked = sorted(m for m in world.markers if m in response.text)
                if response.status_code not in allowed or leaked:
                    failures.append(f"{method} {path} as {who}: {response.status_code} leaked={leaked}")
    assert not failures, "\n".join(failures)
    assert await victim_state(api, world) == before
