"""Piccolo tables of the tenants domain. DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import UUID, Array, Integer, SmallInt, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class Tenant(Table, tablename="tenant", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    slug = Text(unique=True)
    name = Text()
    status = Text(default="pending")
    schema_name = Text(unique=True)
    schema_version = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    archived_at = Timestamptz(null=True, default=None)
    status_reason = Text(null=True, default=None)


class SupplierProfile(Table, tablename="supplier_profile", db=PICCOLO_ENGINE):
    """Lives in each tenant schema: no ``schema=``, found through search_path."""

    id = SmallInt(primary_key=True, default=1)
    display_name = Text()
    contact_email = Text(null=True, default=None)
    contact_phone = Text(null=True, default=None)
    default_currency = Varchar(length=3, default="EUR")
    languages = Array(base_column=Text())
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
