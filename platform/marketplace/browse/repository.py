"""SQL of buyer browsing. ``listed_suppliers`` reads ``public``; the rest runs in one
supplier's schema at a time (``tenant_transaction``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import asyncpg

from hansa.core.db import Tx, escape_like

ORDER = {
    "name": "p.name ASC, p.id ASC",
    "-name": "p.name DESC, p.id DESC",
    "newest": "p.created_at DESC, p.id DESC",
}


@dataclass(frozen=True, slots=True)
class ListedSupplier:
    id: uuid.UUID
    slug: str
    name: str


async def listed_suppliers(
    tx: Tx, marketplace_id: uuid.UUID, *, supplier_slug: str | None, limit: int
) -> list[ListedSupplier]:
    """Active suppliers approved on this marketplace, by slug."""
    rows = await tx.fetch(
        "SELECT t.id, t.slug, t.name FROM public.marketplace_listing l "
        "JOIN public.tenant t ON t.id = l.tenant_id "
        "WHERE l.marketplace_id = $1 AND l.status = 'approved' AND t.status = 'active' "
        "AND ($2::text IS NULL OR t.slug = $2) ORDER BY t.slug LIMIT $3",
        marketplace_id,
        supplier_slug,
        limit,
    )
    return [ListedSupplier(row["id"], row["slug"], row["name"]) for row in rows]


async def showing_marketplaces(tx: Tx, tenant_id: uuid.UUID, category_id: uuid.UUID | None) -> list[str]:
    """Slugs of the active marketplaces that show the supplier's products of this
    category: those it is approved on that are horizontal (everything) or vertical
    with the category in their taxonomy."""
    rows = await tx.fetch(
        "SELECT m.slug FROM public.marketplace_listing l "
        "JOIN public.marketplace m ON m.id = l.marketplace_id "
        "WHERE l.tenant_id = $1 AND l.status = 'approved' AND m.status = 'active' "
        "AND (m.kind = 'horizontal' OR EXISTS "
        "(SELECT 1 FROM public.category c WHERE c.id = $2 AND c.marketplace_id = m.id)) "
        "ORDER BY m.slug",
        tenant_id,
        category_id,
    )
    return [row["slug"] for row in rows]


_IN_STOCK = (
    "EXISTS (SELECT 1 FROM variant v JOIN inventory_level il ON il.variant_id = v.id "
    "WHERE v.product_id = p.id AND v.status = 'active' AND il.on_hand > 0)"
)
_WHERE = (
    "WHERE p.status = 'published' AND ($1::uuid[] IS NULL OR p.category_id = ANY($1::uuid[])) "
    "AND ($2::text IS NULL OR p.name ILIKE '%' || $2 || '%') "
    f"AND (NOT $3::boolean OR {_IN_STOCK})"
)


async def published_products(
    tx: Tx, *, category_ids: list[uuid.UUID] | None, search: str | None, in_stock: bool, sort: str, limit: int
) -> tuple[list[asyncpg.Record], int]:
    escaped = escape_like(search) if search else None
    total = int(
        await tx.fetchval(f"SELECT count(*) FROM product p {_WHERE}", category_ids, escaped, in_stock)
    )
    rows = await tx.fetch(
        f"""
        SELECT p.id, p.name, p.category_id, p.unit_of_measure, p.created_at, {_IN_STOCK} AS in_stock,
               (SELECT count(*) FROM variant v
                WHERE v.product_id = p.id AND v.status = 'active') AS variant_count
        FROM product p {_WHERE} ORDER BY {ORDER[sort]} LIMIT $4
        """,
        category_ids,
        escaped,
        in_stock,
        limit,
    )
    return rows, total


async def shared_attributes(tx: Tx, product_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """Per product, the attributes every active variant has with the same value
    (what a card may say of the whole product: material, thread, ...)."""
    rows = await tx.fetch(
        """
        SELECT v.product_id, a.key, a.value
        FROM variant v CROSS JOIN LATERAL jsonb_each(v.attributes) AS a
        WHERE v.product_id = ANY($1::uuid[]) AND v.status = 'active'
        GROUP BY v.product_id, a.key, a.value
        HAVING count(*) = (SELECT count(*) FROM variant w
                           WHERE w.product_id = v.product_id AND w.status = 'active')
        ORDER BY v.product_id, a.key
        """,
        product_ids,
    )
    shared: dict[uuid.UUID, dict[str, Any]] = {}
    for row in rows:
        shared.setdefault(row["product_id"], {})[row["key"]] = row["value"]
    return shared


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


async def tiers_of(
    tx: Tx, pairs: list[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], list[tuple[Decimal, Decimal]]]:
    """Tiers of (price list, variant) items, ascending."""
    if not pairs:
        return {}
    rows = await tx.fetch(
        """
        SELECT pli.price_list_id, pli.variant_id, t.min_qty, t.unit_price
        FROM unnest($1::uuid[], $2::uuid[]) AS want (list_id, variant_id)
        JOIN price_list_item pli ON pli.price_list_id = want.list_id AND pli.variant_id = want.variant_id
        JOIN price_tier t ON t.price_list_item_id = pli.id
        ORDER BY pli.price_list_id, pli.variant_id, t.min_qty
        """,
        [list_id for list_id, _ in pairs],
        [variant_id for _, variant_id in pairs],
    )
    found: dict[tuple[uuid.UUID, uuid.UUID], list[tuple[Decimal, Decimal]]] = {}
    for row in rows:
        found.setdefault((row["price_list_id"], row["variant_id"]), []).append(
            (row["min_qty"], row["unit_price"])
        )
    return found
