"""What buyers and visitors see of the suppliers' catalogs."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, Literal

import msgspec

from hansa.marketplace.media.schemas import PublicMediaOut

BrowseSort = Literal["name", "-name", "newest"]


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


class ProductCard(msgspec.Struct, frozen=True):
    """One product in a marketplace listing. ``price_from`` only for buyers."""

    id: uuid.UUID
    name: str
    supplier: SupplierRef
    unit_of_measure: str
    in_stock: bool
    variant_count: int
    url: str
    category_id: uuid.UUID | None = None
    price_from: Decimal | None = None
    currency: str | None = None
    price_unavailable: PriceUnavailable | None = None  # for a buyer, when no variant shows a price
    # the first image's smallest rendition the caller may download; null while none is ready
    thumbnail_url: str | None = None
    # the attributes all of its active variants share (codes of the category's schema)
    attributes: dict[str, Any] = msgspec.field(default_factory=dict)
    # for a buyer, a product with one active variant: its SKU and smallest orderable
    # quantity, so the card can put it in the cart ("Add to cart" on the listing)
    order_sku: str | None = None
    order_quantity: Decimal | None = None


class BrowsePage(msgspec.Struct, frozen=True):
    items: list[ProductCard]
    total: int
    limit: int
    offset: int
    truncated: bool  # some supplier had more matches than one page may merge (see docs/browse.md)


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
