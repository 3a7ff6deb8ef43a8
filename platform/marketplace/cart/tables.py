"""Piccolo tables of the cart domain (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class CartLine(Table, tablename="cart_line", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    user_id = UUID()
    tenant_id = UUID()
    sku = Text()
    quantity = Numeric()
    added_at = Timestamptz()
    updated_at = Timestamptz()


class PreferredSupplier(Table, tablename="preferred_supplier", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    tenant_id = UUID()
    position = Integer()
