"""Stock held for orders (catalog): reservations against on hand, backorders, release and
shipping, and concurrent reservations of the last units selling them exactly once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.tenancy import TenantContext, schema_for, tenant_transaction
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.errors import OutOfStock
from hansa.marketplace.catalog.schemas import StockRequest
from tests.fixtures.api import Api
from tests.fixtures.catalog import PRODUCT, call, owner_of_supplier


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def _supplier_with_stock(api: Api, on_hand: str) -> tuple[TenantContext, uuid.UUID, str]:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    product = await call(api, "POST", f"{base}/products", owner, PRODUCT, 201)
    variant = product["variants"][0]
    await call(api, "POST", f"{base}/inventory/locations", owner, {"code": "A", "name": "A"}, 201)
    await call(api, "POST", f"{base}/inventory/locations", owner, {"code": "B", "name": "B"}, 201)
    half = str(Decimal(on_hand) / 2)
    levels = [{"sku": variant["sku"], "location_code": code, "on_hand": half} for code in ("A", "B")]
    await call(api, "PUT", f"{base}/inventory/levels", owner, {"levels": levels})
    tenant_id = await api.db.fetchval("SELECT id FROM public.tenant WHERE slug = $1", slug)
    return TenantContext(tenant_id, schema_for(tenant_id)), uuid.UUID(variant["id"]), variant["sku"]


async def _reserve(db: Database, ctx: TenantContext, variant_id: uuid.UUID, quantity: str) -> uuid.UUID:
    line_id = uuid.uuid4()
    async with tenant_transaction(db, ctx) as tx:
        await catalog.reserve_stock(tx, ctx.tenant_id, [StockRequest(line_id, variant_id, Decimal(quantity))])
    return line_id


async def _available(db: Database, ctx: TenantContext, variant_id: uuid.UUID) -> Decimal:
    async with tenant_transaction(db, ctx) as tx:
        return (await catalog.available_stock(tx, [variant_id]))[variant_id]


async def test_reserve_release_and_ship(api: Api, db: Database) -> None:
    ctx, variant_id, _ = await _supplier_with_stock(api, "100")
    line = await _reserve(db, ctx, variant_id, "60")
    assert await _available(db, ctx, variant_id) == Decimal(40)
    with pytest.raises(OutOfStock) as refused:
        await _reserve(db, ctx, variant_id, "41")
    assert refused.value.errors == [{"field": "lines[0]", "message": "only 40 available"}]
    assert await _available(db, ctx, variant_id) == Decimal(40)  # the refusal held nothing
    async with tenant_transaction(db, ctx) as tx:
        await catalog.ship_stock(tx, ctx.tenant_id, [(line, variant_id, Decimal(25))])
    async with tenant_transaction(db, ctx) as tx:
        on_hand = await tx.fetchval(
            "SELECT sum(on_hand) FROM inventory_level WHERE variant_id = $1", variant_id
        )
        held = await tx.fetchval("SELECT quantity FROM stock_reservation WHERE order_line_id = $1", line)
    assert (on_hand, held) == (Decimal(75), Decimal(35))
    async with tenant_transaction(db, ctx) as tx:
        await catalog.release_stock(tx, ctx.tenant_id, [line])
    assert await _available(db, ctx, variant_id) == Decimal(75)


async def test_backorder_takes_what_is_there_and_backorders_the_rest(api: Api, db: Database) -> None:
    ctx, variant_id, _ = await _supplier_with_stock(api, "10")
    async with tenant_transaction(db, ctx) as tx:
        await tx.execute(
            "UPDATE variant SET allow_backorder = true, lead_time_days = 14 WHERE id = $1", variant_id
        )
    line_id = uuid.uuid4()
    async with tenant_transaction(db, ctx) as tx:
        outcome = await catalog.reserve_stock(
            tx, ctx.tenant_id, [StockRequest(line_id, variant_id, Decimal(25))]
        )
    assert outcome[line_id].reserved == Decimal(10)
    assert outcome[line_id].backordered == Decimal(15)
    assert outcome[line_id].lead_time_days == 14


async def test_concurrent_reservations_of_the_last_units_never_oversell(api: Api, db: Database) -> None:
    ctx, variant_id, _ = await _supplier_with_stock(api, "50")

    async def buy() -> bool:
        try:
            await _reserve(db, ctx, variant_id, "5")
            return True
        except OutOfStock:
            return False

    sold = await asyncio.gather(*(buy() for _ in range(20)))
    assert sum(sold) == 10
    assert await _available(db, ctx, variant_id) == Decimal(0)
