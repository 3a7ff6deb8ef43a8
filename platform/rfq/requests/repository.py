"""Every query of rfq.requests' tables: Piccolo on ``tx``; SQL where a row lock is needed
(Piccolo has no FOR UPDATE)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg

from hansa.core.db import DB_NOW, Tx
from hansa.core.rows import as_struct, as_structs
from hansa.rfq.requests.schemas import InvitationOut, RfqHeader, RfqLineOut
from hansa.rfq.requests.tables import Rfq, RfqFile, RfqInvitation, RfqLine

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


# -- the buyer's request -------------------------------------------------------------------


async def next_number(tx: Tx, org_id: uuid.UUID, year: int) -> int:
    """The company's next RFQ number of ``year``: the counter row stays locked until ``tx``
    ends, so numbers have no gaps (a rolled-back draft gives its number back)."""
    value = await tx.fetchval(
        "INSERT INTO public.rfq_number_counter (org_id, year, last_number) VALUES ($1, $2, 1)"
        " ON CONFLICT (org_id, year) DO UPDATE SET last_number = rfq_number_counter.last_number + 1"
        " RETURNING last_number",
        org_id,
        year,
    )
    return int(value)


async def insert_rfq(tx: Tx, values: dict[str, Any]) -> None:
    columns = list(values)
    await tx.execute(
        f"INSERT INTO public.rfq ({', '.join(columns)})"
        f" VALUES ({', '.join(f'${n}' for n in range(1, len(columns) + 1))})",
        *values.values(),
    )


async def update_rfq(tx: Tx, rfq_id: uuid.UUID, values: dict[str, Any]) -> None:
    if values:
        changes: dict[Any, Any] = {**values, "updated_at": DB_NOW}
        await Rfq.update(changes).where(Rfq.id == rfq_id).run()


async def delete_rfq(tx: Tx, rfq_id: uuid.UUID) -> None:
    await Rfq.delete().where(Rfq.id == rfq_id).run()


async def replace_lines(tx: Tx, rfq_id: uuid.UUID, lines: list[dict[str, Any]]) -> None:
    """The RFQ's lines become ``lines`` (each with its id). A file on a line that stays keeps
    its line; a file on a line that goes stays on the request."""
    kept = [line["id"] for line in lines]
    linked = await tx.fetch(
        "SELECT id, line_id FROM public.rfq_file WHERE rfq_id = $1 AND line_id IS NOT NULL FOR UPDATE", rfq_id
    )
    await tx.execute(
        "UPDATE public.rfq_file SET line_id = NULL WHERE rfq_id = $1 AND line_id IS NOT NULL", rfq_id
    )
    await RfqLine.delete().where(RfqLine.rfq_id == rfq_id).run()
    if lines:
        await tx.connection.executemany(
            "INSERT INTO public.rfq_line (id, rfq_id, position, kind, tenant_id, sku, category_id,"
            " attributes, description, unit, quantity, target_price, target_visible, note)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            [
                (
                    line["id"],
                    rfq_id,
                    line["position"],
                    line["kind"],
                    line["tenant_id"],
                    line["sku"],
                    line["category_id"],
                    line["attributes"],
                    line["description"],
                    line["unit"],
                    line["quantity"],
                    line["target_price"],
                    line["target_visible"],
                    line["note"],
                )
                for line in lines
            ],
        )
    for row in linked:
        if row["line_id"] in kept:
            await tx.execute(
                "UPDATE public.rfq_file SET line_id = $2 WHERE id = $1", row["id"], row["line_id"]
            )


async def line_ids(tx: Tx, rfq_id: uuid.UUID) -> set[uuid.UUID]:
    rows = await RfqLine.select(RfqLine.id).where(RfqLine.rfq_id == rfq_id).run()
    return {row["id"] for row in rows}


async def page_rfqs(
    tx: Tx,
    org_id: uuid.UUID,
    *,
    status: str | None,
    search: str | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    """Newest first, keyset paged, with each RFQ's line and invitation counts."""
    clauses = ["r.org_id = $1"]
    args: list[Any] = [org_id]
    if status is not None:
        args.append(status)
        clauses.append(f"r.status = ${len(args)}")
    if search:
        args.append(f"%{_like(search)}%")
        clauses.append(f"(r.number ILIKE ${len(args)} OR r.title ILIKE ${len(args)})")
    if after is not None:
        args.extend(after)
        clauses.append(f"(r.created_at, r.id) < (${len(args) - 1}, ${len(args)})")
    args.append(limit)
    return await tx.fetch(
        "SELECT r.id, r.number, r.title, r.status, r.currency, r.deadline, r.sealed, r.created_at,"
        " r.updated_at,"
        " (SELECT count(*) FROM public.rfq_line l WHERE l.rfq_id = r.id) AS line_count,"
        " (SELECT count(*) FROM public.rfq_invitation i WHERE i.rfq_id = r.id) AS invitation_count"
        f" FROM public.rfq r WHERE {' AND '.join(clauses)}"
        f" ORDER BY r.created_at DESC, r.id DESC LIMIT ${len(args)}",
        *args,
    )


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- invitations ---------------------------------------------------------------------------


async def insert_invitations(
    tx: Tx, rfq_id: uuid.UUID, tenant_ids: list[uuid.UUID], invited_by: uuid.UUID | None, *, send: bool
) -> None:
    """New invitations in the free positions (1..50; the database refuses a 51st)."""
    taken = {
        row["position"]
        for row in await RfqInvitation.select(RfqInvitation.position)
        .where(RfqInvitation.rfq_id == rfq_id)
        .run()
    }
    free = (position for position in range(1, 10_000) if position not in taken)
    for tenant_id in tenant_ids:
        await tx.execute(
            "INSERT INTO public.rfq_invitation (rfq_id, tenant_id, position, invited_by, invited_at)"
            " VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)",
            rfq_id,
            tenant_id,
            next(free),
            invited_by,
            send,
        )


async def delete_staged(tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID) -> bool:
    status = await tx.execute(
        "DELETE FROM public.rfq_invitation WHERE rfq_id = $1 AND tenant_id = $2 AND invited_at IS NULL",
        rfq_id,
        tenant_id,
    )
    return status != "DELETE 0"


async def send_staged(tx: Tx, rfq_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await tx.fetch(
        "UPDATE public.rfq_invitation SET invited_at = now(), updated_at = now()"
        " WHERE rfq_id = $1 AND invited_at IS NULL RETURNING tenant_id",
        rfq_id,
    )
    return [row["tenant_id"] for row in rows]


async def mark_seen(tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID) -> None:
    await tx.execute(
        "UPDATE public.rfq_invitation SET seen_at = now()"
        " WHERE rfq_id = $1 AND tenant_id = $2 AND seen_at IS NULL",
        rfq_id,
        tenant_id,
    )


async def inbox(
    tx: Tx,
    tenant_id: uuid.UUID,
    *,
    status: str | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    """The supplier's sent invitations, newest first (staged ones never)."""
    clauses = ["i.tenant_id = $1", "i.invited_at IS NOT NULL"]
    args: list[Any] = [tenant_id]
    if status is not None:
        args.append(status)
        clauses.append(f"i.status = ${len(args)}")
    if after is not None:
        args.extend(after)
        clauses.append(f"(i.invited_at, i.rfq_id) < (${len(args) - 1}, ${len(args)})")
    args.append(limit)
    return await tx.fetch(
        "SELECT r.id AS rfq_id, r.org_id, r.number, r.title, r.status AS rfq_status, r.currency,"
        " r.deadline, r.sealed, i.status AS quote_status, i.latest_revision, i.invited_at, i.seen_at,"
        " (SELECT count(*) FROM public.rfq_line l WHERE l.rfq_id = r.id) AS line_count"
        " FROM public.rfq_invitation i JOIN public.rfq r ON r.id = i.rfq_id"
        f" WHERE {' AND '.join(clauses)} ORDER BY i.invited_at DESC, i.rfq_id DESC LIMIT ${len(args)}",
        *args,
    )


# -- the deadline job ----------------------------------------------------------------------


async def close_past_deadline(tx: Tx, limit: int) -> list[uuid.UUID]:
    """Open RFQs whose deadline passed, closed; rows another worker holds are skipped
    (SKIP LOCKED), and one it closed is no longer open: each closes once."""
    rows = await tx.fetch(
        "UPDATE public.rfq SET status = 'closed', closed_at = now(), updated_at = now() WHERE id IN ("
        "SELECT id FROM public.rfq WHERE status = 'open' AND deadline <= now()"
        " ORDER BY deadline LIMIT $1 FOR UPDATE SKIP LOCKED)"
        # checked again on the row as it is now: one another worker closed since this
        # statement's snapshot is not closed (and counted) twice
        " AND status = 'open' RETURNING id",
        limit,
    )
    return [row["id"] for row in rows]


# -- files ---------------------------------------------------------------------------------

_FILE_COLUMNS = (
    "id, rfq_id, purpose, side, line_id, tenant_id, owner_ref, storage_key, filename, content_type,"
    " size_bytes, uploaded_by, created_at"
)


async def insert_file(tx: Tx, values: dict[str, Any]) -> None:
    columns = list(values)
    await tx.execute(
        f"INSERT INTO public.rfq_file ({', '.join(columns)})"
        f" VALUES ({', '.join(f'${n}' for n in range(1, len(columns) + 1))})",
        *values.values(),
    )


async def file_row(
    tx: Tx, rfq_id: uuid.UUID, file_id: uuid.UUID, *, lock: bool = False
) -> asyncpg.Record | None:
    return await tx.fetchrow(
        f"SELECT {_FILE_COLUMNS} FROM public.rfq_file WHERE id = $1 AND rfq_id = $2"
        + (" FOR UPDATE" if lock else ""),
        file_id,
        rfq_id,
    )


async def files_of_rfq(
    tx: Tx, rfq_id: uuid.UUID, *, tenant_id: uuid.UUID | None = None
) -> list[asyncpg.Record]:
    """Every file of the RFQ (the buyer); with ``tenant_id``, what that supplier may read:
    the request's files and its own."""
    if tenant_id is None:
        return await tx.fetch(
            f"SELECT {_FILE_COLUMNS} FROM public.rfq_file WHERE rfq_id = $1 ORDER BY created_at, id", rfq_id
        )
    return await tx.fetch(
        f"SELECT {_FILE_COLUMNS} FROM public.rfq_file WHERE rfq_id = $1"
        " AND (purpose = 'request' OR tenant_id = $2) ORDER BY created_at, id",
        rfq_id,
        tenant_id,
    )


async def files_by_ids(tx: Tx, rfq_id: uuid.UUID, file_ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    return await tx.fetch(
        f"SELECT {_FILE_COLUMNS} FROM public.rfq_file WHERE rfq_id = $1 AND id = ANY($2::uuid[]) FOR UPDATE",
        rfq_id,
        file_ids,
    )


async def set_owner(tx: Tx, file_ids: list[uuid.UUID], owner_ref: uuid.UUID) -> None:
    await tx.execute(
        "UPDATE public.rfq_file SET owner_ref = $2 WHERE id = ANY($1::uuid[])", file_ids, owner_ref
    )


async def files_by_owner(tx: Tx, rfq_id: uuid.UUID, owner_refs: list[uuid.UUID]) -> list[asyncpg.Record]:
    return await tx.fetch(
        f"SELECT {_FILE_COLUMNS} FROM public.rfq_file WHERE rfq_id = $1 AND owner_ref = ANY($2::uuid[])"
        " ORDER BY created_at, id",
        rfq_id,
        owner_refs,
    )


async def delete_file(tx: Tx, file_id: uuid.UUID) -> None:
    await RfqFile.delete().where(RfqFile.id == file_id).run()


async def storage_keys(tx: Tx, rfq_id: uuid.UUID) -> list[str]:
    rows = await RfqFile.select(RfqFile.storage_key).where(RfqFile.rfq_id == rfq_id).run()
    return [row["storage_key"] for row in rows]
