"""Queries of pricing; every function runs on a transaction inside the tenant's schema.

Plain writes and reads (a list's insert, update and delete, segments, customer terms) go
through the Piccolo tables on ``tx``. SQL stays where the work is set-based: lists with
their item counts, item and tier replacement, the warnings, the lookups imports make with
thousands of keys, and the reads the customers domain composes (price resolution itself is
in ``resolution.py``)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg

from hansa.core.db import DB_NOW, Tx, escape_like, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.marketplace.pricing.schemas import (
    CustomerTermsOut,
    ItemOut,
    ListWarning,
    PriceListOut,
    SegmentOut,
    Tier,
)
from hansa.marketplace.pricing.tables import BuyerSegment, BuyerSegmentMember, CustomerTerms, PriceList

# SQL: each list with its item count (a correlated count per list)

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


_INSERTED = ("name", "kind", "currency", "valid_from", "valid_to", "priority", "segment_id", "buyer_org_id")


async def insert_price_list(tx: Tx, list_id: uuid.UUID, values: dict[str, Any]) -> None:
    await PriceList.insert(new_row(PriceList, id=list_id, **{key: values[key] for key in _INSERTED})).run()


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
    if not set(fields) <= _UPDATABLE:
        raise ValueError(f"not updatable: {sorted(set(fields) - _UPDATABLE)}")
    values: dict[Any, Any] = {
        PriceList._meta.get_column_by_name(name): value for name, value in fields.items()
    }
    await PriceList.update({**values, PriceList.updated_at: DB_NOW}).where(PriceList.id == list_id).run()


async def top_buyer_priority(tx: Tx, buyer_org_id: uuid.UUID) -> int | None:
    """The highest priority of the buyer's own (customer and contract) lists, None without any."""
    top: int | None = await tx.fetchval(
        "SELECT max(priority) FROM price_list WHERE buyer_org_id = $1 AND kind IN ('customer', 'contract')",
        buyer_org_id,
    )
    return top


async def touch_price_list(tx: Tx, list_id: uuid.UUID) -> None:
    await PriceList.update({PriceList.updated_at: DB_NOW}).where(PriceList.id == list_id).run()


async def delete_price_list(tx: Tx, list_id: uuid.UUID) -> None:
    await PriceList.delete().where(PriceList.id == list_id).run()


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
    # SQL: set-based, from arrays (a file's thousands of items in a few statements)
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
    """The list's items whose SKU starts with ``sku`` (case-insensitive), by SKU."""
    # SQL: items joined with their variant (the SKU) and their tiers aggregated, paged
    where = (
        "FROM price_list_item pli JOIN variant v ON v.id = pli.variant_id "
        "WHERE pli.price_list_id = $1 AND ($2::text IS NULL OR v.sku ILIKE $2 || '%')"
    )
    sku = escape_like(sku) if sku else None
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
    await BuyerSegment.insert(new_row(BuyerSegment, id=segment_id, name=name)).run()


# SQL: each segment with its members aggregated
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
    await BuyerSegmentMember.delete().where(BuyerSegmentMember.segment_id == segment_id).run()
    rows = [
        new_row(BuyerSegmentMember, segment_id=segment_id, buyer_org_id=m) for m in dict.fromkeys(members)
    ]
    if rows:  # Piccolo refuses an empty insert
        await BuyerSegmentMember.insert(*rows).run()


async def delete_segment(tx: Tx, segment_id: uuid.UUID) -> None:
    await BuyerSegment.delete().where(BuyerSegment.id == segment_id).run()


_TERMS = (
    CustomerTerms.buyer_org_id,
    CustomerTerms.currency,
    CustomerTerms.payment_terms_days,
    CustomerTerms.credit_limit,
    CustomerTerms.updated_at,
)


async def upsert_terms(
    tx: Tx, buyer_org_id: uuid.UUID, currency: str, days: int, credit_limit: Decimal | None
) -> CustomerTermsOut:
    row = new_row(
        CustomerTerms,
        buyer_org_id=buyer_org_id,
        currency=currency,
        payment_terms_days=days,
        credit_limit=credit_limit,
    )
    replaced = (
        CustomerTerms.currency,
        CustomerTerms.payment_terms_days,
        CustomerTerms.credit_limit,
        (CustomerTerms.updated_at, DB_NOW),
    )
    rows = await (
        CustomerTerms.insert(row)
        .on_conflict(target=CustomerTerms.buyer_org_id, action="DO UPDATE", values=replaced)
        .returning(*_TERMS)
        .run()
    )
    return as_struct(rows[0], CustomerTermsOut)


async def list_terms(tx: Tx, *, limit: int, offset: int) -> tuple[list[CustomerTermsOut], int]:
    total = await CustomerTerms.count().run()
    rows = (
        await CustomerTerms.select(*_TERMS)
        .order_by(CustomerTerms.buyer_org_id)
        .limit(limit)
        .offset(offset)
        .run()
    )
    return as_structs(rows, CustomerTermsOut), total


async def delete_terms(tx: Tx, buyer_org_id: uuid.UUID) -> bool:
    deleted = (
        await CustomerTerms.delete()
        .where(CustomerTerms.buyer_org_id == buyer_org_id)
        .returning(CustomerTerms.buyer_org_id)
        .run()
    )
    return bool(deleted)


async def terms_currency(tx: Tx, buyer_org_id: uuid.UUID) -> str | None:
    """The currency of this buyer's customer terms, if it has terms."""
    row = (
        await CustomerTerms.select(CustomerTerms.currency)
        .where(CustomerTerms.buyer_org_id == buyer_org_id)
        .first()
        .run()
    )
    return str(row["currency"]) if row else None


async def list_warnings(
    tx: Tx, list_ids: list[uuid.UUID], *, default_currency: str, today: date
) -> dict[uuid.UUID, list[ListWarning]]:
    """Why each list can apply to nobody (empty when it can apply to somebody).

    A buyer trades in the currency of its customer terms, else in ``default_currency``.
    """
    # SQL: per list, existence checks across members and terms, for a page of lists at once
    rows = await tx.fetch(
        """
        SELECT pl.id,
               pl.valid_to IS NOT NULL AND pl.valid_to < $3::date AS expired,
               NOT EXISTS (SELECT 1 FROM price_list_item i WHERE i.price_list_id = pl.id) AS no_items,
               pl.kind = 'segment' AND NOT EXISTS (
                   SELECT 1 FROM buyer_segment_member m WHERE m.segment_id = pl.segment_id
               ) AS no_members,
               CASE pl.kind
                   WHEN 'base' THEN pl.currency <> $2
                       AND NOT EXISTS (SELECT 1 FROM customer_terms ct WHERE ct.currency = pl.currency)
                   WHEN 'segment' THEN EXISTS (
                           SELECT 1 FROM buyer_segment_member m WHERE m.segment_id = pl.segment_id
                       ) AND NOT EXISTS (
                           SELECT 1 FROM buyer_segment_member m
                           LEFT JOIN customer_terms ct ON ct.buyer_org_id = m.buyer_org_id
                           WHERE m.segment_id = pl.segment_id AND coalesce(ct.currency, $2) = pl.currency
                       )
                   ELSE coalesce((SELECT ct.currency FROM customer_terms ct
                                  WHERE ct.buyer_org_id = pl.buyer_org_id), $2) <> pl.currency
               END AS currency_not_traded
        FROM price_list pl WHERE pl.id = ANY($1::uuid[])
        """,
        list_ids,
        default_currency,
        today,
    )
    names: tuple[ListWarning, ...] = ("expired", "no_items", "no_members", "currency_not_traded")
    return {row["id"]: [name for name in names if row[name]] for row in rows}


async def prices_in_other_currencies(
    tx: Tx, buyer_org_id: uuid.UUID, variant_ids: list[uuid.UUID], *, currency: str, at: date
) -> dict[uuid.UUID, list[str]]:
    """Per variant, the other currencies in which a list valid on ``at`` would price it
    for this buyer (its own, its segments' and base lists): what to tell a buyer who
    sees no price in the currency it trades in."""
    # SQL: set-based over the page's variants (the same assignments as price resolution)
    rows = await tx.fetch(
        """
        SELECT pli.variant_id, array_agg(DISTINCT pl.currency ORDER BY pl.currency) AS currencies
        FROM price_list_item pli
        JOIN price_list pl ON pl.id = pli.price_list_id
        WHERE pli.variant_id = ANY($2::uuid[]) AND pl.currency <> $3
          AND (pl.valid_from IS NULL OR pl.valid_from <= $4::date)
          AND (pl.valid_to IS NULL OR pl.valid_to >= $4::date)
          AND (pl.kind = 'base'
               OR (pl.kind IN ('customer', 'contract') AND pl.buyer_org_id = $1)
               OR (pl.kind = 'segment' AND pl.segment_id IN (
                   SELECT m.segment_id FROM buyer_segment_member m WHERE m.buyer_org_id = $1)))
        GROUP BY pli.variant_id
        """,
        buyer_org_id,
        variant_ids,
        currency,
        at,
    )
    return {row["variant_id"]: list(row["currencies"]) for row in rows}


async def price_list_names(tx: Tx, list_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not list_ids:  # Piccolo refuses an empty IN list
        return {}
    rows = await PriceList.select(PriceList.id, PriceList.name).where(PriceList.id.is_in(list_ids)).run()
    return {row["id"]: row["name"] for row in rows}


# -- bulk work of other domains (imports), set-based ----------------------------------------------


async def lock_list_names(tx: Tx, names: list[str]) -> None:
    """Serialise imports creating lists of the same name (the name is not unique in the table).

    Transaction-scoped advisory locks, taken in name order so two files cannot deadlock;
    the key includes the schema, so tenants do not wait for each other."""
    # SQL: advisory locks, one per name
    await tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':price_list:' || n, 0)) "
        "FROM unnest($1::text[]) AS n",
        sorted(set(names)),
    )


# SQL: lookups by a list of keys that imports make thousands long (one ANY($1) parameter)
async def lists_by_name(tx: Tx, names: list[str]) -> dict[str, list[asyncpg.Record]]:
    rows = await tx.fetch(
        "SELECT id, name, kind, currency, valid_from, valid_to, priority, segment_id, buyer_org_id "
        "FROM price_list WHERE name = ANY($1::text[]) FOR UPDATE",
        names,
    )
    found: dict[str, list[asyncpg.Record]] = {}
    for r in rows:
        found.setdefault(r["name"], []).append(r)
    return found


async def tiers_for(tx: Tx, list_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], set[Any]]:
    # SQL: the lists' items joined with their tiers
    rows = await tx.fetch(
        "SELECT pli.price_list_id, pli.variant_id, t.min_qty, t.unit_price FROM price_list_item pli "
        "JOIN price_tier t ON t.price_list_item_id = pli.id WHERE pli.price_list_id = ANY($1::uuid[])",
        list_ids,
    )
    found: dict[tuple[uuid.UUID, uuid.UUID], set[Any]] = {}
    for r in rows:
        found.setdefault((r["price_list_id"], r["variant_id"]), set()).add(
            (r["min_qty"].normalize(), r["unit_price"].normalize())
        )
    return found


async def existing_segments(tx: Tx, segment_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    # SQL: as lists_by_name
    rows = await tx.fetch("SELECT id FROM buyer_segment WHERE id = ANY($1::uuid[])", segment_ids)
    return {r["id"] for r in rows}


async def export_tiers(tx: Tx) -> list[asyncpg.Record]:
    """Every tier with its list's columns (import column names) and variant id, by list name and id."""
    # SQL: tiers joined with their item and list, the whole export in one statement
    return await tx.fetch(
        "SELECT pl.name AS price_list, pl.id AS price_list_id, pl.currency, pli.variant_id, t.min_qty, "
        "t.unit_price, pl.kind AS list_kind, pl.valid_from, pl.valid_to, pl.priority, pl.segment_id, "
        "pl.buyer_org_id FROM price_tier t JOIN price_list_item pli ON pli.id = t.price_list_item_id "
        "JOIN price_list pl ON pl.id = pli.price_list_id ORDER BY pl.name, pl.id, t.min_qty"
    )


# -- the supplier's customers (the customers domain composes them), set-based ---------------------


async def referenced_buyers(tx: Tx, among: list[uuid.UUID] | None) -> set[uuid.UUID]:
    """Buyer ids named by terms, segment members or lists (only those ``among``, if given)."""
    # SQL: a union over three tables
    rows = await tx.fetch(
        "SELECT buyer_org_id FROM ("
        "SELECT buyer_org_id FROM customer_terms UNION SELECT buyer_org_id FROM buyer_segment_member "
        "UNION SELECT buyer_org_id FROM price_list WHERE buyer_org_id IS NOT NULL) AS ref "
        "WHERE $1::uuid[] IS NULL OR buyer_org_id = ANY($1::uuid[])",
        among,
    )
    return {row["buyer_org_id"] for row in rows}


async def customer_figures(tx: Tx, buyer_org_ids: list[uuid.UUID]) -> dict[uuid.UUID, asyncpg.Record]:
    """Per buyer: its terms (payment_terms_days, credit_limit, currency; NULL without), the names
    of its segments and how many customer/contract lists name it."""
    # SQL: per buyer of a page, terms joined and segments and lists aggregated
    rows = await tx.fetch(
        """
        SELECT b.id, t.payment_terms_days, t.credit_limit, t.currency,
               coalesce((SELECT array_agg(s.name ORDER BY s.name)
                         FROM buyer_segment_member m JOIN buyer_segment s ON s.id = m.segment_id
                         WHERE m.buyer_org_id = b.id), '{}') AS segments,
               (SELECT count(*) FROM price_list pl WHERE pl.buyer_org_id = b.id) AS price_list_count
        FROM unnest($1::uuid[]) AS b (id) LEFT JOIN customer_terms t ON t.buyer_org_id = b.id
        """,
        buyer_org_ids,
    )
    return {row["id"]: row for row in rows}


async def tiers_of(
    tx: Tx, pairs: list[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], list[tuple[Decimal, Decimal]]]:
    """Tiers of (price list, variant) items, ascending."""
    # SQL: items by (list, variant) pairs from arrays, joined with their tiers
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
