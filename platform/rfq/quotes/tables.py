"""Piccolo tables of rfq.quotes: sent revisions, counter-offers and the thread in public;
the supplier's drafts and quote policy in each tenant schema (no ``schema=``: found
through search_path). DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Boolean, Date, Integer, Numeric, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class RfqRevision(Table, tablename="rfq_revision", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    rfq_id = UUID()
    tenant_id = UUID()
    number = Integer()
    draft_id = UUID()
    currency = Text()
    payment_terms_days = Integer(null=True)
    incoterms = Text(null=True)
    delivery_terms = Text(null=True)
    valid_until = Date()
    note = Text(null=True)
    total = Numeric()
    sent_by = UUID(null=True)
    sent_by_name = Text()
    sent_at = Timestamptz()


class RfqRevisionLine(Table, tablename="rfq_revision_line", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("revision_id", "line_id")

    revision_id = UUID(primary_key=True)
    line_id = UUID()
    status = Text()
    sku = Text(null=True)
    unit_price = Numeric(null=True)
    breaks = Jsonb()
    moq = Numeric(null=True)
    lead_time_days = Integer(null=True)
    alternative_sku = Text(null=True)
    alternative_description = Text(null=True)
    line_total = Numeric(null=True)
    note = Text(null=True)


class RfqCounterOffer(Table, tablename="rfq_counter_offer", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    rfq_id = UUID()
    tenant_id = UUID()
    revision_number = Integer()
    comment = Text(null=True)
    created_by = UUID(null=True)
    created_by_name = Text()
    created_at = Timestamptz()


class RfqCounterLine(Table, tablename="rfq_counter_line", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("counter_id", "line_id")

    counter_id = UUID(primary_key=True)
    line_id = UUID()
    target_price = Numeric(null=True)
    quantity = Numeric(null=True)
    delivery_date = Date(null=True)
    comment = Text(null=True)


class RfqMessage(Table, tablename="rfq_message", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    rfq_id = UUID()
    tenant_id = UUID()
    side = Text()
    author_id = UUID(null=True)
    author_name = Text()
    body = Text()
    created_at = Timestamptz()


class RfqRevisionExpiry(Table, tablename="rfq_revision_expiry", schema="public", db=PICCOLO_ENGINE):
    revision_id = UUID(primary_key=True)
    expired = Boolean()
    handled_at = Timestamptz()


class QuotePolicy(Table, tablename="quote_policy", db=PICCOLO_ENGINE):
    id = Boolean(primary_key=True)
    approval_above = Numeric(null=True)
    currency = Text(null=True)
    updated_at = Timestamptz()


class QuoteDraft(Table, tablename="quote_draft", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    rfq_id = UUID()
    status = Text()
    base_revision = Integer()
    payment_terms_days = Integer(null=True)
    incoterms = Text(null=True)
    delivery_terms = Text(null=True)
    valid_until = Date(null=True)
    note = Text(null=True)
    internal_note = Text(null=True)
    approval_requested_by = UUID(null=True)
    approved_by = UUID(null=True)
    approved_total = Numeric(null=True)
    updated_by = UUID(null=True)
    updated_at = Timestamptz()
    sent_at = Timestamptz(null=True)


class QuoteDraftLine(Table, tablename="quote_draft_line", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("draft_id", "rfq_line_id")

    draft_id = UUID(primary_key=True)
    rfq_line_id = UUID()
    status = Text()
    sku = Text(null=True)
    unit_price = Numeric(null=True)
    breaks = Jsonb()
    moq = Numeric(null=True)
    lead_time_days = Integer(null=True)
    alternative_sku = Text(null=True)
    alternative_description = Text(null=True)
    note = Text(null=True)
    internal_note = Text(null=True)
