"""A quoted line's price at a quantity: the quantity break that applies (pure functions,
shared by the comparison, the award and the contract list)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from decimal import Context, Decimal, localcontext
from typing import Any

from hansa.marketplace.pricing.currency import round_money

LIVE = ("submitted", "countered", "revised")  # a quote the buyer may compare and award


def breaks_of(raw: Sequence[dict[str, Any]]) -> list[tuple[Decimal, Decimal]]:
    """``[{min_quantity, unit_price}]`` as (min quantity, unit price), ascending."""
    return sorted((decimal(b["min_quantity"]), decimal(b["unit_price"])) for b in raw)


def decimal(value: Any) -> Decimal:
    """A break's number as sent (a decimal string; a JSON number read through its text)."""
    return Decimal(value if isinstance(value, str) else str(value))


def unit_price_at(unit_price: Decimal, breaks: Sequence[dict[str, Any]], quantity: Decimal) -> Decimal:
    """The unit price at ``quantity``: the break with the greatest minimum it reaches; below
    the first break, the line's unit price."""
    best, price = None, unit_price
    for b in breaks:
        minimum = decimal(b["min_quantity"])
        if quantity >= minimum and (best is None or minimum > best):
            best, price = minimum, decimal(b["unit_price"])
    return price


def line_total(quantity: Decimal, unit_price: Decimal, currency: str) -> Decimal:
    """quantity x unit price exactly, rounded once (pricing's rule)."""
    with exact():
        return round_money(quantity * unit_price, currency)


def exact() -> AbstractContextManager[Context]:
    """A decimal context wide enough that quantity x unit price is exact (enter it once
    around many line totals: entering costs more than the product)."""
    return localcontext(prec=80)


def tiers(
    unit_price: Decimal, breaks: Sequence[dict[str, Any]], minimum: Decimal | None
) -> dict[Decimal, Decimal]:
    """The quote as price-list tiers ``min_qty -> unit_price``: the unit price from the MOQ
    (1 without one), then each break."""
    found = {minimum or Decimal(1): unit_price}
    found.update(dict(breaks_of(breaks)))
    return found


def lowest_tiers(quotes: Sequence[dict[Decimal, Decimal]]) -> dict[Decimal, Decimal]:
    """One contract item from several awarded lines of one SKU (docs/rfq.md, "Comparison and
    award"): at each tier's minimum of any of them, the lowest unit price one of them gives at
    that quantity; a tier that does not change the price in effect below it is left out. One
    line's tiers stay as quoted."""
    if len(quotes) == 1:
        return dict(quotes[0])
    merged: dict[Decimal, Decimal] = {}
    for minimum in sorted({q for tiers in quotes for q in tiers}):
        prices = [price for tiers in quotes if (price := price_from(tiers, minimum)) is not None]
        price = min(prices)
        if not merged or price != merged[max(merged)]:
            merged[minimum] = price
    return merged


def price_from(tiers: dict[Decimal, Decimal], quantity: Decimal) -> Decimal | None:
    """The tier's unit price at ``quantity``: the greatest minimum it reaches (None below all)."""
    reached = [q for q in tiers if q <= quantity]
    return tiers[max(reached)] if reached else None
