"""Rules of rfq.quotes (docs/rfq.md, "Quotes and negotiation"): the supplier's draft in its
schema, its internal approval, sending a draft as an immutable numbered revision into
public (one transaction: the supplier's schema plus public), decline and withdraw, the
buyer's view of the quotes with the diff of each revision, counter-offers, the message
thread of one RFQ x supplier, and the expiry job.

The RFQ, its lines and the quote status of each invitation are rfq.requests': read and
moved only through its service (``supplier_rfq``, ``buyer_rfq``, ``rfq_lines``,
``invitation(s)``, ``set_quote_status``), on this package's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

import msgspec

from hansa.audit import service as audit
from hansa.audit.labels import user_names
from hansa.core.db import Database, Tx
from hansa.core.errors import Forbidden
from hansa.core.idempotency import run_idempotent, scope_for
from hansa.core.outbox import emit
from hansa.core.rows import as_struct
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.orders.placement import line_total
from hansa.notifications import service as notifications
from hansa.rfq.quotes import repository as repo
from hansa.rfq.quotes.errors import (
    ApprovalNeeded,
    ApprovalRefused,
    DeadlinePassed,
    InvalidQuote,
    NoDraft,
    QuoteClosed,
    QuoteNotFound,
    RfqNotOpen,
    Sealed,
)
from hansa.rfq.quotes.events import (
    COUNTERED,
    MESSAGE,
    QUOTE_DECLINED,
    QUOTE_EXPIRED,
    QUOTE_SENT,
    QUOTE_WITHDRAWN,
)
from hansa.rfq.quotes.schemas import (
    Alternative,
    Change,
    CounterIn,
    CounterLineOut,
    CounterOut,
    Diff,
    DraftIn,
    DraftOut,
    LineDiff,
    MessageIn,
    MessageOut,
    MessagePage,
    PolicyIn,
    PolicyOut,
    PriceBreak,
    QuoteLine,
    QuotesOut,
    QuoteSummary,
    RevisionOut,
    SendIn,
    SentRevision,
    SentRevisionLine,
    SupplierQuotes,
)
from hansa.rfq.requests import service as requests
from hansa.rfq.requests.schemas import FileOut, InvitationOut, RfqHeader, RfqLineOut
from hansa.rfq.requests.states import LIVE_QUOTES, QuoteStatus
from hansa.tenants import service as tenants

MAX_PAGE = 100
SEND_ROUTE = "/api/v1/suppliers/{tenant}/rfqs/{rfq_id}/draft/send"
# the quote statuses in which the supplier may keep a draft and send a revision
QUOTABLE = frozenset({"invited", "draft", "submitted", "countered", "revised", "expired"})
# who hears of a buyer's step on the supplier's side
SUPPLIER_ROLES = ("owner", "admin", "sales")
APPROVER_ROLES = ("owner", "admin")
_DRAFT_TERMS = ("payment_terms_days", "incoterms", "delivery_terms", "valid_until", "note", "internal_note")
_LINE_FIELDS = ("status", "unit_price", "breaks", "moq", "lead_time_days", "sku", "alternative", "note")
_TERM_FIELDS = ("payment_terms_days", "incoterms", "delivery_terms", "valid_until", "note", "total")
Side = Literal["buyer", "supplier"]


# -- prices ----------------------------------------------------------------------------------


def price_at(unit_price: Decimal, breaks: Sequence[PriceBreak], quantity: Decimal) -> Decimal:
    """The unit price at ``quantity``: the last break whose ``min_quantity`` it reaches
    (breaks ascend), else the base ``unit_price``."""
    price = unit_price
    for step in breaks:
        if quantity >= step.min_quantity:
            price = step.unit_price
    return price


def _line_total(line: QuoteLine, quantity: Decimal, currency: str) -> Decimal | None:
    if line.status != "quoted" or line.unit_price is None:
        return None
    return line_total(quantity, price_at(line.unit_price, line.breaks, quantity), currency)


def _total(lines: Iterable[QuoteLine], rfq_lines: Sequence[RfqLineOut], currency: str) -> Decimal:
    quantities = {line.id: line.quantity for line in rfq_lines}
    total = Decimal(0)
    for line in lines:
        quantity = quantities.get(line.line_id)
        amount = _line_total(line, quantity, currency) if quantity is not None else None
        total += amount or 0
    return total


def _needs_approval(policy: dict[str, Any] | None, currency: str, total: Decimal) -> bool:
    """Above the supplier's limit. A limit in another currency than the quote's cannot be
    compared: every priced quote in another currency then needs approval (the safe side)."""
    if policy is None or policy["approval_above"] is None:
        return False
    if policy["currency"] != currency:
        return total > 0
    return bool(total > policy["approval_above"])


# -- rows to structs -------------------------------------------------------------------------


def _breaks(value: Any) -> list[PriceBreak]:
    return msgspec.convert(value or [], list[PriceBreak])


def _alternative(row: dict[str, Any]) -> Alternative | None:
    if row.get("alternative_sku"):
        return Alternative(sku=row["alternative_sku"])
    if row.get("alternative_description"):
        return Alternative(description=row["alternative_description"])
    return None


def _quote_line(row: dict[str, Any], *, line_id: str = "line_id") -> QuoteLine:
    return QuoteLine(
        line_id=row[line_id],
        status=row["status"],
        unit_price=row["unit_price"],
        breaks=_breaks(row["breaks"]),
        moq=row["moq"],
        lead_time_days=row["lead_time_days"],
        sku=row["sku"],
        alternative=_alternative(row),
        note=row["note"],
        line_total=row.get("line_total"),
        internal_note=row.get("internal_note"),
    )


def _line_row(line: QuoteLine) -> dict[str, Any]:
    alternative = line.alternative
    return {
        "status": line.status,
        "sku": line.sku,
        "unit_price": line.unit_price if line.status == "quoted" else None,
        "breaks": msgspec.to_builtins(line.breaks) if line.status == "quoted" else [],
        "moq": line.moq,
        "lead_time_days": line.lead_time_days,
        "alternative_sku": alternative.sku if alternative else None,
        "alternative_description": alternative.description if alternative else None,
        "note": line.note,
    }


def _plain(value: Any) -> str | None:
    """A field's value as the diff shows it."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Alternative):
        return f"sku {value.sku}" if value.sku else value.description
    if isinstance(value, list):
        return "; ".join(f"{_plain(b.min_quantity)} @ {_plain(b.unit_price)}" for b in value) or None
    return str(value)


def _changes(before: Any, after: Any, fields: Sequence[str]) -> list[Change]:
    changes = []
    for name in fields:
        old, new = _plain(getattr(before, name)), _plain(getattr(after, name))
        if old != new:
            changes.append(Change(name, old, new))
    return changes


def diff(before: RevisionOut | None, after: RevisionOut) -> Diff:
    """Revision ``after`` against ``before``: the changed terms, and per line each changed
    field (a line new in ``after`` shows every field it has)."""
    if before is None:
        return Diff()
    old_lines = {line.line_id: line for line in before.lines}
    empty = QuoteLine(line_id=uuid.UUID(int=0), status="not_quoted")
    lines = []
    for line in after.lines:
        changes = _changes(old_lines.get(line.line_id, empty), line, _LINE_FIELDS)
        if changes:
            lines.append(LineDiff(line.line_id, changes))
    return Diff(terms=_changes(before, after, _TERM_FIELDS), lines=lines)


def _revision(
    row: dict[str, Any], lines: list[dict[str, Any]], positions: dict[uuid.UUID, int]
) -> RevisionOut:
    quoted = sorted((_quote_line(line) for line in lines), key=lambda line: positions.get(line.line_id, 0))
    fields = {name: row[name] for name in RevisionOut.__struct_fields__ if name in row}
    return RevisionOut(**fields, lines=quoted)


async def _revisions(tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID) -> list[RevisionOut]:
    """One supplier's revisions, newest first, each with its diff against the one before."""
    rows = await repo.revisions(tx, rfq_id, tenant_id)
    if not rows:
        return []
    positions = {line.id: line.position for line in await requests.rfq_lines(tx, rfq_id)}
    by_revision: dict[uuid.UUID, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    for line in await repo.revision_lines(tx, list(by_revision)):
        by_revision[line["revision_id"]].append(line)
    files = await requests.files_of(tx, rfq_id, list(by_revision))
    plain = [
        msgspec.structs.replace(_revision(row, by_revision[row["id"]], positions), files=files[row["id"]])
        for row in rows
    ]
    older = [*plain[1:], None]
    return [msgspec.structs.replace(r, diff=diff(before, r)) for r, before in zip(plain, older, strict=True)]


async def _counters(tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID) -> list[CounterOut]:
    rows = await repo.counters(tx, rfq_id, tenant_id)
    lines: dict[uuid.UUID, list[CounterLineOut]] = {row["id"]: [] for row in rows}
    for line in await repo.counter_lines(tx, list(lines)):
        lines[line.pop("counter_id")].append(msgspec.convert(line, CounterLineOut))
    return [
        CounterOut(
            id=row["id"],
            revision_number=row["revision_number"],
            comment=row["comment"],
            created_by_name=row["created_by_name"],
            created_at=row["created_at"],
            lines=lines[row["id"]],
        )
        for row in rows
    ]


async def _supplier_name(tx: Tx, tenant_id: uuid.UUID) -> str:
    found = (await tenants.tenants_by_id(tx, [tenant_id])).get(tenant_id)
    return found.name if found else ""


async def _supplier_quotes(tx: Tx, rfq_id: uuid.UUID, invitation: InvitationOut) -> SupplierQuotes:
    return SupplierQuotes(
        rfq_id=rfq_id,
        tenant_id=invitation.tenant_id,
        supplier_name=await _supplier_name(tx, invitation.tenant_id),
        status=invitation.status,
        status_reason=invitation.status_reason,
        revisions=await _revisions(tx, rfq_id, invitation.tenant_id),
        counters=await _counters(tx, rfq_id, invitation.tenant_id),
    )


# -- who acts --------------------------------------------------------------------------------


def _user_of(ctx: TenantContext) -> uuid.UUID | None:
    return uuid.UUID(ctx.actor.id) if ctx.actor.kind == "user" else None


async def _name_of(tx: Tx, user_id: uuid.UUID | None) -> str:
    if user_id is None:
        return "API"
    found = await user_names()(tx, user_id)
    return found[0] if found else ""


def _sealed(header: RfqHeader) -> bool:
    """Sealed and before the deadline: nobody sees prices yet."""
    return header.sealed and datetime.now(UTC) < header.deadline


def _check_open(header: RfqHeader) -> None:
    """A draft is kept and a revision sent only while the RFQ is open, before its deadline."""
    if header.status in ("open", "closed") and (
        header.status == "closed" or datetime.now(UTC) >= header.deadline
    ):
        raise DeadlinePassed(f"the deadline of {header.number} passed: no more quotes")
    if header.status != "open":
        raise RfqNotOpen(f"{header.number} is {header.status}")


def _check_negotiable(header: RfqHeader) -> None:
    if header.status not in ("open", "closed"):
        raise RfqNotOpen(f"{header.number} is {header.status}")


def _field_error(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


# -- the draft (supplier) --------------------------------------------------------------------


async def _draft_out(
    tx: Tx, header: RfqHeader, invitation: InvitationOut, draft: dict[str, Any] | None
) -> DraftOut:
    rfq_lines = await requests.rfq_lines(tx, header.id, for_supplier=True)
    positions = {line.id: line.position for line in rfq_lines}
    if draft is None:
        draft, rows = await _copy_of_last_sent(tx, header.id)
    else:
        rows = await repo.draft_lines(tx, draft["id"])
    lines = sorted(
        (_quote_line(row, line_id="rfq_line_id") for row in rows),
        key=lambda line: positions.get(line.line_id, 0),
    )
    quantities = {line.id: line.quantity for line in rfq_lines}
    lines = [
        msgspec.structs.replace(line, line_total=_line_total(line, quantities[line.line_id], header.currency))
        for line in lines
        if line.line_id in quantities
    ]
    total = _total(lines, rfq_lines, header.currency)
    policy = await repo.policy(tx)
    counters = [
        c
        for c in await _counters(tx, header.id, invitation.tenant_id)
        if c.revision_number >= invitation.latest_revision
    ]
    return DraftOut(
        id=draft.get("id"),
        rfq_id=header.id,
        status=draft.get("status", "new"),
        base_revision=draft.get("base_revision", invitation.latest_revision),
        currency=header.currency,
        **{name: draft.get(name) for name in _DRAFT_TERMS},
        total=total,
        approval_needed=_needs_approval(policy, header.currency, total),
        approved_total=draft.get("approved_total"),
        updated_at=draft.get("updated_at"),
        lines=lines,
        counters=counters,
    )


async def _copy_of_last_sent(tx: Tx, rfq_id: uuid.UUID) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What a new draft starts from: the last sent one (the revision, with its internal
    notes), or nothing."""
    last = await repo.last_sent_draft(tx, rfq_id)
    if last is None:
        return {}, []
    terms = {name: last[name] for name in _DRAFT_TERMS}
    return terms, await repo.draft_lines(tx, last["id"])


async def _supplier_side(tx: Tx, ctx: TenantContext, rfq_id: uuid.UUID) -> tuple[RfqHeader, InvitationOut]:
    return await requests.supplier_rfq(tx, ctx.tenant_id, rfq_id)


async def get_draft(db: Database, ctx: TenantContext, rfq_id: uuid.UUID) -> DraftOut:
    async with tenant_transaction(db, ctx) as tx:
        header, invitation = await _supplier_side(tx, ctx, rfq_id)
        return await _draft_out(tx, header, invitation, await repo.open_draft(tx, rfq_id))


def _draft_problems(
    data: DraftIn, header: RfqHeader, rfq_lines: Sequence[RfqLineOut]
) -> list[dict[str, str]]:
    known = {line.id for line in rfq_lines}
    errors = []
    if data.currency is not None and data.currency != header.currency:
        errors.append(_field_error("currency", f"this RFQ asks for quotes in {header.currency}"))
    if data.valid_until is not None and data.valid_until < datetime.now(UTC).date():
        errors.append(_field_error("valid_until", "must not be in the past"))
    seen: set[uuid.UUID] = set()
    for index, line in enumerate(data.lines):
        if line.line_id not in known:
            errors.append(_field_error(f"lines[{index}].line_id", "no such line in this RFQ"))
        elif line.line_id in seen:
            errors.append(_field_error(f"lines[{index}].line_id", "this line is answered twice"))
        seen.add(line.line_id)
    return errors


def _approval_after_edit(draft: dict[str, Any], total: Decimal) -> dict[str, Any]:
    """An approved draft stays approved while its total is the approved one; any other edit
    asks again. A draft awaiting approval keeps waiting (the approver sees it as it is)."""
    if draft["status"] == "approved" and draft["approved_total"] == total:
        return {}
    if draft["status"] == "awaiting_approval":
        return {}
    return {"status": "editing", "approved_by": None, "approved_total": None}


async def save_draft(db: Database, ctx: TenantContext, rfq_id: uuid.UUID, data: DraftIn) -> DraftOut:
    """Replace the open draft (created at the first save: the invitation moves to ``draft``)."""
    async with tenant_transaction(db, ctx) as tx:
        header, invitation = await _supplier_side(tx, ctx, rfq_id)
        _check_open(header)
        if invitation.status not in QUOTABLE:
            raise QuoteClosed(f"this quote is {invitation.status}: no new draft")
        rfq_lines = await requests.rfq_lines(tx, rfq_id, for_supplier=True)
        errors = _draft_problems(data, header, rfq_lines)
        if errors:
            raise InvalidQuote("the draft has errors", errors=errors)
        user_id = _user_of(ctx)
        await repo.create_draft(tx, rfq_id, invitation.latest_revision, user_id)
        draft = await repo.open_draft(tx, rfq_id, lock=True)
        assert draft is not None
        lines = [
            QuoteLine(
                line_id=line.line_id,
                status=line.status,
                unit_price=line.unit_price,
                breaks=line.breaks,
                moq=line.moq,
                lead_time_days=line.lead_time_days,
                sku=line.sku,
                alternative=line.alternative,
                note=line.note,
            )
            for line in data.lines
        ]
        total = _total(lines, rfq_lines, header.currency)
        values = {name: getattr(data, name) for name in _DRAFT_TERMS}
        await repo.update_draft(
            tx, draft["id"], {**values, **_approval_after_edit(draft, total), "updated_by": user_id}
        )
        await repo.replace_draft_lines(
            tx,
            draft["id"],
            [
                {**_line_row(line), "rfq_line_id": line.line_id, "internal_note": given.internal_note}
                for line, given in zip(lines, data.lines, strict=True)
            ],
        )
        if invitation.status == "invited":
            invitation = await requests.set_quote_status(tx, rfq_id, ctx.tenant_id, "draft", "supplier")
        return await _draft_out(tx, header, invitation, await repo.open_draft(tx, rfq_id))


# -- internal approval -----------------------------------------------------------------------


async def get_policy(db: Database, ctx: TenantContext) -> PolicyOut:
    async with tenant_transaction(db, ctx) as tx:
        found = await repo.policy(tx)
    return msgspec.convert(found, PolicyOut) if found else PolicyOut()


async def set_policy(db: Database, ctx: TenantContext, data: PolicyIn) -> PolicyOut:
    async with tenant_transaction(db, ctx) as tx:
        before = await repo.policy(tx)
        after = await repo.set_policy(tx, data.approval_above, data.currency)
        await audit.record_in(
            tx,
            ctx,
            "rfq.quote_policy_changed",
            "quote_policy",
            ctx.tenant_id,
            label="quote approval",
            before=_policy_state(before),
            after=_policy_state(after),
        )
    return msgspec.convert(after, PolicyOut)


def _policy_state(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    above = row["approval_above"]
    return {"approval_above": None if above is None else str(above), "currency": row["currency"]}


async def _open_draft_locked(tx: Tx, rfq_id: uuid.UUID) -> dict[str, Any]:
    draft = await repo.open_draft(tx, rfq_id, lock=True)
    if draft is None:
        raise NoDraft("no draft to approve: save one first")
    return draft


async def request_approval(db: Database, ctx: TenantContext, rfq_id: uuid.UUID) -> DraftOut:
    """The draft waits for an owner's or admin's approval; they are told (in-app and mail)."""
    async with tenant_transaction(db, ctx) as tx:
        header, invitation = await _supplier_side(tx, ctx, rfq_id)
        _check_open(header)
        draft = await _open_draft_locked(tx, rfq_id)
        user_id = _user_of(ctx)
        await repo.update_draft(
            tx,
            draft["id"],
            {
                "status": "awaiting_approval",
                "approval_requested_by": user_id,
                "approved_by": None,
                "approved_total": None,
            },
        )
        out = await _draft_out(tx, header, invitation, await repo.open_draft(tx, rfq_id))
        approvers = await notifications.members_with_roles(tx, f"tenant:{ctx.tenant_id}", APPROVER_ROLES)
        params = {
            **_rfq_params(header),
            "total": _plain(out.total),
            "currency": header.currency,
            "author_name": await _name_of(tx, user_id),
        }
        await notifications.notify(
            tx, approvers, "rfq.quote_approval_requested", params, org_id=ctx.tenant_id
        )
        await audit.record_in(
            tx, ctx, "rfq.quote_approval_requested", "quote_draft", draft["id"], label=header.number
        )
        return out


async def approve(db: Database, ctx: TenantContext, rfq_id: uuid.UUID) -> DraftOut:
    """An owner or admin (``quotes.approve``, checked at the edge) approves the draft at its
    current total. Not the person who last edited it, unless they are an owner: an owner
    answers for the company, an admin's own edit needs another's eyes."""
    async with tenant_transaction(db, ctx) as tx:
        header, invitation = await _supplier_side(tx, ctx, rfq_id)
        _check_open(header)
        draft = await _open_draft_locked(tx, rfq_id)
        user_id = _user_of(ctx)
        if user_id is None:
            raise Forbidden("only a person can approve a quote", code="auth.user_required")
        if draft["updated_by"] == user_id:
            owners = await notifications.members_with_roles(tx, f"tenant:{ctx.tenant_id}", ("owner",))
            if user_id not in owners:
                raise ApprovalRefused("you edited this draft last: another owner or admin approves it")
        current = await _draft_out(tx, header, invitation, draft)
        await repo.update_draft(
            tx, draft["id"], {"status": "approved", "approved_by": user_id, "approved_total": current.total}
        )
        await audit.record_in(
            tx,
            ctx,
            "rfq.quote_approved",
            "quote_draft",
            draft["id"],
            label=header.number,
            after={"total": str(current.total)},
        )
        return await _draft_out(tx, header, invitation, await repo.open_draft(tx, rfq_id))


# -- sending ---------------------------------------------------------------------------------


async def send(
    db: Database, ctx: TenantContext, rfq_id: uuid.UUID, data: SendIn, *, key: str | None
) -> RevisionOut:
    """Send the open draft as revision n+1 (docs/rfq.md). A repeat (a retry with the same
    ``Idempotency-Key``, or a second tab) answers the same revision."""
    scope = scope_for(f"tenant:{ctx.tenant_id}", "POST", SEND_ROUTE)
    async with tenant_transaction(db, ctx) as tx:

        async def effect() -> bytes:
            return msgspec.json.encode(await _send(tx, ctx, rfq_id, data.files))

        body = rfq_id.bytes + msgspec.json.encode(data)
        result = await run_idempotent(tx, scope=scope, key=key, body=body, effect=effect, status_code=201)
    return msgspec.json.decode(result.body, type=RevisionOut)


async def _send(tx: Tx, ctx: TenantContext, rfq_id: uuid.UUID, files: list[uuid.UUID]) -> RevisionOut:
    header, _ = await _supplier_side(tx, ctx, rfq_id)
    draft = await repo.newest_draft_locked(tx, rfq_id)
    if draft is None:
        raise NoDraft("no draft to send: save one first")
    if draft["status"] == "sent":  # sent by the request this one waited for
        return await _revision_of_draft(tx, rfq_id, ctx.tenant_id, draft["id"])
    _check_open(header)
    invitation = await requests.invitation(tx, rfq_id, ctx.tenant_id, lock=True)
    assert invitation is not None
    rfq_lines = await requests.rfq_lines(tx, rfq_id, for_supplier=True)
    rows = await repo.draft_lines(tx, draft["id"])
    lines = [_quote_line(row, line_id="rfq_line_id") for row in rows]
    _check_complete(draft, lines, rfq_lines)
    total = _total(lines, rfq_lines, header.currency)
    if _needs_approval(await repo.policy(tx), header.currency, total) and not (
        draft["status"] == "approved" and draft["approved_total"] == total
    ):
        raise ApprovalNeeded("this quote is above your approval limit: an owner or admin approves it first")
    number = invitation.latest_revision + 1
    status: QuoteStatus = "submitted" if invitation.status in ("invited", "draft") else "revised"
    await requests.set_quote_status(tx, rfq_id, ctx.tenant_id, status, "supplier", latest_revision=number)
    revision_id = uuid.uuid4()
    user_id = _user_of(ctx)
    quantities = {line.id: line.quantity for line in rfq_lines}
    await repo.insert_revision(
        tx,
        {
            "id": revision_id,
            "rfq_id": rfq_id,
            "tenant_id": ctx.tenant_id,
            "number": number,
            "draft_id": draft["id"],
            "currency": header.currency,
            **{name: draft[name] for name in _DRAFT_TERMS if name != "internal_note"},
            "total": total,
            "sent_by": user_id,
            "sent_by_name": await _name_of(tx, user_id),
        },
        [
            {
                **_line_row(line),
                "line_id": line.line_id,
                "line_total": _line_total(line, quantities[line.line_id], header.currency),
            }
            for line in lines
            if line.line_id in quantities
        ],
    )
    await requests.attach_files(tx, rfq_id, ctx.tenant_id, "quote", files, revision_id)
    await repo.mark_sent(tx, draft["id"])
    await emit(
        tx,
        QUOTE_SENT,
        tenant_id=ctx.tenant_id,
        payload={"rfq_id": str(rfq_id), "tenant_id": str(ctx.tenant_id), "revision": number},
    )
    name = await _supplier_name(tx, ctx.tenant_id)
    await _tell_buyer(tx, header, "rfq.quote_sent", {"supplier_name": name, "revision": number})
    await audit.record_in(
        tx, ctx, "rfq.quote_sent", "rfq_revision", revision_id, label=f"{header.number} #{number}"
    )
    return await _revision_of_draft(tx, rfq_id, ctx.tenant_id, draft["id"])


def _check_complete(
    draft: dict[str, Any], lines: Sequence[QuoteLine], rfq_lines: Sequence[RfqLineOut]
) -> None:
    """Every RFQ line answered (quoted or not), quoted lines priced, a validity not past."""
    errors = []
    answered = {line.line_id: line for line in lines}
    for index, line in enumerate(rfq_lines):
        found = answered.get(line.id)
        if found is None:
            errors.append(
                _field_error(
                    f"lines[{index}]", f"line {line.position} is not answered (quoted or not quoted)"
                )
            )
        elif found.status == "quoted" and found.unit_price is None:
            errors.append(
                _field_error(f"lines[{index}].unit_price", f"line {line.position} is quoted without a price")
            )
    if draft["valid_until"] is None:
        errors.append(_field_error("valid_until", "a quote says how long it is valid"))
    elif draft["valid_until"] < datetime.now(UTC).date():
        errors.append(_field_error("valid_until", "must not be in the past"))
    if not any(line.status == "quoted" for line in lines) and not errors:
        errors.append(_field_error("lines", "quote at least one line, or decline the invitation"))
    if errors:
        raise InvalidQuote("the draft cannot be sent", errors=errors)


async def _revision_of_draft(
    tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID, draft_id: uuid.UUID
) -> RevisionOut:
    found = await repo.revision_of_draft(tx, draft_id)
    assert found is not None
    return next(r for r in await _revisions(tx, rfq_id, tenant_id) if r.id == found["id"])


# -- decline and withdraw (supplier) ---------------------------------------------------------


async def decline(db: Database, ctx: TenantContext, rfq_id: uuid.UUID, reason: str) -> SupplierQuotes:
    return await _leave(db, ctx, rfq_id, reason, "declined", QUOTE_DECLINED, "rfq.quote_declined")


async def withdraw(db: Database, ctx: TenantContext, rfq_id: uuid.UUID, reason: str) -> SupplierQuotes:
    return await _leave(db, ctx, rfq_id, reason, "withdrawn", QUOTE_WITHDRAWN, "rfq.quote_withdrawn")


async def _leave(
    db: Database,
    ctx: TenantContext,
    rfq_id: uuid.UUID,
    reason: str,
    status: Literal["declined", "withdrawn"],
    event: str,
    kind: str,
) -> SupplierQuotes:
    """Decline the invitation (before any revision) or withdraw the sent quote, with a reason;
    states.py says from where. The buyer's RFQ author is told."""
    async with tenant_transaction(db, ctx) as tx:
        header, invitation = await _supplier_side(tx, ctx, rfq_id)
        _check_negotiable(header)
        if invitation.status == status:
            raise QuoteClosed(f"this quote is already {status}")
        after = await requests.set_quote_status(tx, rfq_id, ctx.tenant_id, status, "supplier", reason=reason)
        await emit(
            tx,
            event,
            tenant_id=ctx.tenant_id,
            payload={"rfq_id": str(rfq_id), "tenant_id": str(ctx.tenant_id)},
        )
        name = await _supplier_name(tx, ctx.tenant_id)
        await _tell_buyer(tx, header, kind, {"supplier_name": name, "reason": reason})
        await audit.record_in(
            tx, ctx, kind, "rfq", rfq_id, label=header.number, after={"status": status, "reason": reason}
        )
        return await _supplier_quotes(tx, rfq_id, after)


# -- reading quotes --------------------------------------------------------------------------


async def supplier_revisions(db: Database, ctx: TenantContext, rfq_id: uuid.UUID) -> SupplierQuotes:
    """The supplier's own side: its status, revisions with diffs and the counters it got."""
    async with tenant_transaction(db, ctx) as tx:
        _, invitation = await _supplier_side(tx, ctx, rfq_id)
        return await _supplier_quotes(tx, rfq_id, invitation)


async def supplier_counters(db: Database, ctx: TenantContext, rfq_id: uuid.UUID) -> list[CounterOut]:
    async with tenant_transaction(db, ctx) as tx:
        await _supplier_side(tx, ctx, rfq_id)
        return await _counters(tx, rfq_id, ctx.tenant_id)


async def buyer_quotes(db: Database, ctx: OrgContext, rfq_id: uuid.UUID) -> QuotesOut:
    """Per invited supplier: status, latest revision number, date and total; sealed before the
    deadline: who answered, no totals. Public tables only, a constant number of queries."""
    async with db.transaction() as tx:
        header = await requests.buyer_rfq(tx, ctx.org.id, rfq_id)
        sealed = _sealed(header)
        invited = [i for i in await requests.invitations(tx, rfq_id) if i.invited_at is not None]
        latest = {row["tenant_id"]: row for row in await repo.latest_revisions(tx, rfq_id)}
        names = await tenants.tenants_by_id(tx, [i.tenant_id for i in invited])
    quotes = []
    for invitation in invited:
        row = latest.get(invitation.tenant_id)
        supplier = names.get(invitation.tenant_id)
        quotes.append(
            QuoteSummary(
                tenant_id=invitation.tenant_id,
                supplier_name=supplier.name if supplier else "",
                status=invitation.status,
                status_reason=invitation.status_reason,
                latest_revision=invitation.latest_revision,
                sent_at=row["sent_at"] if row else None,
                total=None if sealed or row is None else row["total"],
                currency=row["currency"] if row else None,
                valid_until=None if sealed or row is None else row["valid_until"],
            )
        )
    return QuotesOut(rfq_id=rfq_id, sealed=sealed, quotes=quotes)


async def _buyer_invitation(
    tx: Tx, ctx: OrgContext, rfq_id: uuid.UUID, tenant_id: uuid.UUID
) -> tuple[RfqHeader, InvitationOut]:
    header = await requests.buyer_rfq(tx, ctx.org.id, rfq_id)
    invitation = await requests.invitation(tx, rfq_id, tenant_id)
    if invitation is None or invitation.invited_at is None:
        raise QuoteNotFound("no such supplier on this RFQ")
    return header, invitation


async def buyer_quote(
    db: Database, ctx: OrgContext, rfq_id: uuid.UUID, tenant_id: uuid.UUID
) -> SupplierQuotes:
    """One supplier's revisions with their diffs and the counters; 409 while sealed."""
    async with db.transaction() as tx:
        header, invitation = await _buyer_invitation(tx, ctx, rfq_id, tenant_id)
        if _sealed(header):
            raise Sealed("this RFQ is sealed until its deadline: no prices yet")
        return await _supplier_quotes(tx, rfq_id, invitation)


# -- counter-offers (buyer) ------------------------------------------------------------------


async def counter(
    db: Database, ctx: OrgContext, rfq_id: uuid.UUID, tenant_id: uuid.UUID, data: CounterIn
) -> SupplierQuotes:
    """The buyer's counter per line (target price, quantity, date, comment) on the supplier's
    latest revision: the quote goes ``countered`` and the supplier is told."""
    async with db.transaction() as tx:
        header, invitation = await _buyer_invitation(tx, ctx, rfq_id, tenant_id)
        _check_negotiable(header)
        if _sealed(header):
            raise Sealed("this RFQ is sealed until its deadline: no counter-offers yet")
        _check_counter(data, await requests.rfq_lines(tx, rfq_id))
        if invitation.status not in LIVE_QUOTES:
            raise QuoteClosed(f"this quote is {invitation.status}: there is nothing to counter")
        after = await requests.set_quote_status(tx, rfq_id, tenant_id, "countered", "buyer")
        counter_id = uuid.uuid4()
        user_id = ctx.principal.user_id
        await repo.insert_counter(
            tx,
            {
                "id": counter_id,
                "rfq_id": rfq_id,
                "tenant_id": tenant_id,
                "revision_number": after.latest_revision,
                "comment": data.comment,
                "created_by": user_id,
                "created_by_name": await _name_of(tx, user_id),
            },
            [msgspec.to_builtins(line, builtin_types=(uuid.UUID, Decimal, date)) for line in data.lines],
        )
        await emit(
            tx,
            COUNTERED,
            tenant_id=tenant_id,
            payload={"rfq_id": str(rfq_id), "tenant_id": str(tenant_id), "counter_id": str(counter_id)},
        )
        await _tell_supplier(tx, header, tenant_id, "rfq.countered", {"comment": data.comment})
        await audit.record_by(
            tx, ctx.principal, ctx.domain, "rfq.countered", "rfq", rfq_id, label=header.number
        )
        return await _supplier_quotes(tx, rfq_id, after)


def _check_counter(data: CounterIn, rfq_lines: Sequence[RfqLineOut]) -> None:
    known = {line.id for line in rfq_lines}
    errors = []
    seen: set[uuid.UUID] = set()
    for index, line in enumerate(data.lines):
        if line.line_id not in known:
            errors.append(_field_error(f"lines[{index}].line_id", "no such line in this RFQ"))
        elif line.line_id in seen:
            errors.append(_field_error(f"lines[{index}].line_id", "this line is countered twice"))
        seen.add(line.line_id)
    if not data.lines and not data.comment:
        errors.append(_field_error("lines", "counter at least one line, or comment"))
    if errors:
        raise InvalidQuote("the counter-offer has errors", errors=errors)


# -- the thread ------------------------------------------------------------------------------


def _message(row: dict[str, Any], files: list[FileOut]) -> MessageOut:
    return MessageOut(
        id=row["id"],
        side=row["side"],
        author_name=row["author_name"],
        body=row["body"],
        created_at=row["created_at"],
        files=files,
    )


async def _page(
    tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID, cursor: uuid.UUID | None, limit: int
) -> MessagePage:
    rows = await repo.messages(tx, rfq_id, tenant_id, before=cursor, limit=limit + 1)
    shown = rows[:limit]
    files = await requests.files_of(tx, rfq_id, [row["id"] for row in shown])
    items = [_message(row, files[row["id"]]) for row in shown]
    return MessagePage(items=items, next_cursor=items[-1].id if len(rows) > limit else None)


async def buyer_messages(
    db: Database,
    ctx: OrgContext,
    rfq_id: uuid.UUID,
    tenant_id: uuid.UUID,
    *,
    cursor: uuid.UUID | None,
    limit: int,
) -> MessagePage:
    async with db.transaction() as tx:
        await _buyer_invitation(tx, ctx, rfq_id, tenant_id)
        return await _page(tx, rfq_id, tenant_id, cursor, limit)


async def supplier_messages(
    db: Database, ctx: TenantContext, rfq_id: uuid.UUID, *, cursor: uuid.UUID | None, limit: int
) -> MessagePage:
    async with tenant_transaction(db, ctx) as tx:
        await _supplier_side(tx, ctx, rfq_id)
        return await _page(tx, rfq_id, ctx.tenant_id, cursor, limit)


async def buyer_post(
    db: Database, ctx: OrgContext, rfq_id: uuid.UUID, tenant_id: uuid.UUID, data: MessageIn
) -> MessageOut:
    async with db.transaction() as tx:
        header, _ = await _buyer_invitation(tx, ctx, rfq_id, tenant_id)
        message = await _post(tx, header, tenant_id, "buyer", ctx.principal.user_id, data.body)
        files = await requests.attach_files(
            tx, rfq_id, tenant_id, "message", data.files, message.id, side="buyer"
        )
        await _tell_supplier(tx, header, tenant_id, "rfq.message", {"excerpt": _excerpt(data.body)})
        return msgspec.structs.replace(message, files=files)


async def supplier_post(db: Database, ctx: TenantContext, rfq_id: uuid.UUID, data: MessageIn) -> MessageOut:
    async with tenant_transaction(db, ctx) as tx:
        header, _ = await _supplier_side(tx, ctx, rfq_id)
        message = await _post(tx, header, ctx.tenant_id, "supplier", _user_of(ctx), data.body)
        files = await requests.attach_files(tx, rfq_id, ctx.tenant_id, "message", data.files, message.id)
        name = await _supplier_name(tx, ctx.tenant_id)
        await _tell_buyer(tx, header, "rfq.message", {"supplier_name": name, "excerpt": _excerpt(data.body)})
        return msgspec.structs.replace(message, files=files)


async def _post(
    tx: Tx, header: RfqHeader, tenant_id: uuid.UUID, side: Side, user_id: uuid.UUID | None, body: str
) -> MessageOut:
    if header.status in ("draft", "pending_approval"):
        raise RfqNotOpen(f"{header.number} is {header.status}")
    row = await repo.insert_message(
        tx,
        {
            "id": uuid.uuid4(),
            "rfq_id": header.id,
            "tenant_id": tenant_id,
            "side": side,
            "author_id": user_id,
            "author_name": await _name_of(tx, user_id),
            "body": body,
        },
    )
    await emit(
        tx,
        MESSAGE,
        tenant_id=tenant_id,
        payload={
            "rfq_id": str(header.id),
            "tenant_id": str(tenant_id),
            "message_id": str(row["id"]),
            "side": side,
        },
    )
    return _message(row, [])


def _excerpt(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= 200 else flat[:199] + "…"


# -- telling the other side ------------------------------------------------------------------


def _rfq_params(header: RfqHeader) -> dict[str, Any]:
    return {"number": header.number, "title": header.title, "rfq_id": str(header.id)}


async def _tell_buyer(tx: Tx, header: RfqHeader, kind: str, params: dict[str, Any]) -> None:
    """The buyer's RFQ author hears of the supplier's step, in their language."""
    if header.created_by is not None:
        await notifications.notify(
            tx,
            [header.created_by],
            kind,
            {**_rfq_params(header), **params, "side": "buyer"},
            org_id=header.org_id,
        )


async def _tell_supplier(
    tx: Tx, header: RfqHeader, tenant_id: uuid.UUID, kind: str, params: dict[str, Any]
) -> None:
    """The supplier's owners, admins and sales people hear of the buyer's step."""
    members = await notifications.members_with_roles(tx, f"tenant:{tenant_id}", SUPPLIER_ROLES)
    await notifications.notify(
        tx, members, kind, {**_rfq_params(header), **params, "side": "supplier"}, org_id=tenant_id
    )


# -- the expiry job --------------------------------------------------------------------------


async def expire_quotes(db: Database, *, batch: int = 100, as_of: date | None = None) -> int:
    """Live quotes whose latest revision's validity passed go ``expired``; both sides are told.
    Safe on several workers: each batch claims its revisions with SKIP LOCKED, and the
    invitation's own lock and status decide. ``as_of``: the day it runs on (the demo's
    "tomorrow"; the job itself runs on the database's today)."""
    expired = 0
    while True:
        async with db.transaction() as tx:
            claimed = await repo.claim_expired(tx, batch, as_of)
            for revision in claimed:
                done = await _expire(tx, revision)
                await repo.mark_handled(tx, revision["id"], expired=done)
                expired += done
        if len(claimed) < batch:
            return expired


async def _expire(tx: Tx, revision: dict[str, Any]) -> bool:
    rfq_id, tenant_id = revision["rfq_id"], revision["tenant_id"]
    invitation = await requests.invitation(tx, rfq_id, tenant_id, lock=True)
    if (
        invitation is None
        or invitation.status not in LIVE_QUOTES
        or invitation.latest_revision != revision["number"]
    ):
        return False
    header = await requests.rfq_header(tx, rfq_id)
    assert header is not None
    await requests.set_quote_status(tx, rfq_id, tenant_id, "expired", "system")
    await emit(
        tx,
        QUOTE_EXPIRED,
        tenant_id=tenant_id,
        payload={"rfq_id": str(rfq_id), "tenant_id": str(tenant_id), "revision": revision["number"]},
    )
    params = {
        "supplier_name": await _supplier_name(tx, tenant_id),
        "valid_until": revision["valid_until"].isoformat(),
    }
    await _tell_buyer(tx, header, "rfq.quote_expired", params)
    await _tell_supplier(tx, header, tenant_id, "rfq.quote_expired", params)
    return True


# -- For awards --------------------------------------------------------------------------------


async def latest_revisions(tx: Tx, rfq_id: uuid.UUID) -> list[SentRevision]:
    """The latest sent revision of each invited supplier with its lines (two queries: public
    only, however many suppliers answered)."""
    return await _with_lines(tx, await repo.latest_revisions(tx, rfq_id))


async def latest_revision_headers(tx: Tx, rfq_id: uuid.UUID) -> list[SentRevision]:
    """The latest sent revision of each invited supplier, without its lines (one query)."""
    return [_header(row) for row in await repo.latest_revisions(tx, rfq_id)]


async def comparison_json(
    tx: Tx,
    rfq_id: uuid.UUID,
    currency: str,
    minor_units: int,
    lines: Sequence[tuple[uuid.UUID, Decimal]],
    suppliers: Sequence[tuple[uuid.UUID, bool, bool]],
) -> str:
    """The buyer's comparison priced by the database (repository ``_COMPARISON_SQL``): ``lines``
    are the RFQ's (id, quantity) in position order, ``suppliers`` the invited (tenant id, shown,
    live) in their order; a shown supplier's latest revision is compared when it is in
    ``currency``. Returns ``{lines: [{line_id, lowest, fastest, cells}], suppliers: [{tenant_id,
    quoted_lines, total}]}`` as JSON text, the money rounded to ``minor_units``."""
    return await repo.comparison_json(tx, rfq_id, currency, minor_units, lines, suppliers)


async def revision(tx: Tx, revision_id: uuid.UUID) -> SentRevision | None:
    found = await repo.revision_row(tx, revision_id)
    return (await _with_lines(tx, [found]))[0] if found else None


async def _with_lines(tx: Tx, rows: Sequence[dict[str, Any]]) -> list[SentRevision]:
    found = await repo.revision_lines_json(tx, [row["id"] for row in rows])
    lines = msgspec.json.decode(found, type=list[SentRevisionLine])
    by_revision: dict[uuid.UUID, list[SentRevisionLine]] = {}
    for line in lines:
        by_revision.setdefault(line.revision_id, []).append(line)
    return [msgspec.structs.replace(_header(row), lines=by_revision.get(row["id"], [])) for row in rows]


def _header(row: dict[str, Any]) -> SentRevision:
    return as_struct({**row, "currency": row["currency"].strip()}, SentRevision)
