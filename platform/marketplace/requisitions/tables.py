"""Piccolo tables of the requisitions domain (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class RequisitionList(Table, tablename="requisition_list", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    owner_id = UUID()
    name = Text()
    visibility = Text()
    line_count = Integer()
    created_at = Timestamptz()
    updated_at = Timestamptz()


class RequisitionLine(Table, tablename="requisition_line", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    list_id = UUID()
    tenant_id = UUID()
    sku = Text()
    quantity = Numeric()
    note = Text(null=True)
    added_at = Timestamptz()
