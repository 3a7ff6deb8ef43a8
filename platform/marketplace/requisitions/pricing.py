"""A list's lines as they would be ordered today, through the cart's pricing: the buyer's
price now per supplier, the stock band, or why a line cannot be ordered. Nothing priced
is stored on a list."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from hansa.core.resources import Resources
from hansa.marketplace.cart import service as cart
from hansa.marketplace.requisitions.schemas import LineRow, PricedLine

_ONE = Decimal(1)
# the reasons that say the supplier does not sell the SKU to this buyer at all
_NOT_FOUND = frozenset({"unknown_sku", "not_visible", "supplier_unavailable"})


async def price_list_lines(res: Resources, org_id: uuid.UUID, lines: Sequence[LineRow]) -> list[PricedLine]:
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
            PricedLine(
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
    res: Resources, org_id: uuid.UUID, wanted: Sequence[tuple[uuid.UUID | None, str]]
) -> list[list[uuid.UUID]]:
    """For each (supplier or None, SKU): the suppliers the buyer can order it from, among
    the one named, or among all when none is named (an empty list: nobody)."""
    named = [(tenant_id, sku) for tenant_id, sku in wanted if tenant_id is not None]
    sellable: set[tuple[uuid.UUID, str]] = set()
    if named:
        groups = await cart.price_lines(res, org_id, [(tenant_id, sku, _ONE) for tenant_id, sku in named])
        sellable = {
            (group.supplier.id, priced.sku)
            for group in groups
            for priced in group.lines
            if priced.problem not in _NOT_FOUND
        }
    anonymous = sorted({sku for tenant_id, sku in wanted if tenant_id is None})
    sellers = await cart.suppliers_selling(res, org_id, anonymous) if anonymous else {}
    return [
        ([tenant_id] if (tenant_id, sku) in sellable else [])
        if tenant_id is not None
        else list(sellers.get(sku, []))
        for tenant_id, sku in wanted
    ]
