"""Checkout's jobs: completing checkouts a crash left ``placing`` (docs/ordering.md)."""

from __future__ import annotations

from datetime import timedelta

from hansa.core.jobs import Event, JobContext, job
from hansa.marketplace.approvals.events import APPROVED, REJECTED
from hansa.marketplace.checkout import service

RESUME = "checkout.resume"
# a checkout still placing after this long is not being placed by its request any more
RESUME_IDLE = timedelta(seconds=60)


@job(RESUME, every=60, transaction=False)
async def resume_checkouts(ctx: JobContext, event: Event) -> None:
    """Safe on several workers: each run claims its checkouts (SKIP LOCKED) and every step
    is placed under its row lock, once."""
    await service.resume_placing(ctx.db, idle=RESUME_IDLE)


@job(APPROVED, transaction=False)
async def place_approved(ctx: JobContext, event: Event) -> None:
    """Each step in its own supplier transaction, so no wrapping transaction: moving the
    checkout from waiting to placing happens once, and a step runs once."""
    await service.approved(ctx.db, event.uuid("checkout_id"))


@job(REJECTED)
async def end_rejected(ctx: JobContext, event: Event) -> None:
    reason = event.payload.get("reason")
    await service.rejected(ctx.tx, event.uuid("checkout_id"), reason if isinstance(reason, str) else None)
