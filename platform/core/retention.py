"""Retention: what the platform keeps only for a while.

- ``processed_event`` rows exist to make redeliveries harmless; Dramatiq's
  retries end within days (max backoff 7 days), so rows older than the retention
  window can go.
- Sent ``outbox`` rows are history once delivered.
- Sent ``mail_message`` bodies hold single-use links and tokens: they are blanked.

Unsent rows are never touched. The job runs periodically on one worker at a time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.jobs import Event, JobContext, job

log = logging.getLogger(__name__)
PRUNE_ACTOR = "core.prune_history"


@dataclass(frozen=True, slots=True)
class PruneReport:
    processed_events: int
    outbox_rows: int
    mail_bodies: int


def _count(status: str) -> int:
    """asyncpg's status tag, e.g. ``DELETE 12`` or ``UPDATE 3``."""
    return int(status.rsplit(" ", 1)[-1])


async def prune_history(db: Database, *, days: int) -> PruneReport:
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
    return PruneReport(_count(processed), _count(outbox), _count(mail))


def _period(settings: Settings) -> float:
    return float(settings.retention_sweep_seconds)


@job(PRUNE_ACTOR, transaction=False, every=_period, max_retries=0)
async def prune(ctx: JobContext, event: Event) -> None:
    """Periodic: drop history older than ``HANSA_RETENTION_DAYS``."""
    report = await prune_history(ctx.db, days=ctx.settings.retention_days)
    log.info("pruned history", extra={"report": report})
