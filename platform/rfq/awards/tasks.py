"""rfq.awards' jobs: completing awards a crash left ``placing`` (docs/rfq.md)."""

from __future__ import annotations

from datetime import timedelta

from hansa.core.jobs import Event, JobContext, job
from hansa.rfq.awards import service

RESUME = "rfq.award_resume"
# an award still placing after this long is not being run by its request any more
RESUME_IDLE = timedelta(seconds=60)


@job(RESUME, every=60, transaction=False)
async def resume_awards(ctx: JobContext, event: Event) -> None:
    """Safe on several workers: each run claims its awards (SKIP LOCKED), each order is placed
    and each contract list written under its step's row lock, once."""
    await service.resume_awards(ctx.db, idle=RESUME_IDLE)
