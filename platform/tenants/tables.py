"""Piccolo tables of the tenants domain. DDL lives in the SQL migrations; a column
not given on insert takes the migration's default (``hansa.core.db.new_row``)."""

from __future__ import annotations

from piccolo.columns import UUID, Array, Char, Integer, SmallInt, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class Tenant(Table, tablename="tenant", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    slug = Text()
    name = Text()
    status = Text()
    schema_name = Text()
    schema_version = Integer()
    created_at = Timestamptz()
    updated_at = Timestamptz()
    archived_at = Timestamptz(null=True)
    status_reason = Text(null=True)


class SupplierProfile(Table, tablename="supplier_profile", db=PICCOLO_ENGINE):
    """Lives in each tenant schema: no ``schema=``, found through search_path."""

    id = SmallInt(primary_key=True)
    display_name = Text()
    contact_email = Text(null=True)
    contact_phone = Text(null=True)
    default_currency = Char(length=3)
    languages = Array(base_column=Text())
    created_at = Timestamptz()
    updated_at = Timestamptz()
