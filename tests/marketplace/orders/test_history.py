"""The buyer's history across suppliers and the supplier's inbox: filters, search, sort,
cursor pages, an ERP's ``updated_after`` pull; another company's or supplier's order: 404."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.marketplace.orders.world import new_order, place, world


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


NOW = datetime.now(UTC).replace(microsecond=0)


def _day(days_ago: int) -> datetime:
    return NOW - timedelta(days=days_ago)


async def test_buyer_history_filters_search_and_pages(api: Api) -> None:
    w = await world(api)
    orders = [
        new_order(w, placed_at=_day(10 - i), po_number=f"PO-{i}", status=("placed", "confirmed")[i % 2])
        for i in range(5)
    ]
    orders.append(new_order(w, placed_at=_day(0), lines={"HB-M8-30": "5"}, po_number="PO-ODD"))
    ids = await place(w, *orders, reserve=False)
    everything = await call(api, "GET", w.org, w.buyer.headers)
    assert [item["id"] for item in everything["items"]] == [str(i) for i in reversed(ids)]
    assert everything["items"][0]["supplier_name"] == "Bolt & Nut SRL"
    # cursor pages of two, newest first, cover everything once
    seen, cursor = [], None
    while True:
        page = await call(
            api, "GET", w.org + "?limit=2" + (f"&cursor={cursor}" if cursor else ""), w.buyer.headers
        )
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [str(i) for i in reversed(ids)]
    confirmed = await call(api, "GET", f"{w.org}?status=confirmed", w.buyer.headers)
    assert {item["po_number"] for item in confirmed["items"]} == {"PO-1", "PO-3"}
    by_sku = await call(api, "GET", f"{w.org}?q=HB-M8-20", w.buyer.headers)
    assert len(by_sku["items"]) == 5
    by_po = await call(api, "GET", f"{w.org}?q=po-odd", w.buyer.headers)
    assert [item["id"] for item in by_po["items"]] == [str(ids[-1])]
    recent = await api.client.get(
        w.org,
        params={"placed_from": _day(8).isoformat(), "placed_to": _day(6).isoformat()},
        headers=w.buyer.headers,
    )
    assert [item["po_number"] for item in recent.json()["items"]] == ["PO-3", "PO-2"]
    other = await api.client.get(f"{w.org}?supplier={w.buyer_org}", headers=w.buyer.headers)
    assert other.json()["items"] == []
    mine = await api.client.get(f"{w.org}?placed_by={w.buyer.user_id}", headers=w.buyer.headers)
    assert len(mine.json()["items"]) == 6
    unknown = await api.client.get(f"{w.org}?status=lost", headers=w.buyer.headers)
    assert unknown.status_code == 400, unknown.text
    bad = await api.client.get(f"{w.org}?cursor=nonsense", headers=w.buyer.headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


async def test_updated_after_pulls_changed_orders_oldest_change_first(api: Api) -> None:
    w = await world(api)
    first, second, third = await place(w, new_order(w), new_order(w), new_order(w))
    since = datetime.now(UTC)
    await call(api, "POST", f"{w.sup}/{third}/confirm", w.supplier.headers)
    await call(api, "POST", f"{w.sup}/{first}/confirm", w.supplier.headers)
    for base, headers in ((w.org, w.buyer.headers), (w.sup, w.supplier.headers)):
        page = await api.client.get(
            base, params={"updated_after": since.isoformat(), "limit": 1}, headers=headers
        )
        assert [item["id"] for item in page.json()["items"]] == [str(third)]
        rest = await api.client.get(
            base,
            params={"updated_after": since.isoformat(), "limit": 1, "cursor": page.json()["next_cursor"]},
            headers=headers,
        )
        assert [item["id"] for item in rest.json()["items"]] == [str(first)]
        assert rest.json()["next_cursor"] is None
    assert second  # unchanged: not pulled


async def test_supplier_inbox_search_by_buyer_name_and_number(api: Api) -> None:
    w = await world(api, buyer_name="Zebra Components")
    a, b = new_order(w, po_number="PO-77"), new_order(w)
    await place(w, a, b, reserve=False)
    by_name = await call(api, "GET", f"{w.sup}?q=zebra", w.supplier.headers)
    assert len(by_name["items"]) == 2 and by_name["items"][0]["buyer_name"] == "Zebra Components"
    by_number = await call(api, "GET", f"{w.sup}?q={b.number}", w.supplier.headers)
    assert [item["number"] for item in by_number["items"]] == [b.number]
    by_po = await call(api, "GET", f"{w.sup}?q=PO-77&sort=number", w.supplier.headers)
    assert [item["number"] for item in by_po["items"]] == [a.number]
    by_buyer = await call(api, "GET", f"{w.sup}?buyer={w.buyer_org}&sort=-total", w.supplier.headers)
    assert len(by_buyer["items"]) == 2


async def test_another_company_or_supplier_gets_404(api: Api) -> None:
    w = await world(api)
    other = await world(api)
    [order_id] = await place(w, new_order(w))
    # another buyer company, on its own path and on the victim's
    for url in (f"{other.org}/{order_id}", f"{w.org}/{order_id}"):
        assert (await api.client.get(url, headers=other.buyer.headers)).status_code == 404
    cancel = await api.client.post(
        f"{other.org}/{order_id}/cancel", json={"reason": "x"}, headers=other.buyer.headers
    )
    assert cancel.status_code == 404
    # another supplier, on its own path and on the victim's
    for url in (f"{other.sup}/{order_id}", f"{w.sup}/{order_id}"):
        assert (await api.client.get(url, headers=other.supplier.headers)).status_code == 404
    confirm = await api.client.post(f"{other.sup}/{order_id}/confirm", headers=other.supplier.headers)
    assert confirm.status_code == 404
    anonymous = await api.client.get(f"{w.org}/{order_id}")
    assert anonymous.status_code in (401, 404)
    assert (await call(api, "GET", f"{w.org}/{order_id}", w.buyer.headers))["status"] == "placed"
