"""Quick order: rows of SKU and quantity resolved against every supplier a buyer may
order from (docs/ordering.md, "Quick order").

The suppliers are the active ones approved on an active marketplace (at most
``MAX_SUPPLIERS``). Per supplier, in one ``tenant_transaction``: its variants of all
the rows' SKUs (one query), then the rows it sells priced with ``price_supplier_lines``
(the resolution: one query for all of them). A row's supplier is the one it names,
else the one selling the SKU, else the first of the company's preferred suppliers
selling it; otherwise the row is ``ambiguous`` and lists the candidates with this
buyer's price at each.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hansa.core.db import Tx
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.cart import repository as repo
from hansa.marketplace.cart.paste import ParsedRow
from hansa.marketplace.cart.priced import price_supplier_lines
from hansa.marketplace.cart.schemas import (
    Candidate,
    PricedLine,
    QuickOrderReport,
    QuickReason,
    QuickRowOut,
    SupplierGroup,
    SupplierOut,
)
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.tenants import service as tenants

MAX_SUPPLIERS = 200


@dataclass(frozen=True, slots=True)
class QuickRow:
    """A parsed row and, when the user chose one, the supplier (slug) it goes to."""

    parsed: ParsedRow
    supplier: str | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    supplier: SupplierOut
    currency: str | None
    line: PricedLine


@dataclass(slots=True)
class Offers:
    """Per row, what each supplier selling its SKU offers; the SKUs some supplier has but
    does not show (a draft, an inactive variant)."""

    per_row: list[list[Offer]]
    hidden: dict[str, set[uuid.UUID]] = field(default_factory=dict)


async def orderable_suppliers(tx: Tx) -> list[SupplierOut]:
    """The active suppliers approved on an active marketplace, by slug (on ``tx``, public)."""
    listed = await marketplaces.listed_tenant_ids(tx)
    found = await tenants.active_among(tx, listed, slug=None, limit=MAX_SUPPLIERS)
    return [SupplierOut(id=t.id, slug=t.slug, name=t.name) for t in found]


def _visible(variant: Any) -> bool:
    return bool(variant["product_status"] == "published" and variant["variant_status"] == "active")


async def _supplier_offers(
    res: Resources, supplier: SupplierOut, org_id: uuid.UUID, rows: Sequence[QuickRow], skus: list[str]
) -> tuple[list[int], SupplierGroup | None, set[str]]:
    """Which rows this supplier sells (their indexes), those rows priced, the SKUs it hides."""
    async with tenant_transaction(res.db, TenantContext.for_tenant(supplier.id)) as tx:
        variants = await catalog.variants_with_products(tx, skus)
        if not variants:
            return [], None, set()
        shown = {sku: v for sku, v in variants.items() if _visible(v)}
        hidden = set(variants) - set(shown)
        indexes = [
            i for i, row in enumerate(rows) if row.parsed.quantity is not None and row.parsed.sku in shown
        ]
        if not indexes:
            return [], None, hidden
        lines = [(rows[i].parsed.sku, rows[i].parsed.quantity or Decimal(0)) for i in indexes]
        group = await price_supplier_lines(tx, supplier, org_id, lines, variants=shown)
    return indexes, group, hidden


async def find_offers(
    res: Resources, org_id: uuid.UUID, suppliers: Sequence[SupplierOut], rows: Sequence[QuickRow]
) -> Offers:
    """Every supplier's offer for every row whose SKU it sells and shows."""
    offers = Offers(per_row=[[] for _ in rows])
    skus = sorted({row.parsed.sku for row in rows if row.parsed.quantity is not None})
    if not skus:
        return offers
    for supplier in suppliers:
        indexes, group, hidden = await _supplier_offers(res, supplier, org_id, rows, skus)
        for sku in hidden:
            offers.hidden.setdefault(sku, set()).add(supplier.id)
        if group is None:
            continue
        for index, line in zip(indexes, group.lines, strict=True):
            offers.per_row[index].append(Offer(supplier, group.currency, line))
    return offers


def _rejected(row: QuickRow, reason: QuickReason) -> QuickRowOut:
    parsed = row.parsed
    return QuickRowOut(
        row=parsed.row,
        sku=parsed.sku,
        quantity_text=parsed.quantity_text,
        quantity=parsed.quantity,
        status="rejected",
        reason=reason,
    )


def _decided(row: QuickRow, offer: Offer) -> QuickRowOut:
    """The row going to ``offer``'s supplier: accepted, or rejected with the line's problem."""
    parsed, line = row.parsed, offer.line
    reason: QuickReason | None = None
    if line.problem is not None and line.problem != "supplier_unavailable":
        reason = line.problem
    return QuickRowOut(
        row=parsed.row,
        sku=parsed.sku,
        quantity_text=parsed.quantity_text,
        quantity=parsed.quantity,
        status="rejected" if reason else "accepted",
        reason=reason,
        supplier=offer.supplier,
        product_name=line.product_name,
        unit=line.unit,
        currency=offer.currency,
        unit_price=line.unit_price,
        line_total=line.line_total,
        suggested_quantity=line.suggested_quantity,
    )


def _ambiguous(row: QuickRow, offers: list[Offer]) -> QuickRowOut:
    parsed = row.parsed
    return QuickRowOut(
        row=parsed.row,
        sku=parsed.sku,
        quantity_text=parsed.quantity_text,
        quantity=parsed.quantity,
        status="ambiguous",
        product_name=offers[0].line.product_name,
        unit=offers[0].line.unit,
        candidates=[
            Candidate(
                supplier=o.supplier,
                currency=o.currency,
                unit_price=o.line.unit_price,
                line_total=o.line.line_total,
                problem=o.line.problem,
                suggested_quantity=o.line.suggested_quantity,
            )
            for o in offers
        ],
    )


def decide_row(
    row: QuickRow,
    offers: list[Offer],
    hidden_at: set[uuid.UUID],
    suppliers: dict[str, SupplierOut],
    preferred: Sequence[uuid.UUID],
) -> QuickRowOut:
    """Where one row goes (see the module's docstring), or why it cannot."""
    if row.parsed.problem is not None:
        return _rejected(row, row.parsed.problem)
    if row.supplier is not None:
        chosen = suppliers.get(row.supplier)
        if chosen is None:
            return _rejected(row, "unknown_supplier")
        offers = [o for o in offers if o.supplier.id == chosen.id]
        hidden_at = hidden_at & {chosen.id}
    if not offers:
        return _rejected(row, "not_visible" if hidden_at else "unknown_sku")
    if len(offers) == 1:
        return _decided(row, offers[0])
    by_supplier = {o.supplier.id: o for o in offers}
    first_preferred = next((by_supplier[t] for t in preferred if t in by_supplier), None)
    if first_preferred is not None:
        return _decided(row, first_preferred)
    return _ambiguous(row, offers)


async def resolve(res: Resources, org_id: uuid.UUID, rows: Sequence[QuickRow]) -> QuickOrderReport:
    """Every row resolved: accepted (with its supplier and price), rejected (with the reason
    and, for a quantity breaking the rules, a suggested one), or ambiguous (candidates)."""
    async with res.db.transaction() as tx:
        suppliers = await orderable_suppliers(tx)
        preferred = await repo.preferred_tenant_ids(tx, org_id)
    offers = await find_offers(res, org_id, suppliers, rows)
    by_slug = {s.slug: s for s in suppliers}
    out = [
        decide_row(row, offers.per_row[i], offers.hidden.get(row.parsed.sku, set()), by_slug, preferred)
        for i, row in enumerate(rows)
    ]
    return QuickOrderReport(
        rows=out,
        accepted=sum(1 for r in out if r.status == "accepted"),
        rejected=sum(1 for r in out if r.status == "rejected"),
        ambiguous=sum(1 for r in out if r.status == "ambiguous"),
    )
