"""Issue 9, item 27: /me carries the caller's role and permitted actions in the active
organisation, from the same compiled authorizer the server checks with."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.conftest import unique_slug
from tests.fixtures.api import Api, new_email
from tests.fixtures.orgs import new_org, operator, signed_in


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def me(api: Api, headers: dict[str, str]) -> dict[str, Any]:
    response = await api.client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def member(api: Api, owner: dict[str, str], org_id: str, role: str) -> dict[str, str]:
    email = new_email()
    invited = await api.client.post(
        f"/api/v1/orgs/{org_id}/invitations", json={"email": email, "role": role}, headers=owner
    )
    assert invited.status_code == 201, invited.text
    token = await api.token_from_mail(email, "Invitation")
    await api.verified_user(email)
    headers = await api.bearer(email)
    assert (
        await api.client.post("/api/v1/invitations/accept", json={"token": token}, headers=headers)
    ).is_success
    switched = await api.client.post("/api/v1/orgs/active", json={"org_id": org_id}, headers=headers)
    assert switched.status_code == 200, switched.text
    return headers


async def test_me_lists_what_the_role_may_do_in_the_active_organisation(api: Api) -> None:
    _, owner = await signed_in(api)
    buyer = await new_org(api, owner, kind="buyer", name="Role Test AG")
    await api.client.post("/api/v1/orgs/active", json={"org_id": buyer["id"]}, headers=owner)
    mine = await me(api, owner)
    assert mine["active_org_id"] == buyer["id"] and mine["role"] == "owner"
    assert {"members.manage", "members.manage_owners", "api_keys.manage", "orders.create"} <= set(
        mine["actions"]
    )

    purchaser = await me(api, await member(api, owner, buyer["id"], "purchaser"))
    assert purchaser["role"] == "purchaser" and "orders.create" in purchaser["actions"]
    assert not {"members.manage", "members.invite", "api_keys.read", "audit.read"} & set(purchaser["actions"])
    assert purchaser["actions"] == sorted(purchaser["actions"])

    # the server refuses what the list leaves out
    refused = await api.client.post(
        f"/api/v1/orgs/{buyer['id']}/invitations",
        json={"email": new_email(), "role": "viewer"},
        headers=await member(api, owner, buyer["id"], "purchaser"),
    )
    assert refused.status_code == 403

    ops = await me(api, await operator(api))
    assert ops["role"] == "operator" and {"tenants.manage", "audit.read_all"} <= set(ops["actions"])


async def test_a_suspended_supplier_permits_nothing(api: Api) -> None:
    ops = await operator(api)
    _, owner = await signed_in(api)
    supplier = await new_org(api, owner, kind="supplier", name="Paused SRL", slug=unique_slug("psd"))
    await api.client.post("/api/v1/orgs/active", json={"org_id": supplier["id"]}, headers=owner)
    assert "catalog.write" in (await me(api, owner))["actions"]  # pending: its owner prepares the catalog
    await api.client.post(f"/api/v1/operator/tenants/{supplier['id']}/approve", headers=ops)
    await api.client.post(f"/api/v1/operator/tenants/{supplier['id']}/suspend", json={}, headers=ops)
    suspended = await me(api, owner)
    assert (suspended["role"], suspended["actions"]) == ("owner", [])
