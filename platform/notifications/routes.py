"""Routes of the caller's own notifications: thin. Only a signed-in user has any;
another user's notification answers 404.

The ``user`` dependency (a signed-in user, not an API key) is identity's: the app wires it
around this controller (``app.py``), because identity notifies and notifications must not
import identity back."""

from __future__ import annotations

import uuid

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from hansa.core.pagination import Limit, Offset
from hansa.core.principal import Principal
from hansa.core.resources import Resources
from hansa.notifications import service
from hansa.notifications.schemas import MarkedRead, NotificationOut, NotificationPage, UnreadCount


class NotificationController(Controller):
    path = "/api/v1/notifications"
    tags = ["notifications"]

    @get("", summary="The caller's notifications, newest first")
    async def list_mine(
        self,
        user: NamedDependency[Principal],
        resources: NamedDependency[Resources],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> NotificationPage:
        return await service.list_mine(resources.db, user, limit=limit, offset=offset)

    @get("/unread-count", summary="How many of the caller's notifications are unread")
    async def unread_count(
        self, user: NamedDependency[Principal], resources: NamedDependency[Resources]
    ) -> UnreadCount:
        return await service.unread(resources.db, user)

    @post("/{notification_id:uuid}/read", summary="Mark one notification read", status_code=200)
    async def mark_read(
        self,
        notification_id: FromPath[uuid.UUID],
        user: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> NotificationOut:
        return await service.mark_read(resources.db, user, notification_id)

    @post("/read-all", summary="Mark every notification of the caller read", status_code=200)
    async def mark_all_read(
        self, user: NamedDependency[Principal], resources: NamedDependency[Resources]
    ) -> MarkedRead:
        return await service.mark_all_read(resources.db, user)
