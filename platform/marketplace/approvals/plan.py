"""The approval plan of a checkout, computed from what the database said (limits, the
month's spend, rules, category lineages): pure, so its table of cases is tested without a
database. docs/approvals.md says the rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from hansa.marketplace.approvals.schemas import (
    MAX_LEVELS,
    ApprovalLevel,
    ApprovalPlan,
    ApprovalReason,
    ApprovalRuleOut,
    CurrencyLimit,
    PurchaseSummary,
    SupplierPart,
)

# who approves a checkout above a spending limit (one level, merged into level 1)
LIMIT_ROLES: tuple[str, ...] = ("approver", "admin")
ROLE_ORDER: tuple[str, ...] = ("approver", "admin", "owner")


def _money(currency: str, amount: Decimal) -> str:
    return (
        f"{currency} {amount:,.2f}"
        if amount == amount.quantize(Decimal("0.01"))
        else f"{currency} {amount:,}"
    )


def _limit_reasons(
    summary: PurchaseSummary, limits: Sequence[CurrencyLimit], spent: dict[str, Decimal]
) -> list[ApprovalReason]:
    by_currency = {limit.currency: limit for limit in limits}
    reasons: list[ApprovalReason] = []
    for part in summary.parts:
        limit = by_currency.get(part.currency)
        if limit is not None and limit.per_order is not None and part.total > limit.per_order:
            reasons.append(
                ApprovalReason(
                    code="spending_limit.per_order",
                    text=f"{part.supplier_name}: {_money(part.currency, part.total)} is above the per-order "
                    f"limit of {_money(part.currency, limit.per_order)}",
                    level=1,
                    tenant_id=part.tenant_id,
                    currency=part.currency,
                )
            )
    totals: dict[str, Decimal] = {}
    for part in summary.parts:
        totals[part.currency] = totals.get(part.currency, Decimal(0)) + part.total
    for currency, total in totals.items():
        limit = by_currency.get(currency)
        month = spent.get(currency, Decimal(0)) + total
        if limit is not None and limit.per_month is not None and month > limit.per_month:
            reasons.append(
                ApprovalReason(
                    code="spending_limit.per_month",
                    text=f"{_money(currency, month)} this month (with this checkout) is above the monthly "
                    f"limit of {_money(currency, limit.per_month)}",
                    level=1,
                    currency=currency,
                )
            )
    return reasons


def _matches(rule: ApprovalRuleOut, part: SupplierPart, lineages: dict[uuid.UUID, set[uuid.UUID]]) -> bool:
    if rule.condition == "total_above":
        return part.currency == rule.currency and rule.amount is not None and part.total > rule.amount
    if rule.condition == "supplier":
        return part.tenant_id == rule.supplier_id
    return any(rule.category_id in lineages.get(category, {category}) for category in part.category_ids)


def _rule_reason(rule: ApprovalRuleOut, parts: list[SupplierPart]) -> ApprovalReason:
    names = ", ".join(part.supplier_name for part in parts)
    if rule.condition == "total_above":
        assert rule.currency is not None and rule.amount is not None
        detail = f"an order above {_money(rule.currency, rule.amount)} ({names})"
    elif rule.condition == "supplier":
        detail = f"an order from {names}"
    else:
        detail = f"an order in the rule's category ({names})"
    return ApprovalReason(
        code=f"rule.{rule.condition}",  # type: ignore[arg-type]  # one of the three conditions
        text=f"Rule “{rule.name}”: {detail}",
        level=1,
        rule_id=rule.id,
        tenant_id=parts[0].tenant_id if rule.condition == "supplier" else None,
        currency=rule.currency,
    )


def evaluate(
    summary: PurchaseSummary,
    limits: Sequence[CurrencyLimit],
    spent: dict[str, Decimal],
    rules: Sequence[ApprovalRuleOut],
    lineages: dict[uuid.UUID, set[uuid.UUID]],
) -> ApprovalPlan:
    """A limit exceeded adds a level 1 of ``LIMIT_ROLES``; every matching rule adds its
    levels; level n of the plan is the union of the roles of everything's level n."""
    contributions: list[tuple[list[list[str]], ApprovalReason]] = [
        ([list(LIMIT_ROLES)], reason) for reason in _limit_reasons(summary, limits, spent)
    ]
    for rule in rules:
        matched = [part for part in summary.parts if _matches(rule, part, lineages)]
        if matched:
            contributions.append(([list(level.roles) for level in rule.levels], _rule_reason(rule, matched)))
    roles: list[set[str]] = [set() for _ in range(MAX_LEVELS)]
    texts: list[list[str]] = [[] for _ in range(MAX_LEVELS)]
    for wanted, reason in contributions:
        for index, level_roles in enumerate(wanted[:MAX_LEVELS]):
            roles[index].update(level_roles)
            texts[index].append(reason.text)
    levels = [
        ApprovalLevel(
            level=index + 1, roles=[r for r in ROLE_ORDER if r in roles[index]], reasons=texts[index]
        )
        for index in range(MAX_LEVELS)
        if roles[index]
    ]
    return ApprovalPlan(levels=levels, reasons=[reason for _, reason in contributions])
