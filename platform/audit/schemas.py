from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class AuditEntry(msgspec.Struct, frozen=True):
    id: int
    at: datetime
    actor_kind: str
    actor_id: str
    org: str | None
    action: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None
    # as they were when the record was written: deleted users and objects stay readable
    actor_name: str | None = None
    actor_email: str | None = None
    target_label: str | None = None


class AuditPage(msgspec.Struct, frozen=True):
    items: list[AuditEntry]
    next_cursor: int | None
