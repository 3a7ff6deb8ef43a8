"""The buyer directory (find a buyer company by name) and the supplier's customers
(every buyer it references: terms, segments, customer/contract lists, documents).

Only an approved (active) supplier may search the directory: a pending one is not
yet vetted by the operator, so it must not be able to list the marketplace's
buyers. See docs/customers.md for what is exposed and why.
"""

from __future__ import annotations

import uuid

from hansa.core.db import Database, Tx
from hansa.core.pagination import Page
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.customers import repository as repo
from hansa.marketplace.customers.errors import InvalidDirectoryQuery, SupplierNotApproved
from hansa.marketplace.customers.schemas import BuyerDirectoryOut, BuyerNamesOut, CustomerOut

MIN_QUERY = 2


def _clean_query(q: str) -> str:
    cleaned = " ".join(q.split())
    if len(cleaned) < MIN_QUERY:
        raise InvalidDirectoryQuery(
            f"type at least {MIN_QUERY} characters of the company name",
            errors=[{"field": "q", "message": f"at least {MIN_QUERY} characters"}],
        )
    return cleaned


async def _require_approved(tx: Tx, ctx: TenantContext) -> None:
    if await repo.tenant_status(tx, ctx.tenant_id) != "active":
        raise SupplierNotApproved(
            "the buyer directory opens once the operator has approved your supplier account"
        )


async def search_buyers(db: Database, ctx: TenantContext, q: str, limit: int) -> BuyerDirectoryOut:
    query = _clean_query(q)
    async with tenant_transaction(db, ctx) as tx:
        await _require_approved(tx, ctx)
        return BuyerDirectoryOut(items=await repo.search_buyers(tx, query, limit))


async def buyer_names(db: Database, ctx: TenantContext, ids: list[uuid.UUID]) -> BuyerNamesOut:
    """Names of buyer ids the supplier's pages show (one query for a whole page)."""
    async with tenant_transaction(db, ctx) as tx:
        return BuyerNamesOut(items=await repo.buyer_names(tx, sorted(set(ids))))


async def list_customers(
    db: Database, ctx: TenantContext, *, q: str | None, sort: str, limit: int, offset: int
) -> Page[CustomerOut]:
    query = " ".join(q.split()) or None if q is not None else None
    async with tenant_transaction(db, ctx) as tx:
        items, total = await repo.list_customers(tx, query=query, sort=sort, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)
