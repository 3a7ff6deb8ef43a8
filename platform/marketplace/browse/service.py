"""Buyer browsing: a marketplace's published products, and one product's page.

Products live in each supplier's schema, so a marketplace listing reads the
approved suppliers one after another, each in its own ``tenant_transaction`` (one
tenant schema per transaction), and merges. Bounded: at most ``MAX_SUPPLIERS``
suppliers and ``offset + limit`` (≤ ``MAX_WINDOW``) products per supplier. The
search index of a later issue replaces this (docs/browse.md).

Prices are shown only to callers acting for a buyer company (``Viewer.buyer_org_id``):
resolved by ``hansa.marketplace.pricing`` at each variant's smallest orderable
quantity, in the supplier's default currency, with the tiers of the chosen list.
"""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hansa.core.db import Tx
from hansa.core.errors import BadRequest, NotFound, ValidationFailed
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.browse import repository as repo
from hansa.marketplace.browse.schemas import (
    BrowsePage,
    BuyerPrice,
    PriceTierOut,
    ProductCard,
    PublicProduct,
    PublicVariant,
    SupplierRef,
)
from hansa.marketplace.browse.viewer import Viewer, is_supplier_member, visible_supplier
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.marketplaces.schemas import MarketplaceOut
from hansa.marketplace.media import images
from hansa.marketplace.media import repository as media_repo
from hansa.marketplace.media.repository import download_url
from hansa.marketplace.media.service import visible_media
from hansa.marketplace.pricing.resolution import ResolvedLine, resolve_prices
from hansa.tenants import service as tenants

MAX_SUPPLIERS = 200
MAX_WINDOW = 1000  # offset + limit
THUMBNAIL_SIZE = min(images.RENDITION_SIZES)


class ProductNotFound(NotFound):
    default_code = "product.not_found"


class CategoryNotFound(NotFound):
    default_code = "category.not_found"


def order_quantity(min_order_qty: Decimal, order_increment: Decimal, pack_size: Decimal) -> Decimal:
    """The smallest quantity ≥ the minimum that is whole packs in whole increments."""
    if order_increment % pack_size == 0:
        step = order_increment
    elif pack_size % order_increment == 0:
        step = pack_size
    else:
        step = order_increment * pack_size  # a common multiple (not always the least)
    return Decimal(math.ceil(min_order_qty / step)) * step


async def _priced_lines(
    tx: Any, buyer_org_id: uuid.UUID, currency: str, variants: list[Any]
) -> list[tuple[Any, ResolvedLine]]:
    """Each variant the buyer has a price for, with its resolved line (at the order quantity)."""
    lines = [
        (v["sku"], order_quantity(v["min_order_qty"], v["order_increment"], v["pack_size"])) for v in variants
    ]
    resolved: list[ResolvedLine] = await resolve_prices(
        tx, buyer_org_id=buyer_org_id, lines=lines, currency=currency, at=datetime.now(UTC).date()
    )
    return [
        (v, line)
        for v, line in zip(variants, resolved, strict=True)
        if line.price_list_id is not None and line.unit_price is not None
    ]


async def _prices(
    tx: Any, buyer_org_id: uuid.UUID, currency: str, variants: list[Any]
) -> dict[uuid.UUID, BuyerPrice]:
    """The buyer's price per variant (where one applies), with the chosen list's tiers."""
    chosen = [(v["id"], line) for v, line in await _priced_lines(tx, buyer_org_id, currency, variants)]
    tiers = await repo.tiers_of(tx, [(line.price_list_id, vid) for vid, line in chosen if line.price_list_id])
    prices = {}
    for variant_id, line in chosen:
        assert line.price_list_id is not None and line.unit_price is not None
        prices[variant_id] = BuyerPrice(
            currency=currency,
            quantity=line.quantity,
            unit_price=line.unit_price,
            price_list_kind=line.price_list_kind or "base",
            tiers=[
                PriceTierOut(min_qty=q, unit_price=p)
                for q, p in tiers.get((line.price_list_id, variant_id), [])
            ],
        )
    return prices


async def _category_ids(
    res: Resources, marketplace: MarketplaceOut, category_id: uuid.UUID | None
) -> list[uuid.UUID] | None:
    """The categories whose products the listing shows (None: any, even none).

    A chosen category: it and its descendants, within this marketplace's tree. No
    choice: a vertical marketplace shows only its own taxonomy's products (a
    supplier listed there may have others); a horizontal one shows everything."""
    if category_id is None and marketplace.kind == "horizontal":
        return None
    tree = await marketplaces.public_tree(res, marketplace.slug)
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
    viewer: Viewer,
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
    marketplace = await marketplaces.public_marketplace(res, slug)
    category_ids = await _category_ids(res, marketplace, category_id)
    suppliers, truncated = await _searched_suppliers(res, marketplace.id, supplier)
    window = offset + limit
    cards: list[tuple[Any, ProductCard]] = []
    total = 0
    for listed in suppliers:
        ctx = TenantContext.for_tenant(listed.id)
        ref = SupplierRef(id=listed.id, slug=listed.slug, name=listed.name)
        async with tenant_transaction(res.db, ctx) as tx:
            rows, count = await repo.published_products(
                tx, category_ids=category_ids, search=search, in_stock=in_stock, sort=sort, limit=window
            )
            total += count
            price_from: dict[uuid.UUID, tuple[Decimal, str]] = {}
            if viewer.buyer_org_id is not None and rows:
                currency = (await tenants.get_profile(res.db, ctx)).default_currency
                variants = await repo.active_variants(tx, [row["id"] for row in rows])
                # a card shows the lowest price only: no tiers to read
                for v, line in await _priced_lines(tx, viewer.buyer_org_id, currency, list(variants)):
                    assert line.unit_price is not None
                    best = price_from.get(v["product_id"])
                    if best is None or line.unit_price < best[0]:
                        price_from[v["product_id"]] = (line.unit_price, currency)
            thumbnails = await _thumbnails(res, tx, viewer, listed, [row["id"] for row in rows])
            shared = await repo.shared_attributes(tx, [row["id"] for row in rows]) if rows else {}
        for row in rows:
            cheapest = price_from.get(row["id"])
            card = ProductCard(
                id=row["id"],
                name=row["name"],
                supplier=ref,
                unit_of_measure=row["unit_of_measure"],
                in_stock=row["in_stock"],
                variant_count=row["variant_count"],
                url=f"/api/v1/suppliers/{listed.slug}/products/{row['id']}/public",
                category_id=row["category_id"],
                price_from=cheapest[0] if cheapest else None,
                currency=cheapest[1] if cheapest else None,
                thumbnail_url=thumbnails.get(row["id"]),
                attributes=shared.get(row["id"], {}),
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
    res: Resources, marketplace_id: uuid.UUID, supplier: str | None
) -> tuple[list[repo.ListedSupplier], bool]:
    """The suppliers a listing reads (at most ``MAX_SUPPLIERS``), and whether some
    listed supplier was left out. Only that makes a listing partial: a supplier with
    more matches than the window still contributes its first ``offset + limit``,
    which is all a page of them can show."""
    async with res.db.transaction() as tx:
        suppliers = await repo.listed_suppliers(
            tx, marketplace_id, supplier_slug=supplier, limit=MAX_SUPPLIERS + 1
        )
    return suppliers[:MAX_SUPPLIERS], len(suppliers) > MAX_SUPPLIERS


async def _thumbnails(
    res: Resources, tx: Tx, viewer: Viewer, listed: repo.ListedSupplier, product_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Thumbnail URL per product: one query for the supplier's whole page of products."""
    media_ids = await media_repo.first_images(
        tx,
        product_ids,
        size=THUMBNAIL_SIZE,
        signed_in=viewer.signed_in,
        buyer_org_id=viewer.buyer_org_id,
        everything=is_supplier_member(res, viewer, listed.id),
    )
    return {
        product_id: download_url(listed.slug, media_id, THUMBNAIL_SIZE)
        for product_id, media_id in media_ids.items()
    }


def _sort_key(sort: str, row: Any) -> tuple[Any, ...]:
    if sort == "newest":
        return (row["created_at"], str(row["id"]))
    return (row["name"].casefold(), str(row["id"]))


async def _check_shown(
    tx: Tx, tenant_id: uuid.UUID, category_id: uuid.UUID | None, marketplace: str | None
) -> None:
    """404 unless some marketplace of the supplier shows a product of this category
    (``marketplace``: that one): a vertical one only its own taxonomy's."""
    showing = await repo.showing_marketplaces(tx, tenant_id, category_id)
    if not showing or (marketplace is not None and marketplace not in showing):
        raise ProductNotFound("no such product")


async def product_page(
    res: Resources, viewer: Viewer, slug: str, product_id: uuid.UUID, *, marketplace: str | None = None
) -> PublicProduct:
    tenant = await visible_supplier(res, slug)
    ctx = TenantContext.for_tenant(tenant.id)
    async with tenant_transaction(res.db, ctx) as tx:
        product = await repo.published_product(tx, product_id)
        if product is None:
            raise ProductNotFound("no such product")
        await _check_shown(tx, tenant.id, product["category_id"], marketplace)
        variants = list(await repo.active_variants(tx, [product_id]))
        prices: dict[uuid.UUID, BuyerPrice] = {}
        if viewer.buyer_org_id is not None and variants:
            currency = (await tenants.get_profile(res.db, ctx)).default_currency
            prices = await _prices(tx, viewer.buyer_org_id, currency, variants)
        media = await visible_media(res, tx, tenant.id, slug, product_id, viewer)
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
                attributes=json.loads(v["attributes"])
                if isinstance(v["attributes"], str)
                else dict(v["attributes"]),
                pack_size=v["pack_size"],
                min_order_qty=v["min_order_qty"],
                order_increment=v["order_increment"],
                lead_time_days=v["lead_time_days"],
                in_stock=v["in_stock"],
                price=prices.get(v["id"]),
            )
            for v in variants
        ],
        images=[m for m in media if m.kind == "image"],
        documents=[m for m in media if m.kind == "document"],
        prices_shown=viewer.buyer_org_id is not None,
    )
