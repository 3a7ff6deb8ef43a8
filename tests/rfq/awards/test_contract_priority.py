"""The award's contract list prices the buyer's reorders even where the supplier already has a
customer list for that buyer with the SKU (journey 3: the demo's BoltNut has one for Nordbau,
priority 5; a contract list at priority 0 was outranked by it)."""

from __future__ import annotations

from decimal import Decimal

from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.rfq.awards.award_world import award_body, ready
from tests.rfq.world import money


async def test_the_contract_list_outranks_the_buyers_older_lists(api: Api) -> None:
    r = await ready(api)
    a = r.supplier(0)
    for kind, priority in (("customer", 5), ("contract", 3)):
        older = await call(
            api,
            "POST",
            f"{a.base}/price-lists",
            a.owner,
            {
                "name": f"Older {kind}",
                "kind": kind,
                "currency": "EUR",
                "buyer_org_id": str(r.w.buyer_org),
                "priority": priority,
            },
            201,
        )
        items = {"items": [{"sku": a.sku, "tiers": [{"min_qty": "1", "unit_price": "9.00"}]}]}
        await call(api, "PUT", f"{a.base}/price-lists/{older['id']}/items", a.owner, items)

    answer = await api.client.post(r.url, json=award_body(r, orders=False), headers=r.w.buyer)
    assert answer.status_code == 201, answer.text
    contract_id = answer.json()["suppliers"][0]["price_list_id"]
    lines = {"lines": [{"sku": a.sku, "quantity": "120", "supplier": a.slug}]}
    added = await api.client.post(f"{r.w.org}/cart/lines", json=lines, headers=r.w.buyer)
    assert added.status_code in (200, 201), added.text
    cart = (await api.client.get(f"{r.w.org}/cart", headers=r.w.buyer)).json()
    (line,) = cart["groups"][0]["lines"]
    assert line["price_list_id"] == contract_id
    assert money(line["unit_price"]) == Decimal("2.10")  # the quoted break from 100
    contract = await call(api, "GET", f"{a.base}/price-lists/{contract_id}", a.owner)
    assert contract["priority"] == 6
