"""Catalog events. Declared here so ``emit`` accepts them; search consumes them later.

The handlers do nothing yet (safe to run any number of times): the events sit in
the outbox and on the queue until a consumer gives these handlers a body.
"""

from __future__ import annotations

from hansa.core.jobs import Event, JobContext, job
from hansa.marketplace.catalog.events import INVENTORY_CHANGED, PRODUCT_CHANGED


@job(PRODUCT_CHANGED)
async def product_changed(ctx: JobContext, event: Event) -> None:
    """A product or one of its variants was created, changed or deleted (no-op for now)."""


@job(INVENTORY_CHANGED)
async def inventory_changed(ctx: JobContext, event: Event) -> None:
    """Stock levels of some variants changed (no-op for now)."""
