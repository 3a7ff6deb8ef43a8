"""Pricing events. Declared here so ``emit`` accepts them; search consumes them later
(the handler does nothing yet, and is safe to run any number of times)."""

from __future__ import annotations

from hansa.core.jobs import Event, JobContext, job
from hansa.marketplace.pricing.events import PRICE_LIST_CHANGED


@job(PRICE_LIST_CHANGED)
async def price_list_changed(ctx: JobContext, event: Event) -> None:
    """A price list, its assignment, or its items and tiers changed (no-op for now)."""
