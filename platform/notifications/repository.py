"""Queries of the notifications domain: ``public.notification`` and who receives what."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from hansa.core.db import Tx
from hansa.core.rows import as_struct, rows_affected
from hansa.notifications.schemas import NotificationOut

_COLUMNS = "id, org_id, kind, params, read_at, created_at"


async def insert(
    tx: Tx,
    user_id: uuid.UUID,
    org_id: uuid.UUID | None,
    kind: str,
    params: dict[str, Any],
    *,
    notification_id: uuid.UUID | None = None,
) -> uuid.UUID:
    notification_id = notification_id or uuid.uuid4()
    await tx.execute(
        "INSERT INTO public.notification (id, user_id, org_id, kind, params) "
        "VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (id) DO NOTHING",
        notification_id,
        user_id,
        org_id,
        kind,
        params,
    )
    return notification_id


async def page(tx: Tx, user_id: uuid.UUID, *, limit: int, offset: int) -> tuple[list[NotificationOut], int]:
    rows = await tx.fetch(
        f"SELECT {_COLUMNS} FROM public.notification WHERE user_id = $1 "
        f"ORDER BY created_at DESC, id DESC LIMIT {int(limit)} OFFSET {int(offset)}",
        user_id,
    )
    total = await tx.fetchval("SELECT count(*) FROM public.notification WHERE user_id = $1", user_id)
    return [_notification(row) for row in rows], int(total)


async def unread_count(tx: Tx, user_id: uuid.UUID) -> int:
    return int(
        await tx.fetchval(
            "SELECT count(*) FROM public.notification WHERE user_id = $1 AND read_at IS NULL", user_id
        )
    )


async def mark_read(tx: Tx, user_id: uuid.UUID, notification_id: uuid.UUID) -> NotificationOut | None:
    """Only the recipient's own row: another user's id finds nothing."""
    row = await tx.fetchrow(
        "UPDATE public.notification SET read_at = coalesce(read_at, now()) "
        f"WHERE id = $1 AND user_id = $2 RETURNING {_COLUMNS}",
        notification_id,
        user_id,
    )
    return None if row is None else _notification(row)


async def mark_all_read(tx: Tx, user_id: uuid.UUID) -> int:
    status = await tx.execute(
        "UPDATE public.notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL", user_id
    )
    return rows_affected(status)


def _notification(row: asyncpg.Record) -> NotificationOut:
    return as_struct(row, NotificationOut)
