"""Purchase requests on real PostgreSQL: the plan read from the database (limits, the
month's spend, rules on supplier and category), the checkout's calls (open, restart,
cancel, where it waits), the approvers' queue by role, two levels approved, one rejection
ending it, self-approval refused, another company's request not found."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.marketplace.approvals import service
from hansa.marketplace.approvals.errors import NotWaiting
from hansa.marketplace.approvals.schemas import PurchaseRequestOut, PurchaseSummary
from hansa.marketplace.marketplaces.service import insert_category_row, insert_marketplace_row
from tests.conftest import unique_slug
from tests.fixtures.api import Api
from tests.fixtures.orgs import new_org
from tests.marketplace.approvals.company import Company, company, part


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


ABOVE_10K = {
    "name": "Orders above 10,000 EUR",
    "condition": "total_above",
    "currency": "EUR",
    "amount": "10000",
    "levels": [{"roles": ["approver"]}, {"roles": ["admin"]}],
}


async def configure(api: Api, firm: Company) -> None:
    base = f"/api/v1/orgs/{firm.id}/approval-settings"
    limits = await api.client.put(
        f"{base}/limits/{firm.purchaser.id}",
        json={"limits": [{"currency": "EUR", "per_order": "5000", "per_month": "20000"}]},
        headers=firm.owner.headers,
    )
    assert limits.status_code == 200, limits.text
    rule = await api.client.post(f"{base}/rules", json=ABOVE_10K, headers=firm.owner.headers)
    assert rule.status_code == 201, rule.text


async def open_for(api: Api, summary: PurchaseSummary) -> PurchaseRequestOut:
    async with api.db.transaction() as tx:
        plan = await service.approval_plan(tx, summary)
        return await service.open_request(tx, uuid.uuid4(), summary, plan)


async def test_plan_from_the_database(api: Api) -> None:
    firm = await company(api)
    await configure(api, firm)
    small = firm.summary(firm.purchaser, part("4000"))
    supplier = await new_org(
        api, firm.owner.headers, kind="supplier", name="Spend SRL", slug=unique_slug("sp")
    )
    async with api.db.transaction() as tx:
        assert (await service.approval_plan(tx, small)).levels == []
        # what the purchaser ordered this month counts against the monthly limit
        await tx.execute(
            "INSERT INTO public.order_ref (order_id, tenant_id, buyer_org_id, number, status, currency, "
            "total, payment_method, placed_by) "
            "VALUES ($1, $2, $3, 'SP-1', 'placed', 'EUR', 17000, 'on_account', $4)",
            uuid.uuid4(),
            uuid.UUID(supplier["id"]),
            uuid.UUID(firm.id),
            firm.purchaser.id,
        )
        monthly = await service.approval_plan(tx, small)
        assert [r.code for r in monthly.reasons] == ["spending_limit.per_month"]
        assert [level.roles for level in monthly.levels] == [["approver", "admin"]]
        # last month's orders do not
        last_month = await service.approval_plan(tx, small, now=datetime(2099, 1, 1, tzinfo=UTC))
        assert last_month.levels == []


async def test_rules_on_supplier_and_category_with_descendants(api: Api) -> None:
    firm = await company(api)
    supplier = await new_org(
        api, firm.owner.headers, kind="supplier", name="Rule SRL", slug=unique_slug("rs")
    )
    market, tools, drills = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    slug = unique_slug("mk")
    async with api.db.transaction() as tx:
        await insert_marketplace_row(
            tx, marketplace_id=market, slug=slug, name="M", kind="horizontal", description=""
        )
        for category, parent, path, depth in ((tools, None, "tools", 0), (drills, tools, "tools/drills", 1)):
            await insert_category_row(
                tx,
                category_id=category,
                marketplace_id=market,
                parent_id=parent,
                slug=path.rsplit("/", 1)[-1],
                name=path,
                position=0,
                path=path,
                depth=depth,
                definitions=[],
            )
    base = f"/api/v1/orgs/{firm.id}/approval-settings/rules"
    for body in (
        {
            "name": "Tools",
            "condition": "category",
            "category_id": str(tools),
            "levels": [{"roles": ["owner"]}],
        },
        {
            "name": "Rule SRL",
            "condition": "supplier",
            "supplier_id": supplier["id"],
            "levels": [{"roles": ["admin"]}],
        },
    ):
        created = await api.client.post(base, json=body, headers=firm.owner.headers)
        assert created.status_code == 201, created.text
    async with api.db.transaction() as tx:
        drill_order = firm.summary(firm.purchaser, part("10", categories=[drills]))
        plan = await service.approval_plan(tx, drill_order)
        assert [level.roles for level in plan.levels] == [["owner"]]
        both = firm.summary(
            firm.purchaser, part("10", categories=[drills]), part("10", tenant_id=uuid.UUID(supplier["id"]))
        )
        assert [level.roles for level in (await service.approval_plan(tx, both)).levels] == [
            ["admin", "owner"]
        ]
        other = firm.summary(firm.purchaser, part("10", categories=[uuid.uuid4()]))
        assert (await service.approval_plan(tx, other)).levels == []


async def test_two_levels_approved_then_placed(api: Api) -> None:
    firm = await company(api)
    await configure(api, firm)
    request = await open_for(api, firm.summary(firm.purchaser, part("12000", name="Bolt & Nut SRL")))
    assert request.status == "pending" and request.current_level == 1
    assert [level.roles for level in request.levels] == [["approver", "admin"], ["admin"]]
    assert {r.code for r in request.reasons} == {"spending_limit.per_order", "rule.total_above"}
    assert request.requester_name
    # level 1's approvers get a mail; the requester does not
    mails = await api.mails(firm.approver.email)
    assert mails and "waits for your approval" in mails[0].subject
    assert "Bolt & Nut SRL" in mails[0].body
    assert not [m for m in await api.mails(firm.purchaser.email) if "approval" in m.subject]

    queue = f"/api/v1/orgs/{firm.id}/approvals"
    waiting = (await api.client.get(queue, headers=firm.approver.headers)).json()
    assert [item["id"] for item in waiting["items"]] == [str(request.id)]
    assert waiting["items"][0]["can_decide"] is True
    # the owner's role is in no level: nothing waits for it
    assert (await api.client.get(queue, headers=firm.owner.headers)).json()["items"] == []
    # a purchaser has no queue
    assert (await api.client.get(queue, headers=firm.purchaser.headers)).status_code == 403

    first = await api.client.post(f"{queue}/{request.id}/approve", headers=firm.approver.headers)
    assert first.status_code == 200, first.text
    assert (first.json()["status"], first.json()["current_level"]) == ("pending", 2)
    # level 2 is the admins': the approver may not decide it, nor sees it waiting
    again = await api.client.post(f"{queue}/{request.id}/approve", headers=firm.approver.headers)
    assert (again.status_code, again.json()["code"]) == (403, "approvals.not_your_level")
    assert (await api.client.get(queue, headers=firm.approver.headers)).json()["items"] == []
    assert any("level 2 of 2" in mail.body for mail in await api.mails(firm.admin.email))

    last = await api.client.post(f"{queue}/{request.id}/approve", headers=firm.admin.headers)
    assert last.status_code == 200, last.text
    done = last.json()
    assert done["status"] == "approved"
    assert [(d["level"], d["decision"]) for d in done["decisions"]] == [(1, "approved"), (2, "approved")]
    async with api.db.transaction() as tx:
        event = await tx.fetchrow(
            "SELECT payload FROM public.outbox "
            "WHERE actor = 'approvals.approved' AND payload->>'request_id' = $1",
            str(request.id),
        )
        found = await service.request_for_checkout(tx, request.checkout_id)
    assert event is not None and event["payload"]["checkout_id"] == str(request.checkout_id)
    assert found is not None and found.status == "approved"
    assert any("was approved" in mail.subject for mail in await api.mails(firm.purchaser.email))
    late = await api.client.post(
        f"{queue}/{request.id}/reject", json={"reason": "late"}, headers=firm.admin.headers
    )
    assert (late.status_code, late.json()["code"]) == (409, "approvals.not_waiting")
    history = (await api.client.get(f"{queue}?status=approved", headers=firm.owner.headers)).json()
    assert [item["id"] for item in history["items"]] == [str(request.id)]


async def test_one_rejection_ends_it_with_a_reason(api: Api) -> None:
    firm = await company(api)
    await configure(api, firm)
    request = await open_for(api, firm.summary(firm.purchaser, part("12000")))
    url = f"/api/v1/orgs/{firm.id}/approvals/{request.id}/reject"
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        refused = await api.client.post(url, json=body, headers=firm.approver.headers)
        assert refused.status_code in (400, 422), refused.text
    unchanged = await api.client.get(
        f"/api/v1/orgs/{firm.id}/approvals/{request.id}", headers=firm.approver.headers
    )
    assert (unchanged.json()["status"], unchanged.json()["decisions"]) == ("pending", [])
    rejected = await api.client.post(
        url, json={"reason": "Too expensive this quarter"}, headers=firm.approver.headers
    )
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["reject_reason"]) == (
        "rejected",
        "Too expensive this quarter",
    )
    after = await api.client.post(
        f"/api/v1/orgs/{firm.id}/approvals/{request.id}/approve", headers=firm.admin.headers
    )
    assert after.status_code == 409
    async with api.db.transaction() as tx:
        event = await tx.fetchrow(
            "SELECT payload FROM public.outbox "
            "WHERE actor = 'approvals.rejected' AND payload->>'request_id' = $1",
            str(request.id),
        )
    assert event is not None and event["payload"]["reason"] == "Too expensive this quarter"
    mail = (await api.mails(firm.purchaser.email))[0]
    assert "rejected" in mail.subject and "Too expensive this quarter" in mail.body


async def test_the_requester_cannot_approve_its_own(api: Api) -> None:
    firm = await company(api)
    await configure(api, firm)
    # the approver itself has a limit and orders above it
    put = await api.client.put(
        f"/api/v1/orgs/{firm.id}/approval-settings/limits/{firm.approver.id}",
        json={"limits": [{"currency": "EUR", "per_order": "100"}]},
        headers=firm.owner.headers,
    )
    assert put.status_code == 200, put.text
    request = await open_for(api, firm.summary(firm.approver, part("200")))
    own = await api.client.post(
        f"/api/v1/orgs/{firm.id}/approvals/{request.id}/approve", headers=firm.approver.headers
    )
    assert (own.status_code, own.json()["code"]) == (403, "approvals.own_request")
    listed = (await api.client.get(f"/api/v1/orgs/{firm.id}/approvals", headers=firm.approver.headers)).json()
    assert [item["can_decide"] for item in listed["items"]] == [False]
    approved = await api.client.post(
        f"/api/v1/orgs/{firm.id}/approvals/{request.id}/approve", headers=firm.admin.headers
    )
    assert approved.json()["status"] == "approved"


async def test_restart_and_cancel(api: Api) -> None:
    firm = await company(api)
    await configure(api, firm)
    summary = firm.summary(firm.purchaser, part("12000"))
    request = await open_for(api, summary)
    approved = await api.client.post(
        f"/api/v1/orgs/{firm.id}/approvals/{request.id}/approve", headers=firm.approver.headers
    )
    assert approved.json()["current_level"] == 2
    # the requester edits the waiting request: approvals start again at level 1
    edited = firm.summary(firm.purchaser, part("6000"))
    async with api.db.transaction() as tx:
        plan = await service.approval_plan(tx, edited)
        restarted = await service.restart_request(tx, request.checkout_id, edited, plan)
    assert (restarted.status, restarted.round, restarted.current_level, restarted.decisions) == (
        "pending",
        2,
        1,
        [],
    )
    assert [level.roles for level in restarted.levels] == [["approver", "admin"]]
    async with api.db.transaction() as tx:
        await service.cancel_request(tx, request.checkout_id)
        found = await service.request_for_checkout(tx, request.checkout_id)
        assert found is not None and found.status == "cancelled"
        with pytest.raises(NotWaiting):
            await service.cancel_request(tx, request.checkout_id)
        assert await service.request_for_checkout(tx, uuid.uuid4()) is None


async def test_another_company_sees_no_request(api: Api) -> None:
    firm = await company(api)
    await configure(api, firm)
    request = await open_for(api, firm.summary(firm.purchaser, part("12000")))
    other = await company(api, "Other Buyer")
    for method, path in (
        ("GET", f"/api/v1/orgs/{other.id}/approvals/{request.id}"),
        ("POST", f"/api/v1/orgs/{other.id}/approvals/{request.id}/approve"),
    ):
        answer = await api.client.request(method, path, headers=other.admin.headers)
        assert answer.status_code == 404, answer.text
    # and not through the first company's address either
    stranger = await api.client.get(
        f"/api/v1/orgs/{firm.id}/approvals/{request.id}", headers=other.admin.headers
    )
    assert stranger.status_code in (403, 404)
