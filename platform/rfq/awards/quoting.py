"""A quoted line's price at a quantity: the quantity break that applies (pure functions,
shared by the comparison, the award and the contract list)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from typing import Any

from hansa.marketplace.pricing.currency import round_money

LIVE = ("submitted", "countered", "revised")  # a quote the buyer may compare and award


def breaks_of(raw: Sequence[dict[str, Any]]) -> list[tuple[Decimal, Decimal]]:
    """``[{min_quantity, unit_price}]`` as (min quantity, unit price), ascending."""
    return sorted((Decimal(str(b["min_quantity"])), Decimal(str(b["unit_price"]))) for b in raw)


def unit_price_at(unit_price: Decimal, breaks: Sequence[dict[str, Any]], quantity: Decimal) -> Decimal:
    """The unit price at ``quantity``: the last break whose minimum it reaches; below the
    first break, the line's unit price."""
    price = unit_price
    for minimum, break_price in breaks_of(breaks):
        if quantity >= minimum:
            price = break_price
    return price


def line_total(quantity: Decimal, unit_price: Decimal, currency: str) -> Decimal:
    """quantity x unit price exactly, rounded once (pricing's rule)."""
    with localcontext() as context:
        context.prec = 80
        return round_money(quantity * unit_price, currency)


def tiers(
    unit_price: Decimal, breaks: Sequence[dict[str, Any]], minimum: Decimal | None
) -> dict[Decimal, Decimal]:
    """The quote as price-list tiers ``min_qty -> unit_price``: the unit price from the MOQ
    (1 without one), then each break."""
    found = {minimum or Decimal(1): unit_price}
    found.update(dict(breaks_of(breaks)))
    return found
