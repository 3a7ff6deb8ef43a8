"""SQL of pricing; every function runs on a transaction inside the tenant's schema."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import asyncpg

from hansa.core.db import Tx
from hansa.marketplace.pricing.schemas import CustomerTermsOut, ItemOut, PriceListOut, SegmentOut, Tier

_LIST = """
SELECT pl.id, pl.name, pl.kind, pl.currency, pl.valid_from, pl.valid_to, pl.priority, pl.segment_id,
       pl.buyer_org_id, pl.created_at, pl.updated_at,
       (SELECT count(*) FROM price_list_item i WHERE i.price_list_id = pl.id) AS item_count
FROM price_list pl
"""
LIST_ORDER = {
    "name": "pl.name ASC, pl.id ASC",
    "-name": "pl.name DESC, pl.id DESC",
    "priority": "pl.priority ASC, pl.id ASC",
    "-priority": "pl.priority DESC, pl.id DESC",
    "created_at": "pl.created_at ASC, pl.id ASC",
    "-created_at": "pl.created_at DESC, pl.id DESC",
}
_UPDATABLE = {"name", "valid_from", "valid_to", "priority", "segment_id", "buyer_org_id"}


def _price_list(row: asyncpg.Record) -> PriceListOut:
    return PriceListOut(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        currency=row["currency"],
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        priority=row["priority"],
        segment_id=row["segment_id"],
        buyer_org_id=row["buyer_org_id"],
        item_count=int(row["item_count"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def buyer_org_ids(tx: Tx, org_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these ids are buyer organisations (checked by id: no FK crosses the schema)."""
    rows = await tx.fetch(
        "SELECT id FROM public.organisation "
        "WHERE id = ANY($1::uuid[]) AND kind = 'buyer' AND status <> 'archived'",
        org_ids,
    )
    return {row["id"] for row in rows}


async def insert_price_list(tx: Tx, list_id: uuid.UUID, values: dict[str, Any]) -> None:
    await tx.execute(
        "INSERT INTO price_list (id, name, kind, currency, valid_from, valid_to, priority, segment_id, "
        "buyer_org_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        list_id,
        values["name"],
        values["kind"],
        values["currency"],
        values["valid_from"],
        values["valid_to"],
        values["priority"],
        values["segment_id"],
        values["buyer_org_id"],
    )


async def get_price_list(tx: Tx, list_id: uuid.UUID, *, lock: bool = False) -> PriceListOut | None:
    row = await tx.fetchrow(f"{_LIST} WHERE pl.id = $1{' FOR UPDATE OF pl' if lock else ''}", list_id)
    return _price_list(row) if row else None


async def list_price_lists(
    tx: Tx,
    *,
    kind: str | None,
    currency: str | None,
    buyer_org_id: uuid.UUID | None,
    sort: str,
    limit: int,
    offset: int,
) -> tuple[list[PriceListOut], int]:
    where = (
        "WHERE ($1::text IS NULL OR pl.kind = $1) AND ($2::text IS NULL OR pl.currency = $2) "
        "AND ($3::uuid IS NULL OR pl.buyer_org_id = $3)"
    )
    total = int(
        await tx.fetchval(f"SELECT count(*) FROM price_list pl {where}", kind, currency, buyer_org_id)
    )
    rows = await tx.fetch(
        f"{_LIST} {where} ORDER BY {LIST_ORDER[sort]} LIMIT $4 OFFSET $5",
        kind,
        currency,
        buyer_org_id,
        limit,
        offset,
    )
    return [_price_list(row) for row in rows], total


async def update_price_list(tx: Tx, list_id: uuid.UUID, fields: dict[str, Any]) -> None:
    if not set(fields) <= _UPDATABLE:  # column names are interpolated: only known ones
        raise ValueError(f"not updatable: {sorted(set(fields) - _UPDATABLE)}")
    sets = [f"{column} = ${i}" for i, column in enumerate(fields, 2)] + ["updated_at = now()"]
    await tx.execute(f"UPDATE price_list SET {', '.join(sets)} WHERE id = $1", list_id, *fields.values())


async def touch_price_list(tx: Tx, list_id: uuid.UUID) -> None:
    await tx.execute("UPDATE price_list SET updated_at = now() WHERE id = $1", list_id)


async def delete_price_list(tx: Tx, list_id: uuid.UUID) -> None:
    await tx.execute("DELETE FROM price_list WHERE id = $1", list_id)


async def replace_items(
    tx: Tx,
    list_id: uuid.UUID,
    *,
    set_variants: list[uuid.UUID],
    tier_variants: list[uuid.UUID],
    tier_min_qty: list[Decimal],
    tier_prices: list[Decimal],
    removed_variants: list[uuid.UUID],
) -> None:
    """Set-based: upsert the items, replace their tiers, delete the removed items."""
    if set_variants:
        await tx.execute(
            "INSERT INTO price_list_item (id, price_list_id, variant_id) "
            "SELECT i, $1, v FROM unnest($2::uuid[], $3::uuid[]) AS u (i, v) "
            "ON CONFLICT (price_list_id, variant_id) DO NOTHING",
            list_id,
            [uuid.uuid4() for _ in set_variants],
            set_variants,
        )
        await tx.execute(
            "DELETE FROM price_tier WHERE price_list_item_id IN "
            "(SELECT id FROM price_list_item WHERE price_list_id = $1 AND variant_id = ANY($2::uuid[]))",
            list_id,
            set_variants,
        )
        await tx.execute(
            "INSERT INTO price_tier (price_list_item_id, min_qty, unit_price) "
            "SELECT pli.id, t.q, t.p FROM unnest($2::uuid[], $3::numeric[], $4::numeric[]) AS t (v, q, p) "
            "JOIN price_list_item pli ON pli.price_list_id = $1 AND pli.variant_id = t.v",
            list_id,
            tier_variants,
            tier_min_qty,
            tier_prices,
        )
    if removed_variants:
        await tx.execute(
            "DELETE FROM price_list_item WHERE price_list_id = $1 AND variant_id = ANY($2::uuid[])",
            list_id,
            removed_variants,
        )


async def list_items(
    tx: Tx, list_id: uuid.UUID, *, sku: str | None, limit: int, offset: int
) -> tuple[list[ItemOut], int]:
    where = (
        "FROM price_list_item pli JOIN variant v ON v.id = pli.variant_id "
        "WHERE pli.price_list_id = $1 AND ($2::text IS NULL OR v.sku = $2)"
    )
    total = int(await tx.fetchval(f"SELECT count(*) {where}", list_id, sku))
    rows = await tx.fetch(
        f"""
        SELECT v.sku, v.id AS variant_id,
               coalesce((SELECT array_agg(ARRAY[t.min_qty, t.unit_price] ORDER BY t.min_qty)
                         FROM price_tier t WHERE t.price_list_item_id = pli.id), '{{}}') AS tiers
        {where} ORDER BY v.sku LIMIT $3 OFFSET $4
        """,
        list_id,
        sku,
        limit,
        offset,
    )
    items = [
        ItemOut(
            sku=row["sku"],
            variant_id=row["variant_id"],
            tiers=[Tier(min_qty=pair[0], unit_price=pair[1]) for pair in row["tiers"]],
        )
        for row in rows
    ]
    return items, total


async def insert_segment(tx: Tx, segment_id: uuid.UUID, name: str) -> None:
    await tx.execute("INSERT INTO buyer_segment (id, name) VALUES ($1, $2)", segment_id, name)


_SEGMENT = """
SELECT s.id, s.name, s.created_at,
       coalesce((SELECT array_agg(m.buyer_org_id ORDER BY m.buyer_org_id) FROM buyer_segment_member m
                 WHERE m.segment_id = s.id), '{}') AS members
FROM buyer_segment s
"""


def _segment(row: asyncpg.Record) -> SegmentOut:
    return SegmentOut(
        id=row["id"], name=row["name"], created_at=row["created_at"], buyer_org_ids=list(row["members"])
    )


async def get_segment(tx: Tx, segment_id: uuid.UUID) -> SegmentOut | None:
    row = await tx.fetchrow(f"{_SEGMENT} WHERE s.id = $1", segment_id)
    return _segment(row) if row else None


async def list_segments(tx: Tx) -> list[SegmentOut]:
    return [_segment(row) for row in await tx.fetch(f"{_SEGMENT} ORDER BY s.name")]


async def set_segment_members(tx: Tx, segment_id: uuid.UUID, members: list[uuid.UUID]) -> None:
    await tx.execute("DELETE FROM buyer_segment_member WHERE segment_id = $1", segment_id)
    await tx.execute(
        "INSERT INTO buyer_segment_member (segment_id, buyer_org_id) "
        "SELECT $1, m FROM unnest($2::uuid[]) AS m ON CONFLICT DO NOTHING",
        segment_id,
        members,
    )


async def delete_segment(tx: Tx, segment_id: uuid.UUID) -> None:
    await tx.execute("DELETE FROM buyer_segment WHERE id = $1", segment_id)


def _terms(row: asyncpg.Record) -> CustomerTermsOut:
    return CustomerTermsOut(
        buyer_org_id=row["buyer_org_id"],
        currency=row["currency"],
        payment_terms_days=row["payment_terms_days"],
        credit_limit=row["credit_limit"],
        updated_at=row["updated_at"],
    )


async def upsert_terms(
    tx: Tx, buyer_org_id: uuid.UUID, currency: str, days: int, credit_limit: Decimal | None
) -> CustomerTermsOut:
    row = await tx.fetchrow(
        """
        INSERT INTO customer_terms (buyer_org_id, currency, payment_terms_days, credit_limit)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (buyer_org_id) DO UPDATE SET currency = EXCLUDED.currency,
            payment_terms_days = EXCLUDED.payment_terms_days, credit_limit = EXCLUDED.credit_limit,
            updated_at = now()
        RETURNING buyer_org_id, currency, payment_terms_days, credit_limit, updated_at
        """,
        buyer_org_id,
        currency,
        days,
        credit_limit,
    )
    assert row is not None
    return _terms(row)


async def list_terms(tx: Tx, *, limit: int, offset: int) -> tuple[list[CustomerTermsOut], int]:
    total = int(await tx.fetchval("SELECT count(*) FROM customer_terms"))
    rows = await tx.fetch(
        "SELECT buyer_org_id, currency, payment_terms_days, credit_limit, updated_at FROM customer_terms "
        "ORDER BY buyer_org_id LIMIT $1 OFFSET $2",
        limit,
        offset,
    )
    return [_terms(row) for row in rows], total


async def delete_terms(tx: Tx, buyer_org_id: uuid.UUID) -> bool:
    status = await tx.execute("DELETE FROM customer_terms WHERE buyer_org_id = $1", buyer_org_id)
    return status != "DELETE 0"
