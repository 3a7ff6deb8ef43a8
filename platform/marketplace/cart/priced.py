"""Pricing lines live, grouped by supplier (docs/ordering.md, "Cart").

Every read prices the lines now: per supplier, in one ``tenant_transaction`` of its
schema, the buyer's trading currency with it (``pricing.trading_currency``), the
variants of the SKUs (one query), their available stock (one query) and
``pricing.resolve_prices`` (one query for all of that supplier's lines). Nothing
priced is stored. The cart, requisition lists, reorder and checkout all price
through ``price_lines``; checkout, which must price inside its own transaction of
the supplier's schema, calls ``price_supplier_lines`` there.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from hansa.core.db import Tx
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.cart.schemas import (
    LineProblem,
    PricedLine,
    StockBand,
    StockOut,
    SupplierGroup,
    SupplierOut,
    SupplierStatus,
)
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.pricing import service as pricing
from hansa.marketplace.pricing.resolution import ResolvedLine
from hansa.tenants import service as tenants
from hansa.tenants.schemas import TenantOut

Line = tuple[uuid.UUID, str, Decimal]  # (supplier tenant id, SKU, quantity)


def _step(order_increment: Decimal, pack_size: Decimal) -> Decimal:
    """The least quantity that is whole packs in whole increments (their least common
    multiple, exact for decimals: both scaled to integers first)."""
    exponent = max(0, -int(order_increment.as_tuple().exponent), -int(pack_size.as_tuple().exponent))
    scale = Decimal(10) ** exponent
    a, b = int(order_increment * scale), int(pack_size * scale)
    return Decimal(a * b // math.gcd(a, b)) / scale


def valid_quantity(
    asked: Decimal, min_order_qty: Decimal, order_increment: Decimal, pack_size: Decimal
) -> Decimal:
    """The nearest quantity at or above ``asked`` that meets the minimum and is whole
    packs in whole increments: what a line breaking the rules is offered instead."""
    step = _step(order_increment, pack_size)
    wanted = max(asked, min_order_qty)
    return Decimal(math.ceil(wanted / step)) * step


def _band(available: Decimal, quantity: Decimal) -> StockBand:
    if available >= quantity:
        return "in_stock"
    return "short" if available > 0 else "out_of_stock"


def _priced(
    sku: str,
    quantity: Decimal,
    variant: Any,
    resolved: ResolvedLine,
    available: Decimal,
    line_id: uuid.UUID | None,
) -> PricedLine:
    problem: LineProblem | None = resolved.reason
    suggested = None
    if problem in ("below_minimum", "not_pack_multiple"):
        suggested = valid_quantity(
            quantity, variant["min_order_qty"], variant["order_increment"], variant["pack_size"]
        )
    return PricedLine(
        sku=sku,
        quantity=quantity,
        id=line_id,
        product_id=variant["product_id"],
        product_name=variant["product_name"],
        variant_name=variant["variant_name"],
        unit=variant["unit_of_measure"],
        unit_price=resolved.unit_price,
        line_total=resolved.line_total,
        price_list_id=resolved.price_list_id,
        tier_min_qty=resolved.tier_min_qty,
        next_tier_min_qty=resolved.next_tier_min_qty,
        next_tier_unit_price=resolved.next_tier_unit_price,
        min_order_qty=variant["min_order_qty"],
        pack_size=variant["pack_size"],
        order_increment=variant["order_increment"],
        problem=problem,
        suggested_quantity=suggested,
        stock=StockOut(
            band=_band(available, quantity),
            in_stock=available >= quantity,
            allow_backorder=variant["allow_backorder"],
            lead_time_days=variant["lead_time_days"],
        ),
    )


async def price_supplier_lines(
    tx: Tx,
    supplier: SupplierOut,
    buyer_org_id: uuid.UUID,
    lines: Sequence[tuple[str, Decimal]],
    *,
    line_ids: Sequence[uuid.UUID | None] | None = None,
    at: date | None = None,
    variants: dict[str, Any] | None = None,
) -> SupplierGroup:
    """One supplier's lines priced for the buyer, on ``tx`` (inside the supplier's schema).
    ``variants``: the lines' variants by SKU when the caller has read them already."""
    currency, _ = await pricing.trading_currency(tx, buyer_org_id)
    if variants is None:
        variants = await catalog.variants_with_products(tx, sorted({sku for sku, _ in lines}))
    stock = await catalog.available_stock(tx, [v["id"] for v in variants.values()])
    resolved = await pricing.resolve_prices(
        tx, buyer_org_id=buyer_org_id, lines=list(lines), currency=currency, at=at or date.today()
    )
    ids = list(line_ids) if line_ids is not None else [None] * len(lines)
    priced = []
    for (sku, quantity), answer, line_id in zip(lines, resolved, ids, strict=True):
        variant = variants.get(sku)
        if variant is None or answer.reason in ("unknown_sku", "not_visible"):
            # nothing of a product the buyer may not see (a draft, an archived product)
            problem: LineProblem = answer.reason or "unknown_sku"
            priced.append(PricedLine(sku=sku, quantity=quantity, id=line_id, problem=problem))
            continue
        priced.append(_priced(sku, quantity, variant, answer, stock.get(variant["id"], Decimal(0)), line_id))
    subtotal = sum(
        (line.line_total for line in priced if line.problem is None and line.line_total), Decimal(0)
    )
    return SupplierGroup(
        supplier=supplier, status="available", currency=currency, subtotal=subtotal, lines=priced
    )


def supplier_status(tenant: TenantOut | None, listed: set[uuid.UUID]) -> SupplierStatus:
    """Whether the buyer may order from ``tenant`` now (``listed``: the tenants listed on an
    active marketplace)."""
    if tenant is None or tenant.status == "archived":
        return "gone"
    if tenant.status != "active":
        return "suspended"
    return "available" if tenant.id in listed else "delisted"


def _unavailable(
    supplier: SupplierOut,
    status: SupplierStatus,
    lines: Sequence[tuple[str, Decimal]],
    line_ids: Sequence[uuid.UUID | None],
) -> SupplierGroup:
    return SupplierGroup(
        supplier=supplier,
        status=status,
        currency=None,
        subtotal=Decimal(0),
        lines=[
            PricedLine(sku=sku, quantity=quantity, id=line_id, problem="supplier_unavailable")
            for (sku, quantity), line_id in zip(lines, line_ids, strict=True)
        ],
    )


async def price_lines(
    res: Resources,
    org_id: uuid.UUID,
    lines: Sequence[Line],
    *,
    line_ids: Sequence[uuid.UUID | None] | None = None,
    at: date | None = None,
) -> list[SupplierGroup]:
    """``lines`` priced now for buyer company ``org_id``, grouped by supplier (in the order
    suppliers first appear; lines keep their order). ``line_ids`` (the cart's) are carried
    onto the priced lines. A supplier that is no longer active or listed on an active
    marketplace keeps its lines, unpriced, marked ``supplier_unavailable``."""
    ids = list(line_ids) if line_ids is not None else [None] * len(lines)
    by_supplier: dict[uuid.UUID, list[int]] = {}
    for index, (tenant_id, _, _) in enumerate(lines):
        by_supplier.setdefault(tenant_id, []).append(index)
    if not by_supplier:
        return []
    async with res.db.transaction() as tx:
        found = await tenants.tenants_by_id(tx, list(by_supplier))
        listed = set(await marketplaces.listed_tenant_ids(tx))
    groups = []
    for tenant_id, indexes in by_supplier.items():
        tenant = found.get(tenant_id)
        supplier = SupplierOut(
            id=tenant_id, slug=tenant.slug if tenant else "", name=tenant.name if tenant else ""
        )
        own = [(lines[i][1], lines[i][2]) for i in indexes]
        own_ids = [ids[i] for i in indexes]
        status = supplier_status(tenant, listed)
        if status != "available":
            groups.append(_unavailable(supplier, status, own, own_ids))
            continue
        async with tenant_transaction(res.db, TenantContext.for_tenant(tenant_id)) as tx:
            groups.append(await price_supplier_lines(tx, supplier, org_id, own, line_ids=own_ids, at=at))
    return groups
