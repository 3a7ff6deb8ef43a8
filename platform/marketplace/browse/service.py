"""Buyer browsing: a marketplace's published products, and one product's page.

Products live in each supplier's schema, so a marketplace listing reads the
approved suppliers one after another, each in its own ``tenant_transaction`` (one
tenant schema per transaction), and merges. Bounded: at most ``MAX_SUPPLIERS``
suppliers and ``offset + limit`` (≤ ``MAX_WINDOW``) products per supplier. The
search index of a later issue replaces this (docs/browse.md).

Prices are shown only to callers acting for a buyer company (``BuyerContext.buyer_org_id``):
resolved by ``hansa.marketplace.pricing`` at each variant's smallest orderable
quantity, in the currency the buyer trades in with the supplier (its customer terms'
currency, else the supplier's default), with the tiers of the chosen list. A variant
without a price there says why (``price_unavailable``): priced in another currency,
outside the validity of the buyer's list, or on request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hansa.core.db import Tx
from hansa.core.errors import BadRequest, ValidationFailed
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, enter_schema, schema_for, tenant_transaction
from hansa.identity.context import BuyerContext, is_supplier_member
from hansa.marketplace.browse.schemas import (
    BrowsePage,
    BuyerPrice,
    PriceTierOut,
    PriceUnavailable,
    ProductCard,
    PublicProduct,
    PublicVariant,
    SupplierRef,
)
from hansa.marketplace.browse.viewer import visible_supplier
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.errors import ProductNotFound
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.marketplaces.errors import CategoryNotFound
from hansa.marketplace.marketplaces.schemas import MarketplaceOut
from hansa.marketplace.media import service as media
from hansa.marketplace.media.service import visible_media
from hansa.marketplace.pricing import service as pricing
from hansa.marketplace.pricing.resolution import order_quantity as order_quantity  # re-exported
from hansa.marketplace.pricing.service import VariantPrices
from hansa.tenants import service as tenants

MAX_SUPPLIERS = 200
MAX_WINDOW = 1000  # offset + limit


@dataclass(frozen=True, slots=True)
class ListedSupplier:
    """An active supplier approved on the marketplace being browsed."""

    id: uuid.UUID
    slug: str
    name: str


def _price_unavailable(prices: VariantPrices, variant_id: uuid.UUID) -> PriceUnavailable | None:
    """Why a variant shows no price to this buyer: a list prices it in another currency,
    the buyer's list for it is outside its validity, or simply none (price on request)."""
    line = prices.lines.get(variant_id)
    if line is None or line.unit_price is not None:
        return None
    if others := prices.other_currencies.get(variant_id):
        return PriceUnavailable(reason="other_currency", currencies=others)
    return PriceUnavailable(reason="out_of_validity" if line.reason == "out_of_validity" else "no_price")


async def _prices(tx: Any, prices: VariantPrices) -> dict[uuid.UUID, BuyerPrice]:
    """The buyer's price per variant (where one applies), with the chosen list's tiers."""
    chosen = [(vid, line) for vid, line in prices.lines.items() if line.price_list_id is not None]
    tiers = await pricing.tiers_of(
        tx, [(line.price_list_id, vid) for vid, line in chosen if line.price_list_id]
    )
    found = {}
    for variant_id, line in chosen:
        assert line.price_list_id is not None and line.unit_price is not None
        found[variant_id] = BuyerPrice(
            currency=prices.currency,
            quantity=line.quantity,
            unit_price=line.unit_price,
            price_list_kind=line.price_list_kind or "base",
            tiers=[
                PriceTierOut(min_qty=q, unit_price=p)
                for q, p in tiers.get((line.price_list_id, variant_id), [])
            ],
        )
    return found


# which reason a card without any price gives, when its variants differ
_REASON_WEIGHT = {"other_currency": 2, "out_of_validity": 1, "no_price": 0}


def _cheapest(
    prices: VariantPrices, variants: list[Any]
) -> dict[uuid.UUID, tuple[Decimal | None, PriceUnavailable | None]]:
    """Per product: its lowest unit price, or why none of its variants shows one (a price
    in another currency first, then an expired agreement, then price on request)."""
    found: dict[uuid.UUID, tuple[Decimal | None, PriceUnavailable | None]] = {}
    for v in variants:
        price = prices.lines[v["id"]].unit_price
        best, note = found.get(v["product_id"], (None, None))
        if price is not None:
            if best is None or price < best:
                found[v["product_id"]] = (price, None)
            continue
        why = _price_unavailable(prices, v["id"])
        if (
            best is None
            and why
            and (note is None or _REASON_WEIGHT[why.reason] > _REASON_WEIGHT[note.reason])
        ):
            found[v["product_id"]] = (None, why)
    return found


async def _category_ids(
    tx: Tx, marketplace: MarketplaceOut, category_id: uuid.UUID | None
) -> list[uuid.UUID] | None:
    """The categories whose products the listing shows (None: any, even none).

    A chosen category: it and its descendants, within this marketplace's tree. No
    choice: a vertical marketplace shows only its own taxonomy's products (a
    supplier listed there may have others); a horizontal one shows everything."""
    if category_id is None and marketplace.kind == "horizontal":
        return None
    tree = await marketplaces.tree_of(tx, marketplace)
    if category_id is None:
        return [c.id for c in tree.categories]
    found = next((c for c in tree.categories if c.id == category_id), None)
    if found is None:
        raise CategoryNotFound("no such category in this marketplace")
    prefix = found.path + "/"
    return [
        c.id
        for c in tree.categories
        if c.marketplace_id == found.marketplace_id and (c.id == found.id or c.path.startswith(prefix))
    ]


async def browse(
    res: Resources,
    viewer: BuyerContext,
    slug: str,
    *,
    category_id: uuid.UUID | None = None,
    supplier: str | None = None,
    search: str | None = None,
    in_stock: bool = False,
    sort: str = "name",
    limit: int = 24,
    offset: int = 0,
) -> BrowsePage:
    if search is not None and len(search) > 200:
        raise BadRequest("q is at most 200 characters", code="browse.bad_query")
    if offset + limit > MAX_WINDOW:
        raise ValidationFailed(
            f"browse at most {MAX_WINDOW} products deep; narrow the filters",
            code="browse.too_deep",
            errors=[{"field": "offset", "message": f"offset + limit ≤ {MAX_WINDOW}"}],
        )
    async with res.db.transaction() as tx:  # the public part: one transaction, the marketplace read once
        marketplace = await marketplaces.active_marketplace(tx, slug)
        category_ids = await _category_ids(tx, marketplace, category_id)
        suppliers, truncated = await _searched_suppliers(tx, marketplace.id, supplier)
    window = offset + limit
    cards: list[tuple[Any, ProductCard]] = []
    total = 0
    for listed in suppliers:
        ctx = TenantContext.for_tenant(listed.id)
        ref = SupplierRef(id=listed.id, slug=listed.slug, name=listed.name)
        async with tenant_transaction(res.db, ctx) as tx:
            rows, count = await catalog.published_products(
                tx, category_ids=category_ids, search=search, in_stock=in_stock, sort=sort, limit=window
            )
            total += count
            price_from: dict[uuid.UUID, tuple[Decimal | None, PriceUnavailable | None]] = {}
            currency: str | None = None
            single: dict[uuid.UUID, Any] = {}
            if viewer.buyer_org_id is not None and rows:
                variants = list(await catalog.active_variants(tx, [row["id"] for row in rows]))
                # a card shows the lowest price only: no tiers to read
                prices = await pricing.price_variants(tx, viewer.buyer_org_id, variants)
                currency = prices.currency
                price_from = _cheapest(prices, variants)
                single = _single_variants(variants)
            thumbnails = await _thumbnails(res, tx, viewer, listed, [row["id"] for row in rows])
            shared = await catalog.shared_attributes(tx, [row["id"] for row in rows]) if rows else {}
        for row in rows:
            cheapest, unavailable = price_from.get(row["id"], (None, None))
            card = ProductCard(
                id=row["id"],
                name=row["name"],
                supplier=ref,
                unit_of_measure=row["unit_of_measure"],
                in_stock=row["in_stock"],
                variant_count=row["variant_count"],
                url=f"/api/v1/suppliers/{listed.slug}/products/{row['id']}/public",
                category_id=row["category_id"],
                price_from=cheapest,
                currency=currency if cheapest is not None else None,
                price_unavailable=unavailable,
                thumbnail_url=thumbnails.get(row["id"]),
                attributes=shared.get(row["id"], {}),
                order_sku=single[row["id"]]["sku"] if row["id"] in single else None,
                order_quantity=_orderable(single[row["id"]]) if row["id"] in single else None,
            )
            cards.append((_sort_key(sort, row), card))
    if sort == "name":
        cards.sort(key=lambda pair: pair[0])
    else:
        cards.sort(key=lambda pair: pair[0], reverse=True)
    return BrowsePage(
        items=[card for _, card in cards[offset:window]],
        total=total,
        limit=limit,
        offset=offset,
        truncated=truncated,
    )


async def _searched_suppliers(
    tx: Tx, marketplace_id: uuid.UUID, supplier: str | None
) -> tuple[list[ListedSupplier], bool]:
    """The suppliers a listing reads (at most ``MAX_SUPPLIERS``), and whether some
    listed supplier was left out. Only that makes a listing partial: a supplier with
    more matches than the window still contributes its first ``offset + limit``,
    which is all a page of them can show."""
    approved = await marketplaces.approved_tenant_ids(tx, marketplace_id)
    found = await tenants.active_among(tx, approved, slug=supplier, limit=MAX_SUPPLIERS + 1)
    suppliers = [ListedSupplier(tenant.id, tenant.slug, tenant.name) for tenant in found]
    return suppliers[:MAX_SUPPLIERS], len(suppliers) > MAX_SUPPLIERS


async def _thumbnails(
    res: Resources, tx: Tx, viewer: BuyerContext, listed: ListedSupplier, product_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Thumbnail URL per product: one query for the supplier's whole page of products."""
    return await media.thumbnails(
        tx,
        listed.slug,
        product_ids,
        signed_in=viewer.signed_in,
        buyer_org_id=viewer.buyer_org_id,
        everything=is_supplier_member(res, viewer, listed.id),
    )


def _single_variants(variants: list[Any]) -> dict[uuid.UUID, Any]:
    """The products with exactly one active variant: that variant, by product id."""
    by_product: dict[uuid.UUID, list[Any]] = {}
    for variant in variants:
        by_product.setdefault(variant["product_id"], []).append(variant)
    return {product_id: found[0] for product_id, found in by_product.items() if len(found) == 1}


def _orderable(variant: Any) -> Decimal:
    return order_quantity(variant["min_order_qty"], variant["order_increment"], variant["pack_size"])


def _sort_key(sort: str, row: Any) -> tuple[Any, ...]:
    if sort == "newest":
        return (row["created_at"], str(row["id"]))
    return (row["name"].casefold(), str(row["id"]))


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
        resolved = await pricing.price_variants(tx, viewer.buyer_org_id, variants)
        prices = await _prices(tx, resolved)
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
