"""Every query of the approvals tables, on the ``tx`` given. SQL: row locks (``FOR
UPDATE``), array and jsonb columns and keyset paging read plainer here than in Piccolo."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg
import msgspec

from hansa.core.db import Tx
from hansa.marketplace.approvals.schemas import (
    ApprovalLevel,
    ApprovalReason,
    ApprovalRuleOut,
    CurrencyLimit,
    DecisionOut,
    NewApprovalRule,
    PurchaseRequestOut,
    PurchaseSummary,
    RuleLevel,
)

# -- spending limits ----------------------------------------------------------------------


async def limits_of(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID) -> list[CurrencyLimit]:
    rows = await tx.fetch(
        "SELECT currency, per_order, per_month FROM public.spending_limit "
        "WHERE org_id = $1 AND user_id = $2 ORDER BY currency",
        org_id,
        user_id,
    )
    return [CurrencyLimit(row["currency"], row["per_order"], row["per_month"]) for row in rows]


async def all_limits(tx: Tx, org_id: uuid.UUID) -> list[tuple[uuid.UUID, CurrencyLimit]]:
    rows = await tx.fetch(
        "SELECT user_id, currency, per_order, per_month FROM public.spending_limit "
        "WHERE org_id = $1 ORDER BY user_id, currency",
        org_id,
    )
    return [
        (row["user_id"], CurrencyLimit(row["currency"], row["per_order"], row["per_month"])) for row in rows
    ]


async def replace_limits(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, limits: list[CurrencyLimit]) -> None:
    await tx.execute("DELETE FROM public.spending_limit WHERE org_id = $1 AND user_id = $2", org_id, user_id)
    if limits:
        await tx.execute(
            "INSERT INTO public.spending_limit (org_id, user_id, currency, per_order, per_month) "
            "SELECT $1, $2, * FROM unnest($3::text[], $4::numeric[], $5::numeric[])",
            org_id,
            user_id,
            [limit.currency for limit in limits],
            [limit.per_order for limit in limits],
            [limit.per_month for limit in limits],
        )


# -- rules --------------------------------------------------------------------------------

_RULE_COLUMNS = (
    "r.id, r.name, r.condition, r.currency, r.amount, r.supplier_id, r.category_id, "
    "r.created_at, r.updated_at, "
    "(SELECT coalesce(jsonb_agg(l.roles ORDER BY l.level), '[]') FROM public.approval_rule_level l "
    "WHERE l.rule_id = r.id) AS levels"
)


def _rule(row: asyncpg.Record) -> ApprovalRuleOut:
    return ApprovalRuleOut(
        id=row["id"],
        name=row["name"],
        condition=row["condition"],
        levels=[RuleLevel(roles=roles) for roles in row["levels"]],
        currency=row["currency"],
        amount=row["amount"],
        supplier_id=row["supplier_id"],
        category_id=row["category_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def rules_of(tx: Tx, org_id: uuid.UUID) -> list[ApprovalRuleOut]:
    rows = await tx.fetch(
        f"SELECT {_RULE_COLUMNS} FROM public.approval_rule r WHERE r.org_id = $1 ORDER BY r.name, r.id",
        org_id,
    )
    return [_rule(row) for row in rows]


async def get_rule(tx: Tx, org_id: uuid.UUID, rule_id: uuid.UUID) -> ApprovalRuleOut | None:
    row = await tx.fetchrow(
        f"SELECT {_RULE_COLUMNS} FROM public.approval_rule r WHERE r.org_id = $1 AND r.id = $2",
        org_id,
        rule_id,
    )
    return _rule(row) if row else None


async def _write_levels(tx: Tx, rule_id: uuid.UUID, levels: list[RuleLevel]) -> None:
    await tx.execute("DELETE FROM public.approval_rule_level WHERE rule_id = $1", rule_id)
    for number, level in enumerate(levels, 1):
        await tx.execute(
            "INSERT INTO public.approval_rule_level (rule_id, level, roles) VALUES ($1, $2, $3::text[])",
            rule_id,
            number,
            list(dict.fromkeys(level.roles)),
        )


async def insert_rule(tx: Tx, org_id: uuid.UUID, rule_id: uuid.UUID, rule: NewApprovalRule) -> None:
    await tx.execute(
        "INSERT INTO public.approval_rule "
        "(id, org_id, name, condition, currency, amount, supplier_id, category_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        rule_id,
        org_id,
        rule.name,
        rule.condition,
        rule.currency,
        rule.amount,
        rule.supplier_id,
        rule.category_id,
    )
    await _write_levels(tx, rule_id, rule.levels)


async def replace_rule(tx: Tx, rule_id: uuid.UUID, rule: NewApprovalRule) -> None:
    await tx.execute(
        "UPDATE public.approval_rule SET name = $2, condition = $3, currency = $4, amount = $5, "
        "supplier_id = $6, category_id = $7, updated_at = now() WHERE id = $1",
        rule_id,
        rule.name,
        rule.condition,
        rule.currency,
        rule.amount,
        rule.supplier_id,
        rule.category_id,
    )
    await _write_levels(tx, rule_id, rule.levels)


async def delete_rule(tx: Tx, rule_id: uuid.UUID) -> None:
    await tx.execute("DELETE FROM public.approval_rule WHERE id = $1", rule_id)


# -- purchase requests --------------------------------------------------------------------

_REQUEST_COLUMNS = (
    "id, checkout_id, rfq_id, org_id, requester_id, status, round, current_level, levels, reasons, summary, "
    "reject_reason, created_at, updated_at"
)


def _request(
    row: asyncpg.Record, decisions: list[DecisionOut], requester_name: str | None
) -> PurchaseRequestOut:
    return PurchaseRequestOut(
        id=row["id"],
        checkout_id=row["checkout_id"],
        rfq_id=row["rfq_id"],
        org_id=row["org_id"],
        requester_id=row["requester_id"],
        requester_name=requester_name,
        status=row["status"],
        round=row["round"],
        current_level=row["current_level"],
        levels=msgspec.convert(row["levels"], list[ApprovalLevel]),
        reasons=msgspec.convert(row["reasons"], list[ApprovalReason]),
        summary=msgspec.convert(row["summary"], PurchaseSummary, strict=False),
        reject_reason=row["reject_reason"],
        decisions=decisions,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


RequestRow = asyncpg.Record


async def request_row(
    tx: Tx,
    *,
    request_id: uuid.UUID | None = None,
    checkout_id: uuid.UUID | None = None,
    rfq_id: uuid.UUID | None = None,
    lock: bool = False,
) -> RequestRow | None:
    """The request by id, by checkout or by RFQ; ``lock``: row-locked until ``tx`` ends, so two
    decisions (or a decision and an edit) on one request run one after the other."""
    column, value = (
        ("id", request_id)
        if request_id is not None
        else ("rfq_id", rfq_id)
        if rfq_id is not None
        else ("checkout_id", checkout_id)
    )
    return await tx.fetchrow(
        f"SELECT {_REQUEST_COLUMNS} FROM public.purchase_request WHERE {column} = $1"
        + (" FOR UPDATE" if lock else ""),
        value,
    )


async def queue_rows(
    tx: Tx,
    org_id: uuid.UUID,
    status: str,
    *,
    roles: list[str] | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[RequestRow]:
    """Newest first; ``roles``: only requests whose current level names one of them."""
    clauses = ["org_id = $1", "status = $2"]
    args: list[Any] = [org_id, status]
    if roles is not None:
        args.append(roles)
        clauses.append(
            "EXISTS (SELECT 1 FROM jsonb_array_elements_text(levels -> (current_level - 1) -> 'roles') "
            f"AS r(role) "
            f"WHERE r.role = ANY(${len(args)}::text[]))"
        )
    if after is not None:
        args.extend(after)
        clauses.append(f"(created_at, id) < (${len(args) - 1}, ${len(args)})")
    args.append(limit)
    return await tx.fetch(
        f"SELECT {_REQUEST_COLUMNS} FROM public.purchase_request WHERE {' AND '.join(clauses)} "
        f"ORDER BY created_at DESC, id DESC LIMIT ${len(args)}",
        *args,
    )


async def decisions_of(tx: Tx, rounds: dict[uuid.UUID, int]) -> dict[uuid.UUID, list[DecisionOut]]:
    """The decisions of each request's given round, by level."""
    found: dict[uuid.UUID, list[DecisionOut]] = {request_id: [] for request_id in rounds}
    if not rounds:
        return found
    rows = await tx.fetch(
        "SELECT d.request_id, d.level, d.decision, d.user_id, d.user_name, d.reason, d.decided_at "
        "FROM public.approval_decision d JOIN unnest($1::uuid[], $2::int[]) AS w(request_id, round) "
        "ON d.request_id = w.request_id AND d.round = w.round ORDER BY d.request_id, d.level",
        list(rounds),
        list(rounds.values()),
    )
    for row in rows:
        found[row["request_id"]].append(
            DecisionOut(
                level=row["level"],
                decision=row["decision"],
                user_id=row["user_id"],
                user_name=row["user_name"],
                reason=row["reason"],
                decided_at=row["decided_at"],
            )
        )
    return found


def as_request(
    row: RequestRow, decisions: list[DecisionOut], requester_name: str | None
) -> PurchaseRequestOut:
    return _request(row, decisions, requester_name)


async def insert_request(
    tx: Tx,
    request_id: uuid.UUID,
    checkout_id: uuid.UUID | None,
    summary: PurchaseSummary,
    levels: list[ApprovalLevel],
    reasons: list[ApprovalReason],
    *,
    rfq_id: uuid.UUID | None = None,
) -> None:
    await tx.execute(
        "INSERT INTO public.purchase_request "
        "(id, checkout_id, rfq_id, org_id, requester_id, status, levels, reasons, summary) "
        "VALUES ($1, $2, $8, $3, $4, 'pending', $5, $6, $7)",
        request_id,
        checkout_id,
        summary.org_id,
        summary.requester_id,
        msgspec.to_builtins(levels),
        msgspec.to_builtins(reasons),
        msgspec.to_builtins(summary),
        rfq_id,
    )


async def restart(
    tx: Tx,
    request_id: uuid.UUID,
    summary: PurchaseSummary,
    levels: list[ApprovalLevel],
    reasons: list[ApprovalReason],
) -> None:
    await tx.execute(
        "UPDATE public.purchase_request SET round = round + 1, current_level = 1, levels = $2, reasons = $3, "
        "summary = $4, updated_at = now() WHERE id = $1",
        request_id,
        msgspec.to_builtins(levels),
        msgspec.to_builtins(reasons),
        msgspec.to_builtins(summary),
    )


async def set_state(
    tx: Tx, request_id: uuid.UUID, *, status: str, current_level: int, reject_reason: str | None = None
) -> None:
    await tx.execute(
        "UPDATE public.purchase_request SET status = $2, current_level = $3, reject_reason = $4, "
        "updated_at = now() "
        "WHERE id = $1",
        request_id,
        status,
        current_level,
        reject_reason,
    )


async def insert_decision(
    tx: Tx,
    request_id: uuid.UUID,
    round_: int,
    level: int,
    decision: str,
    user_id: uuid.UUID | None,
    user_name: str,
    reason: str | None,
) -> None:
    await tx.execute(
        "INSERT INTO public.approval_decision "
        "(id, request_id, round, level, decision, user_id, user_name, reason) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        uuid.uuid4(),
        request_id,
        round_,
        level,
        decision,
        user_id,
        user_name,
        reason,
    )
