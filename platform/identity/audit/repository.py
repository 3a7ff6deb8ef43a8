"""Queries of the audit log. The table refuses UPDATE, DELETE and TRUNCATE."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from hansa.core.db import Tx, escape_like
from hansa.identity.audit.schemas import AuditEntry

_COLUMNS = "id, at, actor_kind, actor_id, org, action, target_type, target_id, before, after, request_id"


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
) -> int:
    return int(
        await tx.fetchval(
            "INSERT INTO public.audit_log "
            "(actor_kind, actor_id, org, action, target_type, target_id, before, after, request_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9) RETURNING id",
            actor_kind,
            actor_id,
            org,
            action,
            target_type,
            target_id,
            None if before is None else json.dumps(before, default=str),
            None if after is None else json.dumps(after, default=str),
            request_id,
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
    data = dict(row)
    for key in ("before", "after"):
        if isinstance(data[key], str):
            data[key] = json.loads(data[key])
    return AuditEntry(**data)
