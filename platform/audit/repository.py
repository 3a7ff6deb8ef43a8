"""Queries of the audit log. The table refuses UPDATE, DELETE and TRUNCATE.

Writing and paging go through the Piccolo table on ``tx``; the names of actors and
targets are read from their owners' tables in SQL, at write time."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from piccolo.custom_types import Combinable

from hansa.audit.schemas import AuditEntry
from hansa.audit.tables import AuditLog
from hansa.core.db import Tx, escape_like, new_row
from hansa.core.rows import as_structs

# how a target without a label given by the caller is named, as it is at write time
# (SQL: other domains' tables, one label query per type)
_TARGET_LABELS = {
    "user": "SELECT name || ' <' || email || '>' FROM public.app_user WHERE id = $1",
    "organisation": "SELECT name FROM public.organisation WHERE id = $1",
    "tenant": "SELECT name FROM public.tenant WHERE id = $1",
    "api_key": "SELECT name || ' (' || prefix || ')' FROM public.api_key WHERE id = $1",
    "invitation": "SELECT email::text FROM public.invitation WHERE id = $1",
    "marketplace": "SELECT name FROM public.marketplace WHERE id = $1",
    "category": "SELECT name FROM public.category WHERE id = $1",
    "marketplace_listing": (
        "SELECT t.name || ' @ ' || m.name FROM public.marketplace_listing l "
        "JOIN public.tenant t ON t.id = l.tenant_id JOIN public.marketplace m ON m.id = l.marketplace_id "
        "WHERE l.id = $1"
    ),
}


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


async def actor_names(tx: Tx, actor_kind: str, actor_id: str) -> tuple[str | None, str | None]:
    """The actor's name and e-mail now: a user's own, an API key's name, "system"."""
    if actor_kind == "system":
        return "system", None
    actor_uuid = _as_uuid(actor_id)
    if actor_uuid is None:
        return None, None
    if actor_kind == "user":  # SQL: auth's table, read at write time
        row = await tx.fetchrow(
            "SELECT name, email::text AS email FROM public.app_user WHERE id = $1", actor_uuid
        )
        return (row["name"], row["email"]) if row else (None, None)
    name = await tx.fetchval(_TARGET_LABELS["api_key"], actor_uuid)
    return name, None


async def target_label(tx: Tx, target_type: str, target_id: str) -> str | None:
    query = _TARGET_LABELS.get(target_type)
    target_uuid = _as_uuid(target_id)
    if query is None or target_uuid is None:
        return None
    label = await tx.fetchval(query, target_uuid)
    return None if label is None else str(label)


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
