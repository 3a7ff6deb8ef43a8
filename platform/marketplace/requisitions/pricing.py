"""A list's lines as they would be ordered today, through the cart's pricing: the buyer's
price now per supplier, the stock band, or why a line cannot be ordered. Nothing priced
is stored on a list."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from hansa.core.resources import Resources
from hansa.marketplace.cart import service as cart
from hansa.marketplace.requisitions.schemas import LineRow, RequisitionLineOut

# the reasons that say the supplier does not sell the SKU to this buyer at all
_NOT_FOUND = frozenset({"unknown_sku", "not_visible", "supplier_unavailable"})


async def price_list_lines(
    res: Resources, org_id: uuid.UUID, lines: Sequence[LineRow]
) -> list[RequisitionLineOut]:
    """Every line priced now, in the list's order."""
    if not lines:
        return []
    groups = await cart.price_lines(
        res,
        org_id,
        [(line.tenant_id, line.sku, line.quantity) for line in lines],
        line_ids=[line.id for line in lines],
    )
    answers = {
        priced.id: (group, priced) for group in groups for priced in group.lines if priced.id is not None
    }
    out = []
    for line in lines:
        group, priced = answers[line.id]
        out.append(
            RequisitionLineOut(
                id=line.id,
                tenant_id=line.tenant_id,
                supplier_name=group.supplier.name or None,
                supplier_slug=group.supplier.slug or None,
                sku=line.sku,
                quantity=line.quantity,
                note=line.note,
                added_at=line.added_at,
                orderable=priced.problem is None,
                reason=priced.problem,
                product_name=priced.product_name,
                currency=group.currency,
                unit_price=priced.unit_price,
                line_total=priced.line_total,
                stock=priced.stock.band if priced.stock is not None else None,
                suggested_quantity=priced.suggested_quantity,
            )
        )
    return out


async def suppliers_of(
    res: Resources, org_id: uuid.UUID, wanted: Sequence[tuple[uuid.UUID | None, str, Decimal]]
) -> list[list[uuid.UUID]]:
    """For each (supplier or None, SKU, quantity): the suppliers the buyer can order it from,
    the one named if it sells the SKU to this buyer, else as the cart decides for a SKU alone
    (the one selling it, or the company's preferred one; several: ambiguous; none: nobody)."""
    named = [(tenant_id, sku, quantity) for tenant_id, sku, quantity in wanted if tenant_id is not None]
    sellable: set[tuple[uuid.UUID, str]] = set()
    if named:
        groups = await cart.price_lines(res, org_id, named)
        sellable = {
            (group.supplier.id, priced.sku)
            for group in groups
            for priced in group.lines
            if priced.problem not in _NOT_FOUND
        }
    alone = [
        (index, sku, quantity) for index, (tenant_id, sku, quantity) in enumerate(wanted) if tenant_id is None
    ]
    decided = (
        await cart.suppliers_for_skus(res, org_id, [(sku, qty) for _, sku, qty in alone]) if alone else []
    )
    found: list[list[uuid.UUID]] = [
        [tenant_id] if tenant_id is not None and (tenant_id, sku) in sellable else []
        for tenant_id, sku, _ in wanted
    ]
    for (index, _, _), sellers in zip(alone, decided, strict=True):
        found[index] = sellers
    return found
