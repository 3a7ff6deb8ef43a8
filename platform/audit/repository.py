"""Queries of the audit log. The table refuses UPDATE, DELETE and TRUNCATE."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from hansa.audit.schemas import AuditEntry
from hansa.core.db import Tx, escape_like
from hansa.core.rows import as_struct

_COLUMNS = (
    "id, at, actor_kind, actor_id, org, action, target_type, target_id, before, after, request_id, "
    "actor_name, actor_email, target_label"
)
# how a target without a label given by the caller is named, as it is at write time
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
    if actor_kind == "user":
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
    return int(
        await tx.fetchval(
            "INSERT INTO public.audit_log (actor_kind, actor_id, org, action, target_type, target_id, "
            "before, after, request_id, actor_name, actor_email, target_label) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12) RETURNING id",
            actor_kind,
            actor_id,
            org,
            action,
            target_type,
            target_id,
            before,
            after,
            request_id,
            actor_name,
            actor_email,
            target_label,
        )
    )


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
    filters: list[tuple[str, Any]] = [
        ("org = ${}", org),
        ("action LIKE ${}", None if action is None else escape_like(action) + "%"),
        ("actor_id = ${}", actor_id),
        ("target_type = ${}", target_type),
        ("target_id = ${}", target_id),
        ("at >= ${}", since),
        ("at < ${}", until),
        ("id < ${}", before_id),
    ]
    where, args = ["TRUE"], []
    for clause, value in filters:
        if value is not None:
            args.append(value)
            where.append(clause.format(len(args)))
    rows = await tx.fetch(
        f"SELECT {_COLUMNS} FROM public.audit_log WHERE {' AND '.join(where)} "
        f"ORDER BY id DESC LIMIT {int(limit)}",
        *args,
    )
    return [_entry(row) for row in rows]


def _entry(row: Any) -> AuditEntry:
    return as_struct(row, AuditEntry)
