"""Notifications: the one ``notify`` call an event makes, and the recipient's list.

``notify(tx, recipients, kind, params)`` writes one in-app row per recipient and
queues the mail of ``kind`` in the recipient's language, both in ``tx``: a change
that rolls back notifies nobody. A later event only adds a kind to ``templates.py``
and to the UI's messages, then calls ``notify``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from hansa.core.db import Database, Tx
from hansa.core.mail import queue_mail
from hansa.core.principal import PLATFORM_DOMAIN, Principal
from hansa.notifications import repository as repo
from hansa.notifications.directory import people
from hansa.notifications.errors import NotificationNotFound
from hansa.notifications.schemas import MarkedRead, NotificationOut, NotificationPage, UnreadCount
from hansa.notifications.templates import TEMPLATES, render

ORG_ADMIN_ROLES = ("owner", "admin")
OPERATOR_ROLES = ("operator",)


async def notify(
    tx: Tx,
    recipients: Iterable[uuid.UUID],
    kind: str,
    params: Mapping[str, Any],
    *,
    org_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Notify each recipient (user id) in-app and by mail, in ``tx``. Returns the new rows' ids."""
    if kind not in TEMPLATES:
        raise ValueError(f"unknown notification kind {kind!r}: add it to notifications/templates.py")
    clean = {key: value for key, value in params.items() if value is not None}
    created = []
    for user in await people().recipients(tx, list(dict.fromkeys(recipients))):
        created.append(await repo.insert(tx, user.id, org_id, kind, clean))
        subject, body = render(kind, user.locale, user.name, clean)
        await queue_mail(tx, user.email, subject, body)
    return created


async def org_admins(tx: Tx, domain: str) -> list[uuid.UUID]:
    """Who hears about an organisation's account: its owners and admins."""
    return await people().members_with_roles(tx, domain, ORG_ADMIN_ROLES)


async def operators(tx: Tx) -> list[uuid.UUID]:
    """Who hears about work waiting in the operator console."""
    return await people().members_with_roles(tx, PLATFORM_DOMAIN, OPERATOR_ROLES)


def _recipient(principal: Principal) -> uuid.UUID:
    assert principal.user_id is not None  # routes require a signed-in user
    return principal.user_id


async def list_mine(db: Database, principal: Principal, *, limit: int, offset: int) -> NotificationPage:
    user_id = _recipient(principal)
    async with db.transaction() as tx:
        items, total = await repo.page(tx, user_id, limit=limit, offset=offset)
        unread = await repo.unread_count(tx, user_id)
    return NotificationPage(items=items, total=total, unread=unread, limit=limit, offset=offset)


async def unread(db: Database, principal: Principal) -> UnreadCount:
    async with db.transaction() as tx:
        return UnreadCount(unread=await repo.unread_count(tx, _recipient(principal)))


async def mark_read(db: Database, principal: Principal, notification_id: uuid.UUID) -> NotificationOut:
    async with db.transaction() as tx:
        found = await repo.mark_read(tx, _recipient(principal), notification_id)
    if found is None:
        raise NotificationNotFound("no such notification")
    return found


async def mark_all_read(db: Database, principal: Principal) -> MarkedRead:
    async with db.transaction() as tx:
        return MarkedRead(marked=await repo.mark_all_read(tx, _recipient(principal)))


async def add_notification(
    tx: Tx,
    user_id: uuid.UUID,
    org_id: uuid.UUID | None,
    kind: str,
    params: dict[str, Any],
    notification_id: uuid.UUID,
) -> None:
    """One in-app notification with a given id, no mail (the demo seed's; a second run adds nothing)."""
    await repo.insert(tx, user_id, org_id, kind, params, notification_id=notification_id)


async def members_with_roles(tx: Tx, domain: str, roles: Iterable[str]) -> list[uuid.UUID]:
    """The users holding one of ``roles`` in organisation ``domain`` (those a domain's news is for)."""
    return await people().members_with_roles(tx, domain, tuple(roles))
