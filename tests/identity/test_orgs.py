"""The identity journey of issue 3 through the HTTP API: a supplier signs up, an
operator approves it, its owner invites a colleague who joins with a role and is
refused what the role forbids; API keys work; buyers sign up active at once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.conftest import unique_slug
from tests.fixtures.api import PASSWORD, Api, new_email
from tests.fixtures.orgs import new_org, operator, signed_in


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def test_supplier_signup_approval_invitation_and_roles(api: Api) -> None:
    owner_email, owner = await signed_in(api)
    slug = unique_slug("sup")
    supplier = await new_org(api, owner, kind="supplier", name="Bolt & Nut SRL", slug=slug)
    assert supplier["status"] == "pending"
    assert supplier["role"] == "owner"
    org_id = supplier["id"]
    # pending: its own users reach it, buyers do not see it
    assert (await api.client.get(f"/api/v1/orgs/{org_id}/members", headers=owner)).status_code == 200
    assert (await api.client.get(f"/api/v1/suppliers/{slug}/profile")).status_code == 404

    ops = await operator(api)
    waiting = await api.client.get("/api/v1/operator/tenants", params={"status": "pending"}, headers=ops)
    assert org_id in [t["id"] for t in waiting.json()["items"]]
    approved = await api.client.post(f"/api/v1/operator/tenants/{org_id}/approve", headers=ops)
    assert approved.json()["status"] == "active"
    again = await api.client.post(f"/api/v1/operator/tenants/{org_id}/approve", headers=ops)
    assert again.status_code == 409
    assert (await api.client.get(f"/api/v1/suppliers/{slug}/profile")).status_code == 200

    colleague_email = new_email()
    invited = await api.client.post(
        f"/api/v1/orgs/{org_id}/invitations", json={"email": colleague_email, "role": "sales"}, headers=owner
    )
    assert invited.status_code == 201, invited.text
    duplicate = await api.client.post(
        f"/api/v1/orgs/{org_id}/invitations", json={"email": colleague_email, "role": "viewer"}, headers=owner
    )
    assert duplicate.status_code == 409
    token = await api.token_from_mail(colleague_email, "Invitation")

    _, stranger = await signed_in(api)
    wrong_person = await api.client.post(
        "/api/v1/invitations/accept", json={"token": token}, headers=stranger
    )
    assert wrong_person.status_code == 404

    await api.verified_user(colleague_email)
    colleague = await api.bearer(colleague_email)
    joined = await api.client.post("/api/v1/invitations/accept", json={"token": token}, headers=colleague)
    assert joined.status_code == 200, joined.text
    assert joined.json()["role"] == "sales"
    reused = await api.client.post("/api/v1/invitations/accept", json={"token": token}, headers=colleague)
    assert reused.status_code == 404

    members = (await api.client.get(f"/api/v1/orgs/{org_id}/members", headers=colleague)).json()
    assert {(m["email"], m["role"]) for m in members} == {(owner_email, "owner"), (colleague_email, "sales")}
    # sales may read members but not invite, manage keys or read the audit log
    refused = [
        await api.client.post(
            f"/api/v1/orgs/{org_id}/invitations",
            json={"email": new_email(), "role": "viewer"},
            headers=colleague,
        ),
        await api.client.post(
            f"/api/v1/orgs/{org_id}/api-keys", json={"name": "erp", "role": "viewer"}, headers=colleague
        ),
        await api.client.get(f"/api/v1/orgs/{org_id}/audit", headers=colleague),
        await api.client.get("/api/v1/operator/tenants", headers=colleague),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403, 404]

    # the owner promotes, the last owner cannot leave, a suspended supplier answers 403 to its users
    colleague_id = next(m["user_id"] for m in members if m["email"] == colleague_email)
    owner_id = next(m["user_id"] for m in members if m["email"] == owner_email)
    promoted = await api.client.patch(
        f"/api/v1/orgs/{org_id}/members/{colleague_id}", json={"role": "admin"}, headers=owner
    )
    assert promoted.json()["role"] == "admin"
    leave = await api.client.delete(f"/api/v1/orgs/{org_id}/members/{owner_id}", headers=owner)
    assert leave.status_code == 409
    assert leave.json()["code"] == "orgs.last_owner"
    suspended = await api.client.post(
        f"/api/v1/operator/tenants/{org_id}/suspend", json={"reason": "unpaid"}, headers=ops
    )
    assert suspended.json()["status"] == "suspended"
    blocked = await api.client.get(f"/api/v1/orgs/{org_id}/members", headers=owner)
    assert blocked.status_code == 403
    assert blocked.json()["code"] == "orgs.suspended"

    trail = await api.client.get("/api/v1/operator/audit", params={"org": f"tenant:{org_id}"}, headers=ops)
    actions = [entry["action"] for entry in trail.json()["items"]]
    for expected in ("org.created", "members.invited", "members.joined", "members.role_changed"):
        assert expected in actions


async def test_buyer_company_is_active_at_once_and_api_keys_work(api: Api) -> None:
    _, owner = await signed_in(api)
    buyer = await new_org(api, owner, kind="buyer", name="Acme Purchasing GmbH")
    assert buyer["status"] == "active"
    org_id = buyer["id"]
    created = await api.client.post(
        f"/api/v1/orgs/{org_id}/api-keys", json={"name": "ERP sync", "role": "viewer"}, headers=owner
    )
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    key_id = created.json()["key"]["id"]
    listed = (await api.client.get(f"/api/v1/orgs/{org_id}/api-keys", headers=owner)).json()
    assert [k["prefix"] for k in listed] == [created.json()["key"]["prefix"]]
    assert secret not in str(listed)

    as_key = {"Authorization": f"Bearer {secret}"}
    members = await api.client.get(f"/api/v1/orgs/{org_id}/members", headers=as_key)
    assert members.status_code == 200
    assert [m["role"] for m in members.json()] == ["owner"]  # the key holds a role, it is no member
    # a viewer key may not invite
    invite = await api.client.post(
        f"/api/v1/orgs/{org_id}/invitations", json={"email": new_email(), "role": "viewer"}, headers=as_key
    )
    assert invite.status_code == 403
    owner_key = await api.client.post(
        f"/api/v1/orgs/{org_id}/api-keys", json={"name": "root", "role": "owner"}, headers=owner
    )
    assert owner_key.status_code == 422

    revoked = await api.client.delete(f"/api/v1/orgs/{org_id}/api-keys/{key_id}", headers=owner)
    assert revoked.json()["revoked_at"] is not None
    assert (await api.client.get(f"/api/v1/orgs/{org_id}/members", headers=as_key)).status_code == 401


async def test_users_switch_between_their_organisations(api: Api) -> None:
    _, user = await signed_in(api)
    first = await new_org(api, user, kind="buyer", name="First Buyer")
    second = await new_org(api, user, kind="supplier", name="Second Supplier", slug=unique_slug("sw"))
    mine = (await api.client.get("/api/v1/orgs", headers=user)).json()
    assert [(o["id"], o["role"]) for o in mine] == [(first["id"], "owner"), (second["id"], "owner")]
    assert (mine[0]["status"], mine[0]["slug"]) == ("active", None)
    assert (mine[1]["status"], mine[1]["slug"]) == ("pending", second["slug"])  # its tenant's
    switched = await api.client.post("/api/v1/orgs/active", json={"org_id": second["id"]}, headers=user)
    assert switched.status_code == 200
    assert (await api.client.get("/api/v1/me", headers=user)).json()["active_org_id"] == second["id"]
    foreign = await api.client.post("/api/v1/orgs/active", json={"org_id": str(uuid.uuid4())}, headers=user)
    assert foreign.status_code == 404


async def test_a_new_session_acts_for_the_first_organisation(api: Api) -> None:
    email, user = await signed_in(api)
    assert (await api.client.get("/api/v1/me", headers=user)).json()["active_org_id"] is None  # none yet
    zeta = await new_org(api, user, kind="buyer", name="Zeta Buying")
    alpha = await new_org(api, user, kind="supplier", name="Alpha Supplies", slug=unique_slug("first"))
    # signing in again: the first organisation by name, as the organisation list shows them
    again = await api.bearer(email)
    assert (await api.client.get("/api/v1/me", headers=again)).json()["active_org_id"] == alpha["id"]
    listed = (await api.client.get("/api/v1/orgs", headers=again)).json()
    assert [o["id"] for o in listed] == [alpha["id"], zeta["id"]]


async def test_unverified_users_cannot_create_organisations(api: Api) -> None:
    email = new_email()
    await api.signup(email)
    headers = await api.bearer(email, PASSWORD)
    refused = await api.client.post(
        "/api/v1/orgs", json={"kind": "buyer", "name": "Too Soon"}, headers=headers
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "auth.email_not_verified"


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "supplier", "name": "No Slug"},
        {"kind": "marketplace", "name": "Bad Kind"},
        {"kind": "buyer", "name": ""},
        {"kind": "buyer", "name": "X", "extra": 1},
    ],
)
async def test_bad_organisation_bodies_are_refused(api: Api, body: dict[str, Any]) -> None:
    _, user = await signed_in(api)
    response = await api.client.post("/api/v1/orgs", json=body, headers=user)
    assert response.status_code in (400, 422)
    assert (await api.client.get("/api/v1/orgs", headers=user)).json() == []


async def test_an_admin_api_key_cannot_mint_api_keys(api: Api) -> None:
    _, owner = await signed_in(api)
    org = await new_org(api, owner, kind="buyer", name="Key Holders GmbH")
    made = await api.client.post(
        f"/api/v1/orgs/{org['id']}/api-keys", json={"name": "erp", "role": "admin"}, headers=owner
    )
    assert made.status_code == 201, made.text
    admin_key = {"Authorization": f"Bearer {made.json()['secret']}"}
    assert (await api.client.get(f"/api/v1/orgs/{org['id']}/api-keys", headers=admin_key)).status_code == 200

    minted = await api.client.post(
        f"/api/v1/orgs/{org['id']}/api-keys", json={"name": "backdoor", "role": "admin"}, headers=admin_key
    )
    assert minted.status_code == 403
    assert minted.json()["code"] == "orgs.api_keys_user_only"
    keys = (await api.client.get(f"/api/v1/orgs/{org['id']}/api-keys", headers=owner)).json()
    assert [k["name"] for k in keys] == ["erp"]
