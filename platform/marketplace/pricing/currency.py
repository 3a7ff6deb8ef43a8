"""ISO 4217 currencies and their minor units (decimal places of the smallest coin).

Line totals are rounded to these, half-up, once, at the line. The minor units come
from the ``iso4217`` package (the ISO maintenance agency's table, shipped as data);
a code without one (gold, test codes) or missing from it is refused rather than guessed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from iso4217 import Currency

# withdrawn from ISO 4217 (ANG for XCG in 2025, BGN for EUR in 2026) but still held by
# organisations' defaults and price lists made before: kept so those go on resolving
_WITHDRAWN: Final = {"ANG": 2, "BGN": 2}

MINOR_UNITS: Final[dict[str, int]] = {
    **_WITHDRAWN,
    **{c.code: c.exponent for c in Currency if c.exponent is not None},
}


class UnknownCurrency(ValueError):
    """A code that is not an ISO 4217 currency with a minor unit."""


def minor_units(currency: str) -> int:
    """Decimal places of ``currency``'s minor unit (EUR 2, JPY 0, KWD 3)."""
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise UnknownCurrency(f"{currency!r} is not a known ISO 4217 currency code") from None


def is_currency(code: str) -> bool:
    return code in MINOR_UNITS


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up (away from zero at .5) to ``currency``'s minor unit."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)
