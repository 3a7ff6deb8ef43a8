"""Search's jobs: the owners' events bring the index in step (docs/search.md).

Every job is ``transaction=False``: it reads the supplier's data in its own
transaction and writes the index after it (a backend may be a remote server), and
recomputes from the current state, so a redelivery or a late run converges."""

from __future__ import annotations

import logging
import uuid

from hansa.config import Settings
from hansa.core.jobs import Event, JobContext, job
from hansa.marketplace.catalog.events import INVENTORY_CHANGED, PRODUCT_CHANGED
from hansa.marketplace.marketplaces.events import CATEGORY_CHANGED, LISTING_CHANGED
from hansa.marketplace.pricing.events import PRICE_LIST_CHANGED
from hansa.search import indexing, service
from hansa.tenants.events import STATUS_CHANGED

log = logging.getLogger(__name__)
PRUNE_QUERY_LOG = "search.prune_query_log"


@job(PRODUCT_CHANGED, transaction=False)
async def product_changed(ctx: JobContext, event: Event) -> None:
    tenant = ctx.require_tenant()
    backend = service.backend_of(ctx.db, ctx.settings)
    await indexing.index_variants(ctx.db, backend, tenant.tenant_id, product_ids=[event.uuid("product_id")])


@job(INVENTORY_CHANGED, transaction=False)
async def inventory_changed(ctx: JobContext, event: Event) -> None:
    tenant = ctx.require_tenant()
    listed = event.payload.get("variant_ids")
    variant_ids = [uuid.UUID(str(v)) for v in listed] if isinstance(listed, list) else []
    backend = service.backend_of(ctx.db, ctx.settings)
    await indexing.index_variants(ctx.db, backend, tenant.tenant_id, variant_ids=variant_ids)


@job(PRICE_LIST_CHANGED, transaction=False)
async def price_list_changed(ctx: JobContext, event: Event) -> None:
    """A list's prices may change any variant's base price: the supplier is rebuilt."""
    tenant = ctx.require_tenant()
    await indexing.rebuild_tenant(ctx.db, service.backend_of(ctx.db, ctx.settings), tenant.tenant_id)


@job(STATUS_CHANGED, transaction=False)
async def tenant_status_changed(ctx: JobContext, event: Event) -> None:
    """Suspended, archived: its documents go (searches already leave it out, see
    ``service.visible_suppliers``); active again: rebuilt."""
    tenant = ctx.require_tenant()
    backend = service.backend_of(ctx.db, ctx.settings)
    if event.payload.get("status") == "active":
        await indexing.rebuild_tenant(ctx.db, backend, tenant.tenant_id)
    else:
        await indexing.drop_tenant(backend, tenant.tenant_id)


@job(LISTING_CHANGED, transaction=False)
async def listing_changed(ctx: JobContext, event: Event) -> None:
    """Approved on, rejected from or withdrawn from a marketplace: the marketplaces each
    document names change, so the supplier is rebuilt."""
    tenant = ctx.require_tenant()
    await indexing.rebuild_tenant(ctx.db, service.backend_of(ctx.db, ctx.settings), tenant.tenant_id)


@job(CATEGORY_CHANGED, transaction=False)
async def category_changed(ctx: JobContext, event: Event) -> None:
    """Renamed or moved: the documents of its subtree's products hold its name and path."""
    backend = service.backend_of(ctx.db, ctx.settings)
    await indexing.index_category_tree(ctx.db, backend, event.uuid("category_id"))


def _prune_period(settings: Settings) -> float:
    return float(settings.retention_sweep_seconds)


@job(PRUNE_QUERY_LOG, transaction=False, every=_prune_period, max_retries=0)
async def prune_query_log(ctx: JobContext, event: Event) -> None:
    """Periodic: the query log keeps ``HANSA_SEARCH_LOG_RETENTION_DAYS`` days."""
    pruned = await service.prune_query_log(ctx.db, days=ctx.settings.search_log_retention_days)
    log.info("pruned the search query log", extra={"rows": pruned})
