"""Cart structs (msgspec)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec


class CartLineRow(msgspec.Struct, frozen=True):
    """One stored cart line: which supplier's SKU, how many. Never a price: lines are
    priced live by the supplier's price resolution until the order is placed."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    sku: str
    quantity: Decimal
    added_at: datetime
    updated_at: datetime


class CartAddition(msgspec.Struct, frozen=True):
    """A line to put in the cart: added to the quantity already there for this SKU."""

    tenant_id: uuid.UUID
    sku: str
    quantity: Decimal


# -- a priced cart (never stored: priced live on every read) ----------------------------------------

LineProblem = Literal[
    "unknown_sku",
    "not_visible",
    "below_minimum",
    "not_pack_multiple",
    "out_of_validity",
    "no_price",
    "supplier_unavailable",
]
SupplierStatus = Literal["available", "suspended", "delisted", "gone"]
StockBand = Literal["in_stock", "short", "out_of_stock"]


class SupplierOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    slug: str
    name: str


class StockOut(msgspec.Struct, frozen=True):
    """What a buyer sees of a supplier's stock for one line: a band, never the count.
    ``in_stock``: the whole quantity is available now; ``short``: only part of it."""

    band: StockBand
    in_stock: bool
    allow_backorder: bool
    lead_time_days: int | None


class PricedLine(msgspec.Struct, frozen=True, omit_defaults=False):
    """One line priced now. ``problem`` says why it has no price or cannot be ordered as is;
    a quantity that breaks the minimum or the pack/increment rules gets
    ``suggested_quantity``, the nearest valid quantity at or above the one asked."""

    sku: str
    quantity: Decimal
    id: uuid.UUID | None = None
    product_id: uuid.UUID | None = None
    product_name: str | None = None
    variant_name: str | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    line_total: Decimal | None = None
    price_list_id: uuid.UUID | None = None  # the list that priced it (checkout locks it with the price)
    tier_min_qty: Decimal | None = None
    next_tier_min_qty: Decimal | None = None
    next_tier_unit_price: Decimal | None = None
    min_order_qty: Decimal | None = None
    pack_size: Decimal | None = None
    order_increment: Decimal | None = None
    problem: LineProblem | None = None
    suggested_quantity: Decimal | None = None
    stock: StockOut | None = None


class SupplierGroup(msgspec.Struct, frozen=True, omit_defaults=False):
    """One supplier's lines, in the buyer's trading currency with it. ``subtotal`` sums the
    lines that can be ordered as they are (no ``problem``). A supplier that is suspended,
    delisted or gone keeps its lines, each with problem ``supplier_unavailable``."""

    supplier: SupplierOut
    status: SupplierStatus
    currency: str | None
    subtotal: Decimal
    lines: list[PricedLine]


class CurrencyTotal(msgspec.Struct, frozen=True):
    currency: str
    amount: Decimal


class CartOut(msgspec.Struct, frozen=True):
    groups: list[SupplierGroup]
    totals: list[CurrencyTotal]  # per currency: the suppliers' subtotals added up
    line_count: int


class CartCount(msgspec.Struct, frozen=True):
    line_count: int


# -- cart changes -----------------------------------------------------------------------------------

Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Quantity = Decimal  # checked by the service: 0 < quantity < MAX_QUANTITY (msgspec bounds no Decimal)


class CartLineIn(msgspec.Struct, frozen=True):
    """A SKU and quantity; ``supplier`` (a slug) when known, else the one supplier
    selling it (or the company's preferred one among several)."""

    sku: Sku
    quantity: Quantity
    supplier: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None


class CartLinesIn(msgspec.Struct, frozen=True):
    lines: Annotated[list[CartLineIn], msgspec.Meta(min_length=1, max_length=1000)]


class CartLinePatch(msgspec.Struct, frozen=True):
    quantity: Quantity


# -- preferred suppliers ------------------------------------------------------------------------------

MAX_PREFERRED = 20


class PreferredSuppliersIn(msgspec.Struct, frozen=True):
    """Supplier slugs, most preferred first."""

    suppliers: Annotated[
        list[Annotated[str, msgspec.Meta(min_length=1, max_length=100)]],
        msgspec.Meta(max_length=MAX_PREFERRED),
    ]


class PreferredSupplierOut(msgspec.Struct, frozen=True):
    position: int
    supplier: SupplierOut


# -- quick order -------------------------------------------------------------------------------------

QuickStatus = Literal["accepted", "rejected", "ambiguous"]
QuickReason = Literal[
    "bad_sku",
    "bad_quantity",
    "unknown_supplier",
    "unknown_sku",
    "not_visible",
    "below_minimum",
    "not_pack_multiple",
    "out_of_validity",
    "no_price",
]


class QuickRowIn(msgspec.Struct, frozen=True):
    """A typed row: the quantity as typed (a decimal point or comma); ``supplier`` (a slug)
    picks one of several suppliers selling the SKU."""

    sku: Annotated[str, msgspec.Meta(max_length=200)]
    quantity: Annotated[str, msgspec.Meta(max_length=40)]
    supplier: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None


class QuickOrderIn(msgspec.Struct, frozen=True):
    """Typed ``rows`` or a pasted ``text`` (one ``SKU qty`` per line), not both."""

    rows: Annotated[list[QuickRowIn], msgspec.Meta(max_length=10_000)] | None = None
    text: Annotated[str, msgspec.Meta(max_length=1_000_000)] | None = None


class Candidate(msgspec.Struct, frozen=True, omit_defaults=False):
    """A supplier selling an ambiguous row's SKU, with this buyer's price there."""

    supplier: SupplierOut
    currency: str | None
    unit_price: Decimal | None
    line_total: Decimal | None
    problem: LineProblem | None = None
    suggested_quantity: Decimal | None = None


class QuickRowOut(msgspec.Struct, frozen=True, omit_defaults=False):
    row: int
    sku: str
    quantity_text: str
    quantity: Decimal | None
    status: QuickStatus
    reason: QuickReason | None = None
    supplier: SupplierOut | None = None
    product_name: str | None = None
    unit: str | None = None
    currency: str | None = None
    unit_price: Decimal | None = None
    line_total: Decimal | None = None
    suggested_quantity: Decimal | None = None
    candidates: list[Candidate] = []


class QuickOrderReport(msgspec.Struct, frozen=True):
    rows: list[QuickRowOut]
    accepted: int
    rejected: int
    ambiguous: int


class QuickOrderAdded(msgspec.Struct, frozen=True):
    report: QuickOrderReport
    added: int  # rows put in the cart
    line_count: int  # the cart's lines now
