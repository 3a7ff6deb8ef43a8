"""Rules of rfq.requests (docs/rfq.md). The functions under "For quotes and awards" are what
the sister packages call: they read the request and move its statuses, always on the
caller's transaction, always checked against states.py first."""

from __future__ import annotations

import base64
import binascii
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, BinaryIO, Final, TypeVar

import asyncpg
import msgspec

from hansa.audit.service import record, record_by
from hansa.core.db import Database, Tx
from hansa.core.errors import BadRequest, Forbidden
from hansa.core.files import storage_for
from hansa.core.idempotency import run_idempotent, scope_for, stored_result
from hansa.core.outbox import emit
from hansa.core.principal import org_domain
from hansa.core.resources import Resources
from hansa.core.rows import as_struct, as_structs
from hansa.core.tenancy import SYSTEM, TenantContext, schema_for, tenant_transaction
from hansa.identity.context import SupplierContext
from hansa.identity.orgs import service as orgs
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.approvals import service as approvals
from hansa.marketplace.approvals.schemas import PurchaseSummary, RfqSubject, SupplierPart
from hansa.marketplace.buyers import service as buyers
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.marketplaces import service as marketplaces
from hansa.marketplace.marketplaces.errors import MarketplaceNotFound
from hansa.marketplace.media.service import clean_filename
from hansa.notifications import service as notifications
from hansa.rfq.requests import events, states
from hansa.rfq.requests import repository as repo
from hansa.rfq.requests.checks import (
    Market,
    Problems,
    check_deadline,
    check_header,
    check_location,
    checked_lines,
    market,
)
from hansa.rfq.requests.errors import (
    FileNotFound,
    InvalidFile,
    InvalidFiles,
    InvalidRfq,
    InvitationNotFound,
    NotADraft,
    QuoteTransitionRefused,
    RfqNotFound,
    RfqTransitionRefused,
    TooManyInvitations,
)
from hansa.rfq.requests.schemas import (
    MAX_INVITATIONS,
    CancelIn,
    DeadlineIn,
    FileOut,
    FileSide,
    InboxItem,
    InboxPage,
    InvitationOut,
    InvitationPreview,
    InvitationsIn,
    InvitationView,
    NewRfq,
    OwnInvitation,
    RfqDetail,
    RfqHeader,
    RfqLineOut,
    RfqPage,
    RfqPatch,
    RfqSummary,
    SupplierRef,
    SupplierRfqView,
)
from hansa.tenants.service import tenants_by_id

CREATE_ROUTE: Final = "/api/v1/orgs/{org_id}/rfqs"
DEADLINE_BATCH: Final = 50
_TARGET: Final = "rfq"
_SUPPLIER_ROLES: Final = ("owner", "admin", "sales")

# -- For quotes and awards -------------------------------------------------------------------


async def rfq_header(tx: Tx, rfq_id: uuid.UUID, *, lock: bool = False) -> RfqHeader | None:
    """The RFQ, or None. ``lock`` holds its row until the transaction ends."""
    return await repo.rfq_header(tx, rfq_id, lock=lock)


async def buyer_rfq(tx: Tx, org_id: uuid.UUID, rfq_id: uuid.UUID, *, lock: bool = False) -> RfqHeader:
    """The RFQ of this buyer company; another company's is 404."""
    found = await repo.rfq_header(tx, rfq_id, lock=lock)
    if found is None or found.org_id != org_id:
        raise RfqNotFound("no such RFQ")
    return found


async def supplier_rfq(tx: Tx, tenant_id: uuid.UUID, rfq_id: uuid.UUID) -> tuple[RfqHeader, InvitationOut]:
    """The RFQ and this supplier's invitation; an RFQ it is not invited to (or whose
    invitation is still staged in a draft) is 404."""
    found = await repo.rfq_header(tx, rfq_id)
    invited = await repo.invitation(tx, rfq_id, tenant_id) if found else None
    if found is None or invited is None or invited.invited_at is None:
        raise RfqNotFound("no such RFQ")
    return found, invited


async def rfq_lines(tx: Tx, rfq_id: uuid.UUID, *, for_supplier: bool = False) -> list[RfqLineOut]:
    """The lines in position order; ``for_supplier`` hides the targets not shown."""
    lines = await repo.rfq_lines(tx, rfq_id)
    return [line.for_supplier() for line in lines] if for_supplier else lines


async def invitation(
    tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID, *, lock: bool = False
) -> InvitationOut | None:
    return await repo.invitation(tx, rfq_id, tenant_id, lock=lock)


async def invitations(tx: Tx, rfq_id: uuid.UUID) -> list[InvitationOut]:
    return await repo.invitations(tx, rfq_id)


async def set_quote_status(
    tx: Tx,
    rfq_id: uuid.UUID,
    tenant_id: uuid.UUID,
    status: states.QuoteStatus,
    side: states.Side,
    *,
    reason: str | None = None,
    latest_revision: int | None = None,
) -> InvitationOut:
    """Move one supplier's quote (its invitation row, locked) to ``status``; refused when
    states.py does not allow it for ``side``. ``latest_revision`` records a sent revision."""
    current = await repo.invitation(tx, rfq_id, tenant_id, lock=True)
    if current is None:
        raise RfqNotFound("no such RFQ")
    same = current.status == status
    if not same and not states.quote_allowed(current.status, status, side):
        raise QuoteTransitionRefused(f"a quote cannot go from {current.status} to {status}")
    await repo.set_quote_status(tx, rfq_id, tenant_id, status, reason=reason, latest_revision=latest_revision)
    found = await repo.invitation(tx, rfq_id, tenant_id)
    assert found is not None
    return found


async def set_rfq_status(
    tx: Tx, rfq_id: uuid.UUID, status: states.RfqStatus, side: states.Side, *, reason: str | None = None
) -> RfqHeader:
    """Move the RFQ (its row, locked) to ``status``; refused when states.py does not allow it."""
    current = await repo.rfq_header(tx, rfq_id, lock=True)
    if current is None:
        raise RfqNotFound("no such RFQ")
    if not states.rfq_allowed(current.status, status, side):
        raise RfqTransitionRefused(f"an RFQ cannot go from {current.status} to {status}")
    await repo.set_rfq_status(tx, rfq_id, status, reason=reason)
    found = await repo.rfq_header(tx, rfq_id)
    assert found is not None
    return found


# -- who the caller is ----------------------------------------------------------------------


def _buyer(ctx: OrgContext) -> uuid.UUID:
    """The buyer company; a supplier organisation has no RFQs (404, like another's)."""
    if ctx.org.kind != "buyer":
        raise RfqNotFound("no such RFQ")
    return ctx.org.id


def _user(ctx: OrgContext) -> uuid.UUID:
    if ctx.principal.user_id is None:
        raise Forbidden("only a signed-in person writes a request for quotes", code="auth.user_required")
    return ctx.principal.user_id


def _refuse(problems: Problems, message: str = "the request for quotes is not valid") -> None:
    if problems.errors:
        raise InvalidRfq(message, errors=problems.errors)


async def _audit(
    tx: Tx, ctx: OrgContext, change: str, rfq: RfqHeader, *, after: dict[str, Any] | None = None
) -> None:
    await record_by(
        tx, ctx.principal, ctx.domain, f"rfq.{change}", _TARGET, rfq.id, after=after, label=rfq.number
    )


async def _audit_system(tx: Tx, change: str, rfq: RfqHeader, after: dict[str, Any] | None = None) -> None:
    await record(
        tx,
        actor=SYSTEM,
        org=org_domain("buyer", rfq.org_id),
        action=f"rfq.{change}",
        target_type=_TARGET,
        target_id=str(rfq.id),
        after=after,
        target_label=rfq.number,
    )


# -- paging ---------------------------------------------------------------------------------


def _cursor_of(at: datetime, row_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode([at.isoformat(), str(row_id)])).decode()


def _after(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if cursor is None:
        return None
    try:
        at, row_id = msgspec.json.decode(
            base64.urlsafe_b64decode(cursor.encode()), type=tuple[str, uuid.UUID]
        )
        return datetime.fromisoformat(at), row_id
    except (binascii.Error, ValueError, msgspec.DecodeError) as exc:
        raise BadRequest(
            "not a cursor of this list",
            code="rfq.bad_cursor",
            errors=[{"field": "cursor", "message": "unknown cursor"}],
        ) from exc


# -- the buyer's request --------------------------------------------------------------------


def _number(year: int, value: int) -> str:
    return f"RFQ-{year}-{value:06d}"


async def _marketplace_id(tx: Tx, problems: Problems, slug: str) -> uuid.UUID | None:
    try:
        return (await marketplaces.active_marketplace(tx, slug)).id
    except MarketplaceNotFound:
        problems.add("marketplace", "no such marketplace")
        return None


async def create(res: Resources, ctx: OrgContext, data: NewRfq, key: str | None) -> tuple[RfqDetail, bool]:
    """``POST /rfqs``: a draft, numbered RFQ-YYYY-NNNNNN in the company's gapless sequence.
    Returns it and whether it is a replay of the same ``Idempotency-Key``."""
    org_id, user_id = _buyer(ctx), _user(ctx)
    scope = scope_for(f"{ctx.domain} user:{user_id}", "POST", CREATE_ROUTE)
    body = msgspec.json.encode(data)
    problems = Problems()
    check_header(
        problems,
        title=data.title,
        currency=data.currency,
        deadline=data.deadline,
        payment_terms_days=data.payment_terms_days,
        delivery_date=data.delivery_date,
    )
    async with res.db.transaction() as tx:
        stored = await stored_result(tx, scope=scope, key=key, body=body)
        if stored is None:
            marketplace_id = await _marketplace_id(tx, problems, data.marketplace)
            await check_location(tx, problems, org_id, data.delivery_location_id)
            where = await market(tx, marketplace_id) if marketplace_id else None
    if stored is not None:
        return await get_rfq(res, ctx, _id_of(stored.body)), True
    lines = await checked_lines(res.db, problems, where, data.lines) if where else []
    _refuse(problems)
    assert marketplace_id is not None
    async with res.db.transaction() as tx:

        async def effect() -> bytes:
            rfq_id = uuid.uuid4()
            year = datetime.now(UTC).year
            number = _number(year, await repo.next_number(tx, org_id, year))
            await repo.insert_rfq(
                tx,
                {
                    "id": rfq_id,
                    "org_id": org_id,
                    "marketplace_id": marketplace_id,
                    "number": number,
                    "title": data.title.strip(),
                    "sealed": data.sealed,
                    "currency": data.currency,
                    "deadline": data.deadline,
                    "delivery_date": data.delivery_date,
                    "delivery_location_id": data.delivery_location_id,
                    "payment_terms_days": data.payment_terms_days,
                    "note": data.note,
                    "created_by": user_id,
                },
            )
            await repo.replace_lines(tx, rfq_id, lines)
            created = await buyer_rfq(tx, org_id, rfq_id)
            await _audit(tx, ctx, "created", created, after={"title": created.title, "lines": len(lines)})
            return msgspec.json.encode({"id": rfq_id})

        result = await run_idempotent(tx, scope=scope, key=key, body=body, effect=effect, status_code=201)
    return await get_rfq(res, ctx, _id_of(result.body)), result.replayed


def _id_of(body: bytes) -> uuid.UUID:
    return uuid.UUID(msgspec.json.decode(body)["id"])


async def list_rfqs(
    res: Resources,
    ctx: OrgContext,
    *,
    status: states.RfqStatus | None = None,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> RfqPage:
    """The company's RFQs, newest first; ``search`` matches the number or the title."""
    org_id = _buyer(ctx)
    after = _after(cursor)
    async with res.db.transaction() as tx:
        rows = await repo.page_rfqs(tx, org_id, status=status, search=search, after=after, limit=limit + 1)
    items = as_structs(rows[:limit], RfqSummary)
    last = items[-1] if len(rows) > limit else None
    return RfqPage(items=items, next_cursor=_cursor_of(last.created_at, last.id) if last else None)


def estimated_total(lines: list[RfqLineOut]) -> Decimal:
    """The sum of target price x quantity; a line without a target counts 0."""
    return sum(
        (line.target_price * line.quantity for line in lines if line.target_price is not None), Decimal(0)
    )


async def _invitation_views(tx: Tx, rfq_id: uuid.UUID) -> list[InvitationView]:
    invited = await repo.invitations(tx, rfq_id)
    tenants = await tenants_by_id(tx, [i.tenant_id for i in invited])
    return [
        InvitationView(
            tenant_id=i.tenant_id,
            slug=tenants[i.tenant_id].slug if i.tenant_id in tenants else "",
            name=tenants[i.tenant_id].name if i.tenant_id in tenants else "",
            status=i.status,
            status_reason=i.status_reason,
            latest_revision=i.latest_revision,
            invited_at=i.invited_at,
            seen_at=i.seen_at,
        )
        for i in invited
    ]


async def _detail(tx: Tx, rfq: RfqHeader) -> RfqDetail:
    lines = await repo.rfq_lines(tx, rfq.id)
    return RfqDetail(
        id=rfq.id,
        number=rfq.number,
        title=rfq.title,
        status=rfq.status,
        status_reason=rfq.status_reason,
        marketplace_id=rfq.marketplace_id,
        sealed=rfq.sealed,
        currency=rfq.currency,
        deadline=rfq.deadline,
        delivery_date=rfq.delivery_date,
        delivery_location_id=rfq.delivery_location_id,
        delivery_location=rfq.delivery_location,
        payment_terms_days=rfq.payment_terms_days,
        note=rfq.note,
        estimated_total=estimated_total(lines),
        created_by=rfq.created_by,
        created_at=rfq.created_at,
        updated_at=rfq.updated_at or rfq.created_at,
        submitted_at=rfq.submitted_at,
        closed_at=rfq.closed_at,
        lines=lines,
        invitations=await _invitation_views(tx, rfq.id),
        files=[_file_out(row) for row in await repo.files_of_rfq(tx, rfq.id)],
        next=states.rfq_next(rfq.status, "buyer"),
    )


async def get_rfq(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID) -> RfqDetail:
    org_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        return await _detail(tx, await buyer_rfq(tx, org_id, rfq_id))


def _draft(rfq: RfqHeader) -> None:
    if rfq.status != "draft":
        raise NotADraft(f"the RFQ is {rfq.status}: only a draft changes")


T = TypeVar("T")
CLEARABLE = ("delivery_date", "delivery_location_id", "payment_terms_days", "note")  # null clears them


def _given(value: T | msgspec.UnsetType) -> T | None:
    """A patch's value to check: left out (UNSET) is nothing to check, like null."""
    return None if value is msgspec.UNSET else value


async def update(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, patch: RfqPatch) -> RfqDetail:
    """``PATCH /rfqs/{id}``: a draft's fields; ``lines`` replaces them all."""
    org_id = _buyer(ctx)
    _user(ctx)
    problems = Problems()
    check_header(
        problems,
        title=patch.title,
        currency=patch.currency,
        deadline=patch.deadline,
        payment_terms_days=_given(patch.payment_terms_days),
        delivery_date=_given(patch.delivery_date),
    )
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id)
        _draft(rfq)
        await check_location(tx, problems, org_id, _given(patch.delivery_location_id))
        where = await market(tx, rfq.marketplace_id) if patch.lines is not None else None
        existing = frozenset(await repo.line_ids(tx, rfq_id))
    lines = (
        await checked_lines(res.db, problems, where, patch.lines, existing)
        if where and patch.lines is not None
        else []
    )
    _refuse(problems)
    fields = {
        name: getattr(patch, name)
        for name in ("title", "currency", "deadline", "sealed")
        if getattr(patch, name) is not None
    } | {name: getattr(patch, name) for name in CLEARABLE if getattr(patch, name) is not msgspec.UNSET}
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        _draft(rfq)
        await repo.update_rfq(tx, rfq_id, fields)
        if patch.lines is not None:
            await repo.replace_lines(tx, rfq_id, lines)
        changed = {
            **msgspec.to_builtins(fields),
            **({"lines": len(lines)} if patch.lines is not None else {}),
        }
        await _audit(tx, ctx, "updated", rfq, after=changed)
        return await _detail(tx, await buyer_rfq(tx, org_id, rfq_id))


async def delete(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID) -> None:
    """``DELETE /rfqs/{id}``: a draft, its lines, invitations and files (the stored bytes
    once the rows are gone)."""
    org_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        _draft(rfq)
        keys = await repo.storage_keys(tx, rfq_id)
        await repo.delete_rfq(tx, rfq_id)
        await _audit(tx, ctx, "deleted", rfq)
    storage = storage_for(res.settings)
    for key in keys:
        await storage.delete(key)


# -- telling people -------------------------------------------------------------------------


async def _supplier_people(tx: Tx, tenant_id: uuid.UUID) -> list[uuid.UUID]:
    return await notifications.members_with_roles(tx, org_domain("supplier", tenant_id), _SUPPLIER_ROLES)


async def _params(tx: Tx, rfq: RfqHeader, **extra: Any) -> dict[str, Any]:
    buyer = await orgs.buyer_summaries(tx, [rfq.org_id])
    return {
        "rfq_id": str(rfq.id),
        "number": rfq.number,
        "title": rfq.title,
        "buyer_name": buyer[0].name if buyer else "",
        "deadline": rfq.deadline.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
        **extra,
    }


async def _tell_suppliers(
    tx: Tx, rfq: RfqHeader, tenant_ids: list[uuid.UUID], kind: str, **extra: Any
) -> None:
    """Each supplier's owners, admins and sales users, each in their language."""
    params = await _params(tx, rfq, **extra)
    for tenant_id in tenant_ids:
        await notifications.notify(tx, await _supplier_people(tx, tenant_id), kind, params, org_id=tenant_id)


async def _sent_to(tx: Tx, rfq_id: uuid.UUID, *, live_only: bool = False) -> list[uuid.UUID]:
    """The suppliers whose invitation was sent (``live_only``: not declined, withdrawn or rejected)."""
    ended = {"declined", "withdrawn", "rejected"}
    return [
        i.tenant_id
        for i in await repo.invitations(tx, rfq_id)
        if i.invited_at is not None and not (live_only and i.status in ended)
    ]


async def _invited(tx: Tx, rfq: RfqHeader, tenant_ids: list[uuid.UUID]) -> None:
    """The invitations just sent: mails, notifications, one event per supplier."""
    await _tell_suppliers(tx, rfq, tenant_ids, "rfq.invited")
    for tenant_id in tenant_ids:
        await emit(tx, events.INVITED, tenant_id=tenant_id, payload={"rfq_id": str(rfq.id)})


# -- invitations ----------------------------------------------------------------------------


def _before_deadline(rfq: RfqHeader) -> bool:
    return rfq.deadline > datetime.now(UTC)


async def _suppliers_in(db: Database, where: Market, categories: list[uuid.UUID]) -> list[uuid.UUID]:
    """The approved, active suppliers with a published product in these categories or below
    (one read of each supplier's schema)."""
    wanted = list(where.descendants(categories))
    found = []
    for tenant_id in sorted(where.suppliers, key=lambda t: where.suppliers[t].name):
        async with tenant_transaction(db, TenantContext(tenant_id, schema_for(tenant_id))) as tx:
            publishes = await catalog.has_published_in(tx, wanted)
        if publishes:
            found.append(tenant_id)
    return found


async def _chosen(res: Resources, where: Market, data: InvitationsIn, problems: Problems) -> list[uuid.UUID]:
    """The suppliers named by slug, then those of the categories, without repeats."""
    chosen: list[uuid.UUID] = []
    by_slug = {t.slug: t.id for t in where.suppliers.values()}
    for index, slug in enumerate(data.suppliers):
        if slug not in by_slug:
            problems.add(f"suppliers[{index}]", "not a supplier approved on this marketplace")
        elif by_slug[slug] not in chosen:
            chosen.append(by_slug[slug])
    for index, category_id in enumerate(data.categories):
        if category_id not in where.category_ids:
            problems.add(f"categories[{index}]", "not a category of this marketplace")
    if data.categories and not problems.errors:
        chosen += [t for t in await _suppliers_in(res.db, where, data.categories) if t not in chosen]
    return chosen


async def preview_invitations(
    res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, categories: list[uuid.UUID]
) -> InvitationPreview:
    """``GET /rfqs/{id}/invitations/preview?categories=``: who "all approved suppliers listed
    in these categories" would invite, and how many more the RFQ may take."""
    org_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id)
        where = await market(tx, rfq.marketplace_id)
        already = {i.tenant_id for i in await repo.invitations(tx, rfq_id)}
    problems = Problems()
    chosen = await _chosen(res, where, InvitationsIn(categories=categories), problems)
    _refuse(problems)
    return InvitationPreview(
        suppliers=[
            SupplierRef(
                tenant_id=t, slug=where.suppliers[t].slug, name=where.suppliers[t].name, invited=t in already
            )
            for t in chosen
        ],
        room=MAX_INVITATIONS - len(already),
    )


async def invite(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, data: InvitationsIn) -> RfqDetail:
    """``POST /rfqs/{id}/invitations``: staged while a draft (or waiting for approval), sent at
    once while open and before the deadline; at most 50 per RFQ."""
    org_id, user_id = _buyer(ctx), _user(ctx)
    if not data.suppliers and not data.categories:
        raise InvalidRfq("name suppliers or categories", errors=[{"field": "suppliers", "message": "empty"}])
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id)
        _invitable(rfq)
        where = await market(tx, rfq.marketplace_id)
    problems = Problems()
    chosen = await _chosen(res, where, data, problems)
    _refuse(problems)
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        _invitable(rfq)
        already = {i.tenant_id for i in await repo.invitations(tx, rfq_id)}
        new = [t for t in chosen if t not in already]
        if len(already) + len(new) > MAX_INVITATIONS:
            raise TooManyInvitations(
                f"an RFQ invites at most {MAX_INVITATIONS} suppliers",
                errors=[{"field": "suppliers", "message": f"{MAX_INVITATIONS - len(already)} more at most"}],
            )
        send = rfq.status == "open"
        try:
            await repo.insert_invitations(tx, rfq_id, new, user_id, send=send)
        except asyncpg.CheckViolationError as exc:  # the database's bound (a concurrent invite)
            raise TooManyInvitations(f"an RFQ invites at most {MAX_INVITATIONS} suppliers") from exc
        if new:
            await _audit(tx, ctx, "invited", rfq, after={"tenant_ids": [str(t) for t in new], "sent": send})
        if send and new:
            await _invited(tx, rfq, new)
        return await _detail(tx, rfq)


def _invitable(rfq: RfqHeader) -> None:
    if rfq.status in ("draft", "pending_approval"):
        return
    if rfq.status != "open" or not _before_deadline(rfq):
        raise RfqTransitionRefused(f"the RFQ is {rfq.status}: suppliers are invited until its deadline")


async def remove_invitation(
    res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, tenant_id: uuid.UUID
) -> RfqDetail:
    """``DELETE /rfqs/{id}/invitations/{tenant_id}``: a staged invitation (a sent one stays)."""
    org_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        if not await repo.delete_staged(tx, rfq_id, tenant_id):
            raise InvitationNotFound("no staged invitation of this supplier")
        await _audit(tx, ctx, "invitation_removed", rfq, after={"tenant_id": str(tenant_id)})
        return await _detail(tx, rfq)


# -- submit and approval ----------------------------------------------------------------------


async def submit(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID) -> RfqDetail:
    """``POST /rfqs/{id}/submit``: checks, then the company's approval rules on the estimated
    value: above them the RFQ waits (``pending_approval``, a purchase request); else it opens
    and its invitations are sent."""
    org_id, user_id = _buyer(ctx), _user(ctx)
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        _draft(rfq)
        lines = await repo.rfq_lines(tx, rfq_id)
        invited = await repo.invitations(tx, rfq_id)
        location = await _submit_checks(tx, rfq, lines, invited)
        total = estimated_total(lines)
        summary = _summary(rfq, user_id, lines, total)
        plan = await approvals.approval_plan(tx, summary)
        await repo.update_rfq(
            tx,
            rfq_id,
            {"estimated_total": total, "delivery_location": location, "submitted_at": datetime.now(UTC)},
        )
        if plan.needed:
            rfq = await set_rfq_status(tx, rfq_id, "pending_approval", "buyer")
            await approvals.open_request(tx, None, summary, plan, rfq_id=rfq_id)
        else:
            rfq = await _open(tx, rfq)
        await _audit(tx, ctx, "submitted", rfq, after={"status": rfq.status, "estimated_total": str(total)})
        await emit(tx, events.SUBMITTED, payload={"rfq_id": str(rfq_id), "status": rfq.status})
        return await _detail(tx, rfq)


async def _submit_checks(
    tx: Tx, rfq: RfqHeader, lines: list[RfqLineOut], invited: list[InvitationOut]
) -> dict[str, Any] | None:
    problems = Problems()
    if not lines:
        problems.add("lines", "at least one line")
    if not invited:
        problems.add("invitations", "invite at least one supplier")
    check_deadline(problems, rfq.deadline, datetime.now(UTC))
    check_header(
        problems,
        title=None,
        currency=rfq.currency,
        deadline=None,
        payment_terms_days=None,
        delivery_date=None,
    )
    location = None
    if rfq.delivery_location_id is not None:
        await check_location(tx, problems, rfq.org_id, rfq.delivery_location_id)
        if not problems.errors:
            snapshot = await buyers.location_snapshot(tx, rfq.org_id, rfq.delivery_location_id)
            location = msgspec.to_builtins(snapshot)
    _refuse(problems, "the RFQ cannot be submitted yet")
    return location


def _summary(rfq: RfqHeader, user_id: uuid.UUID, lines: list[RfqLineOut], total: Decimal) -> PurchaseSummary:
    """The RFQ as approvals reads it: one part, its estimated value, its categories."""
    categories = [line.category_id for line in lines if line.category_id is not None]
    part = SupplierPart(
        tenant_id=None,
        supplier_name=f"{rfq.number} “{rfq.title}”",
        currency=rfq.currency,
        total=total,
        category_ids=list(dict.fromkeys(categories)),
    )
    subject = RfqSubject(
        id=rfq.id, number=rfq.number, title=rfq.title, currency=rfq.currency, estimated_total=total
    )
    return PurchaseSummary(org_id=rfq.org_id, requester_id=user_id, parts=[part], rfq=subject)


async def _open(tx: Tx, rfq: RfqHeader) -> RfqHeader:
    """Open the RFQ (the buyer's submit, or the approval) and send its staged invitations."""
    side: states.Side = "buyer" if rfq.status == "draft" else "system"
    opened = await set_rfq_status(tx, rfq.id, "open", side)
    await repo.update_rfq(tx, rfq.id, {"opened_at": datetime.now(UTC)})
    await _invited(tx, opened, await repo.send_staged(tx, rfq.id))
    return opened


async def approved(tx: Tx, rfq_id: uuid.UUID) -> None:
    """Its purchase request was approved (approvals.rfq_approved): the RFQ opens. Once: a
    second delivery finds it no longer waiting."""
    rfq = await repo.rfq_header(tx, rfq_id, lock=True)
    if rfq is None or rfq.status != "pending_approval":
        return
    opened = await _open(tx, rfq)
    await _audit_system(tx, "approved", opened)


async def rejected(tx: Tx, rfq_id: uuid.UUID, reason: str | None) -> None:
    """Its purchase request was rejected: back to a draft, with the reason (approvals told
    the author)."""
    rfq = await repo.rfq_header(tx, rfq_id, lock=True)
    if rfq is None or rfq.status != "pending_approval":
        return
    back = await set_rfq_status(tx, rfq_id, "draft", "system", reason=reason or "rejected by an approver")
    await _audit_system(tx, "approval_rejected", back, {"reason": back.status_reason})


# -- while open -----------------------------------------------------------------------------


async def extend_deadline(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, data: DeadlineIn) -> RfqDetail:
    """``POST /rfqs/{id}/deadline``: only later, only while open; the suppliers still in are told."""
    org_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        if rfq.status != "open":
            raise RfqTransitionRefused(f"the RFQ is {rfq.status}: only an open RFQ's deadline moves")
        problems = Problems()
        check_deadline(problems, data.deadline, datetime.now(UTC))
        if not problems.errors and data.deadline <= rfq.deadline:
            problems.add("deadline", "later than the current deadline")
        _refuse(problems)
        await repo.update_rfq(tx, rfq_id, {"deadline": data.deadline})
        moved = await buyer_rfq(tx, org_id, rfq_id)
        await _audit(tx, ctx, "deadline_extended", moved, after={"deadline": data.deadline.isoformat()})
        await _tell_suppliers(tx, moved, await _sent_to(tx, rfq_id, live_only=True), "rfq.deadline_extended")
        await emit(tx, events.DEADLINE_EXTENDED, payload={"rfq_id": str(rfq_id)})
        return await _detail(tx, moved)


async def close(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID) -> RfqDetail:
    """``POST /rfqs/{id}/close``: no more quotes; the suppliers are told."""
    org_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        await buyer_rfq(tx, org_id, rfq_id, lock=True)
        closed = await set_rfq_status(tx, rfq_id, "closed", "buyer")
        await _audit(tx, ctx, "closed", closed)
        await _tell_suppliers(tx, closed, await _sent_to(tx, rfq_id, live_only=True), "rfq.closed")
        await emit(tx, events.CLOSED, payload={"rfq_id": str(rfq_id), "by": "buyer"})
        return await _detail(tx, closed)


async def cancel(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, data: CancelIn) -> RfqDetail:
    """``POST /rfqs/{id}/cancel``: every quote still in is rejected, everyone invited told."""
    org_id = _buyer(ctx)
    reason = data.reason.strip()
    if not reason:
        raise InvalidRfq("give a reason", errors=[{"field": "reason", "message": "give a reason"}])
    async with res.db.transaction() as tx:
        before = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        cancelled = await set_rfq_status(tx, rfq_id, "cancelled", "buyer", reason=reason)
        if before.status == "pending_approval":
            await approvals.cancel_rfq_request(tx, rfq_id)
        for i in await repo.invitations(tx, rfq_id):
            if states.quote_allowed(i.status, "rejected", "system"):
                await set_quote_status(tx, rfq_id, i.tenant_id, "rejected", "system", reason=reason)
        await _audit(tx, ctx, "cancelled", cancelled, after={"reason": reason})
        await _tell_suppliers(tx, cancelled, await _sent_to(tx, rfq_id), "rfq.cancelled", reason=reason)
        await emit(tx, events.CANCELLED, payload={"rfq_id": str(rfq_id)})
        return await _detail(tx, cancelled)


# -- the deadline job -----------------------------------------------------------------------


async def close_past_deadlines(db: Database, *, batch: int = DEADLINE_BATCH) -> int:
    """Close the open RFQs whose deadline passed, a batch per transaction; the buyer's author
    and the suppliers still in are told. Safe on several workers (SKIP LOCKED: each RFQ
    closes in one run). Returns how many closed."""
    total = 0
    while True:
        async with db.transaction() as tx:
            closed = await repo.close_past_deadline(tx, batch)
            for rfq_id in closed:
                await _closed_by_deadline(tx, rfq_id)
        total += len(closed)
        if len(closed) < batch:
            return total


async def _closed_by_deadline(tx: Tx, rfq_id: uuid.UUID) -> None:
    rfq = await repo.rfq_header(tx, rfq_id)
    assert rfq is not None
    await _audit_system(tx, "closed", rfq, {"by": "deadline"})
    if rfq.created_by is not None:
        params = await _params(tx, rfq)
        await notifications.notify(tx, [rfq.created_by], "rfq.deadline_passed", params, org_id=rfq.org_id)
    await _tell_suppliers(tx, rfq, await _sent_to(tx, rfq_id, live_only=True), "rfq.closed")
    await emit(tx, events.CLOSED, payload={"rfq_id": str(rfq_id), "by": "deadline"})


# -- the supplier's side ----------------------------------------------------------------------


async def inbox(
    res: Resources,
    ctx: TenantContext,
    *,
    status: states.QuoteStatus | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> InboxPage:
    """``GET /suppliers/{tenant}/rfqs``: its invitations, newest first (staged ones never)."""
    after = _after(cursor)
    async with res.db.transaction() as tx:
        rows = await repo.inbox(tx, ctx.tenant_id, status=status, after=after, limit=limit + 1)
        names = {b.id: b.name for b in await orgs.buyer_summaries(tx, list({row["org_id"] for row in rows}))}
    items = [
        InboxItem(**{**_without(row, "org_id"), "buyer_name": names.get(row["org_id"], "")})
        for row in rows[:limit]
    ]
    last = items[-1] if len(rows) > limit else None
    return InboxPage(items=items, next_cursor=_cursor_of(last.invited_at, last.rfq_id) if last else None)


def _without(row: asyncpg.Record, *names: str) -> dict[str, Any]:
    return {key: value for key, value in dict(row).items() if key not in names}


async def supplier_view(res: Resources, ctx: TenantContext, rfq_id: uuid.UUID) -> SupplierRfqView:
    """``GET /suppliers/{tenant}/rfqs/{id}``: the request as this supplier sees it; its
    invitation is marked seen."""
    async with res.db.transaction() as tx:
        rfq, invited = await supplier_rfq(tx, ctx.tenant_id, rfq_id)
        await repo.mark_seen(tx, rfq_id, ctx.tenant_id)
        invited = await repo.invitation(tx, rfq_id, ctx.tenant_id) or invited
        buyer = await orgs.buyer_summaries(tx, [rfq.org_id])
        return SupplierRfqView(
            id=rfq.id,
            number=rfq.number,
            title=rfq.title,
            status=rfq.status,
            status_reason=rfq.status_reason if rfq.status == "cancelled" else None,
            buyer_name=buyer[0].name if buyer else "",
            sealed=rfq.sealed,
            currency=rfq.currency,
            deadline=rfq.deadline,
            delivery_date=rfq.delivery_date,
            delivery_location=rfq.delivery_location,
            payment_terms_days=rfq.payment_terms_days,
            note=rfq.note,
            lines=await rfq_lines(tx, rfq_id, for_supplier=True),
            invitation=OwnInvitation(
                status=invited.status,
                status_reason=invited.status_reason,
                latest_revision=invited.latest_revision,
                invited_at=invited.invited_at,
                seen_at=invited.seen_at,
            ),
            files=[_file_out(row) for row in await repo.files_of_rfq(tx, rfq_id, tenant_id=ctx.tenant_id)],
        )


# -- files ----------------------------------------------------------------------------------

# content type -> how its first bytes start (None: text, no NUL byte)
FILE_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/webp": (b"RIFF",),
    "image/vnd.dwg": (b"AC10", b"AC1.", b"AC2.", b"AC1"),
    "application/acad": (b"AC1",),
    "application/x-dwg": (b"AC1",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "text/csv": None,
}


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    content_type: str
    file: BinaryIO
    line_id: uuid.UUID | None = None
    purpose: str = "request"
    supplier_id: uuid.UUID | None = None  # the buyer's message file: the thread it is for


def _file_out(row: asyncpg.Record) -> FileOut:
    return as_struct(row, FileOut)


def _file_problem(field: str, message: str, code: str = "rfq.invalid_file") -> InvalidFile:
    return InvalidFile(message, code=code, errors=[{"field": field, "message": message}])


def _looks_like(content_type: str, head: bytes) -> bool:
    starts = FILE_TYPES[content_type]
    if starts is None:
        return b"\x00" not in head
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return head.startswith(starts)


def check_file(upload: Upload, max_bytes: int) -> int:
    """The upload's size, once its type, size and first bytes agree (the media rules); 422."""
    if upload.content_type not in FILE_TYPES:
        raise _file_problem("file", "PDF, PNG, JPEG, WEBP, DWG, XLSX, CSV or DOCX", "rfq.content_type")
    upload.file.seek(0, os.SEEK_END)
    size = upload.file.tell()
    upload.file.seek(0)
    if size == 0:
        raise _file_problem("file", "empty")
    if size > max_bytes:
        raise _file_problem("file", f"at most {max_bytes} bytes", "rfq.too_large")
    head = upload.file.read(16)
    upload.file.seek(0)
    if not _looks_like(upload.content_type, head):
        raise _file_problem("file", "content does not match its type", "rfq.content_mismatch")
    return size


async def _store(
    res: Resources,
    rfq: RfqHeader,
    upload: Upload,
    size: int,
    owner: tuple[FileSide, uuid.UUID | None],
    user_id: uuid.UUID | None,
    recheck: Callable[[Tx], Awaitable[None]],
) -> FileOut:
    """Write the bytes (streamed by the storage, off the event loop), then the row; a failed
    insert removes the bytes. ``owner``: the side that uploads and the supplier whose quote or
    thread it is (None: the request's)."""
    side, tenant_id = owner
    storage = storage_for(res.settings)
    file_id = uuid.uuid4()
    key = f"rfq/{rfq.id}/{file_id}"
    stored = await storage.put(key, upload.file, upload.content_type)
    if stored.size != size:
        await storage.delete(key)
        raise _file_problem("file", "the file changed while it was stored")
    try:
        async with res.db.transaction() as tx:
            await recheck(tx)
            await repo.insert_file(
                tx,
                {
                    "id": file_id,
                    "rfq_id": rfq.id,
                    "purpose": upload.purpose,
                    "side": side,
                    "line_id": upload.line_id,
                    "tenant_id": tenant_id,
                    "storage_key": key,
                    "filename": clean_filename(upload.filename),
                    "content_type": upload.content_type,
                    "size_bytes": stored.size,
                    "uploaded_by": user_id,
                },
            )
            row = await repo.file_row(tx, rfq.id, file_id)
    except BaseException:
        await storage.delete(key)
        raise
    assert row is not None
    return _file_out(row)


async def upload_buyer_file(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, upload: Upload) -> FileOut:
    """``POST /rfqs/{id}/files``: purpose ``request``, a drawing or specification of the
    request (draft or open), on a line or the whole request, read by every invited supplier;
    purpose ``message``, a file for the thread with one supplier (``supplier_id``), read by
    that supplier only and attached when the message is sent."""
    if upload.purpose == "message":
        return await _upload_message_file(res, ctx, rfq_id, upload)
    if upload.purpose != "request":
        raise _file_problem("purpose", "request or message")
    org_id, user_id = _buyer(ctx), _user(ctx)

    async def recheck(tx: Tx) -> None:
        rfq = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        if rfq.status not in ("draft", "open"):
            raise RfqTransitionRefused(f"the RFQ is {rfq.status}: files are added to a draft or an open RFQ")
        if upload.line_id is not None and upload.line_id not in await repo.line_ids(tx, rfq_id):
            raise _file_problem("line_id", "not a line of this RFQ")

    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id)
        await recheck(tx)
    size = check_file(upload, res.settings.media_max_bytes)
    stored = await _store(res, rfq, upload, size, ("buyer", None), user_id, recheck)
    async with res.db.transaction() as tx:
        await _audit(
            tx, ctx, "file_added", rfq, after={"file_id": str(stored.id), "filename": stored.filename}
        )
    return stored


async def _upload_message_file(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, upload: Upload) -> FileOut:
    if upload.line_id is not None:
        raise _file_problem("line_id", "a message's file is not on a line")
    supplier_id = upload.supplier_id
    if supplier_id is None:
        raise _file_problem("supplier_id", "required: the supplier whose thread the file is for")
    org_id = _buyer(ctx)

    async def recheck(tx: Tx) -> None:
        rfq = await buyer_rfq(tx, org_id, rfq_id)
        if rfq.status in ("draft", "pending_approval", "cancelled"):
            raise RfqTransitionRefused(f"the RFQ is {rfq.status}: its threads take no files")
        found = await repo.invitation(tx, rfq_id, supplier_id)
        if found is None or found.invited_at is None:
            raise _file_problem("supplier_id", "not a supplier invited to this RFQ")

    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id)
        await recheck(tx)
    size = check_file(upload, res.settings.media_max_bytes)
    return await _store(res, rfq, upload, size, ("buyer", supplier_id), _user(ctx), recheck)


async def upload_supplier_file(
    res: Resources, ctx: SupplierContext, rfq_id: uuid.UUID, upload: Upload
) -> FileOut:
    """``POST /suppliers/{tenant}/rfqs/{id}/files``: a file for its quote or its thread, read by
    the buyer and this supplier only; attached when the revision or message is sent."""
    if upload.purpose not in ("quote", "message"):
        raise _file_problem("purpose", "quote or message")
    if upload.line_id is not None:
        raise _file_problem("line_id", "a supplier's file is not on a line")
    if upload.supplier_id is not None:
        raise _file_problem("supplier_id", "a supplier's file is for its own quote or thread")

    async def recheck(tx: Tx) -> None:
        rfq, _ = await supplier_rfq(tx, ctx.tenant_id, rfq_id)
        if rfq.status in ("cancelled", "awarded"):
            raise RfqTransitionRefused(f"the RFQ is {rfq.status}")

    async with res.db.transaction() as tx:
        rfq, _ = await supplier_rfq(tx, ctx.tenant_id, rfq_id)
        await recheck(tx)
    size = check_file(upload, res.settings.media_max_bytes)
    return await _store(res, rfq, upload, size, ("supplier", ctx.tenant_id), ctx.principal.user_id, recheck)


@dataclass(frozen=True, slots=True)
class Download:
    filename: str
    content_type: str
    size: int
    chunks: AsyncIterator[bytes]


async def _download(res: Resources, row: asyncpg.Record | None) -> Download:
    if row is None:
        raise FileNotFound("no such file")
    return Download(
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size_bytes"],
        chunks=storage_for(res.settings).open(row["storage_key"]),
    )


async def buyer_download(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, file_id: uuid.UUID) -> Download:
    """Any file of the company's RFQ: the request's, and every supplier's quote and thread files."""
    org_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        await buyer_rfq(tx, org_id, rfq_id)
        row = await repo.file_row(tx, rfq_id, file_id)
    return await _download(res, row)


async def supplier_download(
    res: Resources, ctx: TenantContext, rfq_id: uuid.UUID, file_id: uuid.UUID
) -> Download:
    """The request's files and its own; another supplier's is 404, like an RFQ it is not on."""
    async with res.db.transaction() as tx:
        await supplier_rfq(tx, ctx.tenant_id, rfq_id)
        row = await repo.file_row(tx, rfq_id, file_id)
    if row is not None and row["purpose"] != "request" and row["tenant_id"] != ctx.tenant_id:
        row = None
    return await _download(res, row)


async def delete_file(res: Resources, ctx: OrgContext, rfq_id: uuid.UUID, file_id: uuid.UUID) -> None:
    """``DELETE /rfqs/{id}/files/{file_id}``: a request file of a draft."""
    org_id = _buyer(ctx)
    async with res.db.transaction() as tx:
        rfq = await buyer_rfq(tx, org_id, rfq_id, lock=True)
        row = await repo.file_row(tx, rfq_id, file_id, lock=True)
        if row is None or row["purpose"] != "request":
            raise FileNotFound("no such file")
        _draft(rfq)
        await repo.delete_file(tx, file_id)
        await _audit(
            tx, ctx, "file_removed", rfq, after={"file_id": str(file_id), "filename": row["filename"]}
        )
    await storage_for(res.settings).delete(row["storage_key"])


# -- files, for quotes -------------------------------------------------------------------------


async def attach_files(
    tx: Tx,
    rfq_id: uuid.UUID,
    tenant_id: uuid.UUID | None,
    purpose: str,
    file_ids: list[uuid.UUID],
    owner_ref: uuid.UUID,
    *,
    side: FileSide = "supplier",
) -> list[FileOut]:
    """Attach uploads to what was just sent (a revision, a message: ``owner_ref``). Each id
    must be an unattached upload of this RFQ, of this purpose, uploaded by this ``side`` for
    this supplier's quote or thread (``tenant_id``); else 422 naming ``files[i]``, nothing
    attached."""
    rows = {row["id"]: row for row in await repo.files_by_ids(tx, rfq_id, list(dict.fromkeys(file_ids)))}
    problems = Problems()
    for index, file_id in enumerate(file_ids):
        row = rows.get(file_id)
        if row is None or row["purpose"] != purpose or row["tenant_id"] != tenant_id or row["side"] != side:
            problems.add(f"files[{index}]", "no such upload of yours on this RFQ")
        elif row["owner_ref"] is not None:
            problems.add(f"files[{index}]", "already attached")
        elif file_id in file_ids[:index]:
            problems.add(f"files[{index}]", "named twice")
    if problems.errors:
        raise InvalidFiles("some files cannot be attached", errors=problems.errors)
    if file_ids:
        await repo.set_owner(tx, file_ids, owner_ref)
    return [
        msgspec.structs.replace(_file_out(rows[file_id]), owner_ref=owner_ref)
        for file_id in dict.fromkeys(file_ids)
    ]


async def files_of(tx: Tx, rfq_id: uuid.UUID, owner_refs: list[uuid.UUID]) -> dict[uuid.UUID, list[FileOut]]:
    """The files attached to each of these revisions or messages (one query)."""
    found: dict[uuid.UUID, list[FileOut]] = {ref: [] for ref in owner_refs}
    for row in await repo.files_by_owner(tx, rfq_id, owner_refs) if owner_refs else []:
        found[row["owner_ref"]].append(_file_out(row))
    return found
