"""Piccolo tables of the checkout domain (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Char, Date, Integer, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class Checkout(Table, tablename="checkout", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    user_id = UUID(null=True)
    status = Text()
    status_reason = Text(null=True)
    ship_to = Jsonb()
    bill_to = Jsonb()
    po_number = Text(null=True)
    requested_delivery_date = Date(null=True)
    note = Text(null=True)
    attempts = Integer()
    created_at = Timestamptz()
    updated_at = Timestamptz()
    completed_at = Timestamptz(null=True)
    rfq_id = UUID(null=True)


class CheckoutStep(Table, tablename="checkout_step", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("checkout_id", "tenant_id")

    checkout_id = UUID(primary_key=True)
    tenant_id = UUID()
    position = Integer()
    status = Text()
    payment_method = Text()
    currency = Char(length=3)
    total = Numeric()
    lines = Jsonb()
    order_id = UUID(null=True)
    order_number = Text(null=True)
    order_status = Text(null=True)
    failure_code = Text(null=True)
    order_status_reason = Text(null=True)
    failure_reason = Text(null=True)
    updated_at = Timestamptz()
