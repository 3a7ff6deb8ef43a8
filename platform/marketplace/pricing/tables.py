"""Piccolo tables of the pricing domain: price lists, their items and tiers, buyer
segments and customer terms, in each tenant schema (found through search_path).
DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Char, Date, Integer, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE


class BuyerSegment(Table, tablename="buyer_segment", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    name = Text()
    created_at = Timestamptz()


class BuyerSegmentMember(Table, tablename="buyer_segment_member", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("segment_id", "buyer_org_id")

    segment_id = UUID(primary_key=True)
    buyer_org_id = UUID()


class PriceList(Table, tablename="price_list", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    name = Text()
    kind = Text()
    currency = Char(length=3)
    valid_from = Date(null=True)
    valid_to = Date(null=True)
    priority = Integer()
    segment_id = UUID(null=True)
    buyer_org_id = UUID(null=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class PriceListItem(Table, tablename="price_list_item", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    price_list_id = UUID()
    variant_id = UUID()


class PriceTier(Table, tablename="price_tier", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("price_list_item_id", "min_qty")

    price_list_item_id = UUID(primary_key=True)
    min_qty = Numeric()
    unit_price = Numeric(digits=(20, 6))


class CustomerTerms(Table, tablename="customer_terms", db=PICCOLO_ENGINE):
    buyer_org_id = UUID(primary_key=True)
    payment_terms_days = Integer()
    credit_limit = Numeric(digits=(20, 2), null=True)
    currency = Char(length=3)
    updated_at = Timestamptz()
