"""Every query of rfq.requests' tables: Piccolo on ``tx``; SQL where a row lock is needed
(Piccolo has no FOR UPDATE)."""

from __future__ import annotations

import uuid
from typing import Any

from hansa.core.db import DB_NOW, Tx
from hansa.core.rows import as_struct, as_structs
from hansa.rfq.requests.schemas import InvitationOut, RfqHeader, RfqLineOut
from hansa.rfq.requests.tables import Rfq, RfqInvitation, RfqLine

_INVITATION_COLUMNS = (
    "rfq_id, tenant_id, position, status, status_reason, latest_revision, invited_at, seen_at, updated_at"
)


async def rfq_header(tx: Tx, rfq_id: uuid.UUID, *, lock: bool = False) -> RfqHeader | None:
    if lock:
        row = await tx.fetchrow("SELECT * FROM public.rfq WHERE id = $1 FOR UPDATE", rfq_id)
        return as_struct(row, RfqHeader) if row else None
    found = await Rfq.select().where(Rfq.id == rfq_id).first().run()
    return as_struct(found, RfqHeader) if found else None


async def rfq_lines(tx: Tx, rfq_id: uuid.UUID) -> list[RfqLineOut]:
    rows = await RfqLine.select().where(RfqLine.rfq_id == rfq_id).order_by(RfqLine.position).run()
    return as_structs(rows, RfqLineOut)


async def invitation(
    tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID, *, lock: bool = False
) -> InvitationOut | None:
    lock_clause = " FOR UPDATE" if lock else ""
    row = await tx.fetchrow(
        f"SELECT {_INVITATION_COLUMNS} FROM public.rfq_invitation"
        f" WHERE rfq_id = $1 AND tenant_id = $2{lock_clause}",
        rfq_id,
        tenant_id,
    )
    return as_struct(row, InvitationOut) if row else None


async def invitations(tx: Tx, rfq_id: uuid.UUID) -> list[InvitationOut]:
    rows = (
        await RfqInvitation.select()
        .where(RfqInvitation.rfq_id == rfq_id)
        .order_by(RfqInvitation.position)
        .run()
    )
    return as_structs(rows, InvitationOut)


async def set_quote_status(
    tx: Tx,
    rfq_id: uuid.UUID,
    tenant_id: uuid.UUID,
    status: str,
    *,
    reason: str | None,
    latest_revision: int | None,
) -> None:
    values: dict[Any, Any] = {
        RfqInvitation.status: status,
        RfqInvitation.status_reason: reason,
        RfqInvitation.updated_at: DB_NOW,
    }
    if latest_revision is not None:
        values[RfqInvitation.latest_revision] = latest_revision
    await (
        RfqInvitation.update(values)
        .where((RfqInvitation.rfq_id == rfq_id) & (RfqInvitation.tenant_id == tenant_id))
        .run()
    )


async def set_rfq_status(tx: Tx, rfq_id: uuid.UUID, status: str, *, reason: str | None) -> None:
    closing = status in ("closed", "awarded", "cancelled")
    await tx.execute(
        "UPDATE public.rfq SET status = $2, status_reason = $3, updated_at = now(),"
        " closed_at = CASE WHEN $4 THEN coalesce(closed_at, now()) ELSE closed_at END WHERE id = $1",
        rfq_id,
        status,
        reason,
        closing,
    )
