"""Response shapes of the notifications domain (msgspec)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec


class NotificationOut(msgspec.Struct, frozen=True):
    id: uuid.UUID
    kind: str  # e.g. supplier.approved; the UI words it from kind and params
    params: dict[str, Any]
    created_at: datetime
    org_id: uuid.UUID | None = None
    read_at: datetime | None = None


class NotificationPage(msgspec.Struct, frozen=True):
    items: list[NotificationOut]
    total: int
    unread: int
    limit: int
    offset: int


class UnreadCount(msgspec.Struct, frozen=True):
    unread: int


class MarkedRead(msgspec.Struct, frozen=True):
    marked: int
