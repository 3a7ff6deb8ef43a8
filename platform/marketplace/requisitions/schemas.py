"""In and out structs of requisition lists. A line is supplier + SKU + quantity (+ a note),
never a price: prices are resolved each time a list is shown or used."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from hansa.core.types import Name
from hansa.marketplace.catalog.schemas import Sku

MAX_LISTS = 200  # per company (the database holds it too)
MAX_LINES = 1_000  # per list (the database holds it too)
MAX_QUANTITY = Decimal("1e12")

Visibility = Literal["private", "shared"]
Scope = Literal["all", "mine", "shared"]
Note = Annotated[str, msgspec.Meta(max_length=500)]
# why a line cannot be put in the cart now: the price resolution's reasons, and the supplier's
SkipReason = Literal[
    "unknown_sku",
    "not_visible",
    "below_minimum",
    "not_pack_multiple",
    "out_of_validity",
    "no_price",
    "supplier_unavailable",
]


def check_quantity(value: Decimal) -> None:
    if not (value.is_finite() and 0 < value < MAX_QUANTITY):
        raise ValueError("quantity must be a positive decimal below 1e12")


class NewRequisitionList(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Name
    visibility: Visibility = "private"


class RequisitionListPatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Only the fields given change."""

    name: Name | None = None
    visibility: Visibility | None = None


class NewRequisitionLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A SKU of one supplier (``tenant_id``), or a SKU alone when exactly one supplier the
    buyer can see sells it. A SKU already on the list adds to its quantity."""

    sku: Sku
    quantity: Decimal
    tenant_id: uuid.UUID | None = None
    note: Note | None = None

    def __post_init__(self) -> None:
        check_quantity(self.quantity)


class NewRequisitionLines(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    lines: Annotated[list[NewRequisitionLine], msgspec.Meta(min_length=1, max_length=MAX_LINES)]


class RequisitionLinePatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    quantity: Decimal | None = None
    note: Note | None = None  # "" clears it

    def __post_init__(self) -> None:
        if self.quantity is not None:
            check_quantity(self.quantity)


class LineIds(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    line_ids: Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=MAX_LINES)]


class ToCart(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The lines to put in the cart; all of the list's when ``line_ids`` is absent."""

    line_ids: Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=MAX_LINES)] | None = None


class RequisitionListOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    org_id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    visibility: Visibility
    line_count: int
    created_at: datetime
    updated_at: datetime
    owner_name: str | None = None
    can_manage: bool = False  # the caller may rename it, change its visibility, delete it


class RequisitionListPage(msgspec.Struct, frozen=True):
    items: list[RequisitionListOut]
    next_cursor: str | None


class LineRow(msgspec.Struct, frozen=True):
    """One stored line."""

    id: uuid.UUID
    list_id: uuid.UUID
    tenant_id: uuid.UUID
    sku: str
    quantity: Decimal
    note: str | None
    added_at: datetime


class RequisitionLineOut(msgspec.Struct, frozen=True):
    """A line as it would be ordered today: the buyer's price now, or why it cannot be ordered."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    supplier_name: str | None
    supplier_slug: str | None
    sku: str
    quantity: Decimal
    note: str | None
    added_at: datetime
    orderable: bool
    reason: SkipReason | None = None
    product_name: str | None = None
    currency: str | None = None
    unit_price: Decimal | None = None
    line_total: Decimal | None = None
    stock: Literal["in_stock", "short", "out_of_stock"] | None = None  # a band, never the count
    suggested_quantity: Decimal | None = None  # the nearest valid quantity, when the rules refuse this one


class ListTotal(msgspec.Struct, frozen=True):
    currency: str
    total: Decimal


class RequisitionListDetail(msgspec.Struct, frozen=True):
    summary: RequisitionListOut
    lines: list[RequisitionLineOut]
    totals: list[ListTotal]  # of the orderable lines, per currency


class CartedLine(msgspec.Struct, frozen=True):
    line_id: uuid.UUID
    tenant_id: uuid.UUID
    sku: str
    quantity: Decimal


class SkippedLine(msgspec.Struct, frozen=True):
    line_id: uuid.UUID
    tenant_id: uuid.UUID
    sku: str
    quantity: Decimal
    reason: SkipReason


class ToCartOut(msgspec.Struct, frozen=True):
    added: list[CartedLine]
    skipped: list[SkippedLine]


class ListFromCart(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Name
    visibility: Visibility = "private"
