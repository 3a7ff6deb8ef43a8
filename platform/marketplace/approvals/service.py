"""Rules of approvals and spending limits (docs/approvals.md).

Checkout calls ``approval_plan``, ``open_request``, ``restart_request``, ``cancel_request``
and ``request_for_checkout`` on its own transaction. Buyer admins configure limits and
rules (``approvals.manage``); approvers decide the requests waiting at a level their role
may approve (``orders.approve``). Every decision and settings change is audited."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec

from hansa.audit.service import record_by
from hansa.core.db import Database, Tx
from hansa.core.errors import BadRequest, Forbidden
from hansa.core.outbox import emit
from hansa.core.principal import org_domain, user_subject
from hansa.identity.auth.service import contacts
from hansa.identity.orgs.service import OrgContext
from hansa.identity.permissions.service import memberships, roles_of, users_with_roles
from hansa.marketplace.approvals import events
from hansa.marketplace.approvals import repository as repo
from hansa.marketplace.approvals.errors import (
    AlreadyDecided,
    InvalidSettings,
    MemberNotFound,
    NotABuyer,
    NotWaiting,
    NotYourLevel,
    OwnRequest,
    ReasonRequired,
    RequestNotFound,
    RuleNotFound,
)
from hansa.marketplace.approvals.plan import evaluate
from hansa.marketplace.approvals.schemas import (
    ApprovalPlan,
    ApprovalRuleOut,
    ApprovalSettingsOut,
    CurrencyLimit,
    MemberLimits,
    MemberLimitsOut,
    NewApprovalRule,
    PurchaseRequestOut,
    PurchaseRequestPage,
    PurchaseSummary,
    RequestStatus,
)
from hansa.marketplace.marketplaces.service import category_lineages, category_names
from hansa.marketplace.orders.service import spent_by
from hansa.marketplace.pricing.currency import is_currency
from hansa.notifications import service as notifications
from hansa.tenants.service import find_tenant, tenants_by_id

MAX_AMOUNT = Decimal("1e12")


def month_start(now: datetime) -> datetime:
    """The first instant of ``now``'s calendar month, UTC (a monthly limit's window)."""
    now = now.astimezone(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


# -- the contract of checkout -------------------------------------------------------------


async def approval_plan(tx: Tx, summary: PurchaseSummary, *, now: datetime | None = None) -> ApprovalPlan:
    """Which levels this checkout must pass (none: it is placed directly)."""
    limits = await repo.limits_of(tx, summary.org_id, summary.requester_id)
    spent = (
        await spent_by(tx, summary.org_id, summary.requester_id, month_start(now or datetime.now(UTC)))
        if any(limit.per_month is not None for limit in limits)
        else {}
    )
    rules = await repo.rules_of(tx, summary.org_id)
    category_ids = [c for part in summary.parts for c in part.category_ids]
    lineages = (
        await category_lineages(tx, category_ids) if any(r.condition == "category" for r in rules) else {}
    )
    return evaluate(summary, limits, spent, rules, lineages)


async def open_request(
    tx: Tx,
    checkout_id: uuid.UUID | None,
    summary: PurchaseSummary,
    plan: ApprovalPlan,
    *,
    rfq_id: uuid.UUID | None = None,
) -> PurchaseRequestOut:
    """The checkout (or, with ``rfq_id`` and no checkout, the request for quotes) waits as a
    purchase request; level 1's approvers are told."""
    if not plan.levels:
        raise ValueError("a checkout without approval levels is placed, not requested")
    if (checkout_id is None) == (rfq_id is None):
        raise ValueError("a purchase request is about a checkout or an RFQ")
    request_id = uuid.uuid4()
    await repo.insert_request(tx, request_id, checkout_id, summary, plan.levels, plan.reasons, rfq_id=rfq_id)
    request = await _request(tx, request_id=request_id)
    await _requested(tx, request)
    return request


async def restart_request(
    tx: Tx, checkout_id: uuid.UUID, summary: PurchaseSummary, plan: ApprovalPlan
) -> PurchaseRequestOut:
    """The requester edited a waiting request: its approvals start again at level 1 (the
    decisions so far stay, under the previous round)."""
    if not plan.levels:
        raise ValueError("a checkout without approval levels is placed, not requested")
    row = await _locked_pending(tx, checkout_id)
    await repo.restart(tx, row["id"], summary, plan.levels, plan.reasons)
    request = await _request(tx, request_id=row["id"])
    await _requested(tx, request)
    return request


async def cancel_request(tx: Tx, checkout_id: uuid.UUID) -> None:
    """The requester withdrew a waiting request."""
    row = await _locked_pending(tx, checkout_id)
    await repo.set_state(tx, row["id"], status="cancelled", current_level=row["current_level"])


async def cancel_rfq_request(tx: Tx, rfq_id: uuid.UUID) -> None:
    """The buyer cancelled a request for quotes waiting for approval: its request ends."""
    row = await repo.request_row(tx, rfq_id=rfq_id, lock=True)
    if row is not None and row["status"] == "pending":
        await repo.set_state(tx, row["id"], status="cancelled", current_level=row["current_level"])


async def request_for_checkout(tx: Tx, checkout_id: uuid.UUID) -> PurchaseRequestOut | None:
    """The checkout's request (where it waits, who decided), or None."""
    row = await repo.request_row(tx, checkout_id=checkout_id)
    return (await _as_requests(tx, [row]))[0] if row else None


async def _locked_pending(tx: Tx, checkout_id: uuid.UUID) -> repo.RequestRow:
    row = await repo.request_row(tx, checkout_id=checkout_id, lock=True)
    if row is None:
        raise RequestNotFound("this checkout has no purchase request")
    if row["status"] != "pending":
        raise NotWaiting(f"the purchase request is {row['status']}, no longer waiting")
    return row


async def _request(
    tx: Tx, *, request_id: uuid.UUID | None = None, checkout_id: uuid.UUID | None = None
) -> PurchaseRequestOut:
    row = await repo.request_row(tx, request_id=request_id, checkout_id=checkout_id)
    if row is None:
        raise RequestNotFound("no such purchase request")
    return (await _as_requests(tx, [row]))[0]


async def _names(tx: Tx, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    return {user_id: name for user_id, _, name, _ in await contacts(tx, list(dict.fromkeys(user_ids)))}


async def _as_requests(tx: Tx, rows: list[repo.RequestRow]) -> list[PurchaseRequestOut]:
    """Rows with their current round's decisions and the requesters' names (two queries)."""
    decisions = await repo.decisions_of(tx, {row["id"]: row["round"] for row in rows})
    names = await _names(tx, [row["requester_id"] for row in rows if row["requester_id"] is not None])
    return [repo.as_request(row, decisions[row["id"]], names.get(row["requester_id"])) for row in rows]


def _subject(request: PurchaseRequestOut) -> dict[str, str]:
    if request.rfq_id is not None:
        return {"rfq_id": str(request.rfq_id)}
    return {"checkout_id": str(request.checkout_id)}


def _mail_params(request: PurchaseRequestOut) -> dict[str, Any]:
    parts = request.summary.parts
    return {
        "request_id": str(request.id),
        **_subject(request),
        "requester_name": request.requester_name,
        "suppliers": ", ".join(part.supplier_name for part in parts),
        "totals": ", ".join(f"{part.currency} {part.total}" for part in parts),
        "level": request.current_level,
        "levels": len(request.levels),
        "reasons": "; ".join(request.levels[request.current_level - 1].reasons),
    }


async def _requested(tx: Tx, request: PurchaseRequestOut) -> None:
    """The approvers of the level it now waits at hear of it (not the requester)."""
    await _notify_level(tx, request)
    await emit(tx, events.REQUESTED, payload={**_subject(request), "request_id": str(request.id)})


async def _notify_level(tx: Tx, request: PurchaseRequestOut) -> None:
    roles = request.levels[request.current_level - 1].roles
    approvers = await users_with_roles(tx, org_domain("buyer", request.org_id), roles)
    # neither the requester nor who decided an earlier level may decide this one
    deciders = {decision.user_id for decision in request.decisions}
    recipients = [user for user in approvers if user != request.requester_id and user not in deciders]
    await notifications.notify(
        tx, recipients, "approvals.requested", _mail_params(request), org_id=request.org_id
    )


# -- the approvers' queue -----------------------------------------------------------------


def _require_buyer(ctx: OrgContext) -> None:
    if ctx.org.kind != "buyer":
        raise NotABuyer("only buyer companies have approvals")


async def _caller_role(tx: Tx, ctx: OrgContext) -> str | None:
    return dict(await roles_of(tx, ctx.principal.subject)).get(ctx.domain)


def _decidable(request: PurchaseRequestOut, ctx: OrgContext, role: str | None) -> bool:
    return (
        request.status == "pending"
        and role in request.levels[request.current_level - 1].roles
        and request.requester_id != ctx.principal.user_id
        and ctx.principal.user_id is not None
        and all(decision.user_id != ctx.principal.user_id for decision in request.decisions)
    )


def _cursor(value: str | None) -> tuple[datetime, uuid.UUID] | None:
    if value is None:
        return None
    try:
        at, _, request_id = value.partition("_")
        return datetime.fromisoformat(at), uuid.UUID(request_id)
    except ValueError as exc:
        raise BadRequest(
            "cursor is not one this list gave",
            errors=[{"field": "cursor", "message": "not a cursor of this list"}],
        ) from exc


async def queue(
    db: Database, ctx: OrgContext, *, status: RequestStatus, cursor: str | None, limit: int
) -> PurchaseRequestPage:
    """``pending``: the requests waiting at a level the caller's role may approve; any other
    status: the company's requests in that status. Newest first, keyset paged."""
    _require_buyer(ctx)
    after = _cursor(cursor)
    async with db.transaction() as tx:
        role = await _caller_role(tx, ctx)
        roles = ([role] if role else []) if status == "pending" else None
        rows = await repo.queue_rows(tx, ctx.org.id, status, roles=roles, after=after, limit=limit + 1)
        items = await _as_requests(tx, rows[:limit])
    items = [msgspec.structs.replace(item, can_decide=_decidable(item, ctx, role)) for item in items]
    last = rows[limit - 1] if len(rows) > limit else None
    return PurchaseRequestPage(
        items=items, next_cursor=f"{last['created_at'].isoformat()}_{last['id']}" if last else None
    )


async def _found(tx: Tx, ctx: OrgContext, request_id: uuid.UUID, *, lock: bool = False) -> repo.RequestRow:
    row = await repo.request_row(tx, request_id=request_id, lock=lock)
    if row is None or row["org_id"] != ctx.org.id:
        raise RequestNotFound("no such purchase request")
    return row


async def get_request(db: Database, ctx: OrgContext, request_id: uuid.UUID) -> PurchaseRequestOut:
    _require_buyer(ctx)
    async with db.transaction() as tx:
        request = (await _as_requests(tx, [await _found(tx, ctx, request_id)]))[0]
        role = await _caller_role(tx, ctx)
    return msgspec.structs.replace(request, can_decide=_decidable(request, ctx, role))


async def _deciding(tx: Tx, ctx: OrgContext, request_id: uuid.UUID) -> tuple[PurchaseRequestOut, str]:
    """The request, row-locked, and the caller's name, once the caller may decide it now."""
    row = await _found(tx, ctx, request_id, lock=True)
    if ctx.principal.user_id is None:
        raise Forbidden("only a signed-in person decides a purchase request", code="auth.user_required")
    request = (await _as_requests(tx, [row]))[0]
    if request.status != "pending":
        raise NotWaiting(f"the purchase request is {request.status}, no longer waiting")
    if request.requester_id == ctx.principal.user_id:
        raise OwnRequest("you cannot approve or reject your own purchase request")
    role = await _caller_role(tx, ctx)
    if role not in request.levels[request.current_level - 1].roles:
        raise NotYourLevel(f"level {request.current_level} waits for another role")
    if any(decision.user_id == ctx.principal.user_id for decision in request.decisions):
        # two levels mean two people: one approver never passes a request through both
        raise AlreadyDecided("you approved an earlier level of this request; someone else decides this one")
    name = (await _names(tx, [ctx.principal.user_id])).get(ctx.principal.user_id, "")
    return request, name


async def approve(db: Database, ctx: OrgContext, request_id: uuid.UUID) -> PurchaseRequestOut:
    """Approve the level it waits at: the next level's approvers are told, or, at the last,
    the request is approved, the requester told and ``approvals.approved`` emitted."""
    _require_buyer(ctx)
    async with db.transaction() as tx:
        request, name = await _deciding(tx, ctx, request_id)
        level = request.current_level
        await repo.insert_decision(
            tx, request.id, request.round, level, "approved", ctx.principal.user_id, name, None
        )
        last = level == len(request.levels)
        await repo.set_state(
            tx,
            request.id,
            status="approved" if last else "pending",
            current_level=level if last else level + 1,
        )
        await _audit(tx, ctx, "approvals.request_approved", request, {"level": level})
        after = await _request(tx, request_id=request.id)
        if last:
            await _tell_requester(tx, after, "approvals.approved")
            approved = events.RFQ_APPROVED if after.rfq_id is not None else events.APPROVED
            await emit(tx, approved, payload={**_subject(after), "request_id": str(after.id)})
        else:
            await _notify_level(tx, after)
    return after


async def reject(db: Database, ctx: OrgContext, request_id: uuid.UUID, reason: str) -> PurchaseRequestOut:
    """One rejection ends the request: the requester is told why, ``approvals.rejected`` emitted."""
    _require_buyer(ctx)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(
            "a rejection needs a reason", errors=[{"field": "reason", "message": "give a reason"}]
        )
    async with db.transaction() as tx:
        request, name = await _deciding(tx, ctx, request_id)
        level = request.current_level
        await repo.insert_decision(
            tx, request.id, request.round, level, "rejected", ctx.principal.user_id, name, reason
        )
        await repo.set_state(tx, request.id, status="rejected", current_level=level, reject_reason=reason)
        await _audit(tx, ctx, "approvals.request_rejected", request, {"level": level, "reason": reason})
        after = await _request(tx, request_id=request.id)
        await _tell_requester(tx, after, "approvals.rejected")
        rejected = events.RFQ_REJECTED if after.rfq_id is not None else events.REJECTED
        await emit(tx, rejected, payload={**_subject(after), "request_id": str(after.id), "reason": reason})
    return after


async def _tell_requester(tx: Tx, request: PurchaseRequestOut, kind: str) -> None:
    if request.requester_id is not None:
        params = {**_mail_params(request), "reason": request.reject_reason}
        await notifications.notify(tx, [request.requester_id], kind, params, org_id=request.org_id)


async def _audit(
    tx: Tx, ctx: OrgContext, action: str, request: PurchaseRequestOut, after: dict[str, Any]
) -> None:
    label = ", ".join(part.supplier_name for part in request.summary.parts)
    await record_by(
        tx, ctx.principal, ctx.domain, action, "purchase_request", request.id, after=after, label=label
    )


# -- settings -----------------------------------------------------------------------------


async def settings(db: Database, ctx: OrgContext) -> ApprovalSettingsOut:
    _require_buyer(ctx)
    async with db.transaction() as tx:
        limits: dict[uuid.UUID, list[CurrencyLimit]] = {}
        for user_id, limit in await repo.all_limits(tx, ctx.org.id):
            limits.setdefault(user_id, []).append(limit)
        rules = await _named(tx, await repo.rules_of(tx, ctx.org.id))
    return ApprovalSettingsOut(
        limits=[MemberLimitsOut(user_id=user_id, limits=found) for user_id, found in limits.items()],
        rules=rules,
    )


def _amount_problem(value: Decimal | None) -> str | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        return "a decimal from 0 to 999,999,999,999"
    return None


def _limit_problems(limits: list[CurrencyLimit]) -> list[dict[str, str]]:
    problems: list[dict[str, str]] = []
    seen: set[str] = set()
    for index, limit in enumerate(limits):
        where = f"limits[{index}]"
        if not is_currency(limit.currency):
            problems.append({"field": f"{where}.currency", "message": "not an ISO 4217 currency"})
        elif limit.currency in seen:
            problems.append({"field": f"{where}.currency", "message": "this currency is given twice"})
        seen.add(limit.currency)
        for name in ("per_order", "per_month"):
            problem = _amount_problem(getattr(limit, name))
            if problem:
                problems.append({"field": f"{where}.{name}", "message": problem})
    return problems


async def set_limits(
    db: Database, ctx: OrgContext, user_id: uuid.UUID, data: MemberLimits
) -> MemberLimitsOut:
    """Replace a member's limits (a currency with neither limit is left out: no limit)."""
    _require_buyer(ctx)
    problems = _limit_problems(data.limits)
    if problems:
        raise InvalidSettings("the limits are not valid", errors=problems)
    limits = [limit for limit in data.limits if limit.per_order is not None or limit.per_month is not None]
    async with db.transaction() as tx:
        if user_subject(user_id) not in {subject for subject, _ in await memberships(tx, ctx.domain)}:
            raise MemberNotFound("no such member of this company")
        before = await repo.limits_of(tx, ctx.org.id, user_id)
        await repo.replace_limits(tx, ctx.org.id, user_id, limits)
        label = (await _names(tx, [user_id])).get(user_id)
        await record_by(
            tx,
            ctx.principal,
            ctx.domain,
            "approvals.limits_changed",
            "spending_limit",
            user_id,
            before={"limits": msgspec.to_builtins(before)},
            after={"limits": msgspec.to_builtins(limits)},
            label=label,
        )
        return MemberLimitsOut(user_id=user_id, limits=await repo.limits_of(tx, ctx.org.id, user_id))


async def write_limits(tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID, limits: list[CurrencyLimit]) -> None:
    """A member's limits written on ``tx`` (the demo seed), checked like the API's."""
    problems = _limit_problems(limits)
    if problems:
        raise InvalidSettings("the limits are not valid", errors=problems)
    await repo.replace_limits(tx, org_id, user_id, limits)


async def add_rule(tx: Tx, org_id: uuid.UUID, rule_id: uuid.UUID, rule: NewApprovalRule) -> None:
    """A rule written on ``tx`` (the demo seed), checked like the API's."""
    _checked(rule)
    await repo.insert_rule(tx, org_id, rule_id, await _by_slug(tx, rule))


def _rule_problems(rule: NewApprovalRule) -> list[dict[str, str]]:
    problems: list[dict[str, str]] = []
    needed = {
        "total_above": ("currency", "amount"),
        "supplier": ("supplier_id",),
        "category": ("category_id",),
    }
    given = msgspec.structs.asdict(rule)
    if rule.supplier_slug is not None:
        if rule.supplier_id is not None:
            problems.append(
                {"field": "supplier_slug", "message": "give supplier_id or supplier_slug, not both"}
            )
        given["supplier_id"] = rule.supplier_slug  # either names the supplier
    for field in ("currency", "amount", "supplier_id", "category_id"):
        if field in needed[rule.condition] and given[field] is None:
            problems.append({"field": field, "message": f"a {rule.condition} rule needs it"})
        elif field not in needed[rule.condition] and given[field] is not None:
            problems.append({"field": field, "message": f"a {rule.condition} rule does not take it"})
    if rule.currency is not None and not is_currency(rule.currency):
        problems.append({"field": "currency", "message": "not an ISO 4217 currency"})
    problem = _amount_problem(rule.amount)
    if problem:
        problems.append({"field": "amount", "message": problem})
    return problems


def _checked(rule: NewApprovalRule) -> None:
    problems = _rule_problems(rule)
    if problems:
        raise InvalidSettings("the rule is not valid", errors=problems)


def _unknown_reference(exc: asyncpg.ForeignKeyViolationError) -> InvalidSettings:
    field = "category_id" if "category" in (exc.constraint_name or "") else "supplier_id"
    return InvalidSettings(
        "the rule names an unknown " + field[:-3], errors=[{"field": field, "message": "unknown"}]
    )


async def _rule_found(tx: Tx, ctx: OrgContext, rule_id: uuid.UUID) -> ApprovalRuleOut:
    rule = await repo.get_rule(tx, ctx.org.id, rule_id)
    if rule is None:
        raise RuleNotFound("no such approval rule")
    return (await _named(tx, [rule]))[0]


async def _named(tx: Tx, rules: list[ApprovalRuleOut]) -> list[ApprovalRuleOut]:
    """The rules with their supplier's and category's names (one query each)."""
    suppliers = await tenants_by_id(tx, [r.supplier_id for r in rules if r.supplier_id is not None])
    categories = await category_names(tx, [r.category_id for r in rules if r.category_id is not None])
    named = []
    for rule in rules:
        supplier = suppliers.get(rule.supplier_id) if rule.supplier_id else None
        named.append(
            msgspec.structs.replace(
                rule,
                supplier_name=supplier.name if supplier else None,
                supplier_slug=supplier.slug if supplier else None,
                category_name=categories.get(rule.category_id) if rule.category_id else None,
            )
        )
    return named


async def _by_slug(tx: Tx, rule: NewApprovalRule) -> NewApprovalRule:
    """A supplier named by its slug is stored by its id."""
    if rule.supplier_slug is None:
        return rule
    tenant = await find_tenant(tx, rule.supplier_slug)
    if tenant is None:
        raise InvalidSettings(
            "no supplier has this address", errors=[{"field": "supplier_slug", "message": "unknown supplier"}]
        )
    return msgspec.structs.replace(rule, supplier_id=tenant.id, supplier_slug=None)


async def get_rule(db: Database, ctx: OrgContext, rule_id: uuid.UUID) -> ApprovalRuleOut:
    _require_buyer(ctx)
    async with db.transaction() as tx:
        return await _rule_found(tx, ctx, rule_id)


async def create_rule(db: Database, ctx: OrgContext, rule: NewApprovalRule) -> ApprovalRuleOut:
    _require_buyer(ctx)
    _checked(rule)
    rule_id = uuid.uuid4()
    try:
        async with db.transaction() as tx:
            rule = await _by_slug(tx, rule)
            await repo.insert_rule(tx, ctx.org.id, rule_id, rule)
            await _audit_rule(tx, ctx, "approvals.rule_created", rule_id, rule.name, after=rule)
            return await _rule_found(tx, ctx, rule_id)
    except asyncpg.ForeignKeyViolationError as exc:
        raise _unknown_reference(exc) from exc


async def replace_rule(
    db: Database, ctx: OrgContext, rule_id: uuid.UUID, rule: NewApprovalRule
) -> ApprovalRuleOut:
    _require_buyer(ctx)
    _checked(rule)
    try:
        async with db.transaction() as tx:
            before = await _rule_found(tx, ctx, rule_id)
            rule = await _by_slug(tx, rule)
            await repo.replace_rule(tx, rule_id, rule)
            await _audit_rule(
                tx, ctx, "approvals.rule_updated", rule_id, rule.name, before=before, after=rule
            )
            return await _rule_found(tx, ctx, rule_id)
    except asyncpg.ForeignKeyViolationError as exc:
        raise _unknown_reference(exc) from exc


async def delete_rule(db: Database, ctx: OrgContext, rule_id: uuid.UUID) -> None:
    _require_buyer(ctx)
    async with db.transaction() as tx:
        before = await _rule_found(tx, ctx, rule_id)
        await repo.delete_rule(tx, rule_id)
        await _audit_rule(tx, ctx, "approvals.rule_deleted", rule_id, before.name, before=before)


async def _audit_rule(
    tx: Tx,
    ctx: OrgContext,
    action: str,
    rule_id: uuid.UUID,
    label: str,
    *,
    before: ApprovalRuleOut | None = None,
    after: NewApprovalRule | None = None,
) -> None:
    def fields(value: msgspec.Struct | None) -> dict[str, Any] | None:
        if value is None:
            return None
        found = msgspec.to_builtins(value)
        skip = ("id", "created_at", "updated_at", "supplier_name", "supplier_slug", "category_name")
        return {k: v for k, v in found.items() if k not in skip}

    await record_by(
        tx,
        ctx.principal,
        ctx.domain,
        action,
        "approval_rule",
        rule_id,
        before=fields(before),
        after=fields(after),
        label=label,
    )
