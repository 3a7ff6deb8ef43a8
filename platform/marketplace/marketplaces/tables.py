"""Piccolo tables of the marketplaces domain: marketplaces, their category taxonomies
and suppliers' listings (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import UUID, Array, Boolean, Integer, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class Marketplace(Table, tablename="marketplace", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    slug = Text()
    name = Text()
    kind = Text()
    description = Text()
    status = Text()
    created_at = Timestamptz()
    updated_at = Timestamptz()
    archived_at = Timestamptz(null=True)


class Category(Table, tablename="category", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    marketplace_id = UUID()
    parent_id = UUID(null=True)
    slug = Text()
    name = Text()
    position = Integer()
    path = Text()
    depth = Integer()
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CategoryAttribute(Table, tablename="category_attribute", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    category_id = UUID()
    code = Text()
    name = Text()
    type = Text()
    unit = Text(null=True)
    allowed_values = Array(base_column=Text(), null=True)
    required = Boolean()
    position = Integer()
    created_at = Timestamptz()


class MarketplaceListing(Table, tablename="marketplace_listing", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    marketplace_id = UUID()
    tenant_id = UUID()
    status = Text()
    reason = Text(null=True)
    applied_at = Timestamptz()
    decided_at = Timestamptz(null=True)
    decided_by = UUID(null=True)
