"""Retention: what the platform keeps only for a while.

- ``processed_event`` rows exist to make redeliveries harmless; Dramatiq's
  retries end within days (max backoff 7 days), so rows older than the retention
  window can go.
- Sent ``outbox`` rows are history once delivered; so are the rows of declared events
  no job consumes yet (never sent: ``hansa.core.jobs.declare_event``).
- Sent ``mail_message`` bodies hold single-use links and tokens: they are blanked.
- ``idempotency_key`` rows let a client retry a request safely; after
  ``HANSA_IDEMPOTENCY_RETENTION_HOURS`` (default 7 days, at least 24 hours) a retry
  with the same key simply runs again.
- Tenant data a domain keeps only for a while is pruned by that domain: it
  registers a ``TenantRetention`` (``register_tenant_retention``) when its job
  module is imported (``discover_jobs``, at app and worker build), and the sweep
  runs it in every active or suspended tenant, each in its own transaction. The
  imports domain registers ``import_files``: uploads of imports finished more than
  ``HANSA_RETENTION_DAYS`` ago (docs/imports.md).

Other unsent rows are never touched. The job runs periodically on one worker at a time.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import asyncpg

from hansa.config import Settings
from hansa.core.db import Database, Tx
from hansa.core.jobs import Event, JobContext, job, unconsumed_events
from hansa.core.rows import rows_affected
from hansa.core.tenancy import TenantContext, tenant_transaction

log = logging.getLogger(__name__)
PRUNE_ACTOR = "core.prune_history"


@dataclass(frozen=True, slots=True)
class TenantRetention:
    """A domain's pruning of its tenant tables: ``prune(tx, days)`` runs in the tenant's
    schema and returns how many rows it pruned; tenants whose schema is older than
    ``since_version`` (the tables are not there yet) are skipped."""

    name: str
    prune: Callable[[Tx, int], Awaitable[int]]
    since_version: int = 0


_TENANT_RETENTION: dict[str, TenantRetention] = {}
_TENANT_RETENTION_LOCK = threading.Lock()


def register_tenant_retention(retention: TenantRetention) -> None:
    """Add a domain's tenant pruning to the sweep (registering the same name again replaces it)."""
    with _TENANT_RETENTION_LOCK:
        _TENANT_RETENTION[retention.name] = retention


# which tenants hold data to prune: tenants registers it (core does not read its table)
LiveTenants = Callable[[Tx, int], Awaitable[list[uuid.UUID]]]
_LIVE_TENANTS: list[LiveTenants] = []


def register_live_tenants(lister: LiveTenants) -> None:
    """``lister(tx, since_version)``: the active or suspended tenants whose schema is at
    ``since_version`` or later, by id."""
    _LIVE_TENANTS[:] = [lister]


def tenant_retentions() -> list[TenantRetention]:
    with _TENANT_RETENTION_LOCK:
        return sorted(_TENANT_RETENTION.values(), key=lambda retention: retention.name)


@dataclass(frozen=True, slots=True)
class PruneReport:
    processed_events: int
    outbox_rows: int
    mail_bodies: int
    idempotency_keys: int = 0
    tenant_rows: dict[str, int] = field(default_factory=dict)  # per registered TenantRetention


async def prune_history(db: Database, *, days: int, idempotency_hours: int = 7 * 24) -> PruneReport:
    async with db.transaction() as tx:
        processed = await tx.execute(
            "DELETE FROM public.processed_event WHERE processed_at < now() - make_interval(days => $1)", days
        )
        outbox = await tx.execute(
            "DELETE FROM public.outbox WHERE "
            "(sent_at IS NOT NULL AND sent_at < now() - make_interval(days => $1)) OR "
            "(sent_at IS NULL AND actor = ANY($2::text[]) "
            "AND created_at < now() - make_interval(days => $1))",
            days,
            unconsumed_events(),
        )
        mail = await tx.execute(
            "UPDATE public.mail_message SET body_text = '' "
            "WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(days => $1) AND body_text <> ''",
            days,
        )
        keys = await tx.execute(
            "DELETE FROM public.idempotency_key WHERE created_at < now() - make_interval(hours => $1)",
            idempotency_hours,
        )
    tenant_rows = {r.name: await prune_tenants(db, r, days=days) for r in tenant_retentions()}
    return PruneReport(
        rows_affected(processed), rows_affected(outbox), rows_affected(mail), rows_affected(keys), tenant_rows
    )


async def prune_tenants(db: Database, retention: TenantRetention, *, days: int) -> int:
    """Each tenant in its own transaction: one tenant's failure does not stop the others."""
    if not _LIVE_TENANTS:
        raise RuntimeError("no live-tenants lister registered: discover_jobs() imports hansa.tenants.tasks")
    async with db.transaction() as tx:
        tenant_ids = await _LIVE_TENANTS[0](tx, retention.since_version)
    pruned = 0
    for tenant_id in tenant_ids:
        try:
            async with tenant_transaction(db, TenantContext.for_tenant(tenant_id)) as tx:
                pruned += await retention.prune(tx, days)
        except asyncpg.PostgresError:
            log.exception("could not prune %s of tenant %s", retention.name, tenant_id)
    return pruned


def _period(settings: Settings) -> float:
    return float(settings.retention_sweep_seconds)


@job(PRUNE_ACTOR, transaction=False, every=_period, max_retries=0)
async def prune(ctx: JobContext, event: Event) -> None:
    """Periodic: drop history older than ``HANSA_RETENTION_DAYS`` (Idempotency-Keys: their own window)."""
    report = await prune_history(
        ctx.db, days=ctx.settings.retention_days, idempotency_hours=ctx.settings.idempotency_retention_hours
    )
    log.info("pruned history", extra={"report": report})
