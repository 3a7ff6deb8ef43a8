"""Catalog rules: products with variants, inventory locations and levels.

Every function works in the supplier's schema (``tenant_transaction``) and writes
an outbox event with each change: ``catalog.product_changed`` (product or variant)
and ``catalog.inventory_changed``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec

from hansa.audit.service import record_in
from hansa.core.db import Database, Tx
from hansa.core.outbox import emit
from hansa.core.pagination import Page
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.catalog import repository as repo
from hansa.marketplace.catalog.errors import (
    InvalidCatalogData,
    LocationCodeTaken,
    OutOfStock,
    ProductInUse,
    ProductNotFound,
    SkuTaken,
    VariantNotFound,
)
from hansa.marketplace.catalog.events import INVENTORY_CHANGED, INVENTORY_EVENT_BATCH, PRODUCT_CHANGED
from hansa.marketplace.catalog.extensions import product_files
from hansa.marketplace.catalog.schemas import (
    InventoryLevelOut,
    InventoryLevels,
    LocationOut,
    NewLocation,
    NewProduct,
    NewVariant,
    ProductOut,
    ProductPatch,
    StockOutcome,
    StockRequest,
    VariantOut,
    VariantPatch,
)
from hansa.marketplace.marketplaces.service import check_attributes, effective_schema


async def _check_classification(
    tx: Tx, category_id: uuid.UUID | None, variants: list[tuple[str, dict[str, Any]]]
) -> None:
    """A product's category must exist; each variant's attributes must fit its schema
    (422 with one error per field). Uncategorised products keep free attributes."""
    if category_id is None:
        return
    schema = await effective_schema(tx, category_id)
    if schema is None:
        raise InvalidCatalogData(
            "no such category", errors=[{"field": "category_id", "message": "no such category"}]
        )
    errors = [
        {**error, "field": f"{prefix}{error['field']}"}
        for prefix, attributes in variants
        for error in check_attributes(schema, attributes)
    ]
    if errors:
        raise InvalidCatalogData("some attributes do not fit the category's schema", errors=errors)


async def _product_changed(
    tx: Tx,
    ctx: TenantContext,
    product_id: uuid.UUID,
    change: str,
    variant_id: uuid.UUID | None = None,
    *,
    label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Tell the search index (outbox event) and the audit trail (``label``: the product's name or SKU)."""
    payload: dict[str, Any] = {"product_id": product_id, "change": change}
    if variant_id is not None:
        payload["variant_id"] = variant_id
    await emit(tx, PRODUCT_CHANGED, tenant_id=ctx.tenant_id, payload=payload)
    target = ("variant", variant_id) if variant_id is not None else ("product", product_id)
    action = f"catalog.{change}" if variant_id is not None else f"catalog.product_{change}"
    await record_in(tx, ctx, action, *target, label=label, before=before, after=after)


async def create_product(db: Database, ctx: TenantContext, new: NewProduct) -> ProductOut:
    product_id = uuid.uuid4()
    async with tenant_transaction(db, ctx) as tx:
        await _check_classification(
            tx, new.category_id, [(f"variants[{i}].", dict(v.attributes)) for i, v in enumerate(new.variants)]
        )
        await insert_product_row(tx, product_id, new)
        for variant in new.variants:
            await _insert_variant(tx, product_id, variant)
        after = {"name": new.name, "status": new.status, "skus": [v.sku for v in new.variants]}
        await _product_changed(tx, ctx, product_id, "created", label=new.name, after=after)
        product = await repo.get_product(tx, product_id)
    assert product is not None
    return product


async def _insert_variant(tx: Tx, product_id: uuid.UUID, new: NewVariant) -> uuid.UUID:
    variant_id = uuid.uuid4()
    try:
        await repo.insert_variant(tx, variant_id, product_id, new)
    except asyncpg.UniqueViolationError as exc:
        raise SkuTaken(
            f"the SKU {new.sku!r} is taken", errors=[{"field": "sku", "message": "already used"}]
        ) from exc
    return variant_id


async def get_product(db: Database, ctx: TenantContext, product_id: uuid.UUID) -> ProductOut:
    async with tenant_transaction(db, ctx) as tx:
        product = await repo.get_product(tx, product_id)
    if product is None:
        raise ProductNotFound("no such product")
    return product


async def list_products(
    db: Database,
    ctx: TenantContext,
    *,
    status: str | None = None,
    search: str | None = None,
    sort: str = "-created_at",
    limit: int = 50,
    offset: int = 0,
    slug: str | None = None,
) -> Page[ProductOut]:
    """One page of products; with the supplier's ``slug``, each with its thumbnail URL."""
    async with tenant_transaction(db, ctx) as tx:
        items, total = await repo.list_products(
            tx, status=status, search=search, sort=sort, limit=limit, offset=offset
        )
        if slug is not None:
            items = await _with_thumbnails(tx, slug, items)
    return Page(items=items, total=total, limit=limit, offset=offset)


async def _with_thumbnails(tx: Tx, slug: str, items: list[ProductOut]) -> list[ProductOut]:
    files = product_files()
    if files is None:
        return items
    urls = await files.thumbnails(tx, slug, [item.id for item in items])
    return [
        msgspec.structs.replace(item, thumbnail_url=urls[item.id]) if item.id in urls else item
        for item in items
    ]


async def update_product(
    db: Database, ctx: TenantContext, product_id: uuid.UUID, patch: ProductPatch
) -> ProductOut:
    fields: dict[str, Any] = {
        name: value
        for name in ("name", "description", "category_id", "status", "unit_of_measure")
        if (value := getattr(patch, name)) is not None
    }
    if patch.clear_category:
        if patch.category_id is not None:
            raise InvalidCatalogData("give category_id or clear_category, not both")
        fields["category_id"] = None
    async with tenant_transaction(db, ctx) as tx:
        current = await repo.get_product(tx, product_id, lock=True)
        if current is None:
            raise ProductNotFound("no such product")
        if fields.get("category_id") is not None and fields["category_id"] != current.category_id:
            await _check_classification(
                tx, fields["category_id"], [(f"variants[{v.sku}].", v.attributes) for v in current.variants]
            )
        if fields:
            await repo.update_product(tx, product_id, fields)
            before = {name: getattr(current, name) for name in fields}
            label = fields.get("name", current.name)
            await _product_changed(tx, ctx, product_id, "updated", label=label, before=before, after=fields)
            if fields.get("status") == "published" != current.status:
                await record_in(tx, ctx, "catalog.product_published", "product", product_id, label=label)
        product = await repo.get_product(tx, product_id)
    assert product is not None
    return product


async def delete_product(db: Database, ctx: TenantContext, product_id: uuid.UUID) -> None:
    """Only a draft is deleted; a product that was published is archived instead."""
    async with tenant_transaction(db, ctx) as tx:
        product = await repo.get_product(tx, product_id, lock=True)
        if product is None:
            raise ProductNotFound("no such product")
        if product.status != "draft":
            raise ProductInUse("only a draft product can be deleted; archive it instead")
        if (files := product_files()) is not None:
            await files.forget(tx, ctx.tenant_id, product_id)  # media rows go by cascade
        await repo.delete_product(tx, product_id)
        before = {"name": product.name, "status": product.status}
        await _product_changed(tx, ctx, product_id, "deleted", label=product.name, before=before)


async def add_variant(db: Database, ctx: TenantContext, product_id: uuid.UUID, new: NewVariant) -> VariantOut:
    async with tenant_transaction(db, ctx) as tx:
        product = await repo.get_product(tx, product_id, lock=True)
        if product is None:
            raise ProductNotFound("no such product")
        await _check_classification(tx, product.category_id, [("", dict(new.attributes))])
        variant_id = await _insert_variant(tx, product_id, new)
        await _product_changed(tx, ctx, product_id, "variant_created", variant_id, label=new.sku)
        variant = await repo.get_variant(tx, variant_id)
    assert variant is not None
    return variant


async def update_variant(
    db: Database, ctx: TenantContext, variant_id: uuid.UUID, patch: VariantPatch
) -> VariantOut:
    fields = {name: value for name in patch.__struct_fields__ if (value := getattr(patch, name)) is not None}
    async with tenant_transaction(db, ctx) as tx:
        current = await repo.get_variant(tx, variant_id)
        if current is None:
            raise VariantNotFound("no such variant")
        if patch.attributes is not None:
            product = await repo.get_product(tx, current.product_id)
            assert product is not None
            await _check_classification(tx, product.category_id, [("", dict(patch.attributes))])
        if fields:
            try:
                await repo.update_variant(tx, variant_id, fields)
            except asyncpg.UniqueViolationError as exc:
                raise SkuTaken(
                    f"the SKU {patch.sku!r} is taken", errors=[{"field": "sku", "message": "already used"}]
                ) from exc
            label = fields.get("sku", current.sku)
            await _product_changed(tx, ctx, current.product_id, "variant_updated", variant_id, label=label)
        variant = await repo.get_variant(tx, variant_id)
    assert variant is not None
    return variant


async def delete_variant(db: Database, ctx: TenantContext, variant_id: uuid.UUID) -> None:
    """A variant of a draft product is deleted; otherwise make it inactive instead."""
    async with tenant_transaction(db, ctx) as tx:
        current = await repo.get_variant(tx, variant_id)
        if current is None:
            raise VariantNotFound("no such variant")
        product = await repo.get_product(tx, current.product_id, lock=True)
        if product is None or product.status != "draft":
            raise ProductInUse("only a draft product's variants can be deleted; make it inactive instead")
        await repo.delete_variant(tx, variant_id)
        await _product_changed(tx, ctx, current.product_id, "variant_deleted", variant_id, label=current.sku)


async def create_location(db: Database, ctx: TenantContext, new: NewLocation) -> LocationOut:
    async with tenant_transaction(db, ctx) as tx:
        try:
            return await repo.insert_location(tx, uuid.uuid4(), new.code, new.name)
        except asyncpg.UniqueViolationError as exc:
            raise LocationCodeTaken(f"the location code {new.code!r} is taken") from exc


async def list_locations(db: Database, ctx: TenantContext) -> list[LocationOut]:
    async with tenant_transaction(db, ctx) as tx:
        return await repo.list_locations(tx)


async def set_inventory(db: Database, ctx: TenantContext, body: InventoryLevels) -> list[InventoryLevelOut]:
    """Set on-hand quantities (absolute, not deltas), all or nothing."""
    async with tenant_transaction(db, ctx) as tx:
        variants = await repo.ids_by_sku(tx, sorted({level.sku for level in body.levels}))
        locations = await repo.location_ids(tx, sorted({level.location_code for level in body.levels}))
        errors = []
        for index, level in enumerate(body.levels):
            if level.sku not in variants:
                errors.append({"field": f"levels[{index}].sku", "message": "unknown SKU"})
            if level.location_code not in locations:
                errors.append({"field": f"levels[{index}].location_code", "message": "unknown location"})
        if errors:
            raise InvalidCatalogData("some levels name unknown SKUs or locations", errors=errors)
        latest = {(level.sku, level.location_code): level.on_hand for level in body.levels}
        keys = sorted(latest)
        variant_ids = [variants[sku] for sku, _ in keys]
        await repo.upsert_levels(
            tx, variant_ids, [locations[code] for _, code in keys], [latest[key] for key in keys]
        )
        await inventory_changed(tx, ctx.tenant_id, [str(v) for v in variant_ids])
        return await repo.levels_of(tx, variant_ids)


async def list_inventory(
    db: Database,
    ctx: TenantContext,
    *,
    sku: str | None = None,
    location: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[InventoryLevelOut]:
    async with tenant_transaction(db, ctx) as tx:
        items, total = await repo.list_levels(tx, sku=sku, location=location, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


# -- bulk work of other domains (imports) on the caller's transaction, set-based ------------------
# The caller (an import's plan) has checked the rows; these write them and tell the search
# index, one statement per batch where the table allows it.


async def variants_with_products(tx: Tx, skus: list[str]) -> dict[str, asyncpg.Record]:
    """The variants of these SKUs with their product's columns (import column names), by SKU."""
    return await repo.variants_with_products(tx, skus)


async def variant_attributes_of(tx: Tx, product_ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    """product_id, sku, attributes of every variant of these products."""
    return await repo.variant_attributes_of(tx, product_ids)


async def product_status(tx: Tx, product_id: uuid.UUID, *, lock: bool = False) -> str | None:
    """The product's status (``lock``: FOR UPDATE); None when there is no such product."""
    return await repo.product_status(tx, product_id, lock=lock)


async def variant_ids(tx: Tx, skus: list[str]) -> dict[str, uuid.UUID]:
    return await repo.ids_by_sku(tx, skus)


async def variant_skus(tx: Tx, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The SKUs of these variants, in the database's SKU order."""
    return await repo.skus_by_id(tx, ids)


async def variants_page(
    tx: Tx, *, sku: str | None, limit: int, offset: int
) -> tuple[list[asyncpg.Record], int]:
    """A page of variants by SKU (id, sku, name, product_name and the order quantities), any status."""
    return await repo.variants_page(tx, sku=sku, limit=limit, offset=offset)


async def insert_product_row(tx: Tx, product_id: uuid.UUID, new: NewProduct) -> None:
    """Insert the product alone (its variants come with ``insert_variant_row``)."""
    await repo.insert_product(
        tx,
        product_id=product_id,
        name=new.name,
        description=new.description,
        category_id=new.category_id,
        status=new.status,
        unit_of_measure=new.unit_of_measure,
    )


async def update_product_row(tx: Tx, product_id: uuid.UUID, fields: dict[str, Any]) -> None:
    await repo.update_product(tx, product_id, fields)


async def insert_variant_row(tx: Tx, product_id: uuid.UUID, new: NewVariant) -> uuid.UUID:
    variant_id = uuid.uuid4()
    await repo.insert_variant(tx, variant_id, product_id, new)
    return variant_id


async def update_variant_row(tx: Tx, variant_id: uuid.UUID, fields: dict[str, Any]) -> None:
    await repo.update_variant(tx, variant_id, fields)


async def products_changed(tx: Tx, tenant_id: uuid.UUID, changes: dict[uuid.UUID, str]) -> None:
    """One ``catalog.product_changed`` event per product (``created`` or ``updated``)."""
    for product_id, change in changes.items():
        await emit(
            tx, PRODUCT_CHANGED, tenant_id=tenant_id, payload={"product_id": product_id, "change": change}
        )


async def product_media_changed(
    tx: Tx, tenant_id: uuid.UUID, product_id: uuid.UUID, change: str, media_id: uuid.UUID
) -> None:
    """A file of the product was added, changed or removed (media tells; the event is catalog's)."""
    payload = {"product_id": product_id, "change": change, "media_id": media_id}
    await emit(tx, PRODUCT_CHANGED, tenant_id=tenant_id, payload=payload)


async def locations_by_code(tx: Tx, codes: list[str]) -> dict[str, asyncpg.Record]:
    """id, code, name of the locations with these codes, by code."""
    return await repo.locations_by_code(tx, codes)


async def add_locations(tx: Tx, names: dict[str, str]) -> dict[str, uuid.UUID]:
    """Create the locations ``code -> name`` (a code created meanwhile is left alone); their ids."""
    codes = sorted(names)
    await repo.insert_locations(tx, [uuid.uuid4() for _ in codes], codes, [names[c] for c in codes])
    return {code: row["id"] for code, row in (await repo.locations_by_code(tx, codes)).items()}


async def levels_for(tx: Tx, variant_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], Any]:
    """On hand by (variant id, location id)."""
    return await repo.levels_for(tx, variant_ids)


async def write_levels(tx: Tx, levels: list[tuple[uuid.UUID, uuid.UUID, Decimal]]) -> None:
    """Upsert (variant id, location id, on hand) in one statement; ``inventory_changed`` tells search."""
    await repo.upsert_levels(tx, [lv[0] for lv in levels], [lv[1] for lv in levels], [lv[2] for lv in levels])


async def inventory_changed(tx: Tx, tenant_id: uuid.UUID, variant_ids: list[str]) -> None:
    """``catalog.inventory_changed`` for these variants, in events of at most ``INVENTORY_EVENT_BATCH``."""
    ids = sorted(set(variant_ids))
    for start in range(0, len(ids), INVENTORY_EVENT_BATCH):
        await emit(
            tx,
            INVENTORY_CHANGED,
            tenant_id=tenant_id,
            payload={"variant_ids": ids[start : start + INVENTORY_EVENT_BATCH]},
        )


async def export_rows(tx: Tx, kind: str) -> list[asyncpg.Record]:
    """Every product row (``products``) or stock level (``inventory``) in import column names."""
    return await repo.export_products(tx) if kind == "products" else await repo.export_inventory(tx)


# -- stock held for orders, on the caller's transaction in the supplier's schema ---------------


async def available_stock(tx: Tx, variant_ids: list[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
    """On hand at all locations minus what open order lines reserve, per variant (a cart's
    stock column; may be negative when backorders were taken)."""
    return await repo.available_stock(tx, sorted(set(variant_ids)))


async def reserve_stock(
    tx: Tx, tenant_id: uuid.UUID, requests: list[StockRequest]
) -> dict[uuid.UUID, StockOutcome]:
    """Reserve each line's quantity, by line id. The variants are locked first (in id order),
    so concurrent placements of the last units sell them once. A line beyond what is
    available takes what is there and backorders the rest when its variant allows it;
    otherwise nothing is reserved and ``OutOfStock`` names every short line. Reserving a
    line again (a retried placement) keeps its first reservation."""
    locked = await repo.lock_variants_for_stock(tx, sorted({r.variant_id for r in requests}))
    left = {variant_id: max(row["available"], Decimal(0)) for variant_id, row in locked.items()}
    outcomes: dict[uuid.UUID, StockOutcome] = {}
    short: list[dict[str, str]] = []
    for index, request in enumerate(requests):
        variant = locked.get(request.variant_id)
        if variant is None:
            short.append({"field": f"lines[{index}]", "message": "the product is no longer sold"})
            continue
        reserved = min(left[request.variant_id], request.quantity)
        backordered = request.quantity - reserved
        if backordered > 0 and not variant["allow_backorder"]:
            short.append(
                {"field": f"lines[{index}]", "message": f"only {left[request.variant_id]} available"}
            )
            continue
        left[request.variant_id] -= reserved
        outcomes[request.line_id] = StockOutcome(
            request.line_id, reserved, backordered, variant["lead_time_days"]
        )
    if short:
        raise OutOfStock("some lines ask for more than is in stock", errors=short)
    by_line = {r.line_id: r for r in requests}
    held = [
        (o.line_id, by_line[o.line_id].variant_id, o.reserved) for o in outcomes.values() if o.reserved > 0
    ]
    if held:
        await repo.insert_reservations(tx, held)
        await inventory_changed(tx, tenant_id, [str(variant_id) for _, variant_id, _ in held])
    return outcomes


async def release_stock(tx: Tx, tenant_id: uuid.UUID, line_ids: list[uuid.UUID]) -> None:
    """Give back what these order lines hold (the order was cancelled or rejected)."""
    freed = await repo.delete_reservations(tx, line_ids)
    if freed:
        await inventory_changed(tx, tenant_id, [str(variant_id) for variant_id in freed])


async def ship_stock(
    tx: Tx, tenant_id: uuid.UUID, shipped: list[tuple[uuid.UUID, uuid.UUID, Decimal]]
) -> None:
    """Goods left the warehouse: for each (order line id, variant id, quantity) the line's
    reservation shrinks by the quantity and on hand goes down by it (never below zero:
    a backordered quantity shipped from stock that arrived unrecorded does not go negative)."""
    for line_id, variant_id, quantity in shipped:
        await repo.reduce_reservation(tx, line_id, quantity)
        await repo.take_on_hand(tx, variant_id, quantity)
    if shipped:
        await inventory_changed(tx, tenant_id, [str(variant_id) for _, variant_id, _ in shipped])


# -- the buyer product page, on the caller's transaction in the supplier's schema -----------------


async def published_product(tx: Tx, product_id: uuid.UUID) -> asyncpg.Record | None:
    """id, name, description, category_id, unit_of_measure of a published product."""
    return await repo.published_product(tx, product_id)


async def active_variants(tx: Tx, product_ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    """Active variants of these products with a stock flag (on hand somewhere), by SKU."""
    return await repo.active_variants(tx, product_ids)


# -- what search indexes, on the caller's transaction in the supplier's schema ----------------


async def sellable_variants(
    tx: Tx,
    *,
    product_ids: list[uuid.UUID] | None = None,
    variant_ids: list[uuid.UUID] | None = None,
    after: uuid.UUID | None = None,
    limit: int = 1000,
) -> list[asyncpg.Record]:
    """Active variants of published products (id, product_id, sku, variant_name, attributes,
    pack_size, min_order_qty, order_increment, lead_time_days, gtin, mpn, manufacturer, name,
    description, category_id, unit_of_measure, created_at, updated_at, available), by id,
    the first ``limit`` after ``after``."""
    return await repo.sellable_variants(
        tx, product_ids=product_ids, variant_ids=variant_ids, after=after, limit=limit
    )


async def variant_ids_of(tx: Tx, product_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """Every variant of these products, whatever its status."""
    return await repo.variant_ids_of(tx, product_ids)


async def published_product_ids_in(tx: Tx, category_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The published products of these categories, by id (search re-indexes them when a
    category is renamed or moved)."""
    return await repo.published_product_ids_in(tx, category_ids)


async def has_published_in(tx: Tx, category_ids: list[uuid.UUID]) -> bool:
    """Does this supplier publish a product in one of these categories?"""
    return await repo.has_published_in(tx, category_ids)
