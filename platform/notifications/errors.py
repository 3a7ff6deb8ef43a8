from __future__ import annotations

from hansa.core.errors import NotFound


class NotificationNotFound(NotFound):
    default_code = "notification.not_found"
