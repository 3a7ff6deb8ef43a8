"""Jobs of rfq.requests: the outcome of an RFQ's approval, and the deadline job."""

from __future__ import annotations

from hansa.core.jobs import Event, JobContext, job
from hansa.marketplace.approvals.events import RFQ_APPROVED, RFQ_REJECTED
from hansa.rfq.requests import service

DEADLINES = "rfq.deadlines"


@job(DEADLINES, every=60, transaction=False)
async def close_past_deadlines(ctx: JobContext, event: Event) -> None:
    """Safe on several workers: each RFQ is closed by the run that claims it (SKIP LOCKED)."""
    await service.close_past_deadlines(ctx.db)


@job(RFQ_APPROVED)
async def open_approved(ctx: JobContext, event: Event) -> None:
    await service.approved(ctx.tx, event.uuid("rfq_id"))


@job(RFQ_REJECTED)
async def back_to_draft(ctx: JobContext, event: Event) -> None:
    reason = event.payload.get("reason")
    await service.rejected(ctx.tx, event.uuid("rfq_id"), reason if isinstance(reason, str) else None)
