"""Reorder (lines into the cart at today's prices, with what changed per line) and the
history's CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from tests.fixtures.api import Api
from tests.fixtures.browse import list_on
from tests.fixtures.catalog import call
from tests.fixtures.marketplaces import marketplace
from tests.fixtures.orgs import operator
from tests.marketplace.orders.world import World, new_order, place, world


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _listed(api: Api, w: World) -> None:
    """Reorder adds lines of a supplier the buyer may order from: active and listed."""
    ops = await operator(api)
    await call(api, "POST", f"/api/v1/operator/tenants/{w.tenant_id}/approve", ops)
    market = await marketplace(api, ops)
    await list_on(api, ops, w.supplier.headers, str(w.tenant_id), market["id"])


async def test_reorder_at_todays_prices_says_what_changed(api: Api) -> None:
    w = await world(api)
    await _listed(api, w)
    base = f"/api/v1/suppliers/{w.slug}"
    price_list = await call(
        api,
        "POST",
        f"{base}/price-lists",
        w.supplier.headers,
        {"name": "Base", "kind": "base", "currency": "EUR"},
        201,
    )
    items = [
        {"sku": "HB-M8-20", "tiers": [{"min_qty": "1", "unit_price": "2.75"}]},
        {"sku": "HB-M8-30", "tiers": [{"min_qty": "1", "unit_price": "2.50"}]},
    ]
    await call(
        api, "PUT", f"{base}/price-lists/{price_list['id']}/items", w.supplier.headers, {"items": items}
    )
    [order_id] = await place(
        w, new_order(w, lines={"HB-M8-20": "100", "HB-M8-30": "10", "GONE-1": "3"}), reserve=False
    )
    report = await call(api, "POST", f"{w.org}/{order_id}/reorder", w.buyer.headers, {})
    by_sku = {line["sku"]: line for line in report["lines"]}
    assert report["added"] == 2
    then, now = by_sku["HB-M8-20"]["price_then"], by_sku["HB-M8-20"]["price_now"]
    assert (Decimal(then), Decimal(now)) == (Decimal("2.50"), Decimal("2.75"))
    assert by_sku["HB-M8-20"]["price_changed"] and by_sku["HB-M8-20"]["available"] == "1000"
    assert not by_sku["HB-M8-30"]["price_changed"]
    assert by_sku["GONE-1"] == {
        "sku": "GONE-1",
        "quantity": "3",
        "added": False,
        "price_then": "2.500000",
        "price_now": None,
        "price_changed": False,
        "available": None,
        "no_longer_sold": True,
        "supplier_unavailable": False,
    }
    async with api.db.transaction() as tx:
        cart = await tx.fetch(
            "SELECT sku, quantity FROM public.cart_line WHERE user_id = $1 ORDER BY sku", w.buyer.user_id
        )
    assert [(row["sku"], row["quantity"]) for row in cart] == [
        ("HB-M8-20", Decimal(100)),
        ("HB-M8-30", Decimal(10)),
    ]
    # some lines only; a line of another order is refused
    detail = await call(api, "GET", f"{w.org}/{order_id}", w.buyer.headers)
    one = await call(
        api, "POST", f"{w.org}/{order_id}/reorder", w.buyer.headers, {"line_ids": [detail["lines"][1]["id"]]}
    )
    assert [line["sku"] for line in one["lines"]] == ["HB-M8-30"]
    bad = await api.client.post(
        f"{w.org}/{order_id}/reorder", json={"line_ids": [str(order_id)]}, headers=w.buyer.headers
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "line_ids"


async def test_csv_export_of_the_filtered_history(api: Api) -> None:
    w = await world(api)
    first, second = new_order(w, po_number="PO-1"), new_order(w, status="confirmed", po_number="PO-2")
    await place(w, first, second, reserve=False)
    response = await api.client.get(f"{w.org}/export.csv?status=confirmed", headers=w.buyer.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [
        "number",
        "supplier",
        "status",
        "placed_at",
        "updated_at",
        "po_number",
        "currency",
        "total",
    ]
    assert [(r[0], r[1], r[2], r[5], r[7]) for r in rows[1:]] == [
        (second.number, "Bolt & Nut SRL", "confirmed", "PO-2", "275.00")
    ]


async def test_reorder_leaves_out_the_lines_of_a_supplier_no_longer_listed(api: Api) -> None:
    w = await world(api)  # never listed on a marketplace
    [order_id] = await place(w, new_order(w, lines={"HB-M8-20": "5"}), reserve=False)
    report = await call(api, "POST", f"{w.org}/{order_id}/reorder", w.buyer.headers, {})
    assert report["added"] == 0
    assert [(line["sku"], line["added"], line["supplier_unavailable"]) for line in report["lines"]] == [
        ("HB-M8-20", False, True)
    ]
    async with api.db.transaction() as tx:
        assert (
            await tx.fetchval("SELECT count(*) FROM public.cart_line WHERE user_id = $1", w.buyer.user_id)
            == 0
        )
