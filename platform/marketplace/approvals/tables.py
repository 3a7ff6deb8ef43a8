"""Piccolo tables of the approvals domain (public schema). DDL lives in the SQL migrations."""

from __future__ import annotations

from typing import ClassVar

from piccolo.columns import UUID, Array, Integer, Numeric, SmallInt, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class SpendingLimit(Table, tablename="spending_limit", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("org_id", "user_id", "currency")

    org_id = UUID(primary_key=True)
    user_id = UUID()
    currency = Text()
    per_order = Numeric(null=True)
    per_month = Numeric(null=True)
    updated_at = Timestamptz()


class ApprovalRule(Table, tablename="approval_rule", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    org_id = UUID()
    name = Text()
    condition = Text()
    currency = Text(null=True)
    amount = Numeric(null=True)
    supplier_id = UUID(null=True)
    category_id = UUID(null=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ApprovalRuleLevel(Table, tablename="approval_rule_level", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("rule_id", "level")

    rule_id = UUID(primary_key=True)
    level = SmallInt()
    roles = Array(Text())


class PurchaseRequest(Table, tablename="purchase_request", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    checkout_id = UUID(null=True)
    rfq_id = UUID(null=True)
    org_id = UUID()
    requester_id = UUID(null=True)
    status = Text()
    round = Integer()
    current_level = SmallInt()
    levels = Jsonb()
    reasons = Jsonb()
    summary = Jsonb()
    reject_reason = Text(null=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ApprovalDecision(Table, tablename="approval_decision", schema="public", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    request_id = UUID()
    round = Integer()
    level = SmallInt()
    decision = Text()
    user_id = UUID(null=True)
    user_name = Text()
    reason = Text(null=True)
    decided_at = Timestamptz()
