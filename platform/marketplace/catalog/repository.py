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
from hansa.core.rows import as_struct, as_structs, rows_affected
from hansa.marketplace.catalog.schemas import (
    InventoryLevelOut,
    LocationOut,
    NewVariant,
    ProductOut,
    VariantOut,
)
from hansa.marketplace.catalog.tables import InventoryLocation, Product, StockReservation, Variant

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
        "order_increment, lead_time_days, status, gtin, mpn, manufacturer) "
        "VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13)",
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
        new.gtin,
        new.mpn,
        new.manufacturer,
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
        "gtin",
        "mpn",
        "manufacturer",
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


# -- bulk reads and writes for other domains' bulk work (imports), set-based --------------------


async def variants_with_products(tx: Tx, skus: list[str]) -> dict[str, asyncpg.Record]:
    """The variants of these SKUs with their product's columns, by SKU (import column names)."""
    rows = await tx.fetch(
        "SELECT v.id, v.product_id, v.sku, v.name AS variant_name, v.attributes, v.pack_size, "
        "v.min_order_qty, v.order_increment, v.lead_time_days, v.allow_backorder, "
        "v.status AS variant_status, v.gtin, v.mpn, v.manufacturer, "
        "p.name AS product_name, p.description, p.unit_of_measure, p.status AS product_status, "
        "p.category_id FROM variant v JOIN product p ON p.id = v.product_id WHERE v.sku = ANY($1::text[])",
        skus,
    )
    return {r["sku"]: r for r in rows}


async def variant_attributes_of(tx: Tx, product_ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    """Every variant of these products (to re-check them when a file moves a product's category)."""
    return await tx.fetch(
        "SELECT product_id, sku, attributes FROM variant WHERE product_id = ANY($1::uuid[]) ORDER BY sku",
        product_ids,
    )


async def skus_by_id(tx: Tx, variant_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = await tx.fetch("SELECT id, sku FROM variant WHERE id = ANY($1::uuid[]) ORDER BY sku", variant_ids)
    return {row["id"]: row["sku"] for row in rows}


async def export_products(tx: Tx) -> list[asyncpg.Record]:
    return await tx.fetch(
        "SELECT v.sku, min(v.sku) OVER (PARTITION BY v.product_id) AS product_ref, p.name AS product_name, "
        "p.description, p.unit_of_measure, p.status AS product_status, p.category_id, "
        "v.name AS variant_name, "
        "v.attributes, v.pack_size, v.min_order_qty, v.order_increment, v.lead_time_days, "
        "v.status AS variant_status, v.gtin, v.mpn, v.manufacturer "
        "FROM variant v JOIN product p ON p.id = v.product_id "
        "ORDER BY product_ref, v.sku"
    )


async def levels_for(tx: Tx, variant_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], Any]:
    rows = await tx.fetch(
        "SELECT variant_id, location_id, on_hand FROM inventory_level WHERE variant_id = ANY($1::uuid[])",
        variant_ids,
    )
    return {(r["variant_id"], r["location_id"]): r["on_hand"] for r in rows}


async def export_inventory(tx: Tx) -> list[asyncpg.Record]:
    return await tx.fetch(
        "SELECT v.sku, loc.code AS location, il.on_hand, loc.name AS location_name FROM inventory_level il "
        "JOIN variant v ON v.id = il.variant_id JOIN inventory_location loc ON loc.id = il.location_id "
        "ORDER BY v.sku, loc.code"
    )


async def locations_by_code(tx: Tx, codes: list[str]) -> dict[str, asyncpg.Record]:
    rows = await tx.fetch("SELECT id, code, name FROM inventory_location WHERE code = ANY($1::text[])", codes)
    return {r["code"]: r for r in rows}


async def insert_locations(tx: Tx, ids: list[uuid.UUID], codes: list[str], names: list[str]) -> int:
    """Create the locations a file names; a code created meanwhile by someone else is left alone."""
    status = await tx.execute(
        "INSERT INTO inventory_location (id, code, name) "
        "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT (code) DO NOTHING",
        ids,
        codes,
        names,
    )
    return rows_affected(status)


async def variants_page(
    tx: Tx, *, sku: str | None, limit: int, offset: int
) -> tuple[list[asyncpg.Record], int]:
    """Variants of the catalog (any status), by SKU, filtered by SKU prefix."""
    pattern = escape_like(sku) if sku else None
    where = (
        "FROM variant v JOIN product p ON p.id = v.product_id "
        "WHERE ($1::text IS NULL OR v.sku ILIKE $1 || '%')"
    )
    total = int(await tx.fetchval(f"SELECT count(*) {where}", pattern))
    rows = await tx.fetch(
        "SELECT v.id, v.sku, v.name, p.name AS product_name, v.min_order_qty, v.order_increment, "
        f"v.pack_size {where} ORDER BY v.sku LIMIT $2 OFFSET $3",
        pattern,
        limit,
        offset,
    )
    return rows, total


async def product_status(tx: Tx, product_id: uuid.UUID, *, lock: bool = False) -> str | None:
    value = await tx.fetchval(
        f"SELECT status FROM product WHERE id = $1{' FOR UPDATE' if lock else ''}", product_id
    )
    return str(value) if value is not None else None


# -- buyer pages (the product page): a published product and its active variants ---------------------------


async def published_product(tx: Tx, product_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.fetchrow(
        "SELECT id, name, description, category_id, unit_of_measure FROM product "
        "WHERE id = $1 AND status = 'published'",
        product_id,
    )


async def active_variants(tx: Tx, product_ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    """Active variants with a stock flag (on hand somewhere), by SKU."""
    return await tx.fetch(
        """
        SELECT v.id, v.product_id, v.sku, v.name, v.attributes, v.pack_size, v.min_order_qty,
               v.order_increment, v.lead_time_days,
               EXISTS (SELECT 1 FROM inventory_level il
                       WHERE il.variant_id = v.id AND il.on_hand > 0) AS in_stock
        FROM variant v WHERE v.product_id = ANY($1::uuid[]) AND v.status = 'active' ORDER BY v.sku
        """,
        product_ids,
    )


# -- stock held for orders ---------------------------------------------------------------------


async def lock_variants_for_stock(tx: Tx, variant_ids: list[uuid.UUID]) -> dict[uuid.UUID, asyncpg.Record]:
    """Lock the variants (in id order, so two placements never deadlock), then read what is
    available: on hand at all locations minus what open order lines hold. Two statements
    on purpose: under READ COMMITTED the second one takes a new snapshot after the lock
    was granted, so it sees the reservations of the placement it waited for (one
    statement would compute its sums on the snapshot from before the wait, and oversell).
    SQL: FOR UPDATE."""
    await tx.execute("SELECT id FROM variant WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE", variant_ids)
    rows = await tx.fetch(
        """
        SELECT v.id, v.allow_backorder, v.lead_time_days,
               coalesce((SELECT sum(l.on_hand) FROM inventory_level l WHERE l.variant_id = v.id), 0)
             - coalesce((SELECT sum(r.quantity) FROM stock_reservation r WHERE r.variant_id = v.id), 0)
               AS available
        FROM variant v WHERE v.id = ANY($1::uuid[])
        """,
        variant_ids,
    )
    return {row["id"]: row for row in rows}


async def available_stock(tx: Tx, variant_ids: list[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
    """On hand minus reserved, per variant (without locking). SQL: two grouped aggregates."""
    rows = await tx.fetch(
        """
        SELECT v.id,
               coalesce((SELECT sum(l.on_hand) FROM inventory_level l WHERE l.variant_id = v.id), 0)
             - coalesce((SELECT sum(r.quantity) FROM stock_reservation r WHERE r.variant_id = v.id), 0)
               AS available
        FROM variant v WHERE v.id = ANY($1::uuid[])
        """,
        variant_ids,
    )
    return {row["id"]: row["available"] for row in rows}


async def insert_reservations(tx: Tx, rows: list[tuple[uuid.UUID, uuid.UUID, Decimal]]) -> None:
    """(order line id, variant id, quantity); a line reserved before keeps its reservation.
    SQL: one statement for a whole order, and ON CONFLICT makes a retried placement a no-op."""
    await tx.execute(
        """
        INSERT INTO stock_reservation (order_line_id, variant_id, quantity)
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::numeric[])
        ON CONFLICT (order_line_id) DO NOTHING
        """,
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
    )


async def delete_reservations(tx: Tx, line_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """Drop the lines' reservations; the variants whose stock this frees."""
    if not line_ids:
        return []
    rows = (
        await StockReservation.delete()
        .where(StockReservation.order_line_id.is_in(line_ids))
        .returning(StockReservation.variant_id)
        .run()
    )
    return [row["variant_id"] for row in rows]


async def reservations_of(tx: Tx, line_ids: list[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
    if not line_ids:
        return {}
    rows = await StockReservation.select().where(StockReservation.order_line_id.is_in(line_ids)).run()
    return {row["order_line_id"]: row["quantity"] for row in rows}


async def reduce_reservation(tx: Tx, line_id: uuid.UUID, quantity: Decimal) -> None:
    """Take ``quantity`` off the line's reservation; none left removes the row (the two
    conditions are disjoint: an update to zero would break the row's ``quantity > 0``).
    SQL: one statement for both cases."""
    await tx.execute(
        """
        WITH gone AS (
            DELETE FROM stock_reservation WHERE order_line_id = $1 AND quantity <= $2
        )
        UPDATE stock_reservation SET quantity = quantity - $2 WHERE order_line_id = $1 AND quantity > $2
        """,
        line_id,
        quantity,
    )


async def take_on_hand(tx: Tx, variant_id: uuid.UUID, quantity: Decimal) -> None:
    """Take ``quantity`` off the variant's on-hand, from the locations holding most first,
    never below zero. SQL: a running sum decides each location's share in one statement."""
    await tx.execute(
        """
        WITH ranked AS (
            SELECT location_id, on_hand,
                   sum(on_hand) OVER (ORDER BY on_hand DESC, location_id) - on_hand AS before
            FROM inventory_level WHERE variant_id = $1 AND on_hand > 0
        )
        UPDATE inventory_level l
        SET on_hand = l.on_hand - least(r.on_hand, greatest($2 - r.before, 0)), updated_at = now()
        FROM ranked r
        WHERE l.variant_id = $1 AND l.location_id = r.location_id AND r.before < $2
        """,
        variant_id,
        quantity,
    )


# -- what search indexes (hansa.search builds its documents from these rows) ------------------


async def sellable_variants(
    tx: Tx,
    *,
    product_ids: list[uuid.UUID] | None,
    variant_ids: list[uuid.UUID] | None,
    after: uuid.UUID | None,
    limit: int,
) -> list[asyncpg.Record]:
    """Active variants of published products with their product's fields and what is
    available (on hand minus reserved), by variant id. SQL: one statement per page."""
    return await tx.fetch(
        """
        SELECT v.id, v.product_id, v.sku, v.name AS variant_name, v.attributes, v.pack_size,
               v.min_order_qty, v.order_increment, v.lead_time_days, v.gtin, v.mpn, v.manufacturer,
               p.name, p.description, p.category_id, p.unit_of_measure, p.created_at,
               greatest(p.updated_at, v.updated_at) AS updated_at,
               coalesce((SELECT sum(l.on_hand) FROM inventory_level l WHERE l.variant_id = v.id), 0)
             - coalesce((SELECT sum(r.quantity) FROM stock_reservation r WHERE r.variant_id = v.id), 0)
               AS available
        FROM variant v JOIN product p ON p.id = v.product_id
        WHERE v.status = 'active' AND p.status = 'published'
          AND ($1::uuid[] IS NULL OR v.product_id = ANY($1::uuid[]))
          AND ($2::uuid[] IS NULL OR v.id = ANY($2::uuid[]))
          AND ($3::uuid IS NULL OR v.id > $3)
        ORDER BY v.id LIMIT $4
        """,
        product_ids,
        variant_ids,
        after,
        limit,
    )


async def variant_ids_of(tx: Tx, product_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    rows = await tx.fetch("SELECT id FROM variant WHERE product_id = ANY($1::uuid[])", product_ids)
    return [row["id"] for row in rows]


async def published_product_ids_in(tx: Tx, category_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    rows = await tx.fetch(
        "SELECT id FROM product WHERE status = 'published' AND category_id = ANY($1::uuid[]) ORDER BY id",
        category_ids,
    )
    return [row["id"] for row in rows]


async def has_published_in(tx: Tx, category_ids: list[uuid.UUID]) -> bool:
    return bool(
        await tx.fetchval(
            "SELECT EXISTS (SELECT 1 FROM product"
            " WHERE status = 'published' AND category_id = ANY($1::uuid[]))",
            category_ids,
        )
    )
