"""Queries of the audit log. The table refuses UPDATE, DELETE and TRUNCATE.

Writing and paging go through the Piccolo table on ``tx``; the names of actors and
targets come from their owners (``hansa.audit.labels``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from piccolo.custom_types import Combinable

from hansa.audit.schemas import AuditEntry
from hansa.audit.tables import AuditLog
from hansa.core.db import Tx, escape_like, new_row
from hansa.core.rows import as_structs


async def insert(
    tx: Tx,
    *,
    actor_kind: str,
    actor_id: str,
    org: str | None,
    action: str,
    target_type: str,
    target_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    request_id: str | None,
    actor_name: str | None,
    actor_email: str | None,
    target_label: str | None,
) -> int:
    row = new_row(
        AuditLog,
        actor_kind=actor_kind,
        actor_id=actor_id,
        org=org,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
        request_id=request_id,
        actor_name=actor_name,
        actor_email=actor_email,
        target_label=target_label,
    )
    inserted = await AuditLog.insert(row).run()
    return int(inserted[0]["id"])


async def page(
    tx: Tx,
    *,
    org: str | None,
    action: str | None,
    actor_id: str | None,
    target_type: str | None,
    target_id: str | None,
    since: datetime | None,
    until: datetime | None,
    before_id: int | None,
    limit: int,
) -> list[AuditEntry]:
    where: list[Combinable] = []
    if org is not None:
        where.append(AuditLog.org == org)
    if action is not None:
        where.append(AuditLog.action.like(escape_like(action) + "%"))
    if actor_id is not None:
        where.append(AuditLog.actor_id == actor_id)
    if target_type is not None:
        where.append(AuditLog.target_type == target_type)
    if target_id is not None:
        where.append(AuditLog.target_id == target_id)
    if since is not None:
        where.append(AuditLog.at >= since)
    if until is not None:
        where.append(AuditLog.at < until)
    if before_id is not None:
        where.append(AuditLog.id < before_id)
    rows = await AuditLog.select().where(*where).order_by(AuditLog.id, ascending=False).limit(limit).run()
    return as_structs(rows, AuditEntry)
