"""The buyer directory (find a buyer company by name) and the supplier's customers
(every buyer it references: terms, segments, customer/contract lists, documents).

Only an approved (active) supplier may search the directory: a pending one is not
yet vetted by the operator, so it must not be able to list the marketplace's
buyers. See docs/customers.md for what is exposed and why.

Customers owns no table: it composes identity's buyer organisations (names, status),
pricing's and media's references to them, a constant number of queries per page.
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from hansa.core.db import Database, Tx
from hansa.core.pagination import Page
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.orgs import service as orgs
from hansa.marketplace.customers.errors import InvalidDirectoryQuery, SupplierNotApproved
from hansa.marketplace.customers.schemas import (
    BuyerDirectoryOut,
    BuyerMatch,
    BuyerName,
    BuyerNamesOut,
    CustomerOut,
    CustomerTermsSummary,
)
from hansa.marketplace.media import service as media
from hansa.marketplace.pricing import service as pricing
from hansa.tenants import service as tenants

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
    if await tenants.tenant_status(tx, ctx.tenant_id) != "active":
        raise SupplierNotApproved(
            "the buyer directory opens once the operator has approved your supplier account"
        )


async def search_buyers(db: Database, ctx: TenantContext, q: str, limit: int) -> BuyerDirectoryOut:
    query = _clean_query(q)
    async with tenant_transaction(db, ctx) as tx:
        await _require_approved(tx, ctx)
        found = await orgs.search_buyers(tx, query, limit)
        among = [buyer_id for buyer_id, _ in found]
        customers = await pricing.referenced_buyers(tx, among) | await media.referenced_buyers(tx, among)
    return BuyerDirectoryOut(
        items=[
            BuyerMatch(id=buyer_id, name=name, is_customer=buyer_id in customers) for buyer_id, name in found
        ]
    )


async def buyer_names(db: Database, ctx: TenantContext, ids: list[uuid.UUID]) -> BuyerNamesOut:
    """Names of buyer ids the supplier's pages show (one query for a whole page)."""
    async with tenant_transaction(db, ctx) as tx:
        found = await orgs.buyer_summaries(tx, sorted(set(ids)))
    return BuyerNamesOut(items=[msgspec.convert(msgspec.structs.asdict(b), BuyerName) for b in found])


async def list_customers(
    db: Database, ctx: TenantContext, *, q: str | None, sort: str, limit: int, offset: int
) -> Page[CustomerOut]:
    query = " ".join(q.split()) or None if q is not None else None
    async with tenant_transaction(db, ctx) as tx:
        referenced = sorted(await pricing.referenced_buyers(tx) | await media.referenced_buyers(tx))
        page, total = await orgs.buyers_page(
            tx, referenced, query=query, sort=sort, limit=limit, offset=offset
        )
        ids = [buyer_id for buyer_id, _, _ in page]
        figures = await pricing.customer_figures(tx, ids)
        documents = await media.document_counts(tx, ids)
    items = [
        _customer(buyer_id, name, status, figures[buyer_id], documents.get(buyer_id, 0))
        for buyer_id, name, status in page
    ]
    return Page(items=items, total=total, limit=limit, offset=offset)


def _customer(
    buyer_id: uuid.UUID, name: str | None, status: str | None, figures: Any, documents: int
) -> CustomerOut:
    terms = None
    if figures["payment_terms_days"] is not None:
        terms = CustomerTermsSummary(
            payment_terms_days=figures["payment_terms_days"],
            credit_limit=figures["credit_limit"],
            currency=figures["currency"],
        )
    return msgspec.convert(
        {
            "buyer_org_id": buyer_id,
            "name": name,
            "status": status or "unknown",
            "terms": terms,
            "segments": list(figures["segments"]),
            "price_list_count": int(figures["price_list_count"]),
            "document_count": documents,
        },
        CustomerOut,
    )
