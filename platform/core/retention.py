"""Retention: what the platform keeps only for a while.

- ``processed_event`` rows exist to make redeliveries harmless; Dramatiq's
  retries end within days (max backoff 7 days), so rows older than the retention
  window can go.
- Sent ``outbox`` rows are history once delivered.
- Sent ``mail_message`` bodies hold single-use links and tokens: they are blanked.
- ``idempotency_key`` rows let a client retry a request safely; after
  ``HANSA_IDEMPOTENCY_RETENTION_HOURS`` (default 7 days, at least 24 hours) a retry
  with the same key simply runs again.
- Uploaded import files (``import_job.content``, in every active or suspended
  tenant) of imports finished more than ``HANSA_RETENTION_DAYS`` ago are removed;
  the import row stays as history, marked ``file_purged_at``.

Unsent rows and running imports are never touched. The job runs periodically on
one worker at a time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import asyncpg

from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import Event, JobContext, job
from hansa.core.rows import rows_affected
from hansa.core.tenancy import TenantContext, tenant_transaction

log = logging.getLogger(__name__)
PRUNE_ACTOR = "core.prune_history"


@dataclass(frozen=True, slots=True)
class PruneReport:
    processed_events: int
    outbox_rows: int
    mail_bodies: int
    idempotency_keys: int = 0
    import_files: int = 0


async def prune_history(db: Database, *, days: int, idempotency_hours: int = 7 * 24) -> PruneReport:
    async with db.transaction() as tx:
        processed = await tx.execute(
            "DELETE FROM public.processed_event WHERE processed_at < now() - make_interval(days => $1)", days
        )
        outbox = await tx.execute(
            "DELETE FROM public.outbox "
            "WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(days => $1)",
            days,
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
    files = await prune_import_files(db, days=days)
    return PruneReport(
        rows_affected(processed), rows_affected(outbox), rows_affected(mail), rows_affected(keys), files
    )


async def prune_import_files(db: Database, *, days: int) -> int:
    """Each tenant in its own transaction: one tenant's failure does not stop the others."""
    # the imports domain owns the SQL; imported here, not at the top, to keep core importable alone
    from hansa.marketplace.imports.repository import PURGE_SINCE_VERSION, purge_files

    async with db.transaction() as tx:
        tenants = await tx.fetch(
            "SELECT id FROM public.tenant WHERE status IN ('active', 'suspended') AND schema_version >= $1 "
            "ORDER BY id",
            PURGE_SINCE_VERSION,
        )
    purged = 0
    for tenant in tenants:
        try:
            async with tenant_transaction(db, TenantContext.for_tenant(tenant["id"])) as tx:
                purged += await purge_files(tx, days)
        except asyncpg.PostgresError:
            log.exception("could not prune the import files of tenant %s", tenant["id"])
    return purged


def _period(settings: Settings) -> float:
    return float(settings.retention_sweep_seconds)


@job(PRUNE_ACTOR, transaction=False, every=_period, max_retries=0)
async def prune(ctx: JobContext, event: Event) -> None:
    """Periodic: drop history older than ``HANSA_RETENTION_DAYS`` (Idempotency-Keys: their own window)."""
    report = await prune_history(
        ctx.db, days=ctx.settings.retention_days, idempotency_hours=ctx.settings.idempotency_retention_hours
    )
    log.info("pruned history", extra={"report": report})
