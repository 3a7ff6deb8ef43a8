"""Placing one supplier's order (orders.placement) on real PostgreSQL: lines at the locked
prices rounded once, stock reserved, on account only with terms (their days copied),
credit hold beyond the limit, idempotent by checkout, no oversell when buyers race for
the last units, the buyer and the supplier's people notified."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.catalog.errors import OutOfStock
from hansa.marketplace.orders.placement import (
    PlacedOrder,
    PlaceLine,
    PlacementRefused,
    PlaceOrder,
    number_prefix,
    place_supplier_order,
)
from hansa.tenants import service as tenants
from tests.fixtures.api import Api
from tests.fixtures.catalog import call
from tests.marketplace.checkout.shop import Seller, Shop, open_shop


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def _order(shop: Shop, seller: Seller, quantity: str, price: str, **extra: Any) -> PlaceOrder:
    snapshot = {"location_id": shop.location_id, "name": "HQ"}
    return PlaceOrder(
        checkout_id=extra.pop("checkout_id", uuid.uuid4()),
        buyer_org_id=shop.buyer_id,
        buyer_name="Buyer Co",
        placed_by=shop.user_id,
        currency="EUR",
        payment_method=extra.pop("payment_method", "bank_transfer"),
        ship_to=snapshot,
        bill_to=snapshot,
        lines=[PlaceLine(seller.sku, Decimal(quantity), Decimal(price))],
        **extra,
    )


async def _place(db: Database, seller: Seller, order: PlaceOrder) -> PlacedOrder:
    async with tenant_transaction(db, TenantContext.for_tenant(seller.tenant_id)) as tx:
        tenant = await tenants.find_tenant_by_id(tx, seller.tenant_id)
        assert tenant is not None
        return await place_supplier_order(tx, tenant, order)


def test_number_prefix() -> None:
    assert number_prefix("bolt-nut") == "BN"
    assert number_prefix("acme") == "AC"
    assert number_prefix("a-b-c-d") == "ABC"


async def test_lines_locked_and_rounded_once_stock_reserved_idempotent(api: Api, db: Database) -> None:
    shop = await open_shop(api)
    seller = shop.sellers[0]
    order = _order(shop, seller, "3", "1.005", po_number="PO-1")
    placed = await _place(db, seller, order)
    assert (placed.status, placed.total) == ("placed", Decimal("3.02"))  # 3.015 rounded once, half-up
    again = await _place(db, seller, order)  # the same checkout: found, nothing written twice
    assert again == placed
    async with tenant_transaction(db, TenantContext.for_tenant(seller.tenant_id)) as tx:
        counts = await tx.fetchrow(
            "SELECT (SELECT count(*) FROM sales_order) AS orders,"
            " (SELECT count(*) FROM stock_reservation) AS held,"
            " (SELECT count(*) FROM sales_order_revision WHERE kind = 'placed') AS revisions"
        )
        line = await tx.fetchrow("SELECT unit_price, line_total FROM sales_order_line")
    assert dict(counts) == {"orders": 1, "held": 1, "revisions": 1}
    assert (line["unit_price"], line["line_total"]) == (Decimal("1.005"), Decimal("3.02"))
    ref = await db.pool.fetchrow(
        "SELECT number, skus, po_number FROM public.order_ref WHERE order_id = $1", placed.order_id
    )
    assert (ref["number"], ref["skus"], ref["po_number"]) == (placed.number, ["AL-1"], "PO-1")
    events = await db.pool.fetch(
        "SELECT actor FROM public.outbox WHERE payload->>'order_id' = $1", str(placed.order_id)
    )
    assert [e["actor"] for e in events] == ["orders.placed"]
    # the buyer who placed it and the supplier's owner are notified
    kinds = await db.pool.fetch(
        "SELECT org_id FROM public.notification WHERE kind = 'order.placed' AND params->>'number' = $1 "
        "AND org_id = ANY($2::uuid[])",  # numbers repeat across suppliers: these two organisations' only
        placed.number,
        [shop.buyer_id, seller.tenant_id],
    )
    assert sorted(str(k["org_id"]) for k in kinds) == sorted([str(shop.buyer_id), str(seller.tenant_id)])


async def test_on_account_needs_terms_and_holds_beyond_the_credit_limit(api: Api, db: Database) -> None:
    shop = await open_shop(api)
    seller = shop.sellers[1]  # 2.50 a unit
    with pytest.raises(PlacementRefused):
        await _place(db, seller, _order(shop, seller, "1", "2.50", payment_method="on_account"))
    terms = {"currency": "EUR", "payment_terms_days": 45, "credit_limit": "10.00"}
    await call(api, "PUT", f"{seller.base}/customer-terms/{shop.buyer_id}", seller.owner, terms)
    first = await _place(db, seller, _order(shop, seller, "3", "2.50", payment_method="on_account"))
    assert first.status == "placed"
    held = await _place(db, seller, _order(shop, seller, "2", "2.50", payment_method="on_account"))
    assert held.status == "credit_hold"
    assert held.status_reason is not None and "7.50" in held.status_reason and "10.00" in held.status_reason
    # bank transfer in advance is never held
    assert (await _place(db, seller, _order(shop, seller, "2", "2.50"))).status == "placed"
    days = await db.pool.fetchval(
        f'SELECT payment_terms_days FROM "{TenantContext.for_tenant(seller.tenant_id).schema}".sales_order '
        "WHERE id = $1",
        held.order_id,
    )
    assert days == 45
    actors = await db.pool.fetch(
        "SELECT actor FROM public.outbox WHERE payload->>'order_id' = $1", str(held.order_id)
    )
    assert [a["actor"] for a in actors] == ["orders.credit_hold"]


async def test_out_of_stock_writes_nothing_and_gives_the_number_back(api: Api, db: Database) -> None:
    shop = await open_shop(api, stock="5")
    seller = shop.sellers[0]
    with pytest.raises(OutOfStock):
        await _place(db, seller, _order(shop, seller, "6", "1"))
    placed = await _place(db, seller, _order(shop, seller, "5", "1"))
    assert placed.number.endswith("-000001")


async def test_backordered_line_keeps_its_quantity_and_lead_time(api: Api, db: Database) -> None:
    shop = await open_shop(api, stock="5")
    seller = shop.sellers[0]
    schema = TenantContext.for_tenant(seller.tenant_id).schema
    await db.pool.execute(f'UPDATE "{schema}".variant SET allow_backorder = true, lead_time_days = 12')
    placed = await _place(db, seller, _order(shop, seller, "8", "1"))
    line = await db.pool.fetchrow(
        f'SELECT backordered_quantity, lead_time_days FROM "{schema}".sales_order_line WHERE order_id = $1',
        placed.order_id,
    )
    assert (line["backordered_quantity"], line["lead_time_days"]) == (Decimal(3), 12)


async def test_buyers_racing_for_the_last_units_never_oversell(api: Api, db: Database) -> None:
    shop = await open_shop(api, stock="10")
    seller = shop.sellers[0]

    async def buy() -> bool:
        try:
            await _place(db, seller, _order(shop, seller, "1", "1"))
            return True
        except OutOfStock:
            return False

    sold = await asyncio.gather(*(buy() for _ in range(16)))
    assert sum(sold) == 10
    schema = TenantContext.for_tenant(seller.tenant_id).schema
    numbers = await db.pool.fetch(f'SELECT number FROM "{schema}".sales_order ORDER BY number')
    assert [n["number"][-6:] for n in numbers] == [f"{i:06d}" for i in range(1, 11)]  # no gaps
