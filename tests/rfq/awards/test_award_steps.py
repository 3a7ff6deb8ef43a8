"""The award's steps: a text line without a SKU waits for the supplier's mapping; a crash
between steps is completed by rfq.award_resume, each order and contract list once; approvals
apply to the award's orders as to a cart checkout; the four kinds of outsider see nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from hansa.core.db import Database
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.orders import placement
from hansa.marketplace.pricing import service as pricing
from hansa.rfq.awards import service
from tests.fixtures.api import Api
from tests.fixtures.browse import acting_buyer
from tests.rfq.awards.award_world import Ready, award_body, ready
from tests.rfq.world import open_rfq, rfq_world, sent_revision


def _contract(days: int = 90) -> dict[str, str]:
    return {"valid_until": (datetime.now(UTC) + timedelta(days=days)).date().isoformat()}


async def _count(db: Database, tenant_id: Any, sql: str) -> int:
    async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
        return int(await tx.fetchval(sql))


async def test_a_text_line_without_a_sku_waits_for_the_suppliers_mapping(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    (a,) = w.suppliers
    rfq_id, (line,) = await open_rfq(w, lines=1)
    await sent_revision(w, rfq_id, a, {line: Decimal("4.00")}, skus={line: None})  # type: ignore[dict-item]
    split = {"line_id": str(line), "splits": [{"tenant_id": str(a.tenant_id), "quantity": "100"}]}
    url = f"{w.org}/rfqs/{rfq_id}/award"
    # no SKU: it cannot be ordered (nothing changes) ...
    location = {"ship_to_location_id": str(line), "bill_to_location_id": str(line)}
    refused = await api.client.post(url, json={"lines": [split], "orders": location}, headers=w.buyer)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "lines[0].splits"
    # ... but it can be a contract line once the supplier maps it
    answer = await api.client.post(url, json={"lines": [split], "contract": _contract()}, headers=w.buyer)
    assert answer.status_code == 201, answer.text
    (supplier,) = answer.json()["suppliers"]
    assert supplier["contract_status"] == "needs_mapping" and "line 1" in supplier["contract_reason"]
    mine = await api.client.get(f"{a.base}/rfqs/{rfq_id}/award", headers=a.owner)
    assert mine.json()["contract_status"] == "needs_mapping" and mine.json()["lines"][0]["sku"] is None
    async with api.db.transaction() as tx:
        told = await tx.fetchval(
            "SELECT count(*) FROM public.notification WHERE kind = 'rfq.award_mapping' AND org_id = $1",
            a.tenant_id,
        )
    assert told >= 1
    for body, field in (
        ({"mappings": [{"line_id": str(line), "sku": "NOPE-1"}]}, "mappings[0].sku"),
        ({"mappings": [{"line_id": str(rfq_id), "sku": a.sku}]}, "mappings[0].line_id"),
    ):
        bad = await api.client.post(f"{a.base}/rfqs/{rfq_id}/award", json=body, headers=a.owner)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == field
    mapped = await api.client.post(
        f"{a.base}/rfqs/{rfq_id}/award",
        json={"mappings": [{"line_id": str(line), "sku": a.sku}]},
        headers=a.owner,
    )
    assert mapped.status_code == 200, mapped.text
    assert mapped.json()["contract_status"] == "done" and mapped.json()["lines"][0]["sku"] == a.sku
    award = (await api.client.get(url, headers=w.buyer)).json()
    assert award["status"] == "completed" and award["suppliers"][0]["price_list_id"]
    assert await _count(api.db, a.tenant_id, "SELECT count(*) FROM price_list WHERE kind = 'contract'") == 1


class ProcessDied(BaseException):
    """The process stops between two steps (not an error the app handles)."""


async def test_a_crash_between_steps_is_completed_once_by_the_resume_job(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = await ready(api)
    a, b = r.supplier(0), r.supplier(1)
    real_run, real_place, real_list = (
        service.run_award,
        placement.place_supplier_order,
        pricing.create_contract_list,
    )

    async def no_run(db: Database, award_id: Any, checkout_id: Any) -> None:
        return None

    # the request writes the award; its steps then run in a "process" that dies
    monkeypatch.setattr(service, "run_award", no_run)
    answer = await api.client.post(r.url, json=award_body(r), headers=r.w.buyer)
    assert answer.status_code == 201, answer.text
    assert {s["contract_status"] for s in answer.json()["suppliers"]} == {"pending"}
    monkeypatch.setattr(service, "run_award", real_run)
    placed: list[Any] = []

    async def dies_on_second_order(tx: Any, tenant: Any, order: Any) -> Any:
        placed.append(tenant.id)
        if len(placed) == 2:
            raise ProcessDied
        return await real_place(tx, tenant, order)

    monkeypatch.setattr(placement, "place_supplier_order", dies_on_second_order)
    with pytest.raises(ProcessDied):
        await service.resume_awards(api.db, idle=timedelta(0))
    monkeypatch.setattr(placement, "place_supplier_order", real_place)
    written: list[Any] = []

    async def dies_on_second_list(tx: Any, tenant_id: Any, **kwargs: Any) -> Any:
        written.append(tenant_id)
        if len(written) == 2:
            raise ProcessDied
        return await real_list(tx, tenant_id, **kwargs)

    monkeypatch.setattr(pricing, "create_contract_list", dies_on_second_list)
    with pytest.raises(ProcessDied):
        await service.resume_awards(api.db, idle=timedelta(0))
    monkeypatch.setattr(pricing, "create_contract_list", real_list)
    # a fresh claim is not the job's until it was left idle
    assert await service.resume_awards(api.db, idle=timedelta(minutes=5)) == 0
    assert await service.resume_awards(api.db, idle=timedelta(0)) >= 1
    award = (await api.client.get(r.url, headers=r.w.buyer)).json()
    assert award["status"] == "completed"
    assert {(s["order_status"], s["contract_status"]) for s in award["suppliers"]} == {("placed", "done")}
    for s in (a, b):
        assert await _count(api.db, s.tenant_id, "SELECT count(*) FROM sales_order") == 1
        assert (
            await _count(api.db, s.tenant_id, "SELECT count(*) FROM price_list WHERE kind = 'contract'") == 1
        )
    # running it all again changes nothing
    await service.run_award(api.db, award["id"], award["checkout_id"])
    for s in (a, b):
        assert await _count(api.db, s.tenant_id, "SELECT count(*) FROM sales_order") == 1
        assert (
            await _count(api.db, s.tenant_id, "SELECT count(*) FROM price_list WHERE kind = 'contract'") == 1
        )


async def test_the_awards_orders_wait_for_approval_like_a_cart_checkout(api: Api) -> None:
    r = await ready(api)
    rule = {
        "name": "Above 100",
        "condition": "total_above",
        "currency": "EUR",
        "amount": "100",
        "levels": [{"roles": ["owner"]}],
    }
    created = await api.client.post(f"{r.w.org}/approval-settings/rules", json=rule, headers=r.w.buyer)
    assert created.status_code == 201, created.text
    answer = await api.client.post(r.url, json=award_body(r, contract=False), headers=r.w.buyer)
    assert answer.status_code == 201, answer.text
    award = answer.json()
    assert award["checkout_status"] == "pending_approval"
    assert {s["order_status"] for s in award["suppliers"]} == {"waiting_approval"}
    assert await _count(api.db, r.supplier(0).tenant_id, "SELECT count(*) FROM sales_order") == 0


async def test_the_four_outsiders_see_nothing_of_an_award(api: Api) -> None:
    r: Ready = await ready(api)
    a, b, c = r.w.suppliers
    answer = await api.client.post(r.url, json=award_body(r), headers=r.w.buyer)
    assert answer.status_code == 201
    uninvited = await rfq_world(api, suppliers=1)
    stranger = uninvited.suppliers[0]
    other_buyer, other_org = await acting_buyer(api, "Curious Buyer AG")
    base = f"/rfqs/{r.rfq_id}"
    # another buyer: on the victim's path and on its own
    for org in (r.w.buyer_org, other_org):
        for method, rest in (("GET", "/comparison"), ("GET", "/award"), ("POST", "/award")):
            body = award_body(r) if method == "POST" else None
            got = await api.client.request(
                method, f"/api/v1/orgs/{org}{base}{rest}", json=body, headers=other_buyer
            )
            assert got.status_code == 404, (org, rest, got.status_code)
    # an uninvited supplier; an invited one that lost; suppliers on the buyer's routes
    for s in (stranger, c):
        assert (await api.client.get(f"{s.base}{base}/award", headers=s.owner)).status_code == 404
        mapping = {"mappings": [{"line_id": str(r.lines[0]), "sku": s.sku}]}
        assert (
            await api.client.post(f"{s.base}{base}/award", json=mapping, headers=s.owner)
        ).status_code == 404
    for s in (a, b, c):
        for rest in ("/comparison", "/award"):
            assert (await api.client.get(f"{r.w.org}{base}{rest}", headers=s.owner)).status_code == 404
    # an invited winner reads its own lines only, never a competitor's prices
    mine = (await api.client.get(f"{b.base}{base}/award", headers=b.owner)).json()
    assert {line["unit_price"] for line in mine["lines"]} == {"2.900000"} or all(
        Decimal(line["unit_price"]) == Decimal("2.90") for line in mine["lines"]
    )
    assert "2.10" not in str(mine) and "2.50" not in str(mine)
    # anonymous
    for url in (f"{r.w.org}{base}/comparison", r.url, f"{b.base}{base}/award"):
        assert (await api.client.get(url, headers={"Cookie": ""})).status_code in (401, 404)


async def test_two_awarded_lines_of_one_sku_make_one_item_at_the_lower_price_of_each_tier(api: Api) -> None:
    w = await rfq_world(api, suppliers=1)
    (a,) = w.suppliers
    rfq_id, (first, second) = await open_rfq(w, lines=2)  # quantities 100, 200; both lines a's one SKU
    await sent_revision(
        w, rfq_id, a, {first: Decimal("2.50"), second: Decimal("3.00")},
        breaks={first: [(Decimal(100), Decimal("2.10"))], second: [(Decimal(150), Decimal("2.00"))]},
    )  # fmt: skip
    lines = [
        {"line_id": str(line), "splits": [{"tenant_id": str(a.tenant_id), "quantity": quantity}]}
        for line, quantity in ((first, "100"), (second, "200"))
    ]
    answer = await api.client.post(
        f"{w.org}/rfqs/{rfq_id}/award", json={"lines": lines, "contract": _contract()}, headers=w.buyer
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["suppliers"][0]["contract_status"] == "done"
    async with tenant_transaction(api.db, TenantContext.for_tenant(a.tenant_id)) as tx:
        tiers = await tx.fetch(
            "SELECT i.variant_id, t.min_qty, t.unit_price FROM price_list pl "
            "JOIN price_list_item i ON i.price_list_id = pl.id "
            "JOIN price_tier t ON t.price_list_item_id = i.id WHERE pl.kind = 'contract' ORDER BY t.min_qty"
        )
    assert len({row["variant_id"] for row in tiers}) == 1
    # from 1 the first line's 2.50 (the second's 3.00 is above it), from 100 its break, from 150
    # the second line's break: the first line's tiers alone would lose that
    assert [(row["min_qty"], row["unit_price"]) for row in tiers] == [
        (Decimal(1), Decimal("2.50")),
        (Decimal(100), Decimal("2.10")),
        (Decimal(150), Decimal("2.00")),
    ]
