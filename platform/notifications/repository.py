"""Queries of the notifications domain: ``public.notification`` and who receives what.

The notification rows go through the Piccolo table on ``tx``; who receives what is
read from identity's tables in SQL."""

from __future__ import annotations

import uuid
from typing import Any

from piccolo.querystring import QueryString

from hansa.core.db import DB_NOW, Tx, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.notifications.schemas import NotificationOut
from hansa.notifications.tables import Notification

_COLUMNS = (
    Notification.id,
    Notification.org_id,
    Notification.kind,
    Notification.params,
    Notification.read_at,
    Notification.created_at,
)


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
    row = new_row(Notification, id=notification_id, user_id=user_id, org_id=org_id, kind=kind, params=params)
    await Notification.insert(row).on_conflict(target=Notification.id, action="DO NOTHING").run()
    return notification_id


async def page(tx: Tx, user_id: uuid.UUID, *, limit: int, offset: int) -> tuple[list[NotificationOut], int]:
    rows = (
        await Notification.select(*_COLUMNS)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at, Notification.id, ascending=False)
        .limit(limit)
        .offset(offset)
        .run()
    )
    total = await Notification.count().where(Notification.user_id == user_id).run()
    return as_structs(rows, NotificationOut), int(total)


async def unread_count(tx: Tx, user_id: uuid.UUID) -> int:
    unread = Notification.count().where(Notification.user_id == user_id, Notification.read_at.is_null())
    return int(await unread.run())


async def mark_read(tx: Tx, user_id: uuid.UUID, notification_id: uuid.UUID) -> NotificationOut | None:
    """Only the recipient's own row: another user's id finds nothing."""
    # read twice, it keeps the first reading's time
    rows = await (
        Notification.update({Notification.read_at: QueryString('coalesce("read_at", now())')})
        .where(Notification.id == notification_id, Notification.user_id == user_id)
        .returning(*_COLUMNS)
        .run()
    )
    return as_struct(rows[0], NotificationOut) if rows else None


async def mark_all_read(tx: Tx, user_id: uuid.UUID) -> int:
    marked = await (
        Notification.update({Notification.read_at: DB_NOW})
        .where(Notification.user_id == user_id, Notification.read_at.is_null())
        .returning(Notification.id)
        .run()
    )
    return len(marked)
