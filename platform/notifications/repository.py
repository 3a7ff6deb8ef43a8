"""Queries of the notifications domain: ``public.notification`` and who receives what."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from hansa.core.db import Tx
from hansa.core.rows import as_struct, rows_affected
from hansa.notifications.schemas import NotificationOut

_COLUMNS = "id, org_id, kind, params, read_at, created_at"


@dataclass(frozen=True, slots=True)
class Recipient:
    id: uuid.UUID
    email: str
    name: str
    locale: str


async def recipients(tx: Tx, user_ids: Sequence[uuid.UUID]) -> list[Recipient]:
    rows = await tx.fetch(
        "SELECT id, email::text AS email, name, locale FROM public.app_user WHERE id = ANY($1::uuid[]) "
        "ORDER BY id",
        list(user_ids),
    )
    return [Recipient(**dict(row)) for row in rows]


async def members_with_roles(tx: Tx, domain: str, roles: Sequence[str]) -> list[uuid.UUID]:
    """The users (not API keys) holding one of ``roles`` in organisation ``domain``."""
    rows = await tx.fetch(
        "SELECT substr(v0, 6)::uuid AS user_id FROM public.casbin_rule "
        "WHERE ptype = 'g' AND v2 = $1 AND v1 = ANY($2::text[]) AND v0 LIKE 'user:%' ORDER BY v0",
        domain,
        list(roles),
    )
    return [row["user_id"] for row in rows]


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
