"""Queries of the catalog; every function runs on a transaction inside the tenant's schema.

Reads by id, deletes and locations go through the Piccolo tables on ``tx``. SQL stays
where the work is set-based (level upserts, joined level lists, the product search)
and for the product and variant writes that imports make once per file row: Piccolo
adds about 70 µs a statement, some 2 s to a 20,000-row import (docs/architecture.md)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import asyncpg

from hansa.core.db import Tx, escape_like, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.marketplace.catalog.schemas import (
    InventoryLevelOut,
    LocationOut,
    NewVariant,
    ProductOut,
    VariantOut,
)
from hansa.marketplace.catalog.tables import InventoryLocation, Product, Variant

_PRODUCT_COLUMNS = "id, name, description, category_id, status, unit_of_measure, created_at, updated_at"
PRODUCT_ORDER = {
    "name": "name ASC, id ASC",
    "-name": "name DESC, id DESC",
    "created_at": "created_at ASC, id ASC",
    "-created_at": "created_at DESC, id DESC",
    "updated_at": "updated_at ASC, id ASC",
    "-updated_at": "updated_at DESC, id DESC",
}


def _variant(row: asyncpg.Record | dict[str, Any]) -> VariantOut:
    return as_struct(row, VariantOut)


def _product(row: asyncpg.Record | dict[str, Any], variants: list[VariantOut]) -> ProductOut:
    return ProductOut(
        id=row["id"],
        name=row["name"],
        description=row["description"],
        category_id=row["category_id"],
        status=row["status"],
        unit_of_measure=row["unit_of_measure"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        variants=variants,
    )


async def insert_product(
    tx: Tx,
    *,
    product_id: uuid.UUID,
    name: str,
    description: str,
    category_id: uuid.UUID | None,
    status: str,
    unit_of_measure: str,
) -> None:
    # SQL: once per row of a products import (see the module's docstring)
    await tx.execute(
        "INSERT INTO product (id, name, description, category_id, status, unit_of_measure) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        product_id,
        name,
        description,
        category_id,
        status,
        unit_of_measure,
    )


async def insert_variant(tx: Tx, variant_id: uuid.UUID, product_id: uuid.UUID, new: NewVariant) -> None:
    # SQL: once per row of a products import (see the module's docstring)
    await tx.execute(
        "INSERT INTO variant (id, product_id, sku, name, attributes, pack_size, min_order_qty, "
        "order_increment, lead_time_days, status) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)",
        variant_id,
        product_id,
        new.sku,
        new.name,
        new.attributes,
        new.pack_size,
        new.min_order_qty,
        new.order_increment,
        new.lead_time_days,
        new.status,
    )


async def variants_of(tx: Tx, product_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[VariantOut]]:
    found: dict[uuid.UUID, list[VariantOut]] = {pid: [] for pid in product_ids}
    if not product_ids:
        return found
    rows = await Variant.select().where(Variant.product_id.is_in(product_ids)).order_by(Variant.sku).run()
    for row in rows:
        found[row["product_id"]].append(_variant(row))
    return found


async def get_product(tx: Tx, product_id: uuid.UUID, *, lock: bool = False) -> ProductOut | None:
    query = Product.select().where(Product.id == product_id)
    if lock:
        query = query.lock_rows("UPDATE")
    row = await query.first().run()
    if row is None:
        return None
    return _product(row, (await variants_of(tx, [product_id]))[product_id])


async def list_products(
    tx: Tx, *, status: str | None, search: str | None, sort: str, limit: int, offset: int
) -> tuple[list[ProductOut], int]:
    # SQL: the search looks into each product's variants (SKU prefix)
    where = (
        "WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR name ILIKE '%' || $2 || '%' "
        "OR EXISTS (SELECT 1 FROM variant v WHERE v.product_id = product.id AND v.sku ILIKE $2 || '%'))"
    )
    escaped = escape_like(search) if search else None
    total = int(await tx.fetchval(f"SELECT count(*) FROM product {where}", status, escaped))
    rows = await tx.fetch(
        f"SELECT {_PRODUCT_COLUMNS} FROM product {where} ORDER BY {PRODUCT_ORDER[sort]} LIMIT $3 OFFSET $4",
        status,
        escaped,
        limit,
        offset,
    )
    variants = await variants_of(tx, [row["id"] for row in rows])
    return [_product(row, variants[row["id"]]) for row in rows], total


async def update_product(tx: Tx, product_id: uuid.UUID, fields: dict[str, Any]) -> None:
    await _update(tx, "product", product_id, fields)


async def delete_product(tx: Tx, product_id: uuid.UUID) -> None:
    await Product.delete().where(Product.id == product_id).run()


async def get_variant(tx: Tx, variant_id: uuid.UUID) -> VariantOut | None:
    row = await Variant.select().where(Variant.id == variant_id).first().run()
    return _variant(row) if row else None


async def update_variant(tx: Tx, variant_id: uuid.UUID, fields: dict[str, Any]) -> None:
    await _update(tx, "variant", variant_id, fields)


async def delete_variant(tx: Tx, variant_id: uuid.UUID) -> None:
    await Variant.delete().where(Variant.id == variant_id).run()


_UPDATABLE = {
    "product": {"name", "description", "category_id", "status", "unit_of_measure"},
    "variant": {
        "sku",
        "name",
        "attributes",
        "pack_size",
        "min_order_qty",
        "order_increment",
        "lead_time_days",
        "status",
    },
}


async def _update(tx: Tx, table: str, row_id: uuid.UUID, fields: dict[str, Any]) -> None:
    # SQL: once per changed row of a products import (see the module's docstring)
    columns = list(fields)
    if not set(columns) <= _UPDATABLE[table]:  # column names are interpolated: only known ones
        raise ValueError(f"not updatable: {sorted(set(columns) - _UPDATABLE[table])}")
    sets = [
        f"{column} = ${i}{'::jsonb' if column == 'attributes' else ''}" for i, column in enumerate(columns, 2)
    ]
    sets.append("updated_at = now()")
    await tx.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE id = $1", row_id, *fields.values())


async def insert_location(tx: Tx, location_id: uuid.UUID, code: str, name: str) -> LocationOut:
    row = new_row(InventoryLocation, id=location_id, code=code, name=name)
    inserted = await InventoryLocation.insert(row).returning(*InventoryLocation.all_columns()).run()
    return as_struct(inserted[0], LocationOut)


async def list_locations(tx: Tx) -> list[LocationOut]:
    rows = await InventoryLocation.select().order_by(InventoryLocation.code).run()
    return as_structs(rows, LocationOut)


# SQL: lookups by a list of keys that imports make thousands long (one ANY($1) parameter)
async def ids_by_sku(tx: Tx, skus: list[str]) -> dict[str, uuid.UUID]:
    rows = await tx.fetch("SELECT sku, id FROM variant WHERE sku = ANY($1::text[])", skus)
    return {row["sku"]: row["id"] for row in rows}


async def location_ids(tx: Tx, codes: list[str]) -> dict[str, uuid.UUID]:
    # SQL: as ids_by_sku
    rows = await tx.fetch("SELECT code, id FROM inventory_location WHERE code = ANY($1::text[])", codes)
    return {row["code"]: row["id"] for row in rows}


async def upsert_levels(
    tx: Tx, variant_ids: list[uuid.UUID], location_ids: list[uuid.UUID], on_hand: list[Decimal]
) -> None:
    # SQL: a set-based upsert of many levels from arrays
    await tx.execute(
        """
        INSERT INTO inventory_level (variant_id, location_id, on_hand)
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::numeric[])
        ON CONFLICT (variant_id, location_id)
        DO UPDATE SET on_hand = EXCLUDED.on_hand, updated_at = now()
        """,
        variant_ids,
        location_ids,
        on_hand,
    )


# SQL: levels are read joined with their variant and location
_LEVELS = """
    FROM inventory_level il
    JOIN variant v ON v.id = il.variant_id
    JOIN inventory_location loc ON loc.id = il.location_id
    WHERE ($1::text IS NULL OR v.sku = $1) AND ($2::text IS NULL OR loc.code = $2)
"""


async def list_levels(
    tx: Tx, *, sku: str | None, location: str | None, limit: int, offset: int
) -> tuple[list[InventoryLevelOut], int]:
    total = int(await tx.fetchval(f"SELECT count(*) {_LEVELS}", sku, location))
    rows = await tx.fetch(
        f"SELECT v.sku, v.id AS variant_id, loc.code, loc.id AS location_id, il.on_hand, il.updated_at "
        f"{_LEVELS} ORDER BY v.sku, loc.code LIMIT $3 OFFSET $4",
        sku,
        location,
        limit,
        offset,
    )
    items = [_level(r) for r in rows]
    return items, total


async def levels_of(tx: Tx, variant_ids: list[uuid.UUID]) -> list[InventoryLevelOut]:
    # SQL: levels joined with their variant and location
    rows = await tx.fetch(
        "SELECT v.sku, v.id AS variant_id, loc.code, loc.id AS location_id, il.on_hand, il.updated_at "
        "FROM inventory_level il JOIN variant v ON v.id = il.variant_id "
        "JOIN inventory_location loc ON loc.id = il.location_id "
        "WHERE il.variant_id = ANY($1::uuid[]) ORDER BY v.sku, loc.code",
        variant_ids,
    )
    return [_level(r) for r in rows]


def _level(r: asyncpg.Record) -> InventoryLevelOut:
    return InventoryLevelOut(
        sku=r["sku"],
        variant_id=r["variant_id"],
        location_code=r["code"],
        location_id=r["location_id"],
        on_hand=r["on_hand"],
        updated_at=r["updated_at"],
    )
