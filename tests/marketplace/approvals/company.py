"""A buyer company with an owner, a purchaser, an approver and an admin, made through the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from hansa.marketplace.approvals.schemas import PurchaseSummary, SupplierPart
from tests.fixtures.api import Api, new_email
from tests.fixtures.orgs import new_org, signed_in


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    email: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Company:
    id: str
    owner: Person
    purchaser: Person
    approver: Person
    admin: Person

    def summary(self, requester: Person, *parts: SupplierPart) -> PurchaseSummary:
        return PurchaseSummary(org_id=uuid.UUID(self.id), requester_id=requester.id, parts=list(parts))


async def person(api: Api, email: str, headers: dict[str, str]) -> Person:
    me = await api.client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200, me.text
    return Person(uuid.UUID(me.json()["id"]), email, headers)


async def member(api: Api, org_id: str, owner: dict[str, str], role: str) -> Person:
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
    return await person(api, email, headers)


async def company(api: Api, name: str = "Nordbau Einkauf") -> Company:
    email, owner = await signed_in(api)
    org = await new_org(api, owner, kind="buyer", name=name)
    return Company(
        id=org["id"],
        owner=await person(api, email, owner),
        purchaser=await member(api, org["id"], owner, "purchaser"),
        approver=await member(api, org["id"], owner, "approver"),
        admin=await member(api, org["id"], owner, "admin"),
    )


def part(
    total: str, *, tenant_id: uuid.UUID | None = None, currency: str = "EUR", **more: object
) -> SupplierPart:
    return SupplierPart(
        tenant_id=tenant_id or uuid.uuid4(),
        supplier_name=str(more.get("name", "Bolt & Nut SRL")),
        currency=currency,
        total=Decimal(total),
        category_ids=list(more.get("categories", [])),  # type: ignore[call-overload]
    )
