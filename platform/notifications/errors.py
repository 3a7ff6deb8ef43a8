from __future__ import annotations

from hansa.core.errors import NotFound


class NotificationNotFound(NotFound):
    default_code = "notifications.not_found"
