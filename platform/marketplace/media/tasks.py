"""Media jobs: renditions after an upload, file deletion after a product's deletion,
and a periodic sweep of stored files that lost their row (docs/browse.md).

The handlers are thin; the rules live in ``renditions`` and ``cleanup``.
"""

from __future__ import annotations

from hansa.core.files import storage_for
from hansa.core.jobs import Event, JobContext, job
from hansa.marketplace.catalog import service as catalog
from hansa.marketplace.catalog.extensions import ProductFiles, register_product_files
from hansa.marketplace.media import cleanup, renditions
from hansa.marketplace.media.cleanup import forget_product_files
from hansa.marketplace.media.events import DELETE_FILES, MAKE_RENDITIONS, SWEEP_FILES
from hansa.marketplace.media.service import own_thumbnails

__all__ = ["DELETE_FILES", "MAKE_RENDITIONS", "SWEEP_FILES", "delete_files", "make_renditions", "sweep_files"]

# catalog shows media's thumbnails and has a deleted draft's files removed through this hook
register_product_files(ProductFiles(thumbnails=own_thumbnails, forget=forget_product_files))

SWEEP_SECONDS = 6 * 3600


@job(MAKE_RENDITIONS, max_retries=5)
async def make_renditions(ctx: JobContext, event: Event) -> None:
    """Resized copies of one uploaded image (safe to run again: only a pending image is worked on).
    Once made, the product changed (``media_rendered``): lists show the new thumbnail (the
    search index re-reads it)."""
    media_id = event.uuid("media_id")
    product_id = await renditions.make_renditions(ctx.tx, storage_for(ctx.settings), media_id)
    if product_id is not None:
        tenant = ctx.require_tenant()
        await catalog.product_media_changed(ctx.tx, tenant.tenant_id, product_id, "media_rendered", media_id)


@job(DELETE_FILES, max_retries=10)
async def delete_files(ctx: JobContext, event: Event) -> None:
    """Stored files of rows deleted in a committed transaction (a product's media)."""
    keys = event.payload.get("keys")
    if not isinstance(keys, list):
        return
    tenant = ctx.require_tenant()
    await cleanup.delete_unreferenced(
        ctx.tx, storage_for(ctx.settings), tenant.tenant_id, [key for key in keys if isinstance(key, str)]
    )


@job(SWEEP_FILES, transaction=False, every=SWEEP_SECONDS, max_retries=0)
async def sweep_files(ctx: JobContext, event: Event) -> None:
    """Periodic: delete orphaned media files, queue renditions that never ran."""
    await cleanup.sweep(ctx.db, storage_for(ctx.settings))
