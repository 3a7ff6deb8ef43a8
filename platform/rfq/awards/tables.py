"""Piccolo tables of rfq.awards (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Date, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class RfqAward(Table, tablename="rfq_award", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    rfq_id = UUID()
    status = Text()
    checkout_id = UUID(null=True)
    contract_valid_until = Date(null=True)
    awarded_by = UUID(null=True)
    awarded_at = Timestamptz()
    updated_at = Timestamptz()
    completed_at = Timestamptz(null=True)


class RfqAwardLine(Table, tablename="rfq_award_line", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("award_id", "line_id", "tenant_id")

    award_id = UUID(primary_key=True)
    line_id = UUID()
    tenant_id = UUID()
    revision_id = UUID()
    sku = Text(null=True)
    quantity = Numeric()
    unit_price = Numeric()
    breaks = Jsonb()
    currency = Text()
    line_total = Numeric()


class RfqAwardStep(Table, tablename="rfq_award_step", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("award_id", "tenant_id")

    award_id = UUID(primary_key=True)
    tenant_id = UUID()
    status = Text()
    price_list_id = UUID(null=True)
    failure_reason = Text(null=True)
    updated_at = Timestamptz()
