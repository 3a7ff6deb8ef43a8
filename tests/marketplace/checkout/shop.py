"""A small shop for checkout tests, built through the API: an operator, a marketplace,
two listed suppliers (each one product with a base price and stock), a buyer company
with a location, and lines in the buyer's cart."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hansa.core.db import Database
from hansa.marketplace.cart import service as cart
from hansa.marketplace.cart.schemas import CartAddition
from tests.fixtures.api import Api
from tests.fixtures.browse import acting_buyer, list_on, supplier
from tests.fixtures.catalog import call
from tests.fixtures.marketplaces import category, marketplace
from tests.fixtures.orgs import operator


@dataclass
class Seller:
    owner: dict[str, str]
    slug: str
    tenant_id: uuid.UUID
    sku: str

    @property
    def base(self) -> str:
        return f"/api/v1/suppliers/{self.slug}"


@dataclass
class Shop:
    ops: dict[str, str]
    sellers: list[Seller]
    buyer: dict[str, str]
    buyer_id: uuid.UUID
    user_id: uuid.UUID
    location_id: str

    @property
    def checkout_url(self) -> str:
        return f"/api/v1/orgs/{self.buyer_id}/checkout"


async def seller(
    api: Api, ops: dict[str, str], marketplace_id: str, name: str, sku: str, price: str, stock: str
) -> Seller:
    owner, slug, org_id = await supplier(api, ops, name)
    await list_on(api, ops, owner, org_id, marketplace_id)
    base = f"/api/v1/suppliers/{slug}"
    body = {"name": f"{name} part", "status": "published", "variants": [{"sku": sku}]}
    await call(api, "POST", f"{base}/products", owner, body, 201)
    await call(api, "POST", f"{base}/inventory/locations", owner, {"code": "W1", "name": "W1"}, 201)
    levels = {"levels": [{"sku": sku, "location_code": "W1", "on_hand": stock}]}
    await call(api, "PUT", f"{base}/inventory/levels", owner, levels)
    price_list = await call(
        api, "POST", f"{base}/price-lists", owner, {"name": "Base", "kind": "base", "currency": "EUR"}, 201
    )
    items = {"items": [{"sku": sku, "tiers": [{"min_qty": "1", "unit_price": price}]}]}
    await call(api, "PUT", f"{base}/price-lists/{price_list['id']}/items", owner, items)
    return Seller(owner, slug, uuid.UUID(org_id), sku)


async def open_shop(api: Api, *, stock: str = "100") -> Shop:
    ops = await operator(api)
    market = await marketplace(api, ops)
    await category(api, ops, market["id"], "parts")
    first = await seller(api, ops, market["id"], "Alpha Bolts", "AL-1", "1.005", stock)
    second = await seller(api, ops, market["id"], "Beta Nuts", "BE-1", "2.50", stock)
    buyer, buyer_id = await acting_buyer(api, "Buyer Co")
    location = await call(
        api,
        "POST",
        f"/api/v1/orgs/{buyer_id}/locations",
        buyer,
        {
            "name": "HQ",
            "line1": "Str. 1",
            "city": "Cluj",
            "country": "RO",
            "is_ship_to": True,
            "is_bill_to": True,
        },
        201,
    )
    me = await call(api, "GET", "/api/v1/me", buyer)
    return Shop(ops, [first, second], buyer, uuid.UUID(buyer_id), uuid.UUID(me["id"]), location["id"])


async def fill_cart(db: Database, shop: Shop, quantities: dict[str, str]) -> None:
    """Put ``{sku: quantity}`` of the sellers into the buyer's cart (the cart's own routes are cart's)."""
    by_sku = {s.sku: s for s in shop.sellers}
    async with db.transaction() as tx:
        await cart.add_lines(
            tx,
            shop.buyer_id,
            shop.user_id,
            [CartAddition(by_sku[sku].tenant_id, sku, Decimal(q)) for sku, q in quantities.items()],
        )


def place_body(shop: Shop, totals: dict[int, str], **extra: Any) -> dict[str, Any]:
    """A checkout body for the sellers at these indexes, with the totals the buyer saw."""
    return {
        "ship_to_location_id": shop.location_id,
        "bill_to_location_id": shop.location_id,
        "po_number": "PO-7",
        "suppliers": [
            {
                "tenant_id": str(shop.sellers[i].tenant_id),
                "payment_method": "bank_transfer",
                "expected_total": t,
            }
            for i, t in totals.items()
        ],
        **extra,
    }
