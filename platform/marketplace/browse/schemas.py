"""What buyers and visitors see of the suppliers' catalogs."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, Literal

import msgspec

from hansa.marketplace.media.schemas import PublicMediaOut


class SupplierRef(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    name: str


class PriceUnavailable(msgspec.Struct, frozen=True):
    """Why a buyer sees no price: ``other_currency`` (a list prices it for this buyer,
    but in ``currencies``, not the currency it trades in with the supplier),
    ``out_of_validity`` (the buyer's list for it is expired or not started yet) or
    ``no_price`` (price on request)."""

    reason: Literal["other_currency", "out_of_validity", "no_price"]
    currencies: list[str] = []


class PriceTierOut(msgspec.Struct, frozen=True):
    min_qty: Decimal
    unit_price: Decimal


class BuyerPrice(msgspec.Struct, frozen=True):
    """The buyer's own price at ``quantity`` (the smallest orderable one) and the
    tiers of the list that gave it."""

    currency: str
    quantity: Decimal
    unit_price: Decimal
    price_list_kind: str
    tiers: list[PriceTierOut]


class PublicVariant(msgspec.Struct, frozen=True):
    id: uuid.UUID
    sku: str
    attributes: dict[str, Any]
    pack_size: Decimal
    min_order_qty: Decimal
    order_increment: Decimal
    lead_time_days: int
    in_stock: bool
    name: str | None = None
    price: BuyerPrice | None = None
    price_unavailable: PriceUnavailable | None = None  # for a buyer, when ``price`` is null


class PublicProduct(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    description: str
    supplier: SupplierRef
    unit_of_measure: str
    variants: list[PublicVariant]
    images: list[PublicMediaOut]
    documents: list[PublicMediaOut]
    prices_shown: bool  # false for visitors and for callers not acting for a buyer company
    category_id: uuid.UUID | None = None
    currency: str | None = None  # the currency the buyer trades in with this supplier
