"""The award: per line, split between suppliers, into orders (through checkout's placement, the
lines linked back to the RFQ and revision) and contract price lists (in each winner's schema),
once; the losers told without prices; bad input refused naming the field, nothing changed."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from hansa.core.tenancy import TenantContext, tenant_transaction
from tests.fixtures.api import Api
from tests.rfq.awards.award_world import Ready, award_body, ready
from tests.rfq.world import money


async def _status(r: Ready) -> tuple[str, dict[Any, str]]:
    async with r.w.api.db.transaction() as tx:
        rfq = await tx.fetchval("SELECT status FROM public.rfq WHERE id = $1", r.rfq_id)
        rows = await tx.fetch(
            "SELECT tenant_id, status FROM public.rfq_invitation WHERE rfq_id = $1", r.rfq_id
        )
    return rfq, {row["tenant_id"]: row["status"] for row in rows}


async def _order_lines(r: Ready, index: int) -> list[Any]:
    s = r.supplier(index)
    async with tenant_transaction(r.w.api.db, TenantContext.for_tenant(s.tenant_id)) as tx:
        return list(
            await tx.fetch(
                "SELECT l.sku, l.quantity, l.unit_price, l.source_rfq_id, l.source_quote_revision_id, "
                "o.number FROM sales_order_line l JOIN sales_order o ON o.id = l.order_id ORDER BY l.position"
            )
        )


async def _contract_lists(r: Ready, index: int) -> list[Any]:
    s = r.supplier(index)
    async with tenant_transaction(r.w.api.db, TenantContext.for_tenant(s.tenant_id)) as tx:
        return list(
            await tx.fetch(
                "SELECT pl.id, pl.name, pl.kind, pl.buyer_org_id, pl.valid_to, t.min_qty, t.unit_price "
                "FROM price_list pl JOIN price_list_item i ON i.price_list_id = pl.id "
                "JOIN price_tier t ON t.price_list_item_id = i.id WHERE pl.kind = 'contract' "
                "ORDER BY t.min_qty"
            )
        )


async def test_an_award_places_one_order_per_supplier_and_writes_contract_lists(api: Api) -> None:
    r = await ready(api)
    a, b, c = r.w.suppliers
    answer = await api.client.post(
        r.url, json=award_body(r), headers={**r.w.buyer, "Idempotency-Key": "award-1"}
    )
    assert answer.status_code == 201, answer.text
    award = answer.json()
    assert award["status"] == "completed" and award["checkout_status"] == "completed"
    by = {s["tenant_id"]: s for s in award["suppliers"]}
    assert set(by) == {str(a.tenant_id), str(b.tenant_id)}
    for s in (a, b):
        assert by[str(s.tenant_id)]["order_status"] == "placed" and by[str(s.tenant_id)]["order_number"]
        assert by[str(s.tenant_id)]["contract_status"] == "done" and by[str(s.tenant_id)]["price_list_id"]
    # line 1: a's break from 100 applies; line 2: a's 50 below its break (3.00), b's 150 at 2.90
    prices = {(line["line_id"], line["tenant_id"]): money(line["unit_price"]) for line in award["lines"]}
    assert prices[(str(r.lines[0]), str(a.tenant_id))] == Decimal("2.10")
    assert prices[(str(r.lines[1]), str(a.tenant_id))] == Decimal("3.00")
    assert prices[(str(r.lines[1]), str(b.tenant_id))] == Decimal("2.90")
    assert money(award["total"]) == Decimal("210.00") + Decimal("150.00") + Decimal("435.00")
    # the RFQ is awarded, the winners accepted, the other rejected
    rfq, quotes = await _status(r)
    assert rfq == "awarded"
    assert quotes == {a.tenant_id: "accepted", b.tenant_id: "accepted", c.tenant_id: "rejected"}
    # the order lines link back to the RFQ and the revision, at the locked prices
    lines_a = await _order_lines(r, 0)
    assert [(row["quantity"], row["unit_price"]) for row in lines_a] == [
        (Decimal(100), Decimal("2.10")),
        (Decimal(50), Decimal("3.00")),
    ]
    assert {row["source_rfq_id"] for row in lines_a} == {r.rfq_id}
    assert {row["source_quote_revision_id"] for row in lines_a} == {r.revisions[a.tenant_id]}
    # a's contract list: one item (both lines are its one SKU), the quoted tiers of line 1
    lists = await _contract_lists(r, 0)
    assert {row["name"] for row in lists} == {f"RFQ {award['number']}"}
    assert {row["buyer_org_id"] for row in lists} == {r.w.buyer_org}
    assert [(row["min_qty"], row["unit_price"]) for row in lists] == [
        (Decimal(1), Decimal("2.50")),
        (Decimal(100), Decimal("2.10")),
    ]
    # the award reads back the same; the supplier sees its own lines only
    again = await api.client.get(r.url, headers=r.w.buyer)
    assert again.status_code == 200 and again.json()["id"] == award["id"]
    mine = await api.client.get(f"{b.base}/rfqs/{r.rfq_id}/award", headers=b.owner)
    assert mine.status_code == 200
    assert [line["quantity"] for line in mine.json()["lines"]] == ["150"]
    assert (await api.client.get(f"{c.base}/rfqs/{r.rfq_id}/award", headers=c.owner)).status_code == 404


async def test_an_api_key_of_the_company_reads_the_award_and_its_orders(api: Api) -> None:
    """Reading the award reads the company's checkout: not only a person's (an API key has none)."""
    r = await ready(api)
    placed = await api.client.post(r.url, json=award_body(r), headers=r.w.buyer)
    assert placed.status_code == 201, placed.text
    key = await api.client.post(
        f"{r.w.org}/api-keys", json={"name": "erp", "role": "viewer"}, headers=r.w.buyer
    )
    assert key.status_code == 201, key.text
    erp = {"Authorization": f"Bearer {key.json()['secret']}"}
    answer = await api.client.get(r.url, headers=erp)
    assert answer.status_code == 200, answer.text
    award = answer.json()
    assert award["id"] == placed.json()["id"] and award["checkout_status"] == "completed"
    assert {s["order_status"] for s in award["suppliers"]} == {"placed"}
    assert {s["order_number"] for s in award["suppliers"]} == {
        s["order_number"] for s in placed.json()["suppliers"]
    }
    # another company's key still finds nothing
    other = await api.client.post(
        f"/api/v1/orgs/{r.w.other_buyer_org}/api-keys", json={"name": "x", "role": "viewer"},
        headers=r.w.other_buyer,
    )  # fmt: skip
    stranger = {"Authorization": f"Bearer {other.json()['secret']}"}
    assert (await api.client.get(r.url, headers=stranger)).status_code == 404


async def test_the_losers_hear_without_prices_and_the_winners_hear_they_won(api: Api) -> None:
    r = await ready(api)
    c = r.supplier(2)
    answer = await api.client.post(r.url, json=award_body(r, orders=False), headers=r.w.buyer)
    assert answer.status_code == 201, answer.text
    async with api.db.transaction() as tx:
        rows = await tx.fetch(
            "SELECT kind, org_id, params FROM public.notification WHERE kind IN ('rfq.awarded', 'rfq.lost') "
            "AND org_id = ANY($1::uuid[])",
            [s.tenant_id for s in r.w.suppliers],
        )
        mails = await tx.fetch(
            "SELECT subject, body_text AS body FROM public.mail_message WHERE subject LIKE $1",
            f"%{answer.json()['number']}%",
        )
    lost = [row for row in rows if row["kind"] == "rfq.lost"]
    assert {row["org_id"] for row in lost} == {c.tenant_id}
    assert {row["org_id"] for row in rows if row["kind"] == "rfq.awarded"} == {
        r.supplier(0).tenant_id,
        r.supplier(1).tenant_id,
    }
    for row in lost:
        assert not any(key in row["params"] for key in ("total", "unit_price", "lines"))
    assert mails and not any("2.10" in m["body"] or "2.90" in m["body"] for m in mails)


async def test_a_retry_answers_the_same_award_and_a_second_award_is_refused(api: Api) -> None:
    r = await ready(api)
    headers = {**r.w.buyer, "Idempotency-Key": "award-twice"}
    first = await api.client.post(r.url, json=award_body(r), headers=headers)
    again = await api.client.post(r.url, json=award_body(r), headers=headers)
    assert first.status_code == 201 and again.status_code == 201
    assert again.headers.get("Idempotency-Replayed") == "true" and again.json()["id"] == first.json()["id"]
    other = await api.client.post(r.url, json=award_body(r), headers={**r.w.buyer, "Idempotency-Key": "k2"})
    assert other.status_code == 409 and other.json()["code"] == "rfq.already_awarded"
    assert len(await _order_lines(r, 0)) == 2 and len(await _contract_lists(r, 0)) == 2


async def test_bad_awards_name_the_field_and_change_nothing(api: Api) -> None:
    r = await ready(api)
    a, b, c = r.w.suppliers

    def split(line: int, tenant: Any, quantity: str) -> dict[str, Any]:
        return {
            "lines": [
                {"line_id": str(r.lines[line]), "splits": [{"tenant_id": str(tenant), "quantity": quantity}]}
            ]
        }

    unknown = {
        "lines": [
            {"line_id": str(r.w.buyer_org), "splits": [{"tenant_id": str(a.tenant_id), "quantity": "1"}]}
        ]
    }
    cases = [
        (unknown, "lines[0].line_id"),
        (split(0, a.tenant_id, "101"), "lines[0].splits"),
        (split(1, c.tenant_id, "10"), "lines[0].splits[0].tenant_id"),
        (split(0, a.tenant_id, "-5"), "lines[0].splits[0].quantity"),
        (split(0, a.tenant_id, "0"), "lines[0].splits[0].quantity"),
        (split(0, a.tenant_id, "10") | {"contract": {"valid_until": "2020-01-01"}}, "contract.valid_until"),
        (
            split(0, a.tenant_id, "10")
            | {"orders": {"ship_to_location_id": str(r.w.buyer_org), "bill_to_location_id": r.location_id}},
            "orders.ship_to_location_id",
        ),
        (
            split(0, a.tenant_id, "10")
            | {"orders": {"ship_to_location_id": r.location_id, "bill_to_location_id": r.location_id,
                          "payment_methods": {str(b.tenant_id): "bank_transfer"}}},
            f"orders.payment_methods.{b.tenant_id}",
        ),
    ]  # fmt: skip
    for body, field in cases:
        answer = await api.client.post(r.url, json=body, headers=r.w.buyer)
        assert answer.status_code == 422, (field, answer.text)
        assert field in [e.get("field") for e in answer.json().get("errors", [])], (field, answer.json())
    rfq, quotes = await _status(r)
    assert rfq == "open" and set(quotes.values()) == {"submitted"}
    async with api.db.transaction() as tx:
        assert await tx.fetchval("SELECT count(*) FROM public.rfq_award WHERE rfq_id = $1", r.rfq_id) == 0
        assert await tx.fetchval("SELECT count(*) FROM public.checkout WHERE org_id = $1", r.w.buyer_org) == 0


async def test_a_sealed_rfq_is_awarded_only_after_its_deadline(api: Api) -> None:
    r = await ready(api, sealed=True)
    answer = await api.client.post(r.url, json=award_body(r), headers=r.w.buyer)
    assert answer.status_code == 409 and answer.json()["code"] == "rfq.sealed"
    closed = await ready(api, sealed=True, status="closed")
    answer = await api.client.post(closed.url, json=award_body(closed, orders=False), headers=closed.w.buyer)
    assert answer.status_code == 201, answer.text


async def test_the_contract_list_prices_the_buyers_next_cart(api: Api) -> None:
    r = await ready(api)
    a = r.supplier(0)
    answer = await api.client.post(r.url, json=award_body(r, orders=False), headers=r.w.buyer)
    assert answer.status_code == 201, answer.text
    lines = {"lines": [{"sku": a.sku, "quantity": "120", "supplier": a.slug}]}
    added = await api.client.post(f"{r.w.org}/cart/lines", json=lines, headers=r.w.buyer)
    assert added.status_code in (200, 201), added.text
    cart = (await api.client.get(f"{r.w.org}/cart", headers=r.w.buyer)).json()
    (line,) = cart["groups"][0]["lines"]
    assert money(line["unit_price"]) == Decimal("2.10")  # the break from 100
    assert line["price_list_id"] == answer.json()["suppliers"][0]["price_list_id"]
    # the supplier's price lists show it, kind contract, named after the RFQ
    lists = (await api.client.get(f"{a.base}/price-lists", headers=a.owner)).json()
    items = lists["items"] if isinstance(lists, dict) else lists
    contract = [pl for pl in items if pl["kind"] == "contract"]
    assert [pl["name"] for pl in contract] == [f"RFQ {answer.json()['number']}"]


async def test_two_tabs_awarding_at_once_make_one_award(api: Api) -> None:
    r = await ready(api)
    first, second = await asyncio.gather(
        api.client.post(r.url, json=award_body(r), headers=r.w.buyer),
        api.client.post(r.url, json=award_body(r), headers=r.w.buyer),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409], (first.text, second.text)
    assert (first if first.status_code == 409 else second).json()["code"] == "rfq.already_awarded"
    assert len(await _order_lines(r, 0)) == 2 and len(await _contract_lists(r, 0)) == 2
