"""Piccolo tables of the catalog domain: products, variants and stock, in each
tenant schema (no ``schema=``: found through search_path). DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Boolean, Integer, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class Product(Table, tablename="product", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    name = Text()
    description = Text()
    category_id = UUID(null=True)
    status = Text()
    unit_of_measure = Text()
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Variant(Table, tablename="variant", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    product_id = UUID()
    sku = Text()
    name = Text(null=True)
    attributes = Jsonb()
    pack_size = Numeric()
    min_order_qty = Numeric()
    order_increment = Numeric()
    lead_time_days = Integer()
    status = Text()
    allow_backorder = Boolean()
    gtin = Text(null=True)
    mpn = Text(null=True)
    manufacturer = Text(null=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class InventoryLocation(Table, tablename="inventory_location", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    code = Text()
    name = Text()
    created_at = Timestamptz()


class InventoryLevel(Table, tablename="inventory_level", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("variant_id", "location_id")

    variant_id = UUID(primary_key=True)
    location_id = UUID()
    on_hand = Numeric()
    updated_at = Timestamptz()


class StockReservation(Table, tablename="stock_reservation", db=PICCOLO_ENGINE):
    order_line_id = UUID(primary_key=True)
    variant_id = UUID()
    quantity = Numeric()
    created_at = Timestamptz()
