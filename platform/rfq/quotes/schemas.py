"""Structs of rfq.quotes. ``RevisionOut`` / ``RevisionLineOut`` mirror a sent revision
(public ``rfq_revision`` / ``rfq_revision_line``): what awards reads through this service."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec


class RevisionLineOut(msgspec.Struct, frozen=True, kw_only=True):
    revision_id: uuid.UUID
    line_id: uuid.UUID
    status: str  # quoted | not_quoted
    sku: str | None = None
    unit_price: Decimal | None = None
    breaks: list[dict[str, Any]] = []  # [{min_quantity, unit_price}] ascending, decimal strings
    moq: Decimal | None = None
    lead_time_days: int | None = None
    alternative_sku: str | None = None
    alternative_description: str | None = None
    line_total: Decimal | None = None
    note: str | None = None


class RevisionOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    rfq_id: uuid.UUID
    tenant_id: uuid.UUID
    number: int
    draft_id: uuid.UUID
    currency: str
    payment_terms_days: int | None = None
    incoterms: str | None = None
    delivery_terms: str | None = None
    valid_until: date
    note: str | None = None
    total: Decimal
    sent_by: uuid.UUID | None = None
    sent_by_name: str
    sent_at: datetime
    lines: list[RevisionLineOut] = []
