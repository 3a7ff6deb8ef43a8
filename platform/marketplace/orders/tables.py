"""Piccolo tables of the orders domain: ``order_ref`` in public, the orders themselves in
each tenant schema (no ``schema=``: found through search_path). DDL lives in the SQL
migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Array, BigInt, Boolean, Date, Integer, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class OrderRef(Table, tablename="order_ref", schema="public", db=PICCOLO_ENGINE):
    order_id = UUID(primary_key=True)
    tenant_id = UUID()
    buyer_org_id = UUID()
    checkout_id = UUID(null=True)
    number = Text()
    po_number = Text(null=True)
    status = Text()
    currency = Text()
    total = Numeric()
    payment_method = Text()
    placed_by = UUID(null=True)
    ship_to_location_id = UUID(null=True)
    skus = Array(Text())
    placed_at = Timestamptz()
    updated_at = Timestamptz()


class OrderCounter(Table, tablename="order_counter", db=PICCOLO_ENGINE):
    year = Integer(primary_key=True)
    last_number = BigInt()


class SalesOrder(Table, tablename="sales_order", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    number = Text()
    checkout_id = UUID(null=True)
    buyer_org_id = UUID()
    placed_by = UUID(null=True)
    status = Text()
    currency = Text()
    total = Numeric()
    payment_method = Text()
    payment_terms_days = Integer(null=True)
    po_number = Text(null=True)
    requested_delivery_date = Date(null=True)
    note = Text(null=True)
    ship_to = Jsonb()
    bill_to = Jsonb()
    status_reason = Text(null=True)
    revision = Integer()
    placed_at = Timestamptz()
    updated_at = Timestamptz()


class SalesOrderLine(Table, tablename="sales_order_line", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    order_id = UUID()
    position = Integer()
    variant_id = UUID(null=True)
    sku = Text()
    name = Text()
    unit = Text()
    quantity = Numeric()
    unit_price = Numeric()
    line_total = Numeric()
    price_list_id = UUID(null=True)
    backordered_quantity = Numeric()
    lead_time_days = Integer()
    requested_date = Date(null=True)
    shipped_quantity = Numeric()
    cancelled = Boolean()
    source_rfq_id = UUID(null=True)
    source_quote_revision_id = UUID(null=True)


class SalesOrderRevision(Table, tablename="sales_order_revision", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("order_id", "number")

    order_id = UUID(primary_key=True)
    number = Integer()
    kind = Text()
    side = Text()
    actor_id = UUID(null=True)
    status = Text()
    diff = Jsonb()
    note = Text(null=True)
    created_at = Timestamptz()


class SalesOrderChange(Table, tablename="sales_order_change", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    order_id = UUID()
    side = Text()
    status = Text()
    changes = Jsonb()
    reason = Text(null=True)
    proposed_by = UUID(null=True)
    decided_by = UUID(null=True)
    decision_note = Text(null=True)
    created_at = Timestamptz()
    decided_at = Timestamptz(null=True)


class Shipment(Table, tablename="shipment", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    order_id = UUID()
    number = Integer()
    carrier = Text(null=True)
    tracking_number = Text(null=True)
    tracking_url = Text(null=True)
    shipped_by = UUID(null=True)
    shipped_at = Timestamptz()
    delivered_at = Timestamptz(null=True)


class ShipmentLine(Table, tablename="shipment_line", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("shipment_id", "order_line_id")

    shipment_id = UUID(primary_key=True)
    order_line_id = UUID()
    quantity = Numeric()
