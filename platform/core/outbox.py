"""The transactional outbox: events written with the data, sent after commit.

A service calls ``emit(tx, "domain.event", tenant_id=..., payload={...})`` inside
the transaction that changes its data. The row lands in ``public.outbox`` in
that transaction; once the transaction commits, the events are sent to the
broker attached to the database (``hansa.core.jobs.attach_broker``) and marked
sent. A rolled-back transaction leaves no row and sends nothing. Rows left
unsent (a crash between commit and send, Redis down, no broker attached) are
sent by the ``core.sweep_outbox`` job, which the worker's scheduler runs every
``settings.outbox_sweep_seconds``. Delivery is at least once; handlers are
idempotent by event id (see ``hansa.core.jobs``).

An event declared with ``declare_event`` that no job consumes yet is recorded but
never sent (neither after commit nor by the sweeper): the broker carries no message
nothing reads. Retention prunes such rows after the retention window.
"""

from __future__ import annotations

import logging
import uuid
import weakref
from collections.abc import Mapping
from typing import Any

import asyncpg
import dramatiq

from hansa.config import Settings
from hansa.core.db import Database, Tx
from hansa.core.jobs import (
    Event,
    InvalidJob,
    JobContext,
    UnknownJob,
    attached_broker,
    check_payload,
    is_consumed,
    job,
    message_for,
    send_all,
    unconsumed_events,
)
from hansa.core.tenancy import schema_for

log = logging.getLogger(__name__)

SWEEP_ACTOR = "core.sweep_outbox"
SWEEP_BATCH = 200

# events emitted in each open transaction, sent together by one after-commit hook
_PENDING: weakref.WeakKeyDictionary[Tx, list[Event]] = weakref.WeakKeyDictionary()


async def emit(
    tx: Tx,
    actor: str,
    *,
    tenant_id: uuid.UUID | None = None,
    payload: Mapping[str, Any] | None = None,
) -> uuid.UUID:
    """Record event ``actor`` in ``tx``; it is sent once ``tx`` commits. Returns the event id.

    ``actor`` must name a registered ``@job`` or a declared event (``UnknownJob``
    otherwise; a declared event nothing consumes is recorded, not sent);
    ``payload`` holds ids and small scalars only (``InvalidJob`` otherwise).
    An event for a tenant names it with ``tenant_id``; inside a tenant
    transaction it must be that tenant.
    """
    consumed = is_consumed(actor)
    clean = check_payload(payload)
    if tenant_id is not None and tx.tenant_schema is not None and tx.tenant_schema != schema_for(tenant_id):
        raise InvalidJob(f"event {actor} names tenant {tenant_id} inside another tenant's transaction")
    event = Event(id=uuid.uuid4(), actor=actor, tenant_id=tenant_id, payload=clean)
    await tx.execute(
        "INSERT INTO public.outbox (id, actor, tenant_id, payload) VALUES ($1, $2, $3, $4::jsonb)",
        event.id,
        event.actor,
        event.tenant_id,
        clean,
    )
    if not consumed:
        return event.id
    pending = _PENDING.get(tx)
    if pending is None:
        pending = _PENDING[tx] = []
        db = tx.database
        events = pending

        async def dispatch() -> None:
            await dispatch_events(db, events)

        tx.after_commit(dispatch)
    pending.append(event)
    return event.id


async def dispatch_events(db: Database, events: list[Event]) -> int:
    """Send committed outbox ``events`` that are still unsent and mark them sent.

    The rows are claimed with an ``UPDATE ... WHERE sent_at IS NULL`` whose row
    locks make a concurrent sweeper skip them; if sending fails the claim rolls
    back and the sweeper sends them later. Returns how many were sent.
    """
    broker = attached_broker(db)
    if broker is None:
        log.debug("no broker attached to the database: the outbox sweeper will send %d event(s)", len(events))
        return 0
    async with db.transaction() as tx:
        rows = await tx.fetch(
            "UPDATE public.outbox SET sent_at = now(), attempts = attempts + 1 "
            "WHERE id = ANY($1::uuid[]) AND sent_at IS NULL RETURNING id",
            [event.id for event in events],
        )
        claimed = {row["id"] for row in rows}
        await send_all(broker, [event for event in events if event.id in claimed])
    return len(claimed)


async def sweep(
    db: Database, broker: dramatiq.Broker, *, stale_seconds: float, batch_size: int = SWEEP_BATCH
) -> int:
    """Send unsent outbox rows older than ``stale_seconds``; return how many were sent.

    Each batch is claimed with ``FOR UPDATE SKIP LOCKED``, sent, and marked sent
    in one transaction, so sweepers running at once never send the same row
    twice. A row that cannot be sent (its actor is no longer declared) gets its
    ``attempts`` raised and is retried after the others. Rows of events nothing
    consumes (``unconsumed_events``) are left alone.
    """
    total = 0
    while True:
        async with db.transaction() as tx:
            rows = await tx.fetch(
                "SELECT id, actor, tenant_id, payload FROM public.outbox "
                "WHERE sent_at IS NULL AND created_at <= now() - make_interval(secs => $1) "
                "AND actor <> ALL($3::text[]) "
                "ORDER BY attempts, created_at LIMIT $2 FOR UPDATE SKIP LOCKED",
                float(stale_seconds),
                batch_size,
                unconsumed_events(),
            )
            events: list[Event] = []
            broken: list[uuid.UUID] = []
            for row in rows:
                try:
                    event = _event(row)
                    message_for(broker, event)
                except (UnknownJob, InvalidJob, ValueError) as exc:
                    log.error("outbox row %s cannot be sent: %s", row["id"], exc)
                    broken.append(row["id"])
                    continue
                events.append(event)
            await send_all(broker, events)
            if events:
                await tx.execute(
                    "UPDATE public.outbox SET sent_at = now(), attempts = attempts + 1 "
                    "WHERE id = ANY($1::uuid[])",
                    [event.id for event in events],
                )
            if broken:
                await tx.execute(
                    "UPDATE public.outbox SET attempts = attempts + 1 WHERE id = ANY($1::uuid[])", broken
                )
        total += len(events)
        if len(rows) < batch_size or not events:
            return total


def _event(row: asyncpg.Record) -> Event:
    decoded = row["payload"]
    if not isinstance(decoded, dict):
        raise InvalidJob("the payload is not a JSON object")
    return Event(id=row["id"], actor=row["actor"], tenant_id=row["tenant_id"], payload=check_payload(decoded))


def _sweep_period(settings: Settings) -> float:
    return float(settings.outbox_sweep_seconds)


@job(SWEEP_ACTOR, transaction=False, every=_sweep_period, max_retries=0)
async def sweep_outbox(ctx: JobContext, event: Event) -> None:
    """Periodic: re-send outbox rows left unsent (safe on several workers at once)."""
    sent = await sweep(ctx.db, ctx.broker, stale_seconds=ctx.settings.outbox_stale_seconds)
    if sent:
        log.warning("outbox sweeper re-sent %d event(s)", sent)
