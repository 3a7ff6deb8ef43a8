"""A supplier with stock and a buyer company, and orders written through the orders
domain's bulk insert (the one the demo seed uses), for the order tests."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hansa.core.tenancy import TenantContext, schema_for, tenant_transaction
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.schemas import StockRequest
from hansa.marketplace.orders import service as orders
from hansa.marketplace.orders.schemas import NewOrder, NewOrderLine
from tests.fixtures.api import Api
from tests.fixtures.catalog import PRODUCT, call, owner_of_supplier
from tests.fixtures.orgs import new_org, signed_in

_numbers = itertools.count(1)


@dataclass
class Side:
    headers: dict[str, str]
    email: str
    user_id: uuid.UUID


@dataclass
class World:
    api: Api
    supplier: Side
    slug: str
    tenant_id: uuid.UUID
    variants: dict[str, uuid.UUID]  # sku -> variant id
    buyer: Side
    buyer_org: uuid.UUID

    @property
    def ctx(self) -> TenantContext:
        return TenantContext(self.tenant_id, schema_for(self.tenant_id))

    @property
    def sup(self) -> str:
        return f"/api/v1/suppliers/{self.slug}/orders"

    @property
    def org(self) -> str:
        return f"/api/v1/orgs/{self.buyer_org}/orders"


async def _user_id(api: Api, email: str) -> uuid.UUID:
    return uuid.UUID(str(await api.db.fetchval("SELECT id FROM public.app_user WHERE email = $1", email)))


async def world(api: Api, *, on_hand: str = "1000", buyer_name: str = "Ada Trading") -> World:
    headers, slug, _ = await owner_of_supplier(api)
    supplier_email = (await api.client.get("/api/v1/me", headers=headers)).json()["email"]
    base = f"/api/v1/suppliers/{slug}"
    product = await call(api, "POST", f"{base}/products", headers, PRODUCT, 201)
    await call(api, "POST", f"{base}/inventory/locations", headers, {"code": "A", "name": "A"}, 201)
    levels = [{"sku": v["sku"], "location_code": "A", "on_hand": on_hand} for v in product["variants"]]
    await call(api, "PUT", f"{base}/inventory/levels", headers, {"levels": levels})
    tenant_id = await api.db.fetchval("SELECT id FROM public.tenant WHERE slug = $1", slug)
    buyer_email, buyer_headers = await signed_in(api)
    org = await new_org(api, buyer_headers, kind="buyer", name=buyer_name)
    return World(
        api,
        Side(headers, supplier_email, await _user_id(api, supplier_email)),
        slug,
        tenant_id,
        {v["sku"]: uuid.UUID(v["id"]) for v in product["variants"]},
        Side(buyer_headers, buyer_email, await _user_id(api, buyer_email)),
        uuid.UUID(org["id"]),
    )


def new_order(
    w: World,
    *,
    status: str = "placed",
    lines: dict[str, str] | None = None,
    price: str = "2.50",
    placed_at: datetime | None = None,
    po_number: str | None = None,
    **more: Any,
) -> NewOrder:
    when = placed_at or datetime.now(UTC) - timedelta(minutes=5)
    order_lines = [
        NewOrderLine(
            id=uuid.uuid4(),
            position=position,
            variant_id=w.variants.get(sku),
            sku=sku,
            name="Hex bolt M8",
            unit="pcs",
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
            line_total=(Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01")),
        )
        for position, (sku, quantity) in enumerate(
            (lines or {"HB-M8-20": "100", "HB-M8-30": "10"}).items(), 1
        )
    ]
    return NewOrder(
        id=uuid.uuid4(),
        number=f"BN-{when.year}-{next(_numbers):06d}",
        buyer_org_id=w.buyer_org,
        placed_by=w.buyer.user_id,
        status=status,
        currency="EUR",
        payment_method="on_account",
        lines=order_lines,
        placed_at=when,
        updated_at=when,
        po_number=po_number,
        ship_to={"name": "Cluj warehouse"},
        bill_to={"name": "Head office"},
        **more,
    )


async def place(w: World, *new: NewOrder, reserve: bool = True) -> list[uuid.UUID]:
    """Write the orders with their stock held (as placement leaves them)."""
    async with tenant_transaction(w.api.db, w.ctx) as tx:
        await orders.insert_orders(tx, w.tenant_id, list(new))
        if reserve:
            requests = [
                StockRequest(line.id, line.variant_id, line.quantity)
                for order in new
                for line in order.lines
                if line.variant_id is not None
            ]
            await catalog.reserve_stock(tx, w.tenant_id, requests)
    return [order.id for order in new]


async def available(w: World, sku: str) -> Decimal:
    async with tenant_transaction(w.api.db, w.ctx) as tx:
        return (await catalog.available_stock(tx, [w.variants[sku]]))[w.variants[sku]]
