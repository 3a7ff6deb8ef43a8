"""Rules of rfq.awards (docs/rfq.md, "Comparison and award"): the buyer's comparison of the
latest sent revisions (public only: never a supplier's schema), the award per line into
orders (through checkout's placement) and contract price lists (one resumable step per
awarded supplier, in its schema)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

import msgspec

from hansa.core.db import Database
from hansa.identity.orgs.service import OrgContext
from hansa.rfq.awards.errors import Sealed
from hansa.rfq.awards.quoting import LIVE, line_total, unit_price_at
from hansa.rfq.awards.schemas import Cell, ComparisonLine, ComparisonOut, ComparisonSupplier
from hansa.rfq.quotes import service as quotes
from hansa.rfq.quotes.schemas import RevisionLineOut, RevisionOut
from hansa.rfq.requests import service as requests
from hansa.rfq.requests.schemas import InvitationOut, RfqHeader, RfqLineOut
from hansa.tenants import service as tenants
from hansa.tenants.schemas import TenantOut

SHOWN = (*LIVE, "accepted", "expired")  # quotes whose prices the comparison shows


def sealed_now(rfq: RfqHeader) -> bool:
    """Sealed and before the deadline: nobody sees prices yet."""
    return rfq.sealed and rfq.status == "open" and datetime.now(UTC) < rfq.deadline


# -- the comparison ----------------------------------------------------------------------------


async def comparison(db: Database, ctx: OrgContext, rfq_id: uuid.UUID) -> ComparisonOut:
    """``GET .../rfqs/{id}/comparison``: lines x invited suppliers (three queries beyond the
    request: revisions, their lines, supplier names)."""
    async with db.transaction() as tx:
        rfq = await requests.buyer_rfq(tx, ctx.org.id, rfq_id)
        if sealed_now(rfq):
            raise Sealed("this RFQ is sealed until its deadline: prices are compared after it")
        lines = await requests.rfq_lines(tx, rfq_id)
        invited = [i for i in await requests.invitations(tx, rfq_id) if i.invited_at is not None]
        revisions = {r.tenant_id: r for r in await quotes.latest_revisions(tx, rfq_id)}
        names = await tenants.tenants_by_id(tx, [i.tenant_id for i in invited])
    return build_comparison(rfq, lines, invited, revisions, names)


def build_comparison(
    rfq: RfqHeader,
    lines: Sequence[RfqLineOut],
    invited: Sequence[InvitationOut],
    revisions: dict[uuid.UUID, RevisionOut],
    names: dict[uuid.UUID, TenantOut],
) -> ComparisonOut:
    """The matrix from what was read (pure: no query)."""
    shown = {
        i.tenant_id: revisions[i.tenant_id]
        for i in invited
        if i.status in SHOWN and i.tenant_id in revisions and _same_currency(rfq, revisions[i.tenant_id])
    }
    answers = {tid: {line.line_id: line for line in r.lines} for tid, r in shown.items()}
    live = {i.tenant_id for i in invited if i.tenant_id in shown and i.status in (*LIVE, "accepted")}
    rows = [_line(rfq, line, invited, shown, answers, live) for line in lines]
    suppliers = [
        _supplier(i, shown.get(i.tenant_id), names.get(i.tenant_id), [row.cells[index] for row in rows], live)
        for index, i in enumerate(invited)
    ]
    return ComparisonOut(
        rfq_id=rfq.id,
        number=rfq.number,
        title=rfq.title,
        status=rfq.status,
        currency=rfq.currency,
        sealed=rfq.sealed,
        deadline=rfq.deadline,
        suppliers=suppliers,
        lines=rows,
    )


def _same_currency(rfq: RfqHeader, revision: RevisionOut) -> bool:
    """Sending refuses a quote in another currency; one that got in anyway is not compared."""
    return revision.currency == rfq.currency


def _line(
    rfq: RfqHeader,
    line: RfqLineOut,
    invited: Sequence[InvitationOut],
    shown: dict[uuid.UUID, RevisionOut],
    answers: dict[uuid.UUID, dict[uuid.UUID, RevisionLineOut]],
    live: set[uuid.UUID],
) -> ComparisonLine:
    cells = [_cell(rfq, line, i.tenant_id, shown, answers, live) for i in invited]
    priced = [c for c in cells if c.live and c.line_total is not None]
    lowest = min((c.line_total for c in priced if c.line_total is not None), default=None)
    timed = [c.lead_time_days for c in priced if c.lead_time_days is not None]
    fastest = min(timed, default=None)
    marked = [
        _mark(
            c,
            c.live and lowest is not None and c.line_total == lowest,
            c.live and fastest is not None and c.lead_time_days == fastest and c.line_total is not None,
        )
        for c in cells
    ]
    target_total = (
        None if line.target_price is None else line_total(line.quantity, line.target_price, rfq.currency)
    )
    return ComparisonLine(
        id=line.id,
        position=line.position,
        kind=line.kind,
        sku=line.sku,
        description=line.description,
        unit=line.unit,
        quantity=line.quantity,
        target_price=line.target_price,
        target_total=target_total,
        lowest=[c.tenant_id for c in marked if c.lowest],
        fastest=[c.tenant_id for c in marked if c.fastest],
        cells=marked,
    )


def _mark(cell: Cell, lowest: bool, fastest: bool) -> Cell:
    return msgspec.structs.replace(cell, lowest=lowest, fastest=fastest) if lowest or fastest else cell


def _cell(
    rfq: RfqHeader,
    line: RfqLineOut,
    tenant_id: uuid.UUID,
    shown: dict[uuid.UUID, RevisionOut],
    answers: dict[uuid.UUID, dict[uuid.UUID, RevisionLineOut]],
    live: set[uuid.UUID],
) -> Cell:
    answer = answers.get(tenant_id, {}).get(line.id)
    if answer is None:
        return Cell(tenant_id=tenant_id, status="no_answer")
    base = Cell(
        tenant_id=tenant_id,
        status="not_quoted",
        live=tenant_id in live,
        valid_until=shown[tenant_id].valid_until,
        note=answer.note,
        alternative_sku=answer.alternative_sku,
        alternative_description=answer.alternative_description,
    )
    if answer.status != "quoted" or answer.unit_price is None:
        return base
    unit = unit_price_at(answer.unit_price, answer.breaks, line.quantity)
    return msgspec.structs.replace(
        base,
        status="quoted",
        sku=answer.sku,
        unit_price=unit,
        line_total=line_total(line.quantity, unit, rfq.currency),
        lead_time_days=answer.lead_time_days,
        moq=answer.moq,
    )


def _supplier(
    invitation: InvitationOut,
    revision: RevisionOut | None,
    tenant: TenantOut | None,
    cells: Sequence[Cell],
    live: set[uuid.UUID],
) -> ComparisonSupplier:
    mine = [c for c in cells if c.status == "quoted"]
    return ComparisonSupplier(
        tenant_id=invitation.tenant_id,
        name=tenant.name if tenant else "",
        slug=tenant.slug if tenant else "",
        status=invitation.status,
        live=invitation.tenant_id in live,
        revision_id=revision.id if revision else None,
        revision_number=revision.number if revision else None,
        sent_at=revision.sent_at if revision else None,
        valid_until=revision.valid_until if revision else None,
        payment_terms_days=revision.payment_terms_days if revision else None,
        incoterms=revision.incoterms if revision else None,
        delivery_terms=revision.delivery_terms if revision else None,
        quoted_lines=len(mine),
        total=sum((c.line_total for c in mine if c.line_total is not None), Decimal(0)) if revision else None,
    )
