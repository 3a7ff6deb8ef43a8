"""Buyer company locations over HTTP on real PostgreSQL: CRUD, one default ship-to and
bill-to per company (also in the database), bad input answers 4xx and changes nothing,
a purchaser reads but does not manage, another company's locations are not found."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import msgspec
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.identity.orgs.schemas import OrganisationOut
from hansa.identity.orgs.service import OrgContext
from hansa.identity.principal import Principal, org_domain
from hansa.marketplace.buyers.errors import LocationNotFound
from hansa.marketplace.buyers.service import location_snapshot, set_default
from tests.fixtures.api import Api, new_email
from tests.fixtures.orgs import new_org, signed_in


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def address(name: str = "Cluj warehouse", **more: Any) -> dict[str, Any]:
    return {"name": name, "line1": "Str. Fabricii 12", "city": "Cluj-Napoca", "country": "RO", **more}


async def buyer(api: Api) -> tuple[str, dict[str, str]]:
    _, owner = await signed_in(api)
    org = await new_org(api, owner, kind="buyer", name="Ada Trading")
    return org["id"], owner


async def member(api: Api, org_id: str, owner: dict[str, str], role: str) -> dict[str, str]:
    email = new_email()
    invited = await api.client.post(
        f"/api/v1/orgs/{org_id}/invitations", json={"email": email, "role": role}, headers=owner
    )
    assert invited.status_code == 201, invited.text
    token = await api.token_from_mail(email, "Invitation")
    await api.verified_user(email)
    headers = await api.bearer(email)
    joined = await api.client.post("/api/v1/invitations/accept", json={"token": token}, headers=headers)
    assert joined.status_code == 200, joined.text
    return headers


async def test_crud_and_defaults(api: Api) -> None:
    org_id, owner = await buyer(api)
    base = f"/api/v1/orgs/{org_id}/locations"
    created = await api.client.post(
        base,
        json=address(contact_email="ana@example.com", contact_phone="+40 264 123 456", tax_id="RO123456"),
        headers=owner,
    )
    assert created.status_code == 201, created.text
    first = created.json()
    # the first ship-to becomes the default ship-to; no bill-to yet
    assert (first["is_ship_to"], first["is_default_ship_to"], first["is_default_bill_to"]) == (
        True,
        True,
        False,
    )
    both = (await api.client.post(base, json=address("Head office", is_bill_to=True), headers=owner)).json()
    assert (both["is_default_ship_to"], both["is_default_bill_to"]) == (False, True)

    made_default = await api.client.post(
        f"{base}/{both['id']}/default", json={"kind": "ship_to"}, headers=owner
    )
    assert made_default.status_code == 200, made_default.text
    assert made_default.json()["is_default_ship_to"] is True
    listed = (await api.client.get(base, headers=owner)).json()
    assert {(loc["name"], loc["is_default_ship_to"]) for loc in listed} == {
        ("Cluj warehouse", False),
        ("Head office", True),
    }

    changed = await api.client.patch(
        f"{base}/{first['id']}",
        json={"city": "Turda", "tax_id": "", "clear_contact_email": True},
        headers=owner,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["city"], changed.json()["tax_id"], changed.json()["contact_email"]) == (
        "Turda",
        None,
        None,
    )
    # no longer a ship-to: no longer the default ship-to
    only_bill = await api.client.patch(f"{base}/{both['id']}", json={"is_ship_to": False}, headers=owner)
    assert (only_bill.json()["is_ship_to"], only_bill.json()["is_default_ship_to"]) == (False, False)

    got = await api.client.get(f"{base}/{first['id']}", headers=owner)
    assert got.json()["city"] == "Turda"
    assert (await api.client.delete(f"{base}/{both['id']}", headers=owner)).status_code == 204
    assert (await api.client.get(f"{base}/{both['id']}", headers=owner)).status_code == 404
    remaining = (await api.client.get(base, headers=owner)).json()
    assert [loc["id"] for loc in remaining] == [first["id"]]
    assert not any(loc["is_default_bill_to"] for loc in remaining)  # deleting the default clears it

    audit = (await api.client.get(f"/api/v1/orgs/{org_id}/audit", headers=owner)).json()["items"]
    assert {"buyers.location_created", "buyers.location_updated", "buyers.location_deleted"} <= {
        entry["action"] for entry in audit
    }


async def test_one_default_per_kind_is_enforced_in_the_database(api: Api, db: Database) -> None:
    org_id, owner = await buyer(api)
    base = f"/api/v1/orgs/{org_id}/locations"
    await api.client.post(base, json=address("A"), headers=owner)
    other = (await api.client.post(base, json=address("B"), headers=owner)).json()
    async with db.transaction() as tx:
        with pytest.raises(asyncpg.UniqueViolationError):
            await tx.execute(
                "UPDATE public.buyer_location SET is_default_ship_to = true WHERE id = $1",
                uuid.UUID(other["id"]),
            )
    async with db.transaction() as tx:
        with pytest.raises(asyncpg.CheckViolationError):  # a default bill-to that is not a bill-to
            await tx.execute(
                "UPDATE public.buyer_location SET is_default_bill_to = true WHERE id = $1",
                uuid.UUID(other["id"]),
            )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (address(country="Romania"), "country"),
        (address(country="ro"), "country"),
        (address(contact_email="not-an-email"), "contact_email"),
        (address(name=""), "name"),
        (address(line1="x" * 201), "line1"),
        (address(is_ship_to=False), "is_ship_to"),
        ({"name": "No city", "line1": "x", "country": "RO"}, "city"),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(api: Api, body: dict[str, Any], field: str) -> None:
    org_id, owner = await buyer(api)
    base = f"/api/v1/orgs/{org_id}/locations"
    refused = await api.client.post(base, json=body, headers=owner)
    assert refused.status_code in (400, 422), refused.text
    assert field in refused.text
    assert (await api.client.get(base, headers=owner)).json() == []


async def test_bad_patch_and_default_change_nothing(api: Api) -> None:
    org_id, owner = await buyer(api)
    base = f"/api/v1/orgs/{org_id}/locations"
    loc = (await api.client.post(base, json=address(), headers=owner)).json()
    for body in (
        {"country": "XYZ"},
        {"is_ship_to": False},
        {"contact_email": "a@b.co", "clear_contact_email": True},
    ):
        refused = await api.client.patch(f"{base}/{loc['id']}", json=body, headers=owner)
        assert refused.status_code in (400, 422), refused.text
    not_bill = await api.client.post(f"{base}/{loc['id']}/default", json={"kind": "bill_to"}, headers=owner)
    assert not_bill.status_code == 422
    assert not_bill.json()["code"] == "buyers.invalid_location"
    assert (await api.client.get(f"{base}/{loc['id']}", headers=owner)).json() == loc


async def test_purchaser_reads_but_does_not_manage(api: Api) -> None:
    org_id, owner = await buyer(api)
    base = f"/api/v1/orgs/{org_id}/locations"
    loc = (await api.client.post(base, json=address(), headers=owner)).json()
    purchaser = await member(api, org_id, owner, "purchaser")
    assert [x["id"] for x in (await api.client.get(base, headers=purchaser)).json()] == [loc["id"]]
    assert (await api.client.get(f"{base}/{loc['id']}", headers=purchaser)).status_code == 200
    refused = [
        await api.client.post(base, json=address("Mine"), headers=purchaser),
        await api.client.patch(f"{base}/{loc['id']}", json={"city": "Dej"}, headers=purchaser),
        await api.client.post(f"{base}/{loc['id']}/default", json={"kind": "ship_to"}, headers=purchaser),
        await api.client.delete(f"{base}/{loc['id']}", headers=purchaser),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403, 403]
    assert (await api.client.get(base, headers=owner)).json() == [loc]


async def test_other_company_and_supplier_get_404(api: Api, db: Database) -> None:
    org_id, owner = await buyer(api)
    loc = (await api.client.post(f"/api/v1/orgs/{org_id}/locations", json=address(), headers=owner)).json()
    other_id, other = await buyer(api)
    assert (await api.client.get(f"/api/v1/orgs/{org_id}/locations", headers=other)).status_code == 404
    # its own company, the other's location id
    assert (
        await api.client.get(f"/api/v1/orgs/{other_id}/locations/{loc['id']}", headers=other)
    ).status_code == 404
    assert (
        await api.client.delete(f"/api/v1/orgs/{other_id}/locations/{loc['id']}", headers=other)
    ).status_code == 404
    assert (await api.client.get(f"/api/v1/orgs/{org_id}/locations/{loc['id']}")).status_code in (401, 404)
    # a supplier organisation has no locations
    _, supplier_owner = await signed_in(api)
    supplier = await new_org(
        api, supplier_owner, kind="supplier", name="Bolts", slug=f"b{uuid.uuid4().hex[:10]}"
    )
    answer = await api.client.get(f"/api/v1/orgs/{supplier['id']}/locations", headers=supplier_owner)
    assert answer.status_code in (403, 404)

    async with db.transaction() as tx:
        snapshot = await location_snapshot(tx, uuid.UUID(org_id), uuid.UUID(loc["id"]))
        assert (snapshot.location_id, snapshot.city, snapshot.country) == (
            uuid.UUID(loc["id"]),
            "Cluj-Napoca",
            "RO",
        )
        with pytest.raises(LocationNotFound):
            await location_snapshot(tx, uuid.UUID(other_id), uuid.UUID(loc["id"]))


async def test_concurrent_default_changes_leave_one_default(api: Api, db: Database) -> None:
    """Each change locks the company's locations first: without it, a second change that
    cleared the default before the first committed would break the unique index (409)."""
    org_id, owner = await buyer(api)
    base = f"/api/v1/orgs/{org_id}/locations"
    ids = [(await api.client.post(base, json=address(f"L{i}"), headers=owner)).json()["id"] for i in range(6)]
    me = (await api.client.get("/api/v1/me", headers=owner)).json()
    org = (await api.client.get("/api/v1/orgs", headers=owner)).json()[0]
    ctx = OrgContext(
        principal=Principal(
            kind="user", id=uuid.UUID(me["id"]), user_id=uuid.UUID(me["id"]), org_id=uuid.UUID(org_id)
        ),
        org=msgspec.convert(org, OrganisationOut),
        domain=org_domain("buyer", uuid.UUID(org_id)),
    )
    await asyncio.gather(*(set_default(db, ctx, uuid.UUID(i), "ship_to") for i in ids))
    listed = (await api.client.get(base, headers=owner)).json()
    assert sum(loc["is_default_ship_to"] for loc in listed) == 1
