"""Buyer browsing: one product's page (one supplier's schema).

Lists of products across suppliers (the marketplace listing and category pages) read
the search index: ``GET /marketplaces/{slug}/search`` (hansa.search, docs/search.md);
no buyer-facing list reads the supplier schemas per page view (issue 13, item 7).

Prices are shown only to callers acting for a buyer company (``BuyerContext.buyer_org_id``):
resolved by ``hansa.marketplace.pricing`` at each variant's smallest orderable
quantity, in the currency the buyer trades in with the supplier (its customer terms'
currency, else the supplier's default), with the tiers of the chosen list. A variant
without a price there says why (``price_unavailable``): priced in another currency,
outside the validity of the buyer's list, or on request.
"""

from __future__ import annotations

import uuid

from hansa.core.db import Tx
from hansa.core.resources import Resources
from hansa.core.tenancy import enter_schema, schema_for
from hansa.identity.context import BuyerContext
from hansa.marketplace.browse.schemas import (
    BuyerPrice,
    PriceTierOut,
    PriceUnavailable,
    PublicProduct,
    PublicVariant,
    SupplierRef,
)
from hansa.marketplace.browse.viewer import visible_supplier
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.errors import ProductNotFound
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.media.service import visible_media
from hansa.marketplace.pricing import service as pricing
from hansa.marketplace.pricing.resolution import order_quantity as order_quantity  # re-exported
from hansa.marketplace.pricing.service import VariantPrices


def _price_unavailable(prices: VariantPrices, variant_id: uuid.UUID) -> PriceUnavailable | None:
    """Why a variant shows no price to this buyer: a list prices it in another currency,
    the buyer's list for it is outside its validity, or simply none (price on request)."""
    line = prices.lines.get(variant_id)
    if line is None or line.unit_price is not None:
        return None
    if others := prices.other_currencies.get(variant_id):
        return PriceUnavailable(reason="other_currency", currencies=others)
    return PriceUnavailable(reason="out_of_validity" if line.reason == "out_of_validity" else "no_price")


def _prices(prices: VariantPrices) -> dict[uuid.UUID, BuyerPrice]:
    """The buyer's price per variant (where one applies), with the chosen list's tiers."""
    chosen = [(vid, line) for vid, line in prices.lines.items() if line.price_list_id is not None]
    found = {}
    for variant_id, line in chosen:
        assert line.price_list_id is not None and line.unit_price is not None
        found[variant_id] = BuyerPrice(
            currency=prices.currency,
            quantity=line.quantity,
            unit_price=line.unit_price,
            price_list_kind=line.price_list_kind or "base",
            tiers=[PriceTierOut(min_qty=q, unit_price=p) for q, p in prices.tiers.get(variant_id, [])],
        )
    return found


async def _check_shown(
    tx: Tx, tenant_id: uuid.UUID, category_id: uuid.UUID | None, marketplace: str | None
) -> None:
    """404 unless some marketplace of the supplier shows a product of this category
    (``marketplace``: that one): a vertical one only its own taxonomy's."""
    showing = await marketplaces.showing_marketplaces(tx, tenant_id, category_id)
    if not showing or (marketplace is not None and marketplace not in showing):
        raise ProductNotFound("no such product")


async def product_page(
    tx: Tx, res: Resources, viewer: BuyerContext, product_id: uuid.UUID, *, marketplace: str | None = None
) -> PublicProduct:
    """The page on the request's one transaction (the edge's, which resolved ``viewer``
    on it): the supplier listed, then its schema."""
    tenant = await visible_supplier(tx, viewer)
    await enter_schema(tx, schema_for(tenant.id))
    product = await catalog.published_product(tx, product_id)
    if product is None:
        raise ProductNotFound("no such product")
    await _check_shown(tx, tenant.id, product["category_id"], marketplace)
    variants = list(await catalog.active_variants(tx, [product_id]))
    prices: dict[uuid.UUID, BuyerPrice] = {}
    resolved: VariantPrices | None = None
    if viewer.buyer_org_id is not None and variants:
        resolved = await pricing.price_variants(tx, viewer.buyer_org_id, variants, with_tiers=True)
        prices = _prices(resolved)
    media = await visible_media(res, tx, tenant.id, tenant.slug, product_id, viewer)
    return PublicProduct(
        id=product["id"],
        name=product["name"],
        description=product["description"],
        supplier=SupplierRef(id=tenant.id, slug=tenant.slug, name=tenant.name),
        unit_of_measure=product["unit_of_measure"],
        category_id=product["category_id"],
        variants=[
            PublicVariant(
                id=v["id"],
                sku=v["sku"],
                name=v["name"],
                attributes=v["attributes"],
                pack_size=v["pack_size"],
                min_order_qty=v["min_order_qty"],
                order_increment=v["order_increment"],
                lead_time_days=v["lead_time_days"],
                in_stock=v["in_stock"],
                price=prices.get(v["id"]),
                price_unavailable=_price_unavailable(resolved, v["id"]) if resolved else None,
            )
            for v in variants
        ],
        images=[m for m in media if m.kind == "image"],
        documents=[m for m in media if m.kind == "document"],
        prices_shown=viewer.buyer_org_id is not None,
        currency=resolved.currency if resolved else None,
    )
