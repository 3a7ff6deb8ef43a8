"""Checkout structs (msgspec). Money and quantities are Decimal (plain decimal strings)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from hansa.marketplace.approvals.schemas import PurchaseRequestOut
from hansa.marketplace.buyers.schemas import BuyerLocationOut

PaymentMethod = Literal["on_account", "bank_transfer"]
CheckoutStatus = Literal["pending_approval", "placing", "completed", "rejected"]
StepStatus = Literal["pending", "placed", "failed"]
PoNumber = Annotated[str, msgspec.Meta(max_length=100)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]


class PaymentOption(msgspec.Struct, frozen=True):
    """A payment method the supplier accepts from this buyer: on account (with its terms)
    only when the supplier gave the buyer customer terms; bank transfer in advance always."""

    method: PaymentMethod
    payment_terms_days: int | None = None


class CheckoutLine(msgspec.Struct, frozen=True):
    """A cart line priced now; ``reason`` says why there is no price (pricing's codes)."""

    cart_line_id: uuid.UUID
    sku: str
    quantity: Decimal
    unit_price: Decimal | None = None
    line_total: Decimal | None = None
    price_list_id: uuid.UUID | None = None
    reason: str | None = None


class CheckoutSupplier(msgspec.Struct, frozen=True):
    """One supplier's part of the cart, priced live in the buyer's trading currency."""

    tenant_id: uuid.UUID
    supplier_name: str
    available: bool
    unavailable_reason: str | None
    currency: str | None
    lines: list[CheckoutLine]
    subtotal: Decimal | None
    payment_methods: list[PaymentOption]


class ApprovalNotice(msgspec.Struct, frozen=True):
    """Whether placing this cart waits for approval, and why."""

    needed: bool
    reasons: list[str] = msgspec.field(default_factory=list)


class CheckoutPreview(msgspec.Struct, frozen=True):
    suppliers: list[CheckoutSupplier]
    locations: list[BuyerLocationOut]
    default_ship_to: uuid.UUID | None
    default_bill_to: uuid.UUID | None
    approval: ApprovalNotice


class SupplierChoice(msgspec.Struct, frozen=True):
    tenant_id: uuid.UUID
    payment_method: PaymentMethod
    expected_total: Decimal  # the supplier's subtotal the buyer saw (compared, never trusted)


class CheckoutIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    ship_to_location_id: uuid.UUID
    bill_to_location_id: uuid.UUID
    suppliers: Annotated[list[SupplierChoice], msgspec.Meta(min_length=1, max_length=100)]
    po_number: PoNumber | None = None
    requested_delivery_date: date | None = None
    note: Note | None = None
    skip_unavailable: bool = False


class EditLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sku: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    quantity: Decimal  # checked by the service: 0 < quantity < the cart's bound


class EditSupplier(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    tenant_id: uuid.UUID
    payment_method: PaymentMethod
    lines: Annotated[list[EditLine], msgspec.Meta(min_length=1, max_length=1000)]


class CheckoutEditIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A waiting purchase request as it should be now: the suppliers kept (a supplier left out
    is dropped), each with its payment method and the lines kept with their quantities (a
    line left out is removed). Nothing can be added."""

    suppliers: Annotated[list[EditSupplier], msgspec.Meta(min_length=1, max_length=100)]


class StepLine(msgspec.Struct, frozen=True):
    """A line of a supplier's step at the unit price locked when it was submitted or edited."""

    sku: str
    quantity: Decimal
    unit_price: Decimal
    line_total: Decimal


class StepOut(msgspec.Struct, frozen=True):
    """One supplier's order of the checkout: waiting, placed (its number) or failed (why)."""

    tenant_id: uuid.UUID
    supplier_name: str
    position: int
    status: StepStatus
    payment_method: PaymentMethod
    currency: str
    total: Decimal
    line_count: int
    order_id: uuid.UUID | None = None
    order_number: str | None = None
    order_status: str | None = None
    order_status_reason: str | None = None  # why it waits (credit hold)
    failure_code: str | None = None
    failure_reason: str | None = None
    lines: list[StepLine] = msgspec.field(default_factory=list)


class CheckoutOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    org_id: uuid.UUID
    user_id: uuid.UUID | None
    status: CheckoutStatus
    status_reason: str | None
    po_number: str | None
    requested_delivery_date: date | None
    note: str | None
    ship_to: dict[str, object]
    bill_to: dict[str, object]
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    steps: list[StepOut]
    request: PurchaseRequestOut | None = None  # the purchase request's progress (approvals')


# -- a checkout at prices locked elsewhere (an RFQ award: submit_locked) ----------------------


class LockedLine(msgspec.Struct, frozen=True, kw_only=True):
    """A line at a price agreed before (a quote): no pricing, placed as it is."""

    sku: str
    quantity: Decimal
    unit_price: Decimal
    source_rfq_id: uuid.UUID | None = None
    source_quote_revision_id: uuid.UUID | None = None


class LockedSupplier(msgspec.Struct, frozen=True, kw_only=True):
    tenant_id: uuid.UUID
    payment_method: PaymentMethod
    currency: str
    lines: list[LockedLine]
    category_ids: list[uuid.UUID] = []  # its products' categories (approval rules on categories)


class LockedCheckout(msgspec.Struct, frozen=True, kw_only=True):
    ship_to_location_id: uuid.UUID
    bill_to_location_id: uuid.UUID
    suppliers: list[LockedSupplier]
    po_number: str | None = None
    requested_delivery_date: date | None = None
    note: str | None = None
    rfq_id: uuid.UUID | None = None
    field_prefix: str = ""  # how the caller's body names the location fields ("orders.")


class LockedOutcome(msgspec.Struct, frozen=True, kw_only=True):
    checkout_id: uuid.UUID
    status: CheckoutStatus  # placing, or pending_approval (a purchase request was opened)
