"""In and out structs of orders (msgspec). Money and quantities are Decimal, sent as
decimal strings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
Note = Annotated[str, msgspec.Meta(max_length=1000)]
Carrier = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
TrackingNumber = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
TrackingUrl = Annotated[str, msgspec.Meta(max_length=500, pattern=r"^https?://\S+$")]
MAX_QUANTITY = Decimal(1_000_000_000_000)
Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
OrderSort = Literal[
    "placed_at", "-placed_at", "updated_at", "-updated_at", "total", "-total", "number", "-number"
]
Side = Literal["buyer", "supplier", "system"]


def _check_quantity(value: Decimal | None) -> None:
    if value is not None and not (value.is_finite() and 0 < value < MAX_QUANTITY):
        raise ValueError("quantity must be a positive decimal")


class OrderSummary(msgspec.Struct, frozen=True):
    """A row of the supplier's inbox or the buyer's history."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    number: str
    po_number: str | None
    status: str
    currency: str
    total: Decimal
    payment_method: str
    buyer_org_id: uuid.UUID
    placed_by: uuid.UUID | None
    placed_at: datetime
    updated_at: datetime
    supplier_name: str | None = None
    buyer_name: str | None = None


class OrderPage(msgspec.Struct, frozen=True):
    """A page of orders; ``next_cursor`` asks for the next one (None: the last page)."""

    items: list[OrderSummary]
    next_cursor: str | None


class OrderLineOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    position: int
    variant_id: uuid.UUID | None
    sku: str
    name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    line_total: Decimal
    backordered_quantity: Decimal
    lead_time_days: int
    requested_date: date | None
    shipped_quantity: Decimal
    cancelled: bool


class DiffEntry(msgspec.Struct, frozen=True):
    """One readable change: ``line`` names the line (its SKU) or is None for the order."""

    field: str
    before: Any
    after: Any
    line: str | None = None


class RevisionOut(msgspec.Struct, frozen=True):
    number: int
    kind: str
    side: Side
    actor_id: uuid.UUID | None
    status: str
    diff: list[DiffEntry]
    note: str | None
    created_at: datetime


class ShipmentLineOut(msgspec.Struct, frozen=True):
    order_line_id: uuid.UUID
    quantity: Decimal


class ShipmentOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    number: int
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    shipped_at: datetime
    delivered_at: datetime | None
    lines: list[ShipmentLineOut]


class LineChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A change of one line: its new quantity, requested date, or (supplier) a substitute
    SKU of its catalog; ``remove`` (buyer) drops the line."""

    line_id: uuid.UUID
    quantity: Decimal | None = None
    requested_date: date | None = None
    substitute_sku: Sku | None = None
    remove: bool = False

    def __post_init__(self) -> None:
        _check_quantity(self.quantity)


class ChangeIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A change proposal (supplier) or request (buyer): per line changes, the order's
    requested delivery date, (buyer) another ship-to location of the company."""

    lines: Annotated[list[LineChange], msgspec.Meta(max_length=1000)] = []
    requested_delivery_date: date | None = None
    ship_to_location_id: uuid.UUID | None = None
    reason: Note | None = None


class ChangeOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    side: Literal["buyer", "supplier"]
    status: str
    changes: dict[str, Any]
    diff: list[DiffEntry]
    reason: str | None
    created_at: datetime


class OrderDetail(msgspec.Struct, frozen=True):
    id: uuid.UUID
    tenant_id: uuid.UUID
    number: str
    buyer_org_id: uuid.UUID
    placed_by: uuid.UUID | None
    status: str
    status_reason: str | None
    currency: str
    total: Decimal
    payment_method: str
    payment_terms_days: int | None
    po_number: str | None
    requested_delivery_date: date | None
    note: str | None
    ship_to: dict[str, Any]
    bill_to: dict[str, Any]
    revision: int
    placed_at: datetime
    updated_at: datetime
    lines: list[OrderLineOut]
    revisions: list[RevisionOut]
    shipments: list[ShipmentOut]
    open_change: ChangeOut | None
    next_states: list[str]
    supplier_name: str | None = None
    buyer_name: str | None = None


class ReasonIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Reason


class DecisionIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    note: Note | None = None


class ShipLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    line_id: uuid.UUID
    quantity: Decimal

    def __post_init__(self) -> None:
        _check_quantity(self.quantity)


class ShipIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A shipment: which lines and how much (omitted: everything still to ship)."""

    lines: Annotated[list[ShipLine], msgspec.Meta(max_length=1000)] = []
    carrier: Carrier | None = None
    tracking_number: TrackingNumber | None = None
    tracking_url: TrackingUrl | None = None


class ReorderIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Reorder all the order's lines, or only these."""

    line_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=1000)] | None = None


class ReorderLine(msgspec.Struct, frozen=True):
    """What became of one line: added (at today's price) or not, and what changed."""

    sku: str
    quantity: Decimal
    added: bool
    price_then: Decimal
    price_now: Decimal | None
    price_changed: bool
    available: Decimal | None
    no_longer_sold: bool
    supplier_unavailable: bool = False  # the supplier is no longer active or listed: left out


class ReorderOut(msgspec.Struct, frozen=True):
    lines: list[ReorderLine]
    added: int


class NewOrderLine(msgspec.Struct, frozen=True):
    """A line of an order written in bulk (tests, the demo seed, the bench)."""

    id: uuid.UUID
    position: int
    variant_id: uuid.UUID | None
    sku: str
    name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    line_total: Decimal
    shipped_quantity: Decimal = Decimal(0)


class NewShipment(msgspec.Struct, frozen=True):
    """A past shipment of an order written in bulk: (line id, quantity) per line."""

    id: uuid.UUID
    number: int
    lines: list[tuple[uuid.UUID, Decimal]]
    shipped_at: datetime
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    delivered_at: datetime | None = None


class NewStep(msgspec.Struct, frozen=True):
    """A past step of an order written in bulk: a revision after the first."""

    status: str
    side: Side
    at: datetime
    note: str | None = None


class NewOrder(msgspec.Struct, frozen=True):
    """An order written in bulk with its lines (tests, the demo seed, the bench): revision 1
    ``placed``, then one per step (its status diff from the one before); the order's status
    is the last step's (or ``status``)."""

    id: uuid.UUID
    number: str
    buyer_org_id: uuid.UUID
    placed_by: uuid.UUID | None
    status: str
    currency: str
    payment_method: str
    lines: list[NewOrderLine]
    placed_at: datetime
    updated_at: datetime
    po_number: str | None = None
    ship_to: dict[str, Any] = {}
    bill_to: dict[str, Any] = {}
    ship_to_location_id: uuid.UUID | None = None
    status_reason: str | None = None
    placed_as: str | None = None  # the status it was placed in, when steps follow: placed or credit_hold
    steps: list[NewStep] = []
    shipments: list[NewShipment] = []

    @property
    def total(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal(0))
