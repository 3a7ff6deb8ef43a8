"""Request and response shapes of pricing (msgspec). Amounts and quantities travel as
decimal strings ("12.345600"); currencies as ISO 4217 codes; dates as YYYY-MM-DD."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from hansa.core.types import Currency, Name
from hansa.marketplace.catalog.schemas import MAX_DECIMAL, Sku, check_non_negative, check_positive
from hansa.marketplace.pricing.currency import is_currency
from hansa.marketplace.pricing.resolution import MAX_LINES, Reason, ResolvedLine
from hansa.marketplace.pricing.resolution import ListKind as ListKind  # re-exported

PriceListSort = Literal["name", "-name", "priority", "-priority", "created_at", "-created_at"]
# why a list can apply to nobody: its window ended, it holds no SKU, its segment has no
# members, or none of the buyers it names trades in its currency
ListWarning = Literal["expired", "no_items", "no_members", "currency_not_traded"]
MAX_PRIORITY = 1_000_000
Priority = Annotated[int, msgspec.Meta(ge=-MAX_PRIORITY, le=MAX_PRIORITY)]


def check_currency(code: str | None) -> None:
    if code is not None and not is_currency(code):
        raise ValueError(f"currency {code!r} is not an ISO 4217 code")


def check_window(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from is not None and valid_to is not None and valid_from > valid_to:
        raise ValueError("valid_from is after valid_to")


class NewPriceList(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``segment`` lists name a ``segment_id``; ``customer`` and ``contract`` lists a
    ``buyer_org_id``; ``base`` lists neither. Validity dates are inclusive; None is open."""

    name: Name
    kind: ListKind
    currency: Currency
    valid_from: date | None = None
    valid_to: date | None = None
    priority: Priority = 0
    segment_id: uuid.UUID | None = None
    buyer_org_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        check_currency(self.currency)
        check_window(self.valid_from, self.valid_to)


class PriceListPatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Fields left out stay as they are; ``clear_valid_from``/``clear_valid_to`` open the window."""

    name: Name | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    clear_valid_from: bool = False
    clear_valid_to: bool = False
    priority: Priority | None = None
    segment_id: uuid.UUID | None = None
    buyer_org_id: uuid.UUID | None = None


class PriceListOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    kind: ListKind
    currency: str
    valid_from: date | None
    valid_to: date | None
    priority: int
    segment_id: uuid.UUID | None
    buyer_org_id: uuid.UUID | None
    item_count: int
    created_at: datetime
    updated_at: datetime
    warnings: list[ListWarning] = []


class PriceListPage(msgspec.Struct, frozen=True):
    items: list[PriceListOut]
    total: int
    limit: int
    offset: int
    default_currency: str  # the supplier's: what a buyer without customer terms trades in


class Tier(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    min_qty: Decimal
    unit_price: Decimal

    def __post_init__(self) -> None:
        check_positive("min_qty", self.min_qty)
        check_non_negative("unit_price", self.unit_price)
        exponent = self.unit_price.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -6:
            raise ValueError("unit_price has at most 6 decimal places")


class ItemIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The SKU's tiers in this list, replacing any it had; no tiers removes the SKU."""

    sku: Sku
    tiers: Annotated[list[Tier], msgspec.Meta(max_length=50)]

    def __post_init__(self) -> None:
        if len({tier.min_qty for tier in self.tiers}) != len(self.tiers):
            raise ValueError(f"{self.sku}: two tiers with the same min_qty")


class PriceListItems(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    items: Annotated[list[ItemIn], msgspec.Meta(min_length=1, max_length=5000)]


class ItemOut(msgspec.Struct, frozen=True):
    sku: str
    variant_id: uuid.UUID
    tiers: list[Tier]


class NewSegment(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Name


class SegmentMembers(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The segment's buyer organisations, replacing the previous members."""

    buyer_org_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=10_000)]


class SegmentOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    created_at: datetime
    buyer_org_ids: list[uuid.UUID]


class CustomerTermsIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    currency: Currency
    payment_terms_days: Annotated[int, msgspec.Meta(ge=0, le=365)] = 30
    credit_limit: Decimal | None = None

    def __post_init__(self) -> None:
        check_currency(self.currency)
        check_non_negative("credit_limit", self.credit_limit)
        if self.credit_limit is not None:
            exponent = self.credit_limit.as_tuple().exponent
            if isinstance(exponent, int) and exponent < -2:
                raise ValueError("credit_limit has at most 2 decimal places")


class CustomerTermsOut(msgspec.Struct, frozen=True):
    buyer_org_id: uuid.UUID
    currency: str
    payment_terms_days: int
    credit_limit: Decimal | None
    updated_at: datetime


class LineIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sku: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    quantity: Decimal

    def __post_init__(self) -> None:
        if not (self.quantity.is_finite() and 0 < self.quantity < MAX_DECIMAL):
            raise ValueError("quantity must be a positive decimal")


class ResolveRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Price these lines for ``buyer_org_id`` (None: an anonymous buyer, base lists only)
    in ``currency`` on ``at`` (default: today, UTC)."""

    currency: Currency
    lines: Annotated[list[LineIn], msgspec.Meta(min_length=1, max_length=MAX_LINES)]
    buyer_org_id: uuid.UUID | None = None
    at: date | None = None

    def __post_init__(self) -> None:
        check_currency(self.currency)


class ResolveOut(msgspec.Struct, frozen=True):
    currency: str
    at: date
    buyer_org_id: uuid.UUID | None
    lines: list[ResolvedLine]
    priced_total: Decimal  # the sum of the priced lines' (already rounded) totals
    unpriced_lines: int


class PreviewLine(msgspec.Struct, frozen=True):
    """What the buyer pays for one SKU at its smallest orderable quantity, and which
    list and tier gave it; or the reason there is no price (``other_currencies``: the
    currencies in which a list would price it for this buyer)."""

    sku: str
    variant_id: uuid.UUID
    product_name: str
    quantity: Decimal
    variant_name: str | None = None
    unit_price: Decimal | None = None
    price_list_id: uuid.UUID | None = None
    price_list_name: str | None = None
    price_list_kind: ListKind | None = None
    tier_min_qty: Decimal | None = None
    next_tier_min_qty: Decimal | None = None
    next_tier_unit_price: Decimal | None = None
    reason: Reason | None = None
    other_currencies: list[str] = []


class PreviewPage(msgspec.Struct, frozen=True):
    """The catalog as one buyer sees its prices: ``currency`` is the currency the buyer
    trades in with this supplier (``currency_source``: its customer terms, or the
    supplier's default currency)."""

    buyer_org_id: uuid.UUID
    currency: str
    currency_source: Literal["terms", "default"]
    at: date
    items: list[PreviewLine]
    total: int
    limit: int
    offset: int
