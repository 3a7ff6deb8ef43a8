"""In and out structs of approvals. Amounts travel as decimal strings; currencies as
ISO 4217 codes. The first block is the contract checkout calls (docs/ordering.md)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from hansa.core.types import Currency, Name

ApproverRole = Literal["approver", "admin", "owner"]
RequestStatus = Literal["pending", "approved", "rejected", "cancelled"]
Condition = Literal["total_above", "supplier", "category"]
ReasonCode = Literal[
    "spending_limit.per_order",
    "spending_limit.per_month",
    "rule.total_above",
    "rule.supplier",
    "rule.category",
]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
MAX_LEVELS = 3

# -- the contract of checkout -------------------------------------------------------------


class SupplierPart(msgspec.Struct, frozen=True):
    """One supplier order of a checkout; for a request for quotes, the RFQ's estimated value
    (``tenant_id`` None, ``supplier_name`` the RFQ's number and title)."""

    tenant_id: uuid.UUID | None
    supplier_name: str
    currency: str
    total: Decimal
    category_ids: list[uuid.UUID]


class RfqSubject(msgspec.Struct, frozen=True):
    """The request for quotes a purchase request is about (rfq.requests' submit)."""

    id: uuid.UUID
    number: str
    title: str
    currency: str
    estimated_total: Decimal


class PurchaseSummary(msgspec.Struct, frozen=True):
    org_id: uuid.UUID
    requester_id: uuid.UUID
    parts: list[SupplierPart]
    rfq: RfqSubject | None = None  # set when the subject is an RFQ, not a checkout


class ApprovalLevel(msgspec.Struct, frozen=True):
    """Level ``level`` (1..3) waits for one person holding one of ``roles``; ``reasons``
    are readable texts of why (the codes are in ``ApprovalPlan.reasons``)."""

    level: int
    roles: list[str]
    reasons: list[str]


class ApprovalReason(msgspec.Struct, frozen=True):
    """Why a checkout needs approval: a limit exceeded or a rule matched."""

    code: ReasonCode
    text: str
    level: int  # the first level it adds
    rule_id: uuid.UUID | None = None
    tenant_id: uuid.UUID | None = None
    currency: str | None = None


class ApprovalPlan(msgspec.Struct, frozen=True):
    levels: list[ApprovalLevel]  # empty: no approval needed
    reasons: list[ApprovalReason] = []

    @property
    def needed(self) -> bool:
        return bool(self.levels)


class DecisionOut(msgspec.Struct, frozen=True):
    level: int
    decision: Literal["approved", "rejected"]
    user_id: uuid.UUID | None
    user_name: str
    reason: str | None
    decided_at: datetime


class PurchaseRequestOut(msgspec.Struct, frozen=True):
    """A checkout waiting for (or done with) approval: where it waits is ``current_level``
    while ``status`` is ``pending``; ``decisions`` are those of the current round."""

    id: uuid.UUID
    checkout_id: uuid.UUID | None  # the subject: a checkout, or (rfq_id) a request for quotes
    org_id: uuid.UUID
    requester_id: uuid.UUID | None
    requester_name: str | None
    status: RequestStatus
    round: int
    current_level: int
    levels: list[ApprovalLevel]
    reasons: list[ApprovalReason]
    summary: PurchaseSummary
    reject_reason: str | None
    decisions: list[DecisionOut]
    created_at: datetime
    updated_at: datetime
    can_decide: bool = False  # the caller may approve or reject it now
    rfq_id: uuid.UUID | None = None  # the subject when it is a request for quotes


class PurchaseRequestPage(msgspec.Struct, frozen=True):
    items: list[PurchaseRequestOut]
    next_cursor: str | None


class Rejection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Reason


# -- settings -----------------------------------------------------------------------------


class CurrencyLimit(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A member's limits in one currency; ``None``: no limit of that kind."""

    currency: Currency
    per_order: Decimal | None = None
    per_month: Decimal | None = None


class MemberLimits(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """All of a member's limits (replaces what it had; an empty list removes them)."""

    limits: Annotated[list[CurrencyLimit], msgspec.Meta(max_length=20)]


class MemberLimitsOut(msgspec.Struct, frozen=True):
    user_id: uuid.UUID
    limits: list[CurrencyLimit]


class RuleLevel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    roles: Annotated[list[ApproverRole], msgspec.Meta(min_length=1, max_length=3)]


class NewApprovalRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``total_above`` names ``currency`` and ``amount``; ``supplier`` a ``supplier_id``
    (tenant id) or its ``supplier_slug``; ``category`` a marketplace ``category_id`` (its
    descendants match too)."""

    name: Name
    condition: Condition
    levels: Annotated[list[RuleLevel], msgspec.Meta(min_length=1, max_length=MAX_LEVELS)]
    currency: Currency | None = None
    amount: Decimal | None = None
    supplier_id: uuid.UUID | None = None
    supplier_slug: Annotated[str, msgspec.Meta(min_length=1, max_length=63)] | None = None
    category_id: uuid.UUID | None = None


class ApprovalRuleOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    condition: Condition
    levels: list[RuleLevel]
    currency: str | None
    amount: Decimal | None
    supplier_id: uuid.UUID | None
    category_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    # what the ids name now, for people to read
    supplier_name: str | None = None
    supplier_slug: str | None = None
    category_name: str | None = None


class ApprovalSettingsOut(msgspec.Struct, frozen=True):
    limits: list[MemberLimitsOut]
    rules: list[ApprovalRuleOut]
