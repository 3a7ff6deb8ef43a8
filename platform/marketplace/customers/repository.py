"""SQL of the buyer directory and the supplier's customers. Every function runs on a
transaction inside the supplier's schema (``tenant_transaction``); buyer names come
from ``public.organisation``, joined by id (no foreign key crosses the schema)."""

from __future__ import annotations

import unicodedata
import uuid

import asyncpg

from hansa.core.db import Tx, escape_like
from hansa.core.rows import as_struct, as_structs
from hansa.marketplace.customers.schemas import (
    BuyerMatch,
    BuyerName,
    CustomerOut,
    CustomerTermsSummary,
)


def _accent_map() -> tuple[str, str]:
    """Accented Latin letters (both cases) and the plain lower-case letter of each, for
    ``translate()``. Not the ``unaccent`` extension: it would need a migration and an
    extension a managed server may not offer; and ``lower()`` under a C locale leaves
    non-ASCII letters alone, so both cases are folded here."""
    extra = {"ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "\u0131": "i"}
    plain: dict[str, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0].lower()
        if base.isascii() and base.isalpha() and base != char:
            plain[char] = base
    plain.update({"ș": "s", "Ș": "s", "ț": "t", "Ț": "t"} | extra)
    return "".join(plain), "".join(plain.values())


ACCENTED, PLAIN = _accent_map()


def _folded(expr: str) -> str:
    """SQL folding ``expr`` to lower case without accents ($1/$2 are ACCENTED/PLAIN)."""
    return f"lower(translate({expr}, $1, $2))"


# Every buyer id the supplier references anywhere in its schema.
_REFERENCED = """
    SELECT buyer_org_id FROM customer_terms
    UNION SELECT buyer_org_id FROM buyer_segment_member
    UNION SELECT buyer_org_id FROM price_list WHERE buyer_org_id IS NOT NULL
    UNION SELECT buyer_org_id FROM media_visibility_buyer
"""


async def tenant_status(tx: Tx, tenant_id: uuid.UUID) -> str | None:
    value = await tx.fetchval("SELECT status FROM public.tenant WHERE id = $1", tenant_id)
    return value if isinstance(value, str) else None


async def search_buyers(tx: Tx, query: str, limit: int) -> list[BuyerMatch]:
    """Active buyer organisations whose folded name contains the folded query: whole
    name first, then a prefix, then a word prefix, then anywhere; then by name."""
    name = _folded("o.name")
    needle = _folded("$3")
    pattern = _folded("$4")
    rows = await tx.fetch(
        f"""
        SELECT o.id, o.name, o.id IN ({_REFERENCED}) AS is_customer
        FROM public.organisation o
        WHERE o.kind = 'buyer' AND o.status = 'active' AND {name} LIKE '%' || {pattern} || '%'
        ORDER BY CASE WHEN {name} = {needle} THEN 0
                      WHEN {name} LIKE {pattern} || '%' THEN 1
                      WHEN {name} LIKE '% ' || {pattern} || '%' THEN 2
                      ELSE 3 END,
                 o.name, o.id
        LIMIT $5
        """,
        ACCENTED,
        PLAIN,
        query,
        escape_like(query),
        limit,
    )
    return as_structs(rows, BuyerMatch)


async def buyer_names(tx: Tx, ids: list[uuid.UUID]) -> list[BuyerName]:
    rows = await tx.fetch(
        "SELECT id, name, status FROM public.organisation WHERE id = ANY($1::uuid[]) AND kind = 'buyer' "
        "ORDER BY name, id",
        ids,
    )
    return as_structs(rows, BuyerName)


_CUSTOMERS = f"""
    FROM ({_REFERENCED}) AS ref (buyer_org_id)
    LEFT JOIN public.organisation o ON o.id = ref.buyer_org_id AND o.kind = 'buyer'
    WHERE $3::text IS NULL OR {_folded("o.name")} LIKE '%' || {_folded("$3")} || '%'
"""
# output column names: valid in the page query and in the query around it
_CUSTOMER_ORDER = {
    "name": "name ASC NULLS LAST, buyer_org_id ASC",
    "-name": "name DESC NULLS LAST, buyer_org_id DESC",
}


def _customer(row: asyncpg.Record) -> CustomerOut:
    terms = None
    if row["payment_terms_days"] is not None:
        terms = as_struct(row, CustomerTermsSummary)
    return CustomerOut(
        buyer_org_id=row["buyer_org_id"],
        name=row["name"],
        status=row["status"] or "unknown",
        terms=terms,
        segments=list(row["segments"]),
        price_list_count=int(row["price_list_count"]),
        document_count=int(row["document_count"]),
    )


async def list_customers(
    tx: Tx, *, query: str | None, sort: str, limit: int, offset: int
) -> tuple[list[CustomerOut], int]:
    """One page of referenced buyers; the per-buyer figures are computed for that page only."""
    pattern = escape_like(query) if query is not None else None
    total = int(await tx.fetchval(f"SELECT count(*) {_CUSTOMERS}", ACCENTED, PLAIN, pattern))
    rows = await tx.fetch(
        f"""
        WITH page AS (
            SELECT ref.buyer_org_id, o.name, o.status {_CUSTOMERS}
            ORDER BY {_CUSTOMER_ORDER[sort]} LIMIT $4 OFFSET $5
        )
        SELECT page.buyer_org_id, page.name, page.status,
               t.payment_terms_days, t.credit_limit, t.currency,
               coalesce((SELECT array_agg(s.name ORDER BY s.name)
                         FROM buyer_segment_member m JOIN buyer_segment s ON s.id = m.segment_id
                         WHERE m.buyer_org_id = page.buyer_org_id), '{{}}') AS segments,
               (SELECT count(*) FROM price_list pl WHERE pl.buyer_org_id = page.buyer_org_id)
                   AS price_list_count,
               (SELECT count(*) FROM media_visibility_buyer v WHERE v.buyer_org_id = page.buyer_org_id)
                   AS document_count
        FROM page LEFT JOIN customer_terms t ON t.buyer_org_id = page.buyer_org_id
        ORDER BY {_CUSTOMER_ORDER[sort]}
        """,
        ACCENTED,
        PLAIN,
        pattern,
        limit,
        offset,
    )
    return [_customer(row) for row in rows], total
