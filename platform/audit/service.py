"""The audit trail: written in the same transaction as the change it records."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from hansa.audit import repository as repo
from hansa.audit.labels import label_for, user_names
from hansa.audit.schemas import AuditPage
from hansa.core.db import Tx
from hansa.core.principal import Principal
from hansa.core.tenancy import Actor, TenantContext

MAX_PAGE = 200


async def record(
    tx: Tx,
    *,
    actor: Actor,
    org: str | None,
    action: str,
    target_type: str,
    target_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request_id: str | None = None,
    target_label: str | None = None,
) -> int:
    """Append one record; it commits or rolls back with ``tx``.

    The actor's name and e-mail, and the target's label (``target_label``, or asked of
    the domain that owns the target type: ``hansa.audit.labels``), are kept as they are now."""
    actor_name, actor_email = await _actor_names(tx, actor)
    if target_label is None:
        target_label = await _target_label(tx, target_type, target_id) or _named_in(after, before)
    return await repo.insert(
        tx,
        actor_kind=actor.kind,
        actor_id=actor.id,
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


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


async def _actor_names(tx: Tx, actor: Actor) -> tuple[str | None, str | None]:
    """The actor's name and e-mail now: a user's own, an API key's label, "system"."""
    if actor.kind == "system":
        return "system", None
    actor_id = _as_uuid(actor.id)
    if actor_id is None:
        return None, None
    if actor.kind == "user":
        names = await user_names()(tx, actor_id)
        return names if names else (None, None)
    return await _target_label(tx, "api_key", actor.id), None


async def _target_label(tx: Tx, target_type: str, target_id: str) -> str | None:
    label = label_for(target_type)
    target_uuid = _as_uuid(target_id)
    if label is None or target_uuid is None:
        return None
    return await label(tx, target_uuid)


def _named_in(*states: dict[str, Any] | None) -> str | None:
    """A label from the recorded states, for a target that is gone already (a delete)."""
    for state in states:
        for key in ("name", "sku", "email"):
            if state and isinstance(state.get(key), str):
                return str(state[key])
    return None


async def list_entries(
    tx: Tx,
    *,
    org: str | None,
    action: str | None = None,
    actor_id: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: int | None = None,
    limit: int = 50,
) -> AuditPage:
    """Newest first; ``org=None`` means every organisation (operators only).
    ``cursor`` is the ``next_cursor`` of the previous page (keyset pagination)."""
    size = max(1, min(limit, MAX_PAGE))
    items = await repo.page(
        tx,
        org=org,
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        since=since,
        until=until,
        before_id=cursor,
        limit=size + 1,
    )
    more = len(items) > size
    items = items[:size]
    return AuditPage(items=items, next_cursor=items[-1].id if more else None)


async def record_by(
    tx: Tx,
    principal: Principal,
    domain: str,
    action: str,
    target_type: str,
    target_id: uuid.UUID,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    label: str | None = None,
) -> int:
    """``record`` for a change a caller made in an organisation's domain; ``label``
    names the target (a product's name, a price list's name) for the audit UI."""
    return await record(
        tx,
        actor=principal.actor,
        org=domain,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        before=before,
        after=after,
        request_id=principal.request_id,
        target_label=label,
    )


async def record_in(
    tx: Tx,
    ctx: TenantContext,
    action: str,
    target_type: str,
    target_id: uuid.UUID,
    *,
    label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> int:
    """``record`` for a change made in a supplier's schema (catalog, prices, terms, imports)."""
    return await record(
        tx,
        actor=ctx.actor,
        org=ctx.org or f"tenant:{ctx.tenant_id}",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        before=before,
        after=after,
        request_id=ctx.request_id,
        target_label=label,
    )
