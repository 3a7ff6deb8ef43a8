"""The supplier's view of an award names the order the award placed at it (journey 3: the
supplier's RFQ page says "Order … was placed for these lines")."""

from __future__ import annotations

from tests.fixtures.api import Api
from tests.rfq.awards.award_world import award_body, ready


async def test_the_supplier_sees_the_number_of_its_order(api: Api) -> None:
    r = await ready(api)
    a, b = r.supplier(0), r.supplier(1)
    answer = await api.client.post(
        r.url, json=award_body(r), headers={**r.w.buyer, "Idempotency-Key": "award-supplier-view"}
    )
    assert answer.status_code == 201, answer.text
    numbers = {s["tenant_id"]: s["order_number"] for s in answer.json()["suppliers"]}
    for s in (a, b):
        mine = await api.client.get(f"{s.base}/rfqs/{r.rfq_id}/award", headers=s.owner)
        assert mine.status_code == 200, mine.text
        assert mine.json()["order_number"] == numbers[str(s.tenant_id)] is not None


async def test_without_orders_the_supplier_sees_no_order(api: Api) -> None:
    r = await ready(api)
    a = r.supplier(0)
    answer = await api.client.post(
        r.url, json=award_body(r, orders=False), headers={**r.w.buyer, "Idempotency-Key": "award-no-orders"}
    )
    assert answer.status_code == 201, answer.text
    mine = await api.client.get(f"{a.base}/rfqs/{r.rfq_id}/award", headers=a.owner)
    assert mine.status_code == 200 and mine.json()["order_number"] is None
