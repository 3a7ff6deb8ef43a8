"""Piccolo tables of rfq.requests (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, BigInt, Boolean, Date, Integer, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class RfqNumberCounter(Table, tablename="rfq_number_counter", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("org_id", "year")

    org_id = UUID(primary_key=True)
    year = Integer()
    last_number = BigInt()


class Rfq(Table, tablename="rfq", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    marketplace_id = UUID()
    number = Text()
    title = Text()
    status = Text()
    status_reason = Text(null=True)
    sealed = Boolean()
    currency = Text()
    deadline = Timestamptz()
    delivery_date = Date(null=True)
    delivery_location_id = UUID(null=True)
    delivery_location = Jsonb(null=True)
    payment_terms_days = Integer(null=True)
    note = Text(null=True)
    estimated_total = Numeric(null=True)
    created_by = UUID(null=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    submitted_at = Timestamptz(null=True)
    opened_at = Timestamptz(null=True)
    closed_at = Timestamptz(null=True)


class RfqLine(Table, tablename="rfq_line", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    rfq_id = UUID()
    position = Integer()
    kind = Text()
    tenant_id = UUID(null=True)
    sku = Text(null=True)
    category_id = UUID(null=True)
    attributes = Jsonb()
    description = Text()
    unit = Text()
    quantity = Numeric()
    target_price = Numeric(null=True)
    target_visible = Boolean()
    note = Text(null=True)


class RfqInvitation(Table, tablename="rfq_invitation", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("rfq_id", "tenant_id")

    rfq_id = UUID(primary_key=True)
    tenant_id = UUID()
    position = Integer()
    status = Text()
    status_reason = Text(null=True)
    latest_revision = Integer()
    invited_by = UUID(null=True)
    invited_at = Timestamptz(null=True)
    seen_at = Timestamptz(null=True)
    updated_at = Timestamptz()


class RfqFile(Table, tablename="rfq_file", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    rfq_id = UUID()
    purpose = Text()
    side = Text()
    line_id = UUID(null=True)
    tenant_id = UUID(null=True)
    owner_ref = UUID(null=True)
    storage_key = Text()
    filename = Text()
    content_type = Text()
    size_bytes = BigInt()
    uploaded_by = UUID(null=True)
    created_at = Timestamptz()
