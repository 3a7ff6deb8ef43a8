"""rfq.quotes' jobs: expiring quotes past their validity (docs/rfq.md)."""

from __future__ import annotations

from hansa.core.jobs import Event, JobContext, job
from hansa.rfq.quotes import service

QUOTE_EXPIRY = "rfq.quote_expiry"


@job(QUOTE_EXPIRY, every=3600, transaction=False)
async def expire_quotes(ctx: JobContext, event: Event) -> None:
    """Safe on several workers: each batch claims its revisions with SKIP LOCKED."""
    await service.expire_quotes(ctx.db)
