"""Piccolo tables of the buyers domain (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from piccolo.columns import UUID, Boolean, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class BuyerLocation(Table, tablename="buyer_location", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    name = Text()
    is_ship_to = Boolean()
    is_bill_to = Boolean()
    is_default_ship_to = Boolean()
    is_default_bill_to = Boolean()
    line1 = Text()
    line2 = Text(null=True)
    city = Text()
    region = Text(null=True)
    postal_code = Text(null=True)
    country = Text()
    contact_name = Text(null=True)
    contact_email = Text(null=True)
    contact_phone = Text(null=True)
    tax_id = Text(null=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()
