"""Structs of rfq.requests. The read structs at the top (``RfqHeader``, ``RfqLineOut``,
``InvitationOut``) are what quotes and awards receive from this package's service."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec

from hansa.rfq.requests.states import QuoteStatus, RfqStatus


class RfqHeader(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    org_id: uuid.UUID
    marketplace_id: uuid.UUID
    number: str
    title: str
    status: RfqStatus
    status_reason: str | None = None
    sealed: bool
    currency: str
    deadline: datetime
    delivery_date: date | None = None
    delivery_location: dict[str, Any] | None = None
    payment_terms_days: int | None = None
    note: str | None = None
    created_by: uuid.UUID | None = None
    created_at: datetime
    submitted_at: datetime | None = None
    closed_at: datetime | None = None


class RfqLineOut(msgspec.Struct, frozen=True, kw_only=True):
    """A line as the buyer sees it. ``for_supplier`` drops the target unless it is shown."""

    id: uuid.UUID
    position: int
    kind: str  # sku | category | text
    tenant_id: uuid.UUID | None = None
    sku: str | None = None
    category_id: uuid.UUID | None = None
    attributes: dict[str, Any] = {}
    description: str
    unit: str
    quantity: Decimal
    target_price: Decimal | None = None
    target_visible: bool = False
    note: str | None = None

    def for_supplier(self) -> RfqLineOut:
        return self if self.target_visible else msgspec.structs.replace(self, target_price=None)


class InvitationOut(msgspec.Struct, frozen=True, kw_only=True):
    rfq_id: uuid.UUID
    tenant_id: uuid.UUID
    position: int
    status: QuoteStatus
    status_reason: str | None = None
    latest_revision: int
    invited_at: datetime | None = None
    seen_at: datetime | None = None
    updated_at: datetime
